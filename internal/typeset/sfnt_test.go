package typeset

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"taizhang/internal/typeset/fonts"
	"taizhang/internal/typeset/sfnt"
)

// captureStdout runs f and returns what it printed: gofpdf prints instead of failing when a
// font is not what it expects, and a rebuilt font must never make it do that.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, r)
		done <- b.String()
	}()
	defer func() { os.Stdout = old }()
	f()
	w.Close()
	os.Stdout = old
	return <-done
}

// renderWithGofpdf draws the runes a face has with gofpdf directly and writes the PDF.
func renderWithGofpdf(f *sfnt.Face, text string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("gofpdf panicked")
		}
	}()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.AddUTF8FontFromBytes("t", "", f.TTF)
	pdf.SetFont("t", "", 12)
	var b strings.Builder
	for _, r := range text {
		if f.Has(r) {
			b.WriteRune(r)
		}
	}
	pdf.Text(10, 20, b.String())
	var buf bytes.Buffer
	err = pdf.Output(&buf)
	return buf.Bytes(), err
}

func TestGofpdfTakesRebuiltFonts(t *testing.T) {
	faces := map[string][]byte{"tiny": sfnt.Tiny(sfnt.TinyOptions{}), "tiny format 12": sfnt.Tiny(sfnt.TinyOptions{Format12: true}),
		"song": []byte(fonts.Song()), "kai": []byte(fonts.Kai())}
	for name, data := range faces {
		t.Run(name, func(t *testing.T) {
			f, err := sfnt.Build(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []byte
			printed := captureStdout(t, func() { out, err = renderWithGofpdf(f, "AB中文字体测试，。") })
			if err != nil || printed != "" {
				t.Fatalf("gofpdf: %v, printed %q", err, printed)
			}
			if len(out) > 60000 {
				t.Errorf("PDF with a few characters is %d bytes: the font was not subset", len(out))
			}
		})
	}
}

func FuzzBuildFace(f *testing.F) {
	for _, o := range []sfnt.TinyOptions{{}, {Format12: true}, {Cyclic: true}, {ShortHmtx: true}, {NameFormat1: true}} {
		f.Add(sfnt.Tiny(o))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := sfnt.Build(data, 0)
		if err != nil {
			return
		}
		// what sfnt.Build accepts, gofpdf must take without panicking or failing
		if _, err := renderWithGofpdf(face, "ABC中"); err != nil {
			t.Fatalf("gofpdf on a rebuilt font: %v", err)
		}
	})
}

