package plan

import (
	"fmt"
	"sort"

	"taizhang/internal/deadline"
)

// Default status options, least advanced last; the order matters for roll-ups.
var defaultStatuses = []string{StatusDone, StatusOnTrack, StatusBehind, StatusNotStarted}

// The four statuses a unit may report.
const (
	StatusDone       = "已完成"
	StatusOnTrack    = "序时推进"
	StatusBehind     = "滞后"
	StatusNotStarted = "未启动"
)

// DefaultStatuses returns the standard status options (a fresh slice).
func DefaultStatuses() []string { return append([]string(nil), defaultStatuses...) }

// DefaultWarnDays is the early-warning window (预警) in days.
const DefaultWarnDays = 30

// DefaultResubmitDays is how many days a unit whose return was returned has to send it again
// once the 报送截止 is past.
const DefaultResubmitDays = 3

// Plan is a whole rectification plan.
type Plan struct {
	Title    string
	Settings Settings
	Tasks    []Task
	Units    []Unit

	// lookup indexes, built on first use and checked on every hit, so that a plan edited in
	// place is never answered from a stale index
	unitIndex map[string]int
	taskIndex map[int]int
}

// Settings are the plan-wide values the office may edit in the 设置 sheet.
type Settings struct {
	Region        string   // 地区, e.g. 长白山保护开发区
	Issued        string   // 方案日期 YYYY-MM-DD: the plan's date, the earliest plausible completion
	Office        string   // 领导小组办公室: who sends templates and receives returns
	Contact       string   // 联系人
	Phone         string   // 联系电话
	Email         string   // 电子邮箱 of the office
	StatusOptions []string // 完成状态选项
	WarnDays      int      // 预警天数
	ResubmitDays  int      // 重新报送天数: how long a returned unit has to send again, once the 报送截止 is past
	Signer        string   // 落款单位: who signs the progress report; "" means Office
	Dated         string   // 成文日期 of the progress report: "" (the as-of date), DatedToday, or a day YYYY-MM-DD
}

// DatedAsOf and DatedToday are the words of the 成文日期 setting: the report is dated the day
// it is as of (the default), or the day it is made.
const (
	DatedAsOf  = "截至日期"
	DatedToday = "生成当天"
)

// Task is one numbered item of the task list (整改任务清单).
type Task struct {
	No         int
	Title      string // the first sentence of the problem: the short title
	Problem    string // the whole problem text
	UnitsText  string // 责任单位 as written in the notice
	Units      []string
	Lead       string // 牵头单位: the first unit unless the office says otherwise
	Persons    string // 责任人
	Supervisor string // 督导单位
	Goal       string // 整改目标
	Deadline   deadline.Deadline
	Measures   []Measure
}

// Measure is one 整改措施 of a task.
type Measure struct {
	No       int
	Text     string
	Units    []string // the measure's own acting units; empty means the task's units
	Deadline deadline.Deadline
}

// Measure is the task's measure of a number, or nil.
func (t *Task) Measure(no int) *Measure {
	for i := range t.Measures {
		if t.Measures[i].No == no {
			return &t.Measures[i]
		}
	}
	return nil
}

// ActingUnits returns the units responsible for the measure: its own, else its task's.
func (t *Task) ActingUnits(m *Measure) []string {
	if len(m.Units) > 0 {
		return m.Units
	}
	return t.Units
}

// Unit is one entry of the unit registry: a real unit, a group of units (各区), or a name the
// import could not resolve that the office must turn into one of those.
type Unit struct {
	Name    string
	Aliases []string
	Members []string // non-empty for a group
	Group   bool     // a group; an unresolved name is a group until the office fills its members
	Contact string
	Phone   string
	Email   string
	Note    string
}

// Unit returns the registry entry for a name or alias, or nil.
func (p *Plan) Unit(name string) *Unit {
	for attempt := 0; attempt < 2; attempt++ {
		if p.unitIndex == nil || attempt == 1 {
			p.indexUnits()
		}
		i, ok := p.unitIndex[name]
		if !ok {
			if attempt == 0 && len(p.unitIndex) != p.unitKeys() {
				continue // units were added or renamed since the index was built
			}
			return nil
		}
		if i < len(p.Units) && (p.Units[i].Name == name || containsString(p.Units[i].Aliases, name)) {
			return &p.Units[i]
		}
	}
	return nil
}

