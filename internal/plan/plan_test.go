package plan

import (
	"strings"
	"testing"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
)

func sample(t *testing.T) *Plan {
	t.Helper()
	p, fs, err := ReadFile("../../samples/任务清单.xlsx")
	if err != nil || fs.HasErrors() {
		t.Fatalf("%v %v", err, fs)
	}
	return p
}

func roundTrip(t *testing.T, p *Plan) (*Plan, finding.List) {
	t.Helper()
	b := Workbook(p)
	defer b.Close()
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	q, fs, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	return q, fs
}

func TestRoundTrip(t *testing.T) {
	p := sample(t)
	q, fs := roundTrip(t, p)
	if len(fs) != 0 {
		t.Errorf("findings %v", fs)
	}
	if d := Diff(p, q); len(d) > 0 {
		t.Errorf("changed: %v", d)
	}
	// writing twice gives the same bytes
	a, _ := Workbook(p).Bytes()
	b, _ := Workbook(q).Bytes()
	if string(a) != string(b) {
		t.Error("the same plan written twice differs")
	}
}

func has(fs finding.List, code finding.Code, where string) bool {
	for _, f := range fs {
		if f.Code == code && (where == "" || f.Where() == where) {
			return true
		}
	}
	return false
}

func TestCheckFindings(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(p *Plan)
		code  finding.Code
		where string
	}{
		{"unknown unit", func(p *Plan) { p.Tasks[2].Units = append(p.Tasks[2].Units, "不存在局") }, finding.UnitNotListed, "任务!D4"},
		{"lead not a unit", func(p *Plan) { p.Tasks[2].Lead = "住建局" }, finding.LeadNotUnit, "任务!E4"},
		{"group without members", func(p *Plan) { p.Unit("各区").Members = nil }, finding.GroupEmpty, ""},
		{"unknown deadline", func(p *Plan) {
			p.Tasks[2].Measures[1].Deadline = deadline.Deadline{Text: "按上级要求", Kind: deadline.KindUnknown}
		}, finding.DeadlineUnknown, "措施!E11"}, // tasks 1 and 2 have 8 measures: rows 2–9,
		{"duplicate task number", func(p *Plan) { p.Tasks[4].No = 4 }, finding.NumberDuplicate, "任务!A6"},
		{"missing measure text", func(p *Plan) { p.Tasks[0].Measures[0].Text = "" }, finding.TextMissing, "措施!C2"},
		{"bad statuses", func(p *Plan) { p.Settings.StatusOptions = []string{"好", "好"} }, finding.SettingInvalid, "设置!B9"},
		{"bad report date", func(p *Plan) { p.Settings.Dated = "下月初" }, finding.SettingInvalid, "设置!B13"},
		{"task without measures", func(p *Plan) { p.Tasks[32].Measures = nil }, finding.TaskNoMeasures, "任务!A34"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := sample(t)
			c.edit(p)
			_, fs := roundTrip(t, p)
			if !has(fs, c.code, c.where) {
				t.Errorf("no %s at %s: %v", c.code, c.where, fs)
			}
			if !fs.HasErrors() {
				t.Error("not an error")
			}
		})
	}
}

// The report's 落款 settings: the signer as written, the 成文日期 in words or as a day.
func TestReportSettings(t *testing.T) {
	for _, c := range []struct{ signer, dated, want string }{
		{"", "", ""}, {"整改工作领导小组", DatedToday, DatedToday}, {"", DatedAsOf, ""}, {"", "2022-09-05", "2022-09-05"},
	} {
		p := sample(t)
		p.Settings.Signer, p.Settings.Dated = c.signer, c.dated
		q, fs := roundTrip(t, p)
		if len(fs) != 0 || q.Settings.Signer != c.signer || q.Settings.Dated != c.want {
			t.Errorf("%q %q: read %q %q %v", c.signer, c.dated, q.Settings.Signer, q.Settings.Dated, fs)
		}
	}
}

