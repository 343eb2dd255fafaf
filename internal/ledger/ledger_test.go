package ledger_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/internal/collect"
	"taizhang/internal/fill"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

type world struct {
	t *testing.T
	w *store.Workspace
	p *plan.Plan
}

func newWorld(t *testing.T) *world {
	t.Helper()
	data, err := os.ReadFile("../../samples/任务清单.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		t.Fatal(err)
	}
	p := pf.Plan
	w, err := store.Init(filepath.Join(t.TempDir(), "ws"), pf, store.InitOptions{Now: time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return &world{t: t, w: w, p: p}
}

// send collects a unit's return for a period with explicit rows; rows not given are on
// schedule.
func (wd *world) send(month, unit string, rows map[string]fill.Row) {
	wd.t.Helper()
	per := period.MustParse(month)
	asOf := per.Last()
	f := fill.Form{Rows: map[string]fill.Row{}, Filler: "张三", Phone: "13912345678"}
	for _, r := range template.Rows(wd.p, unit) {
		f.Rows[r.Key()] = fill.Row{Status: plan.StatusOnTrack, Progress: unit + "推进" + r.Key() + "，" + month}
	}
	for k, r := range rows {
		f.Rows[k] = r
	}
	data, err := fill.Return(template.Spec{Plan: wd.p, Unit: unit, Period: per, AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: wd.w.ID, Key: wd.w.Key(), Master: templates.ProgressMaster}, f, nil)
	if err != nil {
		wd.t.Fatal(err)
	}
	path := filepath.Join(wd.t.TempDir(), unit+".xlsx")
	os.WriteFile(path, data, 0o644)
	sum, err := collect.Run(context.Background(), wd.w, wd.p, collect.Options{Paths: []string{path}, Period: per, Now: asOf.AddDate(0, 0, 3)})
	if err != nil {
		wd.t.Fatal(err)
	}
	if o := sum.Outcomes[0]; o.Verdict() != "accepted" {
		wd.t.Fatalf("%s %s rejected: %v", unit, month, o.Findings())
	}
}

func d(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func twoMonths(t *testing.T) *world {
	wd := newWorld(t)
	done := func(day string) fill.Row {
		return fill.Row{Status: plan.StatusDone, Progress: "已完成。", Done: d(day), Evidence: "验收材料"}
	}
	wd.send("2022-07", "保护中心", map[string]fill.Row{"20.1": done("2022-07-20")})
	wd.send("2022-07", "商务局", map[string]fill.Row{
		"16.4": {Status: plan.StatusBehind, Progress: "排查尚未完成。", Problems: "人手不足", Next: "8月底前完成排查"},
	})
	wd.send("2022-08", "保护中心", map[string]fill.Row{
		"20.1": {Status: plan.StatusOnTrack, Progress: "发现新的问题点位，重新整改。"},
		"23.1": done("2022-08-15"),
	})
	return wd
}

func measure(l *ledger.Ledger, key string) *ledger.MeasureRow {
	for i := range l.Measures {
		if l.Measures[i].Key() == key {
			return &l.Measures[i]
		}
	}
	return nil
}

func unit(l *ledger.Ledger, name string) *ledger.UnitRow {
	for i := range l.Units {
		if l.Units[i].Unit == name {
			return &l.Units[i]
		}
	}
	return nil
}

// Expectations computed by hand from the plan and the returns above.
func TestTwoPeriods(t *testing.T) {
	wd := twoMonths(t)
	jul, err := ledger.Build(wd.p, wd.w, period.MustParse("2022-07"), d("2022-07-31"))
	if err != nil {
		t.Fatal(err)
	}
	// 16.4: only 商务局, reported 滞后, due 2022-06-30 (“2022年6月底前”) → red, 31 days overdue
	if m := measure(jul, "16.4"); m.Status != plan.StatusBehind || m.Verdict.Light != ledger.Red || m.Verdict.Reason != "逾期31天（滞后）" {
		t.Errorf("16.4 July: %s %s %s", m.Status, m.Verdict.Light, m.Verdict.Reason)
	}
	// 16: 16.1 is 生态环境局's, not reported → the task is 未报送, red
	if tk := jul.Tasks[15]; tk.No != 16 || tk.Status != ledger.NotReported || tk.Light != ledger.Red {
		t.Errorf("task 16: %+v", tk)
	}
	// 20.1: only 保护中心, done → green, completion date kept
	if m := measure(jul, "20.1"); m.Status != plan.StatusDone || m.Verdict.Light != ledger.Green || m.DoneDate != "2022-07-20" {
		t.Errorf("20.1 July: %+v", m)
	}
	// 23.1: 保护中心 on schedule, 规划资源局 and the districts missing → 未报送
	if m := measure(jul, "23.1"); m.Status != ledger.NotReported || len(m.Units) != 5 {
		t.Errorf("23.1 July: %s %d units", m.Status, len(m.Units))
	}
	// 31.3 (商务局, due 2022-08-31): 31 days ahead of July 31 → green
	if m := measure(jul, "31.3"); m.Status != plan.StatusOnTrack || m.Verdict.Light != ledger.Green {
		t.Errorf("31.3 July: %s %s", m.Status, m.Verdict.Light)
	}
	// 商务局 reports on 4.1–4.3, 8.1 (各相关部门), 16.4, 31.3: its own red item is 16.4 (滞后);
	// 4.x and 8.1 are red because other units did not report — measures with a red light it
	// shares, not its red items
	if u := unit(jul, "商务局"); u.Assigned != 6 || u.State != ledger.StateReported || u.Red != 1 || u.RedMeasures != 5 ||
		u.Counts[plan.StatusOnTrack] != 5 || u.Counts[plan.StatusBehind] != 1 {
		t.Errorf("商务局 July: %+v", u)
	}
	if u := unit(jul, "经发局"); u.State != ledger.StateMissing || u.Counts[ledger.NotReported] != u.Assigned {
		t.Errorf("经发局 July: %+v", u)
	}
	if !jul.PrevPeriod.IsZero() {
		t.Errorf("July has a previous period %s", jul.PrevPeriod)
	}

	aug, err := ledger.Build(wd.p, wd.w, period.MustParse("2022-08"), d("2022-08-31"))
	if err != nil {
		t.Fatal(err)
	}
	if aug.PrevPeriod != period.MustParse("2022-07") {
		t.Fatalf("previous %q", aug.PrevPeriod)
	}
	// 20.1 regressed
	if m := measure(aug, "20.1"); m.Status != plan.StatusOnTrack || m.PrevStatus != plan.StatusDone || !contains(m.Changes, "退步（上期已完成）") {
		t.Errorf("20.1 August: %s prev %s %v", m.Status, m.PrevStatus, m.Changes)
	}
	// 31.3: 商务局 did not report in August → red, light changed
	if m := measure(aug, "31.3"); m.Status != ledger.NotReported || m.Verdict.Light != ledger.Red || !contains(m.Changes, "灯：绿→红") {
		t.Errorf("31.3 August: %s %s %v", m.Status, m.Verdict.Light, m.Changes)
	}
	// 5.1 (经发局, due 2022-08-31) never reported: red in both months, no change in light
	if m := measure(aug, "5.1"); m.Verdict.Light != ledger.Red || len(m.Changes) != 0 {
		t.Errorf("5.1 August: %+v", m.Changes)
	}
	c := aug.Counts()
	if c.Measures["total"] != 115 || c.Tasks["total"] != 33 || c.Lights[ledger.Red]+c.Lights[ledger.Yellow]+c.Lights[ledger.Green] != 115 {
		t.Errorf("counts %+v", c)
	}
	if len(c.Reported) != 1 || c.Reported[0] != "保护中心" || c.Expected != 20 || len(c.Missing) != 19 {
		t.Errorf("units %+v", c)
	}
	if len(aug.History) != 2 || aug.History[0].Completed != 1 {
		t.Errorf("history %+v", aug.History)
	}
	// the alerts are only red and yellow, worst first
	alerts := aug.Alerts()
	for i, a := range alerts {
		if a.Verdict.Light == ledger.Green {
			t.Fatalf("green alert %s", a.Key())
		}
		if i > 0 && a.Verdict.Light == ledger.Red && alerts[i-1].Verdict.Light == ledger.Yellow {
			t.Fatalf("red after yellow at %d", i)
		}
		if i > 0 && a.Verdict.DaysOverdue > alerts[i-1].Verdict.DaysOverdue && alerts[i-1].Verdict.Light == ledger.Red {
			t.Fatalf("alerts not sorted by days overdue at %d", i)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// The workbook's cells, read back, say what the ledger says.
func TestWorkbookCells(t *testing.T) {
	wd := twoMonths(t)
	aug, _ := ledger.Build(wd.p, wd.w, period.MustParse("2022-08"), d("2022-08-31"))
	b := aug.Workbook()
	data, err := b.Bytes()
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{ledger.SheetMain, ledger.SheetTasks, ledger.SheetUnits, ledger.SheetAlerts, ledger.SheetIntake, ledger.SheetReports,
		ledger.SheetFiles, ledger.SheetDecisions, ledger.SheetSummary}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows(ledger.SheetMain)
	if len(rows) != 3+115 {
		t.Fatalf("%d rows in 总台账", len(rows))
	}
	find := func(task, m string) []string {
		for _, r := range rows[3:] {
			if r[0] == task && r[2] == m {
				return r
			}
		}
		return nil
	}
	col := map[string]int{}
	for i, h := range rows[2] {
		col[h] = i
	}
	at := func(r []string, h string) string {
		if i, ok := col[h]; ok && i < len(r) {
			return r[i]
		}
		return ""
	}
	r := find("20", "1")
	if at(r, "牵头单位") != "保护中心" || at(r, "完成状态") != "序时推进" || at(r, "状态灯") != "绿" ||
		at(r, "各单位进展") != "[序时推进] 发现新的问题点位，重新整改。" || at(r, "上期状态") != "已完成" ||
		!strings.Contains(at(r, "变化"), "退步") || at(r, "截止日期") != "2022-12-31" || at(r, "调整后时限") != "" || at(r, "文号") != "" {
		t.Errorf("20.1 row: %q", r)
	}
	r = find("31", "3")
	if at(r, "完成状态") != ledger.NotReported || at(r, "状态灯") != "红" || at(r, "各单位进展") != "（未报送，进展暂无法确认）" || at(r, "上期状态") != "序时推进" {
		t.Errorf("31.3 row: %q", r)
	}
	r = find("5", "1")
	if at(r, "逾期天数") != "0" && at(r, "状态灯") != "红" {
		t.Errorf("5.1 row: %q", r)
	}
	// the light cell is coloured
	cell, _ := excelize.CoordinatesToCellName(col["状态灯"]+1, rowOf(rows, "31", "3"))
	sid, _ := f.GetCellStyle(ledger.SheetMain, cell)
	st, _ := f.GetStyle(sid)
	if len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FF0000" {
		t.Errorf("light cell %s fill %v", cell, st.Fill.Color)
	}
	units, _ := f.GetRows(ledger.SheetUnits)
	for _, u := range units[3:] {
		if u[0] == "保护中心" && (u[2] != "已报送" || u[1] != "5") {
			t.Errorf("保护中心 row: %q", u)
		}
		if u[0] == "商务局" && u[2] != "未报送" {
			t.Errorf("商务局 row: %q", u)
		}
	}
	alerts, _ := f.GetRows(ledger.SheetAlerts)
	if len(alerts)-3 != len(aug.Alerts()) {
		t.Errorf("%d alert rows, want %d", len(alerts)-3, len(aug.Alerts()))
	}
	intake, _ := f.GetRows(ledger.SheetIntake)
	if len(intake)-3 != 1 || intake[3][9] != "接收" {
		t.Errorf("intake rows %q", intake[3:])
	}
	// 统计 holds the same counts as the status report (both come from Counts)
	c := aug.Counts()
	sum, _ := f.GetRows(ledger.SheetSummary)
	for j, st := range aug.Rules.Order() {
		if sum[3][1+j] != strconv.Itoa(c.Measures[st]) || sum[4][1+j] != strconv.Itoa(c.Tasks[st]) {
			t.Errorf("统计 %s: %s/%s, want %d/%d", st, sum[3][1+j], sum[4][1+j], c.Measures[st], c.Tasks[st])
		}
	}
}

func rowOf(rows [][]string, task, m string) int {
	for i, r := range rows {
		if len(r) > 2 && r[0] == task && r[2] == m {
			return i + 1
		}
	}
	return 0
}

func TestWorkbookDeterministic(t *testing.T) {
	wd := twoMonths(t)
	var prev []byte
	for i := 0; i < 2; i++ {
		l, _ := ledger.Build(wd.p, wd.w, period.MustParse("2022-08"), d("2022-08-31"))
		b := l.Workbook()
		data, err := b.Bytes()
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && !bytes.Equal(prev, data) {
			t.Fatal("the same ledger written twice differs")
		}
		prev = data
	}
}

// The ledger opens in LibreOffice without complaint and prints.
func TestLedgerInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the rendering check is skipped")
	}
	if testing.Short() {
		t.Skip("LibreOffice is slow; skipped with -short")
	}
	wd := twoMonths(t)
	l, _ := ledger.Build(wd.p, wd.w, period.MustParse("2022-08"), d("2022-08-31"))
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.xlsx")
	if err := l.Save(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "台账.pdf")); err != nil || st.Size() < 10000 {
		t.Fatalf("no PDF: %v", err)
	}
	if keep := os.Getenv("TAIZHANG_KEEP"); keep != "" {
		os.Rename(filepath.Join(dir, "台账.pdf"), filepath.Join(keep, "台账.pdf"))
		os.Rename(path, filepath.Join(keep, "台账.xlsx"))
	}
}

// openSample opens a workspace made by samplegen.Workspace.
func openSample(dir string) (*store.Workspace, *plan.Plan, error) {
	w, err := store.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	p, _, err := plan.ReadFile(w.PlanPath())
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return w, p, nil
}
