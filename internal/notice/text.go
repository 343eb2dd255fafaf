package notice

import (
	"strings"
	"unicode"
)

// fold maps full-width ASCII variants and ideographic spaces to their ASCII forms, rune for
// rune, so that patterns can be written once for both ways of typing.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0xA0:
			return ' '
		}
		return r
	}, s)
}

// squeeze removes all white space: labels and unit names are sometimes spaced out
// ("责 任 人", "经 发 局").
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == 0x3000 {
			return -1
		}
		return r
	}, s)
}

// cleanLine trims a line of the notice and turns tabs, ideographic and non-breaking spaces
// into plain spaces.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', 0x3000, 0xA0, '\f', '\v':
			return ' '
		case 0xFEFF, 0x200B:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cjkNumber parses 一 … 九十九, 一百 … 九百九十九 (also 〇/零/两); ok=false otherwise.
func cjkNumber(s string) (int, bool) {
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	if s == "" {
		return 0, false
	}
	total, cur := 0, -1
	for _, r := range s {
		if d, ok := digits[r]; ok {
			if cur >= 0 && cur != 0 {
				return 0, false // two digits in a row ("一二")
			}
			cur = d
			continue
		}
		switch r {
		case '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
		case '百':
			if cur <= 0 {
				return 0, false
			}
			total += cur * 100
		default:
			return 0, false
		}
		cur = -1
	}
	if cur > 0 {
		total += cur
	}
	if total == 0 {
		return 0, false
	}
	return total, true
}

// firstSentence returns the text up to and including the first sentence end (。！？), without
// the end mark; the whole text when there is none.
func firstSentence(s string) string {
	for i, r := range s {
		switch r {
		case '。', '！', '？', '!', '?':
			return strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(strings.TrimRight(s, "；;，,"))
}