// indexUnits maps names, then aliases, to units; a name wins over an alias.
func (p *Plan) indexUnits() {
	p.unitIndex = map[string]int{}
	for i := range p.Units {
		if _, ok := p.unitIndex[p.Units[i].Name]; !ok {
			p.unitIndex[p.Units[i].Name] = i
		}
	}
	for i := range p.Units {
		for _, a := range p.Units[i].Aliases {
			if _, ok := p.unitIndex[a]; !ok {
				p.unitIndex[a] = i
			}
		}
	}
}

// unitKeys is the number of distinct names and aliases the index would hold.
func (p *Plan) unitKeys() int {
	seen := map[string]bool{}
	for i := range p.Units {
		seen[p.Units[i].Name] = true
		for _, a := range p.Units[i].Aliases {
			seen[a] = true
		}
	}
	return len(seen)
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Canonical returns the registry name for a name or alias, or the name itself when unknown.
func (p *Plan) Canonical(name string) string {
	if u := p.Unit(name); u != nil {
		return u.Name
	}
	return name
}

// Expand resolves names to real reporting units: groups are replaced by their members
// (recursively, cycles ignored), aliases by the registry name. The order is that of first
// appearance; duplicates are removed.
func (p *Plan) Expand(names []string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(name string, depth int)
	walk = func(name string, depth int) {
		u := p.Unit(name)
		if u != nil && u.Group && depth < 8 {
			for _, m := range u.Members {
				walk(m, depth+1)
			}
			return
		}
		n := p.Canonical(name)
		if u != nil && u.Group {
			return
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range names {
		walk(n, 0)
	}
	return out
}

// Task returns the task with the number, or nil.
func (p *Plan) Task(no int) *Task {
	if i, ok := p.taskIndex[no]; ok && i < len(p.Tasks) && p.Tasks[i].No == no {
		return &p.Tasks[i]
	}
	p.taskIndex = make(map[int]int, len(p.Tasks))
	for i := range p.Tasks {
		if _, ok := p.taskIndex[p.Tasks[i].No]; !ok {
			p.taskIndex[p.Tasks[i].No] = i
		}
	}
	if i, ok := p.taskIndex[no]; ok {
		return &p.Tasks[i]
	}
	return nil
}

// MeasureCount is the number of measures in the plan.
func (p *Plan) MeasureCount() int {
	n := 0
	for _, t := range p.Tasks {
		n += len(t.Measures)
	}
	return n
}

// ReportingUnits lists every real unit that has work in the plan, after group expansion, in
// registry order followed by any unit named only in tasks.
func (p *Plan) ReportingUnits() []string {
	has := map[string]bool{}
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		for mi := range t.Measures {
			for _, u := range p.Expand(t.ActingUnits(&t.Measures[mi])) {
				has[u] = true
			}
		}
	}
	var out []string
	for _, u := range p.Units {
		if has[u.Name] && !u.Group {
			out = append(out, u.Name)
			delete(has, u.Name)
		}
	}
	var rest []string
	for u := range has {
		rest = append(rest, u)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// SelectReporting resolves names the office typed (names, aliases or groups) to reporting
// units, in the order given, without duplicates; no names selects every reporting unit. The
// error says in the office's words which name is wrong.
func (p *Plan) SelectReporting(names []string) ([]string, error) {
	all := p.ReportingUnits()
	if len(names) == 0 {
		return all, nil
	}
	reporting := map[string]bool{}
	for _, u := range all {
		reporting[u] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if p.Unit(n) == nil {
			return nil, fmt.Errorf("单位“%s”不在任务清单的单位表中", n)
		}
		expanded := p.Expand([]string{n})
		if len(expanded) == 0 {
			return nil, fmt.Errorf("分组“%s”没有成员单位", n)
		}
		for _, u := range expanded {
			if !reporting[u] {
				return nil, fmt.Errorf("单位“%s”在任务清单中没有需要填报的措施", u)
			}
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}
