package typeset

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"taizhang/internal/typeset/fonts"
	"taizhang/internal/typeset/sfnt"
)

var testDate = time.Date(2022, 8, 5, 9, 30, 0, 0, time.UTC)

// newDoc makes a document with the embedded fonts only, so that tests do not depend on the
// machine's fonts.
func newDoc(t testing.TB) *Doc {
	t.Helper()
	d, err := New(Config{FontDirs: []string{}, Date: testDate, Title: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func output(t testing.TB, d *Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := d.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const longParagraph = "按照《整改方案》（以下简称“方案”）要求，领导小组办公室于7月25日向各责任单位印发了进展调度通知，截至7月31日，33项整改任务、115项整改措施的责任单位均已报送进展情况。PM2.5年均浓度为18微克/立方米，同比下降5.3%；空气质量优良天数比例达到98.6%……总体看，整改工作序时推进——但仍有部分任务进度滞后，需要引起高度重视！"

// sampleContent uses every kind of block.
func sampleContent(d *Doc) {
	d.Title("关于生态环境保护督察整改工作进展情况的报告")
	d.Subtitle("（截至2022年7月31日）")
	d.Heading(1, "一、总体情况")
	d.Paragraph(longParagraph)
	d.Heading(2, "（一）红黄绿灯")
	d.Paragraph("𠮷字不在任何字体里，只能画一个方框。")
	d.BarChart(BarChart{Caption: "图1  完成情况", Categories: []string{"经发局", "住建局", "池北区"},
		Series: []Series{{Name: "已完成", Values: []float64{3, 4, 5}}, {Name: "滞后", Values: []float64{1, 0, 2}}}, Unit: "项"})
	d.BarChart(BarChart{Categories: []string{"大气", "水"}, Horizontal: true, Percent: true,
		Series: []Series{{Name: "绿", Values: []float64{9, 7}}, {Name: "红", Values: []float64{1, 2}}}})
	d.LineChart(LineChart{Caption: "图2", Categories: []string{"5月", "6月", "7月"}, Series: []Series{{Name: "完成", Values: []float64{1, 5, 9}}}, ShowValues: true})
	d.PieChart(PieChart{Caption: "图3", Slices: []Slice{{Label: "绿灯", Value: 27}, {Label: "黄灯", Value: 3}, {Label: "红灯", Value: 3}}})
	d.Text("领导小组办公室\n2022年8月5日", TextOptions{Align: AlignRight, RightIndent: 4})
	d.LandscapeSection()
	d.Table(Table{Caption: "附件", Columns: []Column{{Header: "序号", Width: 15}, {Header: "任务"}, {Header: "进展", Weight: 3}},
		Rows: [][]Cell{Cells("1", "任务一", strings.Repeat(longParagraph, 3)), {{Text: "2"}, {Text: "任务二"}, {Text: "完成", Fill: &Color{198, 239, 206}}}}})
}

func TestDeterministicBytes(t *testing.T) {
	render := func() []byte {
		d := newDoc(t)
		sampleContent(d)
		return output(t, d)
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Fatalf("two renderings differ (%d and %d bytes)", len(a), len(b))
	}
	if !bytes.Contains(a, []byte("D:20220805093000")) {
		t.Error("the creation date is not the configured one")
	}
	if len(a) > 400_000 {
		t.Errorf("%d bytes: fonts not subset?", len(a))
	}
	d, _ := New(Config{FontDirs: []string{}, Date: testDate.Add(time.Hour)})
	sampleContent(d)
	if bytes.Equal(a, output(t, d)) {
		t.Error("a different date gives the same bytes")
	}
}

// cellText joins the lines drawn for a table cell.
func cellLinesOf(lines []Line, table, row, col int) (texts []string, pages []int) {
	for _, l := range lines {
		if l.Kind == KindTableCell && l.Table == table && l.Row == row && l.Col == col {
			texts = append(texts, l.Text)
			pages = append(pages, l.Page)
		}
	}
	return texts, pages
}

func TestTableAcrossPages(t *testing.T) {
	d := newDoc(t)
	d.Paragraph("表格前的一段文字。")
	var rows [][]Cell
	huge := strings.Repeat("整改措施落实情况：已完成可行性研究报告编制和评审，落实建设资金1.2亿元；", 40)
	for i := 0; i < 40; i++ {
		text := fmt.Sprintf("第%d项任务按计划推进。", i+1)
		if i == 6 {
			text = huge
		}
		rows = append(rows, Cells(fmt.Sprint(i+1), "住建局、池北区", text))
	}
	d.Table(Table{Columns: []Column{{Header: "序号", Width: 14}, {Header: "责任单位", Width: 40}, {Header: "进展情况"}}, Rows: rows})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	output(t, d)
	lines := d.Lines()
	if d.PageCount() < 3 {
		t.Fatalf("%d pages, want at least 3", d.PageCount())
	}

	// the long cell runs over pages, and nothing of it is lost
	texts, pages := cellLinesOf(lines, 1, 6, 2)
	if err := checkParagraph(huge, areaW-54-2*cellPadX, d.measure(lineStyle{role: RoleTable, size: SizeTable}), texts); err != nil {
		t.Errorf("long cell: %v", err)
	}
	if pages[0] == pages[len(pages)-1] {
		t.Errorf("the long cell stayed on page %d", pages[0])
	}
	// every row's cells are there, in order, each exactly once
	for ri, row := range rows {
		for ci, c := range row {
			texts, _ := cellLinesOf(lines, 1, ri, ci)
			if got := strings.Join(texts, ""); got != c.Text {
				t.Errorf("row %d col %d: %q, want %q", ri, ci, got, c.Text)
			}
		}
	}
	// the header is on every page the table is on, before the table's cells
	headerPages := map[int]int{}
	cellPages := map[int]bool{}
	for _, l := range lines {
		switch l.Kind {
		case KindTableHeader:
			headerPages[l.Page]++
		case KindTableCell:
			cellPages[l.Page] = true
			if headerPages[l.Page] == 0 {
				t.Errorf("a cell on page %d before its header", l.Page)
			}
		}
	}
	for p := range cellPages {
		if headerPages[p] != 3 {
			t.Errorf("page %d has %d header lines, want 3", p, headerPages[p])
		}
	}
	// nothing below the type area but the page numbers
	for _, l := range lines {
		if l.Kind != KindPageNumber && l.Y > areaTop+areaH+0.01 {
			t.Errorf("page %d: %q at %.1f mm, below the type area", l.Page, l.Text, l.Y)
		}
	}
}

func TestTableCellsKeepTheirText(t *testing.T) {
	d := newDoc(t)
	cells := []string{
		"", "一", longParagraph, "hello   world and some very long Latinwordthatdoesnotfitanywhere",
		"第一行\n第二行\n\n第四行", "（一）“引号”——破折号……省略号。", strings.Repeat("。", 40), "2022年9月底前完成PM2.5治理，完成率92.3%",
	}
	var rows [][]Cell
	for _, c := range cells {
		rows = append(rows, Cells(c, c))
	}
	d.Table(Table{Columns: []Column{{Header: "窄", Width: 20}, {Header: "宽"}}, Rows: rows, FontSize: SizeSmall})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	lines := d.Lines()
	st := lineStyle{role: RoleTable, size: SizeSmall}
	br := d.breaker(st, true)
	for ri, c := range cells {
		for ci, w := range []float64{20, areaW - 20} {
			texts, _ := cellLinesOf(lines, 1, ri, ci)
			breakPara := func(seg string) []string {
				var out []string
				for _, l := range br.cellLines(seg, w-2*cellPadX) {
					out = append(out, l.text)
				}
				return out
			}
			if err := checkBreakWith(c, w-2*cellPadX, d.measure(st), breakPara, texts); err != nil {
				t.Errorf("cell %q in column %d: %v", c, ci, err)
			}
		}
	}
}

func TestMissingCharacters(t *testing.T) {
	d := newDoc(t)
	var out []byte
	printed := captureStdout(t, func() {
		d.Paragraph("吉野家的𠮷字，泰文ก，控制符\a，零宽\u200b空格，不换行\u00a0空格。")
		d.Table(Table{Columns: []Column{{Header: "𠮷"}}, Rows: [][]Cell{Cells("𠮷𠮷")}})
		out = output(t, d)
	})
	if printed != "" {
		t.Errorf("gofpdf printed %q", printed)
	}
	if want := []rune{'\a', 'ก', 0x20BB7}; !reflect.DeepEqual(d.Missing(), want) {
		t.Errorf("Missing() = %q, want %q", d.Missing(), want)
	}
	var para []string
	for _, l := range d.Lines() {
		if l.Kind == KindParagraph {
			para = append(para, l.Text)
		}
	}
	if got, want := strings.Join(para, ""), "吉野家的\uFFFD字，泰文\uFFFD，控制符\uFFFD，零宽空格，不换行\u00a0空格。"; got != want {
		t.Errorf("drawn %q, want %q", got, want)
	}
	if len(out) == 0 {
		t.Error("no output")
	}
}

func TestGrid(t *testing.T) {
	d := newDoc(t)
	text := strings.Repeat("整", 26+28*21+28*22)
	d.Paragraph(text)
	var perPage []int
	for _, l := range d.Lines() {
		if l.Kind != KindParagraph {
			continue
		}
		for len(perPage) < l.Page {
			perPage = append(perPage, 0)
		}
		perPage[l.Page-1]++
		n := utf8.RuneCountInString(l.Text)
		if want := 28; (l.X > areaLeft+1 && n != 26) || (l.X < areaLeft+1 && n != want) {
			t.Errorf("line at x %.1f has %d characters", l.X, n)
		}
	}
	if !reflect.DeepEqual(perPage, []int{22, 22}) {
		t.Errorf("lines per page %v, want 22 and 22", perPage)
	}
	if LinePitch < 10.22 || LinePitch > 10.23 || math.Abs(CharPitch*28-156) > 1e-9 {
		t.Errorf("pitch %.3f × %.3f", LinePitch, CharPitch)
	}
}

func TestPageNumbers(t *testing.T) {
	d := newDoc(t)
	d.Paragraph(strings.Repeat("整改", 28*22))
	d.LandscapeSection()
	d.Paragraph("横排页")
	d.NewPage()
	d.Paragraph("横排页")
	d.PortraitSection()
	d.Paragraph("竖排页")
	output(t, d)
	var got []string
	for _, l := range d.Lines() {
		if l.Kind != KindPageNumber {
			continue
		}
		got = append(got, l.Text)
		odd := l.Page%2 == 1
		if l.Page == 4 || l.Page == 5 {
			// landscape: at the table's left, odd pages at the lower left, even at the upper
			// left — on the sheet held upright, where a portrait page has it
			if !l.Turned || l.X > landLeft-3 || l.X < 15 {
				t.Errorf("page %d: number at x %.1f (turned %v), want left of the table", l.Page, l.X, l.Turned)
			}
			if lower := l.Y > landTop+areaW/2; lower != odd {
				t.Errorf("page %d: number at y %.1f", l.Page, l.Y)
			}
			// the sheet's coordinates: the same as on a portrait page
			sx, sy := l.Y, pageH-l.X
			if math.Abs(sy-(areaTop+areaH+pageNumberDrop+0.32*SizePageNumber*mmPerPt)) > 0.01 || (sx > areaLeft+areaW/2) != odd {
				t.Errorf("page %d: on the sheet at (%.1f, %.1f)", l.Page, sx, sy)
			}
			continue
		}
		if l.Turned {
			t.Errorf("page %d: portrait page number turned", l.Page)
		}
		if right := l.X > areaLeft+areaW/2; right != odd {
			t.Errorf("page %d: number at x %.1f", l.Page, l.X)
		}
	}
	if want := []string{"— 1 —", "— 2 —", "— 3 —", "— 4 —", "— 5 —", "— 6 —"}; !reflect.DeepEqual(got, want) {
		t.Errorf("page numbers %q, want %q", got, want)
	}
}

// TestPdftotext reads a long paragraph back out of the PDF.
func TestPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the PDF's text is not read back")
	}
	d := newDoc(t)
	d.Heading(1, "一、总体情况")
	d.Paragraph(longParagraph + longParagraph)
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(path, output(t, d), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\f' {
				return -1
			}
			return r
		}, s)
	}
	if got := squeeze(string(out)); !strings.Contains(got, squeeze(longParagraph+longParagraph)) {
		t.Errorf("pdftotext gives\n%s", out)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		do   func(d *Doc)
		want string
	}{
		{"too many cells", func(d *Doc) { d.Table(Table{Columns: []Column{{Header: "a"}}, Rows: [][]Cell{Cells("1", "2")}}) }, "row 1 has 2 cells"},
		{"no columns", func(d *Doc) { d.Table(Table{}) }, "no columns"},
		{"columns too wide", func(d *Doc) { d.Table(Table{Columns: []Column{{Width: 100}, {Width: 100}}}) }, "wide"},
		{"negative value", func(d *Doc) {
			d.BarChart(BarChart{Categories: []string{"a"}, Series: []Series{{Values: []float64{-1}}}})
		}, "cannot be drawn"},
		{"values do not match", func(d *Doc) {
			d.LineChart(LineChart{Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{1}}}})
		}, "1 values for 2 categories"},
		{"NaN slice", func(d *Doc) { d.PieChart(PieChart{Slices: []Slice{{Value: math.NaN()}}}) }, "cannot be drawn"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDoc(t)
			c.do(d)
			if d.Err() == nil || !strings.Contains(d.Err().Error(), c.want) {
				t.Fatalf("Err() = %v, want %q", d.Err(), c.want)
			}
			n := len(d.Lines())
			d.Paragraph("之后什么也不做")
			if len(d.Lines()) != n {
				t.Error("drew after an error")
			}
			if err := d.Output(&bytes.Buffer{}); err != d.Err() {
				t.Errorf("Output() = %v", err)
			}
		})
	}
	d := newDoc(t)
	output(t, d) // an empty document is one empty page
	if d.PageCount() != 1 {
		t.Errorf("empty document has %d pages", d.PageCount())
	}
	if err := d.Output(&bytes.Buffer{}); err == nil {
		t.Error("a second Output succeeded")
	}
}

