package xlsx

import (
	"math"
	"strings"
	"unicode"
)

// TextUnits is the width of text in units of the digit "0": East Asian wide characters count
// two, others one.
func TextUnits(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeUnits(r)
	}
	return w
}

func runeUnits(r rune) float64 {
	switch {
	case r < 0x1100:
		return 1
	case r >= 0x4E00 && r <= 0x9FFF: // the common ideographs: most of the text, decided at once
		return 2
	case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x30FF, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1100 && r <= 0x115F, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0x2E80 && r <= 0x2FFF, r >= 0x3100 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF:
		return 2
	case r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…':
		return 2
	}
	return 1
}

// Lines estimates how many lines text takes in a wrapped cell of the column width (in
// characters), at the font size in points (the width unit is the default 11 pt font's "0").
func Lines(text string, width, fontPt float64) int {
	if fontPt <= 0 {
		fontPt = 11
	}
	// usable width: Excel keeps a little padding; a larger font fits fewer characters
	usable := (width - 0.8) * 11 / fontPt
	if usable < 1 {
		usable = 1
	}
	n := 0
	for rest, more := text, true; more; {
		var para string
		para, rest, more = strings.Cut(rest, "\n")
		u := TextUnits(para)
		if u == 0 {
			n++
			continue
		}
		// words and punctuation do not split exactly at the edge: a little slack
		n += int(math.Ceil(u * 1.04 / usable))
	}
	return n
}

// Height estimates the height in points a row needs to show text wrapped in a column: spreadsheet
// programs other than Excel do not refit rows on opening, so the writer must.
func Height(text string, width, fontPt float64) float64 {
	if fontPt <= 0 {
		fontPt = 11
	}
	return float64(Lines(text, width, fontPt))*fontPt*1.32 + 5
}

// FitHeight is the largest Height over the cells of a row, at least min.
func FitHeight(min float64, fontPt float64, cells ...WidthText) float64 {
	h := min
	for _, c := range cells {
		// text that fits on one line even if every byte were a wide character needs no measuring
		if !strings.Contains(c.Text, "\n") && float64(2*len(c.Text)/3+1)*1.04 < (c.Width-0.8)*11/fontPt {
			continue
		}
		if x := Height(c.Text, c.Width, fontPt); x > h {
			h = x
		}
	}
	return h
}

// WidthText is a cell's text and its column width, for FitHeight.
type WidthText struct {
	Text  string
	Width float64
}
