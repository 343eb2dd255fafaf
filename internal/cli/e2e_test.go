package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), &IOStreams{In: strings.NewReader(""), Out: &out, Err: &errb}, args)
	return out.String(), errb.String(), code
}

func rowsOf(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// find returns the first row whose column col holds value.
func find(rows [][]string, col int, value string) []string {
	for _, r := range rows {
		if len(r) > col && r[col] == value {
			return r
		}
	}
	return nil
}

// The story of the samples, run through the command line as the README's first command does,
// and checked as the office would read it.
func TestDemoStory(t *testing.T) {
	if testing.Short() {
		t.Skip("the whole two-month story; skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	out, errs, code := runCLI(t, "demo", "--out", dir)
	if code != 0 {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, errs)
	}
	ws := filepath.Join(dir, "工作区")
	for _, f := range []string{"任务清单-导入.xlsx", "工作区/任务清单.xlsx", "工作区/out/templates/2022-07/池南区-2022年7月进展填报.xlsx",
		"工作区/out/templates/2022-08/发送清单.csv", "工作区/out/2022-07/台账-2022-07.xlsx", "工作区/out/2022-08/台账-2022-08.xlsx",
		"工作区/out/2022-07/进展报告-2022年7月.pdf", "工作区/out/2022-08/进展报告-2022年8月.pdf",
		"工作区/out/2022-07/进展报告-2022年7月.docx", "工作区/out/2022-08/进展报告-2022年8月.docx"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	for _, want := range []string{
		"退回  住建局.xlsx  住建局 2022年7月  错误1：进展填报!H", "完成状态“完成”不是可选项",
		"接收  住建局-更正.eml › 住建局-更正.xlsx  住建局 2022年7月",
		"退回  池西区.xlsx  池西区 2022年7月  错误1：进展填报!J", "晚于截至日期 2022-07-31",
		"退回  规划资源局.xlsx  规划资源局 2022年7月  错误2", "滞后，但未写明存在问题",
		"接收  经发局-7月进展.eml › 经发局2022年7月进展填报.xlsx  经发局 2022年7月",
		"退回  经发局-8月进展.eml › 经发局2022年7月进展填报.xlsx  经发局 2022年7月", "这是2022年7月的报送，与 2022-08-03 收到的文件完全相同",
		"接收  经发局-8月补报.eml › 经发局2022年8月进展填报.xlsx  经发局 2022年8月",
		"退回  农业水利局.xlsx  农业水利局 2022年8月", "的行被删除",
		"接收  池北区-8月.eml › 池北区8月份进展填报表.xlsx  池北区 2022年8月",
		"接收  池南区.xlsx  池南区 2022年8月",
		"2022年7月 报送情况（截至 2022-07-31）：应报 20 个单位，已报送 14，退回修改 2，未报送 4",
		"2022年8月 报送情况（截至 2022-08-31）：应报 20 个单位，已报送 17，退回修改 2，未报送 1",
		"2022年8月 报送情况（截至 2022-08-31）：应报 20 个单位，已报送 18（其中逾期报送 1），退回修改 1，未报送 1",
		"逾期报送  经发局  发送 2022-09-06", "措施状态灯：红 34，黄 1，绿 80", "措施 115 条：已完成 30（其中已销号 3）",
		"销号 任务12措施4，2022年8月20日，长整改办〔2022〕12号", "延期 任务28措施1，2022年8月20日，长整改办〔2022〕13号，调整后时限 2022年12月31日",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}

	// August's templates show what each unit reported in July, its completions prefilled
	tpl := rowsOf(t, filepath.Join(ws, "out", "templates", "2022-08", "人社局-2022年8月进展填报.xlsx"), "进展填报")
	prevCol, statusCol, header := -1, -1, -1
	for i, r := range tpl {
		for j, v := range r {
			switch v {
			case "上期进展":
				prevCol, header = j, i
			case "完成状态":
				statusCol = j
			}
		}
		if header >= 0 {
			break
		}
	}
	shown, prefilled := 0, 0
	for _, r := range tpl[header+1:] {
		if len(r) > prevCol && strings.HasPrefix(r[prevCol], "2022年7月：[") {
			shown++
			if strings.HasPrefix(r[prevCol], "2022年7月：[已完成]") && len(r) > statusCol && r[statusCol] == "已完成" {
				prefilled++
			}
		}
	}
	if header < 0 || shown == 0 || prefilled == 0 {
		t.Errorf("人社局's August template: 上期进展 shown on %d rows, %d completions prefilled", shown, prefilled)
	}

	// July: the corrected return counts, the districts and units the story leaves out do not
	jul := filepath.Join(ws, "out", "2022-07", "台账-2022-07.xlsx")
	units := rowsOf(t, jul, "单位汇总")
	for unit, state := range map[string]string{"住建局": "已报送", "池西区": "退回修改", "规划资源局": "退回修改", "河长办": "未报送",
		"执法支队": "未报送", "经发局": "已报送", "池南区": "已报送"} {
		if r := find(units, 0, unit); r == nil || r[2] != state {
			t.Errorf("July %s: %v, want %s", unit, r, state)
		}
	}
	intake := rowsOf(t, jul, "报送情况")
	if r := find(intake, 3, "住建局.xlsx"); r == nil || r[9] != "已被更新的报送取代" && r[9] != "退回修改" {
		t.Errorf("July intake of 住建局.xlsx: %v", r)
	}
	// mailed on the 报送截止, opened two days later: sent on time
	if r := find(intake, 3, "住建局-更正.xlsx"); r == nil || r[9] != "接收" || !strings.HasPrefix(r[1], "2022-08-05") || !strings.HasPrefix(r[2], "2022-08-07") {
		t.Errorf("July intake of the correction: %v", r)
	}

	// August: 经发局 sent July's file again (returned), then the right one after the 报送截止
	aug := filepath.Join(ws, "out", "2022-08", "台账-2022-08.xlsx")
	units = rowsOf(t, aug, "单位汇总")
	for unit, state := range map[string]string{"经发局": "逾期报送", "农业水利局": "退回修改", "河长办": "未报送", "融媒体中心": "已报送", "池西区": "已报送"} {
		if r := find(units, 0, unit); r == nil || r[2] != state {
			t.Errorf("August %s: %v, want %s", unit, r, state)
		}
	}
	main := rowsOf(t, aug, "总台账")
	mc := columns(main[2])
	var m32 []string
	for _, r := range main {
		if len(r) > 12 && r[0] == "3" && r[2] == "2" {
			m32 = r
		}
	}
	// 3.2 (经发局 with the districts): all on schedule, due 2022-09-30, within the 30-day window:
	// yellow — visible only because 经发局's late return counts
	if m32 == nil || m32[mc["完成状态"]] != "序时推进" || m32[mc["状态灯"]] != "黄" {
		t.Errorf("August 3.2: %q", m32)
	}
	// the office's decisions of 20 August: closed, extended
	for _, r := range main[3:] {
		key := r[0] + "." + r[2]
		switch key {
		case "12.4", "16.1", "17.1":
			if r[mc["完成状态"]] != "已销号" || r[mc["销号日期"]] != "2022-08-20" || r[mc["状态灯"]] != "绿" {
				t.Errorf("August %s: %s %s %s", key, r[mc["完成状态"]], r[mc["销号日期"]], r[mc["状态灯"]])
			}
		case "28.1":
			if r[mc["调整后时限"]] != "2022-12-31" || r[mc["截止日期"]] != "2022-06-30" || r[mc["文号"]] != "延期：长整改办〔2022〕13号" {
				t.Errorf("August 28.1: %q", r)
			}
		}
	}
	for _, name := range []string{"生态环境局", "住建局"} {
		tpl := rowsOf(t, filepath.Join(ws, "out", "templates", "2022-08", name+"-2022年8月进展填报.xlsx"), "进展填报")
		for _, r := range tpl {
			if len(r) > 1 && (r[0]+"."+r[1] == "12.4" || r[0]+"."+r[1] == "16.1" || r[0]+"."+r[1] == "17.1") {
				t.Errorf("%s's August template still lists the closed %s.%s", name, r[0], r[1])
			}
		}
	}
	if r := find(rowsOf(t, aug, "报送情况"), 3, "经发局2022年7月进展填报.xlsx"); r == nil || r[9] != "退回修改" {
		t.Errorf("August intake of 经发局's July file: %v", r)
	}
	if r := find(rowsOf(t, aug, "报送考核"), 0, "经发局"); r == nil || r[1] != "逾期报送" || r[3] != "2" || r[4] != "否" || r[5] != "1" {
		t.Errorf("August 报送考核 of 经发局: %v", r)
	}

	// receipts: the unit learns what went wrong, and only about its own data
	receipts, _ := filepath.Glob(filepath.Join(ws, "out", "receipts", "2022-08", "经发局-2022年8月回执*.txt"))
	if len(receipts) != 2 {
		t.Fatalf("经发局's August receipts: %v", receipts)
	}
	returned := 0
	for _, p := range receipts {
		text, _ := os.ReadFile(p)
		if strings.Contains(string(text), "池北区") {
			t.Errorf("经发局's receipt names another unit:\n%s", text)
		}
		if strings.Contains(string(text), "退回修改") && strings.Contains(string(text), "这是2022年7月的报送") {
			returned++
		}
	}
	if returned != 1 {
		t.Errorf("%d receipts of 经发局 say its July file was returned, want 1", returned)
	}

	// status --json says what the ledger's statistics say
	for _, period := range []string{"2022-07", "2022-08"} {
		jsonOut, _, code := runCLI(t, "status", "-w", ws, "--period", period, "--json")
		if code != 0 {
			t.Fatalf("status exit %d", code)
		}
		var st struct {
			Tasks    map[string]int `json:"tasks"`
			Measures map[string]int `json:"measures"`
			Lights   map[string]int `json:"lights"`
			Units    struct {
				Expected, Reported int
				Missing, Returned  []string
			} `json:"units"`
		}
		if err := json.Unmarshal([]byte(jsonOut), &st); err != nil {
			t.Fatal(err)
		}
		sum := rowsOf(t, filepath.Join(ws, "out", period, "台账-"+period+".xlsx"), "统计")
		for j, s := range []string{"已完成", "序时推进", "滞后", "未启动", "未报送"} {
			if sum[3][1+j] != strconv.Itoa(st.Measures[s]) || sum[4][1+j] != strconv.Itoa(st.Tasks[s]) {
				t.Errorf("%s %s: ledger %s/%s, status %d/%d", period, s, sum[3][1+j], sum[4][1+j], st.Measures[s], st.Tasks[s])
			}
		}
		if st.Measures["total"] != 115 || st.Lights["red"]+st.Lights["yellow"]+st.Lights["green"] != 115 || st.Units.Expected != 20 {
			t.Errorf("%s status: %+v", period, st)
		}
	}

	// the August report tells the same story
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		pdf, err := exec.Command(bin, filepath.Join(ws, "out", "2022-08", "进展报告-2022年8月.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(pdf)), "")
		for _, want := range []string{"关于长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告", "截至2022年8月31日",
			"未报送1个（河长办）", "（农业水利局）", "逾期报送", "与2022年7月相比"} {
			if !strings.Contains(text, want) {
				t.Errorf("the August report lacks %q", want)
			}
		}
	}
}

// columns maps a header row's texts to their indexes.
func columns(header []string) map[string]int {
	out := map[string]int{}
	for i, h := range header {
		out[h] = i
	}
	return out
}
