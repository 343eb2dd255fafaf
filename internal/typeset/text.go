package typeset

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Align is the alignment of lines in their width.
type Align int

// Alignments. AlignJustify spreads every line but a paragraph's last to the full width.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
	AlignJustify
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// lineStyle is how a line is set.
type lineStyle struct {
	role  Role
	size  float64 // pt
	track float64 // mm added after every character (negative: tighter), the grid's correction
	bold  bool    // emulated: outlines stroked as well as filled
	color Color
}

// em is the type size in mm.
func (st lineStyle) em() float64 { return st.size * mmPerPt }

// glyph finds the font that draws r for a style. A space the fonts lack (a no-break space,
// an en space …) is drawn as an ordinary space rather than a box.
func (d *Doc) glyph(st lineStyle, r rune) (*loaded, rune) {
	if f := d.fonts.fontFor(st.role, r); f != nil {
		return f, r
	}
	if unicode.Is(unicode.Zs, r) {
		if f := d.fonts.fontFor(st.role, ' '); f != nil {
			return f, ' '
		}
	}
	return nil, r
}

// runeWidth is r's advance in mm without tracking, from the font that draws it; a character
// no font has is drawn as a box a full em wide (half for a narrow character).
func (d *Doc) runeWidth(st lineStyle, r rune) float64 {
	if f, g := d.glyph(st, r); f != nil {
		return f.Width(g) * st.em()
	}
	return placeholderWidth(r) * st.em()
}

func placeholderWidth(r rune) float64 {
	if wide(r) {
		return 1
	}
	return 0.5
}

// wide tells characters that take a full em: Chinese, Japanese, Korean, full-width forms,
// pictographs.
func wide(r rune) bool {
	return breakAround(r) || isFullwidthAlnum(r) || unicode.Is(unicode.Han, r)
}

// measure returns the function BreakLines needs for a style: width in mm with tracking.
func (d *Doc) measure(st lineStyle) func(string) float64 {
	return func(s string) float64 {
		w := 0.0
		for _, r := range s {
			w += d.runeWidth(st, r) + st.track
		}
		return w
	}
}

// breaker breaks lines of a style; with words, between the words of the document's
// vocabulary only (titles, captions, tables, charts).
func (d *Doc) breaker(st lineStyle, words bool) lineBreaker {
	b := lineBreaker{width: func(r rune) float64 { return d.runeWidth(st, r) + st.track }}
	if words {
		b.words = d.words
	}
	return b
}

// run is a piece of a line in one font; font nil is a run of placeholders.
type run struct {
	font  *loaded
	text  string // as drawn
	orig  string // as given
	n     int    // characters
	width float64
}

func (d *Doc) runs(st lineStyle, s string) []run {
	var out []run
	for _, r := range s {
		f, g := d.glyph(st, r)
		var w float64
		if f != nil {
			w = f.Width(g) * st.em()
		} else {
			w = placeholderWidth(r) * st.em()
		}
		if len(out) > 0 && out[len(out)-1].font == f {
			last := &out[len(out)-1]
			last.text += string(g)
			last.orig += string(r)
			last.n++
			last.width += w
			continue
		}
		out = append(out, run{font: f, text: string(g), orig: string(r), n: 1, width: w})
	}
	return out
}

// use selects a face in gofpdf, registering it the first time it is drawn with.
func (d *Doc) use(f *loaded, size float64) {
	if f.pdfName == "" {
		f.pdfName = "f" + strconv.Itoa(d.registered)
		// gofpdf calls the font "utf8" + the family, lowercased; Output gives it its real name
		d.pdfFonts["utf8"+f.pdfName] = subsetName(f.PostScript, d.registered)
		d.registered++
		d.pdf.AddUTF8FontFromBytes(f.pdfName, "", f.TTF)
	}
	d.pdf.SetFont(f.pdfName, "", size)
}

