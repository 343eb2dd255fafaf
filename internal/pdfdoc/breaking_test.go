package pdfdoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// mono measures every character as 1, Latin as 0.5: a line of width 10 holds 10 Chinese
// characters.
func mono(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

func TestBreakLines(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "整改工作", 10, []string{"整改工作"}},
		{"plain break", "一二三四五六七八九十甲乙", 10, []string{"一二三四五六七八九十", "甲乙"}},
		{"comma not at line start", "一二三四五六七八九十，乙", 10, []string{"一二三四五六七八九", "十，乙"}},
		{"full stop and closing quote", "一二三四五六七八九十。”乙", 10, []string{"一二三四五六七八九", "十。”乙"}},
		{"opening bracket not at line end", "一二三四五六七八九（十）", 10, []string{"一二三四五六七八九", "（十）"}},
		{"opening quote not at line end", "一二三四五六七八九“十”", 10, []string{"一二三四五六七八九", "“十”"}},
		{"number kept whole", "一二三四五六七八2022年", 10, []string{"一二三四五六七八", "2022年"}},
		{"decimal and percent kept", "一二三四五六七八九92.3%", 10, []string{"一二三四五六七八九", "92.3%"}},
		{"explicit newline", "一二\n三四", 10, []string{"一二", "三四"}},
		{"empty paragraph", "一\n\n二", 10, []string{"一", "", "二"}},
		{"long word split", "abcdefghijklmnopqrstuvwxyz", 5, []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
		{"latin words", "PM2.5 concentration below 29.5", 8, []string{"PM2.5 ", "concentration ", "below 29.5"}},
		{"number and its unit", "一二三四五六七八九118项", 10, []string{"一二三四五六七八九", "118项"}},
		{"all punctuation", "。。。。。。。。。。。。", 10, []string{"。。。。。。。。。。", "。。"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := BreakLines(c.text, c.width, mono)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			checkProperties(t, c.text, c.width, got)
		})
	}
}

func checkProperties(t *testing.T, text string, width float64, lines []string) {
	t.Helper()
	if strings.Join(lines, "") != strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "") {
		t.Fatalf("lines %q lose characters of %q", lines, text)
	}
	for i, l := range lines {
		if mono(strings.TrimRight(l, " ")) > width && utf8.RuneCountInString(l) > 1 {
			// a line may overflow only when kinsoku pulled nothing it could and a unit is wide
			if !overflowAllowed(l, width) {
				t.Errorf("line %d %q is wider than %v", i, l, width)
			}
		}
	}
}

// overflowAllowed: a single unbreakable unit, or punctuation the rules kept together.
func overflowAllowed(l string, width float64) bool {
	us := units(l)
	return len(us) == 1
}

func TestNoLineStartsWithClosingPunctuation(t *testing.T) {
	text := "截至督察进驻时，第一轮督察及“回头看”反馈的118项问题中，仍有8项未达到序时进度。各区、各相关部门要严格执行生态环境保护工作职责有关规定，建立生态环境保护工作责任体系，全面落实“管发展必须管环保、管行业必须管环保、管生产必须管环保”要求。"
	for w := 5.0; w <= 30; w++ {
		lines := BreakLines(text, w, mono)
		checkProperties(t, text, w, lines)
		for i, l := range lines {
			r, _ := utf8.DecodeRuneInString(l)
			if i > 0 && isNoStart(r) {
				t.Errorf("width %v: line %q starts with %c", w, l, r)
			}
			lr, _ := utf8.DecodeLastRuneInString(l)
			if i < len(lines)-1 && isNoEnd(lr) {
				t.Errorf("width %v: line %q ends with %c", w, l, lr)
			}
		}
	}
}

func FuzzBreakLines(f *testing.F) {
	f.Add("一二三四五六七八九十，乙", 10.0)
	f.Add("“（《", 1.0)
	f.Add("abc def\nghi", 2.5)
	f.Add("𠮷野家，2022年。", 3.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if width < 0.5 || width > 1000 || width != width {
			return
		}
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "?")
		}
		lines := BreakLines(text, width, mono)
		if strings.Join(lines, "") != strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "") {
			t.Fatalf("lines %q lose characters of %q", lines, text)
		}
	})
}
