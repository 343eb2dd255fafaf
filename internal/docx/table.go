package docx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Table is a table that may run over pages. Its header row is repeated at the top of every
// page (w:tblHeader); a row of up to six lines is kept on one page (w:cantSplit), a longer one
// may be split. Column widths are explicit and fixed: w:tblGrid, w:tblW and every w:tcW agree,
// and the layout is fixed, so that Word, WPS and LibreOffice draw the same columns.
type Table struct {
	// Caption (表题) is set above the table, centred, in 黑体 4号.
	Caption string
	Columns []Column
	// Rows are the cells, one slice per row; a short row is filled with empty cells.
	Rows [][]Cell
	// FontSize is the cells' size in pt; 0: 小四 (12 pt). Headers are set in 黑体.
	FontSize   float64
	HeaderFill *Color
	// Progress, when not nil, is told how many rows have been written, every 256 rows and at
	// the end.
	Progress func(rows int)
}

// Column is a table column.
type Column struct {
	Header string
	// Width in mm; 0: a share of the width the fixed columns leave, by Weight.
	Width  float64
	Weight float64 // 0 counts as 1
	Align  Align   // of the cells; headers are centred
}

// Cell is a table cell. "\n" in its text breaks a line.
type Cell struct {
	Text  string
	Fill  *Color // background, for the status lights
	Bold  bool   // a totals row, or text on a dark fill
	Color *Color // of the text; nil: black (white reads on a dark fill)
}

// Cells makes a row of plain cells.
func Cells(texts ...string) []Cell {
	out := make([]Cell, len(texts))
	for i, t := range texts {
		out[i] = Cell{Text: t}
	}
	return out
}

// Table layout, in twips.
const (
	cellPadX     = 85 // 1.5 mm
	cellPadY     = 28 // 0.5 mm
	cellLeading  = 1.3
	ruleSize     = 4 // borders in 1/8 pt: 0.5 pt
	cantSplitMax = 6 // rows of up to this many lines are kept on one page
)

// Table sets a table. A table whose columns cannot be laid out makes the document's error.
func (d *Doc) Table(t Table) {
	if d.err != nil {
		return
	}
	d.tables++
	if err := d.table(t); err != nil {
		d.fail(fmt.Errorf("table %d: %w", d.tables, err))
	}
}