// drawLine draws a line with its baseline at (x, base); extra is added after every character
// (justification). The line goes into the log as drawn.
func (d *Doc) drawLine(x, base float64, s string, st lineStyle, kind Kind, extra float64, row, col int) {
	table := 0
	if kind == KindTableCell || kind == KindTableHeader {
		table = d.tables
	}
	logged := []rune{}
	start := x
	k := 72 / 25.4
	for _, rn := range d.runs(st, s) {
		tc := st.track + extra
		if rn.font == nil {
			for _, r := range rn.orig {
				d.missing[r] = true
				logged = append(logged, Placeholder)
				w := placeholderWidth(r) * st.em()
				d.box(x, base, w, st)
				x += w + tc
			}
			continue
		}
		logged = append(logged, []rune(rn.orig)...)
		d.use(rn.font, st.size)
		c := st.color
		if c != (Color{}) {
			d.pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
		}
		wrapped := tc != 0 || st.bold
		if wrapped {
			// character spacing and the emulated bold are set in a saved graphics state, so
			// that gofpdf's own idea of the state stays right
			var b strings.Builder
			b.WriteString("q")
			if tc != 0 {
				b.WriteString(" " + num(tc*k) + " Tc")
			}
			if st.bold {
				b.WriteString(" 2 Tr " + num(st.size*0.03) + " w 1 j " +
					num(float64(c.R)/255) + " " + num(float64(c.G)/255) + " " + num(float64(c.B)/255) + " RG")
			}
			d.pdf.RawWriteStr(b.String())
		}
		d.pdf.Text(x, base, rn.text)
		if wrapped {
			d.pdf.RawWriteStr("Q")
		}
		if c != (Color{}) {
			d.pdf.SetTextColor(0, 0, 0)
		}
		x += rn.width + float64(rn.n)*tc
	}
	if kind != KindPageNumber {
		d.atTop = false
	}
	d.lines = append(d.lines, Line{
		Page: d.pages, Kind: kind, Role: st.role, Text: string(logged), Block: d.block,
		Table: table, Row: row, Col: col, X: start, Y: base, Color: st.color, Bold: st.bold,
	})
}

// box draws the placeholder for a missing character: an empty square on the baseline.
func (d *Doc) box(x, base, w float64, st lineStyle) {
	em := st.em()
	side := 0.72 * em
	bw := side
	if w < em {
		bw = 0.8 * w
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.04 * em)
	d.pdf.Rect(x+(w-bw)/2, base-0.78*em, bw, side, "D")
}

// num formats a number for the PDF content stream.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

// paraStyle is how a block of text is set.
type paraStyle struct {
	line        lineStyle
	pitch       float64 // mm from line to line
	align       Align
	indent      float64 // first line, mm
	rightIndent float64 // mm kept free on the right
	kind        Kind
	hold        bool // kept with what follows (headings): drawn with the next block
	balance     bool // lines as even as they can be, broken between words (titles)
}

// setText sets text: each "\n" starts a new paragraph (with its first-line indent); lines are
// broken by BreakLines' rules and drawn on the grid, starting pages as needed. Text kept with
// what follows waits for the next block (see beginBlock).
func (d *Doc) setText(text string, ps paraStyle) {
	if !d.ok() {
		return
	}
	defer d.guard("text")
	if ps.hold {
		d.block++
		d.held = append(d.held, heldBlock{text: text, ps: ps, block: d.block})
		return
	}
	d.page()
	paras := d.breakText(text, ps)
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	d.beginBlock(float64(min(n, 2)) * ps.pitch)
	d.drawText(paras, ps)
}

// breakText breaks text into paragraphs of lines for the current page's width.
func (d *Doc) breakText(text string, ps paraStyle) [][]brokenLine {
	width := d.w - ps.rightIndent
	br := d.breaker(ps.line, ps.balance)
	var out [][]brokenLine
	for _, para := range strings.Split(clean(text), "\n") {
		var lines []brokenLine
		if ps.balance && ps.indent == 0 {
			lines = br.balanced(para, width)
		} else {
			lines, _ = br.wrap(para, width-ps.indent, width)
		}
		out = append(out, lines)
	}
	return out
}

