package typeset

import (
	"fmt"
	"math"
	"strings"
)

// Table is a table that may run over pages. Every cell is broken into lines by BreakLines'
// rules, between words (the document's vocabulary, see Config.Words) where the column allows;
// a row is as tall as its tallest cell (a whole row is centred vertically). The header row is
// drawn again at the top of every page the table continues on, under the Continued label if
// there is one. A row of up to six lines is never split across pages: it moves to the next
// page whole. A longer row that does not fit the space left is split line by line, at least
// two of its lines on either side of the break, the rest continuing under the header on the
// next page. Nothing goes below the type area.
//
// Columns without a Width share the width the fixed columns leave by their Weight, but none is
// narrower than the longest word of its header and cells (so that a header never breaks
// inside a word when the page is wide enough); when the words of the cells do not all fit
// the page, only the headers' count, and when not even those do, the weights alone.
type Table struct {
	// Caption (表题) is set above the table, centred, in 黑体.
	Caption string
	// Continued (e.g. "续表", "续表1") is set where the caption is on every page the table
	// continues on; "": nothing.
	Continued string
	Columns   []Column
	// Rows are the cells, one slice per row; a short row is filled with empty cells.
	Rows [][]Cell
	// FontSize is the cells' size in pt; 0: 小四 (12 pt). Headers are set in 黑体.
	FontSize   float64
	HeaderFill *Color
	// Progress, when not nil, is told how many rows have been set, every 256 rows and at
	// the end (long tables take most of a long report's time).
	Progress func(rows int)
}

// KeepRowLines is the most lines a table row may have and still never be split across pages.
const KeepRowLines = 6

// Column is a table column.
type Column struct {
	Header string
	// Width in mm; 0: a share of the width the fixed columns leave, by Weight, and at least
	// the longest word of the column.
	Width  float64
	Weight float64 // 0 counts as 1
	Align  Align   // of the cells; headers are centred
}

// Cell is a table cell. Its text is broken into lines by BreakLines; "\n" breaks a line.
type Cell struct {
	Text string
	Fill *Color // background, for the status lights
	// Color is the text's colour; nil: white on a dark Fill, else black (so that "红" on red
	// stays readable in colour and in grey-scale print).
	Color *Color
	Bold  bool // emulated by stroking the outlines (a totals row, a status light)
}

// Cells makes a row of plain cells.
func Cells(texts ...string) []Cell {
	out := make([]Cell, len(texts))
	for i, t := range texts {
		out[i] = Cell{Text: t}
	}
	return out
}

const (
	cellPadX    = 1.5 // mm
	cellPadY    = 1.2
	cellLeading = 1.3 // line pitch over type size
	ruleWidth   = 0.2 // mm
)

// tableLayout is a table measured for the current page width.
type tableLayout struct {
	x      float64
	widths []float64
	aligns []Align
	st     lineStyle // cells
	hst    lineStyle // header
	pitch  float64
	header [][]brokenLine
	headH  float64
	hmeta  []Cell // the header cells' fills
	br     lineBreaker
	// continued is set above the header on the pages the table continues on
	continued string
}

