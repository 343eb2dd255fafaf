package docx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Config sets up a document.
type Config struct {
	// Title, Author and Subject go into the document's properties (docProps/core.xml).
	Title, Author, Subject string
	// Date is written as the document's creation and modification date and as the time of
	// every file in the package. The same content and Date give the same bytes; a zero Date
	// writes 2000-01-01 rather than the clock's time.
	Date time.Time
	// Fonts names the font of each role; empty names are GB/T 9704's.
	Fonts Fonts
	// FirstPageNumber is the number of the first page; 0 means 1.
	FirstPageNumber int
	// NoPageNumbers leaves the page numbers out.
	NoPageNumbers bool
}

// Role is what text is set for; each role has its font.
type Role int

// The roles of GB/T 9704. The zero Role is the body.
const (
	RoleBody     Role = iota // 正文, and “1.” “（1）” headings: 3号仿宋
	RoleTitle                // 标题: 2号小标宋
	RoleHeading1             // 一级标题 “一、”: 3号黑体
	RoleHeading2             // 二级标题 “（一）”: 3号楷体
	RoleTable                // 表格, charts and page numbers: 宋体
	numRoles
)

// Fonts names the font of each role, as Word and WPS know them (the name in the font, not the
// file's: “仿宋_GB2312”, not “FS_GB2312.TTF”). An empty name is GB/T 9704's font under the name
// Chinese offices' computers have it: 方正小标宋简体 (title), 黑体 (heading 1), 楷体_GB2312
// (heading 2), 仿宋_GB2312 (body), 宋体 (tables, charts, page numbers).
type Fonts struct {
	Title, Heading1, Heading2, Body, Table string
}

// Resolved is the fonts with GB/T 9704's in place of the empty names: what the document names.
func (f Fonts) Resolved() Fonts {
	return Fonts{Title: f.of(RoleTitle), Heading1: f.of(RoleHeading1), Heading2: f.of(RoleHeading2), Body: f.of(RoleBody), Table: f.of(RoleTable)}
}

// Fallback is the font Word and WPS use for a font a computer does not have, as the document's
// font table says (仿宋_GB2312 → 仿宋); "" when the table names none but the font's own
// English name (宋体 → SimSun).
func Fallback(font string) string {
	alt := knownFonts[font].alt
	if knownFonts[alt] == (fontInfo{}) {
		return ""
	}
	return alt
}

// defaultFonts are the fonts GB/T 9704 asks for.
var defaultFonts = Fonts{Title: "方正小标宋简体", Heading1: "黑体", Heading2: "楷体_GB2312", Body: "仿宋_GB2312", Table: "宋体"}

func (f Fonts) of(r Role) string {
	d := defaultFonts
	pick := func(a, b string) string {
		if s := strings.TrimSpace(clean(a)); s != "" {
			return s
		}
		return b
	}
	switch r {
	case RoleTitle:
		return pick(f.Title, d.Title)
	case RoleHeading1:
		return pick(f.Heading1, d.Heading1)
	case RoleHeading2:
		return pick(f.Heading2, d.Heading2)
	case RoleTable:
		return pick(f.Table, d.Table)
	}
	return pick(f.Body, d.Body)
}

// Align is the alignment of lines in their width.
type Align int

// Alignments. AlignJustify spreads every line but a paragraph's last to the full width.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
	AlignJustify
)

func (a Align) jc() string {
	switch a {
	case AlignCenter:
		return "center"
	case AlignRight:
		return "right"
	case AlignJustify:
		return "both"
	}
	return "left"
}

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

func (c Color) hex() string { return fmt.Sprintf("%02X%02X%02X", c.R, c.G, c.B) }

// Doc is an official document being written. Its methods record the first error, after which
// they do nothing; Err, Write and Bytes return it.
type Doc struct {
	cfg   Config
	fonts [numRoles]string
	err   error

	body      []block
	landscape bool    // the orientation of the current section
	inSection int     // blocks in the current section
	needPage  bool    // the next block starts a page
	gap       float64 // empty lines owed before the next block (below the title)

	charts []string // chart parts, by number - 1
	tables int
}

