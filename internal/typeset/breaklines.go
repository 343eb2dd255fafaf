package typeset

// breaklines.go is the Chinese line breaker (GB/T 15834 避头尾). gofpdf's MultiCell and
// SplitText drop a character at each break of Chinese text and know nothing of these rules.

import (
	"math"
	"strings"
	"unicode"
)

// BreakLines breaks text into lines that fit width, as measure measures them.
//
//   - "\n" ends a line; it is not part of any line. An empty text, or an empty piece between
//     two "\n", gives one empty line.
//   - A line may break between two Chinese characters (and kana, Hangul, full-width forms),
//     between a Chinese character and a Latin word, and at a run of spaces. A Latin word or a
//     number is not broken ("PM2.5", "92.3%", "2023.9.30"), and a number keeps the Chinese
//     character after it ("2022年", "3项"). Only a word longer than a line is broken, at the
//     last character that fits.
//   - 避头尾: no line starts with closing punctuation (。，、；：？！）》」』”’〕】…·% and
//     the like) and none ends with opening punctuation (（《「『“‘〔【 and the like); "——" and
//     "……" are not split. Where the break would do that, the characters before it move down
//     to the next line with it (推出, never hanging punctuation): every line stays inside
//     width. Only when a whole line offers no allowed break is it broken where it is full.
//   - When a line breaks at a run of spaces (U+0020), the whole run is left out: it neither
//     ends the first line nor starts the next. No other character is ever dropped or added.
//
// So strings.Join(lines, "") equals text with every "\n" removed and with the space runs at
// which lines were broken removed. Every line fits width unless it is a single character
// wider than width. measure must grow (not strictly) as a string grows.
func BreakLines(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, seg := range strings.Split(text, "\n") {
		for _, l := range wrap(seg, width, width, measure) {
			out = append(out, l.text)
		}
	}
	return out
}

// brokenLine is a line of a paragraph; last tells the paragraph's last line, which is not
// justified.
type brokenLine struct {
	text string
	last bool
}

// wrap breaks one paragraph (no "\n"); the first line has its own width (an indent).
func wrap(seg string, first, rest float64, measure func(string) float64) []brokenLine {
	if seg == "" {
		return []brokenLine{{"", true}}
	}
	offs := make([]int, 0, len(seg)+1)
	rs := make([]rune, 0, len(seg))
	for i, r := range seg {
		offs = append(offs, i)
		rs = append(rs, r)
	}
	n := len(rs)
	offs = append(offs, len(seg))

	// the allowed breaks: the line ends before end, the next starts at next (end < next
	// when a run of spaces is left out)
	type brk struct{ end, next int }
	var cands []brk
	for i := 0; i < n; {
		if rs[i] == ' ' {
			j := i
			for j < n && rs[j] == ' ' {
				j++
			}
			if i > 0 && !noEnd(rs[i-1]) && (j == n || !noStart(rs[j])) {
				cands = append(cands, brk{i, j})
			}
			i = j
			continue
		}
		if i > 0 && rs[i-1] != ' ' && canBreak(rs[i-1], rs[i]) {
			cands = append(cands, brk{i, i})
		}
		i++
	}

	fits := func(a, b int, w float64) bool {
		return measure(seg[offs[a]:offs[b]]) <= w+1e-9*math.Max(1, math.Abs(w))
	}
	// maxFit is the end of the longest line from pos that fits (pos if not even one rune):
	// galloping, then bisection, so that a long paragraph costs O(n log n) measures of line
	// length.
	maxFit := func(pos int, w float64) int {
		if !fits(pos, pos+1, w) {
			return pos
		}
		lo, step, hi := pos+1, 1, n+1
		for {
			t := lo + step
			if t >= n {
				if fits(pos, n, w) {
					return n
				}
				hi = n
				break
			}
			if !fits(pos, t, w) {
				hi = t
				break
			}
			lo, step = t, step*2
		}
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if fits(pos, mid, w) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo
	}

	var out []brokenLine
	pos, ci, w := 0, 0, first
	for pos < n {
		k := maxFit(pos, w)
		if k == n {
			out = append(out, brokenLine{seg[offs[pos]:], true})
			break
		}
		for ci < len(cands) && cands[ci].end <= pos {
			ci++
		}
		best := -1
		for j := ci; j < len(cands) && cands[j].end <= k; j++ {
			best = j
		}
		end, next := max(k, pos+1), max(k, pos+1) // nothing allowed fits: break where it is full
		if best >= 0 {
			end, next = cands[best].end, cands[best].next
		}
		out = append(out, brokenLine{seg[offs[pos]:offs[end]], next >= n})
		pos, w = next, rest
	}
	return out
}

// balanced breaks a paragraph into as many lines as wrap would, but as even as they can be:
// the narrowest width that needs no more lines. For titles and chart labels, where
// "生态环境\n局" should be "生态环\n境局".
func balanced(seg string, width float64, measure func(string) float64) []brokenLine {
	lines := wrap(seg, width, width, measure)
	if len(lines) < 2 {
		return lines
	}
	lo, hi := 0.0, width
	for i := 0; i < 24 && hi-lo > 0.01; i++ {
		mid := (lo + hi) / 2
		if len(wrap(seg, mid, mid, measure)) <= len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return wrap(seg, hi, hi, measure)
}

// canBreak reports whether a line may break between two non-space characters.
func canBreak(p, n rune) bool {
	switch {
	case noStart(n), noEnd(p):
		return false
	case unicode.In(n, unicode.M) || n == 0x200D || p == 0x200D: // combining marks, ZWJ
		return false
	case p == n && (p == '—' || p == '…' || p == '⋯' || p == '―'): // —— and …… are one mark
		return false
	case !breakAround(p) && !breakAround(n): // inside a Latin word or number
		return false
	case isDigit(p) && unicode.Is(unicode.Han, n): // 2022年, 3项
		return false
	}
	return true
}

// breakAround tells characters a line may break before and after (subject to 避头尾):
// ideographs, kana, Hangul, CJK punctuation, full-width forms, pictographs.
func breakAround(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x11FF, // Hangul Jamo
		r >= 0x2E80 && r <= 0x9FFF,   // radicals, CJK symbols and punctuation, kana, CJK ideographs
		r >= 0xA960 && r <= 0xA97F,   // Hangul Jamo extended
		r >= 0xAC00 && r <= 0xD7FF,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0xFE10 && r <= 0xFE1F,   // vertical forms
		r >= 0xFE30 && r <= 0xFE6F,   // compatibility and small forms
		r >= 0x1F300 && r <= 0x1FAFF, // pictographs
		r >= 0x20000 && r <= 0x3FFFF: // ideographs beyond the BMP
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // full-width forms, but full-width letters and digits form words
		return !isFullwidthAlnum(r)
	}
	return false
}

func isFullwidthAlnum(r rune) bool {
	return (r >= '０' && r <= '９') || (r >= 'Ａ' && r <= 'Ｚ') || (r >= 'ａ' && r <= 'ｚ')
}

func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }

// noStart: closing punctuation, which may not begin a line.
func noStart(r rune) bool {
	return strings.ContainsRune("。，、；：？！）》」』”’〕】〗〙〛〉］｝＞…‥⋯·・％‰℃°′″～｡､﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞ー々〃"+
		"!%),.:;?]}", r)
}

// noEnd: opening punctuation, which may not end a line.
func noEnd(r rune) bool {
	return strings.ContainsRune("（《「『“‘〔【〖〘〚〈［｛＜﹙﹛﹝￥＄"+"([{", r)
}
