package typeset

import (
	"fmt"
	"strings"
	"testing"
)

// checkHeadingsKept fails when a heading is the last thing on its page, or is followed on its
// page by less than two lines of what follows it (fewer when what follows is shorter).
func checkHeadingsKept(t *testing.T, lines []Line) {
	t.Helper()
	var body []Line
	for _, l := range lines {
		if l.Kind != KindPageNumber {
			body = append(body, l)
		}
	}
	for i, l := range body {
		if l.Kind != KindHeading || (i+1 < len(body) && body[i+1].Kind == KindHeading) {
			continue
		}
		after, onPage := 0, 0
		for _, m := range body[i+1:] {
			if m.Block == l.Block {
				continue
			}
			after++
			if m.Page == l.Page {
				onPage++
			}
			if after == 2 {
				break
			}
		}
		if after > 0 && onPage < after {
			t.Errorf("heading %q on page %d is followed there by %d of the next %d lines", l.Text, l.Page, onPage, after)
		}
	}
}

func TestHeadingKeptWithNext(t *testing.T) {
	line := strings.Repeat("整", 28)
	table := Table{Caption: "表1  进展", Columns: []Column{{Header: "单位"}, {Header: "进展情况", Weight: 3}},
		Rows: [][]Cell{Cells("经发局", strings.Repeat("已完成。", 20)), Cells("池北区", "序时推进。")}}
	chart := BarChart{Caption: "图1", Categories: []string{"经发局", "池北区"}, Series: []Series{{Name: "已完成", Values: []float64{1, 2}}}}
	cases := []struct {
		name string
		fill int // lines of body text first
		next func(d *Doc)
	}{
		{"paragraph, one line left", 21, func(d *Doc) { d.Paragraph(line + line) }},
		{"paragraph, two lines left", 20, func(d *Doc) { d.Paragraph(line + line) }},
		{"paragraph, three lines left", 19, func(d *Doc) { d.Paragraph(line + line) }},
		{"table", 17, func(d *Doc) { d.Table(table) }},
		{"chart", 12, func(d *Doc) { d.BarChart(chart) }},
		{"two headings", 20, func(d *Doc) { d.Heading(2, "（一）二级标题"); d.Paragraph(line + line) }},
		{"landscape section", 20, func(d *Doc) { d.LandscapeSection(); d.Table(table) }},
		{"end of the document", 21, func(d *Doc) {}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDoc(t)
			d.Paragraph(strings.Repeat(line, c.fill)[2*3:]) // the first line is indented
			d.Heading(1, "一、一级标题")
			c.next(d)
			output(t, d)
			lines := d.Lines()
			checkHeadingsKept(t, lines)
			var heading *Line
			for i := range lines {
				if lines[i].Kind == KindHeading {
					heading = &lines[i]
					break
				}
			}
			if heading == nil {
				t.Fatal("the heading was not drawn")
			}
			if c.name == "paragraph, three lines left" && heading.Page != 1 {
				t.Errorf("the heading went to page %d with room for it and two lines", heading.Page)
			}
			if c.name == "landscape section" && heading.Page != 2 {
				t.Errorf("the heading stayed on page %d, not with the landscape table", heading.Page)
			}
		})
	}
}

func TestTableRowsKeptWhole(t *testing.T) {
	d := newDoc(t)
	d.Paragraph("表格前的一段文字。")
	var rows [][]Cell
	for i := 0; i < 60; i++ {
		n := 1 + i%9 // rows of 1 to 9 lines
		rows = append(rows, Cells(fmt.Sprint(i+1), strings.TrimSuffix(strings.Repeat("第一二三四五六七八九十行\n", n), "\n")))
	}
	d.Table(Table{Caption: "表1  各单位进展", Continued: "续表1", Columns: []Column{{Header: "序号", Width: 14}, {Header: "进展情况"}}, Rows: rows})
	output(t, d)
	lines := d.Lines()
	pagesOf := map[int]map[int]int{} // row → page → lines
	headerPages, contPages, cellPages := map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, l := range lines {
		switch {
		case l.Kind == KindTableCell && l.Col == 1:
			if pagesOf[l.Row] == nil {
				pagesOf[l.Row] = map[int]int{}
			}
			pagesOf[l.Row][l.Page]++
			cellPages[l.Page] = true
		case l.Kind == KindTableHeader:
			headerPages[l.Page] = true
		case l.Kind == KindCaption && l.Text == "续表1":
			contPages[l.Page] = true
		}
	}
	if d.PageCount() < 3 {
		t.Fatalf("%d pages", d.PageCount())
	}
	split := 0
	for ri := range rows {
		n := 1 + ri%9
		pp := pagesOf[ri]
		if n <= KeepRowLines && len(pp) != 1 {
			t.Errorf("row %d of %d lines split over pages %v", ri, n, pp)
		}
		if len(pp) > 1 {
			split++
			for p, k := range pp {
				if k < 2 {
					t.Errorf("row %d of %d lines has %d line on page %d", ri, n, k, p)
				}
			}
		}
	}
	first := lines[0].Page
	for p := range cellPages {
		if !headerPages[p] {
			t.Errorf("page %d has cells but no header", p)
		}
		if cont := contPages[p]; cont != (p != first) {
			t.Errorf("page %d: 续表 label %v", p, cont)
		}
	}
	t.Logf("%d pages, %d rows split", d.PageCount(), split)
}

