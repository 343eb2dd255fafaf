package typeset

// sfnt.go reads TrueType fonts and font collections — only what the PDF writer needs — and
// rebuilds one face as a clean standalone TrueType font. gofpdf's own parser trusts its input:
// it slices without bounds checks, recurses through composite glyphs without a cycle check,
// prints to stdout when a table is not what it expects, and only reads a format-4 cmap. So
// every font goes through buildFace first: the tables are checked here, and the font gofpdf
// sees has exactly the tables it reads, in the forms it understands.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Reasons a font cannot be used. They are reported with the file, never silently.
var (
	ErrCFF         = errors.New("PostScript (CFF) outlines: the PDF writer needs TrueType (glyf) outlines")
	ErrNotFont     = errors.New("not a TrueType font or collection")
	ErrNoUnicode   = errors.New("no Unicode character map")
	ErrRestricted  = errors.New("the font's licence does not allow embedding it in a document")
	ErrMalformed   = errors.New("malformed font")
	ErrNoSuchFace  = errors.New("no such face in the collection")
	errTooLarge    = errors.New("font file too large")
	errFormat4Full = errors.New("character map too large for format 4")
)

const (
	tagTTCF = 0x74746366 // 'ttcf'
	tagOTTO = 0x4F54544F // 'OTTO'
	tagTrue = 0x74727565 // 'true'
	tagV1   = 0x00010000

	maxFontFile  = 64 << 20 // bytes; larger files are not fonts we want to embed
	maxFaces     = 256
	maxTables    = 128
	maxCompDepth = 16
)

// tableRec is one entry of a face's table directory; offsets are from the start of the file.
type tableRec struct {
	off, length uint32
}

// faceDir is one face's table directory.
type faceDir struct {
	version uint32
	tables  map[string]tableRec
}

// readDirs reads the table directories of a font file: one for a .ttf, one per face for a
// .ttc. A CFF face is returned with its version so that the caller can say why it is refused.
func readDirs(r io.ReaderAt, size int64) ([]faceDir, error) {
	if size > maxFontFile {
		return nil, errTooLarge
	}
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, ErrNotFont
	}
	tag := be32(head, 0)
	switch tag {
	case tagTTCF:
		n := be32(head, 8)
		if n == 0 || n > maxFaces {
			return nil, fmt.Errorf("%w: %d faces in the collection", ErrMalformed, n)
		}
		offs := make([]byte, 4*n)
		if _, err := r.ReadAt(offs, 12); err != nil {
			return nil, fmt.Errorf("%w: collection header", ErrMalformed)
		}
		dirs := make([]faceDir, 0, n)
		for i := uint32(0); i < n; i++ {
			d, err := readDir(r, size, int64(be32(offs, int(4*i))))
			if err != nil {
				return nil, fmt.Errorf("face %d: %w", i, err)
			}
			dirs = append(dirs, d)
		}
		return dirs, nil
	case tagV1, tagTrue, tagOTTO:
		d, err := readDir(r, size, 0)
		if err != nil {
			return nil, err
		}
		return []faceDir{d}, nil
	}
	return nil, ErrNotFont
}

func readDir(r io.ReaderAt, size, off int64) (faceDir, error) {
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, off); err != nil {
		return faceDir{}, fmt.Errorf("%w: table directory", ErrMalformed)
	}
	d := faceDir{version: be32(head, 0), tables: map[string]tableRec{}}
	if d.version != tagV1 && d.version != tagTrue && d.version != tagOTTO {
		return faceDir{}, ErrNotFont
	}
	n := int(be16(head, 4))
	if n == 0 || n > maxTables {
		return faceDir{}, fmt.Errorf("%w: %d tables", ErrMalformed, n)
	}
	recs := make([]byte, 16*n)
	if _, err := r.ReadAt(recs, off+12); err != nil {
		return faceDir{}, fmt.Errorf("%w: table directory", ErrMalformed)
	}
	for i := 0; i < n; i++ {
		rec := recs[16*i:]
		t := tableRec{off: be32(rec, 8), length: be32(rec, 12)}
		if int64(t.off)+int64(t.length) > size {
			return faceDir{}, fmt.Errorf("%w: table %q outside the file", ErrMalformed, rec[:4])
		}
		d.tables[string(rec[:4])] = t
	}
	return d, nil
}

