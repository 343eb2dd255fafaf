package sfnt

import "fmt"

// Cmap is the Unicode subtable a face's characters are looked up in.
type Cmap struct {
	format int
	data   []byte // from the subtable's start to the end of the cmap table
}

// BestCmap picks the Unicode subtable: format 12 (full Unicode) before format 4 (BMP), the
// Windows platform before the Unicode platform.
func BestCmap(cmap []byte) (Cmap, error) {
	if len(cmap) < 4 {
		return Cmap{}, fmt.Errorf("%w: cmap", ErrMalformed)
	}
	n := int(BE16(cmap, 2))
	best, bestScore := Cmap{}, 0
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding, off := BE16(cmap, rec), BE16(cmap, rec+2), int(BE32(cmap, rec+4))
		if off+4 > len(cmap) || off < 0 {
			continue
		}
		format := int(BE16(cmap, off))
		score := 0
		switch {
		case format == 12 && platform == 3 && encoding == 10:
			score = 6
		case format == 12 && platform == 0:
			score = 5
		case format == 4 && platform == 3 && encoding == 1:
			score = 4
		case format == 4 && platform == 0:
			score = 3
		}
		if score > bestScore {
			best, bestScore = Cmap{format: format, data: cmap[off:]}, score
		}
	}
	if bestScore == 0 {
		return Cmap{}, ErrNoUnicode
	}
	if err := best.check(); err != nil {
		return Cmap{}, err
	}
	return best, nil
}

// check makes sure the subtable's arrays lie inside the table.
func (c Cmap) check() error {
	switch c.format {
	case 4:
		if len(c.data) < 14 {
			return fmt.Errorf("%w: cmap format 4 header", ErrMalformed)
		}
		seg := int(BE16(c.data, 6)) / 2
		if seg == 0 || 16+8*seg > len(c.data) {
			return fmt.Errorf("%w: cmap format 4 segments", ErrMalformed)
		}
	case 12:
		if len(c.data) < 16 {
			return fmt.Errorf("%w: cmap format 12 header", ErrMalformed)
		}
		n := int64(BE32(c.data, 12))
		if 16+12*n > int64(len(c.data)) {
			return fmt.Errorf("%w: cmap format 12 groups", ErrMalformed)
		}
	}
	return nil
}

// Lookup finds the glyph of a character, 0 if there is none. It works on the raw subtable, so
// that discovery can test coverage without building anything.
func (c Cmap) Lookup(r rune) int {
	switch c.format {
	case 4:
		if r < 0 || r > 0xFFFF {
			return 0
		}
		seg := int(BE16(c.data, 6)) / 2
		lo, hi := 0, seg-1
		for lo <= hi { // endCode is sorted: first segment with end >= r
			mid := (lo + hi) / 2
			if int(BE16(c.data, 14+2*mid)) < int(r) {
				lo = mid + 1
			} else {
				hi = mid - 1
			}
		}
		if lo >= seg {
			return 0
		}
		return format4Glyph(c.data, seg, lo, int(r))
	case 12:
		n := int(BE32(c.data, 12))
		lo, hi := 0, n-1
		for lo <= hi {
			mid := (lo + hi) / 2
			g := 16 + 12*mid
			start, end := rune(BE32(c.data, g)), rune(BE32(c.data, g+4))
			switch {
			case r < start:
				hi = mid - 1
			case r > end:
				lo = mid + 1
			default:
				return int(BE32(c.data, g+8)) + int(r-start)
			}
		}
	}
	return 0
}

// format4Glyph maps code through segment i of a format-4 subtable.
func format4Glyph(d []byte, seg, i, code int) int {
	start := int(BE16(d, 16+2*seg+2*i))
	if code < start {
		return 0
	}
	delta := int(BE16(d, 16+4*seg+2*i))
	roPos := 16 + 6*seg + 2*i
	ro := int(BE16(d, roPos))
	if ro == 0 {
		return (code + delta) & 0xFFFF
	}
	p := roPos + ro + 2*(code-start)
	if p+2 > len(d) {
		return 0
	}
	g := int(BE16(d, p))
	if g == 0 {
		return 0
	}
	return (g + delta) & 0xFFFF
}

