package pdfdoc

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// GB/T 9704-2012 geometry, in millimetres: A4, type area 156 × 225 from 28 mm left and 37 mm
// top; 22 lines of 28 characters of 3号 (16 pt) type. Landscape pages (wide tables) turn the
// type area: 225 × 156 from 37 mm left and 28 mm top.
const (
	pageW, pageH   = 210.0, 297.0
	marginL        = 28.0
	marginT        = 37.0
	areaW, areaH   = 156.0, 225.0
	bodyPt         = 15.8 // 28 characters fill the 156 mm line exactly; 3号 is 16 pt
	linePitch      = areaH / 22
	titlePt        = 22.0 // 2号
	pageNumberPt   = 14.0 // 4号
	pageNumberDrop = 7.0  // below the type area
	ptToMM         = 25.4 / 72
)

// Line is one line of text as it was drawn: for checks at the layout level.
type Line struct {
	Page int
	Role Role
	Text string
}

// Doc is an official document being typeset.
type Doc struct {
	pdf        *gofpdf.Fpdf
	fonts      *Fonts
	registered map[*Font]bool
	widths     map[widthKey]float64
	lines      []Line
	missing    map[rune]bool
	landscape  bool
	left, top  float64 // the current page's type area
	w, h       float64
	y          float64
	started    bool
}

type widthKey struct {
	f    *Font
	size float64
	r    rune
}

// New starts a document; date fixes the PDF's creation and modification dates, so that the
// same content gives the same bytes.
func New(fonts *Fonts, title string, date time.Time) *Doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(title, true)
	pdf.SetCreator("taizhang", true)
	pdf.SetProducer("taizhang", true)
	d := &Doc{pdf: pdf, fonts: fonts, registered: map[*Font]bool{}, widths: map[widthKey]float64{}, missing: map[rune]bool{}}
	pdf.SetFooterFunc(d.pageNumber)
	return d
}

// Lines returns every line drawn so far.
func (d *Doc) Lines() []Line { return d.lines }

// Missing lists the characters no font had; they were drawn as □.
func (d *Doc) Missing() []rune { return sorted(d.missing) }

// Pages is the number of pages so far.
func (d *Doc) Pages() int { return d.pdf.PageNo() }

// Output writes the PDF.
func (d *Doc) Output(w io.Writer) error {
	if !d.started {
		d.NewPage(false)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// NewPage starts a page, landscape or portrait.
func (d *Doc) NewPage(landscape bool) {
	d.started = true
	d.landscape = landscape
	if landscape {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: pageW, Ht: pageH})
		d.left, d.top, d.w, d.h = 37, 28, areaH, areaW
	} else {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: pageW, Ht: pageH})
		d.left, d.top, d.w, d.h = marginL, marginT, areaW, areaH
	}
	d.y = d.top
}

// Landscape continues on landscape pages (a new page unless already on one).
func (d *Doc) Landscape() {
	if !d.started || !d.landscape {
		d.NewPage(true)
	}
}

// Portrait continues on portrait pages.
func (d *Doc) Portrait() {
	if !d.started || d.landscape {
		d.NewPage(false)
	}
}

// Width is the type area's width of the current page.
func (d *Doc) Width() float64 { return d.w }

// room makes sure h millimetres fit below the current position, starting a page if not.
func (d *Doc) room(h float64) {
	if !d.started {
		d.NewPage(false)
	}
	if d.y+h > d.top+d.h+0.01 {
		d.NewPage(d.landscape)
	}
}

// Space moves down.
func (d *Doc) Space(mm float64) {
	d.room(0)
	d.y = math.Min(d.y+mm, d.top+d.h)
}

// pageNumber draws "— N —" 7 mm below the type area: odd pages on the right, even on the left,
// one character in from the edge.
func (d *Doc) pageNumber() {
	n := d.pdf.PageNo()
	dash := "—"
	if d.fonts.fontFor(RoleTable, '—') == nil {
		dash = "-"
	}
	text := fmt.Sprintf("%s %d %s", dash, n, dash)
	w := d.measure(RoleTable, pageNumberPt, text)
	char := pageNumberPt * ptToMM
	x := d.left + d.w - char - w
	if n%2 == 0 {
		x = d.left + char
	}
	d.draw(RoleTable, pageNumberPt, x, d.top+d.h+pageNumberDrop+pageNumberPt*ptToMM*0.8, text, false)
}