// TestCollection extracts every face of an installed .ttc (fonts-arphic-ukai) into a
// standalone TrueType font and draws with it.
func TestCollection(t *testing.T) {
	const path = "/usr/share/fonts/truetype/arphic/ukai.ttc"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no %s to test .ttc extraction with (apt-get install fonts-arphic-ukai): %v", path, err)
	}
	dirs, err := sfnt.ReadDirs(sfnt.Bytes(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 2 {
		t.Fatalf("%d faces in %s", len(dirs), path)
	}
	for i := range dirs {
		f, err := sfnt.Build(data, i)
		if err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		if _, err := sfnt.ReadDirs(sfnt.Bytes(f.TTF), int64(len(f.TTF))); err != nil {
			t.Fatalf("face %d does not read back: %v", i, err)
		}
		if !f.Has('楷') || !f.Has('中') {
			t.Errorf("face %d (%s) lacks 楷 or 中", i, f.Family)
		}
		out, err := renderWithGofpdf(f, "楷体测试")
		if err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		if len(out) > 100000 {
			t.Errorf("face %d: %d bytes for four characters", i, len(out))
		}
	}
	// named in the configuration, with and without a face number
	for _, name := range []string{path, path + "#1"} {
		d, err := New(Config{Fonts: FontFiles{Heading2: name}, FontDirs: []string{}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d.Heading(2, "（一）楷体标题")
		if err := d.Output(io.Discard); err != nil {
			t.Fatal(err)
		}
		ch := d.Fonts()[2]
		if ch.Role != RoleHeading2 || ch.Font.Path != path || !ch.Named || ch.Font.Style != StyleKai {
			t.Errorf("%s: chosen %+v", name, ch)
		}
		if want := 0; name != path {
			want = 1
			if ch.Font.Index != want {
				t.Errorf("%s: face %d", name, ch.Font.Index)
			}
		}
	}
}

func TestNamedFontRefused(t *testing.T) {
	dir := t.TempDir()
	otf := filepath.Join(dir, "SourceHanSerif.otf")
	if err := os.WriteFile(otf, sfnt.CFF(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Fonts: FontFiles{Body: otf}, FontDirs: []string{}})
	if !errors.Is(err, sfnt.ErrCFF) || !strings.Contains(err.Error(), "正文") {
		t.Errorf("New with an .otf body font: %v", err)
	}
	_, err = New(Config{Fonts: FontFiles{Title: filepath.Join(dir, "nofont.ttf")}, FontDirs: []string{}})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("New with a missing font file: %v", err)
	}
}

// A font named for a role must have the common Chinese characters: a Latin-only TrueType
// font given as 正文 is refused, with the role and the reason.
func TestNamedLatinFontRefused(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "Latin.ttf")
	if err := os.WriteFile(latin, sfnt.Tiny(sfnt.TinyOptions{}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Fonts: FontFiles{Body: latin}, FontDirs: []string{}})
	if !errors.Is(err, ErrNotChinese) || !strings.Contains(err.Error(), "正文") || !strings.Contains(err.Error(), latin) {
		t.Errorf("New with a Latin body font: %v", err)
	}
	if dejavu := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; fileExists(dejavu) {
		_, err := New(Config{Fonts: FontFiles{Title: dejavu}, FontDirs: []string{}})
		if !errors.Is(err, ErrNotChinese) || !strings.Contains(err.Error(), "标题") {
			t.Errorf("New with DejaVu Sans as the title font: %v", err)
		}
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// FontReport says per role which face was used and what stands in for a missing style.
func TestFontReport(t *testing.T) {
	d := newDoc(t) // the embedded 宋体 and 楷体 only
	want := []string{
		"标题：未找到小标宋，以内置宋体（AR PL SungtiL GB）代替并加粗",
		"一级标题：未找到黑体，以内置宋体（AR PL SungtiL GB）代替并加粗",
		"二级标题：内置楷体（AR PL KaitiM GB）",
		"正文：未找到仿宋，以内置宋体（AR PL SungtiL GB）代替",
		"表格：内置宋体（AR PL SungtiL GB）",
	}
	if got := d.FontReport(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("FontReport:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// a named font is said to be named
	dir := t.TempDir()
	kai := filepath.Join(dir, "simkai.ttf")
	if err := os.WriteFile(kai, []byte(fonts.Kai()), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := New(Config{Fonts: FontFiles{Body: kai}, FontDirs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.FontReport()[3]; got != "正文：使用指定的字体 AR PL KaitiM GB（"+kai+"），是楷体，公文要求仿宋" {
		t.Errorf("named: %q", got)
	}
}

// debianFaces are the TrueType Chinese faces Debian packages (CI installs them): 黑体 from a
// .ttc (fonts-wqy-zenhei), 楷体 from fonts-arphic-ukai (or fonts-lxgw-wenkai, preferred when
// installed), 宋体 from fonts-arphic-uming; with their PostScript names.
func debianFaces() map[Role][3]string {
	faces := map[Role][3]string{
		RoleHeading1: {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei", "WenQuanYiZenHei"},
		RoleHeading2: {"/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN", "UKaiCN"},
		RoleTable:    {"/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN", "UMingCN"},
	}
	if wenkai := "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"; fileExists(wenkai) {
		faces[RoleHeading2] = [3]string{wenkai, "LXGW WenKai", "LXGWWenKai-Regular"}
	}
	return faces
}

// The installed faces are found and used for their roles, and the PDF names them. Debian has
// no 仿宋 with the simplified characters (cwTeX 仿宋 has 375 of the 554 sample characters), so
// 正文 is always a substitute there, and said to be.
func TestInstalledDebianFaces(t *testing.T) {
	faces := debianFaces()
	for _, f := range faces {
		if !fileExists(f[0]) {
			t.Skipf("%s is not installed (apt-get install fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming)", f[0])
		}
	}
	d, err := New(Config{FontDirs: []string{"/usr/share/fonts"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Fonts() {
		t.Log(c.Describe())
		if f, ok := faces[c.Role]; ok && (c.Font.Path != f[0] || c.Font.Family != f[1] || c.Substitute()) {
			t.Errorf("%s: %s, want %s", c.Role, c.Describe(), f[1])
		}
	}
	if body := d.Fonts()[3]; body.Font.Style == StyleFangSong && !body.Font.CJK {
		t.Errorf("正文 got a 仿宋 without the simplified characters: %s", body.Describe())
	}
	if fs := "/usr/share/fonts/truetype/cwtex/cwfs.ttf"; fileExists(fs) {
		for _, fi := range Discover([]string{filepath.Dir(fs)}) {
			if fi.CJK {
				t.Errorf("%s counts as a Chinese face (%d sample characters)", fi.Path, fi.cover)
			}
		}
	}
	d.Title("关于整改工作进展情况的报告")
	d.Heading(1, "一、总体情况")
	d.Heading(2, "（一）红黄绿灯")
	d.Paragraph(longParagraph)
	d.Table(Table{Columns: []Column{{Header: "单位"}, {Header: "进展"}}, Rows: [][]Cell{Cells("经发局", "已完成")}})
	path := filepath.Join(t.TempDir(), "faces.pdf")
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(d.Missing()) != 0 {
		t.Errorf("missing %q", d.Missing())
	}
	for _, f := range faces {
		if ps := "+" + f[2] + "\n"; !bytes.Contains(buf.Bytes(), []byte(ps)) {
			t.Errorf("the PDF does not name %s", ps)
		}
	}
	if _, err := exec.LookPath("pdffonts"); err == nil {
		out, _ := exec.Command("pdffonts", path).CombinedOutput()
		t.Logf("pdffonts:\n%s", out)
	}
}
