package docx

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean makes text safe to write: invalid UTF-8 becomes U+FFFD, line ends become "\n",
// control characters other than tab and newline are left out, and so are U+FFFE and U+FFFF,
// which XML cannot hold. Characters outside the BMP are kept (Word draws them).
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case unsafeRune(r):
			return -1
		}
		return r
	}, s)
}

func unsafeRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r == 0x7F || r >= 0x80 && r <= 0x9F ||
		r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r <= 0xDFFF
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	if !strings.ContainsAny(s, "<>&\"'") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// run is a piece of text in one font and size.
type run struct {
	text  string // cleaned; "\n" is written as a line break, "\t" as a tab
	font  string
	size  float64 // pt
	bold  bool
	color *Color
	// condense is w:spacing, in twips: text on the grid is set 0.25 pt tighter (see gridRun)
	condense int
	raw      string // written as it is inside w:r, after w:rPr (a drawing, a field character)
}

// para is a paragraph of the body (or of a cell).
type para struct {
	style           string
	keepNext        bool
	pageBreakBefore bool
	line            int    // line spacing in twips; 0: the style's
	lineRule        string // "exact" (the default when line is set) or "auto"
	firstLine       int    // twips
	firstLineChars  int    // 1/100 character
	left, right     int    // twips
	rightChars      int
	align           Align
	alignSet        bool
	outline         int // 1-based outline level; 0: none
	mark            run // the paragraph mark's font and size
	runs            []run
	sect            *section // a section ends with this paragraph
}

// tinyPara is a paragraph a point high, to carry a section break or a page break before a
// table.
func tinyPara() *para {
	return &para{line: 20, mark: run{size: 1}}
}

// spacerPara is empty lines of body text.
func spacerPara(lines float64, font string) *para {
	return &para{line: int(math.Round(lines * linePitch)), mark: run{font: font, size: SizeBody}}
}

// writeRun writes a run; "\n" becomes w:br and "\t" w:tab.
func writeRun(b *strings.Builder, r run) {
	if r.raw != "" {
		b.WriteString("<w:r>")
		writeRPr(b, r)
		b.WriteString(r.raw)
		b.WriteString("</w:r>")
		return
	}
	if r.text == "" {
		return
	}
	b.WriteString("<w:r>")
	writeRPr(b, r)
	start := 0
	flush := func(end int) {
		if end > start {
			b.WriteString(`<w:t xml:space="preserve">`)
			b.WriteString(esc(r.text[start:end]))
			b.WriteString("</w:t>")
		}
	}
	for i := 0; i < len(r.text); i++ {
		switch r.text[i] {
		case '\n':
			flush(i)
			b.WriteString("<w:br/>")
			start = i + 1
		case '\t':
			flush(i)
			b.WriteString("<w:tab/>")
			start = i + 1
		}
	}
	flush(len(r.text))
	b.WriteString("</w:r>")
}

// writeRPr writes a run's properties. Every run names its font for all four scripts, and
// says it is East Asian text: WPS and Word would otherwise take a theme font or the style's.
func writeRPr(b *strings.Builder, r run) {
	b.WriteString("<w:rPr>")
	writeFonts(b, r.font)
	if r.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if r.color != nil {
		b.WriteString(`<w:color w:val="` + r.color.hex() + `"/>`)
	}
	if r.condense != 0 {
		b.WriteString(`<w:spacing w:val="` + strconv.Itoa(r.condense) + `"/>`)
	}
	hp := strconv.Itoa(halfPoints(r.size))
	b.WriteString(`<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/>`)
	b.WriteString(`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`)
	b.WriteString("</w:rPr>")
}

func writeFonts(b *strings.Builder, font string) {
	f := esc(font)
	b.WriteString(`<w:rFonts w:ascii="` + f + `" w:hAnsi="` + f + `" w:eastAsia="` + f + `" w:cs="` + f + `" w:hint="eastAsia"/>`)
}

