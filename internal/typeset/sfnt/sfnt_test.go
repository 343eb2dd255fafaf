package sfnt

import (
	"errors"
	"testing"
)

// checkSFNT verifies a font file's table directory and checksums, as a strict reader would.
func checkSFNT(t *testing.T, b []byte) {
	t.Helper()
	dirs, err := ReadDirs(Bytes(b), int64(len(b)))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("rebuilt font does not read back: %v", err)
	}
	n := int(BE16(b, 4))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := string(b[rec : rec+4])
		off, length := int(BE32(b, rec+8)), int(BE32(b, rec+12))
		if off%4 != 0 {
			t.Errorf("table %s at %d, not aligned", tag, off)
		}
		want := checksum(b[off : off+(length+3)&^3])
		if tag == "head" {
			h := append([]byte(nil), b[off:off+length]...)
			put32(h, 8, 0)
			want = checksum(h)
		}
		if got := BE32(b, rec+4); got != want {
			t.Errorf("table %s checksum %08x, want %08x", tag, got, want)
		}
	}
	if sum := checksum(b); sum != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %08x, want B1B0AFBA", sum)
	}
}

func TestBuildFace(t *testing.T) {
	f, err := Build(Tiny(TinyOptions{}), 0)
	if err != nil {
		t.Fatal(err)
	}
	checkSFNT(t, f.TTF)
	for _, c := range []struct {
		r     rune
		has   bool
		width float64
	}{{'A', true, 1}, {'中', true, 1}, {'B', true, 1}, {'C', false, 0}, {0x20BB7, false, 0}, {' ', true, 0.5}, {'Z', false, 0}} {
		if f.Has(c.r) != c.has {
			t.Errorf("has(%q) = %v", c.r, !c.has)
		}
		if c.has && f.Width(c.r) != c.width {
			t.Errorf("width(%q) = %v, want %v", c.r, f.Width(c.r), c.width)
		}
	}
	// the rebuilt font's cmap is the format-4 table gofpdf reads, and it maps what has() says
	dirs, _ := ReadDirs(Bytes(f.TTF), int64(len(f.TTF)))
	cmap, _ := dirs[0].Table(Bytes(f.TTF), "cmap")
	sub, err := BestCmap(cmap)
	if err != nil || sub.format != 4 || sub.Lookup('中') != 1 || sub.Lookup('C') != 0 {
		t.Errorf("rebuilt cmap: format %d, 中 → %d, err %v", sub.format, sub.Lookup('中'), err)
	}

	// a format-12 font: the BMP part is kept, 𠮷 is not drawable (gofpdf cannot encode it)
	f12, err := Build(Tiny(TinyOptions{Format12: true}), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !f12.Has('中') || f12.Has(0x20BB7) {
		t.Errorf("format 12: has(中) = %v, has(𠮷) = %v", f12.Has('中'), f12.Has(0x20BB7))
	}
	// a short hmtx is padded; a name table in format 1 is replaced
	for _, o := range []TinyOptions{{ShortHmtx: true}, {NameFormat1: true}} {
		if f, err := Build(Tiny(o), 0); err != nil {
			t.Errorf("%+v: %v", o, err)
		} else {
			checkSFNT(t, f.TTF)
		}
	}
}

func TestBuildFaceRefuses(t *testing.T) {
	tiny := Tiny(TinyOptions{})
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"cff outlines", CFF(), ErrCFF},
		{"not a font", []byte("%PDF-1.4 this is not a font at all"), ErrNotFont},
		{"empty", nil, ErrNotFont},
		{"truncated", tiny[:60], ErrMalformed},
		{"composite glyph contains itself", Tiny(TinyOptions{Cyclic: true}), ErrMalformed},
		{"composite glyph points past the end", Tiny(TinyOptions{BadRef: true}), ErrMalformed},
		{"glyph offsets go backwards", Tiny(TinyOptions{BadLoca: true}), ErrMalformed},
		{"no unicode cmap", Tiny(TinyOptions{NoUnicode: true}), ErrNoUnicode},
		{"restricted licence", Tiny(TinyOptions{FSType: 2}), ErrRestricted},
		{"no subsetting", Tiny(TinyOptions{FSType: 0x100}), ErrRestricted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(c.data, 0)
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := Build(tiny, 1); !errors.Is(err, ErrNoSuchFace) {
		t.Errorf("face 1 of a single font: %v", err)
	}
}
