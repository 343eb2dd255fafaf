package typeset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// GB/T 9704-2012 geometry, in millimetres and points.
const (
	mmPerPt = 25.4 / 72

	pageW, pageH = 210.0, 297.0 // A4
	areaW, areaH = 156.0, 225.0 // the type area (版心)
	areaLeft     = 28.0         // binding side (订口)
	areaTop      = 37.0
	gridLines    = 22 // lines per page
	gridChars    = 28 // characters per line

	// Landscape pages (wide tables, 横排表格) are portrait sheets turned a quarter, the top of
	// the table towards the binding (订口) on odd pages: their type area is the portrait one
	// turned, 225 wide and 156 high, and the page number stays where it is on a portrait page
	// (see pageNumber).
	landLeft, landTop = pageH - areaTop - areaH, areaLeft

	// SizeTitle is 2号, the title; SizeBody is 3号, body and headings; SizePageNumber is 4号.
	SizeTitle      = 22.0
	SizeBody       = 16.0
	SizePageNumber = 14.0
	// SizeTable is 小四, the default for tables; SizeSmall is 五号, for chart labels.
	SizeTable = 12.0
	SizeSmall = 10.5

	pageNumberDrop = 7.0 // the page number's dashes lie 7 mm below the type area
)

// LinePitch is the distance between two lines of body text: the type area's height over 22
// lines. CharPitch is the advance of a Chinese character of body text: the type area's width
// over 28 characters (3号 is a little wider, so body text is set 0.07 mm tighter, as Word does
// with a document grid).
const (
	LinePitch = areaH / gridLines
	CharPitch = areaW / gridChars
)

// Config sets up a document.
type Config struct {
	// Fonts names font files per role; empty roles are chosen from the installed fonts.
	Fonts FontFiles
	// FontDirs are the folders searched for installed fonts. nil: the system's folders
	// (SystemFontDirs). An empty, non-nil slice: none — only Fonts and the embedded fonts are
	// used, and the output depends on nothing outside the program.
	FontDirs []string
	// Date is written as the PDF's creation and modification date. The same content and Date
	// give the same bytes; a zero Date writes 2000-01-01 rather than the clock's time.
	Date time.Time
	// Title, Author and Subject go into the PDF's document information.
	Title, Author, Subject string
	// FirstPageNumber is the number printed on the first page; 0 means 1.
	FirstPageNumber int
	// NoPageNumbers leaves the page numbers out.
	NoPageNumbers bool
	// Words are words that lines of titles, captions, tables and charts must not break inside,
	// besides the built-in ones (整改, 督察, 生态环境保护 …): the plan's region, its units'
	// names, its own terms.
	Words []string
}

// Kind is what a line of text belongs to.
type Kind int

// The kinds of lines in the Lines log.
const (
	KindTitle Kind = iota
	KindSubtitle
	KindHeading
	KindParagraph
	KindText
	KindCaption
	KindTableHeader
	KindTableCell
	KindChart
	KindPageNumber
)

func (k Kind) String() string {
	switch k {
	case KindTitle:
		return "title"
	case KindSubtitle:
		return "subtitle"
	case KindHeading:
		return "heading"
	case KindParagraph:
		return "paragraph"
	case KindText:
		return "text"
	case KindCaption:
		return "caption"
	case KindTableHeader:
		return "table-header"
	case KindTableCell:
		return "table-cell"
	case KindChart:
		return "chart"
	case KindPageNumber:
		return "page-number"
	}
	return "kind?"
}

// Line is a line of text as it was drawn, for checks at the layout level: that no character
// was lost, which page a row went to, that a header was repeated.
type Line struct {
	Page  int  // 1-based, in the order of the file
	Kind  Kind //
	Role  Role // the role's font (characters it lacks came from a fallback font)
	Text  string
	Block int // the call that drew it (each Title, Paragraph, Table … call is a new block)
	// Table is the table's number (1, 2 …) for table lines; Row is the index in Table.Rows
	// (0 for header lines) and Col the column.
	Table, Row, Col int
	X, Y            float64 // where the line starts, in mm: left end of the baseline
	Color           Color   // of the text
	Bold            bool    // emulated bold
	// Turned tells a line set turned a quarter clockwise, running down the page from (X, Y):
	// the page number of a landscape page.
	Turned bool
}