func (d *Doc) table(t Table) error {
	if len(t.Columns) == 0 {
		return errNoColumns
	}
	for ri, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return fmt.Errorf("row %d has %d cells for %d columns", ri+1, len(row), len(t.Columns))
		}
	}
	size := t.FontSize
	if size <= 0 {
		size = SizeTable
	}
	if math.IsNaN(size) || math.IsInf(size, 0) || size > 72 {
		return fmt.Errorf("font size %v", t.FontSize)
	}
	widths, err := columnWidths(t.Columns, d.areaWidth(), size)
	if err != nil {
		return err
	}
	total := 0
	for _, w := range widths {
		total += w
	}
	if t.Caption != "" {
		p := d.textPara(clean(t.Caption), RoleHeading1, SizeCaption, false)
		p.style, p.keepNext = "Caption", true
		p.line, p.lineRule = int(math.Round(1.6*SizeCaption*twipsPerPt)), "exact"
		p.align, p.alignSet = AlignCenter, true
		d.add(p)
	}
	line := int(math.Round(size * cellLeading * twipsPerPt))
	var b strings.Builder
	b.WriteString("<w:tbl><w:tblPr>")
	b.WriteString(`<w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="` + strconv.Itoa(ruleSize) + `" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>`)
	fmt.Fprintf(&b, `<w:top w:w="%d" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/><w:bottom w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/>`,
		cellPadY, cellPadX, cellPadY, cellPadX)
	b.WriteString(`</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString("</w:tblGrid>")

	// the header row: 黑体, centred, repeated on every page, never split
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
	for i, c := range t.Columns {
		d.cell(&b, Cell{Text: c.Header, Fill: t.HeaderFill}, widths[i], AlignCenter, RoleHeading1, size, line)
	}
	b.WriteString("</w:tr>")
	for ri, row := range t.Rows {
		if t.Progress != nil && ri > 0 && ri%256 == 0 {
			t.Progress(ri)
		}
		lines := 1
		for i := range widths {
			if i < len(row) {
				lines = max(lines, estimateLines(clean(row[i].Text), widths[i]-2*cellPadX, size))
			}
		}
		b.WriteString("<w:tr>")
		if lines <= cantSplitMax {
			b.WriteString("<w:trPr><w:cantSplit/></w:trPr>")
		}
		for i, w := range widths {
			var c Cell
			if i < len(row) {
				c = row[i]
			}
			d.cell(&b, c, w, t.Columns[i].Align, RoleTable, size, line)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	if t.Progress != nil {
		t.Progress(len(t.Rows))
	}
	d.addTable(b.String())
	return nil
}

// cell writes a table cell: its width, fill, and one paragraph off the grid (a cell's lines
// would otherwise take the 29 pt of the body's lines) whose "\n" are line breaks.
func (d *Doc) cell(b *strings.Builder, c Cell, width int, align Align, role Role, size float64, line int) {
	b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>`)
	if c.Fill != nil {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + c.Fill.hex() + `"/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	r := run{text: clean(c.Text), font: d.fonts[role], size: size, bold: c.Bold, color: c.Color}
	p := &para{style: "TableText", line: line, align: align, alignSet: true, runs: []run{r}, mark: r}
	writePara(b, p, nil)
	b.WriteString("</w:tc>")
}

// columnWidths shares out the type area's width: fixed widths first, the rest by weight,
// rounded so that the widths add up to the width exactly.
func columnWidths(cols []Column, area int, size float64) ([]int, error) {
	fixed, weights := 0.0, 0.0
	for _, c := range cols {
		if c.Width < 0 || c.Weight < 0 || math.IsNaN(c.Width+c.Weight) || math.IsInf(c.Width+c.Weight, 0) {
			return nil, fmt.Errorf("column %q: bad width", clean(c.Header))
		}
		if c.Width > 0 {
			fixed += c.Width * twipsPerMM
		} else {
			weights += weight(c)
		}
	}
	if fixed > float64(area)+1 {
		return nil, fmt.Errorf("columns are %.1f mm wide, the page has %.1f mm", fixed/twipsPerMM, float64(area)/twipsPerMM)
	}
	rest := float64(area) - fixed
	out := make([]int, len(cols))
	cum, prev := 0.0, 0
	for i, c := range cols {
		if c.Width > 0 {
			cum += c.Width * twipsPerMM
		} else {
			cum += rest * weight(c) / weights
		}
		end := int(math.Round(cum))
		if i == len(cols)-1 && weights > 0 {
			end = area
		}
		out[i] = end - prev
		prev = end
		if out[i] < 2*cellPadX+int(size*twipsPerPt) {
			return nil, fmt.Errorf("column %q is too narrow (%.1f mm)", clean(c.Header), float64(out[i])/twipsPerMM)
		}
	}
	return out, nil
}

func weight(c Column) float64 {
	if c.Weight == 0 {
		return 1
	}
	return c.Weight
}

// estimateLines guesses how many lines text takes in a cell of the given inner width: a
// Chinese character is an em, other characters half of one, and a line is broken where it is
// full. It decides only whether a row may be split across pages.
func estimateLines(text string, width int, size float64) int {
	em := size * twipsPerPt
	n := 0
	for _, seg := range strings.Split(text, "\n") {
		w := 0.0
		for _, r := range seg {
			if wide(r) {
				w += em
			} else {
				w += em / 2
			}
		}
		n += max(1, int(math.Ceil(w/float64(width)-1e-9)))
	}
	return n
}

// wide tells characters that take a full em.
func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF || r == '—' || r == '…' || r == '“' || r == '”' || r == '‘' || r == '’'
}