func TestCellColours(t *testing.T) {
	d := newDoc(t)
	red, yellow, blue := Color{255, 0, 0}, Color{255, 192, 0}, Color{0, 0, 255}
	d.Table(Table{Columns: []Column{{Header: "灯"}}, Rows: [][]Cell{
		{{Text: "红", Fill: &red, Bold: true}}, {{Text: "黄", Fill: &yellow}}, {{Text: "蓝", Color: &blue}}, {{Text: "白", Fill: &red, Color: &Color{}}}}})
	output(t, d)
	want := map[string]struct {
		c    Color
		bold bool
	}{"红": {Color{255, 255, 255}, true}, "黄": {Color{}, false}, "蓝": {blue, false}, "白": {Color{}, false}}
	for _, l := range d.Lines() {
		if w, ok := want[l.Text]; ok && l.Kind == KindTableCell && (l.Color != w.c || l.Bold != w.bold) {
			t.Errorf("%s: colour %v bold %v, want %v %v", l.Text, l.Color, l.Bold, w.c, w.bold)
		}
	}
}

// The headers of the report's tables, at its sizes, break between words only.
func TestTableHeadersBreakBetweenWords(t *testing.T) {
	tables := []struct {
		landscape bool
		size      float64
		cols      []Column
	}{
		{false, 9, []Column{{Header: "单位", Weight: 2.6}, {Header: "应报措施", Weight: 1.1}, {Header: "报送情况", Weight: 1.5},
			{Header: "已完成", Weight: 1.1}, {Header: "序时推进", Weight: 1.1}, {Header: "滞后", Weight: 1.1}, {Header: "未启动", Weight: 1.1},
			{Header: "未报送", Weight: 1.1}, {Header: "红灯", Weight: 1}}},
		{false, 9, []Column{{Header: "灯", Weight: 0.8}, {Header: "任务措施", Weight: 1.2}, {Header: "整改措施", Weight: 3.8},
			{Header: "未完成的单位", Weight: 2.3}, {Header: "截止日期", Weight: 2.2}, {Header: "逾期天数", Weight: 1.1}, {Header: "原因和存在问题", Weight: 3}}},
		{true, 8, []Column{{Header: "序号", Weight: 0.9}, {Header: "整改任务", Weight: 2.4}, {Header: "整改措施", Weight: 5.4},
			{Header: "责任单位", Weight: 1.8}, {Header: "整改时限", Weight: 1.5}, {Header: "完成状态", Weight: 1.2},
			{Header: "灯", Weight: 0.6}, {Header: "各单位进展", Weight: 6}, {Header: "存在问题", Weight: 2.6}}},
	}
	for ti, tb := range tables {
		d := newDoc(t)
		if tb.landscape {
			d.LandscapeSection()
		}
		row := make([]Cell, len(tb.cols))
		for i, c := range tb.cols {
			if c.Header == "截止日期" || c.Header == "整改时限" {
				row[i] = Cell{Text: "2022-09-30"}
			}
		}
		d.Table(Table{Columns: tb.cols, Rows: [][]Cell{row}, FontSize: tb.size})
		if err := d.Err(); err != nil {
			t.Fatal(err)
		}
		byCol := map[int][]string{}
		for _, l := range d.Lines() {
			if l.Kind == KindTableHeader {
				byCol[l.Col] = append(byCol[l.Col], l.Text)
			}
			if l.Kind == KindTableCell && l.Text != "2022-09-30" && l.Text != "" {
				t.Errorf("table %d: the date in column %d broke: %q", ti, l.Col, l.Text)
			}
		}
		for ci, c := range tb.cols {
			got := byCol[ci]
			if strings.Join(got, "") != c.Header {
				t.Errorf("table %d: header %q drawn as %q", ti, c.Header, got)
			}
			rs := []rune(c.Header)
			keep := d.words.keep(rs)
			at := 0
			for _, l := range got[:len(got)-1] {
				at += len([]rune(l))
				if keep[at] {
					t.Errorf("table %d: header %q broken inside a word: %q", ti, c.Header, got)
				}
			}
		}
	}
}
