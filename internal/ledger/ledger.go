package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/decision"
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
	EarlierStatements(p period.Period) (map[string]map[string]store.Statement, error)
	EvidenceOf(ids []int64) (map[int64][]store.Evidence, error)
	Decisions() (decision.Register, error)
}

// UnitEntry is what one unit reported for a measure.
type UnitEntry struct {
	Unit      string
	Role      string        // 牵头 / 配合
	Reported  bool          // in its accepted return of the period
	Status    string        // the unit's status, 未报送 when not known
	Carried   period.Period // the period whose accepted return the 已完成 is carried from (沿用上期); zero when not carried
	Red       bool          // the unit's own item is red (see UnitRed)
	Closed    bool          // the measure is closed (已销号): the unit's item is done
	Regressed bool          // its return of the period says not finished where its last one said 已完成
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
	DeadlineText string // the plan's 整改时限 (原时限 when extended)
	Kind         deadline.Kind
	Status       string             // the least advanced of its units' statuses; 已完成 when closed
	Closed       *decision.Decision // the 销号 in force, nil when open
	Extended     *decision.Decision // the 延期 in force, nil when none: the light uses its deadline
	PlannedDue   time.Time          // the plan's own due date as of the as-of day (原时限); zero when none
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
	Counts       map[string]int // measures by status, and 已销号 (of 已完成, those closed)
	Closed       bool           // every measure is closed (已销号)
}

// UnitRow is one unit's reporting and progress in the period.
type UnitRow struct {
	Unit        string
	Assigned    int       // measures it reports on
	State       string    // 已报送 / 逾期报送 / 退回修改 / 未报送
	SentAt      time.Time // when the return that counts was sent (zero when none)
	ReceivedAt  time.Time // when it was received
	Record      int64
	Counts      map[string]int // its own statuses (carried completions as 已完成)
	Carried     int            // of its 已完成, those carried from an earlier period (沿用上期)
	Red         int            // its own red items
	RedMeasures int            // its measures with a red light (涉及红灯的措施), whoever makes them red
	Closed      int            // of its measures, those closed (已销号)
	Discipline  Discipline
	Contact     string
	Phone       string
	Email       string
}

// Reporting states of a unit.
const (
	StateReported = "已报送"
	StateLate     = "逾期报送"
	StateReturned = "退回修改"
	StateMissing  = "未报送"
	StateClosed   = "已全部销号" // every measure of the unit is closed: nothing to report
)

// Discipline is how a unit reported in a period (报送考核): whether on time (按时报送 /
// 逾期报送 / 退回修改 / 未报送), how many returns it sent, whether its first one passed, how
// many were returned for correction. Repeats of a file and withdrawn records do not count.
type Discipline struct {
	Timeliness string // 按时报送, 逾期报送, 退回修改, 未报送
	Returns    int
	Rejected   int
	FirstPass  *bool // nil when it sent nothing
	FirstSent  time.Time
}

// Timeliness of a unit's reporting.
const (
	OnTime = "按时报送"
	Late   = "逾期报送"
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
	Evidence   []EvidenceRow
	History    []Point             // completed measures by period, for the report's chart
	Register   decision.Register   // every decision of the office, in the order recorded
	Decided    []decision.Decision // those of the period: dated in it, by the as-of date
	// Progress, when not nil, is told of the rows of 总台账 as the workbook is written.
	Progress func(done, total int)
}