// Placeholder is what Line.Text shows for a character no font has; on the page it is an empty
// box (□), the mark Chinese printing uses for a missing character.
const Placeholder = '\uFFFD'

// Doc is an official document being set. Its methods record the first error, after which they
// do nothing; Err and Output return it.
type Doc struct {
	cfg   Config
	pdf   *gofpdf.Fpdf
	fonts *fontSet
	err   error

	pages     int  // pages started
	landscape bool // the orientation of the current section
	needPage  bool // the next drawing starts a page
	x0, y0    float64
	w, h      float64 // the current page's type area
	y         float64 // top of the next line
	atTop     bool    // nothing drawn on the page yet (besides the page number)
	gap       float64 // empty lines owed before the next block (below the title)

	held          []heldBlock // headings waiting for the next block
	block, tables int
	lines         []Line
	missing       map[rune]bool
	words         *vocabulary
	registered    int
	pdfFonts      map[string]string // the fonts' names as gofpdf writes them → their real names
	written       bool
}

// New starts a document. It fails only when a font named in cfg cannot be used.
func New(cfg Config) (*Doc, error) {
	fs, err := openFonts(cfg)
	if err != nil {
		return nil, err
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true) // resources in a fixed order
	date := cfg.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetProducer("taizhang", true)
	pdf.SetCreator("taizhang", true)
	if cfg.Title != "" {
		pdf.SetTitle(cfg.Title, true)
	}
	if cfg.Author != "" {
		pdf.SetAuthor(cfg.Author, true)
	}
	if cfg.Subject != "" {
		pdf.SetSubject(cfg.Subject, true)
	}
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0) // pages are broken here, never by gofpdf
	pdf.SetMargins(0, 0, 0)
	pdf.SetLineCapStyle("butt")
	if cfg.FirstPageNumber == 0 {
		cfg.FirstPageNumber = 1
	}
	return &Doc{cfg: cfg, pdf: pdf, fonts: fs, needPage: true, missing: map[rune]bool{}, pdfFonts: map[string]string{},
		words: newVocabulary(cfg.Words)}, nil
}

// Err is the first error met, if any.
func (d *Doc) Err() error { return d.err }

func (d *Doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// guard turns a panic in gofpdf (or here) into the document's error: a bad input must never
// take the program down.
func (d *Doc) guard(what string) {
	if r := recover(); r != nil {
		d.fail(fmt.Errorf("%s: internal error: %v", what, r))
	}
	if d.err == nil && d.pdf.Err() {
		d.fail(fmt.Errorf("%s: %w", what, d.pdf.Error()))
	}
}

// ok reports whether drawing may go on.
func (d *Doc) ok() bool { return d.err == nil && !d.written }

// Lines returns every line drawn so far, in order. A heading waiting for what follows it is
// drawn (and listed) with the next block, or by Output.
func (d *Doc) Lines() []Line { return append([]Line(nil), d.lines...) }

// Missing lists the characters no font had, in order; each was drawn as an empty box.
func (d *Doc) Missing() []rune {
	out := make([]rune, 0, len(d.missing))
	for r := range d.missing {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Fonts tells which font each role got.
func (d *Doc) Fonts() []FontChoice {
	var out []FontChoice
	for _, r := range Roles() {
		out = append(out, d.fonts.choice[r])
	}
	return out
}

// FontProblems lists the fonts that were tried and could not be used, with the reason.
func (d *Doc) FontProblems() []string { return append([]string(nil), d.fonts.problems...) }

// PageCount is the number of pages so far.
func (d *Doc) PageCount() int { return d.pages }

// Width is the width of the current section's type area, in mm.
func (d *Doc) Width() float64 {
	if d.landscape {
		return areaH
	}
	return areaW
}

// NewPage makes the next content start on a new page.
func (d *Doc) NewPage() { d.needPage = true }

// LandscapeSection makes the next content start on a new landscape page; the pages after it
// are landscape until PortraitSection.
func (d *Doc) LandscapeSection() {
	d.landscape = true
	d.needPage = true
}

// PortraitSection makes the next content start on a new portrait page.
func (d *Doc) PortraitSection() {
	d.landscape = false
	d.needPage = true
}

// page makes sure a page is open.
func (d *Doc) page() {
	if d.needPage {
		d.newPage()
	}
}

func (d *Doc) newPage() {
	d.needPage = false
	if d.landscape {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: pageW, Ht: pageH})
		d.x0, d.y0, d.w, d.h = landLeft, landTop, areaH, areaW
	} else {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: pageW, Ht: pageH})
		d.x0, d.y0, d.w, d.h = areaLeft, areaTop, areaW, areaH
	}
	d.pages++
	d.y = d.y0
	d.atTop = true
	if !d.cfg.NoPageNumbers {
		d.pageNumber()
	}
}

