package pdfdoc

import (
	"math"
)

// Column is a table column: its header, its width as a share of the type area's width, and
// the alignment of its cells ("L", "C", "R").
type Column struct {
	Header string
	Weight float64
	Align  string
}

// Cell is one cell: its text and an optional fill colour (RRGGBB) and bold text.
type Cell struct {
	Text string
	Fill string
	Bold bool
}

// Table is a table that may run over many pages: the header row is drawn again on every page,
// and a row taller than the space left is split line by line across the page break.
type Table struct {
	Columns []Column
	Rows    [][]Cell
	Size    float64 // type size in points; 0 = 10.5 (5号)
}

const cellPad = 1.2 // mm inside a cell's border

// Table draws a table from the current position.
func (d *Doc) Table(t Table) {
	d.room(0)
	size := t.Size
	if size == 0 {
		size = 10.5
	}
	lh := size * ptToMM * 1.35
	total := 0.0
	for _, c := range t.Columns {
		total += c.Weight
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = d.w * c.Weight / total
	}
	wrap := func(cells []Cell) [][]string {
		out := make([][]string, len(cells))
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			out[i] = BreakLines(c.Text, widths[i]-2*cellPad, func(s string) float64 { return d.measure(RoleTable, size, s) })
		}
		return out
	}
	head := make([]Cell, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = Cell{Text: c.Header, Fill: "D9E2F3", Bold: true}
	}
	headLines := wrap(head)
	headH := rowHeight(headLines, lh)
	drawHead := func() {
		d.row(head, headLines, 0, maxLines(headLines), widths, t.Columns, size, lh, true)
	}
	// the header and at least two lines of the first row must fit
	d.room(headH + 2*lh + 2*cellPad)
	drawHead()
	for _, r := range t.Rows {
		lines := wrap(r)
		n := maxLines(lines)
		from := 0
		for from < n {
			space := d.top + d.h - d.y
			fit := int(math.Floor((space - 2*cellPad + 0.01) / lh))
			if fit < 1 || (from == 0 && fit < n && fit < 2) {
				d.NewPage(d.landscape)
				drawHead()
				continue
			}
			to := min(n, from+fit)
			d.row(r, lines, from, to, widths, t.Columns, size, lh, false)
			from = to
			if from < n {
				d.NewPage(d.landscape)
				drawHead()
			}
		}
	}
	d.Space(lh / 2)
}

func maxLines(lines [][]string) int {
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

func rowHeight(lines [][]string, lh float64) float64 { return float64(maxLines(lines))*lh + 2*cellPad }

// row draws lines [from, to) of every cell of a row at the current position, with borders and
// fills, and moves down.
func (d *Doc) row(cells []Cell, lines [][]string, from, to int, widths []float64, cols []Column, size, lh float64, head bool) {
	h := float64(to-from)*lh + 2*cellPad
	x := d.left
	for i, w := range widths {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		if c.Fill != "" {
			r, g, b := rgb(c.Fill)
			d.pdf.SetFillColor(r, g, b)
			d.pdf.Rect(x, d.y, w, h, "F")
		}
		d.pdf.SetDrawColor(90, 90, 90)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Rect(x, d.y, w, h, "D")
		align := "C"
		if !head && i < len(cols) && cols[i].Align != "" {
			align = cols[i].Align
		}
		if i < len(lines) {
			textColor(d, c.Fill)
			for k := from; k < to && k < len(lines[i]); k++ {
				l := lines[i][k]
				lx := x + cellPad
				switch align {
				case "C":
					lx = x + (w-d.measure(RoleTable, size, l))/2
				case "R":
					lx = x + w - cellPad - d.measure(RoleTable, size, l)
				}
				base := d.y + cellPad + float64(k-from)*lh + size*ptToMM*0.9
				d.draw(RoleTable, size, lx, base, l, c.Bold)
			}
			d.pdf.SetTextColor(0, 0, 0)
		}
		x += w
	}
	d.y += h
}

// textColor is white on dark fills (red, green lights), black otherwise.
func textColor(d *Doc, fill string) {
	if fill == "" {
		d.pdf.SetTextColor(0, 0, 0)
		return
	}
	r, g, b := rgb(fill)
	if 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) < 140 {
		d.pdf.SetTextColor(255, 255, 255)
	} else {
		d.pdf.SetTextColor(0, 0, 0)
	}
}

func rgb(hex string) (int, int, int) {
	var v [3]int
	for i := 0; i < 3 && 2*i+2 <= len(hex); i++ {
		for _, c := range hex[2*i : 2*i+2] {
			v[i] *= 16
			switch {
			case c >= '0' && c <= '9':
				v[i] += int(c - '0')
			case c >= 'a' && c <= 'f':
				v[i] += int(c-'a') + 10
			case c >= 'A' && c <= 'F':
				v[i] += int(c-'A') + 10
			}
		}
	}
	return v[0], v[1], v[2]
}
