package typeset

import (
	"fmt"
	"math"
	"strings"
)

// Table is a table that may run over pages. Every cell is broken into lines by BreakLines; a
// row is as tall as its tallest cell (a whole row is centred vertically). The header row is
// drawn again at the top of every page the table continues on. A row that does not fit the
// space left is split line by line across the page break, the rest continuing under the header
// on the next page — unless it is short (three lines or fewer) or fewer than two of its lines
// would fit, when it moves to the next page whole. Nothing goes below the type area.
type Table struct {
	// Caption (表题) is set above the table, centred, in 黑体.
	Caption string
	Columns []Column
	// Rows are the cells, one slice per row; a short row is filled with empty cells.
	Rows [][]Cell
	// FontSize is the cells' size in pt; 0: 小四 (12 pt). Headers are set in 黑体.
	FontSize   float64
	HeaderFill *Color
}

// Column is a table column.
type Column struct {
	Header string
	// Width in mm; 0: a share of the width the fixed columns leave, by Weight.
	Width  float64
	Weight float64 // 0 counts as 1
	Align  Align   // of the cells; headers are centred
}

// Cell is a table cell. Its text is broken into lines by BreakLines; "\n" breaks a line.
type Cell struct {
	Text string
	Fill *Color // background, for the status lights
	Bold bool   // emulated by stroking the outlines (a totals row, say)
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
}

// Table sets a table from the current position.
func (d *Doc) Table(t Table) {
	if !d.ok() {
		return
	}
	defer d.guard("table")
	d.block++
	d.tables++
	d.flushGap()
	d.page()
	lay, err := d.layoutTable(t)
	if err != nil {
		d.fail(err)
		return
	}
	// the caption, the header and the first two lines of the first row go together
	if t.Caption != "" {
		cst := d.captionStyle()
		capPitch := cst.em() * 1.6
		firstRow := 2*lay.pitch + 2*cellPadY
		if d.room(capPitch + lay.headH + firstRow) {
			d.y = d.y0
		}
		m := d.measure(cst)
		for _, l := range wrap(clean(t.Caption), d.w, d.w, m) {
			d.drawLine(d.x0+(d.w-m(l.text))/2, d.baseline(cst, capPitch), l.text, cst, KindCaption, 0, 0, 0)
			d.y += capPitch
		}
	} else {
		d.room(lay.headH + 2*lay.pitch + 2*cellPadY)
	}
	d.tableHeader(lay)
	for ri, row := range t.Rows {
		cells := make([][]brokenLine, len(lay.widths))
		meta := make([]Cell, len(lay.widths))
		n := 1
		for ci := range lay.widths {
			if ci < len(row) {
				meta[ci] = row[ci]
			}
			cells[ci] = cellLines(clean(meta[ci].Text), lay.widths[ci]-2*cellPadX, d.measure(lay.st))
			n = max(n, len(cells[ci]))
		}
		d.tableRow(lay, ri, cells, meta, n)
		if d.err != nil {
			return
		}
	}
	d.y += 2 // a little air below the table before the text grid resumes
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
	size := t.FontSize
	if size <= 0 {
		size = SizeTable
	}
	lay := &tableLayout{
		st:    lineStyle{role: RoleTable, size: size},
		hst:   lineStyle{role: RoleHeading1, size: size, bold: d.boldOf(RoleHeading1)},
		pitch: size * mmPerPt * cellLeading,
	}
	fixed, weights := 0.0, 0.0
	for _, c := range t.Columns {
		if c.Width < 0 || c.Weight < 0 || math.IsNaN(c.Width+c.Weight) || math.IsInf(c.Width+c.Weight, 0) {
			return nil, fmt.Errorf("table %d: column %q: bad width", d.tables, c.Header)
		}
		if c.Width > 0 {
			fixed += c.Width
		} else if c.Weight > 0 {
			weights += c.Weight
		} else {
			weights++
		}
	}
	if fixed > d.w+0.01 {
		return nil, fmt.Errorf("table %d: columns are %.1f mm wide, the page has %.1f mm", d.tables, fixed, d.w)
	}
	total := d.w
	if weights == 0 {
		total = fixed
	}
	for _, c := range t.Columns {
		w := c.Width
		if w == 0 {
			wt := c.Weight
			if wt == 0 {
				wt = 1
			}
			w = (d.w - fixed) * wt / weights
		}
		if w < 2*cellPadX+size*mmPerPt {
			return nil, fmt.Errorf("table %d: column %q is too narrow (%.1f mm)", d.tables, c.Header, w)
		}
		lay.widths = append(lay.widths, w)
		lay.aligns = append(lay.aligns, c.Align)
	}
	lay.x = d.x0 + (d.w-total)/2
	hm := d.measure(lay.hst)
	n := 1
	for i, c := range t.Columns {
		h := cellLines(clean(c.Header), lay.widths[i]-2*cellPadX, hm)
		lay.header = append(lay.header, h)
		n = max(n, len(h))
	}
	lay.headH = float64(n)*lay.pitch + 2*cellPadY
	lay.hmeta = make([]Cell, len(lay.widths))
	for i := range lay.hmeta {
		lay.hmeta[i].Fill = t.HeaderFill
	}
	if lay.headH+lay.pitch+2*cellPadY > d.h {
		return nil, fmt.Errorf("table %d: the header row does not fit a page", d.tables)
	}
	return lay, nil
}

// cellLines breaks a cell's text; an empty cell has one empty line.
func cellLines(text string, width float64, m func(string) float64) []brokenLine {
	var out []brokenLine
	for _, seg := range strings.Split(text, "\n") {
		out = append(out, wrap(seg, width, width, m)...)
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

// tableRow draws a row of n lines, splitting it across pages when it does not fit.
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
		fresh := d.y <= d.y0+lay.headH+1e-6 // only the header is on this page
		// a short row, or a split that would leave less than two lines here, goes to the next
		// page whole — unless this page is already fresh (the row is taller than a page)
		if !fresh && (fit < 2 || (start == 0 && n <= 3)) {
			d.tablePage(lay)
			continue
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

// tablePage continues the table on a new page, under its header row.
func (d *Doc) tablePage(lay *tableLayout) {
	d.newPage()
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
