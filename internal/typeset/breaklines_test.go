package typeset

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fixed measures a Chinese (wide) character as 1 and anything else as 0.5, combining marks 0.
func fixed(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.M):
		case wide(r):
			w++
		default:
			w += 0.5
		}
	}
	return w
}

func TestBreakLinesRules(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"chinese breaks anywhere", "一二三四五六七八九十", 4, []string{"一二三四", "五六七八", "九十"}},
		{"fits", "一二三", 3, []string{"一二三"}},
		{"comma pulls the character before it down", "一二三四，五六", 4, []string{"一二三", "四，五六"}},
		{"full stop and closing quote", "一二三。”四五六", 3, []string{"一二", "三。”", "四五六"}},
		{"closing bracket", "一二三四）五", 4, []string{"一二三", "四）五"}},
		{"enumeration comma", "甲乙丙丁、戊", 4, []string{"甲乙丙", "丁、戊"}},
		{"opening bracket does not end a line", "一二三（四五）", 4, []string{"一二三", "（四五）"}},
		{"opening book title mark", "一二三《四》", 4, []string{"一二三", "《四》"}},
		{"opening quote", "一二三“四五”", 4, []string{"一二三", "“四五”"}},
		{"dash is not split", "一二三——四", 3.5, []string{"一二三", "——四"}},
		{"ellipsis is not split", "一二三……", 3.5, []string{"一二", "三……"}},
		{"ellipsis does not start a line", "一二三四……", 4, []string{"一二三", "四……"}},
		{"percent stays with its number", "增长92.3%，下降", 4, []string{"增长", "92.3%，", "下降"}},
		{"number keeps its unit", "截至2022年7月", 4, []string{"截至", "2022年", "7月"}},
		{"pm2.5 is one word", "今年PM2.5浓度", 4, []string{"今年", "PM2.5浓", "度"}},
		{"latin words break at spaces, the space is left out", "hello world again", 4, []string{"hello", "world", "again"}},
		{"several spaces are left out whole", "hello   world", 4, []string{"hello", "world"}},
		{"spaces inside a line are kept", "ab cd ef gh", 4, []string{"ab cd ef", "gh"}},
		{"leading spaces are kept", "  ab", 4, []string{"  ab"}},
		{"trailing spaces that fit are kept", "ab  ", 4, []string{"ab  "}},
		{"trailing spaces that do not fit are left out", "abcdefgh   ", 4, []string{"abcdefgh"}},
		{"a word longer than a line is broken", "abcdefghijkl", 2, []string{"abcd", "efgh", "ijkl"}},
		{"a character wider than the line gets a line", "一二", 0.5, []string{"一", "二"}},
		{"only punctuation: broken where full", "。。。。。。", 4, []string{"。。。。", "。。"}},
		{"explicit newline", "一二\n三", 4, []string{"一二", "三"}},
		{"empty paragraph between", "一\n\n二", 4, []string{"一", "", "二"}},
		{"trailing newline gives an empty line", "一\n", 4, []string{"一", ""}},
		{"empty text", "", 4, []string{""}},
		{"latin after chinese may break", "统计PM2.5和PM10", 4, []string{"统计", "PM2.5和", "PM10"}},
		{"ascii comma does not start a line", "一二三四,五", 4, []string{"一二三", "四,五"}},
		{"full-width digits keep their unit", "一二三２０２２年", 5, []string{"一二三", "２０２２年"}},
		{"a number and unit longer than a line", "一二三２０２２年", 4, []string{"一二三", "２０２２", "年"}},
		{"middle dot does not start a line", "阿卜杜拉·买买提", 4, []string{"阿卜杜", "拉·买买", "提"}},
		{"combining mark stays with its letter", "一二三e\u0301", 3.2, []string{"一二三", "e\u0301"}},
		{"ideographic space is a character", "　　一二三", 4, []string{"　　一二", "三"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := BreakLines(c.text, c.width, fixed)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("BreakLines(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
			}
			if err := checkBreak(c.text, c.width, fixed, got); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkBreak checks BreakLines' contract on its result: the lines of the text are those of its
// "\n"-separated paragraphs in order; in each paragraph the lines give back the paragraph with
// only whole runs of spaces left out between lines (and at its end); every line fits or is one
// character; only an empty paragraph has an empty line.
func checkBreak(text string, width float64, measure func(string) float64, lines []string) error {
	return checkBreakWith(text, width, measure, func(seg string) []string { return BreakLines(seg, width, measure) }, lines)
}

// checkBreakWith is checkBreak for lines broken by breakPara.
func checkBreakWith(text string, width float64, measure func(string) float64, breakPara func(string) []string, lines []string) error {
	var joined []string
	for _, seg := range strings.Split(text, "\n") {
		ls := breakPara(seg)
		if len(ls) == 0 {
			return fmt.Errorf("paragraph %q gave no line", seg)
		}
		if err := checkParagraph(seg, width, measure, ls); err != nil {
			return fmt.Errorf("paragraph %q: %w", seg, err)
		}
		joined = append(joined, ls...)
	}
	if !reflect.DeepEqual(joined, lines) {
		return fmt.Errorf("lines %q are not the paragraphs' lines %q", lines, joined)
	}
	return nil
}

func checkParagraph(seg string, width float64, measure func(string) float64, lines []string) error {
	if seg == "" {
		if len(lines) != 1 || lines[0] != "" {
			return fmt.Errorf("empty paragraph gave %q", lines)
		}
		return nil
	}
	p := 0
	dropped := make([]bool, len(lines)) // spaces were left out before line i
	for i, l := range lines {
		if l == "" {
			return fmt.Errorf("line %d is empty", i)
		}
		if measure(l) > width+1e-9*max(1, width) && utf8.RuneCountInString(l) > 1 {
			return fmt.Errorf("line %d %q is %v wide, more than %v", i, l, measure(l), width)
		}
		if i > 0 && !strings.HasPrefix(seg[p:], l) {
			q := p
			for q < len(seg) && seg[q] == ' ' {
				q++
			}
			if q == p {
				return fmt.Errorf("line %d %q does not follow at %q", i, l, seg[p:])
			}
			if seg[p-1] == ' ' {
				return fmt.Errorf("a run of spaces was split before line %d", i)
			}
			p = q
			dropped[i] = true
		}
		if !strings.HasPrefix(seg[p:], l) {
			return fmt.Errorf("line %d %q does not follow at %q", i, l, seg[p:])
		}
		p += len(l)
	}
	if rest := seg[p:]; rest != "" {
		if strings.Trim(rest, " ") != "" {
			return fmt.Errorf("text left after the last line: %q", rest)
		}
		if seg[p-1] == ' ' {
			return fmt.Errorf("trailing spaces split")
		}
	}
	// 避头尾: a break against the rules is only made when the line had no allowed break
	for i := 0; i+1 < len(lines); i++ {
		prev, _ := utf8.DecodeLastRuneInString(lines[i])
		next, _ := utf8.DecodeRuneInString(lines[i+1])
		if prev == ' ' || next == ' ' || strings.Trim(lines[i], " ") == "" {
			continue // inside a run of spaces longer than a line
		}
		if (!dropped[i+1] && canBreak(prev, next)) || (dropped[i+1] && !noEnd(prev) && !noStart(next)) {
			continue
		}
		if j := allowedInside(lines[i]); j >= 0 {
			return fmt.Errorf("line %d %q breaks before %q against the rules, but could break at %d", i, lines[i], next, j)
		}
	}
	return nil
}

// allowedInside is the first allowed break inside a line (between its runes), -1 if none.
func allowedInside(l string) int {
	rs := []rune(l)
	for k := 1; k < len(rs); k++ {
		switch {
		case rs[k] == ' ' && rs[k-1] != ' ':
			j := k
			for j < len(rs) && rs[j] == ' ' {
				j++
			}
			if j < len(rs) && !noEnd(rs[k-1]) && !noStart(rs[j]) {
				return k
			}
		case rs[k] != ' ' && rs[k-1] != ' ' && canBreak(rs[k-1], rs[k]):
			return k
		}
	}
	return -1
}

// TestBreakLinesRandom runs the contract over random mixed text (the fuzz target goes wider).
func TestBreakLinesRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"整", "改", "台", "账", "，", "。", "、", "（", "）", "《", "》", "“", "”", "——", "……", " ", "  ", "PM2.5", "2022", "年", "92.3%", "a", "hello", "\n", "𠮷", "·", "e\u0301", "　"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := rng.Intn(40); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := b.String()
		width := float64(rng.Intn(16)) / 2
		if err := checkBreak(text, width, fixed, BreakLines(text, width, fixed)); err != nil {
			t.Fatalf("%q at %v: %v", text, width, err)
		}
	}
}

