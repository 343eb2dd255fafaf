package typeset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"taizhang/internal/typeset/fonts"
)

// tinyOpts varies the synthetic font.
type tinyOpts struct {
	fsType      int  // OS/2 embedding bits
	cyclic      bool // the composite glyph contains itself
	badRef      bool // the composite glyph points past the last glyph
	badLoca     bool // glyph offsets go backwards
	noUnicode   bool // only a Macintosh Roman cmap
	format12    bool // the Unicode cmap is format 12 (3,10), with a character beyond the BMP
	shortHmtx   bool // hmtx shorter than the glyph count asks
	nameFormat1 bool
}

// tinyFont builds a small TrueType font: glyph 0 empty, glyph 1 a square ('A', '中', '✓'),
// glyph 2 a composite of glyph 1 ('B', and '𠮷' in format 12), glyph 3 empty (' ', and 'Z' as
// a font that maps what it lacks to a blank would).
func tinyFont(o tinyOpts) []byte {
	square := []byte{
		0, 1, 0, 0, 0, 0, 1, 0xF4, 1, 0xF4, // one contour, bbox 0,0,500,500
		0, 3, // end point
		0, 0, // no instructions
		1, 1, 1, 1, // on-curve, long coordinates
		0, 0, 1, 0xF4, 0, 0, 0xFE, 0x0C, // x: 0 +500 0 -500
		0, 0, 0, 0, 1, 0xF4, 0, 0, // y: 0 0 +500 0
		0, 0, // padding
	}
	ref := 1
	if o.cyclic {
		ref = 2
	}
	if o.badRef {
		ref = 9
	}
	composite := []byte{0xFF, 0xFF, 0, 0, 0, 0, 1, 0xF4, 1, 0xF4, 0, 3, byte(ref >> 8), byte(ref), 0, 10, 0, 10, 0, 0}
	glyf := append(append([]byte{}, square...), composite...)
	loca := make([]byte, 20)
	binary.BigEndian.PutUint32(loca[4:], 0)
	binary.BigEndian.PutUint32(loca[8:], uint32(len(square)))
	binary.BigEndian.PutUint32(loca[12:], uint32(len(glyf)))
	binary.BigEndian.PutUint32(loca[16:], uint32(len(glyf)))
	if o.badLoca {
		binary.BigEndian.PutUint32(loca[8:], uint32(len(glyf)))
		binary.BigEndian.PutUint32(loca[12:], uint32(len(square)))
	}
	head := make([]byte, 54)
	put32(head, 0, 0x00010000)
	put32(head, 12, 0x5F0F3CF5)
	put16(head, 18, 1000)
	put16(head, 40, 500)
	put16(head, 42, 500)
	put16(head, 50, 1) // long loca
	hhea := make([]byte, 36)
	put32(hhea, 0, 0x00010000)
	put16(hhea, 4, 880)
	put16(hhea, 6, 0xFF88) // -120
	put16(hhea, 34, 4)
	maxp := make([]byte, 6)
	put32(maxp, 0, 0x00005000)
	put16(maxp, 4, 4)
	hmtx := []byte{1, 0xF4, 0, 0, 3, 0xE8, 0, 0, 3, 0xE8, 0, 0, 1, 0xF4, 0, 0} // 500, 1000, 1000, 500
	if o.shortHmtx {
		hmtx = hmtx[:4]
	}
	m := make([]uint16, 0x10000)
	m['A'], m['中'], m['B'], m['✓'], m[' '], m['Z'] = 1, 1, 2, 1, 3, 3 // ✓ is in no embedded font
	cmap, _, err := format4(m)
	if err != nil {
		panic(err)
	}
	if o.noUnicode {
		cmap = []byte{0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 12, 0, 0, 1, 6, 0, 0}
		cmap = append(cmap, make([]byte, 256)...)
	}
	if o.format12 {
		groups := [][3]uint32{{'A', 'A', 1}, {'B', 'B', 2}, {'中', '中', 1}, {0x20BB7, 0x20BB7, 2}}
		sub := make([]byte, 16+12*len(groups))
		put16(sub, 0, 12)
		put32(sub, 4, len(sub))
		put32(sub, 12, len(groups))
		for i, g := range groups {
			put32(sub, 16+12*i, int(g[0]))
			put32(sub, 20+12*i, int(g[1]))
			put32(sub, 24+12*i, int(g[2]))
		}
		cmap = append([]byte{0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12}, sub...)
	}
	os2 := make([]byte, 86)
	put16(os2, 0, 1)
	put16(os2, 4, 400)
	put16(os2, 8, o.fsType)
	put16(os2, 68, 880)
	put16(os2, 70, 0xFF88)
	name := nameTable("Tiny Test", "")
	if o.nameFormat1 {
		name = append([]byte(nil), name...)
		put16(name, 0, 1)
	}
	return writeSFNT(map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf,
		"cmap": cmap, "name": name, "post": postTable(nil), "OS/2": os2,
	})
}

