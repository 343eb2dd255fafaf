package xlsx

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Limits bound what reading an outside workbook may cost.
type Limits struct {
	MaxUnzip int64 // total uncompressed bytes
	MaxXML   int64 // uncompressed bytes of one part kept in memory
}

// DefaultLimits suit the plan workbook and a unit's return: a few MB of cells at most.
var DefaultLimits = Limits{MaxUnzip: 256 << 20, MaxXML: 64 << 20}

// ErrUnreadable wraps every failure to open or read a workbook, panics of the library included.
var ErrUnreadable = errors.New("unreadable workbook")

// Workbook is an opened workbook being read.
type Workbook struct {
	f        *excelize.File
	Date1904 bool
}

// OpenBytes opens workbook bytes within limits. A panic in the library is an error.
func OpenBytes(data []byte, lim Limits) (wb *Workbook, err error) {
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.MaxUnzip,
		UnzipXMLSizeLimit: lim.MaxXML,
		RawCellValue:      true,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	wb = &Workbook{f: f}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.Date1904 = *props.Date1904
	}
	return wb, nil
}

// Close releases the workbook.
func (w *Workbook) Close() { w.f.Close() }

// SheetNames lists the sheets in order.
func (w *Workbook) SheetNames() []string { return w.f.GetSheetList() }

// Rows returns the raw cell values of a sheet (no number formatting: dates are serials).
// A panic in the library is an error.
func (w *Workbook) Rows(sheet string) (rows [][]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			rows, err = nil, fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	rows, err = w.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: sheet %s: %v", ErrUnreadable, sheet, err)
	}
	return rows, nil
}