func FuzzBreakLines(f *testing.F) {
	f.Add("关于2022年7月生态环境保护督察整改工作进展情况的报告（截至7月31日）。", uint8(8))
	f.Add("hello   world  ", uint8(4))
	f.Add("一二三四，五六\n\n（七）“八”——九……", uint8(7))
	f.Add("PM2.5浓度下降92.3%，𠮷", uint8(3))
	f.Add("\xff\xfe一\x00二", uint8(1))
	f.Fuzz(func(t *testing.T, text string, w uint8) {
		width := float64(w%48) / 2
		lines := BreakLines(text, width, fixed)
		if err := checkBreak(text, width, fixed, lines); err != nil {
			t.Fatalf("%q at %v: %v", text, width, err)
		}
		// balanced lines (titles, chart labels) keep the contract and the number of lines
		if seg, _, _ := strings.Cut(text, "\n"); len(seg) < 2000 {
			var got []string
			for _, l := range balanced(seg, width, fixed) {
				got = append(got, l.text)
			}
			if err := checkParagraph(seg, width, fixed, got); err != nil {
				t.Fatalf("balanced %q at %v: %v", seg, width, err)
			}
			if n := len(BreakLines(seg, width, fixed)); len(got) != n {
				t.Fatalf("balanced %q at %v: %d lines, greedy %d", seg, width, len(got), n)
			}
		}
	})
}