// table reads one table; nil when the face has none.
func (d faceDir) table(r io.ReaderAt, tag string) ([]byte, error) {
	t, ok := d.tables[tag]
	if !ok {
		return nil, nil
	}
	b := make([]byte, t.length)
	if _, err := r.ReadAt(b, int64(t.off)); err != nil {
		return nil, fmt.Errorf("%w: read %q: %v", ErrMalformed, tag, err)
	}
	return b, nil
}

// usable says why a face cannot be used, from its directory alone.
func (d faceDir) usable() error {
	if d.version == tagOTTO {
		return ErrCFF
	}
	if _, ok := d.tables["glyf"]; !ok {
		if _, cff := d.tables["CFF "]; cff {
			return ErrCFF
		}
		if _, cff := d.tables["CFF2"]; cff {
			return ErrCFF
		}
		return fmt.Errorf("%w: no glyf table", ErrMalformed)
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "loca", "cmap"} {
		if _, ok := d.tables[tag]; !ok {
			return fmt.Errorf("%w: no %s table", ErrMalformed, tag)
		}
	}
	return nil
}

// embeddable checks the OS/2 fsType licence bits the way a PDF writer must: restricted
// licence embedding (2) and "no subsetting"/"bitmap only" (0x100, 0x200) forbid what we do.
func embeddable(os2 []byte) error {
	if len(os2) < 10 {
		return nil
	}
	fs := be16(os2, 8)
	switch {
	case fs&0x000F == 0x0002:
		return fmt.Errorf("%w (fsType %#04x: restricted licence)", ErrRestricted, fs)
	case fs&0x0100 != 0:
		return fmt.Errorf("%w (fsType %#04x: no subsetting)", ErrRestricted, fs)
	case fs&0x0200 != 0:
		return fmt.Errorf("%w (fsType %#04x: bitmap embedding only)", ErrRestricted, fs)
	}
	return nil
}

// names returns the face's family and full names (IDs 1, 4, 16), English first, deduplicated.
func faceNames(name []byte) []string {
	if len(name) < 6 {
		return nil
	}
	count := int(be16(name, 2))
	strOff := int(be16(name, 4))
	var en, other []string
	seen := map[string]bool{}
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, encoding, lang, id := be16(name, rec), be16(name, rec+2), be16(name, rec+4), be16(name, rec+6)
		length, off := int(be16(name, rec+8)), int(be16(name, rec+10))
		if id != 1 && id != 4 && id != 16 {
			continue
		}
		start := strOff + off
		if start < 0 || start+length > len(name) {
			continue
		}
		raw := name[start : start+length]
		var s string
		switch {
		case platform == 3 || platform == 0:
			if length%2 != 0 {
				continue
			}
			u := make([]uint16, length/2)
			for j := range u {
				u[j] = be16(raw, 2*j)
			}
			s = string(utf16.Decode(u))
		case platform == 1 && encoding == 0:
			s = latin1(raw)
		default:
			continue
		}
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if (platform == 3 && lang == 0x409) || (platform == 1 && lang == 0) {
			en = append(en, s)
		} else {
			other = append(other, s)
		}
	}
	return append(en, other...)
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// cmapSub is the Unicode subtable a face's characters are looked up in.
type cmapSub struct {
	format int
	data   []byte // from the subtable's start to the end of the cmap table
}

// bestCmap picks the Unicode subtable: format 12 (full Unicode) before format 4 (BMP), the
// Windows platform before the Unicode platform.
func bestCmap(cmap []byte) (cmapSub, error) {
	if len(cmap) < 4 {
		return cmapSub{}, fmt.Errorf("%w: cmap", ErrMalformed)
	}
	n := int(be16(cmap, 2))
	best, bestScore := cmapSub{}, 0
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding, off := be16(cmap, rec), be16(cmap, rec+2), int(be32(cmap, rec+4))
		if off+4 > len(cmap) || off < 0 {
			continue
		}
		format := int(be16(cmap, off))
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
			best, bestScore = cmapSub{format: format, data: cmap[off:]}, score
		}
	}
	if bestScore == 0 {
		return cmapSub{}, ErrNoUnicode
	}
	if err := best.check(); err != nil {
		return cmapSub{}, err
	}
	return best, nil
}

