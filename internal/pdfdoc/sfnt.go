package pdfdoc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Reading just enough of TrueType files ourselves: whether they hold TrueType outlines (gofpdf
// cannot use CFF), which characters they cover (cmap formats 4 and 12), and extracting one font
// of a .ttc collection into a standalone file.

var (
	errNotFont = errors.New("not a TrueType font")
	errCFF     = errors.New("CFF (PostScript) outlines: only TrueType fonts can be embedded")
)

type table struct {
	tag            string
	checksum       uint32
	offset, length uint32
}

func u16(b []byte, off int) (uint16, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return binary.BigEndian.Uint16(b[off:]), true
}

func u32(b []byte, off int) (uint32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return binary.BigEndian.Uint32(b[off:]), true
}

// tables reads the table directory of the font starting at off.
func tables(b []byte, off int) (map[string]table, error) {
	ver, ok := u32(b, off)
	if !ok {
		return nil, errNotFont
	}
	if ver == 0x4F54544F { // "OTTO"
		return nil, errCFF
	}
	if ver != 0x00010000 && ver != 0x74727565 { // 1.0 or "true"
		return nil, errNotFont
	}
	n, _ := u16(b, off+4)
	out := map[string]table{}
	for i := 0; i < int(n); i++ {
		rec := off + 12 + 16*i
		if rec+16 > len(b) {
			return nil, errNotFont
		}
		t := table{tag: string(b[rec : rec+4])}
		t.checksum, _ = u32(b, rec+4)
		t.offset, _ = u32(b, rec+8)
		t.length, _ = u32(b, rec+12)
		if uint64(t.offset)+uint64(t.length) > uint64(len(b)) {
			return nil, fmt.Errorf("table %s out of bounds", t.tag)
		}
		out[t.tag] = t
	}
	if _, ok := out["glyf"]; !ok {
		if _, cff := out["CFF "]; cff {
			return nil, errCFF
		}
		return nil, errNotFont
	}
	for _, need := range []string{"cmap", "head", "hhea", "hmtx", "maxp", "loca"} {
		if _, ok := out[need]; !ok {
			return nil, fmt.Errorf("%w: no %s table", errNotFont, need)
		}
	}
	return out, nil
}

// collectionFonts returns the offsets of the fonts in a .ttc, or just 0 for a single font.
func collectionFonts(b []byte) []int {
	if len(b) >= 12 && string(b[:4]) == "ttcf" {
		n, _ := u32(b, 8)
		var offs []int
		for i := 0; i < int(n) && i < 64; i++ {
			o, ok := u32(b, 12+4*i)
			if !ok {
				break
			}
			offs = append(offs, int(o))
		}
		return offs
	}
	return []int{0}
}

// extract writes the font at off of a collection as a standalone TrueType file.
func extract(b []byte, off int) ([]byte, error) {
	tabs, err := tables(b, off)
	if err != nil {
		return nil, err
	}
	tags := make([]string, 0, len(tabs))
	for t := range tabs {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	head := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(head[0:], 0x00010000)
	binary.BigEndian.PutUint16(head[4:], uint16(n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	binary.BigEndian.PutUint16(head[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(head[8:], uint16(es))
	binary.BigEndian.PutUint16(head[10:], uint16(n*16-(16<<es)))
	out := append([]byte(nil), head...)
	for i, tag := range tags {
		t := tabs[tag]
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := 12 + 16*i
		copy(out[rec:], tag)
		binary.BigEndian.PutUint32(out[rec+4:], t.checksum)
		binary.BigEndian.PutUint32(out[rec+8:], uint32(len(out)))
		binary.BigEndian.PutUint32(out[rec+12:], t.length)
		out = append(out, b[t.offset:t.offset+t.length]...)
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out, nil
}

// coverage is the set of BMP characters a font has glyphs for.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r/64]&(1<<(uint(r)%64)) != 0
}

func (c *coverage) add(r rune) {
	if r >= 0 && r < 0x10000 {
		c[r/64] |= 1 << (uint(r) % 64)
	}
}

// cmapCoverage reads the Unicode cmap: format 12 when present, else format 4. gofpdf needs a
// format 4 subtable, so a font without one is refused.
func cmapCoverage(b []byte, tabs map[string]table) (*coverage, error) {
	cm := tabs["cmap"]
	base := int(cm.offset)
	n, _ := u16(b, base+2)
	var f4, f12 int = -1, -1
	for i := 0; i < int(n); i++ {
		rec := base + 4 + 8*i
		pid, _ := u16(b, rec)
		eid, _ := u16(b, rec+2)
		off, ok := u32(b, rec+4)
		if !ok {
			break
		}
		sub := base + int(off)
		format, ok := u16(b, sub)
		if !ok {
			continue
		}
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode {
			continue
		}
		switch format {
		case 4:
			if f4 < 0 {
				f4 = sub
			}
		case 12:
			if f12 < 0 {
				f12 = sub
			}
		}
	}
	if f4 < 0 {
		return nil, fmt.Errorf("%w: no Unicode cmap (format 4)", errNotFont)
	}
	cov := &coverage{}
	readFormat4(b, f4, cov)
	if f12 >= 0 {
		readFormat12(b, f12, cov)
	}
	return cov, nil
}

func readFormat4(b []byte, sub int, cov *coverage) {
	segX2, _ := u16(b, sub+6)
	segs := int(segX2) / 2
	ends := sub + 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	ranges := deltas + 2*segs
	for i := 0; i < segs; i++ {
		end, ok1 := u16(b, ends+2*i)
		start, ok2 := u16(b, starts+2*i)
		delta, ok3 := u16(b, deltas+2*i)
		ro, ok4 := u16(b, ranges+2*i)
		if !(ok1 && ok2 && ok3 && ok4) || start > end {
			continue
		}
		for c := int(start); c <= int(end) && c < 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				pos := ranges + 2*i + int(ro) + 2*(c-int(start))
				v, ok := u16(b, pos)
				if !ok || v == 0 {
					continue
				}
				g = v + delta
			}
			if g != 0 {
				cov.add(rune(c))
			}
		}
	}
}

func readFormat12(b []byte, sub int, cov *coverage) {
	n, _ := u32(b, sub+12)
	for i := 0; i < int(n) && i < 1<<20; i++ {
		rec := sub + 16 + 12*i
		start, ok1 := u32(b, rec)
		end, ok2 := u32(b, rec+4)
		if !ok1 || !ok2 || start > end {
			break
		}
		for c := start; c <= end && c < 0x10000; c++ {
			cov.add(rune(c))
		}
	}
}
