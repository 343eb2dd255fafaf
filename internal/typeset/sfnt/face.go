package sfnt

import (
	"fmt"
	"math"
	"unicode"
)

// Face is a font face ready for the PDF writer.
type Face struct {
	TTF     []byte   // the standalone TrueType font given to gofpdf
	glyph   []uint16 // BMP character → glyph, from the cmap in ttf (0: none)
	advance []uint16 // per glyph, in thousandths of an em, rounded as gofpdf rounds
	empty   []bool   // per glyph: no outline
	Family  string   // English family name, for reports
	// PostScript is the face's PostScript name (from its name table, else made from Family):
	// what the PDF calls the font.
	PostScript string
	NumGlyphs  int
}

// Has reports whether the Face draws r: mapped to a glyph with an advance and, unless r is a
// space, an outline (some fonts map characters they lack to an empty glyph, which would print
// as a blank). gofpdf handles the BMP only.
func (f *Face) Has(r rune) bool {
	if r < 0 || r >= 0xFFFF {
		return false
	}
	g := f.glyph[r]
	return g != 0 && f.advance[g] != 0 && (!f.empty[g] || unicode.Is(unicode.Zs, r))
}

// Width is r's advance in em.
func (f *Face) Width(r rune) float64 {
	return float64(f.advance[f.glyph[r]]) / 1000
}

// Build checks Face i of a font file and rebuilds it as a standalone TrueType font with
// the tables gofpdf reads: head, hhea, maxp, hmtx, loca, glyf as they are (checked), the
// hinting tables cvt/fpgm/prep/gasp, OS/2 when it is complete, and cmap, name and post
// written anew (format-4 cmap from the best Unicode subtable, format-0 name, version-3 post).
func Build(data []byte, index int) (*Face, error) {
	r := Bytes(data)
	dirs, err := ReadDirs(r, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(dirs) {
		return nil, fmt.Errorf("%w: Face %d of %d", ErrNoSuchFace, index, len(dirs))
	}
	d := dirs[index]
	if err := d.Usable(); err != nil {
		return nil, err
	}
	tab := func(tag string) []byte {
		t := d.tables[tag]
		return data[t.off : t.off+t.length]
	}
	if err := Embeddable(tab("OS/2")); err != nil {
		return nil, err
	}
	head, hhea, maxp := tab("head"), tab("hhea"), tab("maxp")
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("%w: short head, hhea or maxp", ErrMalformed)
	}
	upem := int(BE16(head, 18))
	if upem < 16 || upem > 16384 {
		return nil, fmt.Errorf("%w: unitsPerEm %d", ErrMalformed, upem)
	}
	locFormat := int(BE16(head, 50))
	if locFormat != 0 && locFormat != 1 {
		return nil, fmt.Errorf("%w: loca format %d", ErrMalformed, locFormat)
	}
	numGlyphs := int(BE16(maxp, 4))
	if numGlyphs < 1 {
		return nil, fmt.Errorf("%w: no glyphs", ErrMalformed)
	}
	numHM := int(BE16(hhea, 34))
	if numHM < 1 {
		return nil, fmt.Errorf("%w: no horizontal metrics", ErrMalformed)
	}
	if numHM > numGlyphs {
		numHM = numGlyphs
	}
	offsets, err := glyphOffsets(tab("loca"), locFormat, numGlyphs, len(tab("glyf")))
	if err != nil {
		return nil, err
	}
	if err := checkGlyphs(tab("glyf"), offsets, numGlyphs); err != nil {
		return nil, err
	}
	sub, err := BestCmap(tab("cmap"))
	if err != nil {
		return nil, err
	}
	cmap, glyph, err := format4(sub.bmpMap(numGlyphs))
	if err != nil {
		return nil, err
	}

	// hmtx padded to its full length, so that gofpdf never reads past it
	hmtx := make([]byte, 4*numHM+2*(numGlyphs-numHM))
	copy(hmtx, tab("hmtx"))
	advance := make([]uint16, numGlyphs)
	for g := 0; g < numGlyphs; g++ {
		a := int(BE16(hmtx, 4*min(g, numHM-1)))
		if a >= 1<<15 {
			a = 0 // gofpdf's reading
		}
		advance[g] = uint16(math.Round(1000.0 / float64(upem) * float64(a))) // as gofpdf computes it
	}

	head = append([]byte(nil), head[:54]...)
	put16(head, 52, 0) // glyphDataFormat
	hhea = append([]byte(nil), hhea[:36]...)
	put16(hhea, 32, 0) // metricDataFormat
	put16(hhea, 34, numHM)

	names := Names(tab("name"))
	family := "Font"
	for _, n := range names {
		if isPrintableASCII(n) {
			family = n
			break
		}
	}
	ps := PostScriptName(tab("name"))
	if ps == "" {
		ps = psName(family)
	}
	if ps == "" {
		ps = "Font"
	}
	tables := map[string][]byte{
		"head": head,
		"hhea": hhea,
		"maxp": maxp,
		"hmtx": hmtx,
		"loca": tab("loca"),
		"glyf": tab("glyf"),
		"cmap": cmap,
		"name": nameTable(family, ps, copyrightOf(tab("name"))),
		"post": postTable(tab("post")),
	}
	if os2 := tab("OS/2"); len(os2) >= 78 && (BE16(os2, 0) <= 1 || len(os2) >= 96) {
		tables["OS/2"] = os2
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "gasp"} {
		if _, ok := d.tables[tag]; ok && d.tables[tag].length > 0 {
			tables[tag] = tab(tag)
		}
	}
	empty := make([]bool, numGlyphs)
	for g := range empty {
		empty[g] = offsets[g+1] == offsets[g]
	}
	return &Face{
		TTF:        writeSFNT(tables),
		glyph:      glyph,
		advance:    advance,
		empty:      empty,
		Family:     family,
		PostScript: ps,
		NumGlyphs:  numGlyphs,
	}, nil
}

