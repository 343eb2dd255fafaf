package report_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"taizhang/internal/typeset"
)

// The sample report as the secretary checks it: the title broken between words, no heading
// at the foot of a page, no short row split, every table's header on every page it is on,
// headers broken between words, light cells bold, and a PDF that prints unscaled.
func TestReportLayout(t *testing.T) {
	l := sampleLedger(t)
	r, data := render(t, l)
	lines := r.Doc.Lines()

	var title []string
	for _, ln := range lines {
		if ln.Kind == typeset.KindTitle {
			title = append(title, ln.Text)
		}
	}
	if want := []string{"关于长白山保护开发区", "第二轮中央生态环境保护督察", "反馈问题整改进展情况的报告"}; !reflect.DeepEqual(title, want) {
		t.Errorf("title lines %q, want %q", title, want)
	}
	var annex string
	for _, ln := range lines {
		if ln.Kind == typeset.KindText && strings.Contains(ln.Text, "截至") {
			annex = ln.Text
		}
	}
	if !strings.Contains(annex, "截至2022年8月31日") {
		t.Errorf("the annex title's date was broken: %q", annex)
	}

	var body []typeset.Line
	for _, ln := range lines {
		if ln.Kind != typeset.KindPageNumber {
			body = append(body, ln)
		}
	}
	for i, ln := range body {
		if ln.Kind != typeset.KindHeading {
			continue
		}
		if i+2 >= len(body) || body[i+1].Page != ln.Page || body[i+2].Page != ln.Page {
			t.Errorf("heading %q on page %d is not followed there by two lines", ln.Text, ln.Page)
		}
	}

	type rowKey struct{ table, row int }
	rowLines := map[rowKey]map[int]int{} // lines of a column per page: the tallest column counts
	rowPages := map[rowKey]map[int]bool{}
	headerPages := map[int]map[int]bool{}
	headerText := map[[2]int][]string{}
	for _, ln := range body {
		switch ln.Kind {
		case typeset.KindTableCell:
			k := rowKey{ln.Table, ln.Row}
			if rowPages[k] == nil {
				rowPages[k], rowLines[k] = map[int]bool{}, map[int]int{}
			}
			rowPages[k][ln.Page] = true
			rowLines[k][ln.Col]++
			if !headerPages[ln.Table][ln.Page] {
				t.Errorf("table %d, page %d: a cell without the header", ln.Table, ln.Page)
			}
			if ln.Text == "红" && !ln.Bold {
				t.Error("a red light is not bold")
			}
		case typeset.KindTableHeader:
			if headerPages[ln.Table] == nil {
				headerPages[ln.Table] = map[int]bool{}
			}
			headerPages[ln.Table][ln.Page] = true
			if len(headerPages[ln.Table]) == 1 { // the header's lines, once
				headerText[[2]int{ln.Table, ln.Col}] = append(headerText[[2]int{ln.Table, ln.Col}], ln.Text)
			}
		}
	}
	for k, pages := range rowPages {
		n := 0
		for _, c := range rowLines[k] {
			n = max(n, c)
		}
		if n <= typeset.KeepRowLines && len(pages) > 1 {
			t.Errorf("table %d row %d (%d lines) split over pages %v", k.table, k.row, n, pages)
		}
	}
	words := []string{"措施", "任务", "完成", "状态", "序时推进", "未启动", "未报送", "逾期天数", "截止日期", "整改", "时限",
		"责任单位", "各单位", "进展", "存在问题", "原因", "报送情况", "应报", "序号", "红灯", "已完成", "滞后"}
	for k, texts := range headerText {
		joined := strings.Join(texts, "|")
		for _, w := range words {
			for i := 1; i < len([]rune(w)); i++ {
				if split := string([]rune(w)[:i]) + "|" + string([]rune(w)[i:]); strings.Contains(joined, split) {
					t.Errorf("table %d column %d: header %q broken inside %q", k[0], k[1], joined, w)
				}
			}
		}
	}
	if !bytes.Contains(data, []byte("/ViewerPreferences << /PrintScaling /None >>")) {
		t.Error("no /PrintScaling /None")
	}
}
