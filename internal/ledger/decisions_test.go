package ledger_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/fill"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/register"
	"taizhang/internal/template"
)

// decide records one decision through the register, as the commands do.
func (wd *world) decide(kind decision.Kind, key, day, doc string, change func(*decision.Decision)) error {
	wd.t.Helper()
	t, m, _ := plan.ParseRowKey(key)
	dd := decision.Decision{Kind: kind, Task: t, Measure: m, Date: d(day), Doc: doc, By: "李主任", Note: "核查"}
	if change != nil {
		change(&dd)
	}
	_, err := register.Record(wd.w, wd.p, []decision.Decision{dd}, "", d(day).Add(10*time.Hour))
	return err
}

func (wd *world) ledgerOf(month string) *ledger.Ledger {
	wd.t.Helper()
	per := period.MustParse(month)
	l, err := ledger.Build(wd.p, wd.w, per, per.Last())
	if err != nil {
		wd.t.Fatal(err)
	}
	return l
}

// The office's decisions, rule by rule, on the two-month world: 保护中心 completed 20.1 in July
// and says in August it is ongoing again; 商务局 reported 16.4 滞后 in July (due 2022-06-30).
func TestDecisionRules(t *testing.T) {
	wd := twoMonths(t)
	// 销号 of 20.1 on 5 August, once July's return was in: the August ledger has it green and
	// done although the unit says in August it is ongoing again; the July ledger (as of 31
	// July) knows nothing of it
	if err := wd.decide(decision.Close, "20.1", "2022-08-05", "长整改办〔2022〕5号", nil); err != nil {
		t.Fatal(err)
	}
	jul, aug := wd.ledgerOf("2022-07"), wd.ledgerOf("2022-08")
	if m := measure(jul, "20.1"); m.Closed != nil || jul.Counts().Measures[ledger.Closed] != 0 {
		t.Errorf("20.1 July: closed by a decision of August")
	}
	m := measure(aug, "20.1")
	if m.Closed == nil || m.Status != plan.StatusDone || m.Verdict.Light != ledger.Green || m.Verdict.Reason != ledger.Closed {
		t.Errorf("20.1 August: closed %v, %s %s %s", m.Closed, m.Status, m.Verdict.Light, m.Verdict.Reason)
	}
	if m.Units[0].Red || m.Units[0].Regressed || !m.Units[0].Closed || contains(m.Changes, "退步（上期已完成）") {
		t.Errorf("20.1 August: the unit's item %+v, changes %v", m.Units[0], m.Changes)
	}
	if c := aug.Counts(); c.Measures[ledger.Closed] != 1 || c.Measures[plan.StatusDone] != 1 {
		t.Errorf("August counts: %v", c.Measures)
	}
	if len(aug.Decided) != 1 || aug.Decided[0].Kind != decision.Close {
		t.Errorf("August's decisions %v", aug.Decided)
	}
	// 撤销销号 on 5 September: August stays closed, September is the units' again
	if err := wd.decide(decision.Reopen, "20.1", "2022-09-05", "长整改办〔2022〕9号", nil); err != nil {
		t.Fatal(err)
	}
	if measure(wd.ledgerOf("2022-08"), "20.1").Closed == nil {
		t.Errorf("the August ledger lost the closing")
	}
	sep := wd.ledgerOf("2022-09")
	if m := measure(sep, "20.1"); m.Closed != nil || m.Status == plan.StatusDone || len(sep.Register) != 2 {
		t.Errorf("20.1 September after reopening: %v %s, register %d", m.Closed, m.Status, len(sep.Register))
	}

	// 延期 of 16.4 to 31 December, decided on 10 August, after the original deadline: July is
	// still judged by 30 June, August by 31 December; the original deadline stays shown
	if err := wd.decide(decision.Extend, "16.4", "2022-08-10", "长整改办〔2022〕7号", func(dd *decision.Decision) { dd.To = d("2022-12-31") }); err != nil {
		t.Fatal(err)
	}
	wd.send("2022-08", "商务局", map[string]fill.Row{
		"16.4": {Status: plan.StatusBehind, Progress: "排查进行中。", Problems: "点位多", Next: "12月底前完成"},
	})
	jul, aug = wd.ledgerOf("2022-07"), wd.ledgerOf("2022-08")
	if m := measure(jul, "16.4"); m.Extended != nil || m.Verdict.DaysOverdue != 31 {
		t.Errorf("16.4 July: extended %v, %d days overdue", m.Extended, m.Verdict.DaysOverdue)
	}
	m = measure(aug, "16.4")
	if m.Extended == nil || m.Verdict.DaysOverdue != 0 || !m.Verdict.Due.Equal(d("2022-12-31")) || m.DeadlineText != "2022年6月底前" {
		t.Errorf("16.4 August: extended %v, %d days overdue, due %s, text %s", m.Extended, m.Verdict.DaysOverdue, m.Verdict.Due, m.DeadlineText)
	}
	if m.Verdict.Light != ledger.Red || m.Verdict.Reason != "滞后" {
		t.Errorf("16.4 August is 滞后 still: %s %s", m.Verdict.Light, m.Verdict.Reason)
	}
	// 商务局's August template shows the approved deadline with the original, and a return
	// saying 序时推进 is no longer inconsistent with it
	rows := template.Decided(template.Rows(wd.p, "商务局"), aug.Register.As(d("2022-08-31")))
	for _, r := range rows {
		if r.Key() == "16.4" && (r.Due != "2022-12-31" || !strings.Contains(r.DeadlineText, "原时限：2022年6月底前") || !strings.Contains(r.DeadlineText, "长整改办〔2022〕7号")) {
			t.Errorf("16.4 in the template: %+v", r)
		}
	}
	wd.send("2022-08", "商务局", map[string]fill.Row{"16.4": {Status: plan.StatusOnTrack, Progress: "排查过半。"}})
	if m := measure(wd.ledgerOf("2022-08"), "16.4"); m.Verdict.Light != ledger.Green || m.Status != plan.StatusOnTrack {
		t.Errorf("16.4 on track before its new deadline: %s %s", m.Verdict.Light, m.Verdict.Reason)
	}

	// an extension decided before the deadline passes keeps the measure out of the red
	if err := wd.decide(decision.Extend, "31.3", "2022-08-20", "长整改办〔2022〕8号", func(dd *decision.Decision) { dd.To = d("2022-10-31") }); err != nil {
		t.Fatal(err)
	}
	if m := measure(wd.ledgerOf("2022-08"), "31.3"); m.Verdict.DaysOverdue != 0 || !m.Verdict.Due.Equal(d("2022-10-31")) {
		t.Errorf("31.3: %+v", m.Verdict)
	}

	// an extension of a closed measure is refused, and nothing is recorded
	if err := wd.decide(decision.Close, "23.1", "2022-08-25", "长整改办〔2022〕10号", nil); err == nil {
		t.Fatal("23.1 closed though four of its five units never said 已完成")
	}
	if err := wd.decide(decision.Close, "23.1", "2022-08-25", "长整改办〔2022〕10号", func(dd *decision.Decision) { dd.Forced = true }); err != nil {
		t.Fatal(err)
	}
	err := wd.decide(decision.Extend, "23.1", "2022-08-26", "长整改办〔2022〕11号", func(dd *decision.Decision) { dd.To = d("2022-12-31") })
	var refused *register.Refused
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "不能延期") {
		t.Fatalf("extension of a closed measure: %v", err)
	}
	reg, _ := wd.w.Decisions()
	if len(reg) != 5 || !reg[4].Forced {
		t.Errorf("register %d decisions, last forced %v", len(reg), reg[len(reg)-1].Forced)
	}
}

