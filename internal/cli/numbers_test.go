package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/samplegen"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

// story is a workspace of the sample plan with the demo's key and a clock of its own.
type story struct {
	t   *testing.T
	dir string
	ws  string
	p   *plan.Plan
	now time.Time
}

func newStory(t *testing.T) *story {
	t.Helper()
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	w, p, err := samplegen.InitDemo(ws, time.Date(2022, 7, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	return &story{t: t, dir: dir, ws: ws, p: p}
}

// cli runs a command line on the story's day.
func (s *story) cli(args ...string) (string, string, int) {
	s.t.Helper()
	var out, errb bytes.Buffer
	now := s.now
	code := run(context.Background(), &IOStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, append(args, "-w", s.ws),
		func() time.Time { return now })
	return out.String(), errb.String(), code
}

// form is a unit's honest return as of a day: rows past due done, the others on schedule,
// with the given rows instead.
func (s *story) form(unit string, asOf time.Time, rows map[string]fill.Row) fill.Form {
	f := fill.Form{Rows: map[string]fill.Row{}, Filler: "张三", Phone: "13912345678"}
	for _, r := range template.Rows(s.p, unit) {
		row := fill.Row{Status: plan.StatusOnTrack, Progress: unit + "推进" + r.Key() + "的工作，" + s.now.Format("1月2日")}
		if r.Due != "" && r.Due < asOf.Format(time.DateOnly) {
			row = fill.Row{Status: plan.StatusDone, Progress: "已按期完成。", Done: asOf.AddDate(0, 0, -20), Evidence: "工作总结"}
		}
		f.Rows[r.Key()] = row
	}
	for k, r := range rows {
		f.Rows[k] = r
	}
	return f
}

// allDone is a form with every row of the unit done.
func (s *story) allDone(unit string, day time.Time) fill.Form {
	rows := map[string]fill.Row{}
	for _, r := range template.Rows(s.p, unit) {
		rows[r.Key()] = fill.Row{Status: plan.StatusDone, Progress: "已全部完成。", Done: day, Evidence: "验收报告"}
	}
	return s.form(unit, day, rows)
}

// ret writes a unit's filled template of a period into dir/name.
func (s *story) ret(month, unit string, f fill.Form, edit func(*fill.Book) error, name string) string {
	s.t.Helper()
	per := period.MustParse(month)
	data, err := fill.Return(template.Spec{Plan: s.p, Unit: unit, Period: per, AsOf: per.Last(), Due: per.DefaultDue(),
		Workspace: samplegen.DemoID, Key: samplegen.DemoKey, Master: templates.ProgressMaster}, f, edit)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.put(name, data)
}

func (s *story) put(name string, data []byte) string {
	s.t.Helper()
	path := filepath.Join(s.dir, name)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		s.t.Fatal(err)
	}
	return path
}

// row finds the row whose first cell is value.
func row(t *testing.T, path, sheet, value string) []string {
	t.Helper()
	r := find(rowsOf(t, path, sheet), 0, value)
	if r == nil {
		t.Fatalf("%s!%s has no row %q", filepath.Base(path), sheet, value)
	}
	return r
}

// Over two months, the numbers are fair: a unit that completed everything has no red item; a
// rejected return does not undo earlier completions nor make a 退步; an e-mail sent after the
// 报送截止 is 逾期报送 however soon it is opened; a file collected for the wrong period is
// recovered by collecting it for the right one; a withdrawn record counts nowhere and stays in
// the audit.
func TestNumbersOverTwoMonths(t *testing.T) {
	s := newStory(t)
	jul, aug := day("2022-07-31"), day("2022-08-31")

	// July, collected on August 3
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.UTC)
	swj := s.ret("2022-07", "商务局", s.allDone("商务局", jul.AddDate(0, 0, -5)), nil, "jul/商务局.xlsx")
	nyslj := s.form("农业水利局", jul, nil)
	// two measures not yet due, completed early
	var done []template.Row
	for _, r := range template.Rows(s.p, "农业水利局") {
		if r.Due > "2022-09-30" && len(done) < 2 {
			done = append(done, r)
		}
	}
	for _, r := range done {
		nyslj.Rows[r.Key()] = fill.Row{Status: plan.StatusDone, Progress: "已完成。", Done: jul.AddDate(0, 0, -3), Evidence: "会议纪要"}
	}
	s.ret("2022-07", "农业水利局", nyslj, nil, "jul/农业水利局.xlsx")
	// 住建局's July return, collected by mistake for August first
	zjj := s.ret("2022-07", "住建局", s.form("住建局", jul, nil), nil, "jul-zjj/住建局.xlsx")
	if _, errs, code := s.cli("collect", "--period", "2022-08", zjj, "-q"); code != ExitData {
		t.Fatalf("住建局's July file collected for August: exit %d %s", code, errs)
	}
	if out, errs, code := s.cli("collect", "--period", "2022-07", filepath.Join(s.dir, "jul"), "-q"); code != ExitOK {
		t.Fatalf("July collect: exit %d\n%s%s", code, out, errs)
	}
	out, _, code := s.cli("collect", "--period", "2022-07", zjj, "-q")
	if code != ExitOK || !strings.Contains(out, "接收  住建局.xlsx  住建局 2022年7月") {
		t.Fatalf("住建局's July file collected again for July: exit %d\n%s", code, out)
	}
	// 经发局 mails its return on August 6 (报送截止: August 5); the office opens it on the 7th
	s.now = time.Date(2022, 8, 7, 9, 0, 0, 0, time.UTC)
	per := period.MustParse("2022-07")
	data, err := fill.Return(template.Spec{Plan: s.p, Unit: "经发局", Period: per, AsOf: per.Last(), Due: per.DefaultDue(),
		Workspace: samplegen.DemoID, Key: samplegen.DemoKey, Master: templates.ProgressMaster}, s.form("经发局", jul, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	mail := samplegen.Mail{From: "jfj@cbs.example.cn", FromName: "王磊", To: samplegen.Email, Subject: "经发局7月进展",
		Date: time.Date(2022, 8, 6, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)), Name: "经发局7月.xlsx", Charset: "UTF-8", Data: data}
	s.put("jul-late/经发局.eml", mail.Bytes())
	// and 商务局 sends a draft by mistake, which the office withdraws
	draft := s.ret("2022-07", "商务局", s.form("商务局", jul, nil), nil, "jul-late/商务局-草稿.xlsx")
	s.cli("collect", "--period", "2022-07", filepath.Join(s.dir, "jul-late"), "-q")
	var draftID int64
	w, err := store.Open(s.ws)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := w.AllRecords()
	w.Close()
	for _, r := range recs {
		if strings.HasSuffix(r.Source, "商务局-草稿.xlsx") {
			draftID = r.ID
		}
	}
	if out, errs, code := s.cli("withdraw", itoa(int(draftID)), "--reason", "误报的草稿", "--by", "李静"); code != ExitOK ||
		!strings.Contains(out, "已撤销记录") {
		t.Fatalf("withdraw: exit %d %s %s", code, out, errs)
	}
	if _, errs, code := s.cli("withdraw", itoa(int(draftID)), "--reason", "再撤销一次"); code != ExitUsage || !strings.Contains(errs, "已于") {
		t.Errorf("withdrawing twice: exit %d %s", code, errs)
	}
	if _, _, code := s.cli("ledger", "--period", "2022-07"); code != ExitOK {
		t.Fatal("July ledger")
	}
	julBook := filepath.Join(s.ws, "out", "2022-07", "台账-2022-07.xlsx")
	units := rowsOf(t, julBook, "单位汇总")
	head := units[2]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("单位汇总 has no column %s: %q", name, head)
		return 0
	}
	if r := find(units, 0, "商务局"); r[col("报送情况")] != "已报送" || r[col("已完成")] != "6" || (len(r) > col("红灯") && r[col("红灯")] != "") {
		t.Errorf("July 商务局 (all done, the draft withdrawn): %q", r)
	}
	if r := find(units, 0, "住建局"); r[col("报送情况")] != "已报送" {
		t.Errorf("July 住建局 (recovered from the wrong period): %q", r)
	}
	if r := find(units, 0, "经发局"); r[col("报送情况")] != "逾期报送" || !strings.HasPrefix(r[col("发送时间")], "2022-08-06") ||
		!strings.HasPrefix(r[col("收到时间")], "2022-08-07") {
		t.Errorf("July 经发局 (mailed after the 报送截止): %q", r)
	}
	reports := rowsOf(t, julBook, "报送考核")
	if r := find(reports, 0, "商务局"); r == nil || r[1] != "按时报送" || r[3] != "1" || r[4] != "是" {
		t.Errorf("July 报送考核 of 商务局 (the withdrawn draft is not a return): %q", r)
	}
	if r := find(reports, 0, "住建局"); r == nil || r[3] != "2" || r[4] != "否" || r[5] != "1" {
		t.Errorf("July 报送考核 of 住建局: %q", r)
	}
	if r := find(reports, 0, "经发局"); r == nil || r[1] != "逾期报送" {
		t.Errorf("July 报送考核 of 经发局: %q", r)
	}
	intakeRows := rowsOf(t, julBook, "报送情况")
	found := false
	for _, r := range intakeRows {
		if len(r) > 13 && r[0] == itoa(int(draftID)) {
			found = r[9] == "已撤销" && strings.Contains(r[13], "李静") && strings.Contains(r[13], "误报的草稿")
		}
	}
	if !found {
		t.Errorf("the withdrawn draft is not in 报送情况 as 已撤销")
	}
	_ = draft
	_ = swj

	// August, collected on September 3: 农业水利局's return is rejected (a deleted row)
	s.now = time.Date(2022, 9, 3, 9, 0, 0, 0, time.UTC)
	last := template.Rows(s.p, "农业水利局")
	key := last[len(last)-1].Key()
	broken := s.form("农业水利局", aug, nil)
	delete(broken.Rows, key)
	s.ret("2022-08", "农业水利局", broken, func(fb *fill.Book) error { return fb.DeleteRow(key) }, "aug/农业水利局.xlsx")
	s.ret("2022-08", "商务局", s.allDone("商务局", aug.AddDate(0, 0, -2)), nil, "aug/商务局.xlsx")
	if _, _, code := s.cli("collect", "--period", "2022-08", filepath.Join(s.dir, "aug"), "-q"); code != ExitData {
		t.Fatalf("August collect: exit %d, want 1 (a rejected return)", code)
	}
	s.cli("ledger", "--period", "2022-08")
	augBook := filepath.Join(s.ws, "out", "2022-08", "台账-2022-08.xlsx")
	units = rowsOf(t, augBook, "单位汇总")
	if r := find(units, 0, "农业水利局"); r[col("报送情况")] != "退回修改" || r[col("其中沿用上期")] != r[col("已完成")] || r[col("已完成")] < "2" {
		t.Errorf("August 农业水利局 (rejected; its July completions carried): %q", r)
	}
	if r := find(units, 0, "商务局"); len(r) > col("红灯") && r[col("红灯")] != "" {
		t.Errorf("August 商务局 has red items though all its measures are done: %q", r)
	}
	main := rowsOf(t, augBook, "总台账")
	progress, changes := colOf(t, main[2], "各单位进展"), colOf(t, main[2], "变化")
	for _, d := range done {
		var m []string
		for _, r := range main {
			if len(r) > 12 && r[0] == itoa(d.Task) && r[2] == itoa(d.Measure) {
				m = r
			}
		}
		if m == nil || !strings.Contains(m[progress], "农业水利局：[已完成，沿用2022年7月]") && !strings.HasPrefix(m[progress], "[已完成，沿用2022年7月]") ||
			len(m) > changes && strings.Contains(m[changes], "退步") {
			t.Errorf("August %s (completed in July by 农业水利局, whose August return was rejected): %q", d.Key(), m)
		}
	}
	for _, r := range main[3:] {
		if len(r) > changes && strings.Contains(r[changes], "退步") {
			t.Errorf("a 退步 though no accepted return said so: %q", r[:4])
		}
		if len(r) > progress && strings.Contains(r[progress], "未报送") && !strings.Contains(r[progress], "进展暂无法确认") {
			t.Errorf("an unreported unit's progress is not said to be unconfirmed: %q", r[progress])
		}
	}

	// status --json: the same figures, per unit
	jsonOut, _, code := s.cli("status", "--period", "2022-07", "--json")
	if code != ExitOK {
		t.Fatalf("status: exit %d", code)
	}
	var st struct {
		Units struct {
			Unidentified int `json:"unidentified"`
		} `json:"units"`
		PerUnit []struct {
			Unit      string  `json:"unit"`
			Measures  int     `json:"measures"`
			State     string  `json:"state"`
			Red       int     `json:"red"`
			SentAt    *string `json:"sentAt"`
			Returns   int     `json:"returns"`
			FirstPass *bool   `json:"firstPass"`
		} `json:"perUnit"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &st); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range st.PerUnit {
		fp := "null"
		if u.FirstPass != nil {
			fp = map[bool]string{true: "true", false: "false"}[*u.FirstPass]
		}
		sent := "null"
		if u.SentAt != nil {
			sent = *u.SentAt
		}
		got[u.Unit] = u.State + " red=" + itoa(u.Red) + " returns=" + itoa(u.Returns) + " first=" + fp + " sent=" + sent
	}
	for unit, want := range map[string]string{
		"商务局": "已报送 red=0 returns=1 first=true sent=2022-08-03 09:00",
		"经发局": "逾期报送 red=0 returns=1 first=true sent=2022-08-06 02:00",
		"住建局": "已报送 red=0 returns=2 first=false sent=2022-08-03 09:00",
		"河长办": "未报送 red=",
	} {
		if !strings.HasPrefix(got[unit], want) {
			t.Errorf("status perUnit %s: %q, want %q", unit, got[unit], want)
		}
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
