package intake

import (
	"taizhang/internal/xlsx/scan"
	"testing"
)

// FuzzRead: arbitrary bytes never panic or hang the reader; anything that is not a readable
// workbook is a finding with a code.
func FuzzRead(f *testing.F) {
	f.Add([]byte{})
	f.Add(bomb(f, 0))
	f.Add(zipOf(f, map[string]string{"word/document.xml": "<w:document/>"}))
	f.Add([]byte("%PDF-1.4"))
	f.Add(ole(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, fd := Read(data, scan.Limits{MaxPart: 1 << 20, MaxTotal: 4 << 20, MaxRows: 1000, MaxCols: 100, MaxStrings: 10000, MaxRatio: 100}, nil)
		if (wb == nil) == (fd == nil) {
			t.Fatalf("workbook %v and finding %v", wb, fd)
		}
		if fd != nil && (fd.Code == "" || fd.Message == "") {
			t.Fatalf("finding without code or message: %+v", fd)
		}
	})
}