// EvidenceRow is one file that came with a return of the period (佐证材料清单).
type EvidenceRow struct {
	Unit       string
	Measures   []string // the row keys whose 佐证材料 text names the file
	Kind       string   // store.Evidence*
	Name       string
	Size       int64
	Digest     string
	ReceivedAt time.Time
	Record     int64
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
	if l.Register, err = src.Decisions(); err != nil {
		return nil, fmt.Errorf("read decisions: %w", err)
	}
	l.Decided = l.Register.Between(per.First(), asOf)
	states := l.Register.As(asOf)
	earlier, err := src.EarlierStatements(per)
	if err != nil {
		return nil, fmt.Errorf("read earlier returns: %w", err)
	}
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
			l.Measures = append(l.Measures, l.measure(t, &t.Measures[mi], entries, earlier, states))
		}
		l.Tasks = append(l.Tasks, l.task(t, l.Measures[from:]))
	}
	l.units(cur, recs)
	if err := l.evidence(src, recs, cur, entries); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Ledger) measure(t *plan.Task, m *plan.Measure, entries map[string]map[string]intake.Entry, earlier map[string]map[string]store.Statement, states map[string]decision.State) MeasureRow {
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
	key := plan.RowKey(t.No, m.No)
	state := states[key]
	row.Closed, row.Extended = state.Closed, state.Extended
	dl := state.Deadline(m.Deadline) // the approved deadline when extended
	var statuses []string
	latest := ""
	due, _ := dl.DueOn(l.AsOf)
	row.PlannedDue, _ = m.Deadline.DueOn(l.AsOf)
	for _, u := range p.Expand(named) {
		ue := UnitEntry{Unit: u, Role: template.RoleSupport}
		if leads[u] {
			ue.Role = template.RoleLead
		}
		reported := ""
		if e, ok := entries[u][key]; ok {
			ue.Reported = true
			reported = e.Status
			ue.Progress, ue.DoneDate, ue.Evidence, ue.Problems, ue.Next = e.Progress, e.DoneDate, e.Evidence, e.Problems, e.Next
		}
		var said *Statement
		st, ok := earlier[u][key]
		if ok {
			said = &Statement{Status: st.Entry.Status, Period: st.Period}
		}
		ue.Status, ue.Carried = UnitStatus(reported, said)
		if !ue.Carried.IsZero() {
			// carried: what the unit reported when it completed the measure
			ue.Progress, ue.DoneDate, ue.Evidence = st.Entry.Progress, st.Entry.DoneDate, st.Entry.Evidence
		}
		ue.Regressed = Regressed(reported, said)
		ue.Red = UnitRed(ue.Status, due, l.AsOf)
		if row.Closed != nil {
			// closed by the office: the unit's item is done, whatever it said
			ue.Closed, ue.Status, ue.Red, ue.Regressed = true, plan.StatusDone, false, false
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
	row.Verdict = l.Rules.Light(row.Status, dl, l.AsOf)
	if row.Closed != nil {
		row.Verdict = Verdict{Light: Green, Due: row.Verdict.Due, Reason: Closed}
		if row.DoneDate == "" {
			row.DoneDate = row.Closed.Date.Format(time.DateOnly)
		}
	}
	return row
}

func (l *Ledger) task(t *plan.Task, measures []MeasureRow) TaskRow {
	tr := TaskRow{No: t.No, Title: t.Title, Lead: t.Lead, Supervisor: t.Supervisor, DeadlineText: t.Deadline.Text,
		Light: Green, Counts: map[string]int{}}
	if due, ok := t.Deadline.DueOn(l.AsOf); ok {
		tr.Due = due
	}
	var statuses []string
	tr.Closed = len(measures) > 0
	for i := range measures {
		m := &measures[i]
		tr.Closed = tr.Closed && m.Closed != nil
		tr.Measures++
		tr.Counts[m.Status]++
		if m.Closed != nil {
			tr.Counts[Closed]++ // of 已完成, those closed
		}
		statuses = append(statuses, m.Status)
		if Worse(m.Verdict.Light, tr.Light) {
			tr.Light = m.Verdict.Light
		}
		tr.DaysOverdue = max(tr.DaysOverdue, m.Verdict.DaysOverdue)
	}
	tr.Status = l.Rules.Least(statuses)
	return tr
}

// units works out each reporting unit's state and reporting discipline in the period.
func (l *Ledger) units(cur map[string]*store.Record, recs []*store.Record) {
	// the unit's returns of the period: its templates of the period, and what it sent while the
	// period was collected (last month's file sent again counts as a return, returned)
	byUnit := map[string][]*store.Record{}
	for _, r := range recs {
		if r.Unit != "" && r.Withdrawn == nil && r.DuplicateOf == 0 {
			byUnit[r.Unit] = append(byUnit[r.Unit], r)
		}
	}
	index := map[string]int{}
	for _, u := range l.Plan.ReportingUnits() {
		ur := UnitRow{Unit: u, State: StateMissing, Counts: map[string]int{}}
		if pu := l.Plan.Unit(u); pu != nil {
			ur.Contact, ur.Phone, ur.Email = pu.Contact, pu.Phone, pu.Email
		}
		ur.Discipline = discipline(byUnit[u], l.Period)
		if r := cur[u]; r != nil {
			ur.State, ur.SentAt, ur.ReceivedAt, ur.Record = StateReported, r.Sent, r.ReceivedAt, r.ID
			if ur.Discipline.Timeliness == Late {
				ur.State = StateLate
			}
		} else if len(byUnit[u]) > 0 {
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
			if !ue.Carried.IsZero() {
				ur.Carried++
			}
			if ue.Red {
				ur.Red++
			}
			if m.Verdict.Light == Red {
				ur.RedMeasures++
			}
			if ue.Closed {
				ur.Closed++
			}
		}
	}
	for i := range l.Units {
		if ur := &l.Units[i]; ur.Assigned > 0 && ur.Closed == ur.Assigned && ur.State == StateMissing {
			ur.State = StateClosed
		}
	}
}

// discipline sums up a unit's returns of a period (in the order received): on time when its
// first accepted return was sent by the 报送截止 of its template.
func discipline(recs []*store.Record, p period.Period) Discipline {
	d := Discipline{Timeliness: StateMissing}
	accepted := false
	for i, r := range recs {
		d.Returns++
		ok := r.Accepted() && r.Period == p
		if !ok {
			d.Rejected++
		}
		if i == 0 {
			d.FirstPass, d.FirstSent = &ok, r.Sent
		}
		if ok && !accepted {
			accepted = true
			d.Timeliness = OnTime
			if r.Late() {
				d.Timeliness = Late
			}
		}
	}
	if !accepted && d.Returns > 0 {
		d.Timeliness = StateReturned
	}
	return d
}

// evidence lists the files that came with the period's returns, each linked to the measures
// whose 佐证材料 text names it.
func (l *Ledger) evidence(src Source, recs []*store.Record, cur map[string]*store.Record, entries map[string]map[string]intake.Entry) error {
	var ids []int64
	byID := map[int64]*store.Record{}
	for _, r := range recs {
		if r.Withdrawn == nil && r.DuplicateOf == 0 {
			ids = append(ids, r.ID)
			byID[r.ID] = r
		}
	}
	if len(ids) == 0 {
		return nil
	}
	ev, err := src.EvidenceOf(ids)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	for _, id := range ids {
		r := byID[id]
		files := ev[id]
		if len(files) == 0 {
			continue
		}
		var es []intake.Entry
		if c := cur[r.Unit]; c != nil && c.ID == id {
			for _, e := range entries[r.Unit] {
				es = append(es, e)
			}
		} else if r.Digest != "" && r.Unit != "" {
			es, _ = src.Entries(id)
		}
		for _, f := range files {
			row := EvidenceRow{Unit: r.Unit, Kind: f.Kind, Name: f.Name, Size: f.Size, Digest: f.Digest, ReceivedAt: r.ReceivedAt, Record: id}
			if f.Kind != store.EvidenceMessage {
				row.Measures = namedIn(f.Name, es)
			}
			l.Evidence = append(l.Evidence, row)
		}
	}
	return nil
}

// namedIn lists, in row order, the entries whose 佐证材料 text names a file.
func namedIn(name string, es []intake.Entry) []string {
	sort.Slice(es, func(i, j int) bool { return es[i].Row < es[j].Row })
	var out []string
	for _, e := range es {
		if e.Names(name) {
			out = append(out, e.Key())
		}
	}
	return out
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
		regressed := false
		for _, ue := range m.Units {
			regressed = regressed || ue.Regressed
		}
		switch {
		case m.Status == plan.StatusDone && o.Status != plan.StatusDone:
			m.Changes = append(m.Changes, "新完成")
		case regressed:
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
	Tasks    map[string]int // by status, plus "total" and 已销号 (closed: counted within 已完成 too)
	Measures map[string]int // the same
	Lights   map[Light]int  // of measures
	Expected int
	Reported []string // on time or late
	Late     []string // of those, late
	Returned []string
	Missing  []string
	Closed   []string // units whose every measure is closed: not expected to report
	Newly    int      // newly completed since the previous period
	Regress  int
}

// Counts sums the ledger up.
func (l *Ledger) Counts() Counts {
	c := Counts{Tasks: map[string]int{"total": len(l.Tasks)}, Measures: map[string]int{"total": len(l.Measures)}, Lights: map[Light]int{}}
	for _, s := range l.Rules.Order() {
		c.Tasks[s], c.Measures[s] = 0, 0
	}
	c.Tasks[Closed], c.Measures[Closed] = 0, 0
	for _, t := range l.Tasks {
		c.Tasks[t.Status]++
		if t.Closed {
			c.Tasks[Closed]++
		}
	}
	for _, m := range l.Measures {
		c.Measures[m.Status]++
		if m.Closed != nil {
			c.Measures[Closed]++
		}
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
	for _, u := range l.Units {
		if u.State != StateClosed {
			c.Expected++
		}
		switch u.State {
		case StateClosed:
			c.Closed = append(c.Closed, u.Unit)
		case StateReported:
			c.Reported = append(c.Reported, u.Unit)
		case StateLate:
			c.Reported = append(c.Reported, u.Unit)
			c.Late = append(c.Late, u.Unit)
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

// Unidentified are the inputs received while collecting the period that could not be told as
// any unit's return (not a template of this office, unreadable, no attachment…): the office
// looks at them, no receipt answers them.
func (l *Ledger) Unidentified() []*store.Record {
	var out []*store.Record
	for _, r := range l.Records {
		if r.Unit == "" && r.Withdrawn == nil {
			out = append(out, r)
		}
	}
	return out
}