// bmpMap enumerates the subtable's mappings in the Basic Multilingual Plane into a dense
// table: glyph[r] for r < 0x10000, 0 where there is none or the glyph does not exist.
func (c Cmap) bmpMap(numGlyphs int) []uint16 {
	m := make([]uint16, 0x10000)
	// a valid table maps each code once; the budget stops overlapping ranges in a broken or
	// hostile font from costing more than a few passes over the plane
	budget := 4 * 0x10000
	set := func(code, g int) bool {
		budget--
		if code >= 0 && code < 0xFFFF && g > 0 && g < numGlyphs {
			m[code] = uint16(g)
		}
		return budget > 0
	}
	switch c.format {
	case 4:
		seg := int(BE16(c.data, 6)) / 2
		for i := 0; i < seg; i++ {
			end, start := int(BE16(c.data, 14+2*i)), int(BE16(c.data, 16+2*seg+2*i))
			for code := start; code <= end && code < 0xFFFF; code++ {
				if !set(code, format4Glyph(c.data, seg, i, code)) {
					return m
				}
			}
		}
	case 12:
		n := int(BE32(c.data, 12))
		for i := 0; i < n; i++ {
			g := 16 + 12*i
			start, end, first := int64(BE32(c.data, g)), int64(BE32(c.data, g+4)), int64(BE32(c.data, g+8))
			if end > 0xFFFE {
				end = 0xFFFE
			}
			for code := start; code <= end; code++ {
				if !set(int(code), int(first+code-start)) {
					return m
				}
			}
		}
	}
	return m
}

// format4 writes a (3,1) cmap table with one format-4 subtable for the mappings in m. Runs of
// characters whose glyphs follow each other use idDelta; the rest use the glyph array. The
// subtable's length field is 16 bits; when the map does not fit, characters are dropped from
// the least needed blocks (Hangul syllables, then CJK extension A, then from the top) — they
// are then simply not covered by this font, and the fallback fonts take them.
func format4(m []uint16) ([]byte, []uint16, error) {
	drop := [][2]int{{0xAC00, 0xD7AF}, {0x3400, 0x4DBF}}
	for {
		t, err := tryFormat4(m)
		if err == nil {
			return t, m, nil
		}
		if len(drop) > 0 {
			m = append([]uint16(nil), m...)
			for c := drop[0][0]; c <= drop[0][1]; c++ {
				m[c] = 0
			}
			drop = drop[1:]
			continue
		}
		// drop the top 4096 mapped characters and try again
		m = append([]uint16(nil), m...)
		n := 0
		for c := 0xFFFE; c >= 0 && n < 4096; c-- {
			if m[c] != 0 {
				m[c] = 0
				n++
			}
		}
		if n == 0 {
			return nil, nil, err
		}
	}
}

type segment struct {
	start, end int
	delta      int  // idDelta, when !array
	array      bool // glyphs come from the glyph array
}

func tryFormat4(m []uint16) ([]byte, error) {
	var segs []segment
	for c := 0; c < 0xFFFF; {
		if m[c] == 0 {
			c++
			continue
		}
		// a run of consecutive mapped characters [c, e)
		e := c
		for e < 0xFFFF && m[e] != 0 {
			e++
		}
		// cut the run into pieces of constant delta; short pieces share an array segment
		arr := -1 // index in segs of the array segment being extended
		for p := c; p < e; {
			q := p + 1
			for q < e && int(m[q])-q == int(m[p])-p {
				q++
			}
			switch {
			case q-p >= 6:
				arr = -1
				segs = append(segs, segment{start: p, end: q - 1, delta: int(m[p]) - p})
			case arr >= 0 && segs[arr].end == p-1:
				segs[arr].end = q - 1
			default:
				segs = append(segs, segment{start: p, end: q - 1, array: true})
				arr = len(segs) - 1
			}
			p = q
		}
		c = e
	}
	segs = append(segs, segment{start: 0xFFFF, end: 0xFFFF, delta: 1})
	n := len(segs)
	arrayLen := 0
	for _, s := range segs {
		if s.array {
			arrayLen += s.end - s.start + 1
		}
	}
	length := 16 + 8*n + 2*arrayLen
	if length > 0xFFFF {
		return nil, errFormat4Full
	}
	sub := make([]byte, length)
	put16(sub, 0, 4)
	put16(sub, 2, length)
	put16(sub, 4, 0)
	put16(sub, 6, 2*n)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	put16(sub, 8, 2*sr)
	put16(sub, 10, es)
	put16(sub, 12, 2*n-2*sr)
	ends, starts, deltas, ros := 14, 16+2*n, 16+4*n, 16+6*n
	glyphs := 16 + 8*n
	gi := 0
	for i, s := range segs {
		put16(sub, ends+2*i, s.end)
		put16(sub, starts+2*i, s.start)
		if !s.array {
			put16(sub, deltas+2*i, s.delta&0xFFFF)
			continue
		}
		put16(sub, ros+2*i, glyphs+2*gi-(ros+2*i))
		for c := s.start; c <= s.end; c++ {
			put16(sub, glyphs+2*gi, int(m[c]))
			gi++
		}
	}
	t := make([]byte, 12, 12+len(sub))
	put16(t, 0, 0)
	put16(t, 2, 1)
	put16(t, 4, 3)
	put16(t, 6, 1)
	put32(t, 8, 12)
	return append(t, sub...), nil
}
