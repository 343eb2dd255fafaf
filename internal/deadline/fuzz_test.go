package deadline

import (
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"2022年8月底前", "2023年10月下旬至11月", "立整立改，长期坚持", "每年3月底前", "“十四五”末期",
	"二〇二二年九月底前", "２０２２年９月底，", "2023.9.30", "2022年6月—2023年6月", "11月底前",
	"2022年9月底前完成排查；2022年年底前制定方案", "对2020年9月1日前取得", "截至督察进驻时",
	"2021年1月至8月，全省", seedTask12M1, seedTask20M1, seedTask31M3, "十 二 月", "2022 9", "\xff年",
}

// pieces are the parts deadline expressions are made of; fuzzing with them reaches the
// parser's corners far sooner than random bytes do.
var pieces = []string{
	"2022", "2023", "1989", "2101", "1", "2", "9", "11", "12", "13", "15", "29", "30", "31", "0",
	"年", "月", "日", "号", "底", "末", "前", "之前", "以前", "以来", "起", "至", "到", "于", "—", "-", ".",
	"/", "~", "上旬", "中旬", "下旬", "季度", "第", "三", "十", "二", "〇", "九", "五", "十四五", "“", "”",
	"上半年", "下半年", "每", "半年", "初", "中", "期间", "末期", "明年", "截至", "对", "，", "。", " ",
	"　", "２", "０", "长期坚持", "立整立改", "完成", "排查", "\xff", "年底",
}

// assemble reads each byte of s as the choice of a piece.
func assemble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString(pieces[int(s[i])%len(pieces)])
	}
	return b.String()
}

// fullWidth writes the ASCII characters of s in their full-width forms, as some offices type.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return '\u3000'
		case r > ' ' && r < 0x7F:
			return r + 0xFEE0
		}
		return r
	}, s)
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, 2022)
	}
	f.Fuzz(func(t *testing.T, text string, year int) {
		for _, s := range []string{text, assemble(text)} {
			d := Parse(s, Context{Year: year})
			if d.Text != strings.TrimSpace(s) {
				t.Fatalf("Text %q, want %q", d.Text, strings.TrimSpace(s))
			}
			checkInvariants(t, d)
			if d.HasDue() && (d.Due.Year() < minYear || d.Due.Year() > maxYear) {
				t.Fatalf("Parse(%q): due %v outside the years read", s, d.Due)
			}
			if d.Kind == KindRecurring {
				if _, ok := d.DueOn(time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)); !ok {
					t.Fatalf("Parse(%q): rule %+v has no next occurrence", s, *d.Rule)
				}
			}
			if w := Parse(fullWidth(s), Context{Year: year}); describe(w) != describe(d) {
				t.Fatalf("Parse(%q) = %s but in full width %s", s, describe(d), describe(w))
			}
		}
	})
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, 2022)
	}
	f.Fuzz(func(t *testing.T, text string, year int) {
		for _, s := range []string{text, assemble(text)} {
			ms := Find(s, Context{Year: year})
			checkMatches(t, s, ms)
			if d, ok := Latest(ms); ok && d.Kind == KindUnknown {
				t.Fatalf("Find(%q): Latest returned an unknown deadline %q", s, d.Text)
			}
			wide := Find(fullWidth(s), Context{Year: year})
			if len(wide) != len(ms) {
				t.Fatalf("Find(%q): %d matches but %d in full width", s, len(ms), len(wide))
			}
			for i := range ms {
				if describe(ms[i].Deadline) != describe(wide[i].Deadline) {
					t.Fatalf("Find(%q): match %d is %s but in full width %s", s, i, describe(ms[i].Deadline), describe(wide[i].Deadline))
				}
			}
		}
	})
}