// Table sets a table from the current position.
func (d *Doc) Table(t Table) {
	if !d.ok() {
		return
	}
	defer d.guard("table")
	d.tables++
	lay, err := d.layoutTable(t)
	if err != nil {
		d.fail(err)
		return
	}
	rowLines := func(ri int) ([][]brokenLine, []Cell, int) {
		row := t.Rows[ri]
		cells := make([][]brokenLine, len(lay.widths))
		meta := make([]Cell, len(lay.widths))
		n := 1
		for ci := range lay.widths {
			if ci < len(row) {
				meta[ci] = row[ci]
			}
			cells[ci] = lay.br.cellLines(clean(meta[ci].Text), lay.widths[ci]-2*cellPadX)
			n = max(n, len(cells[ci]))
		}
		return cells, meta, n
	}
	// the caption, the header and the first row (its first two lines when it may be split)
	// go together
	var first [][]brokenLine
	var firstMeta []Cell
	firstN := 0
	if len(t.Rows) > 0 {
		first, firstMeta, firstN = rowLines(0)
	}
	capH := d.captionHeight(t.Caption)
	lead := capH + lay.headH + lay.rowHeight(firstN)
	d.beginBlock(lead)
	d.room(lead)
	if t.Caption != "" {
		d.drawCaption(t.Caption)
	}
	d.tableHeader(lay)
	for ri := range t.Rows {
		cells, meta, n := first, firstMeta, firstN
		if ri > 0 {
			cells, meta, n = rowLines(ri)
		}
		d.tableRow(lay, ri, cells, meta, n)
		if d.err != nil {
			return
		}
		if t.Progress != nil && (ri+1)%256 == 0 {
			t.Progress(ri + 1)
		}
	}
	if t.Progress != nil {
		t.Progress(len(t.Rows))
	}
	d.y += 2 // a little air below the table before the text grid resumes
}

// rowHeight is what must fit for a row of n lines to start on a page: all of it when it may
// not be split, else two lines.
func (lay *tableLayout) rowHeight(n int) float64 {
	if n == 0 {
		return 0
	}
	if n > KeepRowLines {
		n = 2
	}
	return float64(n)*lay.pitch + 2*cellPadY
}

// captionHeight is the height of a table caption (or continued label), 0 for none.
func (d *Doc) captionHeight(text string) float64 {
	if text == "" {
		return 0
	}
	cst := d.captionStyle()
	lines := d.breaker(cst, true).balanced(clean(text), d.w)
	return float64(len(lines)) * cst.em() * 1.6
}

// drawCaption sets a table caption centred at the current position.
func (d *Doc) drawCaption(text string) {
	cst := d.captionStyle()
	capPitch := cst.em() * 1.6
	m := d.measure(cst)
	for _, l := range d.breaker(cst, true).balanced(clean(text), d.w) {
		d.drawLine(d.x0+(d.w-m(l.text))/2, d.baseline(cst, capPitch), l.text, cst, KindCaption, 0, 0, 0)
		d.y += capPitch
	}
}

func (d *Doc) layoutTable(t Table) (*tableLayout, error) {
	if len(t.Columns) == 0 {
		return nil, fmt.Errorf("table %d: no columns", d.tables)
	}
	for ri, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return nil, fmt.Errorf("table %d: row %d has %d cells for %d columns", d.tables, ri+1, len(row), len(t.Columns))
		}
	}
	d.page() // the width is the page's (a landscape section may be starting)
	size := t.FontSize
	if size <= 0 {
		size = SizeTable
	}
	lay := &tableLayout{
		st:        lineStyle{role: RoleTable, size: size},
		hst:       lineStyle{role: RoleHeading1, size: size, bold: d.boldOf(RoleHeading1)},
		pitch:     size * mmPerPt * cellLeading,
		continued: t.Continued,
	}
	lay.br = d.breaker(lay.st, true)
	hbr := d.breaker(lay.hst, true)
	for _, c := range t.Columns {
		if c.Width < 0 || c.Weight < 0 || math.IsNaN(c.Width+c.Weight) || math.IsInf(c.Width+c.Weight, 0) {
			return nil, fmt.Errorf("table %d: column %q: bad width", d.tables, c.Header)
		}
	}
	// the longest words of the headers and of the cells, by column
	headMin := make([]float64, len(t.Columns))
	cellMin := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		for _, seg := range strings.Split(clean(c.Header), "\n") {
			headMin[i] = math.Max(headMin[i], hbr.longestPiece(seg)+2*cellPadX)
		}
		cellMin[i] = headMin[i]
	}
	for _, row := range t.Rows {
		for i, c := range row {
			for _, seg := range strings.Split(clean(c.Text), "\n") {
				// a piece wider than a quarter of the page is not a word to make room for
				cellMin[i] = math.Max(cellMin[i], math.Min(lay.br.longestPiece(seg)+2*cellPadX, d.w/4))
			}
		}
	}
	widths, err := columnWidths(t.Columns, d.w, cellMin, headMin)
	if err != nil {
		return nil, fmt.Errorf("table %d: %w", d.tables, err)
	}
	total := 0.0
	for i, c := range t.Columns {
		w := widths[i]
		if w < 2*cellPadX+size*mmPerPt {
			return nil, fmt.Errorf("table %d: column %q is too narrow (%.1f mm)", d.tables, c.Header, w)
		}
		total += w
		lay.widths = append(lay.widths, w)
		lay.aligns = append(lay.aligns, c.Align)
	}
	lay.x = d.x0 + (d.w-total)/2
	n := 1
	for i, c := range t.Columns {
		var h []brokenLine
		for _, seg := range strings.Split(clean(c.Header), "\n") {
			h = append(h, hbr.balanced(seg, lay.widths[i]-2*cellPadX)...)
		}
		lay.header = append(lay.header, h)
		n = max(n, len(h))
	}
	lay.headH = float64(n)*lay.pitch + 2*cellPadY
	lay.hmeta = make([]Cell, len(lay.widths))
	for i := range lay.hmeta {
		lay.hmeta[i].Fill = t.HeaderFill
	}
	if d.captionHeight(t.Continued)+lay.headH+lay.pitch+2*cellPadY > d.h {
		return nil, fmt.Errorf("table %d: the header row does not fit a page", d.tables)
	}
	return lay, nil
}