func TestBalanced(t *testing.T) {
	cases := []struct {
		text  string
		width float64
		want  []string
	}{
		{"生态环境局", 4, []string{"生态环", "境局"}},
		{"关于长白山保护开发区生态环境保护督察反馈问题整改工作进展情况的报告", 20, []string{"关于长白山保护开发区生态环境保护督", "察反馈问题整改工作进展情况的报告"}},
		{"一二三", 4, []string{"一二三"}},
		{"", 4, []string{""}},
	}
	for _, c := range cases {
		var got []string
		for _, l := range balanced(c.text, c.width, fixed) {
			got = append(got, l.text)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("balanced(%q, %v) = %q, want %q", c.text, c.width, got, c.want)
		}
		if err := checkParagraph(c.text, c.width, fixed, got); err != nil {
			t.Error(err)
		}
	}
}

// TestBreakLinesLong makes sure a long paragraph costs about n log n measures, not n².
func TestBreakLinesLong(t *testing.T) {
	text := strings.Repeat("整改工作序时推进，PM2.5浓度下降。", 2000)
	calls := 0
	m := func(s string) float64 { calls++; return fixed(s) }
	lines := BreakLines(text, 28, m)
	if err := checkParagraph(text, 28, fixed, lines); err != nil {
		t.Fatal(err)
	}
	if per := calls / len(lines); per > 20 {
		t.Errorf("%d measures per line", per)
	}
}