// bottom is the lower edge of the type area.
func (d *Doc) bottom() float64 { return d.y0 + d.h }

// room makes sure h mm fit below the current position, starting a page if not. It reports
// whether a page was started.
func (d *Doc) room(h float64) bool {
	d.page()
	if d.y+h > d.bottom()+1e-6 && !d.atTop {
		d.newPage()
		return true
	}
	return false
}

// snap moves the position down to the next line of the grid.
func (d *Doc) snap() {
	n := math.Ceil((d.y-d.y0)/LinePitch - 1e-6)
	d.y = d.y0 + n*LinePitch
}

// pageNumber writes "— N —" in 4号: the dashes 7 mm below the type area, odd pages on the
// right and even pages on the left, one character in from the edge of the type area.
//
// On a landscape page it goes where it is on a portrait page of the bound document (GB/T
// 9704-2012, 10.1: the number at the table's left, odd pages at its lower left, even pages at
// its upper left): the page is a portrait sheet turned a quarter clockwise to be read, so the
// number is set in the sheet's own upright frame, turned with it.
func (d *Doc) pageNumber() {
	n := d.cfg.FirstPageNumber + d.pages - 1
	text := "— " + fmt.Sprint(n) + " —"
	st := lineStyle{role: RoleTable, size: SizePageNumber}
	w := d.measure(st)(text)
	em := SizePageNumber * mmPerPt
	x := areaLeft + areaW - em - w
	if n%2 == 0 {
		x = areaLeft + em
	}
	// the dash sits at about a third of the em above the baseline
	base := areaTop + areaH + pageNumberDrop + 0.32*em
	if !d.landscape {
		d.drawLine(x, base, text, st, KindPageNumber, 0, 0, 0)
		return
	}
	// the sheet's point (x, y) is the landscape page's (pageH − y, x): a quarter turn
	// clockwise about (pageH/2, pageH/2)
	d.pdf.TransformBegin()
	d.pdf.TransformRotate(-90, pageH/2, pageH/2)
	d.drawLine(x, base, text, st, KindPageNumber, 0, 0, 0)
	d.pdf.TransformEnd()
	l := &d.lines[len(d.lines)-1]
	l.X, l.Y, l.Turned = pageH-base, x, true
}

// Output writes the PDF. It may be called once.
func (d *Doc) Output(w io.Writer) (err error) {
	if d.err != nil {
		return d.err
	}
	if d.written {
		return errors.New("write pdf: already written")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write pdf: internal error: %v", r)
		}
	}()
	d.releaseHeld()
	if d.err != nil {
		return d.err
	}
	if d.pages == 0 {
		d.newPage()
	}
	d.written = true
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	out, err := patchPDF(buf.Bytes(), d.pdfFonts)
	if err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}
