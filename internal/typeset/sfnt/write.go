package sfnt

import (
	"encoding/binary"
	"io"
	"sort"
	"unicode/utf16"
)

// copyrightOf is the font's copyright notice (name ID 0) in ASCII, if it has one.
func copyrightOf(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strOff := int(BE16(name, 2)), int(BE16(name, 4))
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, id := BE16(name, rec), BE16(name, rec+6)
		length, off := int(BE16(name, rec+8)), int(BE16(name, rec+10))
		start := strOff + off
		if id != 0 || start+length > len(name) {
			continue
		}
		raw := name[start : start+length]
		var s string
		switch platform {
		case 1:
			s = latin1(raw)
		case 3, 0:
			u := make([]uint16, length/2)
			for j := range u {
				u[j] = BE16(raw, 2*j)
			}
			s = string(utf16.Decode(u))
		}
		if isPrintableASCII(s) && s != "" {
			return s
		}
	}
	return ""
}

// nameTable writes a format-0 name table with Windows English names, and the notice the
// Arphic licence asks of modified fonts: the PDF carries a subset of the font.
func nameTable(family, ps, copyright string) []byte {
	recs := []struct {
		id int
		s  string
	}{
		{0, copyright},
		{1, family},
		{2, "Regular"},
		{4, family},
		{6, ps},
		{10, "Modified by taizhang: only the glyphs a document uses are kept when it is embedded in a PDF."},
	}
	var strs []byte
	var dir []byte
	n := 0
	for _, rec := range recs {
		if rec.s == "" {
			continue
		}
		u := utf16.Encode([]rune(rec.s))
		b := make([]byte, 2*len(u))
		for i, c := range u {
			put16(b, 2*i, int(c))
		}
		e := make([]byte, 12)
		put16(e, 0, 3)
		put16(e, 2, 1)
		put16(e, 4, 0x409)
		put16(e, 6, rec.id)
		put16(e, 8, len(b))
		put16(e, 10, len(strs))
		dir = append(dir, e...)
		strs = append(strs, b...)
		n++
	}
	t := make([]byte, 6)
	put16(t, 0, 0)
	put16(t, 2, n)
	put16(t, 4, 6+12*n)
	return append(append(t, dir...), strs...)
}

// postTable writes a version-3 post table (no glyph names) with the original's italic angle,
// underline and fixed-pitch values.
func postTable(orig []byte) []byte {
	t := make([]byte, 32)
	put32(t, 0, 0x00030000)
	if len(orig) >= 16 {
		copy(t[4:16], orig[4:16])
	}
	return t
}

// writeSFNT assembles tables into a font file: directory sorted by tag, tables padded to four
// bytes, checksums and head.checkSumAdjustment computed.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	size := 12 + 16*n
	for _, tag := range tags {
		size += (len(tables[tag]) + 3) &^ 3
	}
	out := make([]byte, size)
	put32(out, 0, tagV1)
	put16(out, 4, n)
	put16(out, 6, 16*sr)
	put16(out, 8, es)
	put16(out, 10, 16*n-16*sr)
	off := 12 + 16*n
	headOff := -1
	for i, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			t = append([]byte(nil), t...)
			put32(t, 8, 0) // checkSumAdjustment, computed below
			headOff = off
		}
		copy(out[off:], t)
		rec := 12 + 16*i
		copy(out[rec:], tag)
		put32(out, rec+4, int(checksum(out[off:off+(len(t)+3)&^3])))
		put32(out, rec+8, off)
		put32(out, rec+12, len(t))
		off += (len(t) + 3) &^ 3
	}
	if headOff >= 0 {
		put32(out, headOff+8, int(0xB1B0AFBA-checksum(out)))
	}
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if rest := len(b) % 4; rest != 0 {
		var last [4]byte
		copy(last[:], b[len(b)-rest:])
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// BE16 and BE32 read big-endian numbers; out of range reads give 0 (callers check sizes
// where it matters, and 0 is harmless everywhere else).
func BE16(b []byte, off int) uint16 {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[off:])
}

func BE32(b []byte, off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}

func put16(b []byte, off, v int) { binary.BigEndian.PutUint16(b[off:], uint16(v)) }
func put32(b []byte, off, v int) { binary.BigEndian.PutUint32(b[off:], uint32(v)) }

// Bytes reads from a byte slice.
type Bytes []byte

func (r Bytes) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(r)) {
		return 0, io.EOF
	}
	n := copy(p, r[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
