package scan_test

import (
	"errors"
	"reflect"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"testing"
	"time"
)

// book is a small workbook; dates decides whether column B holds dates (another styles part).
func book(t *testing.T, sheet string, dates bool) []byte {
	t.Helper()
	b := xlsx.NewBook()
	defer b.Close()
	s := b.Sheet(sheet)
	s.Text(1, 1, "任务序号", xlsx.Style{Bold: true})
	if dates {
		s.Date(2, 1, time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC), xlsx.Style{})
	} else {
		s.Int(2, 1, 44773, xlsx.Style{})
	}
	b.Sheet("说明").Text(1, 1, "填报说明", xlsx.Style{})
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func scanAll(t *testing.T, data []byte, lim scan.Limits, cache *scan.Cache) *scan.Result {
	t.Helper()
	sc, err := scan.Scan(data, lim, func(string) bool { return true }, cache)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// A scan answered from the cache gives exactly what a scan with an empty cache gives, for
// workbooks whose shared parts differ in ways that matter (sheet names, date styles).
func TestPartCacheGivesWhatReadingGives(t *testing.T) {
	books := [][]byte{book(t, "进展填报", true), book(t, "进展填报", false), book(t, "另一张表", true)}
	var cold []*scan.Result
	for _, data := range books {
		cold = append(cold, scanAll(t, data, scan.DefaultLimits, nil))
	}
	cache := scan.NewCache()
	for round := 0; round < 2; round++ {
		for i, data := range books {
			if got := scanAll(t, data, scan.DefaultLimits, cache); !reflect.DeepEqual(got, cold[i]) {
				t.Errorf("round %d, book %d: cached scan differs:\n%+v\nwant\n%+v", round, i, got, cold[i])
			}
		}
	}
	if !cold[0].Rows["进展填报"][0].Cells[1].Date || cold[1].Rows["进展填报"][0].Cells[1].Date {
		t.Fatal("the books do not differ in their date styles: the test checks nothing")
	}
	if cache.Len() == 0 {
		t.Error("nothing was cached")
	}
}

// Parts answered from the cache still count towards the scan's limit on uncompressed bytes.
func TestPartCacheKeepsTheTotalLimit(t *testing.T) {
	data := book(t, "进展填报", true)
	// the smallest total that still reads the book
	lim := scan.DefaultLimits
	var ok int64
	for total := int64(1); total < 1<<20; total *= 2 {
		lim.MaxTotal = total
		if _, err := scan.Scan(data, lim, func(string) bool { return true }, nil); err == nil {
			ok = total
			break
		}
	}
	if ok == 0 {
		t.Fatal("the book never fits")
	}
	lim.MaxTotal = ok / 2
	for _, warm := range []bool{false, true} {
		cache := scan.NewCache()
		if warm {
			scanAll(t, data, scan.DefaultLimits, cache)
		}
		if _, err := scan.Scan(data, lim, func(string) bool { return true }, cache); !errors.Is(err, scan.ErrTooLarge) {
			t.Errorf("warm cache %v: %v, want too large", warm, err)
		}
	}
}
