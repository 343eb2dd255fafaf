package pdfdoc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese line breaking (GB/T 15834, 避头尾): a line may break between any two Chinese
// characters, Latin words and numbers are kept whole ("2022年" breaks only after 年, "PM2.5"
// and "92.3%" never), no line starts with closing punctuation and none ends with opening
// punctuation. When the greedy break would do that, the character before the break moves down
// to the next line with it. Every character is kept: the lines joined give back the text
// without its explicit line breaks.

// noStart may not begin a line.
const noStart = "。，、；：？！）》」』”’〕】〗〉…‥·%‰℃,.;:?!)]}>～"

// noEnd may not end a line.
const noEnd = "（《「『“‘〔【〖〈([{<"

func isNoStart(r rune) bool { return strings.ContainsRune(noStart, r) }
func isNoEnd(r rune) bool   { return strings.ContainsRune(noEnd, r) }

// numberUnits stay with the number before them.
const numberUnits = "年月日号时分秒个项条家次名人万亿元千百米吨天周倍岁户处件座"

// word reports whether a character belongs to a Latin word or number that stays whole.
func word(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-/@#&+'%", r))
}

// units cuts a paragraph into the pieces a line may not split: a Latin word or number (with
// its trailing spaces), or one other character.
func units(p string) []string {
	var out []string
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		j := i + size
		if word(r) {
			for j < len(p) {
				r2, s2 := utf8.DecodeRuneInString(p[j:])
				if !word(r2) {
					break
				}
				j += s2
			}
			// a number keeps the unit that follows it: 2022年, 118项, 5个
			if last := p[j-1]; last >= '0' && last <= '9' && j < len(p) {
				if r2, s2 := utf8.DecodeRuneInString(p[j:]); strings.ContainsRune(numberUnits, r2) {
					j += s2
				}
			}
		}
		for j < len(p) && p[j] == ' ' {
			j++
		}
		out = append(out, p[i:j])
		i = j
	}
	return out
}

// BreakLines breaks text into lines no wider than width, as measure measures them. Explicit
// "\n" start new lines; an empty paragraph gives an empty line. A single character wider than
// the line still gets a line of its own.
func BreakLines(text string, width float64, measure func(string) float64) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, breakParagraph(para, width, measure)...)
	}
	return lines
}

func breakParagraph(p string, width float64, measure func(string) float64) []string {
	if p == "" {
		return []string{""}
	}
	us := units(p)
	// a word wider than the line is split into characters
	fitted := us[:0:0]
	for _, u := range us {
		if utf8.RuneCountInString(u) > 1 && measure(strings.TrimRight(u, " ")) > width {
			for _, r := range u {
				fitted = append(fitted, string(r))
			}
			continue
		}
		fitted = append(fitted, u)
	}
	us = fitted
	var out []string
	for i := 0; i < len(us); {
		// greedy: as many units as fit (at least one)
		j, w := i, 0.0
		for j < len(us) && (j == i || w+measure(strings.TrimRight(us[j], " ")) <= width) {
			w += measure(us[j])
			j++
		}
		// 避头尾: move the break back while the next line would start with closing punctuation
		// or this one would end with opening punctuation; the rest is laid out again from there
		bad := func(k int) bool { return k < len(us) && (isNoStart(first(us[k])) || isNoEnd(last(us[k-1]))) }
		if bad(j) {
			k := j
			for k-1 > i && bad(k) {
				k--
			}
			if !bad(k) {
				j = k
			} // else no good break in this line (all punctuation): keep the greedy one
		}
		out = append(out, strings.Join(us[i:j], ""))
		i = j
	}
	return out
}

func first(u string) rune {
	r, _ := utf8.DecodeRuneInString(u)
	return r
}

func last(u string) rune {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(u, " "))
	return r
}