func (d *Doc) use(f *Font, size float64) {
	if !d.registered[f] {
		d.pdf.AddUTF8FontFromBytes(f.family, "", f.data)
		d.registered[f] = true
	}
	d.pdf.SetFont(f.family, "", size)
}

// runeWidth is a character's width in mm, from the font that draws it.
func (d *Doc) runeWidth(role Role, size float64, r rune) float64 {
	f := d.fonts.fontFor(role, r)
	if f == nil {
		f, r = d.fonts.fontFor(role, Placeholder), Placeholder
	}
	k := widthKey{f, size, r}
	if w, ok := d.widths[k]; ok {
		return w
	}
	d.use(f, size)
	w := d.pdf.GetStringWidth(string(r))
	d.widths[k] = w
	return w
}

// measure is the width of text in mm.
func (d *Doc) measure(role Role, size float64, text string) float64 {
	w := 0.0
	for _, r := range text {
		if r == '\n' || r == '\r' {
			continue
		}
		w += d.runeWidth(role, size, r)
	}
	return w
}

// Measure is exported for callers that lay out their own text.
func (d *Doc) Measure(role Role, size float64, text string) float64 {
	return d.measure(role, size, text)
}

// draw writes one line at x with its baseline at y, font by font; bold is emulated by
// stroking the outlines (no bold face is registered, so gofpdf never looks for one).
func (d *Doc) draw(role Role, size, x, baseline float64, text string, bold bool) {
	if bold {
		d.pdf.SetTextRenderingMode(2)
		d.pdf.SetLineWidth(size * ptToMM * 0.035)
	}
	for _, rn := range d.fonts.runs(role, text, func(r rune) { d.missing[r] = true }) {
		d.use(rn.font, size)
		d.pdf.Text(x, baseline, rn.text)
		x += d.measure(role, size, rn.text)
	}
	if bold {
		d.pdf.SetTextRenderingMode(0)
		d.pdf.SetLineWidth(0.2)
	}
	d.lines = append(d.lines, Line{Page: d.pdf.PageNo(), Role: role, Text: text})
}

// block draws lines of text with a pitch; align is "L", "C" or "R"; the first line may be
// indented.
func (d *Doc) block(role Role, size, pitch float64, text, align string, indent float64, bold bool) {
	d.room(0) // a page exists: its width is known
	width := d.w
	lines := BreakLines(strings.Repeat("　", int(indent))+text, width, func(s string) float64 { return d.measure(role, size, s) })
	for _, l := range lines {
		d.room(pitch)
		x := d.left
		switch align {
		case "C":
			x += (width - d.measure(role, size, l)) / 2
		case "R":
			x += width - d.measure(role, size, l)
		}
		// the baseline sits about 0.8 of the type size below the line's top, centred in the pitch
		base := d.y + (pitch-size*ptToMM)/2 + size*ptToMM*0.85
		d.draw(role, size, x, base, l, bold)
		d.y += pitch
	}
}

// Title writes the document's title: 2号小标宋, centred, with a blank line below.
func (d *Doc) Title(text string) {
	d.block(RoleTitle, titlePt, titlePt*ptToMM*1.45, text, "C", 0, true)
	d.Space(linePitch * 0.5)
}

// Subtitle writes a centred line in 楷体 (the period and the as-of date under the title).
func (d *Doc) Subtitle(text string) {
	d.block(RoleKai, bodyPt, linePitch, text, "C", 0, false)
	d.Space(linePitch * 0.5)
}

// Heading writes a heading: level 1 (“一、”) in 黑体, level 2 (“（一）”) in 楷体, indented two
// characters like the body.
func (d *Doc) Heading(level int, text string) {
	role := RoleHeading
	if level > 1 {
		role = RoleKai
	}
	d.room(linePitch * 2) // never a heading alone at the foot of a page
	d.block(role, bodyPt, linePitch, text, "L", 2, level == 1)
}

// Paragraph writes body text in 仿宋, first line indented two characters.
func (d *Doc) Paragraph(text string) {
	for _, p := range strings.Split(text, "\n") {
		d.block(RoleBody, bodyPt, linePitch, p, "L", 2, false)
	}
}

// Note writes a small line (a table's caption or a chart's note) in 宋体.
func (d *Doc) Note(text string, size float64, align string) {
	d.block(RoleTable, size, size*ptToMM*1.5, text, align, 0, false)
}