// drawText draws broken text from the current position.
func (d *Doc) drawText(paras [][]brokenLine, ps paraStyle) {
	d.flushGap()
	d.page()
	d.snap()
	width := d.w - ps.rightIndent
	m := d.measure(ps.line)
	for _, lines := range paras {
		for i, l := range lines {
			if d.room(ps.pitch) {
				d.snap()
			}
			x := d.x0
			lw := width
			if i == 0 {
				x += ps.indent
				lw -= ps.indent
			}
			extra := 0.0
			natural := m(l.text)
			switch ps.align {
			case AlignCenter:
				x += (lw - natural) / 2
			case AlignRight:
				x += lw - natural
			case AlignJustify:
				if n := utf8.RuneCountInString(l.text); !l.last && n > 1 {
					extra = (lw - natural) / float64(n-1)
					if extra > 0.5*ps.line.em() { // a line broken early before a long word
						extra = 0
					}
				}
			}
			d.drawLine(x, d.baseline(ps.line, ps.pitch), l.text, ps.line, ps.kind, extra, 0, 0)
			d.y += ps.pitch
		}
	}
}

// heldBlock is a heading (or text, or space) waiting to be drawn with what follows it.
type heldBlock struct {
	text   string
	ps     paraStyle
	spacer float64 // lines of space instead of text
	block  int
}

// beginBlock starts a block whose first part (two lines of a paragraph, a table's caption,
// header and first row, a chart) is lead mm high: the headings waiting for it are drawn first,
// on a new page when they and lead do not fit on this one — so that a heading never ends a
// page.
func (d *Doc) beginBlock(lead float64) {
	d.block++
	held := d.held
	d.held = nil
	if len(held) > 0 {
		d.flushGap()
		d.page()
		d.snap()
		paras := make([][][]brokenLine, len(held))
		h := 0.0
		for i, hb := range held {
			if hb.spacer > 0 {
				h += hb.spacer * LinePitch
				continue
			}
			paras[i] = d.breakText(hb.text, hb.ps)
			for _, p := range paras[i] {
				h += float64(len(p)) * hb.ps.pitch
			}
		}
		if d.y+h+lead > d.bottom()+1e-6 && !d.atTop {
			d.newPage()
		}
		block := d.block
		for i, hb := range held {
			d.block = hb.block
			if hb.spacer > 0 {
				d.spacer(hb.spacer)
				continue
			}
			d.drawText(paras[i], hb.ps)
		}
		d.block = block
	}
	d.flushGap()
	d.page()
}

// heldHeight is the height of what waits for the next block.
func (d *Doc) heldHeight() float64 {
	h := 0.0
	for _, hb := range d.held {
		if hb.spacer > 0 {
			h += hb.spacer * LinePitch
			continue
		}
		for _, p := range d.breakText(hb.text, hb.ps) {
			h += float64(len(p)) * hb.ps.pitch
		}
	}
	return h
}

// roomLeft is the height left on the current page for the next block, below what waits for
// it; on a page yet to start, a whole page less what waits.
func (d *Doc) roomLeft() float64 {
	held := d.heldHeight()
	if d.needPage || d.atTop {
		return d.h - held
	}
	y := d.y0 + math.Ceil((d.y-d.y0)/LinePitch-1e-6)*LinePitch + d.gap*LinePitch
	return math.Max(0, d.bottom()-y-held)
}

// releaseHeld draws what waits for a block that does not come (the end of the document).
func (d *Doc) releaseHeld() {
	if len(d.held) > 0 && d.ok() {
		defer d.guard("text")
		block := d.block
		d.beginBlock(0)
		d.block = block
	}
}

// baseline is where text sits in a line box of the given pitch starting at d.y: the em box
// centred in the line, the baseline at 0.86 em from the em box's top (an ideographic em box
// has about 0.88 above and 0.12 below the baseline).
func (d *Doc) baseline(st lineStyle, pitch float64) float64 {
	return d.y + (pitch-st.em())/2 + 0.86*st.em()
}

// gridTrack is the tracking that puts 28 characters of 3号 on a 156 mm line.
func gridTrack(size float64) float64 {
	if size != SizeBody {
		return 0
	}
	return CharPitch - SizeBody*mmPerPt
}

// Title sets the document's title: 2号 小标宋, centred, followed by an empty line. Its lines
// break between words only (the built-in vocabulary, Config.Words, dates, ordinals) and are
// as even as they can be (GB/T 9704: 回行时词意完整、排列对称); a "\n" in text forces a
// break there.
func (d *Doc) Title(text string) {
	st := lineStyle{role: RoleTitle, size: SizeTitle, bold: d.boldOf(RoleTitle)}
	d.setText(text, paraStyle{line: st, pitch: LinePitch * 1.2, align: AlignCenter, kind: KindTitle, balance: true})
	d.gap = 1
}

