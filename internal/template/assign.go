package template

import (
	"strings"

	"taizhang/internal/plan"
)

// Roles of a unit in a measure.
const (
	RoleLead    = "牵头"
	RoleSupport = "配合"
)

// Row is one measure a unit must report on.
type Row struct {
	Task         int
	Measure      int
	TaskTitle    string
	MeasureText  string
	Role         string
	DeadlineText string
	Due          string // YYYY-MM-DD or ""
}

// Key identifies a row across periods: "3.1".
func (r Row) Key() string { return plan.RowKey(r.Task, r.Measure) }

// Rows lists the measures a unit reports on, in plan order: those whose acting units, after
// group expansion, include the unit. The unit is 牵头 when it is (or belongs to) the measure's
// first unit — the measure's own lead, else the task's lead — and 配合 otherwise.
func Rows(p *plan.Plan, unit string) []Row {
	return Assignments(p)[p.Canonical(unit)]
}

// Assignments maps every reporting unit to its rows, in one pass over the plan: group
// expansions are computed once per distinct list of names.
func Assignments(p *plan.Plan) map[string][]Row {
	out := map[string][]Row{}
	expanded := map[string][]string{}
	expand := func(names []string) []string {
		key := strings.Join(names, "\x00")
		if e, ok := expanded[key]; ok {
			return e
		}
		e := p.Expand(names)
		expanded[key] = e
		return e
	}
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		for mi := range t.Measures {
			m := &t.Measures[mi]
			lead := t.Lead
			if len(m.Units) > 0 {
				lead = m.Units[0]
			}
			var leads []string
			if lead != "" {
				leads = expand([]string{lead})
			}
			text := m.Deadline.Text
			if text == "" {
				text = plan.KindLabel(m.Deadline.Kind)
			}
			for _, u := range expand(t.ActingUnits(m)) {
				role := RoleSupport
				if contains(leads, u) {
					role = RoleLead
				}
				out[u] = append(out[u], Row{Task: t.No, Measure: m.No, TaskTitle: t.Title, MeasureText: m.Text,
					Role: role, DeadlineText: text, Due: m.Deadline.DueString()})
			}
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