// columnWidths shares the page width among the columns. Fixed columns keep their Width; the
// others share the rest by weight, each at least its minimum: the longest word of its cells
// (cellMin) when those all fit, else of its header (headMin), else nothing.
func columnWidths(cols []Column, page float64, cellMin, headMin []float64) ([]float64, error) {
	fixed, weights := 0.0, 0.0
	wt := make([]float64, len(cols))
	for i, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
			continue
		}
		wt[i] = c.Weight
		if wt[i] == 0 {
			wt[i] = 1
		}
		weights += wt[i]
	}
	if fixed > page+0.01 {
		return nil, fmt.Errorf("columns are %.1f mm wide, the page has %.1f mm", fixed, page)
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = c.Width
	}
	if weights == 0 {
		return out, nil
	}
	free := page - fixed
	for _, mins := range [][]float64{cellMin, headMin, nil} {
		need := 0.0
		for i := range cols {
			if wt[i] > 0 && mins != nil {
				need += mins[i]
			}
		}
		if need > free+1e-9 {
			continue
		}
		// water-filling: a column whose share is below its minimum gets its minimum, and the
		// others share what is left, until every share is at least its minimum
		pinned := make([]bool, len(cols))
		for {
			left, w := free, 0.0
			for i := range cols {
				if wt[i] == 0 {
					continue
				}
				if pinned[i] {
					left -= mins[i]
				} else {
					w += wt[i]
				}
			}
			changed := false
			for i := range cols {
				if wt[i] == 0 || pinned[i] {
					continue
				}
				out[i] = left * wt[i] / w
				if mins != nil && out[i] < mins[i]-1e-9 {
					pinned[i], changed = true, true
				}
			}
			if !changed {
				break
			}
		}
		for i := range cols {
			if pinned[i] {
				out[i] = mins[i]
			}
		}
		break
	}
	return out, nil
}

// cellLines breaks a cell's text; an empty cell has one empty line.
func (b lineBreaker) cellLines(text string, width float64) []brokenLine {
	var out []brokenLine
	for _, seg := range strings.Split(text, "\n") {
		lines, _ := b.wrap(seg, width, width)
		out = append(out, lines...)
	}
	return out
}

// tableHeader draws the header row at the current position.
func (d *Doc) tableHeader(lay *tableLayout) {
	n := 0
	for _, h := range lay.header {
		n = max(n, len(h))
	}
	d.cellsPart(lay, lay.header, lay.hmeta, 0, n, lay.headH, true, KindTableHeader, 0)
	d.y += lay.headH
}

