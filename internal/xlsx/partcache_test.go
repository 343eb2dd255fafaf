package xlsx

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func resetPartCache() {
	partCache.Lock()
	partCache.m = map[string]any{}
	partCache.Unlock()
}

// book is a small workbook; dates decides whether column B holds dates (another styles part).
func book(t *testing.T, sheet string, dates bool) []byte {
	t.Helper()
	b := NewBook()
	defer b.Close()
	s := b.Sheet(sheet)
	s.Text(1, 1, "任务序号", Style{Bold: true})
	if dates {
		s.Date(2, 1, time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC), Style{})
	} else {
		s.Int(2, 1, 44773, Style{})
	}
	b.Sheet("说明").Text(1, 1, "填报说明", Style{})
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func scanAll(t *testing.T, data []byte, lim ScanLimits) *Scanned {
	t.Helper()
	sc, err := Scan(data, lim, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// A scan answered from the cache gives exactly what a scan with an empty cache gives, for
// workbooks whose shared parts differ in ways that matter (sheet names, date styles).
func TestPartCacheGivesWhatReadingGives(t *testing.T) {
	books := [][]byte{book(t, "进展填报", true), book(t, "进展填报", false), book(t, "另一张表", true)}
	var cold []*Scanned
	for _, data := range books {
		resetPartCache()
		cold = append(cold, scanAll(t, data, DefaultScanLimits))
	}
	resetPartCache()
	for round := 0; round < 2; round++ {
		for i, data := range books {
			if got := scanAll(t, data, DefaultScanLimits); !reflect.DeepEqual(got, cold[i]) {
				t.Errorf("round %d, book %d: cached scan differs:\n%+v\nwant\n%+v", round, i, got, cold[i])
			}
		}
	}
	if !cold[0].Rows["进展填报"][0].Cells[1].Date || cold[1].Rows["进展填报"][0].Cells[1].Date {
		t.Fatal("the books do not differ in their date styles: the test checks nothing")
	}
	partCache.Lock()
	n := len(partCache.m)
	partCache.Unlock()
	if n == 0 {
		t.Error("nothing was cached")
	}
}

// Parts answered from the cache still count towards the scan's limit on uncompressed bytes.
func TestPartCacheKeepsTheTotalLimit(t *testing.T) {
	data := book(t, "进展填报", true)
	// the smallest total that still reads the book
	lim := DefaultScanLimits
	var ok int64
	for total := int64(1); total < 1<<20; total *= 2 {
		lim.MaxTotal = total
		resetPartCache()
		if _, err := Scan(data, lim, func(string) bool { return true }); err == nil {
			ok = total
			break
		}
	}
	if ok == 0 {
		t.Fatal("the book never fits")
	}
	lim.MaxTotal = ok / 2
	for _, warm := range []bool{false, true} {
		resetPartCache()
		if warm {
			scanAll(t, data, DefaultScanLimits)
		}
		if _, err := Scan(data, lim, func(string) bool { return true }); !errors.Is(err, ErrTooLarge) {
			t.Errorf("warm cache %v: %v, want too large", warm, err)
		}
	}
}
