package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
)

// Source is where the ledger reads returns from: the workspace's store.
type Source interface {
	Current(p period.Period) (map[string]*store.Record, error)
	Records(p period.Period) ([]*store.Record, error)
	Entries(id int64) ([]intake.Entry, error)
	Periods() ([]period.Period, error)
}

// UnitEntry is what one unit reported for a measure.
type UnitEntry struct {
	Unit      string
	Role      string // 牵头 / 配合
	Reported  bool
	Status    string // the unit's status, 未报送 when not reported
	Progress  string
	DoneDate  string
	Evidence  string
	Problems  string
	Next      string
	Unchanged bool // the same progress text as the unit's previous period
}

// MeasureRow is one measure of the ledger.
type MeasureRow struct {
	Task         int
	Measure      int
	TaskTitle    string
	Text         string
	Lead         string   // the measure's lead unit (as the plan names it)
	CoUnits      []string // the other responsible units (as named)
	Supervisor   string
	DeadlineText string
	Kind         deadline.Kind
	Status       string
	Verdict      Verdict
	Units        []UnitEntry
	DoneDate     string // when every unit is done: the latest of their dates
	PrevStatus   string // "" when there is no previous period
	PrevLight    Light
	Changes      []string
}

// Key is the measure's row key "3.1".
func (m *MeasureRow) Key() string { return plan.RowKey(m.Task, m.Measure) }

// TaskRow is one task of the ledger.
type TaskRow struct {
	No           int
	Title        string
	Lead         string
	Supervisor   string
	DeadlineText string
	Due          time.Time
	Status       string
	Light        Light
	DaysOverdue  int
	Measures     int
	Counts       map[string]int // measures by status
}

// UnitRow is one unit's reporting and progress in the period.
type UnitRow struct {
	Unit        string
	Assigned    int    // measures it reports on
	State       string // 已报送 / 退回修改 / 未报送
	SubmittedAt time.Time
	Record      int64
	Counts      map[string]int // its own statuses
	Red         int            // measures of its with a red light
	Contact     string
	Phone       string
	Email       string
}

// Reporting states of a unit.
const (
	StateReported = "已报送"
	StateReturned = "退回修改"
	StateMissing  = "未报送"
)

// Ledger is the merged state of a period.
type Ledger struct {
	Plan       *plan.Plan
	Rules      Rules
	Period     period.Period
	AsOf       time.Time
	PrevPeriod period.Period // the latest earlier period with returns, zero when none
	Measures   []MeasureRow
	Tasks      []TaskRow
	Units      []UnitRow
	Records    []*store.Record
	History    []Point // completed measures by period, for the report's chart
}

// Point is the number of completed measures of a period.
type Point struct {
	Period    period.Period
	Completed int
}

// Build merges the plan and the period's current returns as of a day.
func Build(p *plan.Plan, src Source, per period.Period, asOf time.Time) (*Ledger, error) {
	l, err := build(p, src, per, asOf)
	if err != nil {
		return nil, err
	}
	periods, err := src.Periods()
	if err != nil {
		return nil, err
	}
	for i := len(periods) - 1; i >= 0; i-- {
		prev := periods[i]
		if !prev.Before(per) {
			continue
		}
		cur, err := src.Current(prev)
		if err != nil {
			return nil, err
		}
		if len(cur) == 0 {
			continue
		}
		pl, err := build(p, src, prev, prev.Last())
		if err != nil {
			return nil, err
		}
		l.compare(pl)
		break
	}
	for _, q := range periods {
		if per.Before(q) {
			continue
		}
		n := 0
		if q == per {
			n = l.countStatus(plan.StatusDone)
		} else {
			pl, err := build(p, src, q, q.Last())
			if err != nil {
				return nil, err
			}
			n = pl.countStatus(plan.StatusDone)
		}
		l.History = append(l.History, Point{Period: q, Completed: n})
	}
	return l, nil
}

func (l *Ledger) countStatus(s string) int {
	n := 0
	for _, m := range l.Measures {
		if m.Status == s {
			n++
		}
	}
	return n
}