// A 销号 rests on what the units reported: the return that said 已完成 and the files its
// 佐证材料 names are kept with the decision; the same decision recorded again changes nothing.
func TestClosingRestsOnTheReturns(t *testing.T) {
	wd := twoMonths(t)
	if err := wd.decide(decision.Close, "20.1", "2022-08-05", "长整改办〔2022〕5号", nil); err != nil {
		t.Fatal(err)
	}
	reg, _ := wd.w.Decisions()
	if len(reg) != 1 || len(reg[0].Evidence) == 0 || reg[0].Evidence[0].Unit != "保护中心" || reg[0].Evidence[0].Record == 0 {
		t.Fatalf("register %+v", reg)
	}
	if err := wd.decide(decision.Close, "20.1", "2022-08-05", "长整改办〔2022〕5号", nil); err != nil {
		t.Fatalf("the same decision again: %v", err)
	}
	if reg, _ = wd.w.Decisions(); len(reg) != 1 {
		t.Errorf("recorded twice: %d", len(reg))
	}
	if err := wd.decide(decision.Close, "20.1", "2022-08-06", "长整改办〔2022〕6号", nil); err == nil || !strings.Contains(err.Error(), "无需再次销号") {
		t.Errorf("another closing of a closed measure: %v", err)
	}
}

// A unit whose every measure is closed is not expected to report: not 未报送, no template.
func TestUnitWithEveryMeasureClosed(t *testing.T) {
	wd := newWorld(t)
	rows := template.Rows(wd.p, "融媒体中心")
	if len(rows) == 0 {
		t.Fatal("融媒体中心 has no measures")
	}
	for _, r := range rows {
		if err := wd.decide(decision.Close, r.Key(), "2022-07-20", "长整改办〔2022〕3号", func(dd *decision.Decision) { dd.Forced = true }); err != nil {
			t.Fatal(err)
		}
	}
	l := wd.ledgerOf("2022-07")
	if u := unit(l, "融媒体中心"); u.State != ledger.StateClosed || u.Red != 0 {
		t.Errorf("融媒体中心: %+v", u)
	}
	c := l.Counts()
	if contains(c.Missing, "融媒体中心") || !contains(c.Closed, "融媒体中心") || c.Expected != len(l.Units)-len(c.Closed) {
		t.Errorf("counts: missing %v, closed %v, expected %d of %d", c.Missing, c.Closed, c.Expected, len(l.Units))
	}
	if got := template.Decided(rows, l.Register.As(d("2022-07-31"))); len(got) != 0 {
		t.Errorf("its template would hold %d rows", len(got))
	}
}