// cffFont is the start of an OpenType font with CFF outlines.
func cffFont() []byte {
	return writeSFNTVersion(tagOTTO, map[string][]byte{"CFF ": make([]byte, 64), "head": make([]byte, 54), "cmap": make([]byte, 4)})
}

func writeSFNTVersion(v uint32, tables map[string][]byte) []byte {
	b := writeSFNT(tables)
	put32(b, 0, int(v))
	return b
}

// checkSFNT verifies a font file's table directory and checksums, as a strict reader would.
func checkSFNT(t *testing.T, b []byte) {
	t.Helper()
	dirs, err := readDirs(readerAt(b), int64(len(b)))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("rebuilt font does not read back: %v", err)
	}
	n := int(be16(b, 4))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := string(b[rec : rec+4])
		off, length := int(be32(b, rec+8)), int(be32(b, rec+12))
		if off%4 != 0 {
			t.Errorf("table %s at %d, not aligned", tag, off)
		}
		want := checksum(b[off : off+(length+3)&^3])
		if tag == "head" {
			h := append([]byte(nil), b[off:off+length]...)
			put32(h, 8, 0)
			want = checksum(h)
		}
		if got := be32(b, rec+4); got != want {
			t.Errorf("table %s checksum %08x, want %08x", tag, got, want)
		}
	}
	if sum := checksum(b); sum != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %08x, want B1B0AFBA", sum)
	}
}