func build(p *plan.Plan, src Source, per period.Period, asOf time.Time) (*Ledger, error) {
	l := &Ledger{Plan: p, Rules: RulesOf(p), Period: per, AsOf: asOf}
	cur, err := src.Current(per)
	if err != nil {
		return nil, fmt.Errorf("read current returns: %w", err)
	}
	recs, err := src.Records(per)
	if err != nil {
		return nil, fmt.Errorf("read records: %w", err)
	}
	l.Records = recs
	entries := map[string]map[string]intake.Entry{} // unit → key → entry
	for unit, r := range cur {
		es, err := src.Entries(r.ID)
		if err != nil {
			return nil, fmt.Errorf("read entries of %s: %w", unit, err)
		}
		m := map[string]intake.Entry{}
		for _, e := range es {
			m[e.Key()] = e
		}
		entries[unit] = m
	}
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		from := len(l.Measures)
		for mi := range t.Measures {
			l.Measures = append(l.Measures, l.measure(t, &t.Measures[mi], entries))
		}
		l.Tasks = append(l.Tasks, l.task(t, l.Measures[from:]))
	}
	l.units(cur, recs)
	return l, nil
}

func (l *Ledger) measure(t *plan.Task, m *plan.Measure, entries map[string]map[string]intake.Entry) MeasureRow {
	p := l.Plan
	named := t.ActingUnits(m)
	lead := t.Lead
	if len(m.Units) > 0 {
		lead = m.Units[0]
	}
	row := MeasureRow{Task: t.No, Measure: m.No, TaskTitle: t.Title, Text: m.Text, Lead: lead, Supervisor: t.Supervisor,
		DeadlineText: m.Deadline.Text, Kind: m.Deadline.Kind}
	for _, u := range named {
		if u != lead {
			row.CoUnits = append(row.CoUnits, u)
		}
	}
	leads := map[string]bool{}
	for _, u := range p.Expand([]string{lead}) {
		leads[u] = true
	}
	var statuses []string
	latest := ""
	for _, u := range p.Expand(named) {
		ue := UnitEntry{Unit: u, Role: template.RoleSupport, Status: NotReported}
		if leads[u] {
			ue.Role = template.RoleLead
		}
		if e, ok := entries[u][plan.RowKey(t.No, m.No)]; ok {
			ue.Reported = true
			ue.Status, ue.Progress, ue.DoneDate, ue.Evidence, ue.Problems, ue.Next = e.Status, e.Progress, e.DoneDate, e.Evidence, e.Problems, e.Next
			if ue.Status == "" {
				ue.Status = NotReported
			}
		}
		if ue.DoneDate > latest {
			latest = ue.DoneDate
		}
		statuses = append(statuses, ue.Status)
		row.Units = append(row.Units, ue)
	}
	row.Status = l.Rules.Least(statuses)
	if row.Status == plan.StatusDone {
		row.DoneDate = latest
	}
	row.Verdict = l.Rules.Light(row.Status, m.Deadline, l.AsOf)
	return row
}

func (l *Ledger) task(t *plan.Task, measures []MeasureRow) TaskRow {
	tr := TaskRow{No: t.No, Title: t.Title, Lead: t.Lead, Supervisor: t.Supervisor, DeadlineText: t.Deadline.Text,
		Light: Green, Counts: map[string]int{}}
	if due, ok := t.Deadline.DueOn(l.AsOf); ok {
		tr.Due = due
	}
	var statuses []string
	for i := range measures {
		m := &measures[i]
		tr.Measures++
		tr.Counts[m.Status]++
		statuses = append(statuses, m.Status)
		if Worse(m.Verdict.Light, tr.Light) {
			tr.Light = m.Verdict.Light
		}
		tr.DaysOverdue = max(tr.DaysOverdue, m.Verdict.DaysOverdue)
	}
	tr.Status = l.Rules.Least(statuses)
	return tr
}

// units works out each reporting unit's state in the period.
func (l *Ledger) units(cur map[string]*store.Record, recs []*store.Record) {
	received := map[string]bool{}
	for _, r := range recs {
		received[r.Unit] = true
	}
	index := map[string]int{}
	for _, u := range l.Plan.ReportingUnits() {
		ur := UnitRow{Unit: u, State: StateMissing, Counts: map[string]int{}}
		if pu := l.Plan.Unit(u); pu != nil {
			ur.Contact, ur.Phone, ur.Email = pu.Contact, pu.Phone, pu.Email
		}
		if r := cur[u]; r != nil {
			ur.State, ur.SubmittedAt, ur.Record = StateReported, r.ReceivedAt, r.ID
		} else if received[u] {
			ur.State = StateReturned
		}
		index[u] = len(l.Units)
		l.Units = append(l.Units, ur)
	}
	// one pass over the measures
	for i := range l.Measures {
		m := &l.Measures[i]
		for _, ue := range m.Units {
			j, ok := index[ue.Unit]
			if !ok {
				continue
			}
			ur := &l.Units[j]
			ur.Assigned++
			ur.Counts[ue.Status]++
			if m.Verdict.Light == Red {
				ur.Red++
			}
		}
	}
}