// Subtitle sets a centred line in 3号 楷体 under the title, such as the date the report is as
// of, followed by an empty line. Its lines break as the title's.
func (d *Doc) Subtitle(text string) {
	st := lineStyle{role: RoleHeading2, size: SizeBody, track: gridTrack(SizeBody)}
	d.gap = 0 // directly under the title
	d.setText(text, paraStyle{line: st, pitch: LinePitch, align: AlignCenter, kind: KindSubtitle, balance: true})
	d.gap = 1
}

// Heading sets a heading, indented two characters like the body, kept with what follows it
// (it moves to the next page unless two lines of a paragraph, a table's caption, header and
// first row, or a chart, fit under it):
// level 1 (“一、”) in 黑体, level 2 (“（一）”) in 楷体, levels 3 and 4 (“1.” “（1）”) in 仿宋.
// The caller writes the numbering.
func (d *Doc) Heading(level int, text string) {
	role := RoleBody
	switch level {
	case 1:
		role = RoleHeading1
	case 2:
		role = RoleHeading2
	}
	st := lineStyle{role: role, size: SizeBody, track: gridTrack(SizeBody), bold: d.boldOf(role)}
	d.setText(text, paraStyle{line: st, pitch: LinePitch, align: AlignJustify, indent: 2 * CharPitch, kind: KindHeading, hold: true})
}

// Paragraph sets body text: 3号 仿宋, first line indented two characters, justified, 22 lines
// of 28 characters to the page. Each "\n" starts a new paragraph.
func (d *Doc) Paragraph(text string) {
	st := lineStyle{role: RoleBody, size: SizeBody, track: gridTrack(SizeBody)}
	d.setText(text, paraStyle{line: st, pitch: LinePitch, align: AlignJustify, indent: 2 * CharPitch, kind: KindParagraph})
}

// TextOptions sets text outside the usual blocks: a signature (落款) set right with four
// characters free, a note in a smaller size.
type TextOptions struct {
	Role        Role
	Size        float64 // pt; 0: 3号
	Align       Align
	Indent      float64 // first-line indent, in characters of the size
	RightIndent float64 // characters kept free at the right
	Bold        bool    // emulated by stroking the outlines
	// KeepWithNext keeps the text on the page of what follows it, as a heading is.
	KeepWithNext bool
	// Balanced breaks lines as a title's: between words only, as even as they can be (an
	// annex's title, say). With an Indent the lines are broken between words but not evened.
	Balanced bool
}

// Text sets text with the given options; each "\n" starts a new paragraph. Text of 3号 is on
// the grid; other sizes use 1.5 times their size from line to line.
func (d *Doc) Text(text string, o TextOptions) {
	size := o.Size
	if size <= 0 {
		size = SizeBody
	}
	st := lineStyle{role: o.Role, size: size, track: gridTrack(size), bold: o.Bold}
	char := size * mmPerPt
	pitch := 1.5 * char
	if size == SizeBody {
		char, pitch = CharPitch, LinePitch
	}
	if o.Role < 0 || o.Role >= numRoles {
		st.role = RoleBody
	}
	d.setText(text, paraStyle{line: st, pitch: pitch, align: o.Align, indent: o.Indent * char, rightIndent: o.RightIndent * char, kind: KindText, balance: o.Balanced, hold: o.KeepWithNext})
}

// boldOf tells whether a role's font is a substitute to be thickened.
func (d *Doc) boldOf(r Role) bool { return d.fonts.choice[r].FakeBold }

// flushGap leaves the space a title asked for below it, before what follows.
func (d *Doc) flushGap() {
	if g := d.gap; g > 0 {
		d.gap = 0
		d.Spacer(g)
	}
}

// Spacer leaves empty lines of the grid. At the top of a page it leaves nothing.
func (d *Doc) Spacer(lines float64) {
	if len(d.held) > 0 && lines > 0 && d.ok() {
		d.held = append(d.held, heldBlock{spacer: lines, block: d.block})
		return
	}
	d.flushGap()
	d.spacer(lines)
}

func (d *Doc) spacer(lines float64) {
	if !d.ok() || d.needPage || d.atTop {
		return
	}
	d.snap()
	d.y += lines * LinePitch
	if d.y > d.bottom() {
		d.y = d.bottom()
	}
}
