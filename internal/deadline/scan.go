package deadline

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The scanner reads normalized text (see normalize): ASCII digits, "年月日", straight quotes,
// no spaces. It finds every time expression, deadline or not; Parse and Find then decide which
// ones count.

// unit is what a point in time names; the deadline is the end of it.
type unit int

const (
	uYear    unit = iota // 2022年, 2022年底
	uHalf                // 2023年上半年: n = 1 or 2
	uQuarter             // 2023年第三季度: n = 1-4
	uMonth               // 2022年9月(底): n = month
	uDay                 // 2023年4月15日, 8月中旬: n = month, day
)

// point is one point in time as written; values are checked only when it is resolved, so that
// "2022年13月" is seen whole and reported, not read as "2022年".
type point struct {
	year      int // 0 when not written
	unit      unit
	n, day    int
	marked    bool // the expression says 底/末: the end of the period
	period    bool // a five-year plan ("十四五"): the year is computed, not written
	inherited bool // the end of a range took its year from the range's start
	bad       bool // a form read but not resolvable to a date: 2023年初, 4月中
}

// resolve returns the point's due date, using year when the point names none.
func (p point) resolve(year int) (time.Time, bool) {
	if p.year != 0 {
		year = p.year
	}
	if p.bad || year < minYear || year > maxYear {
		return time.Time{}, false
	}
	switch p.unit {
	case uYear:
		return date(year, 12, 31), true
	case uHalf:
		if p.n == 1 || p.n == 2 {
			return monthEnd(year, 6*p.n), true
		}
	case uQuarter:
		if p.n >= 1 && p.n <= 4 {
			return monthEnd(year, 3*p.n), true
		}
	case uMonth:
		if p.n >= 1 && p.n <= 12 {
			return monthEnd(year, p.n), true
		}
	case uDay:
		if p.n >= 1 && p.n <= 12 && p.day >= 1 && p.day <= daysIn(year, p.n) {
			return date(year, p.n, p.day), true
		}
	}
	return time.Time{}, false
}

// token is one time expression in normalized text.
type token struct {
	start, end int    // the span in the normalized text, with a trailing 前/之前/以前
	from       *point // the start of a range, nil when it is not one
	to         point  // the point the deadline is at: the end of a range
	rule       *Rule  // for 每… expressions
	ruleBad    bool   // a 每… expression with an impossible day (每年2月30日)
	marked     bool   // ends in 前/底/末…: it reads as a deadline on its own
	since      bool   // followed by 以来/起/至今…: a starting point, never a deadline
}

