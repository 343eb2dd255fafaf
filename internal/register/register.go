// Package register records the office's decisions — 销号, 延期, 撤销销号 — against the
// workspace: it expands a whole task into its measures, checks each decision against the
// register and the plan (decision.Register.Check) and, for a 销号, against what the units
// reported (every responsible unit has said 已完成 in an accepted return, unless forced),
// attaches the returns and files the 销号 rests on, and records the lot in one transaction or
// none of it. Recording the same decision again changes nothing.
package register

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/plan"
	"taizhang/internal/store"
)

// Keys reads measure numbers as the office writes them — "3.1", or "3" for every measure of
// task 3 — into row keys, in the plan's order, without repeats.
func Keys(p *plan.Plan, args []string) ([]string, error) {
	want := map[string]bool{}
	for _, a := range args {
		a = strings.TrimSpace(strings.NewReplacer("．", ".", "。", ".").Replace(a))
		if t, m, ok := plan.ParseRowKey(a); ok {
			task := p.Task(t)
			if task == nil || task.Measure(m) == nil {
				return nil, fmt.Errorf("任务清单中没有任务%d措施%d", t, m)
			}
			want[plan.RowKey(t, m)] = true
			continue
		}
		t, err := strconv.Atoi(a)
		if err != nil || t <= 0 {
			return nil, fmt.Errorf("“%s”不是措施序号：请写成“3.1”（任务3措施1），或“3”（任务3的全部措施）", a)
		}
		task := p.Task(t)
		if task == nil {
			return nil, fmt.Errorf("任务清单中没有任务%d", t)
		}
		for _, m := range task.Measures {
			want[plan.RowKey(t, m.No)] = true
		}
	}
	var out []string
	for _, t := range p.Tasks {
		for _, m := range t.Measures {
			if k := plan.RowKey(t.No, m.No); want[k] {
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// Refused is a set of decisions that were not recorded, with why.
type Refused struct{ Refusals []decision.Refusal }

func (e *Refused) Error() string {
	var b strings.Builder
	for i, r := range e.Refusals {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(r.Reason)
	}
	return b.String()
}

// Result is what recording did: the decisions recorded now, and those that had been recorded
// before exactly so (nothing to do).
type Result struct {
	Recorded []decision.Decision
	Repeats  []decision.Decision
}

// Record checks and records decisions, in one transaction: when any is refused, none is
// recorded and the error is a *Refused naming each. digest names the review workbook the
// decisions come from ("" when by command).
func Record(w *store.Workspace, p *plan.Plan, ds []decision.Decision, digest string, now time.Time) (*Result, error) {
	reg, err := w.Decisions()
	if err != nil {
		return nil, err
	}
	said := map[time.Time]map[string]map[string]store.Statement{} // by the day decided
	res := &Result{}
	var refusals []decision.Refusal
	var fresh []decision.Decision
	work := append(decision.Register(nil), reg...) // with the decisions of this batch, in order
	for _, d := range ds {
		if prev := repeatOf(reg, d); prev != nil {
			res.Repeats = append(res.Repeats, *prev)
			continue
		}
		if r := work.Check(p, d); r != nil {
			refusals = append(refusals, *r)
			continue
		}
		if d.Kind == decision.Close {
			st, ok := said[d.Date]
			if !ok {
				if st, err = w.StatementsBy(d.Date); err != nil {
					return nil, err
				}
				said[d.Date] = st
			}
			refs, missing := restsOn(w, p, d, st)
			if len(missing) > 0 && !d.Forced {
				refusals = append(refusals, decision.Refusal{Key: d.Key(), Reason: fmt.Sprintf("任务%d措施%d：%s：请核实；如确需销号，请写明为强制销号（命令加 --force）",
					d.Task, d.Measure, strings.Join(missing, "；"))})
				continue
			}
			d.Evidence = refs
		}
		work = append(work, d)
		fresh = append(fresh, d)
	}
	if len(refusals) > 0 {
		return res, &Refused{Refusals: refusals}
	}
	if len(fresh) == 0 {
		return res, nil
	}
	if res.Recorded, err = w.AddDecisions(fresh, digest, now); err != nil {
		return nil, err
	}
	return res, nil
}

// repeatOf is the decision recorded before that d repeats exactly (the same kind, measure,
// day, 文号 and new deadline), or nil.
func repeatOf(reg decision.Register, d decision.Decision) *decision.Decision {
	for i := len(reg) - 1; i >= 0; i-- {
		e := &reg[i]
		if e.Key() != d.Key() {
			continue
		}
		if e.Kind == d.Kind && e.Date.Equal(d.Date) && e.Doc == d.Doc && e.To.Equal(d.To) {
			return e
		}
		return nil // a later decision on the measure: d is new again
	}
	return nil
}

// restsOn is what a 销号 rests on: for every responsible unit, its accepted return that said
// 已完成 — of those the office had received by the day decided — and the files of that return
// its 佐证材料 names; and the units that had not said 已完成, with what they said last.
func restsOn(w *store.Workspace, p *plan.Plan, d decision.Decision, said map[string]map[string]store.Statement) ([]decision.Ref, []string) {
	t := p.Task(d.Task)
	m := t.Measure(d.Measure)
	key := d.Key()
	var refs []decision.Ref
	var missing []string
	units := p.Expand(t.ActingUnits(m))
	var ids []int64
	for _, u := range units {
		if st, ok := said[u][key]; ok && st.Entry.Status == plan.StatusDone {
			ids = append(ids, st.Record)
		}
	}
	files, _ := w.EvidenceOf(ids)
	for _, u := range units {
		st, ok := said[u][key]
		switch {
		case !ok:
			missing = append(missing, u+"尚未报告这条措施的进展")
			continue
		case st.Entry.Status != plan.StatusDone:
			missing = append(missing, fmt.Sprintf("%s最近一次报告为“%s”（%s），未报告已完成", u, st.Entry.Status, st.Period.Label()))
			continue
		}
		name := ""
		if r, err := w.Record(st.Record); err == nil {
			name = r.Name()
		}
		refs = append(refs, decision.Ref{Record: st.Record, Unit: u, Name: name})
		for _, f := range files[st.Record] {
			if f.Kind != store.EvidenceMessage && st.Entry.Names(f.Name) {
				refs = append(refs, decision.Ref{Record: st.Record, Evidence: f.ID, Unit: u, Name: f.Name})
			}
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].Record < refs[j].Record })
	return refs, missing
}

// ClosedRemoved are the 销号 in force of measures a plan update removed (a removed task
// removes its measures): the register keeps them, and the office should know.
func ClosedRemoved(reg decision.Register, old *plan.Plan, changes []plan.Change) []decision.Decision {
	closed := reg.Latest()
	var out []decision.Decision
	add := func(key string) {
		if st, ok := closed[key]; ok && st.Closed != nil {
			out = append(out, *st.Closed)
		}
	}
	for _, c := range changes {
		if c.Kind != "removed" || c.Task == 0 {
			continue
		}
		if c.Measure > 0 {
			add(plan.RowKey(c.Task, c.Measure))
			continue
		}
		if t := old.Task(c.Task); t != nil {
			for _, m := range t.Measures {
				add(plan.RowKey(c.Task, m.No))
			}
		}
	}
	return out
}
