package cli

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/template"
)

// The office's decisions, end to end: two measures closed, one extended, one of the closed
// reopened; then the ledger, the report, status and decisions agree cell by cell, and the next
// templates follow.
func TestDecisionsAgreeEverywhere(t *testing.T) {
	s := newStory(t)
	jul := day("2022-07-31")
	// July: 商务局 reports all its measures done (16.4 and 31.3 are its alone)
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.UTC)
	s.ret("2022-07", "商务局", s.allDone("商务局", jul.AddDate(0, 0, -5)), nil, "jul/商务局.xlsx")
	if out, errs, code := s.cli("collect", "--period", "2022-07", filepath.Join(s.dir, "jul"), "-q"); code != ExitOK {
		t.Fatalf("collect: %d %s %s", code, out, errs)
	}
	s.now = time.Date(2022, 8, 10, 15, 0, 0, 0, time.UTC)
	// 4.1 is shared with units that never reported: refused, nothing recorded
	if _, errs, code := s.cli("close", "4.1", "--date", "2022-08-10", "--doc", "长整改办〔2022〕5号"); code != ExitData ||
		!strings.Contains(errs, "尚未报告") || !strings.Contains(errs, "--force") {
		t.Fatalf("closing 4.1: exit %d\n%s", code, errs)
	}
	out, errs, code := s.cli("close", "16.4", "31.3", "--date", "2022-08-10", "--doc", "长整改办〔2022〕5号", "--by", "李建国")
	if code != ExitOK || strings.Count(out, "已记录：销号") != 2 || !strings.Contains(out, "依据：商务局的报送") {
		t.Fatalf("close: exit %d\n%s%s", code, out, errs)
	}
	// run twice: nothing new
	if out, _, code := s.cli("close", "16.4", "31.3", "--date", "2022-08-10", "--doc", "长整改办〔2022〕5号", "--by", "李建国"); code != ExitOK ||
		strings.Count(out, "已记录过") != 2 {
		t.Fatalf("close again: exit %d\n%s", code, out)
	}
	if out, errs, code := s.cli("extend", "5.1", "--to", "2022-11-30", "--date", "2022-08-10", "--doc", "长整改办〔2022〕6号", "--note", "需与规划修编衔接"); code != ExitOK {
		t.Fatalf("extend: exit %d\n%s%s", code, out, errs)
	}
	if _, errs, code := s.cli("extend", "16.4", "--to", "2022-12-31", "--date", "2022-08-11", "--doc", "长整改办〔2022〕7号"); code != ExitData || !strings.Contains(errs, "不能延期") {
		t.Fatalf("extending a closed measure: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("reopen", "31.3", "--date", "2022-08-25", "--doc", "长整改办〔2022〕8号"); code != ExitUsage || !strings.Contains(errs, "--note") {
		t.Fatalf("reopen without a reason: exit %d %s", code, errs)
	}
	if out, errs, code := s.cli("reopen", "31.3", "--date", "2022-08-25", "--doc", "长整改办〔2022〕8号", "--note", "复查发现问题反弹"); code != ExitOK {
		t.Fatalf("reopen: exit %d\n%s%s", code, out, errs)
	}

	// the register
	out, _, _ = s.cli("decisions", "--json")
	var ds []map[string]any
	if err := json.Unmarshal([]byte(out), &ds); err != nil || len(ds) != 4 {
		t.Fatalf("decisions --json: %v\n%s", err, out)
	}
	keys := []string{"id", "kind", "task", "measure", "date", "doc", "by", "note", "evidence"}
	for _, d := range ds {
		for _, k := range keys {
			if _, ok := d[k]; !ok {
				t.Errorf("decision without %q: %v", k, d)
			}
		}
		if _, ok := d["to"]; ok != (d["kind"] == "extend") {
			t.Errorf("\"to\" on a %v decision: %v", d["kind"], d)
		}
	}
	if ds[0]["kind"] != "close" || ds[2]["kind"] != "extend" || ds[2]["to"] != "2022-11-30" || ds[3]["kind"] != "reopen" ||
		len(ds[0]["evidence"].([]any)) == 0 {
		t.Errorf("decisions: %v", ds)
	}

	// August: the ledger, status and the report
	s.now = time.Date(2022, 9, 3, 9, 0, 0, 0, time.UTC)
	if out, errs, code := s.cli("ledger", "--period", "2022-08"); code != ExitOK {
		t.Fatalf("ledger: %d %s %s", code, out, errs)
	}
	book := filepath.Join(s.ws, "out", "2022-08", "台账-2022-08.xlsx")
	main := rowsOf(t, book, "总台账")
	col := map[string]int{}
	for i, h := range main[2] {
		col[h] = i
	}
	at := func(task, measure, header string) string {
		for _, r := range main[3:] {
			if r[0] == task && r[2] == measure {
				if i := col[header]; i < len(r) {
					return r[i]
				}
				return ""
			}
		}
		t.Fatalf("总台账 has no %s.%s", task, measure)
		return ""
	}
	closedRows := 0
	for _, r := range main[3:] {
		if r[col["完成状态"]] == "已销号" {
			closedRows++
		}
	}
	if at("16", "4", "完成状态") != "已销号" || at("16", "4", "销号日期") != "2022-08-10" || at("16", "4", "文号") != "销号：长整改办〔2022〕5号" ||
		at("16", "4", "状态灯") != "绿" {
		t.Errorf("16.4 in 总台账: %s %s %s %s", at("16", "4", "完成状态"), at("16", "4", "销号日期"), at("16", "4", "文号"), at("16", "4", "状态灯"))
	}
	if at("31", "3", "完成状态") == "已销号" || at("31", "3", "销号日期") != "" {
		t.Errorf("31.3 still closed after reopening")
	}
	if at("5", "1", "截止日期") != "2022-08-31" || at("5", "1", "调整后时限") != "2022-11-30" || at("5", "1", "文号") != "延期：长整改办〔2022〕6号" ||
		at("5", "1", "逾期天数") != "" {
		t.Errorf("5.1 in 总台账: due %s, adjusted %s, doc %s, overdue %s", at("5", "1", "截止日期"), at("5", "1", "调整后时限"), at("5", "1", "文号"), at("5", "1", "逾期天数"))
	}
	if reg := rowsOf(t, book, "销号和延期"); len(reg)-3 != 4 || reg[3][1] != "销号" || reg[5][1] != "延期" || reg[6][1] != "撤销销号" {
		t.Errorf("销号和延期: %q", reg[3:])
	}
	var sumClosed string
	for _, r := range rowsOf(t, book, "统计") {
		if len(r) > 2 && r[0] == "已验收销号" {
			sumClosed = r[2]
		}
	}
	out, _, _ = s.cli("status", "--period", "2022-08", "--json")
	var st struct {
		Measures map[string]int `json:"measures"`
		Tasks    map[string]int `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Measures["已销号"] != 1 || closedRows != 1 || sumClosed != "1" || st.Tasks["已销号"] != 0 || !strings.Contains(out, `"已销号": 1`) {
		t.Errorf("已销号: status %d, 总台账 %d rows, 统计 %s", st.Measures["已销号"], closedRows, sumClosed)
	}
	if out, errs, code := s.cli("report", "--period", "2022-08"); code != ExitOK {
		t.Fatalf("report: %d %s %s", code, out, errs)
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		pdf, err := exec.Command(bin, filepath.Join(s.ws, "out", "2022-08", "进展报告-2022年8月.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(pdf)), "")
		for _, want := range []string{"其中已验收销号1条", "验收销号和延期情况", "本期验收销号2条，批准延期1条，撤销销号1条", "长整改办〔2022〕6号",
			"延期至2022-11-30"} {
			if !strings.Contains(text, want) {
				t.Errorf("the August report lacks %q", want)
			}
		}
	} else {
		t.Log("pdftotext is not installed: the report's text is not checked")
	}

	// September's templates: 16.4 is left out of 商务局's, 31.3 is back, 5.1 shows its new deadline
	s.now = time.Date(2022, 9, 25, 9, 0, 0, 0, time.UTC)
	if out, errs, code := s.cli("template", "--period", "2022-09", "--unit", "商务局", "--unit", "经发局"); code != ExitOK {
		t.Fatalf("template: %d %s %s", code, out, errs)
	}
	dir := filepath.Join(s.ws, "out", "templates", "2022-09")
	swj := rowsOf(t, filepath.Join(dir, template.FileFor("商务局", period.MustParse("2022-09"))), template.SheetFill)
	if hasRow(swj, "16", "4") || !hasRow(swj, "31", "3") {
		t.Errorf("商务局's September template: 16.4 present %v, 31.3 present %v", hasRow(swj, "16", "4"), hasRow(swj, "31", "3"))
	}
	jfj := rowsOf(t, filepath.Join(dir, template.FileFor("经发局", period.MustParse("2022-09"))), template.SheetFill)
	found := false
	for _, r := range jfj {
		if len(r) > 5 && r[0] == "5" && r[1] == "1" {
			found = strings.Contains(strings.Join(r, "|"), "原时限") && strings.Contains(strings.Join(r, "|"), "2022年11月30日")
		}
	}
	if !found {
		t.Errorf("5.1 in 经发局's September template does not show its new deadline")
	}
}

func hasRow(rows [][]string, task, measure string) bool {
	for _, r := range rows {
		if len(r) > 1 && r[0] == task && r[1] == measure {
			return true
		}
	}
	return false
}