// tableRow draws a row of n lines, splitting it across pages when it does not fit and is
// longer than KeepRowLines.
func (d *Doc) tableRow(lay *tableLayout, ri int, cells [][]brokenLine, meta []Cell, n int) {
	start := 0
	for start < n {
		avail := d.bottom() - d.y
		rem := n - start
		if need := float64(rem)*lay.pitch + 2*cellPadY; need <= avail+1e-6 {
			d.cellsPart(lay, cells, meta, start, n, need, start == 0, KindTableCell, ri)
			d.y += need
			return
		}
		fit := int(math.Floor((avail - 2*cellPadY + 1e-6) / lay.pitch))
		if rem-fit < 2 { // leave at least two lines for the next page
			fit = rem - 2
		}
		fresh := d.y <= d.y0+d.captionHeight(lay.continued)+lay.headH+1e-6 // only the header is on this page
		// a row that may not be split, or a split that would leave less than two lines here,
		// goes to the next page whole — unless this page is already fresh (the row is taller
		// than a page)
		if !fresh && (fit < 2 || (start == 0 && n <= KeepRowLines)) {
			d.tablePage(lay)
			continue
		}
		if fit < 1 {
			fit = int(math.Floor((avail - 2*cellPadY + 1e-6) / lay.pitch))
		}
		if fit < 1 {
			d.fail(fmt.Errorf("table %d: a line of row %d does not fit a page", d.tables, ri+1))
			return
		}
		h := float64(fit)*lay.pitch + 2*cellPadY
		d.cellsPart(lay, cells, meta, start, start+fit, h, false, KindTableCell, ri)
		d.y += h
		start += fit
		d.tablePage(lay)
	}
}

// tablePage continues the table on a new page, under its continued label and header row.
func (d *Doc) tablePage(lay *tableLayout) {
	d.newPage()
	if lay.continued != "" {
		d.drawCaption(lay.continued)
	}
	d.tableHeader(lay)
}

// cellsPart draws lines [from, to) of every cell of a row in a band of height h: fills,
// borders, text. A whole row is centred vertically; a part of a split row is set from the top.
func (d *Doc) cellsPart(lay *tableLayout, cells [][]brokenLine, meta []Cell, from, to int, h float64, whole bool, kind Kind, ri int) {
	x := lay.x
	for ci, w := range lay.widths {
		st := lay.st
		if kind == KindTableHeader {
			st = lay.hst
		}
		st.bold = st.bold || meta[ci].Bold
		m := d.measure(st)
		if c := meta[ci].Fill; c != nil {
			d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
			d.pdf.Rect(x, d.y, w, h, "F")
			st.color = labelColor(*c)
		}
		if c := meta[ci].Color; c != nil {
			st.color = *c
		}
		lines := cells[ci]
		lo, hi := min(from, len(lines)), min(to, len(lines))
		top := d.y + cellPadY
		if whole || kind == KindTableHeader {
			top += (h - 2*cellPadY - float64(hi-lo)*lay.pitch) / 2
		}
		align := lay.aligns[ci]
		if kind == KindTableHeader {
			align = AlignCenter
		}
		for i := lo; i < hi; i++ {
			l := lines[i]
			lw := w - 2*cellPadX
			tx := x + cellPadX
			natural := m(l.text)
			extra := 0.0
			switch align {
			case AlignCenter:
				tx += (lw - natural) / 2
			case AlignRight:
				tx += lw - natural
			case AlignJustify:
				if n := len([]rune(l.text)); !l.last && n > 1 {
					extra = (lw - natural) / float64(n-1)
					if extra > 0.5*st.em() {
						extra = 0
					}
				}
			}
			base := top + float64(i-lo)*lay.pitch + (lay.pitch-st.em())/2 + 0.86*st.em()
			d.drawLine(tx, base, l.text, st, kind, extra, ri, ci)
		}
		x += w
	}
	// borders over the fills
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(ruleWidth)
	x = lay.x
	for _, w := range lay.widths {
		d.pdf.Rect(x, d.y, w, h, "D")
		x += w
	}
	d.atTop = false
}
