package validate

import (
	"regexp"
	"strconv"
	"strings"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"time"
	"unicode"
	"unicode/utf8"
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

// cleanText keeps a unit's text as written but safe: OOXML escapes decoded, control
// characters (other than new lines and tabs) and invalid UTF-8 removed, ends trimmed.
func cleanText(s string) string {
	s = decodeEscapes(s)
	s = xlsx.SafeText(s)
	return strings.TrimSpace(s)
}

// textLen is the length in UTF-16 units (what Excel's cell limit counts) of a unit's text as
// written, before cleanText cuts it: escapes decoded, ends trimmed.
func textLen(s string) int {
	return xlsx.UTF16Len(strings.TrimSpace(decodeEscapes(s)))
}

var reEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// decodeEscapes turns the _xHHHH_ escapes spreadsheet programs use for control characters back
// into characters (which SafeText then removes).
func decodeEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return reEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:6], 16, 32)
		if err != nil || !utf8.ValidRune(rune(n)) {
			return m
		}
		return string(rune(n))
	})
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