// writePara writes a paragraph; sectPr writes a section's properties.
func writePara(b *strings.Builder, p *para, sectPr func(*strings.Builder, section)) {
	b.WriteString("<w:p><w:pPr>")
	if p.style != "" {
		b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if p.pageBreakBefore {
		b.WriteString("<w:pageBreakBefore/>")
	}
	b.WriteString(`<w:snapToGrid w:val="0"/>`) // no paragraph on the grid: see bodyPara
	if p.line > 0 {
		rule := p.lineRule
		if rule == "" {
			rule = "exact"
		}
		b.WriteString(`<w:spacing w:before="0" w:after="0" w:line="` + strconv.Itoa(p.line) + `" w:lineRule="` + rule + `"/>`)
	}
	if p.firstLine != 0 || p.left != 0 || p.right != 0 {
		b.WriteString("<w:ind")
		if p.left != 0 {
			b.WriteString(` w:left="` + strconv.Itoa(p.left) + `"`)
		}
		if p.right != 0 {
			b.WriteString(` w:right="` + strconv.Itoa(p.right) + `"`)
			if p.rightChars != 0 {
				b.WriteString(` w:rightChars="` + strconv.Itoa(p.rightChars) + `"`)
			}
		}
		if p.firstLine != 0 {
			b.WriteString(` w:firstLine="` + strconv.Itoa(p.firstLine) + `"`)
			if p.firstLineChars != 0 {
				b.WriteString(` w:firstLineChars="` + strconv.Itoa(p.firstLineChars) + `"`)
			}
		}
		b.WriteString("/>")
	}
	if p.alignSet {
		b.WriteString(`<w:jc w:val="` + p.align.jc() + `"/>`)
	}
	if p.outline > 0 {
		b.WriteString(`<w:outlineLvl w:val="` + strconv.Itoa(p.outline-1) + `"/>`)
	}
	mark := p.mark
	if mark.size == 0 && len(p.runs) > 0 {
		mark = p.runs[0]
	}
	if mark.size > 0 {
		mark.text, mark.raw, mark.color = "", "", nil
		if mark.font == "" {
			mark.font = "宋体"
		}
		writeRPr(b, mark)
	}
	if p.sect != nil {
		sectPr(b, *p.sect)
	}
	b.WriteString("</w:pPr>")
	for _, r := range p.runs {
		writeRun(b, r)
	}
	b.WriteString("</w:p>")
}

// textPara makes a paragraph of one run.
func (d *Doc) textPara(text string, role Role, size float64, bold bool) *para {
	r := run{text: text, font: d.fonts[role], size: size, bold: bold}
	return &para{runs: []run{r}, mark: r}
}

// bodyPara makes a paragraph of 3号 text, 28 characters to the line and 22 lines to the page.
//
// The section declares GB/T 9704's grid (w:docGrid linesAndChars: 29 pt lines, 28 characters),
// which Word and WPS show in their page setup, but no paragraph snaps to it (w:snapToGrid 0,
// everywhere): LibreOffice 7.4 gives every character wider than the grid's pitch (15.79 pt) two
// cells, spreading 3号 text to 14 characters a line, and does so for some lines even when the
// characters are narrower. The layout holds without the grid: the lines are exactly 29 pt
// apart, and the characters are set 0.4 pt tighter than their size, 15.6 pt, so that 28 fit
// the 156 mm line in every program, with room for LibreOffice's rounding (it narrows the line
// to 28 of its grid cells, 441 pt, and centres it). Justified lines are spread to the full
// width; internal/typeset sets 3号 a little tighter for the same reason.
func (d *Doc) bodyPara(text string, role Role, bold bool) *para {
	p := d.textPara(text, role, SizeBody, bold)
	p.runs[0].condense, p.mark.condense = bodyCondense, bodyCondense
	p.line = linePitch
	return p
}

const bodyCondense = -8 // twips

// paragraphs splits text at "\n" into paragraphs, as internal/typeset does: each starts with
// its own first-line indent. Empty pieces are empty paragraphs.
func paragraphs(text string) []string { return strings.Split(clean(text), "\n") }

// Title sets the document's title: 2号 小标宋, centred, followed by an empty line. A title
// longer than a line is broken into lines of even length (GB/T 9704: 排列对称), as
// internal/typeset does; a "\n" breaks it where the caller wants instead.
func (d *Doc) Title(text string) {
	if d.err != nil {
		return
	}
	p := d.textPara(balanceTitle(clean(text), float64(d.areaWidth())/(SizeTitle*twipsPerPt)), RoleTitle, SizeTitle, false)
	p.style, p.line = "Title", int(math.Round(1.2*linePitch))
	p.align, p.alignSet = AlignCenter, true
	d.add(p)
	d.gap = 1
}

// Subtitle sets a centred line in 3号 楷体 under the title, such as the date the report is as
// of, followed by an empty line.
func (d *Doc) Subtitle(text string) {
	if d.err != nil {
		return
	}
	d.gap = 0 // directly under the title
	p := d.bodyPara(clean(text), RoleHeading2, false)
	p.style = "Subtitle"
	p.align, p.alignSet = AlignCenter, true
	d.add(p)
	d.gap = 1
}

// Heading sets a heading, indented two characters like the body, kept with the paragraph after
// it: level 1 (“一、”) in 黑体, level 2 (“（一）”) in 楷体, levels 3 and 4 (“1.” “（1）”) in 仿宋.
// The caller writes the numbering. Each "\n" starts a new paragraph.
func (d *Doc) Heading(level int, text string) {
	if d.err != nil {
		return
	}
	level = min(max(level, 1), 4)
	role := RoleBody
	switch level {
	case 1:
		role = RoleHeading1
	case 2:
		role = RoleHeading2
	}
	for _, t := range paragraphs(text) {
		p := d.bodyPara(t, role, false)
		p.style, p.keepNext, p.outline = "Heading"+strconv.Itoa(level), true, level
		p.firstLine, p.firstLineChars = int(math.Round(2*charPitch())), 200
		p.align, p.alignSet = AlignJustify, true
		d.add(p)
	}
}

// Paragraph sets body text: 3号 仿宋, first line indented two characters, justified, 22 lines
// of 28 characters to the page. Each "\n" starts a new paragraph.
func (d *Doc) Paragraph(text string) {
	if d.err != nil {
		return
	}
	for _, t := range paragraphs(text) {
		p := d.bodyPara(t, RoleBody, false)
		p.firstLine, p.firstLineChars = int(math.Round(2*charPitch())), 200
		p.align, p.alignSet = AlignJustify, true
		d.add(p)
	}
}

// TextOptions sets text outside the usual blocks: a signature (落款) set right with four
// characters free, a note in a smaller size.
type TextOptions struct {
	Role        Role
	Size        float64 // pt; 0: 3号
	Align       Align
	Indent      float64 // first-line indent, in characters of the size
	RightIndent float64 // characters kept free at the right
	Bold        bool
	// KeepWithNext keeps the text on the page of the paragraph after it (w:keepNext), as a
	// heading is: the lines of a signature, say.
	KeepWithNext bool
}

// Text sets text with the given options; each "\n" starts a new paragraph. Text of 3号 is set
// like the body, 28 characters to the line and 29 pt from line to line; other sizes use 1.5
// times their size from line to line.
func (d *Doc) Text(text string, o TextOptions) {
	if d.err != nil {
		return
	}
	size := o.Size
	if size <= 0 || math.IsNaN(size) || size > 200 {
		size = SizeBody
	}
	role := o.Role
	if role < 0 || role >= numRoles {
		role = RoleBody
	}
	char := size * twipsPerPt
	line := int(math.Round(1.5 * size * twipsPerPt))
	onGrid := size == SizeBody // 3号: the body's 28 characters and 22 lines
	if onGrid {
		char, line = charPitch(), linePitch
	}
	indent, right := clampChars(o.Indent), clampChars(o.RightIndent)
	for _, t := range paragraphs(text) {
		p := d.textPara(t, role, size, o.Bold)
		if onGrid {
			p = d.bodyPara(t, role, o.Bold)
		}
		p.line = line
		p.firstLine, p.right = int(math.Round(indent*char)), int(math.Round(right*char))
		if onGrid { // in characters too, so that Word's paragraph dialog shows 2 字符
			p.firstLineChars, p.rightChars = int(math.Round(indent*100)), int(math.Round(right*100))
		}
		p.align, p.alignSet = o.Align, true
		p.keepNext = o.KeepWithNext
		d.add(p)
	}
}

func clampChars(n float64) float64 {
	if n < 0 || math.IsNaN(n) {
		return 0
	}
	return min(n, 20)
}

// balanceTitle breaks a title wider than a line of perLine ems into the fewest lines it needs,
// as even as they can be, with "\n" (written as w:br): a Chinese character is an em wide,
// other characters half of one. A line does not start with closing punctuation nor end with
// opening punctuation, and a Latin word or a number is not broken. A title with "\n" of its
// own, or one that cannot be broken so, is left to the word processor.
func balanceTitle(s string, perLine float64) string {
	if strings.Contains(s, "\n") {
		return s
	}
	rs := []rune(s)
	cum := make([]float64, len(rs)+1) // width before rune i
	for i, r := range rs {
		w := 0.5
		if wide(r) {
			w = 1
		}
		cum[i+1] = cum[i] + w
	}
	total := cum[len(rs)]
	limit := math.Floor(perLine) // whole characters: the line must hold them with room
	if total <= limit {
		return s
	}
	for k := int(math.Ceil(total / limit)); k <= int(math.Ceil(total/limit))+2; k++ {
		breaks, ok := []int{}, true
		prev := 0
		for j := 1; j < k && ok; j++ {
			ideal := total * float64(j) / float64(k)
			best := -1
			for p := prev + 1; p < len(rs); p++ {
				if cum[p]-cum[prev] > limit {
					break
				}
				if !titleBreak(rs[p-1], rs[p]) {
					continue
				}
				if best < 0 || math.Abs(cum[p]-ideal) < math.Abs(cum[best]-ideal) {
					best = p
				}
			}
			if best < 0 {
				ok = false
				break
			}
			breaks = append(breaks, best)
			prev = best
		}
		if !ok || total-cum[prev] > limit {
			continue
		}
		var b strings.Builder
		last := 0
		for _, p := range breaks {
			b.WriteString(string(rs[last:p]))
			b.WriteByte('\n')
			last = p
		}
		b.WriteString(string(rs[last:]))
		return b.String()
	}
	return s
}

// titleBreak tells whether a title may break between p and n.
func titleBreak(p, n rune) bool {
	switch {
	case strings.ContainsRune(noLineBreaksBefore, n), strings.ContainsRune(noLineBreaksAfter, p):
		return false
	case p == n && (p == '—' || p == '…'):
		return false
	case !wide(p) && !wide(n): // inside a Latin word or a number
		return false
	case unicode.IsDigit(p) && unicode.Is(unicode.Han, n): // 2023年
		return false
	case p == ' ' || n == ' ':
		return false
	}
	return true
}
