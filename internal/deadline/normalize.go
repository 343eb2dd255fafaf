package deadline

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normText is a text in the one spelling the scanner reads: ASCII digits and punctuation,
// Chinese numerals of dates as digits, straight quotes, no spaces. Every byte remembers the
// span of the original text it came from, so matches can be reported in the original.
type normText struct {
	s          string
	start, end []int // original byte span of the rune that produced s[i]
}

// span maps the normalized span [i, j) back to the original text.
func (n normText) span(i, j int) (int, int) { return n.start[i], n.end[j-1] }

type normBuilder struct {
	b          strings.Builder
	start, end []int
}

func (nb *normBuilder) emit(s string, from, to int) {
	nb.b.WriteString(s)
	for range len(s) {
		nb.start = append(nb.start, from)
		nb.end = append(nb.end, to)
	}
}

func (nb *normBuilder) lastIsDigit() bool {
	s := nb.b.String()
	return s != "" && isDigit(s[len(s)-1])
}

func normalize(text string) normText {
	var nb normBuilder
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isSpace(r):
			j := skipSpaces(text, i)
			// spaces vanish, except between two digits, where joining them would make a new number
			next, _ := utf8.DecodeRuneInString(text[j:])
			if f := fold(next); nb.lastIsDigit() && f < utf8.RuneSelf && isDigit(byte(f)) {
				nb.emit(" ", i, j)
			}
			i = j
		case strings.ContainsRune(cnDigits, r):
			i = nb.numerals(text, i)
		default:
			nb.emit(string(fold(r)), i, i+size)
			i += size
		}
	}
	return normText{s: nb.b.String(), start: nb.start, end: nb.end}
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff'
}

func skipSpaces(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isSpace(r) {
			break
		}
		i += size
	}
	return i
}

// fold maps full-width forms to ASCII and the many quotes and dashes to one each.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII: ２０２２，（）：．／－～
		return r - 0xFEE0
	}
	switch r {
	case '“', '”', '„', '‟', '〝', '〞', '「', '」', '『', '』', '‘', '’', '″':
		return '"'
	case '‐', '‑', '−', '﹣': // hyphens and minus: as in 2023‐09‐30
		return '-'
	case '‒', '–', '—', '―', '﹘': // dashes: as in 2022年6月—2023年6月
		return '—'
	case '〜':
		return '~'
	}
	return r
}

// cnDigits are the characters of Chinese numerals in dates (二〇二二年, 十二月, 二十日).
const cnDigits = "〇○零一二三四五六七八九十两"

// numerals reads a run of Chinese numeral characters at text[i:] and emits it, as digits when
// it is part of a date: a year of four digit characters before 年 (二〇二二年), a month, day
// or quarter before 月, 日, 号 or 季 (十二月, 二十日, 三季度). Other runs ("一些", "十四五",
// "三年行动") are kept as they are. It returns where the run ends.
func (nb *normBuilder) numerals(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !strings.ContainsRune(cnDigits, r) {
			break
		}
		j += size
	}
	run := text[i:j]
	next, _ := utf8.DecodeRuneInString(text[skipSpaces(text, j):])
	v := -1
	switch next {
	case '年':
		v = cnYear(run)
	case '月', '日', '号':
		if v = cnNumber(run); v > 31 {
			v = -1
		}
	case '季':
		if v = cnNumber(run); v > 4 {
			v = -1
		}
	}
	if v > 0 {
		nb.emit(strconv.Itoa(v), i, j)
		return j
	}
	for k, r := range run {
		nb.emit(string(r), i+k, i+k+utf8.RuneLen(r))
	}
	return j
}

// cnYear reads a year written digit by digit (二〇二二, 二○二三); -1 for anything else.
func cnYear(s string) int {
	rs := []rune(s)
	if len(rs) != 4 {
		return -1
	}
	v := 0
	for _, r := range rs {
		d := cnDigit(r)
		if d < 0 {
			return -1
		}
		v = v*10 + d
	}
	return v
}

// cnNumber reads a Chinese number from 1 to 99: 九, 十, 十二, 二十, 二十五. It returns -1 for
// anything else, including digit-by-digit runs ("一二" is more likely 一、二 than 12).
func cnNumber(s string) int {
	rs := []rune(s)
	digit := func(k int) int { // rs[k] as 1-9, -1 when it is not
		if d := cnDigit(rs[k]); d >= 1 {
			return d
		}
		return -1
	}
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return digit(0)
	case len(rs) == 2 && rs[0] == '十': // 十二
		if d := digit(1); d > 0 {
			return 10 + d
		}
	case len(rs) == 2 && rs[1] == '十': // 二十
		if d := digit(0); d > 0 {
			return 10 * d
		}
	case len(rs) == 3 && rs[1] == '十': // 二十五
		if t, d := digit(0), digit(2); t > 0 && d > 0 {
			return 10*t + d
		}
	}
	return -1
}

// cnDigit reads one numeral character as 0-9; -1 when it is not one (十 is not a digit).
func cnDigit(r rune) int {
	switch r {
	case '〇', '○', '零':
		return 0
	case '两':
		return 2
	}
	for d, c := range []rune("一二三四五六七八九") {
		if r == c {
			return d + 1
		}
	}
	return -1
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