func TestManualDueDateWins(t *testing.T) {
	p := sample(t)
	p.Tasks[2].Deadline = deadline.Deadline{Text: "按上级要求", Kind: deadline.KindDate, Due: p.Tasks[3].Deadline.Due}
	q, fs := roundTrip(t, p)
	if has(fs, finding.DeadlineUnknown, "") || q.Tasks[2].Deadline.DueString() != p.Tasks[3].Deadline.DueString() {
		t.Errorf("%v %+v", fs, q.Tasks[2].Deadline)
	}
}

func TestChanges(t *testing.T) {
	old := sample(t)
	next := sample(t)
	next.Tasks[2].Deadline = deadline.Parse("2022年10月底", deadline.Context{Year: 2022})
	next.Tasks[2].Measures = append(next.Tasks[2].Measures, Measure{No: 3, Text: "新增的措施", Deadline: next.Tasks[2].Deadline})
	next.Tasks = next.Tasks[:32]
	next.Units[0].Email = "new@cbs.example.cn"
	ch := Changes(old, next)
	text := strings.Join(Diff(old, next), "\n")
	for _, want := range []string{"任务3的整改时限：“2022年9月底”（2022-09-30） → “2022年10月底”（2022-10-31）",
		"新增任务3措施3：新增的措施", "删除任务33：", "的电子邮箱："} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	kinds := map[string]int{}
	for _, c := range ch {
		kinds[c.Kind]++
	}
	if kinds["added"] != 1 || kinds["removed"] != 1 || kinds["edited"] < 2 {
		t.Errorf("kinds %v", kinds)
	}
}

func TestSplitList(t *testing.T) {
	got := splitList(`经发局、池北区,池西区；“长白山党工委、管委会，各区党委、管委会”、各区`)
	want := "经发局|池北区|池西区|长白山党工委、管委会，各区党委、管委会|各区"
	if strings.Join(got, "|") != want {
		t.Errorf("got %v", got)
	}
	if JoinList(got) != `经发局、池北区、池西区、“长白山党工委、管委会，各区党委、管委会”、各区` {
		t.Errorf("join %s", JoinList(got))
	}
}

// Units whose names give the same file name (they differ only in characters a file name cannot
// hold, or in case) are reported at the unit table, with the names their files get.
func TestCheckFileNameClash(t *testing.T) {
	p := sample(t)
	rename := map[string]string{"经发局": "规划/资源局", "住建局": "规划:资源局"}
	re := func(list []string) {
		for i, n := range list {
			if m, ok := rename[n]; ok {
				list[i] = m
			}
		}
	}
	for i := range p.Units {
		if m, ok := rename[p.Units[i].Name]; ok {
			p.Units[i].Name = m
		}
		re(p.Units[i].Members)
	}
	for ti := range p.Tasks {
		re(p.Tasks[ti].Units)
		if m, ok := rename[p.Tasks[ti].Lead]; ok {
			p.Tasks[ti].Lead = m
		}
		for mi := range p.Tasks[ti].Measures {
			re(p.Tasks[ti].Measures[mi].Units)
		}
	}
	_, fs := roundTrip(t, p)
	var clash []finding.Finding
	for _, f := range fs {
		if f.Code == finding.FileNameClash {
			clash = append(clash, f)
		}
	}
	if len(clash) != 1 || clash[0].Sheet != SheetUnits || clash[0].Cell == "" {
		t.Fatalf("file name clash findings %v (all: %v)", clash, fs)
	}
	msg := clash[0].Message
	if !strings.Contains(msg, "规划/资源局") || !strings.Contains(msg, "规划:资源局") || !strings.Contains(msg, FileNames([]string{"规划/资源局", "规划:资源局"})["规划:资源局"]) {
		t.Errorf("message %q", msg)
	}
	if fs.HasErrors() {
		t.Errorf("a clash stops the plan: %v", fs)
	}
	if _, fs := roundTrip(t, sample(t)); has(fs, finding.FileNameClash, "") {
		t.Errorf("the sample plan has a clash: %v", fs)
	}
}
