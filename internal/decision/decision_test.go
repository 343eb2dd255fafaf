package decision

import (
	"strings"
	"testing"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/plan"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func testPlan() *plan.Plan {
	return &plan.Plan{Tasks: []plan.Task{{No: 3, Measures: []plan.Measure{
		{No: 1, Deadline: deadline.Deadline{Text: "2022年9月底前", Kind: deadline.KindDate, Due: day("2022-09-30")}},
		{No: 2, Deadline: deadline.Deadline{Text: "长期坚持", Kind: deadline.KindOngoing}},
		{No: 3, Deadline: deadline.Deadline{Text: "每季度末", Kind: deadline.KindRecurring, Rule: &deadline.Rule{Every: "quarter"}}},
	}}}}
}

func dec(id int64, kind Kind, key string, date string) Decision {
	t, m, _ := plan.ParseRowKey(key)
	return Decision{ID: id, Kind: kind, Task: t, Measure: m, Date: day(date), Doc: "长整改办〔2022〕" + string(rune('0'+id)) + "号", Note: "说明"}
}

// The state on a day follows the decisions dated by then, in order: closed, reopened, closed
// again; an extension stays in force through a reopening.
func TestStateOnADay(t *testing.T) {
	ext := dec(1, Extend, "3.1", "2022-08-10")
	ext.To = day("2022-12-31")
	r := Register{ext, dec(2, Close, "3.1", "2022-08-20"), dec(3, Reopen, "3.1", "2022-09-05"), dec(4, Close, "3.1", "2022-10-08")}
	cases := []struct {
		on       string
		closed   int64 // the closing decision in force, 0 for open
		extended bool
		due      string
	}{
		{"2022-08-09", 0, false, "2022-09-30"},
		{"2022-08-10", 0, true, "2022-12-31"},
		{"2022-08-31", 2, true, "2022-12-31"},
		{"2022-09-30", 0, true, "2022-12-31"},
		{"2022-10-31", 4, true, "2022-12-31"},
	}
	own := testPlan().Tasks[0].Measures[0].Deadline
	for _, c := range cases {
		s := r.As(day(c.on))["3.1"]
		var closed int64
		if s.Closed != nil {
			closed = s.Closed.ID
		}
		if closed != c.closed || (s.Extended != nil) != c.extended || s.Deadline(own).DueString() != c.due {
			t.Errorf("on %s: closed by %d, extended %v, due %s; want %d, %v, %s", c.on, closed, s.Extended != nil, s.Deadline(own).DueString(), c.closed, c.extended, c.due)
		}
	}
	if got := r.Closed(day("2022-08-31")); !got["3.1"] || len(got) != 1 {
		t.Errorf("closed on 31 August: %v", got)
	}
}

func TestCheck(t *testing.T) {
	p := testPlan()
	closed := Register{dec(1, Close, "3.1", "2022-08-20")}
	ext := func(key, date, to string) Decision {
		d := dec(9, Extend, key, date)
		d.To = day(to)
		return d
	}
	cases := []struct {
		name string
		reg  Register
		d    Decision
		want string // part of the refusal; "" to be accepted
	}{
		{"close", nil, dec(9, Close, "3.1", "2022-08-20"), ""},
		{"close twice", closed, dec(9, Close, "3.1", "2022-08-25"), "无需再次销号"},
		{"reopen", closed, dec(9, Reopen, "3.1", "2022-09-01"), ""},
		{"reopen without a reason", closed, func() Decision { d := dec(9, Reopen, "3.1", "2022-09-01"); d.Note = ""; return d }(), "原因"},
		{"reopen an open measure", nil, dec(9, Reopen, "3.1", "2022-09-01"), "没有销号"},
		{"extend before the deadline", nil, ext("3.1", "2022-09-01", "2022-12-31"), ""},
		{"extend after the deadline has passed", nil, ext("3.1", "2022-10-15", "2022-12-31"), ""},
		{"extend to an earlier day", nil, ext("3.1", "2022-09-01", "2022-09-15"), "不晚于"},
		{"extend a closed measure", closed, ext("3.1", "2022-09-01", "2022-12-31"), "不能延期"},
		{"extend an ongoing measure", nil, ext("3.2", "2022-09-01", "2022-12-31"), "无需延期"},
		{"extend a recurring measure", nil, ext("3.3", "2022-09-01", "2022-12-31"), "按周期重复"},
		{"a decision dated before the last", closed, dec(9, Reopen, "3.1", "2022-08-01"), "不能更早"},
		{"no document number", nil, func() Decision { d := dec(9, Close, "3.1", "2022-08-20"); d.Doc = ""; return d }(), "文号"},
		{"no such measure", nil, dec(9, Close, "3.9", "2022-08-20"), "没有这条措施"},
	}
	for _, c := range cases {
		got := c.reg.Check(p, c.d)
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%s: refused: %s", c.name, got.Reason)
		case c.want != "" && (got == nil || !strings.Contains(got.Reason, c.want)):
			t.Errorf("%s: %v, want a refusal saying %q", c.name, got, c.want)
		case got != nil && !strings.HasPrefix(got.Reason, "任务3措施"):
			t.Errorf("%s: the refusal does not name the measure: %s", c.name, got.Reason)
		}
	}
}
