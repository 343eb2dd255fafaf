package validate

import (
	"strconv"
	"strings"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"time"
	"unicode"
)

// readDate reads a completion date: a serial in a date cell (or any plausible serial), or text.
func readDate(cell *scan.Cell, date1904 bool) (time.Time, bool) {
	v := strings.TrimSpace(cell.Value)
	if cell.Type == "" || cell.Type == "n" {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			if t, ok := xlsx.FromSerial(f, date1904); ok {
				return t, true
			}
			// a number like 20220715 typed without a format
			return xlsx.ParseDate(v, date1904)
		}
	}
	if cell.Type == "d" {
		return xlsx.ParseDate(v, date1904)
	}
	return xlsx.ParseDate(v, date1904)
}

// norm is the form in which typed values are compared: full-width folded, spaces removed.
func norm(s string) string {
	s = xlsx.Normalize(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cleanText keeps a unit's text as written but safe: control characters (other than new lines
// and tabs) and invalid UTF-8 removed, cut to a cell's limit, ends trimmed. Excel's _xHHHH_
// escapes were decoded and terminal and bidi controls removed when the return was read
// (intake.Read).
func cleanText(s string) string {
	s = xlsx.SafeText(s)
	return strings.TrimSpace(s)
}

// textLen is the length in UTF-16 units (what Excel's cell limit counts) of a unit's text as
// written, before cleanText cuts it, ends trimmed.
func textLen(s string) int {
	return xlsx.UTF16Len(strings.TrimSpace(s))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
