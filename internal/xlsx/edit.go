package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"taizhang/internal/xlsx/scan"

	"github.com/xuri/excelize/v2"
)

// OpenBook opens a workbook of our own (a master design) to build on it. Outside files are
// read with the scan package instead.
func OpenBook(data []byte) (b *Book, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%w: %v", scan.ErrUnreadable, r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: scan.WholeLimits.MaxTotal, UnzipXMLSizeLimit: scan.WholeLimits.MaxPart})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", scan.ErrUnreadable, err)
	}
	f.SetZipWriter(fastZip)
	return &Book{f: f, styles: map[Style]int{}, sheets: f.GetSheetList(), fit: map[string]bool{}}, nil
}

// HasSheet reports whether the book has a sheet of the name.
func (b *Book) HasSheet(name string) bool {
	for _, s := range b.sheets {
		if s == name {
			return true
		}
	}
	return false
}

// SetString writes text keeping the cell's style (never a formula).
func (s *Sheet) SetString(col, row int, text string) {
	s.b.fail(s.b.f.SetCellStr(s.name, Cell(col, row), SafeText(text)))
}

// SetDate writes a date serial keeping the cell's style.
func (s *Sheet) SetDateKeep(col, row int, serial float64) {
	s.b.fail(s.b.f.SetCellFloat(s.name, Cell(col, row), serial, -1, 64))
}

// StyleID is a style as the workbook numbers it, for copying styles from a master row.
type StyleID int

// StyleOf returns a cell's style.
func (s *Sheet) StyleOf(col, row int) StyleID {
	id, err := s.b.f.GetCellStyle(s.name, Cell(col, row))
	s.b.fail(err)
	return StyleID(id)
}

// SetStyleID applies a style taken with StyleOf to a rectangle.
func (s *Sheet) SetStyleID(c1, r1, c2, r2 int, id StyleID) {
	s.b.fail(s.b.f.SetCellStyle(s.name, Cell(c1, r1), Cell(c2, r2), int(id)))
}

// InsertRows inserts n empty rows before row, moving what is below down.
func (s *Sheet) InsertRows(row, n int) {
	if n > 0 {
		s.b.fail(s.b.f.InsertRows(s.name, row, n))
	}
}

// ColWidthOf is a column's width in characters.
func (s *Sheet) ColWidthOf(col int) float64 {
	w, err := s.b.f.GetColWidth(s.name, ColName(col))
	if err != nil {
		return 9
	}
	return w
}

// Grid returns the sheet's raw values, row by row.
func (s *Sheet) Grid() [][]string {
	rows, err := s.b.f.GetRows(s.name, excelize.Options{RawCellValue: true})
	s.b.fail(err)
	return rows
}

// Find locates the first cell whose trimmed text equals text.
func (s *Sheet) Find(text string) (col, row int, ok bool) {
	for r, cells := range s.Grid() {
		for c, v := range cells {
			if strings.TrimSpace(v) == text {
				return c + 1, r + 1, true
			}
		}
	}
	return 0, 0, false
}

// Replace substitutes placeholders ({{名称}}) in every text cell of the sheet.
func (s *Sheet) Replace(values map[string]string) {
	for r, cells := range s.Grid() {
		for c, v := range cells {
			if !strings.Contains(v, "{{") {
				continue
			}
			nv := v
			for k, val := range values {
				nv = strings.ReplaceAll(nv, "{{"+k+"}}", val)
			}
			if nv != v {
				s.SetString(c+1, r+1, nv)
			}
		}
	}
}

// MergedEnd returns the last column of the merged range that starts at a cell, or col itself.
func (s *Sheet) MergedEnd(col, row int) int {
	merged, err := s.b.f.GetMergeCells(s.name)
	if err != nil {
		return col
	}
	start := Cell(col, row)
	for _, m := range merged {
		if m.GetStartAxis() == start {
			c, _, err := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err == nil {
				return c
			}
		}
	}
	return col
}

// PrintArea sets the sheet's print area.
func (s *Sheet) PrintArea(c1, r1, c2, r2 int) {
	s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: s.Ref(c1, r1, c2, r2), Scope: s.name,
	}))
}

// SetNumber writes a number keeping the cell's style.
func (s *Sheet) SetNumber(col, row int, v float64) {
	s.b.fail(s.b.f.SetCellFloat(s.name, Cell(col, row), v, -1, 64))
}

// SetFormula puts a formula in a cell (used only to make test returns the way a careless or
// hostile unit would).
func (s *Sheet) SetFormula(col, row int, formula string) {
	s.b.fail(s.b.f.SetCellFormula(s.name, Cell(col, row), formula))
}

// RemoveRow deletes a row, moving what is below up.
func (s *Sheet) RemoveRow(row int) {
	s.b.fail(s.b.f.RemoveRow(s.name, row))
}

// Unprotect removes a sheet's protection (as a unit might, with a tool).
func (s *Sheet) Unprotect() {
	s.b.fail(s.b.f.UnprotectSheet(s.name))
}
