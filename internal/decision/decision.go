// Package decision holds the office's own decisions on measures — 销号 (closing a measure once
// the office has checked its evidence), 延期 (an approved new deadline) and 撤销销号 — and the
// rules that say what they make of a measure on a given day. The register is append-only: a
// decision is undone by another decision, never edited away. It imports plan, deadline and
// period; the store keeps the register, the ledger applies it.
package decision

import (
	"fmt"
	"sort"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/period"
	"taizhang/internal/plan"
)

// Kind is what a decision does.
type Kind string

// Kinds of decision.
const (
	Close  Kind = "close"  // 销号
	Extend Kind = "extend" // 延期
	Reopen Kind = "reopen" // 撤销销号
)

// Label is the kind in the office's words.
func (k Kind) Label() string {
	switch k {
	case Close:
		return "销号"
	case Extend:
		return "延期"
	case Reopen:
		return "撤销销号"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Close || k == Extend || k == Reopen }

// Ref is what a decision rests on: a unit's return (a record) or a file that came with it.
type Ref struct {
	Record   int64  `json:"record"`
	Evidence int64  `json:"evidence,omitempty"` // the evidence file, 0 for the return itself
	Unit     string `json:"unit,omitempty"`
	Name     string `json:"name,omitempty"` // the file's name, or the return's
}

// Decision is one entry of the register.
type Decision struct {
	ID         int64
	Kind       Kind
	Task       int
	Measure    int
	Date       time.Time // the day decided (UTC midnight)
	Doc        string    // 文号, e.g. 长整改办〔2022〕5号
	By         string    // who approved it
	Note       string
	To         time.Time // 延期: the approved deadline
	Forced     bool      // 销号 recorded although not every unit had reported 已完成
	Evidence   []Ref
	Source     string // the review workbook it came from, "" when by command
	RecordedAt time.Time
}

// Key is the measure's row key "3.1".
func (d *Decision) Key() string { return plan.RowKey(d.Task, d.Measure) }

// State is what the decisions make of a measure as of a day.
type State struct {
	Closed   *Decision // the 销号 in force, nil when open
	Extended *Decision // the latest 延期 in force, nil when none
}

// Deadline is the deadline a measure is judged by: the approved one when extended, else its
// own.
func (s State) Deadline(own deadline.Deadline) deadline.Deadline {
	if s.Extended == nil {
		return own
	}
	return deadline.Deadline{Text: period.DateLabel(s.Extended.To), Kind: deadline.KindDate, Due: s.Extended.To}
}

// Register is the decisions in the order they were recorded.
type Register []Decision

// As is the state of each measure with a decision in force on a day: decisions dated after it
// do not count yet. A measure's decisions are never dated earlier than the ones recorded
// before them (Check), so the order recorded is the order decided.
func (r Register) As(day time.Time) map[string]State {
	out := map[string]State{}
	for i := range r {
		d := &r[i]
		if d.Date.After(day) {
			continue
		}
		s := out[d.Key()]
		switch d.Kind {
		case Close:
			s.Closed = d
		case Reopen:
			s.Closed = nil
		case Extend:
			s.Extended = d
		}
		out[d.Key()] = s
	}
	return out
}

// Latest is the state of each measure after every decision, whatever its date.
func (r Register) Latest() map[string]State {
	return r.As(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}

// Closed lists the keys of the measures closed on a day.
func (r Register) Closed(day time.Time) map[string]bool {
	out := map[string]bool{}
	for k, s := range r.As(day) {
		if s.Closed != nil {
			out[k] = true
		}
	}
	return out
}

// Between lists the decisions dated from one day to another (both included), in order.
func (r Register) Between(from, to time.Time) []Decision {
	var out []Decision
	for _, d := range r {
		if !d.Date.Before(from) && !d.Date.After(to) {
			out = append(out, d)
		}
	}
	return out
}

// Of lists a measure's decisions in order.
func (r Register) Of(key string) []Decision {
	var out []Decision
	for i := range r {
		if r[i].Key() == key {
			out = append(out, r[i])
		}
	}
	return out
}

// Refusal says why a decision cannot be recorded, in the office's words.
type Refusal struct {
	Key    string
	Reason string
}

func (e *Refusal) Error() string { return e.Reason }

// Check says why a new decision on a measure of the plan cannot be recorded, or nil. It knows
// the register and the plan; whether the units reported 已完成 is for the caller to add.
func (r Register) Check(p *plan.Plan, d Decision) *Refusal {
	key := d.Key()
	refuse := func(format string, args ...any) *Refusal {
		return &Refusal{Key: key, Reason: fmt.Sprintf("任务%d措施%d：", d.Task, d.Measure) + fmt.Sprintf(format, args...)}
	}
	t := p.Task(d.Task)
	var m *plan.Measure
	if t != nil {
		m = t.Measure(d.Measure)
	}
	if m == nil {
		return refuse("任务清单中没有这条措施")
	}
	if !d.Kind.Valid() {
		return refuse("不知道的决定类别“%s”", d.Kind)
	}
	if d.Date.IsZero() {
		return refuse("请写明决定的日期")
	}
	if d.Doc == "" {
		return refuse("请写明文号（如“长整改办〔2022〕5号”）")
	}
	if d.Kind == Reopen && d.Note == "" {
		return refuse("撤销销号请写明原因")
	}
	earlier := r.Of(key)
	if n := len(earlier); n > 0 && d.Date.Before(earlier[n-1].Date) {
		last := earlier[n-1]
		return refuse("已有%s的%s决定（%s），新决定的日期不能更早", dateLabel(last.Date), last.Kind.Label(), last.Doc)
	}
	st := r.Latest()[key]
	switch d.Kind {
	case Close:
		if c := st.Closed; c != nil {
			return refuse("已于%s销号（%s），无需再次销号", dateLabel(c.Date), c.Doc)
		}
	case Reopen:
		if st.Closed == nil {
			return refuse("没有销号，无需撤销")
		}
	case Extend:
		if c := st.Closed; c != nil {
			return refuse("已于%s销号（%s），不能延期；如需继续整改，请先撤销销号", dateLabel(c.Date), c.Doc)
		}
		own := st.Deadline(m.Deadline)
		switch {
		case d.To.IsZero():
			return refuse("请写明调整后的时限")
		case own.Kind == deadline.KindOngoing:
			return refuse("整改时限为“%s”，没有截止日期，无需延期", m.Deadline.Text)
		case own.Kind == deadline.KindRecurring:
			return refuse("整改时限“%s”按周期重复，不能延期到某一天", m.Deadline.Text)
		case own.HasDue() && !d.To.After(own.Due):
			return refuse("调整后的时限 %s 不晚于现在的时限 %s", dateLabel(d.To), dateLabel(own.Due))
		}
	}
	return nil
}

func dateLabel(t time.Time) string { return period.DateLabel(t) }

// Sorted returns the decisions ordered by id.
func (r Register) Sorted() Register {
	out := append(Register(nil), r...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