// glyphOffsets reads loca: numGlyphs+1 offsets, ascending, inside glyf.
func glyphOffsets(loca []byte, format, numGlyphs, glyfLen int) ([]int, error) {
	size := 2
	if format == 1 {
		size = 4
	}
	if len(loca) < size*(numGlyphs+1) {
		return nil, fmt.Errorf("%w: loca shorter than the glyph count", ErrMalformed)
	}
	off := make([]int, numGlyphs+1)
	for i := range off {
		if format == 0 {
			off[i] = 2 * int(BE16(loca, 2*i))
		} else {
			off[i] = int(BE32(loca, 4*i))
		}
		if off[i] > glyfLen || (i > 0 && off[i] < off[i-1]) {
			return nil, fmt.Errorf("%w: glyph %d offset", ErrMalformed, i)
		}
	}
	return off, nil
}

// checkGlyphs walks the composite glyphs: every component inside its glyph, pointing at an
// existing glyph, and no cycles (gofpdf recurses through them without a check).
func checkGlyphs(glyf []byte, off []int, numGlyphs int) error {
	comps := make(map[int][]int)
	for g := 0; g < numGlyphs; g++ {
		data := glyf[off[g]:off[g+1]]
		if len(data) == 0 {
			continue
		}
		if len(data) < 10 {
			return fmt.Errorf("%w: glyph %d is %d bytes", ErrMalformed, g, len(data))
		}
		if int16(BE16(data, 0)) >= 0 {
			continue
		}
		p := 10
		for {
			if p+4 > len(data) {
				return fmt.Errorf("%w: composite glyph %d truncated", ErrMalformed, g)
			}
			flags, c := BE16(data, p), int(BE16(data, p+2))
			if c >= numGlyphs {
				return fmt.Errorf("%w: composite glyph %d uses glyph %d", ErrMalformed, g, c)
			}
			comps[g] = append(comps[g], c)
			p += 4
			if flags&0x0001 != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0:
				p += 2
			case flags&0x0040 != 0:
				p += 4
			case flags&0x0080 != 0:
				p += 8
			}
			if p > len(data) {
				return fmt.Errorf("%w: composite glyph %d truncated", ErrMalformed, g)
			}
			if flags&0x0020 == 0 {
				break
			}
		}
	}
	// depth-first with colours: a cycle or a chain deeper than maxCompDepth is refused
	state := make(map[int]int) // 1 visiting, 2 done
	var visit func(g, depth int) error
	visit = func(g, depth int) error {
		if depth > maxCompDepth {
			return fmt.Errorf("%w: composite glyphs nested too deep", ErrMalformed)
		}
		switch state[g] {
		case 1:
			return fmt.Errorf("%w: composite glyph %d contains itself", ErrMalformed, g)
		case 2:
			return nil
		}
		state[g] = 1
		for _, c := range comps[g] {
			if err := visit(c, depth+1); err != nil {
				return err
			}
		}
		state[g] = 2
		return nil
	}
	for g := 0; g < numGlyphs; g++ {
		if _, ok := comps[g]; ok {
			if err := visit(g, 0); err != nil {
				return err
			}
		}
	}
	return nil
}
