package sfnt

import "encoding/binary"

// Test fixtures, made in code so that they can be regenerated and varied: a tiny TrueType font
// with the features and the faults the reader must handle.

// TinyOptions vary the synthetic font Tiny makes.
type TinyOptions struct {
	FSType      int  // OS/2 embedding bits
	Cyclic      bool // the composite glyph contains itself
	BadRef      bool // the composite glyph points past the last glyph
	BadLoca     bool // glyph offsets go backwards
	NoUnicode   bool // only a Macintosh Roman cmap
	Format12    bool // the Unicode cmap is format 12 (3,10), with a character beyond the BMP
	ShortHmtx   bool // hmtx shorter than the glyph count asks
	NameFormat1 bool
}

// Tiny builds a small TrueType font for tests: glyph 0 empty, glyph 1 a square ('A', '中', '✓'),
// glyph 2 a composite of glyph 1 ('B', and '𠮷' in format 12), glyph 3 empty (' ', and 'Z' as
// a font that maps what it lacks to a blank would).
func Tiny(o TinyOptions) []byte {
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
	if o.Cyclic {
		ref = 2
	}
	if o.BadRef {
		ref = 9
	}
	composite := []byte{0xFF, 0xFF, 0, 0, 0, 0, 1, 0xF4, 1, 0xF4, 0, 3, byte(ref >> 8), byte(ref), 0, 10, 0, 10, 0, 0}
	glyf := append(append([]byte{}, square...), composite...)
	loca := make([]byte, 20)
	binary.BigEndian.PutUint32(loca[4:], 0)
	binary.BigEndian.PutUint32(loca[8:], uint32(len(square)))
	binary.BigEndian.PutUint32(loca[12:], uint32(len(glyf)))
	binary.BigEndian.PutUint32(loca[16:], uint32(len(glyf)))
	if o.BadLoca {
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
	if o.ShortHmtx {
		hmtx = hmtx[:4]
	}
	m := make([]uint16, 0x10000)
	m['A'], m['中'], m['B'], m['✓'], m[' '], m['Z'] = 1, 1, 2, 1, 3, 3 // ✓ is in no embedded font
	cmap, _, err := format4(m)
	if err != nil {
		panic(err)
	}
	if o.NoUnicode {
		cmap = []byte{0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 12, 0, 0, 1, 6, 0, 0}
		cmap = append(cmap, make([]byte, 256)...)
	}
	if o.Format12 {
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
	put16(os2, 8, o.FSType)
	put16(os2, 68, 880)
	put16(os2, 70, 0xFF88)
	name := nameTable("Tiny Test", "TinyTest", "")
	if o.NameFormat1 {
		name = append([]byte(nil), name...)
		put16(name, 0, 1)
	}
	return writeSFNT(map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf,
		"cmap": cmap, "name": name, "post": postTable(nil), "OS/2": os2,
	})
}

// CFF is the start of an OpenType font with CFF outlines, for tests of refusing one.
func CFF() []byte {
	return writeSFNTVersion(tagOTTO, map[string][]byte{"CFF ": make([]byte, 64), "head": make([]byte, 54), "cmap": make([]byte, 4)})
}

func writeSFNTVersion(v uint32, tables map[string][]byte) []byte {
	b := writeSFNT(tables)
	put32(b, 0, int(v))
	return b
}
