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

// lineBreaker breaks paragraphs. With width set, a string's width is the sum of its
// characters' (what the document's fonts give), measured once per paragraph; else measure
// measures every candidate line. With words set, a line never breaks inside a word of the
// vocabulary, a date or an ordinal (titles, captions, tables, charts); without, Chinese text
// breaks between any two characters (body text on the grid).
type lineBreaker struct {
	measure func(string) float64
	width   func(rune) float64
	words   *vocabulary
}

// wrap breaks one paragraph (no "\n") with the rules of BreakLines; the first line has its own
// width (an indent).
func wrap(seg string, first, rest float64, measure func(string) float64) []brokenLine {
	lines, _ := lineBreaker{measure: measure}.wrap(seg, first, rest)
	return lines
}

// balanced is lineBreaker.balanced with a measure and no vocabulary.
func balanced(seg string, width float64, measure func(string) float64) []brokenLine {
	return lineBreaker{measure: measure}.balanced(seg, width)
}

// brk is an allowed break: the line ends before end, the next starts at next (end < next
// when a run of spaces is left out); rune indexes.
type brk struct{ end, next int }

// candidates lists the allowed breaks of a paragraph, in order.
func (b lineBreaker) candidates(rs []rune) []brk {
	var keep []bool
	if b.words != nil {
		keep = b.words.keep(rs)
	}
	return candidates(rs, keep)
}

// candidates lists the breaks the rules allow, but none before rs[i] where keep[i].
func candidates(rs []rune, keep []bool) []brk {
	n := len(rs)
	var cands []brk
	for i := 0; i < n; {
		if rs[i] == ' ' {
			j := i
			for j < n && rs[j] == ' ' {
				j++
			}
			if i > 0 && !noEnd(rs[i-1]) && (j == n || !noStart(rs[j])) && (keep == nil || !keep[i]) {
				cands = append(cands, brk{i, j})
			}
			i = j
			continue
		}
		if i > 0 && rs[i-1] != ' ' && canBreak(rs[i-1], rs[i]) && (keep == nil || !keep[i]) {
			cands = append(cands, brk{i, i})
		}
		i++
	}
	return cands
}

// spans returns the paragraph's runes, their byte offsets (one more, the end) and the width of
// runes [a, b).
func (b lineBreaker) spans(seg string) ([]rune, []int, func(a, b int) float64) {
	offs := make([]int, 0, len(seg)+1)
	rs := make([]rune, 0, len(seg))
	for i, r := range seg {
		offs = append(offs, i)
		rs = append(rs, r)
	}
	offs = append(offs, len(seg))
	if b.width == nil {
		m := b.measure
		return rs, offs, func(i, j int) float64 { return m(seg[offs[i]:offs[j]]) }
	}
	pre := make([]float64, len(rs)+1)
	for i, r := range rs {
		pre[i+1] = pre[i] + b.width(r)
	}
	return rs, offs, func(i, j int) float64 { return pre[j] - pre[i] }
}

