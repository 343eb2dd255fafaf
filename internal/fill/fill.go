// Package fill fills a unit's template the way a unit's staff would — in Excel's cells, dates
// as real dates — and, for tests and samples, makes the mistakes units make: a deleted row, a
// date typed as text, a formula, edited prefilled text, an edited identity. It writes through
// xlsx like every other writer of workbooks.
//
// It imports template and xlsx. The samples generator, the synthetic workspace and tests use
// it; the pipeline never does.
package fill

import (
	"fmt"
	"sort"
	"time"

	"taizhang/internal/template"
	"taizhang/internal/xlsx"
)

// Row is what a unit writes for one measure. Done is written as a real date unless DoneText is
// set, which is written as typed text instead.
type Row struct {
	Status   string
	Progress string
	Done     time.Time
	DoneText string
	Evidence string
	Problems string
	Next     string
}

// Form is a whole return: rows by key ("3.1") and the footer.
type Form struct {
	Rows     map[string]Row
	Filler   string
	Phone    string
	Checker  string
	FillDate time.Time
}

// Book is an opened template being filled.
type Book struct {
	b      *xlsx.Book
	s      *xlsx.Sheet
	header int
	cols   map[string]int
	rows   map[string]int // row of each measure key; nil after rows were added or deleted
}

// Open opens a template's bytes for filling.
func Open(data []byte) (*Book, error) {
	b, err := xlsx.OpenBook(data)
	if err != nil {
		return nil, err
	}
	s := b.Sheet(template.SheetFill)
	_, hr, ok := s.Find(template.ColStatus)
	if !ok {
		b.Close()
		return nil, fmt.Errorf("no header row")
	}
	fb := &Book{b: b, s: s, header: hr, cols: map[string]int{}}
	grid := s.Grid()
	for c, v := range grid[hr-1] {
		fb.cols[v] = c + 1
	}
	return fb, nil
}

// Close releases the book.
func (fb *Book) Close() { fb.b.Close() }

// Bytes saves the filled book.
func (fb *Book) Bytes() ([]byte, error) { return fb.b.Bytes() }

// RowOf returns the sheet row of a measure's key, or 0. The rows are read once: reading a
// sheet's grid is costly.
func (fb *Book) RowOf(key string) int {
	if fb.rows == nil {
		fb.rows = map[string]int{}
		grid := fb.s.Grid()
		for r := fb.header; r < len(grid); r++ {
			if cells := grid[r]; len(cells) >= 2 {
				fb.rows[cells[0]+"."+cells[1]] = r + 1
			}
		}
	}
	return fb.rows[key]
}

// Col returns the column of a header text.
func (fb *Book) Col(header string) int { return fb.cols[header] }

// Fill writes a form into the template.
func (fb *Book) Fill(f Form) error {
	// in row order, so that the same form gives the same bytes
	keys := make([]string, 0, len(f.Rows))
	for key := range f.Rows {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		return fb.RowOf(keys[i]) < fb.RowOf(keys[j]) || (fb.RowOf(keys[i]) == fb.RowOf(keys[j]) && keys[i] < keys[j])
	})
	for _, key := range keys {
		r := f.Rows[key]
		row := fb.RowOf(key)
		if row == 0 {
			return fmt.Errorf("no row %s", key)
		}
		fb.put(row, template.ColStatus, r.Status)
		fb.put(row, template.ColProgress, r.Progress)
		fb.put(row, template.ColEvidence, r.Evidence)
		fb.put(row, template.ColProblems, r.Problems)
		fb.put(row, template.ColNext, r.Next)
		switch {
		case r.DoneText != "":
			fb.put(row, template.ColDoneDate, r.DoneText)
		case !r.Done.IsZero():
			fb.s.SetDateKeep(fb.cols[template.ColDoneDate], row, xlsx.Serial(r.Done))
		}
	}
	fb.footer(template.FootFiller, f.Filler)
	fb.footer(template.FootPhone, f.Phone)
	fb.footer(template.FootChecker, f.Checker)
	if !f.FillDate.IsZero() {
		if c, r, ok := fb.s.Find(template.FootDate); ok {
			fb.s.SetDateKeep(fb.s.MergedEnd(c, r)+1, r, xlsx.Serial(f.FillDate))
		}
	}
	return fb.b.Err()
}

func (fb *Book) put(row int, header, value string) {
	if value != "" {
		fb.s.SetString(fb.cols[header], row, value)
	}
}

func (fb *Book) footer(label, value string) {
	if value == "" {
		return
	}
	if c, r, ok := fb.s.Find(label); ok {
		fb.s.SetString(fb.s.MergedEnd(c, r)+1, r, value)
	}
}

// FooterCell returns the input cell of a footer label.
func (fb *Book) FooterCell(label string) (col, row int) {
	if c, r, ok := fb.s.Find(label); ok {
		return fb.s.MergedEnd(c, r) + 1, r
	}
	return 0, 0
}

// Set writes text into any cell of the fill sheet (a mistake or an edit of locked text).
func (fb *Book) Set(col, row int, text string) { fb.s.SetString(col, row, text) }

// SetFormula writes a formula into a cell of the fill sheet.
func (fb *Book) SetFormula(col, row int, formula string) { fb.s.SetFormula(col, row, formula) }

// DeleteRow deletes a measure's row.
func (fb *Book) DeleteRow(key string) error {
	row := fb.RowOf(key)
	if row == 0 {
		return fmt.Errorf("no row %s", key)
	}
	fb.s.RemoveRow(row)
	fb.rows = nil
	return fb.b.Err()
}

// AddRow inserts a row after a measure's row and writes the given texts in its first cells.
func (fb *Book) AddRow(after string, values ...string) error {
	row := fb.RowOf(after)
	if row == 0 {
		return fmt.Errorf("no row %s", after)
	}
	fb.s.InsertRows(row+1, 1)
	fb.rows = nil
	for i, v := range values {
		fb.s.SetString(i+1, row+1, v)
	}
	return fb.b.Err()
}

// Unprotect removes the fill sheet's protection.
func (fb *Book) Unprotect() { fb.s.Unprotect() }

// SetIdentity overwrites a field of the hidden identity (as someone editing the hidden sheet).
func (fb *Book) SetIdentity(field, value string) error {
	s := fb.b.Sheet(template.SheetIdentity)
	for r, cells := range s.Grid() {
		if len(cells) > 0 && cells[0] == field {
			s.SetString(2, r+1, value)
			return fb.b.Err()
		}
	}
	return fmt.Errorf("no identity field %s", field)
}

// Identity reads a field of the hidden identity.
func (fb *Book) Identity(field string) string {
	for _, cells := range fb.b.Sheet(template.SheetIdentity).Grid() {
		if len(cells) > 1 && cells[0] == field {
			return cells[1]
		}
	}
	return ""
}

// FromBook fills a template already built in memory (saves opening its bytes again).
func FromBook(b *xlsx.Book) (*Book, error) {
	s := b.Sheet(template.SheetFill)
	_, hr, ok := s.Find(template.ColStatus)
	if !ok {
		return nil, fmt.Errorf("no header row")
	}
	fb := &Book{b: b, s: s, header: hr, cols: map[string]int{}}
	for c, v := range s.Grid()[hr-1] {
		fb.cols[v] = c + 1
	}
	return fb, nil
}
