package ledger

import (
	"testing"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/period"
	"taizhang/internal/plan"
)

var rules = Rules{Statuses: plan.DefaultStatuses(), WarnDays: 30}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func TestLeast(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"已完成", "已完成"}, "已完成"},
		{[]string{"已完成", "序时推进"}, "序时推进"},
		{[]string{"序时推进", "滞后", "已完成"}, "滞后"},
		{[]string{"滞后", "未启动"}, "未启动"},
		{[]string{"已完成", NotReported}, NotReported},
		{[]string{"已完成", "奇怪的状态"}, NotReported},
		{nil, NotReported},
	}
	for _, c := range cases {
		if got := rules.Least(c.in); got != c.want {
			t.Errorf("Least(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestLight(t *testing.T) {
	asOf := day("2022-07-31")
	date := func(s string) deadline.Deadline {
		return deadline.Deadline{Text: s, Kind: deadline.KindDate, Due: day(s)}
	}
	ongoing := deadline.Parse("立整立改，长期坚持", deadline.Context{})
	yearly := deadline.Parse("每年3月底前", deadline.Context{})
	quarterly := deadline.Parse("每季度末", deadline.Context{})
	unknown := deadline.Parse("按上级要求", deadline.Context{})
	cases := []struct {
		name   string
		status string
		d      deadline.Deadline
		light  Light
		days   int
		reason string
	}{
		{"done before due", "已完成", date("2022-06-30"), Green, 0, "已完成"},
		{"done, past due", "已完成", date("2022-01-31"), Green, 0, "已完成"},
		{"on track, far ahead", "序时推进", date("2022-12-31"), Green, 0, "序时推进"},
		{"on track, due in the window", "序时推进", date("2022-08-20"), Yellow, 0, "预警（20天后到期）"},
		{"on track, due on the window's last day", "序时推进", date("2022-08-30"), Yellow, 0, "预警（30天后到期）"},
		{"on track, due the day after the window", "序时推进", date("2022-08-31"), Green, 0, "序时推进"},
		{"due today is not overdue", "序时推进", date("2022-07-31"), Yellow, 0, "预警（当日到期）"},
		{"overdue", "序时推进", date("2022-06-30"), Red, 31, "逾期31天"},
		{"not started, overdue", "未启动", date("2022-07-30"), Red, 1, "逾期1天"},
		{"behind, far ahead", "滞后", date("2022-12-31"), Red, 0, "滞后"},
		{"behind and overdue", "滞后", date("2022-06-30"), Red, 31, "逾期31天（滞后）"},
		{"not reported", NotReported, date("2022-12-31"), Red, 0, "未报送，进展暂无法确认"},
		{"not reported and overdue: not said to be unfinished", NotReported, date("2022-06-30"), Red, 31, "已过截止日期31天，进展暂无法确认（未报送）"},
		{"not reported, ongoing", NotReported, ongoing, Red, 0, "未报送，进展暂无法确认"},
		{"ongoing", "序时推进", ongoing, Green, 0, "长期坚持"},
		{"ongoing, behind", "滞后", ongoing, Red, 0, "滞后"},
		{"unknown deadline", "序时推进", unknown, Green, 0, "长期坚持"},
		{"yearly, next March", "序时推进", yearly, Green, 0, "序时推进"},
		{"quarterly, due in two months", "序时推进", quarterly, Green, 0, "序时推进"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := rules.Light(c.status, c.d, asOf)
			if v.Light != c.light || v.DaysOverdue != c.days || v.Reason != c.reason {
				t.Errorf("got %s %d %q, want %s %d %q", v.Light, v.DaysOverdue, v.Reason, c.light, c.days, c.reason)
			}
		})
	}
	// a quarterly deadline near the quarter's end is a warning
	v := rules.Light("序时推进", quarterly, day("2022-09-10"))
	if v.Light != Yellow || v.Due != day("2022-09-30") {
		t.Errorf("quarterly near the end: %+v", v)
	}
	// a smaller window
	if v := (Rules{Statuses: plan.DefaultStatuses(), WarnDays: 7}).Light("序时推进", date("2022-08-20"), asOf); v.Light != Green {
		t.Errorf("7-day window: %+v", v)
	}
}

func TestUnitStatus(t *testing.T) {
	jul := period.MustParse("2022-07")
	done := &Statement{Status: plan.StatusDone, Period: jul}
	onTrack := &Statement{Status: plan.StatusOnTrack, Period: jul}
	cases := []struct {
		name     string
		reported string
		earlier  *Statement
		status   string
		carried  period.Period
		regress  bool
	}{
		{"reported this period", plan.StatusOnTrack, nil, plan.StatusOnTrack, period.Period{}, false},
		{"reported done again", plan.StatusDone, done, plan.StatusDone, period.Period{}, false},
		{"completion carried when not reported", "", done, plan.StatusDone, jul, false},
		{"nothing carried but completion", "", onTrack, NotReported, period.Period{}, false},
		{"never reported", "", nil, NotReported, period.Period{}, false},
		{"accepted return says not finished: a regression", plan.StatusBehind, done, plan.StatusBehind, period.Period{}, true},
		{"on track after on track is no regression", plan.StatusOnTrack, onTrack, plan.StatusOnTrack, period.Period{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, carried := UnitStatus(c.reported, c.earlier)
			if st != c.status || carried != c.carried {
				t.Errorf("UnitStatus = %s %v, want %s %v", st, carried, c.status, c.carried)
			}
			if got := Regressed(c.reported, c.earlier); got != c.regress {
				t.Errorf("Regressed = %v, want %v", got, c.regress)
			}
		})
	}
}

func TestUnitRed(t *testing.T) {
	asOf := day("2022-07-31")
	past, ahead := day("2022-06-30"), day("2022-12-31")
	cases := []struct {
		name   string
		status string
		due    time.Time
		red    bool
	}{
		{"behind", plan.StatusBehind, ahead, true},
		{"not reported", NotReported, ahead, true},
		{"on track, ahead", plan.StatusOnTrack, ahead, false},
		{"on track, past due", plan.StatusOnTrack, past, true},
		{"not started, past due", plan.StatusNotStarted, past, true},
		{"done, past due", plan.StatusDone, past, false},
		{"done, ongoing", plan.StatusDone, time.Time{}, false},
		{"on track, ongoing", plan.StatusOnTrack, time.Time{}, false},
		{"due today is not past", plan.StatusOnTrack, asOf, false},
	}
	for _, c := range cases {
		if got := UnitRed(c.status, c.due, asOf); got != c.red {
			t.Errorf("%s: UnitRed = %v, want %v", c.name, got, c.red)
		}
	}
}