// section is what a section's w:sectPr says: written into the paragraph that ends the section,
// or at the end of the body for the last one.
type section struct{ landscape bool }

// block is a paragraph or a table of the body.
type block struct {
	p   *para
	tbl string // a table, written
}

// New starts a document.
func New(cfg Config) *Doc {
	d := &Doc{cfg: cfg}
	for r := Role(0); r < numRoles; r++ {
		d.fonts[r] = cfg.Fonts.of(r)
	}
	if d.cfg.Date.IsZero() {
		d.cfg.Date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if d.cfg.FirstPageNumber == 0 {
		d.cfg.FirstPageNumber = 1
	}
	return d
}

// Err is the first error met, if any.
func (d *Doc) Err() error { return d.err }

func (d *Doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// Width is the width of the current section's type area, in mm.
func (d *Doc) Width() float64 { return float64(d.areaWidth()) / twipsPerMM }

func (d *Doc) areaWidth() int {
	if d.landscape {
		return landAreaWidth
	}
	return areaWidth
}

// NewPage makes the next content start on a new page.
func (d *Doc) NewPage() {
	if d.inSection > 0 {
		d.needPage = true
	}
}

// LandscapeSection makes the next content start on a new landscape page; the pages after it
// are landscape until PortraitSection. Page numbers go on from the pages before.
func (d *Doc) LandscapeSection() { d.section(true) }

// PortraitSection makes the next content start on a new portrait page.
func (d *Doc) PortraitSection() { d.section(false) }

// section ends the current section, unless it is still empty, and starts one. A section's
// properties go into its last paragraph (a table is always followed by one).
func (d *Doc) section(landscape bool) {
	if d.err != nil {
		return
	}
	if d.inSection > 0 {
		last := d.body[len(d.body)-1].p
		if last == nil || last.sect != nil {
			last = tinyPara()
			d.body = append(d.body, block{p: last})
		}
		last.sect = &section{landscape: d.landscape}
	}
	d.landscape = landscape
	d.inSection = 0
	d.needPage = false
	d.gap = 0
}

// add appends a paragraph, with the page break or the empty lines owed before it.
func (d *Doc) add(p *para) {
	if d.needPage {
		p.pageBreakBefore = true
		d.needPage = false
		d.gap = 0
	}
	if g := d.gap; g > 0 {
		d.gap = 0
		d.add(spacerPara(g, d.fonts[RoleBody]))
	}
	d.body = append(d.body, block{p: p})
	d.inSection++
}

// addTable appends a written table. A page break owed before it goes into a paragraph of its
// own, a point high; a table is always followed by a small paragraph, so that two tables never
// run together (Word would join them) and text resumes a little below the table.
func (d *Doc) addTable(xml string) {
	if d.needPage {
		p := tinyPara()
		d.add(p)
	} else if d.gap > 0 {
		g := d.gap
		d.gap = 0
		d.add(spacerPara(g, d.fonts[RoleBody]))
	}
	d.body = append(d.body, block{tbl: xml})
	d.inSection++
	after := tinyPara()
	after.line = 120 // 6 pt of air below the table
	d.body = append(d.body, block{p: after})
	d.inSection++
}

// Spacer leaves empty lines of the body (29 pt each).
func (d *Doc) Spacer(lines float64) {
	if d.err != nil || lines <= 0 || lines > 1000 || d.inSection == 0 || d.needPage {
		return
	}
	d.add(spacerPara(lines, d.fonts[RoleBody]))
}

// Write writes the document. It may be called more than once.
func (d *Doc) Write(w io.Writer) error {
	b, err := d.Bytes()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// Bytes is the document's file.
func (d *Doc) Bytes() ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	var buf bytes.Buffer
	if err := d.pack(&buf); err != nil {
		return nil, fmt.Errorf("write docx: %w", err)
	}
	return buf.Bytes(), nil
}

var errNoColumns = errors.New("no columns")
