package xlsx

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// Stream writes a large sheet row by row with flat memory. Set everything about the sheet
// (page setup, filter) on the Sheet before opening the stream, and column widths and panes
// on the stream before the first row: excelize drops what is set after Flush.
type Stream struct {
	b    *Book
	name string
	sw   *excelize.StreamWriter
	next int
}

// Value is one cell of a streamed row. V is a string (always written as text, never a
// formula), an int, a float64, a time.Time (a date) or nil (an empty styled cell).
type Value struct {
	V any
	S Style
}

// Stream opens the named sheet (created with Sheet) for streaming.
func (b *Book) Stream(name string) *Stream {
	sw, err := b.f.NewStreamWriter(name)
	b.fail(err)
	return &Stream{b: b, name: name, sw: sw, next: 1}
}

// ColWidth sets a column's width; call before the first row.
func (s *Stream) ColWidth(col int, width float64) {
	if s.sw != nil {
		s.b.fail(s.sw.SetColWidth(col, col, width))
	}
}

// Freeze keeps the first cols columns and rows rows in view; call before the first row.
func (s *Stream) Freeze(cols, rows int) {
	if s.sw != nil {
		s.b.fail(s.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: Cell(cols+1, rows+1), ActivePane: "bottomRight"}))
	}
}

// Merge merges a rectangle of rows already or yet to be written.
func (s *Stream) Merge(c1, r1, c2, r2 int) {
	if s.sw != nil {
		s.b.fail(s.sw.MergeCell(Cell(c1, r1), Cell(c2, r2)))
	}
}

// Row writes the next row; height 0 leaves the default.
func (s *Stream) Row(height float64, cells ...Value) {
	if s.sw == nil {
		return
	}
	vals := make([]any, len(cells))
	for i, c := range cells {
		cell := excelize.Cell{StyleID: s.b.style(c.S)}
		switch v := c.V.(type) {
		case string:
			cell.Value = SafeText(v)
		case time.Time:
			cell.Value = excelSerial(v)
			if c.S.NumFmt == "" {
				st := c.S
				st.NumFmt = "yyyy-mm-dd"
				cell.StyleID = s.b.style(st)
			}
		case nil:
		default:
			cell.Value = v
		}
		vals[i] = cell
	}
	var opts []excelize.RowOpts
	if height > 0 {
		if height > 409 {
			height = 409
		}
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	s.b.fail(s.sw.SetRow(Cell(1, s.next), vals, opts...))
	s.next++
}

// NextRow is the number of the row Row writes next.
func (s *Stream) NextRow() int { return s.next }

// Flush ends the sheet.
func (s *Stream) Flush() {
	if s.sw == nil {
		return
	}
	if err := s.sw.Flush(); err != nil {
		s.b.fail(fmt.Errorf("flush %s: %w", s.name, err))
	}
	s.sw = nil
}