// scan returns the time expressions of s, in order, without overlaps.
func scan(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		if t, ok := scanAt(s, i); ok {
			toks = append(toks, t)
			i = t.end
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return toks
}

func scanAt(s string, i int) (token, bool) {
	if !canStart(s, i) {
		return token{}, false
	}
	if strings.HasPrefix(s[i:], "每") {
		return scanRule(s, i)
	}
	if t, ok := scanPlanPeriod(s, i); ok {
		return t, true
	}
	return scanDate(s, i)
}

// startRunes begin the expressions that do not begin with a digit: 每年…, “十四五”, 十四五末,
// 第三季度, 上半年, 下半年, 年底.
const startRunes = `每"一二三四五六七八九十第上下年`

// canStart reports whether an expression may begin at s[i]: a digit that starts a number
// ("12号" of "〔2021〕12号" is seen at its "1"; the "5月" of "29.5月" nowhere), or one of
// startRunes not right after a number (the "年底" of the typo "20222年底" is no year end).
func canStart(s string, i int) bool {
	if i > 0 && (isDigit(s[i-1]) || s[i-1] == '.' && i > 1 && isDigit(s[i-2])) {
		return false
	}
	if isDigit(s[i]) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return strings.ContainsRune(startRunes, r)
}

// cursor reads s from i.
type cursor struct {
	s string
	i int
}

// eat consumes the first of words found at the cursor and returns it; "" when none is there.
// List longer words first ("年底" before "年").
func (c *cursor) eat(words ...string) string {
	for _, w := range words {
		if strings.HasPrefix(c.s[c.i:], w) {
			c.i += len(w)
			return w
		}
	}
	return ""
}

// num consumes a number of lo to hi ASCII digits. A longer run of digits is no such number.
func (c *cursor) num(lo, hi int) (int, bool) {
	j := c.i
	for j < len(c.s) && isDigit(c.s[j]) {
		j++
	}
	if j-c.i < lo || j-c.i > hi {
		return 0, false
	}
	v, _ := strconv.Atoi(c.s[c.i:j])
	c.i = j
	return v, true
}

// numThen consumes a number of lo to hi digits followed by one of words, or nothing.
func (c *cursor) numThen(lo, hi int, words ...string) (int, bool) {
	save := c.i
	if v, ok := c.num(lo, hi); ok && c.eat(words...) != "" {
		return v, true
	}
	c.i = save
	return 0, false
}

// endMark consumes 底/末 after a period: 第三季度末, 上半年底.
func (c *cursor) endMark() bool { return c.eat("末期", "末", "底") != "" }

// beforeMark consumes 前 and its variants after an expression. "前期" (early stage) and "前后"
// (around) are not deadlines.
func (c *cursor) beforeMark() bool {
	save := c.i
	if c.eat("结束前", "之前", "以前", "前") == "" {
		return false
	}
	if c.eat("期", "后") != "" {
		c.i = save
		return false
	}
	return true
}

// scanDate reads a point or a range of points at s[i:].
func scanDate(s string, i int) (token, bool) {
	c := &cursor{s: s, i: i}
	from, ok := c.point()
	if !ok {
		return scanYearRange(s, i)
	}
	t := token{start: i, to: from}
	if to, ok := c.rangeEnd(from); ok {
		t.from, t.to = &from, to
	}
	t.finish(c)
	if from.year == 0 && yearUnknowable(s, i) {
		t.to.bad = true
	}
	return t, true
}

// scanYearRange reads a range that starts with a bare year: "2021—2025年".
func scanYearRange(s string, i int) (token, bool) {
	c := &cursor{s: s, i: i}
	y, ok := c.num(4, 4)
	if !ok || c.eat("至", "到", "—", "-", "~") == "" {
		return token{}, false
	}
	c.eat("—")
	to, ok := c.point()
	if !ok || to.year == 0 {
		return token{}, false
	}
	t := token{start: i, from: &point{year: y, unit: uYear}, to: to}
	t.finish(c)
	return t, true
}

// finish reads what may follow an expression: 前, or a word that makes it a starting point.
func (t *token) finish(c *cursor) {
	t.marked = c.beforeMark() || t.to.marked
	t.end = c.i
	rest := c.s[c.i:]
	for _, w := range []string{"以来", "起", "开始", "以后", "之后", "后", "至今"} {
		if strings.HasPrefix(rest, w) && !strings.HasPrefix(rest, "起草") {
			t.since = true
		}
	}
}

// point reads one point in time: with a year (2022年9月底, 2023年第三季度, 2023.9.30) or
// without (11月底, 8月中旬, 第三季度, 上半年, 年底).
func (c *cursor) point() (point, bool) {
	start := c.i
	if y, ok := c.numThen(4, 4, "年"); ok {
		p := point{year: y}
		c.afterYear(&p)
		c.checkVague(&p)
		return p, true
	}
	if p, ok := c.numeric(); ok {
		return p, true
	}
	var p point
	switch {
	case c.month(&p):
	case c.quarter(&p):
	case c.half(&p):
	case c.eat("年底", "年末") != "":
		p = point{unit: uYear, marked: true}
	default:
		c.i = start
		return point{}, false
	}
	c.checkVague(&p)
	return p, true
}

// afterYear reads what follows "2022年": a month, quarter, half, 底, or nothing (the year).
func (c *cursor) afterYear(p *point) {
	switch {
	case c.month(p), c.quarter(p), c.half(p):
	case c.eat("年底", "年末", "底", "末") != "":
		p.unit, p.marked = uYear, true
	default:
		c.eat("年度", "度")
		p.unit = uYear
	}
}

// month reads "9月", "9月底", "8月中旬", "4月15日".
func (c *cursor) month(p *point) bool {
	m, ok := c.numThen(1, 2, "月")
	if !ok {
		return false
	}
	c.eat("份")
	p.n = m
	p.unit = uMonth
	if d, ok := c.numThen(1, 2, "日", "号"); ok {
		p.unit, p.day = uDay, d
		return true
	}
	switch c.eat("上旬", "中旬", "下旬", "底", "末") {
	case "上旬":
		p.unit, p.day = uDay, 10
	case "中旬":
		p.unit, p.day = uDay, 20
	case "底", "末":
		p.marked = true
	}
	return true
}

// quarter reads "第三季度", "3季度", "第3季", then an optional 末/底.
func (c *cursor) quarter(p *point) bool {
	save := c.i
	c.eat("第")
	q, ok := c.numThen(1, 1, "季度", "季")
	if !ok {
		c.i = save
		return false
	}
	p.unit, p.n = uQuarter, q
	p.marked = c.endMark()
	return true
}

// half reads "上半年" and "下半年", then an optional 末/底.
func (c *cursor) half(p *point) bool {
	switch c.eat("上半年", "下半年") {
	case "上半年":
		p.n = 1
	case "下半年":
		p.n = 2
	default:
		return false
	}
	p.unit = uHalf
	p.marked = c.endMark()
	return true
}

// numeric reads 2023.9.30, 2023/9/30, 2023-09-30 and 2023.09 (the month's end).
func (c *cursor) numeric() (point, bool) {
	start := c.i
	y, ok := c.num(4, 4)
	sep := c.eat(".", "/", "-")
	if !ok || sep == "" {
		c.i = start
		return point{}, false
	}
	m, ok := c.num(1, 2)
	if !ok {
		c.i = start
		return point{}, false
	}
	p := point{year: y, unit: uMonth, n: m}
	save := c.i
	if c.eat(sep) != "" {
		if d, ok := c.num(1, 2); ok {
			p.unit, p.day = uDay, d
		} else {
			c.i = save
		}
	}
	return p, true
}

// checkVague marks a point followed by 初 or 中 (2023年初, 4月中): the beginning or middle of
// a period is no date to resolve, and reading it as the period's end would be wrong.
func (c *cursor) checkVague(p *point) {
	rest := c.s[c.i:]
	if strings.HasPrefix(rest, "初") {
		p.bad = true
	}
	if strings.HasPrefix(rest, "中") {
		for _, w := range []string{"中央", "中国", "中共", "中心", "中小"} {
			if strings.HasPrefix(rest, w) {
				return
			}
		}
		p.bad = true
	}
}

// rangeEnd reads the end of a range after its start: "至11月", "—2023年6月", "至15日".
// An end without a year takes the start's.
func (c *cursor) rangeEnd(from point) (point, bool) {
	save := c.i
	if c.eat("至", "到", "—", "-", "~") == "" {
		return point{}, false
	}
	c.eat("—") // a doubled dash: ——
	to, ok := c.point()
	if !ok && (from.unit == uMonth || from.unit == uDay) {
		if d, ok2 := c.numThen(1, 2, "日", "号"); ok2 {
			to, ok = point{unit: uDay, n: from.n, day: d}, true
		}
	}
	if !ok {
		c.i = save
		return point{}, false
	}
	if to.year == 0 && from.year != 0 {
		to.year, to.inherited = from.year, true
	}
	return to, true
}

// yearUnknowable reports whether a year-less point at s[i:] follows a year word whose year it
// cannot take from the context: a relative year (明年3月, 次年6月, 明年底, 明年年底) or a
// malformed one (222年9月). Only 今年, 当年 and 本年 mean the context's year.
func yearUnknowable(s string, i int) bool {
	before := s[:i]
	if strings.HasPrefix(s[i:], "年") { // 年底 may end a year word: 明年底, 今年底
		r, _ := utf8.DecodeLastRuneInString(before)
		if r != '年' {
			return strings.ContainsRune("明次翌来后去前上下", r)
		}
	}
	if !strings.HasSuffix(before, "年") {
		return false
	}
	for _, w := range []string{"今年", "当年", "本年"} {
		if strings.HasSuffix(before, w) {
			return false
		}
	}
	return true
}

// scanRule reads a recurring expression: 每年3月底前, 每年年底, 每季度末, 每半年, 每月10日前.
// The rule is marked (a deadline in running text) when it names a day, a month or an end;
// "每年", "每季度" alone say how often, not by when.
func scanRule(s string, i int) (token, bool) {
	c := &cursor{s: s, i: i + len("每")}
	t := token{start: i}
	every, month, day := "", 0, 0
	var p point // what names the month in 每年…
	switch c.eat("年度", "年", "半年度", "半年", "季度", "季", "个月", "月") {
	case "年度", "年":
		every, month = everyYear, 12
		switch {
		case c.month(&p):
			month, day, t.marked = p.n, p.day, true
		case c.quarter(&p):
			month, t.marked = 3*p.n, true
		case c.half(&p):
			month, t.marked = 6*p.n, true
		case c.eat("年底", "年末", "底", "末") != "":
			t.marked = true
		}
	case "半年度", "半年":
		every = everyHalf
		t.marked = c.endMark()
	case "季度", "季":
		every = everyQuarter
		t.marked = c.endMark()
	case "个月", "月":
		every = everyMonth
		t.marked = true
		if d, ok := c.numThen(1, 2, "日", "号"); ok {
			day = d
		} else {
			switch c.eat("上旬", "中旬", "下旬", "底", "末") {
			case "上旬":
				day = 10
			case "中旬":
				day = 20
			case "":
				t.marked = false
			}
		}
	default:
		return token{}, false
	}
	c.checkVague(&p) // 每年初, 每月中, 每年3月初: no day to fall due on
	if c.beforeMark() {
		t.marked = true
	}
	t.end = c.i
	if t.rule, _ = newRule(every, month, day); p.bad {
		t.rule = nil
	}
	t.ruleBad = t.rule == nil
	return t, true
}

// scanPlanPeriod reads a five-year plan period: “十四五”末期, "十四五"期间, 十四五末. Without
// quotes it needs a word after it (十四五末), so that "十五" in other words is left alone.
func scanPlanPeriod(s string, i int) (token, bool) {
	const numerals = "一二三四五六七八九十"
	c := &cursor{s: s, i: i}
	quoted := c.eat(`"`) != ""
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); !quoted && strings.ContainsRune(numerals, r) {
		return token{}, false // inside a run of numerals, already read from its start
	}
	start := c.i
	// a plan's name has at most four characters (二十九五); stopping there keeps a long run
	// of numerals from being read again from each of its characters
	for k := 0; k < 5 && c.i < len(s); k++ {
		r, size := utf8.DecodeRuneInString(s[c.i:])
		if !strings.ContainsRune(numerals, r) {
			break
		}
		c.i += size
	}
	name := s[start:c.i]
	if utf8.RuneCountInString(name) > 4 || !strings.HasSuffix(name, "五") || quoted && c.eat(`"`) == "" {
		return token{}, false
	}
	n := cnNumber(strings.TrimSuffix(name, "五"))
	suffix := c.eat("末期", "期末", "末", "结束", "期间", "时期", "规划期")
	// the Nth plan ends in 1985+5(N-6): 十三五 2020, 十四五 2025
	year := 1985 + 5*(n-6)
	if n < 0 || year < minYear || year > maxYear || !quoted && suffix == "" {
		return token{}, false
	}
	if suffix == "" && strings.HasPrefix(s[c.i:], "规划") {
		return token{}, false // “十四五”规划 names a document, not a time
	}
	p := point{year: year, unit: uYear, period: true}
	p.marked = suffix == "末期" || suffix == "期末" || suffix == "末" || suffix == "结束"
	t := token{start: i, to: p}
	t.finish(c)
	return t, true
}