// wrap breaks one paragraph; forced counts the lines broken where no break was allowed
// (a word longer than the line).
func (b lineBreaker) wrap(seg string, first, rest float64) (lines []brokenLine, forced int) {
	if seg == "" {
		return []brokenLine{{"", true}}, 0
	}
	rs, offs, span := b.spans(seg)
	n := len(rs)
	cands := b.candidates(rs)
	var plain []brk // where a word longer than a line may break: by the rules alone
	if b.words != nil {
		plain = candidates(rs, nil)
	}

	fits := func(a, c int, w float64) bool {
		return span(a, c) <= w+1e-9*math.Max(1, math.Abs(w))
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

	// last is the last break of list in (pos, k], from index *ci on; -1 if none
	last := func(list []brk, ci *int, pos, k int) int {
		for *ci < len(list) && list[*ci].end <= pos {
			*ci++
		}
		best := -1
		for j := *ci; j < len(list) && list[j].end <= k; j++ {
			best = j
		}
		return best
	}
	pos, ci, pi, w := 0, 0, 0, first
	for pos < n {
		k := maxFit(pos, w)
		if k == n {
			lines = append(lines, brokenLine{seg[offs[pos]:], true})
			break
		}
		end, next := max(k, pos+1), max(k, pos+1) // nothing allowed fits: break where it is full
		if j := last(cands, &ci, pos, k); j >= 0 {
			end, next = cands[j].end, cands[j].next
		} else if j := last(plain, &pi, pos, k); j >= 0 { // a word longer than the line
			end, next = plain[j].end, plain[j].next
			forced++
		} else {
			forced++
		}
		lines = append(lines, brokenLine{seg[offs[pos]:offs[end]], next >= n})
		pos, w = next, rest
	}
	return lines, forced
}

// balanced breaks a paragraph into as few lines as wrap would, but as even as they can be.
// For titles and chart labels, where "生态环境\n局" should be "生态环\n境局" (or, with the
// vocabulary, "生态\n环境局").
//
// Among the ways to break it into that many lines without breaking more words, it takes the
// one whose longest and shortest lines differ least, a middle line shorter than both its
// neighbours (an hourglass) counting against it: GB/T 9704 wants a title's lines in a
// trapezoid or a diamond. A paragraph with too many ways is evened by narrowing the width.
func (b lineBreaker) balanced(seg string, width float64) []brokenLine {
	lines, forced := b.wrap(seg, width, width)
	if len(lines) < 2 {
		return lines
	}
	if forced == 0 {
		if best := b.evenest(seg, width, len(lines)); best != nil {
			return best
		}
	}
	lo, hi := 0.0, width
	for i := 0; i < 24 && hi-lo > 0.01; i++ {
		mid := (lo + hi) / 2
		if l, f := b.wrap(seg, mid, mid); len(l) <= len(lines) && f <= forced {
			hi = mid
		} else {
			lo = mid
		}
	}
	lines, _ = b.wrap(seg, hi, hi)
	return lines
}

// evenest tries every way of breaking seg into k lines that fit width at allowed breaks and
// returns the evenest (see balanced); nil when there are too many ways to try.
func (b lineBreaker) evenest(seg string, width float64, k int) []brokenLine {
	rs, offs, span := b.spans(seg)
	cands := b.candidates(rs)
	if k > 6 || len(cands) > 60 {
		return nil
	}
	eps := 1e-9 * math.Max(1, math.Abs(width))
	var (
		best     []int
		bestCost = math.Inf(1)
		chosen   = make([]int, 0, k-1)
		widths   = make([]float64, 0, k)
		tries    = 0
	)
	cost := func() float64 {
		lo, hi := math.Inf(1), 0.0
		for _, w := range widths {
			lo, hi = math.Min(lo, w), math.Max(hi, w)
		}
		c := hi - lo
		for i := 1; i+1 < len(widths); i++ {
			if d := math.Min(widths[i-1], widths[i+1]) - widths[i]; d > eps {
				c += 2 * d
			}
		}
		return c
	}
	var walk func(start, from int)
	walk = func(start, from int) {
		if tries++; tries > 20000 {
			return
		}
		if len(chosen) == k-1 {
			w := span(start, len(rs))
			if w > width+eps {
				return
			}
			widths = append(widths, w)
			if c := cost(); c <= bestCost+eps { // of equals, the last: the longer lines first
				bestCost, best = c, append(best[:0], chosen...)
			}
			widths = widths[:len(widths)-1]
			return
		}
		for j := from; j < len(cands); j++ {
			c := cands[j]
			if c.end <= start {
				continue
			}
			w := span(start, c.end)
			if w > width+eps {
				break
			}
			chosen = append(chosen, j)
			widths = append(widths, w)
			walk(c.next, j+1)
			chosen, widths = chosen[:len(chosen)-1], widths[:len(widths)-1]
		}
	}
	walk(0, 0)
	if best == nil || tries > 20000 {
		return nil
	}
	var out []brokenLine
	start := 0
	for _, j := range best {
		out = append(out, brokenLine{seg[offs[start]:offs[cands[j].end]], false})
		start = cands[j].next
	}
	return append(out, brokenLine{seg[offs[start]:], true})
}

// longestPiece is the width of the widest piece of a paragraph that no allowed break divides:
// the narrowest line it can be set in without breaking a word.
func (b lineBreaker) longestPiece(seg string) float64 {
	if seg == "" {
		return 0
	}
	rs, _, span := b.spans(seg)
	longest, start := 0.0, 0
	for _, c := range b.candidates(rs) {
		longest = math.Max(longest, span(start, c.end))
		start = c.next
	}
	return math.Max(longest, span(start, len(rs)))
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