// check makes sure the subtable's arrays lie inside the table.
func (c cmapSub) check() error {
	switch c.format {
	case 4:
		if len(c.data) < 14 {
			return fmt.Errorf("%w: cmap format 4 header", ErrMalformed)
		}
		seg := int(be16(c.data, 6)) / 2
		if seg == 0 || 16+8*seg > len(c.data) {
			return fmt.Errorf("%w: cmap format 4 segments", ErrMalformed)
		}
	case 12:
		if len(c.data) < 16 {
			return fmt.Errorf("%w: cmap format 12 header", ErrMalformed)
		}
		n := int64(be32(c.data, 12))
		if 16+12*n > int64(len(c.data)) {
			return fmt.Errorf("%w: cmap format 12 groups", ErrMalformed)
		}
	}
	return nil
}

// lookup finds the glyph of a character, 0 if there is none. It works on the raw subtable, so
// that discovery can test coverage without building anything.
func (c cmapSub) lookup(r rune) int {
	switch c.format {
	case 4:
		if r < 0 || r > 0xFFFF {
			return 0
		}
		seg := int(be16(c.data, 6)) / 2
		lo, hi := 0, seg-1
		for lo <= hi { // endCode is sorted: first segment with end >= r
			mid := (lo + hi) / 2
			if int(be16(c.data, 14+2*mid)) < int(r) {
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
		n := int(be32(c.data, 12))
		lo, hi := 0, n-1
		for lo <= hi {
			mid := (lo + hi) / 2
			g := 16 + 12*mid
			start, end := rune(be32(c.data, g)), rune(be32(c.data, g+4))
			switch {
			case r < start:
				hi = mid - 1
			case r > end:
				lo = mid + 1
			default:
				return int(be32(c.data, g+8)) + int(r-start)
			}
		}
	}
	return 0
}

// format4Glyph maps code through segment i of a format-4 subtable.
func format4Glyph(d []byte, seg, i, code int) int {
	start := int(be16(d, 16+2*seg+2*i))
	if code < start {
		return 0
	}
	delta := int(be16(d, 16+4*seg+2*i))
	roPos := 16 + 6*seg + 2*i
	ro := int(be16(d, roPos))
	if ro == 0 {
		return (code + delta) & 0xFFFF
	}
	p := roPos + ro + 2*(code-start)
	if p+2 > len(d) {
		return 0
	}
	g := int(be16(d, p))
	if g == 0 {
		return 0
	}
	return (g + delta) & 0xFFFF
}

// bmpMap enumerates the subtable's mappings in the Basic Multilingual Plane into a dense
// table: glyph[r] for r < 0x10000, 0 where there is none or the glyph does not exist.
func (c cmapSub) bmpMap(numGlyphs int) []uint16 {
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
		seg := int(be16(c.data, 6)) / 2
		for i := 0; i < seg; i++ {
			end, start := int(be16(c.data, 14+2*i)), int(be16(c.data, 16+2*seg+2*i))
			for code := start; code <= end && code < 0xFFFF; code++ {
				if !set(code, format4Glyph(c.data, seg, i, code)) {
					return m
				}
			}
		}
	case 12:
		n := int(be32(c.data, 12))
		for i := 0; i < n; i++ {
			g := 16 + 12*i
			start, end, first := int64(be32(c.data, g)), int64(be32(c.data, g+4)), int64(be32(c.data, g+8))
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

// face is a font face ready for the PDF writer.
type face struct {
	ttf       []byte   // the standalone TrueType font given to gofpdf
	glyph     []uint16 // BMP character → glyph, from the cmap in ttf (0: none)
	advance   []uint16 // per glyph, in thousandths of an em, rounded as gofpdf rounds
	empty     []bool   // per glyph: no outline
	family    string   // English family name, for reports
	numGlyphs int
}

// has reports whether the face draws r: mapped to a glyph with an advance and, unless r is a
// space, an outline (some fonts map characters they lack to an empty glyph, which would print
// as a blank). gofpdf handles the BMP only.
func (f *face) has(r rune) bool {
	if r < 0 || r >= 0xFFFF {
		return false
	}
	g := f.glyph[r]
	return g != 0 && f.advance[g] != 0 && (!f.empty[g] || unicode.Is(unicode.Zs, r))
}

// width is r's advance in em.
func (f *face) width(r rune) float64 {
	return float64(f.advance[f.glyph[r]]) / 1000
}

// buildFace checks face i of a font file and rebuilds it as a standalone TrueType font with
// the tables gofpdf reads: head, hhea, maxp, hmtx, loca, glyf as they are (checked), the
// hinting tables cvt/fpgm/prep/gasp, OS/2 when it is complete, and cmap, name and post
// written anew (format-4 cmap from the best Unicode subtable, format-0 name, version-3 post).
func buildFace(data []byte, index int) (*face, error) {
	r := readerAt(data)
	dirs, err := readDirs(r, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(dirs) {
		return nil, fmt.Errorf("%w: face %d of %d", ErrNoSuchFace, index, len(dirs))
	}
	d := dirs[index]
	if err := d.usable(); err != nil {
		return nil, err
	}
	tab := func(tag string) []byte {
		t := d.tables[tag]
		return data[t.off : t.off+t.length]
	}
	if err := embeddable(tab("OS/2")); err != nil {
		return nil, err
	}
	head, hhea, maxp := tab("head"), tab("hhea"), tab("maxp")
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("%w: short head, hhea or maxp", ErrMalformed)
	}
	upem := int(be16(head, 18))
	if upem < 16 || upem > 16384 {
		return nil, fmt.Errorf("%w: unitsPerEm %d", ErrMalformed, upem)
	}
	locFormat := int(be16(head, 50))
	if locFormat != 0 && locFormat != 1 {
		return nil, fmt.Errorf("%w: loca format %d", ErrMalformed, locFormat)
	}
	numGlyphs := int(be16(maxp, 4))
	if numGlyphs < 1 {
		return nil, fmt.Errorf("%w: no glyphs", ErrMalformed)
	}
	numHM := int(be16(hhea, 34))
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
	sub, err := bestCmap(tab("cmap"))
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
		a := int(be16(hmtx, 4*min(g, numHM-1)))
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

	names := faceNames(tab("name"))
	family := "Font"
	for _, n := range names {
		if isPrintableASCII(n) {
			family = n
			break
		}
	}
	tables := map[string][]byte{
		"head": head,
		"hhea": hhea,
		"maxp": maxp,
		"hmtx": hmtx,
		"loca": tab("loca"),
		"glyf": tab("glyf"),
		"cmap": cmap,
		"name": nameTable(family, copyrightOf(tab("name"))),
		"post": postTable(tab("post")),
	}
	if os2 := tab("OS/2"); len(os2) >= 78 && (be16(os2, 0) <= 1 || len(os2) >= 96) {
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
	return &face{
		ttf:       writeSFNT(tables),
		glyph:     glyph,
		advance:   advance,
		empty:     empty,
		family:    family,
		numGlyphs: numGlyphs,
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
			off[i] = 2 * int(be16(loca, 2*i))
		} else {
			off[i] = int(be32(loca, 4*i))
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
		if int16(be16(data, 0)) >= 0 {
			continue
		}
		p := 10
		for {
			if p+4 > len(data) {
				return fmt.Errorf("%w: composite glyph %d truncated", ErrMalformed, g)
			}
			flags, c := be16(data, p), int(be16(data, p+2))
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

// copyrightOf is the font's copyright notice (name ID 0) in ASCII, if it has one.
func copyrightOf(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strOff := int(be16(name, 2)), int(be16(name, 4))
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, id := be16(name, rec), be16(name, rec+6)
		length, off := int(be16(name, rec+8)), int(be16(name, rec+10))
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
				u[j] = be16(raw, 2*j)
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
func nameTable(family, copyright string) []byte {
	ps := strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("[](){}<>/%", r) {
			return -1
		}
		return r
	}, family)
	if ps == "" {
		ps = "Font"
	}
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

// be16 and be32 read big-endian numbers; out of range reads give 0 (callers check sizes
// where it matters, and 0 is harmless everywhere else).
func be16(b []byte, off int) uint16 {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[off:])
}

func be32(b []byte, off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}

func put16(b []byte, off, v int) { binary.BigEndian.PutUint16(b[off:], uint16(v)) }
func put32(b []byte, off, v int) { binary.BigEndian.PutUint32(b[off:], uint32(v)) }

// readerAt reads from a byte slice.
type readerAt []byte

func (r readerAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(r)) {
		return 0, io.EOF
	}
	n := copy(p, r[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
