package template

import (
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
func (r Row) Key() string { return RowKey(r.Task, r.Measure) }

// Rows lists the measures a unit reports on, in plan order: those whose acting units, after
// group expansion, include the unit. The unit is 牵头 when it is (or belongs to) the measure's
// first unit — the measure's own lead, else the task's lead — and 配合 otherwise.
func Rows(p *plan.Plan, unit string) []Row {
	unit = p.Canonical(unit)
	var out []Row
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		for mi := range t.Measures {
			m := &t.Measures[mi]
			if !contains(p.Expand(t.ActingUnits(m)), unit) {
				continue
			}
			lead := t.Lead
			if len(m.Units) > 0 {
				lead = m.Units[0]
			}
			role := RoleSupport
			if lead != "" && contains(p.Expand([]string{lead}), unit) {
				role = RoleLead
			}
			text := m.Deadline.Text
			if text == "" {
				text = plan.KindLabel(m.Deadline.Kind)
			}
			out = append(out, Row{Task: t.No, Measure: m.No, TaskTitle: t.Title, MeasureText: m.Text,
				Role: role, DeadlineText: text, Due: m.Deadline.DueString()})
		}
	}
	return out
}

// Assignments maps every reporting unit to its rows.
func Assignments(p *plan.Plan) map[string][]Row {
	out := map[string][]Row{}
	for _, u := range p.ReportingUnits() {
		out[u] = Rows(p, u)
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