func TestEmptyAndZeroCharts(t *testing.T) {
	d := newDoc(t)
	d.BarChart(BarChart{Categories: []string{"无"}, Series: []Series{{Name: "x", Values: []float64{0}}}})
	d.BarChart(BarChart{Categories: []string{"无"}, Series: []Series{{Values: []float64{0}}}, Horizontal: true, Percent: true})
	d.LineChart(LineChart{Categories: []string{"1月"}, Series: []Series{{Values: []float64{0}}}})
	d.PieChart(PieChart{Slices: []Slice{{Label: "无", Value: 0}}})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	output(t, d)
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "truetype", "zh")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(sub, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// the embedded 宋体 under the name of Windows' 仿宋, a CFF font, a Latin font and junk
	write("simfang.ttf", []byte(fonts.Song()))
	write("NotoSerifCJK-Regular.otf", sfnt.CFF())
	write("tiny.ttf", sfnt.Tiny(sfnt.TinyOptions{}))
	write("broken.ttc", []byte("ttcf\x00\x01\x00\x00\xff\xff\xff\xff"))
	write("readme.txt", []byte("not a font"))

	got := Discover([]string{dir, dir}) // a folder given twice is searched once
	var names []string
	for _, fi := range got {
		names = append(names, filepath.Base(fi.Path))
	}
	if want := []string{"NotoSerifCJK-Regular.otf", "broken.ttc", "simfang.ttf", "tiny.ttf"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("Discover found %q, want %q", names, want)
	}
	if !strings.Contains(got[0].Problem, "CFF") || got[1].Problem == "" {
		t.Errorf("problems: %q, %q", got[0].Problem, got[1].Problem)
	}
	if fi := got[2]; !fi.Usable() || !fi.CJK || fi.Style != StyleFangSong || fi.Family != "AR PL SungtiL GB" {
		t.Errorf("simfang.ttf: %+v", fi)
	}
	if fi := got[3]; !fi.Usable() || fi.CJK {
		t.Errorf("tiny.ttf: %+v", fi)
	}

	d, err := New(Config{FontDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	body := d.Fonts()[3]
	if body.Role != RoleBody || body.Font.Path != filepath.Join(sub, "simfang.ttf") || body.Substitute() {
		t.Errorf("body font: %v", body)
	}
	title := d.Fonts()[0]
	if title.Role != RoleTitle || !title.Substitute() || !title.FakeBold {
		t.Errorf("title font: %v", title)
	}
	// a character the embedded fonts lack comes from an installed font, here the tiny one
	d.Paragraph("正文✓")
	output(t, d)
	if len(d.Missing()) != 0 || len(d.FontProblems()) != 0 {
		t.Errorf("missing %q, problems %q", d.Missing(), d.FontProblems())
	}
	if l := d.Lines(); l[len(l)-1].Text != "正文✓" {
		t.Errorf("drawn %q", l[len(l)-1].Text)
	}
}

func TestSystemFontDirs(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		goos string
		env  map[string]string
		home string
		want []string
	}{
		{"windows", map[string]string{"WINDIR": `D:\Win`, "LOCALAPPDATA": `C:\Users\a\AppData\Local`}, `C:\Users\a`,
			[]string{filepath.Join(`D:\Win`, "Fonts"), filepath.Join(`C:\Users\a\AppData\Local`, "Microsoft", "Windows", "Fonts")}},
		{"windows", map[string]string{}, "", []string{filepath.Join(`C:\Windows`, "Fonts")}},
		{"darwin", nil, "/Users/a", []string{"/Library/Fonts", "/System/Library/Fonts", "/Users/a/Library/Fonts"}},
		{"linux", nil, "/home/a", []string{"/home/a/.local/share/fonts", "/home/a/.fonts", "/usr/local/share/fonts", "/usr/share/fonts"}},
	}
	for _, c := range cases {
		if got := systemFontDirs(c.goos, env(c.env), c.home); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, want %q", c.goos, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		names []string
		file  string
		want  Style
	}{
		{[]string{"FangSong", "仿宋"}, "simfang.ttf", StyleFangSong},
		{[]string{"SimSun", "宋体"}, "simsun.ttc", StyleSong},
		{[]string{"NSimSun"}, "simsun.ttc", StyleSong},
		{[]string{"KaiTi", "楷体"}, "simkai.ttf", StyleKai},
		{[]string{"SimHei", "黑体"}, "simhei.ttf", StyleHei},
		{[]string{"FZXiaoBiaoSong-B05S", "方正小标宋简体"}, "FZXBSJW.TTF", StyleXiaoBiaoSong},
		{[]string{"STZhongsong", "华文中宋"}, "STZHONGS.TTF", StyleXiaoBiaoSong},
		{[]string{"AR PL UKai CN"}, "ukai.ttc", StyleKai},
		{[]string{"AR PL UMing CN"}, "uming.ttc", StyleSong},
		{[]string{"AR PL SungtiL GB"}, "gbsn00lp.ttf", StyleSong},
		{[]string{"WenQuanYi Zen Hei"}, "wqy-zenhei.ttc", StyleHei},
		{[]string{"DejaVu Sans"}, "DejaVuSans.ttf", StyleOther},
	}
	for _, c := range cases {
		if got, _ := classify(c.names, c.file); got != c.want {
			t.Errorf("classify(%q, %s) = %v, want %v", c.names, c.file, got, c.want)
		}
	}
}

func BenchmarkTable1000Rows(b *testing.B) {
	rows := make([][]Cell, 1000)
	for i := range rows {
		rows[i] = Cells(fmt.Sprint(i+1), fmt.Sprintf("第%d项整改任务：池北区污水处理厂提标改造", i+1), "住建局、池北区",
			"2022年9月底", "已完成可行性研究报告编制和评审，落实建设资金1.2亿元，7月开工建设，计划9月底前完成主体工程。", "绿")
	}
	table := Table{Columns: []Column{{Header: "序号", Width: 12}, {Header: "整改任务", Weight: 2}, {Header: "责任单位", Width: 30},
		{Header: "整改时限", Width: 25}, {Header: "进展情况", Weight: 3}, {Header: "预警", Width: 12}}, Rows: rows}
	var size int
	for i := 0; i < b.N; i++ {
		d := newDoc(b)
		d.LandscapeSection()
		d.Table(table)
		size = len(output(b, d))
	}
	b.ReportMetric(float64(size)/(1<<20), "MB/pdf")
}

func TestChartsStayInTheTypeArea(t *testing.T) {
	d := newDoc(t)
	cats := make([]string, 40)
	vals := make([]float64, 40)
	for i := range cats {
		cats[i] = fmt.Sprintf("第%d个责任单位", i+1)
		vals[i] = float64(i)
	}
	d.Paragraph("图表之前的文字。")
	d.BarChart(BarChart{Caption: "很多类别", Categories: cats, Horizontal: true, Series: []Series{{Name: "完成", Values: vals}}})
	d.BarChart(BarChart{Caption: "很高", Categories: cats[:5], Height: 400, Series: []Series{{Name: "完成", Values: vals[:5]}}})
	d.LineChart(LineChart{Caption: "很高", Categories: cats[:5], Height: 400, Series: []Series{{Name: "完成", Values: vals[:5]}}})
	d.PieChart(PieChart{Caption: "很大", Height: 400, Slices: []Slice{{Label: "一", Value: 1}, {Label: "二", Value: 2}}})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	for _, l := range d.Lines() {
		if l.Kind == KindPageNumber {
			continue
		}
		if l.Y < areaTop || l.Y > areaTop+areaH+0.01 {
			t.Errorf("page %d: %v %q at %.1f mm", l.Page, l.Kind, l.Text, l.Y)
		}
	}
}

// A chart of more categories than a page holds goes on over pages, on one scale, with its
// caption under every part.
func TestChartsRunOverPages(t *testing.T) {
	for _, horizontal := range []bool{true, false} {
		d := newDoc(t)
		many := make([]string, 200)
		vals := make([]float64, 200)
		for i := range many {
			many[i] = fmt.Sprintf("第%d单位", i+1)
			vals[i] = float64(i % 7)
		}
		d.Paragraph("图表之前的文字。")
		d.BarChart(BarChart{Caption: "图1  各单位", Categories: many, Horizontal: horizontal,
			Series: []Series{{Name: "已完成", Values: vals}, {Name: "滞后", Values: vals}}})
		if err := d.Err(); err != nil {
			t.Fatalf("horizontal %v: %v", horizontal, err)
		}
		output(t, d)
		labels := map[string]int{}
		var all strings.Builder // a vertical chart's labels may take two lines
		var captions []string
		for _, l := range d.Lines() {
			switch l.Kind {
			case KindChart:
				labels[l.Text]++
				all.WriteString(l.Text)
			case KindCaption:
				captions = append(captions, l.Text)
			case KindPageNumber:
				continue
			}
			if l.Y < areaTop || l.Y > areaTop+areaH+0.01 {
				t.Errorf("page %d: %v %q at %.1f mm", l.Page, l.Kind, l.Text, l.Y)
			}
		}
		for _, c := range many {
			if horizontal && labels[c] != 1 || !horizontal && !strings.Contains(all.String(), c) {
				t.Errorf("horizontal %v: label %q drawn %d times", horizontal, c, labels[c])
			}
		}
		if d.PageCount() < 3 || len(captions) < 3 || captions[0] != "图1  各单位" {
			t.Fatalf("horizontal %v: %d pages, captions %q", horizontal, d.PageCount(), captions)
		}
		for _, c := range captions[1:] {
			if c != "图1  各单位（续）" {
				t.Errorf("horizontal %v: caption %q", horizontal, c)
			}
		}
	}
}
