package typeset

import (
	"bytes"
	"errors"
	"io"
	"os"
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
