package deadline

import (
	"strings"
	"time"
)

// Parse reads a whole 整改时限 field: "2022年9月底", "立整立改，长期坚持", "2023年10月下旬至11月".
//
// A field that names several dates ("2022年9月底前完成排查；2022年年底前制定方案") is due at
// the latest. A date wins over a rule (每年…) and both over 长期坚持 ("2022年12月底前完成，长期
// 坚持" is due 2022-12-31: the stage deadline is what the office tracks). One expression that
// cannot be resolved (2022年13月, 11月底前 without a year) makes the whole field unknown
// rather than leaving a date that may be wrong. Starting points ("2022年6月起") are not
// deadlines.
func Parse(text string, ctx Context) Deadline {
	d := Deadline{Text: strings.TrimSpace(text), Kind: KindUnknown}
	n := normalize(d.Text)
	var toks []token
	for _, t := range scan(n.s) {
		if !t.since {
			toks = append(toks, t)
		}
	}
	var latest, rule *Deadline
	for _, r := range resolveAll(toks, ctx) {
		switch r.Kind {
		case KindUnknown:
			return d
		case KindDate:
			if latest == nil || r.Due.After(latest.Due) {
				latest = &r
			}
		case KindRecurring:
			if rule == nil {
				rule = &r
			}
		}
	}
	switch {
	case latest != nil:
		d.Kind, d.Due = KindDate, latest.Due
	case rule != nil:
		d.Kind, d.Rule = KindRecurring, rule.Rule
	case isOngoing(n.s):
		d.Kind = KindOngoing
	}
	return d
}

// ongoingWords say a task has no due date: it is done now and kept up.
var ongoingWords = []string{"长期坚持", "长期", "持续推进", "持续整改", "持续开展", "常态化", "立整立改", "立行立改", "即知即改"}

func isOngoing(s string) bool {
	for _, w := range ongoingWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Match is a deadline expression found in running text; Start and End are byte offsets in
// the text, and Deadline.Text is text[Start:End].
type Match struct {
	Start, End int
	Deadline   Deadline
}

// Find scans free text (a measure paragraph) for the expressions that act as deadlines
// ("2022年6月底前，…", "…在2022年5月底之前完成…", "11月底前，…", "每年3月底前完成…", "到2025年")
// and returns them in order. A year-less expression takes the year of the closest preceding
// deadline that has one, else ctx.Year; without either it is returned as KindUnknown, as is
// an impossible date, so that callers can report it.
//
// A date acts as a deadline when it ends in 前/之前/以前/底/末 (2022年8月底前, 2023年第三季度末),
// ends a range that does (2022年6月至12月底), or is a target after 到/至/于 (到2025年, 于2023年底).
// Historical references are left out: bare dates (2020年全省…, 2021年1月至8月，…), starting
// points (2017年以来, 2022年6月起), and dates after 截至/对/自/从/较/比 (截至2021年底,
// 对2020年9月1日前取得…). A 每… rule counts only when it names when (每年3月底前, 每季度末,
// 每月10日前): "每年将…纳入", "每季度研究" say how often, not by when.
func Find(text string, ctx Context) []Match {
	n := normalize(text)
	var toks []token
	var starts []int
	for _, t := range scan(n.s) {
		if start, ok := deadlineStart(n.s, t); ok {
			toks = append(toks, t)
			starts = append(starts, start)
		}
	}
	ms := make([]Match, 0, len(toks))
	for i, d := range resolveAll(toks, ctx) {
		start, end := n.span(starts[i], toks[i].end)
		d.Text = text[start:end]
		ms = append(ms, Match{Start: start, End: end, Deadline: d})
	}
	return ms
}

// deadlineStart decides whether a token acts as a deadline in running text, and where its
// match starts: a target word is part of it ("到2025年" reads as a deadline, "2025年" does not).
func deadlineStart(s string, t token) (int, bool) {
	if t.since {
		return 0, false
	}
	before := s[:t.start]
	for _, w := range []string{"截至", "截止到", "截止", "对", "自", "从", "较", "比", "达到"} {
		if strings.HasSuffix(before, w) {
			return 0, false
		}
	}
	if t.rule != nil || t.ruleBad {
		return t.start, t.marked
	}
	if t.from != nil && !t.marked && window(s[t.end:]) {
		return t.start, true
	}
	for _, w := range []string{"到", "至"} {
		if strings.HasSuffix(before, w) {
			return t.start - len(w), true
		}
	}
	return t.start, t.marked || strings.HasSuffix(before, "于")
}

// windowVerbs open what is done within a window of time: "2023年10月下旬至11月开展…",
// "2022年6月至12月,集中整治…". A range followed by one of them is due at its end; a range
// followed by anything else (2021年1月至8月,全省…) is history, not a deadline.
var windowVerbs = []string{"开展", "组织", "完成", "实施", "推进", "进行", "集中", "启动", "落实", "建立", "制定", "编制",
	"部署", "整治", "排查", "检查", "督查", "清理", "全面", "专项", "分批", "逐步", "持续"}

// window reports whether the text after a range says what is done within it.
func window(after string) bool {
	after = strings.TrimLeft(after, ",，、 期间内")
	for _, v := range windowVerbs {
		if strings.HasPrefix(after, v) {
			return true
		}
	}
	return false
}

// resolveAll turns tokens into deadlines (without Text), lending each year-less one the year
// of the closest preceding dated one, or the context's.
func resolveAll(toks []token, ctx Context) []Deadline {
	year := ctx.Year
	out := make([]Deadline, len(toks))
	for i, t := range toks {
		d, hasYear := t.resolve(year)
		if d.Kind == KindDate && hasYear {
			year = d.Due.Year()
		}
		out[i] = d
	}
	return out
}

// resolve turns a token into a deadline, using year when it names none. hasYear reports
// whether the token wrote its year, so that it may lend it to the next ones.
func (t token) resolve(year int) (d Deadline, hasYear bool) {
	unknown := Deadline{Kind: KindUnknown}
	if t.rule != nil {
		return Deadline{Kind: KindRecurring, Rule: t.rule}, false
	}
	if t.ruleBad {
		return unknown, false
	}
	due, ok := t.to.resolve(year)
	if !ok {
		return unknown, false
	}
	if t.from != nil {
		if due, ok = t.rangeEnd(due, year); !ok {
			return unknown, false
		}
	}
	return Deadline{Kind: KindDate, Due: due}, t.to.year != 0 && !t.to.period
}

// rangeEnd checks a range's end against its start. An end whose year was not written that
// falls before the start is in the next year (2022年11月至2月 → 2023-02-28); one whose year
// was written is an error (2022年12月至2022年6月).
func (t token) rangeEnd(due time.Time, year int) (time.Time, bool) {
	start, ok := t.from.resolve(year)
	if !ok {
		return time.Time{}, false
	}
	if !due.Before(start) {
		return due, true
	}
	if t.to.year != 0 && !t.to.inherited {
		return time.Time{}, false
	}
	next := t.to
	next.year = start.Year() + 1
	return next.resolve(year)
}

// Latest returns the measure's own deadline from Find's matches: the latest dated one; when
// there is none, the first recurring one; ok is false when there is neither.
func Latest(ms []Match) (Deadline, bool) {
	var best *Deadline
	for i := range ms {
		d := &ms[i].Deadline
		if d.Kind == KindDate && (best == nil || d.Due.After(best.Due)) {
			best = d
		}
	}
	if best != nil {
		return *best, true
	}
	for _, m := range ms {
		if m.Deadline.Kind == KindRecurring {
			return m.Deadline, true
		}
	}
	return Deadline{}, false
}
