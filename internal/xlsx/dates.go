package xlsx

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	reDateText = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	reDateNum  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// Normalize folds full-width digits, letters and punctuation to ASCII, ideographic spaces to
// spaces, and trims: the form in which typed values are checked (the original is kept apart).
func Normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0xA0:
			return ' '
		case r == '〇':
			return '0'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// ParseDate reads a date typed or stored in a cell: a date serial (1900 or 1904 system), or
// text such as 2022-07-15, 2022/7/15, 2022.7.15, 2022年7月15日, 20220715. Times of day are
// dropped. ok is false for anything else, including impossible dates.
func ParseDate(raw string, date1904 bool) (time.Time, bool) {
	s := Normalize(raw)
	if s == "" {
		return time.Time{}, false
	}
	if m := reDateText.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	if m := reDateNum.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	// "2022-07-15 00:00:00" and ISO forms with a time
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		if t, ok := ParseDate(s[:10], date1904); ok {
			return t, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return FromSerial(f, date1904)
	}
	return time.Time{}, false
}

// Serial is a day as a spreadsheet's date serial (1900 system).
func Serial(t time.Time) float64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// FromSerial converts an Excel date serial; only serials of 1950..2100 are taken as dates.
func FromSerial(f float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	if days < 0 || days > 80000 {
		return time.Time{}, false
	}
	t := base.AddDate(0, 0, int(days))
	if t.Year() < 1950 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

func ymd(ys, ms, ds string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

var (
	reYearMonth = regexp.MustCompile(`^(\d{4})\s*(?:年\s*(\d{1,2})\s*月份?|[-/.]\s*(\d{1,2}))$`)
	reMonthDay  = regexp.MustCompile(`^(\d{1,2})\s*月\s*(?:份|(\d{1,2})\s*[日号]?)?$`)
)

// ParsePartialDate reads a date written without its day ("2022年8月", "2022.8") or without its
// year ("8月15日", "8月"): the parts written, 0 for those left out. ok is false for whole dates
// and for anything whose meaning is not clear (a day alone, "中旬", an impossible month or day).
func ParsePartialDate(raw string) (y, m, d int, ok bool) {
	s := Normalize(raw)
	if mm := reYearMonth.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2] + mm[3])
		if y < 1950 || y > 2100 || m < 1 || m > 12 {
			return 0, 0, 0, false
		}
		return y, m, 0, true
	}
	if mm := reMonthDay.FindStringSubmatch(s); mm != nil {
		m, _ = strconv.Atoi(mm[1])
		if mm[2] != "" {
			d, _ = strconv.Atoi(mm[2])
		}
		// 2000 is a leap year: the day is checked against the longest the month can be
		if m < 1 || m > 12 || (mm[2] != "" && (d < 1 || time.Date(2000, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() != d)) {
			return 0, 0, 0, false
		}
		return 0, m, d, true
	}
	return 0, 0, 0, false
}
