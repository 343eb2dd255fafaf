package scan

import (
	"errors"
	"fmt"
)

// WholeLimits suit a workbook read whole, such as the plan: tens of thousands of measures at
// most.
var WholeLimits = Limits{MaxPart: 256 << 20, MaxTotal: 512 << 20, MaxRows: 1 << 20, MaxCols: 16384, MaxStrings: 1 << 22}

// ErrUnreadable wraps every failure to open or read a workbook.
var ErrUnreadable = errors.New("unreadable workbook")

// Workbook is a workbook read whole: every sheet's raw cell values (no number formatting:
// dates are serials). It is read with the same scanner as returns, which is many times faster
// than excelize on large sheets and never panics.
type Workbook struct {
	Date1904 bool
	names    []string
	rows     map[string][]Row
}

// Whole reads every sheet of a workbook within limits.
func Whole(data []byte, lim Limits) (wb *Workbook, err error) {
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	sc, err := Scan(data, lim, func(string) bool { return true }, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	wb = &Workbook{Date1904: sc.Date1904, rows: sc.Rows}
	for _, s := range sc.Sheets {
		wb.names = append(wb.names, s.Name)
	}
	return wb, nil
}

// Close releases the workbook (nothing to release; kept for symmetry with writers).
func (w *Workbook) Close() {}

// Rows returns a sheet's raw values, row by row from row 1, each row from column A (missing
// cells are "").
func (w *Workbook) Rows(sheet string) ([][]string, error) {
	rows, ok := w.rows[sheet]
	if !ok {
		return nil, fmt.Errorf("%w: no sheet %s", ErrUnreadable, sheet)
	}
	var out [][]string
	for _, r := range rows {
		for len(out) < r.Row-1 {
			out = append(out, nil)
		}
		var cells []string
		for _, c := range r.Cells {
			for len(cells) < c.Col-1 {
				cells = append(cells, "")
			}
			cells = append(cells, c.Value)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(out) < r.Row {
			out = append(out, cells)
		} else {
			out[r.Row-1] = cells
		}
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out, nil
}
