package pdfdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"taizhang/internal/pdfdoc/fonts"
)

var date = time.Date(2022, 8, 31, 0, 0, 0, 0, time.UTC)

func embedded(t testing.TB) *Fonts {
	t.Helper()
	fs, err := OpenFonts(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

const long = "为深入贯彻习近平生态文明思想，确保全面完成第二轮中央生态环境保护督察反馈问题整改任务，结合我区实际，制定本方案。各区、各部门要提高政治站位，将整改作为重要政治任务，诚恳接受、照单全收、主动整改，落实党政领导责任、部门监管责任、企业主体责任。“十四五”期间，中心城区细颗粒物（PM2.5）浓度降至每立方米29.5微克以下，空气质量优良天数比率达到92.3%以上。"

func sample(t testing.TB, fs *Fonts) *Doc {
	d := New(fs, "测试", date)
	d.Title("关于长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告")
	d.Subtitle("（2022年8月，截至2022年8月31日）")
	d.Heading(1, "一、总体进展")
	d.Paragraph(long)
	d.Heading(2, "（一）任务完成情况")
	d.Paragraph(long + long)
	d.StackedBars(Bars{Title: "各单位措施完成状态", Categories: []string{"经发局", "池北区", "生态环境局"},
		Series: []Series{{"已完成", "00B050", []float64{3, 10, 5}}, {"序时推进", "5B9BD5", []float64{10, 40, 20}}, {"滞后", "FF0000", []float64{1, 5, 0}}}})
	d.ShareBar("措施状态灯", []Series{{"红灯", "FF0000", []float64{51}}, {"黄灯", "FFC000", []float64{3}}, {"绿灯", "00B050", []float64{61}}})
	d.LineChart(LineChart{Title: "已完成措施数", Categories: []string{"2022年7月", "2022年8月"}, Series: Series{"已完成", "00B050", []float64{6, 21}}})
	d.Landscape()
	var rows [][]Cell
	for i := 0; i < 40; i++ {
		text := "措施内容"
		if i == 7 {
			text = strings.Repeat(long, 20) // taller than a page
		}
		rows = append(rows, []Cell{{Text: string(rune('A' + i%26))}, {Text: text}, {Text: "红", Fill: "FF0000"}})
	}
	d.Table(Table{Columns: []Column{{"序号", 1, "C"}, {"整改措施", 8, "L"}, {"灯", 1, "C"}}, Rows: rows, Size: 9})
	return d
}

func TestDeterministic(t *testing.T) {
	var out [2]bytes.Buffer
	for i := range out {
		if err := sample(t, embedded(t)).Output(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Fatal("the same document twice differs")
	}
	if n := out[0].Len(); n > 3<<20 {
		t.Errorf("PDF is %d bytes: fonts not subset?", n)
	}
}

// Every table cell's lines, joined, give back its text, and the long cell goes over a page
// break with the header drawn again.
func TestTableAcrossPages(t *testing.T) {
	d := sample(t, embedded(t))
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	var cell strings.Builder
	headerPages := map[int]bool{}
	longPages := map[int]bool{}
	for _, l := range d.Lines() {
		if l.Role != RoleTable {
			continue
		}
		if l.Text == "整改措施" {
			headerPages[l.Page] = true
		}
		if strings.Contains(strings.Repeat(long, 20), l.Text) && len([]rune(l.Text)) > 10 {
			cell.WriteString(l.Text)
			longPages[l.Page] = true
		}
	}
	if got := cell.String(); !strings.Contains(got, strings.Repeat(long, 20)) {
		t.Errorf("the long cell lost characters:\n%d runes, want at least %d", len([]rune(got)), len([]rune(strings.Repeat(long, 20))))
	}
	if len(longPages) < 2 {
		t.Errorf("the long cell did not cross a page: %v", longPages)
	}
	for p := range longPages {
		if !headerPages[p] {
			t.Errorf("page %d has no header row", p)
		}
	}
}

// A paragraph's lines joined give back the text (with the two-character indent).
func TestParagraphKeepsEveryCharacter(t *testing.T) {
	d := New(embedded(t), "", date)
	d.Paragraph(long)
	var b strings.Builder
	for _, l := range d.Lines() {
		b.WriteString(l.Text)
	}
	if b.String() != "　　"+long {
		t.Errorf("got %q", b.String())
	}
	for i, l := range d.Lines() {
		r := []rune(l.Text)
		if i > 0 && isNoStart(r[0]) {
			t.Errorf("line %q starts with closing punctuation", l.Text)
		}
		if d.measure(RoleBody, bodyPt, l.Text) > areaW+0.01 {
			t.Errorf("line %q is wider than the type area", l.Text)
		}
	}
}

func TestMissingCharacters(t *testing.T) {
	d := New(embedded(t), "", date)
	d.Paragraph("吉野家的𠮷字和😀表情")
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if got := string(d.Missing()); got != "😀𠮷" {
		t.Errorf("missing %q", got)
	}
	if !strings.Contains(d.Lines()[0].Text, "𠮷") || !strings.Contains(d.Lines()[0].Text, "😀") {
		t.Errorf("the line log keeps the original text: %q", d.Lines()[0].Text)
	}
}

func TestFontFiles(t *testing.T) {
	if _, err := LoadFont("song", fonts.Song); err != nil {
		t.Fatal(err)
	}
	otf := append([]byte("OTTO"), make([]byte, 100)...)
	if _, err := LoadFont("x.otf", otf); err == nil || !strings.Contains(err.Error(), "CFF") {
		t.Errorf("otf: %v", err)
	}
	if _, err := LoadFont("junk.ttf", []byte("not a font")); err == nil {
		t.Error("junk accepted")
	}
	const ttc = "/usr/share/fonts/truetype/arphic/ukai.ttc"
	data, err := os.ReadFile(ttc)
	if err != nil {
		t.Skipf("%s is not installed (Debian package fonts-arphic-ukai): the .ttc extraction check is skipped", ttc)
	}
	f, err := LoadFont("ukai.ttc", data)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Has('整') || !f.Has('A') {
		t.Error("coverage")
	}
	// the extracted font works in a document
	dir := t.TempDir()
	fs, err := OpenFonts(Config{Files: map[Role]string{RoleKai: ttc}, Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	d := New(fs, "", date)
	d.Heading(2, "（一）楷体标题")
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestDiscovery(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "simkai.ttf"), fonts.Kai, 0o644)
	os.WriteFile(filepath.Join(dir, "simfang.ttf"), []byte("broken"), 0o644)
	fs, err := OpenFonts(Config{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if fs.chains[RoleKai][0].Name != "simkai.ttf" {
		t.Errorf("kai: %v", fs.Chosen())
	}
	if !strings.Contains(fs.chains[RoleBody][0].Name, "内置") {
		t.Errorf("a broken simfang.ttf must fall back: %v", fs.Chosen())
	}
	if len(fs.Notes) == 0 || !strings.Contains(strings.Join(fs.Notes, ""), "simfang.ttf") {
		t.Errorf("notes %v", fs.Notes)
	}
	if _, err := OpenFonts(Config{Files: map[Role]string{RoleBody: filepath.Join(dir, "simfang.ttf")}}); err == nil {
		t.Error("an explicit broken font must be an error")
	}
}

// Where pdftotext is installed, the text comes out of the PDF intact.
func TestPDFText(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the text extraction check is skipped")
	}
	d := New(embedded(t), "", date)
	d.Paragraph(long)
	path := filepath.Join(t.TempDir(), "p.pdf")
	f, _ := os.Create(path)
	d.Output(f)
	f.Close()
	out, err := exec.Command(bin, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out))
	want := strings.ReplaceAll(long, " ", "")
	if !strings.Contains(text, want) {
		t.Errorf("extracted text differs:\n%s\nwant\n%s", text, want)
	}
}

func BenchmarkTable1000Rows(b *testing.B) {
	fs := embedded(b)
	var rows [][]Cell
	for i := 0; i < 1000; i++ {
		rows = append(rows, []Cell{{Text: "3.1"}, {Text: long[:len(long)/2]}, {Text: "经发局：[序时推进] 已完成摸底排查，建立问题清单。"}, {Text: "红", Fill: "FF0000"}})
	}
	for i := 0; i < b.N; i++ {
		d := New(fs, "", date)
		d.Landscape()
		d.Table(Table{Columns: []Column{{"序号", 1, "C"}, {"整改措施", 6, "L"}, {"进展", 6, "L"}, {"灯", 1, "C"}}, Rows: rows, Size: 9})
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
		b.ReportMetric(float64(d.Pages()), "pages")
	}
}
