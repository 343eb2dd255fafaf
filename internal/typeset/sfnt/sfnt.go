// Package sfnt reads TrueType font files and collections (.ttf, .ttc) the way a careful
// reader must: table directories checked against the file's size, character maps and glyphs
// checked before use, and every face rebuilt as a standalone TrueType font with the tables a
// PDF writer needs. Untrusted files (fonts named on the command line, fonts found on the
// machine) become errors, never panics.
//
// It imports nothing of taizhang; typeset imports it.
package sfnt

// sfnt.go reads TrueType fonts and font collections — only what the PDF writer needs — and
// rebuilds one face as a clean standalone TrueType font. gofpdf's own parser trusts its input:
// it slices without bounds checks, recurses through composite glyphs without a cycle check,
// prints to stdout when a table is not what it expects, and only reads a format-4 cmap. So
// every font goes through Build first: the tables are checked here, and the font gofpdf
// sees has exactly the tables it reads, in the forms it understands.

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
)

// Reasons a font cannot be used. They are reported with the file, never silently.
var (
	ErrCFF         = errors.New("PostScript (CFF) outlines: the PDF writer needs TrueType (glyf) outlines")
	ErrNotFont     = errors.New("not a TrueType font or collection")
	ErrNoUnicode   = errors.New("no Unicode character map")
	ErrRestricted  = errors.New("the font's licence does not allow embedding it in a document")
	ErrMalformed   = errors.New("malformed font")
	ErrNoSuchFace  = errors.New("no such Face in the collection")
	ErrTooLarge    = errors.New("font file too large")
	errFormat4Full = errors.New("character map too large for format 4")
)

const (
	tagTTCF = 0x74746366 // 'ttcf'
	tagOTTO = 0x4F54544F // 'OTTO'
	tagTrue = 0x74727565 // 'true'
	tagV1   = 0x00010000

	MaxFile      = 64 << 20 // bytes; larger files are not fonts we want to embed
	MaxFaces     = 256
	maxTables    = 128
	maxCompDepth = 16
)

// tableRec is one entry of a face's table directory; offsets are from the start of the file.
type tableRec struct {
	off, length uint32
}

// Dir is one Face's table directory.
type Dir struct {
	version uint32
	tables  map[string]tableRec
}

// ReadDirs reads the table directories of a font file: one for a .TTF, one per Face for a
// .ttc. A CFF Face is returned with its version so that the caller can say why it is refused.
func ReadDirs(r io.ReaderAt, size int64) ([]Dir, error) {
	if size > MaxFile {
		return nil, ErrTooLarge
	}
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, ErrNotFont
	}
	tag := BE32(head, 0)
	switch tag {
	case tagTTCF:
		n := BE32(head, 8)
		if n == 0 || n > MaxFaces {
			return nil, fmt.Errorf("%w: %d faces in the collection", ErrMalformed, n)
		}
		offs := make([]byte, 4*n)
		if _, err := r.ReadAt(offs, 12); err != nil {
			return nil, fmt.Errorf("%w: collection header", ErrMalformed)
		}
		dirs := make([]Dir, 0, n)
		for i := uint32(0); i < n; i++ {
			d, err := readDir(r, size, int64(BE32(offs, int(4*i))))
			if err != nil {
				return nil, fmt.Errorf("Face %d: %w", i, err)
			}
			dirs = append(dirs, d)
		}
		return dirs, nil
	case tagV1, tagTrue, tagOTTO:
		d, err := readDir(r, size, 0)
		if err != nil {
			return nil, err
		}
		return []Dir{d}, nil
	}
	return nil, ErrNotFont
}

func readDir(r io.ReaderAt, size, off int64) (Dir, error) {
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, off); err != nil {
		return Dir{}, fmt.Errorf("%w: table directory", ErrMalformed)
	}
	d := Dir{version: BE32(head, 0), tables: map[string]tableRec{}}
	if d.version != tagV1 && d.version != tagTrue && d.version != tagOTTO {
		return Dir{}, ErrNotFont
	}
	n := int(BE16(head, 4))
	if n == 0 || n > maxTables {
		return Dir{}, fmt.Errorf("%w: %d tables", ErrMalformed, n)
	}
	recs := make([]byte, 16*n)
	if _, err := r.ReadAt(recs, off+12); err != nil {
		return Dir{}, fmt.Errorf("%w: table directory", ErrMalformed)
	}
	for i := 0; i < n; i++ {
		rec := recs[16*i:]
		t := tableRec{off: BE32(rec, 8), length: BE32(rec, 12)}
		if int64(t.off)+int64(t.length) > size {
			return Dir{}, fmt.Errorf("%w: table %q outside the file", ErrMalformed, rec[:4])
		}
		d.tables[string(rec[:4])] = t
	}
	return d, nil
}

// Table reads one table; nil when the Face has none.
func (d Dir) Table(r io.ReaderAt, tag string) ([]byte, error) {
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

// Usable says why a Face cannot be used, from its directory alone.
func (d Dir) Usable() error {
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

// Embeddable checks the OS/2 fsType licence bits the way a PDF writer must: restricted
// licence embedding (2) and "no subsetting"/"bitmap only" (0x100, 0x200) forbid what we do.
func Embeddable(os2 []byte) error {
	if len(os2) < 10 {
		return nil
	}
	fs := BE16(os2, 8)
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

// Names returns a face's family and full names (IDs 1, 4, 16), English first, deduplicated.
func Names(name []byte) []string { return nameStrings(name, 1, 4, 16) }

// PostScriptName is a face's PostScript name (ID 6), the name a PDF calls the font by, with
// anything a PDF name or a PostScript name may not hold left out; "" when it has none.
func PostScriptName(name []byte) string {
	for _, s := range nameStrings(name, 6) {
		if ps := psName(s); ps != "" {
			return ps
		}
	}
	return ""
}

// psName keeps the printable ASCII characters a PostScript name may have (no spaces, no
// delimiters), at most 63 of them.
func psName(s string) string {
	ps := strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("[](){}<>/%#", r) {
			return -1
		}
		return r
	}, s)
	if len(ps) > 63 {
		ps = ps[:63]
	}
	return ps
}

// nameStrings returns the strings of the given name IDs, English first, deduplicated.
func nameStrings(name []byte, ids ...uint16) []string {
	if len(name) < 6 {
		return nil
	}
	count := int(BE16(name, 2))
	strOff := int(BE16(name, 4))
	var en, other []string
	seen := map[string]bool{}
	for i := 0; i < count; i++ {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, encoding, lang, id := BE16(name, rec), BE16(name, rec+2), BE16(name, rec+4), BE16(name, rec+6)
		length, off := int(BE16(name, rec+8)), int(BE16(name, rec+10))
		if !slices.Contains(ids, id) {
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
				u[j] = BE16(raw, 2*j)
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