func TestBuildFace(t *testing.T) {
	f, err := buildFace(tinyFont(tinyOpts{}), 0)
	if err != nil {
		t.Fatal(err)
	}
	checkSFNT(t, f.ttf)
	for _, c := range []struct {
		r     rune
		has   bool
		width float64
	}{{'A', true, 1}, {'中', true, 1}, {'B', true, 1}, {'C', false, 0}, {0x20BB7, false, 0}, {' ', true, 0.5}, {'Z', false, 0}} {
		if f.has(c.r) != c.has {
			t.Errorf("has(%q) = %v", c.r, !c.has)
		}
		if c.has && f.width(c.r) != c.width {
			t.Errorf("width(%q) = %v, want %v", c.r, f.width(c.r), c.width)
		}
	}
	// the rebuilt font's cmap is the format-4 table gofpdf reads, and it maps what has() says
	dirs, _ := readDirs(readerAt(f.ttf), int64(len(f.ttf)))
	cmap, _ := dirs[0].table(readerAt(f.ttf), "cmap")
	sub, err := bestCmap(cmap)
	if err != nil || sub.format != 4 || sub.lookup('中') != 1 || sub.lookup('C') != 0 {
		t.Errorf("rebuilt cmap: format %d, 中 → %d, err %v", sub.format, sub.lookup('中'), err)
	}

	// a format-12 font: the BMP part is kept, 𠮷 is not drawable (gofpdf cannot encode it)
	f12, err := buildFace(tinyFont(tinyOpts{format12: true}), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !f12.has('中') || f12.has(0x20BB7) {
		t.Errorf("format 12: has(中) = %v, has(𠮷) = %v", f12.has('中'), f12.has(0x20BB7))
	}
	// a short hmtx is padded; a name table in format 1 is replaced
	for _, o := range []tinyOpts{{shortHmtx: true}, {nameFormat1: true}} {
		if f, err := buildFace(tinyFont(o), 0); err != nil {
			t.Errorf("%+v: %v", o, err)
		} else {
			checkSFNT(t, f.ttf)
		}
	}
}

func TestBuildFaceRefuses(t *testing.T) {
	tiny := tinyFont(tinyOpts{})
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"cff outlines", cffFont(), ErrCFF},
		{"not a font", []byte("%PDF-1.4 this is not a font at all"), ErrNotFont},
		{"empty", nil, ErrNotFont},
		{"truncated", tiny[:60], ErrMalformed},
		{"composite glyph contains itself", tinyFont(tinyOpts{cyclic: true}), ErrMalformed},
		{"composite glyph points past the end", tinyFont(tinyOpts{badRef: true}), ErrMalformed},
		{"glyph offsets go backwards", tinyFont(tinyOpts{badLoca: true}), ErrMalformed},
		{"no unicode cmap", tinyFont(tinyOpts{noUnicode: true}), ErrNoUnicode},
		{"restricted licence", tinyFont(tinyOpts{fsType: 2}), ErrRestricted},
		{"no subsetting", tinyFont(tinyOpts{fsType: 0x100}), ErrRestricted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := buildFace(c.data, 0)
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := buildFace(tiny, 1); !errors.Is(err, ErrNoSuchFace) {
		t.Errorf("face 1 of a single font: %v", err)
	}
}

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
func renderWithGofpdf(f *face, text string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("gofpdf panicked")
		}
	}()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.AddUTF8FontFromBytes("t", "", f.ttf)
	pdf.SetFont("t", "", 12)
	var b strings.Builder
	for _, r := range text {
		if f.has(r) {
			b.WriteRune(r)
		}
	}
	pdf.Text(10, 20, b.String())
	var buf bytes.Buffer
	err = pdf.Output(&buf)
	return buf.Bytes(), err
}

func TestGofpdfTakesRebuiltFonts(t *testing.T) {
	faces := map[string][]byte{"tiny": tinyFont(tinyOpts{}), "tiny format 12": tinyFont(tinyOpts{format12: true}),
		"song": []byte(fonts.Song()), "kai": []byte(fonts.Kai())}
	for name, data := range faces {
		t.Run(name, func(t *testing.T) {
			f, err := buildFace(data, 0)
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
	for _, o := range []tinyOpts{{}, {format12: true}, {cyclic: true}, {shortHmtx: true}, {nameFormat1: true}} {
		f.Add(tinyFont(o))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := buildFace(data, 0)
		if err != nil {
			return
		}
		// what buildFace accepts, gofpdf must take without panicking or failing
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
	dirs, err := readDirs(readerAt(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 2 {
		t.Fatalf("%d faces in %s", len(dirs), path)
	}
	for i := range dirs {
		f, err := buildFace(data, i)
		if err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		checkSFNT(t, f.ttf)
		if !f.has('楷') || !f.has('中') {
			t.Errorf("face %d (%s) lacks 楷 or 中", i, f.family)
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
	if err := os.WriteFile(otf, cffFont(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{Fonts: FontFiles{Body: otf}, FontDirs: []string{}})
	if !errors.Is(err, ErrCFF) || !strings.Contains(err.Error(), "正文") {
		t.Errorf("New with an .otf body font: %v", err)
	}
	_, err = New(Config{Fonts: FontFiles{Title: filepath.Join(dir, "nofont.ttf")}, FontDirs: []string{}})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("New with a missing font file: %v", err)
	}
}
