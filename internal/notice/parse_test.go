package notice

import (
	"os"
	"strings"
	"testing"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

func parseFile(t *testing.T, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := Text(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(text)
}

func seed(t *testing.T) *Result {
	return parseFile(t, "../../samples/notice-changbaishan-2022.txt")
}

func TestSeedCounts(t *testing.T) {
	res := seed(t)
	p := &res.Plan
	if len(p.Tasks) != 33 {
		t.Fatalf("tasks = %d, want 33", len(p.Tasks))
	}
	if n := p.MeasureCount(); n != 115 {
		t.Errorf("measures = %d, want 115", n)
	}
	if res.Findings.HasErrors() {
		t.Errorf("errors: %v", res.Findings)
	}
	if p.Title != "长白山保护开发区贯彻落实第二轮中央生态环境保护督察反馈问题整改方案" {
		t.Errorf("title = %q", p.Title)
	}
	if p.Settings.Region != "长白山保护开发区" || p.Settings.Issued != "2022-06-10" {
		t.Errorf("region %q issued %q", p.Settings.Region, p.Settings.Issued)
	}
	for i, task := range p.Tasks {
		if task.No != i+1 {
			t.Errorf("task %d numbered %d", i+1, task.No)
		}
		if task.Supervisor != "办公室" {
			t.Errorf("task %d supervisor %q", task.No, task.Supervisor)
		}
		if task.Goal == "" || task.Persons == "" || task.Title == "" {
			t.Errorf("task %d missing a field: %+v", task.No, task)
		}
	}
}

// Every task's deadline, checked by hand against the notice.
func TestSeedTaskDeadlines(t *testing.T) {
	want := []string{
		"ongoing", "ongoing", "2022-09-30", "2022-08-31", "2022-08-31", "2022-12-31", "2023-12-31", "ongoing",
		"2024-12-31", "2024-12-31", "ongoing", "2022-12-31", "2025-12-31", "2023-12-31", "2023-12-31", "ongoing",
		"2023-12-31", "2023-12-31", "2022-12-31", "ongoing", "2023-12-31", "2025-12-31", "2022-12-31", "2022-12-31",
		"2023-12-31", "2022-12-31", "2022-12-31", "2022-12-31", "2022-08-31", "2022-12-31", "2022-08-31", "2025-12-31",
		"2024-12-31",
	}
	res := seed(t)
	for i, task := range res.Plan.Tasks {
		got := task.Deadline.DueString()
		if task.Deadline.Kind != deadline.KindDate {
			got = string(task.Deadline.Kind)
		}
		if got != want[i] {
			t.Errorf("task %d deadline %q → %s, want %s", task.No, task.Deadline.Text, got, want[i])
		}
	}
}

func TestSeedTasks(t *testing.T) {
	p := &seed(t).Plan
	t3 := p.Task(3)
	if t3.Lead != "经发局" || strings.Join(t3.Units, "、") != "经发局、池北区、池西区" {
		t.Errorf("task 3 lead %q units %v", t3.Lead, t3.Units)
	}
	if !strings.HasPrefix(t3.Title, "一些地方编制“十四五”规划时降低标准") || strings.Contains(t3.Title, "。") {
		t.Errorf("task 3 title %q", t3.Title)
	}
	if t3.UnitsText != "经发局、池北区、池西区(首位为牵头单位,下同)" {
		t.Errorf("task 3 units text %q", t3.UnitsText)
	}
	t27 := p.Task(27)
	if len(t27.Measures) != 1 || !strings.HasPrefix(t27.Measures[0].Text, "农业水利局组织各区负责同志") {
		t.Errorf("task 27 measures %+v", t27.Measures)
	}
	if p.Task(27).Persons != "农业水利局、各区主要负责人" {
		t.Errorf("task 27 persons %q", p.Task(27).Persons)
	}
	t1 := p.Task(1)
	if len(t1.Units) != 1 || t1.Units[0] != "长白山党工委、管委会，各区党委、管委会" {
		t.Errorf("task 1 units %q", t1.Units)
	}
	if p.Task(24).Units[4] != "市场监督局" {
		t.Errorf("task 24 units %v", p.Task(24).Units)
	}
}

func TestSeedMeasures(t *testing.T) {
	p := &seed(t).Plan
	cases := []struct {
		task, measure int
		units         string // "" = the task's
		due           string // kind when not a date
		inherited     bool
	}{
		{3, 1, "经发局", "2022-09-30", true},
		{3, 2, "", "2022-09-30", true},
		{5, 1, "经发局", "2022-08-31", false},
		{12, 1, "住建局、各区", "2022-11-30", false},
		{12, 2, "农业水利局、各区", "2022-04-30", false},
		{13, 1, "", "2022-06-30", false}, // names exactly its task's units
		{13, 2, "住建局", "recurring", false},
		{1, 1, "", "ongoing", true},
		{8, 2, "纪检监察工委", "ongoing", true},
		{8, 3, "人社局、经发局、审计局", "ongoing", true},
		{20, 1, "保护中心", "2022-12-31", false}, // 5月底之前 then 12月底前
		{21, 1, "池北区", "2023-06-30", false},
		{23, 1, "", "2022-08-31", false},
		{24, 3, "市场监督局、各区", "2022-12-31", true},
		{28, 1, "规划资源局", "2022-06-30", false},
		{31, 3, "商务局", "2022-08-31", false},
		{29, 2, "", "2022-08-31", true},
	}
	for _, c := range cases {
		task := p.Task(c.task)
		m := task.Measures[c.measure-1]
		if got := strings.Join(m.Units, "、"); got != c.units {
			t.Errorf("task %d measure %d units %q, want %q (text %.40s)", c.task, c.measure, got, c.units, m.Text)
		}
		got := m.Deadline.DueString()
		if m.Deadline.Kind != deadline.KindDate {
			got = string(m.Deadline.Kind)
		}
		if got != c.due || m.Deadline.Inherited != c.inherited {
			t.Errorf("task %d measure %d deadline %q → %s inherited %v, want %s %v", c.task, c.measure, m.Deadline.Text, got, m.Deadline.Inherited, c.due, c.inherited)
		}
	}
}

func TestSeedUnits(t *testing.T) {
	res := seed(t)
	p := &res.Plan
	g := p.Unit("各区")
	if g == nil || !g.Group || strings.Join(g.Members, "、") != "池北区、池西区" {
		t.Fatalf("各区 = %+v", g)
	}
	if u := p.Unit("市场监管局"); u == nil || u.Name != "市场监督局" {
		t.Errorf("alias 市场监管局 → %+v", u)
	}
	for _, vague := range []string{"各相关部门", "长白山党工委、管委会，各区党委、管委会"} {
		u := p.Unit(vague)
		if u == nil || !u.Group || len(u.Members) != 0 {
			t.Errorf("%s = %+v", vague, u)
		}
		if !hasFinding(res.Findings, finding.UnitUnresolved, vague) {
			t.Errorf("no unresolved warning for %s", vague)
		}
	}
	if !hasFinding(res.Findings, finding.GroupInferred, "各区") {
		t.Error("no warning that 各区's members were inferred")
	}
}

func hasFinding(fs finding.List, code finding.Code, text string) bool {
	for _, f := range fs {
		if f.Code == code && strings.Contains(f.Message, text) {
			return true
		}
	}
	return false
}

// A notice of the same kind from another region: a county with 各乡镇, 县-prefixed names,
// full-width punctuation, measures in one paragraph and the other deadline forms.
func TestOtherRegion(t *testing.T) {
	res := parseFile(t, "testdata/notice-songjiang.txt")
	checkSongjiang(t, res)
}

func checkSongjiang(t *testing.T, res *Result) {
	t.Helper()
	p := &res.Plan
	if p.Title != "松江县落实省级生态环境保护督察反馈意见整改方案" || p.Settings.Region != "松江县" || p.Settings.Issued != "2023-03-02" {
		t.Errorf("title %q region %q issued %q", p.Title, p.Settings.Region, p.Settings.Issued)
	}
	if len(p.Tasks) != 6 {
		t.Fatalf("tasks = %d, want 6: %+v", len(p.Tasks), p.Tasks)
	}
	taskDue := []string{"2023-09-30", "2023-06-30", "ongoing", "2023-11-30", "2025-12-31", "2023-12-31"}
	for i, task := range p.Tasks {
		got := task.Deadline.DueString()
		if task.Deadline.Kind != deadline.KindDate {
			got = string(task.Deadline.Kind)
		}
		if got != taskDue[i] {
			t.Errorf("task %d deadline %q → %s, want %s", task.No, task.Deadline.Text, got, taskDue[i])
		}
	}
	if got := strings.Join(p.Task(1).Units, "、"); got != "县水利局、各乡镇" || p.Task(1).Lead != "县水利局" {
		t.Errorf("task 1 units %q lead %q", got, p.Task(1).Lead)
	}
	measures := []struct {
		task, measure int
		units, due    string
	}{
		{1, 1, "县水利局", "2023-04-15"},
		{1, 2, "各乡镇", "2023-08-20"},
		{1, 3, "县生态环境分局", "recurring"},
		{2, 1, "", "2023-06-30"},
		{2, 2, "各乡镇", "2023-06-30"},
		{3, 1, "县农业农村局、县生态环境分局", "recurring"},
		{4, 1, "县生态环境分局", "2023-09-30"},
		{4, 2, "县市场监督局", "2023-11-30"},
		{4, 3, "县工业和信息化局", "2023-11-30"},
		{5, 2, "各相关部门", "2025-12-31"},
		{6, 1, "", "2023-10-31"},
		{6, 2, "", "2023-12-31"},
	}
	for _, c := range measures {
		task := p.Task(c.task)
		if task == nil || len(task.Measures) < c.measure {
			t.Errorf("task %d measure %d missing", c.task, c.measure)
			continue
		}
		m := task.Measures[c.measure-1]
		if got := strings.Join(m.Units, "、"); got != c.units {
			t.Errorf("task %d measure %d units %q, want %q", c.task, c.measure, got, c.units)
		}
		got := m.Deadline.DueString()
		if m.Deadline.Kind != deadline.KindDate {
			got = string(m.Deadline.Kind)
		}
		if got != c.due {
			t.Errorf("task %d measure %d deadline %q → %s, want %s", c.task, c.measure, m.Deadline.Text, got, c.due)
		}
	}
	if len(p.Task(3).Measures) != 1 || len(p.Task(2).Measures) != 2 {
		t.Errorf("task 2/3 measures: %d/%d", len(p.Task(2).Measures), len(p.Task(3).Measures))
	}
	if u := p.Unit("县市场监管局"); u == nil || u.Name != "县市场监督局" {
		t.Errorf("alias: %+v", u)
	}
	if g := p.Unit("各乡镇"); g == nil || !g.Group {
		t.Errorf("各乡镇 = %+v", g)
	}
	if res.Findings.HasErrors() {
		t.Errorf("errors: %v", res.Findings)
	}
}

func TestNoTaskList(t *testing.T) {
	res := Parse("关于开展环境整治的通知\n一、指导思想\n坚持问题导向。\n二、工作要求\n各单位认真落实。\n")
	if len(res.Plan.Tasks) != 0 || !res.Findings.HasErrors() || res.Findings[0].Code != finding.NoTaskList {
		t.Errorf("got %+v", res)
	}
}

func TestTaskWithoutUnits(t *testing.T) {
	res := Parse("整改任务清单\n一、问题一。\n责任单位：\n整改时限：2022年9月底\n整改措施：\n（一）做好工作。\n")
	if len(res.Plan.Tasks) != 1 || !hasCode(res.Findings, finding.TaskNoUnits) {
		t.Errorf("got %+v", res.Findings)
	}
}

func hasCode(fs finding.List, code finding.Code) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

// Round trip through the plan workbook: what the import wrote reads back the same.
func TestSeedWorkbookRoundTrip(t *testing.T) {
	p := &seed(t).Plan
	b := plan.Workbook(p)
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := plan.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := plan.Diff(p, back); len(diff) > 0 {
		t.Errorf("round trip changed the plan:\n%s", strings.Join(diff, "\n"))
	}
}

// A measure that states its own window is due at the window's end, not at the task's deadline.
func TestMeasureWindow(t *testing.T) {
	res := Parse("整改任务清单\n一、城乡结合部垃圾问题突出。\n责任单位：县住建局\n督导单位：县委督查室\n整改时限：2023年年底前\n整改措施：\n" +
		"（一）2023年10月下旬至11月开展联合执法检查，对发现的问题建立台账。\n（二）完善长效机制。\n")
	if len(res.Plan.Tasks) != 1 || len(res.Plan.Tasks[0].Measures) != 2 {
		t.Fatalf("parsed %+v", res.Plan.Tasks)
	}
	m := res.Plan.Tasks[0].Measures
	if m[0].Deadline.Inherited || m[0].Deadline.DueString() != "2023-11-30" {
		t.Errorf("measure 1: %+v, want its own window's end 2023-11-30", m[0].Deadline)
	}
	if !m[1].Deadline.Inherited || m[1].Deadline.DueString() != "2023-12-31" {
		t.Errorf("measure 2: %+v, want the task's deadline", m[1].Deadline)
	}
}