// compare notes what changed against the previous period's ledger.
func (l *Ledger) compare(prev *Ledger) {
	l.PrevPeriod = prev.Period
	old := map[string]*MeasureRow{}
	for i := range prev.Measures {
		old[prev.Measures[i].Key()] = &prev.Measures[i]
	}
	for i := range l.Measures {
		m := &l.Measures[i]
		o := old[m.Key()]
		if o == nil {
			m.Changes = append(m.Changes, "新增措施")
			continue
		}
		m.PrevStatus, m.PrevLight = o.Status, o.Verdict.Light
		switch {
		case m.Status == plan.StatusDone && o.Status != plan.StatusDone:
			m.Changes = append(m.Changes, "新完成")
		case m.Status != plan.StatusDone && o.Status == plan.StatusDone:
			m.Changes = append(m.Changes, "退步（上期已完成）")
		}
		if m.Verdict.Light != o.Verdict.Light {
			m.Changes = append(m.Changes, fmt.Sprintf("灯：%s→%s", o.Verdict.Light.Label(), m.Verdict.Light.Label()))
		}
		prevText := map[string]string{}
		for _, ue := range o.Units {
			if ue.Reported {
				prevText[ue.Unit] = ue.Progress
			}
		}
		var same []string
		for j := range m.Units {
			ue := &m.Units[j]
			if p, ok := prevText[ue.Unit]; ok && ue.Reported && ue.Progress != "" && normText(p) == normText(ue.Progress) {
				ue.Unchanged = true
				same = append(same, ue.Unit)
			}
		}
		if len(same) > 0 {
			m.Changes = append(m.Changes, "进展未更新："+strings.Join(same, "、"))
		}
	}
}

func normText(s string) string { return strings.Join(strings.Fields(s), "") }

// Counts are the numbers the status report and the ledger share.
type Counts struct {
	Tasks    map[string]int // by status, plus "total"
	Measures map[string]int
	Lights   map[Light]int // of measures
	Expected int
	Reported []string
	Returned []string
	Missing  []string
	Newly    int // newly completed since the previous period
	Regress  int
}

// Counts sums the ledger up.
func (l *Ledger) Counts() Counts {
	c := Counts{Tasks: map[string]int{"total": len(l.Tasks)}, Measures: map[string]int{"total": len(l.Measures)}, Lights: map[Light]int{}}
	for _, s := range l.Rules.Order() {
		c.Tasks[s], c.Measures[s] = 0, 0
	}
	for _, t := range l.Tasks {
		c.Tasks[t.Status]++
	}
	for _, m := range l.Measures {
		c.Measures[m.Status]++
		c.Lights[m.Verdict.Light]++
		for _, ch := range m.Changes {
			switch {
			case ch == "新完成":
				c.Newly++
			case strings.HasPrefix(ch, "退步"):
				c.Regress++
			}
		}
	}
	c.Expected = len(l.Units)
	for _, u := range l.Units {
		switch u.State {
		case StateReported:
			c.Reported = append(c.Reported, u.Unit)
		case StateReturned:
			c.Returned = append(c.Returned, u.Unit)
		default:
			c.Missing = append(c.Missing, u.Unit)
		}
	}
	return c
}

// Alerts are the red and yellow measures, worst first: red before yellow; among red, the
// most days overdue first, then 滞后, then 未报送; among yellow, the earliest due first.
func (l *Ledger) Alerts() []*MeasureRow {
	var out []*MeasureRow
	for i := range l.Measures {
		if l.Measures[i].Verdict.Light != Green {
			out = append(out, &l.Measures[i])
		}
	}
	rank := func(m *MeasureRow) int {
		switch {
		case m.Verdict.Light == Yellow:
			return 3
		case m.Verdict.DaysOverdue > 0:
			return 0
		case m.Status == plan.StatusBehind:
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		if a.Verdict.DaysOverdue != b.Verdict.DaysOverdue {
			return a.Verdict.DaysOverdue > b.Verdict.DaysOverdue
		}
		if !a.Verdict.Due.Equal(b.Verdict.Due) {
			return a.Verdict.Due.Before(b.Verdict.Due)
		}
		if a.Task != b.Task {
			return a.Task < b.Task
		}
		return a.Measure < b.Measure
	})
	return out
}
