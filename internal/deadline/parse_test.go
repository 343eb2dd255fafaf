package deadline

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// describe writes a Deadline compactly, as the tables expect it: a due date "2006-01-02",
// "ongoing", "unknown", or "recurring:every/month/day".
func describe(d Deadline) string {
	switch d.Kind {
	case KindDate:
		return d.DueString()
	case KindRecurring:
		if d.Rule == nil {
			return "recurring:<nil>"
		}
		return fmt.Sprintf("recurring:%s/%d/%d", d.Rule.Every, d.Rule.Month, d.Rule.Day)
	}
	return string(d.Kind)
}

func TestParse(t *testing.T) {
	cases := []struct {
		text string
		year int // Context.Year
		want string
	}{
		// months
		{"2022年8月底前", 0, "2022-08-31"},
		{"2022年9月底", 0, "2022-09-30"},
		{"2023年12月", 0, "2023-12-31"},
		{"2023年12月底前", 0, "2023-12-31"},
		{"2022年2月底", 0, "2022-02-28"},
		{"2024年2月底前", 0, "2024-02-29"},
		{"2000年2月", 0, "2000-02-29"},
		{"2100年2月", 0, "2100-02-28"},
		{"2022年06月", 0, "2022-06-30"},
		{"2022年6月份", 0, "2022-06-30"},
		{"2022年6月末", 0, "2022-06-30"},
		{"2022年8月底之前", 0, "2022-08-31"},
		{"2022年8月底以前", 0, "2022-08-31"},
		{"2022年8月底前完成", 0, "2022-08-31"},
		// years
		{"2022年年底前", 0, "2022-12-31"},
		{"2022年底前", 0, "2022-12-31"},
		{"2022年底", 0, "2022-12-31"},
		{"2022年末", 0, "2022-12-31"},
		{"2022年年末", 0, "2022-12-31"},
		{"2022年度", 0, "2022-12-31"},
		{"到2025年", 0, "2025-12-31"},
		{"2025年前", 0, "2025-12-31"},
		{"2025年", 0, "2025-12-31"},
		{"截至2022年底", 0, "2022-12-31"},
		// quarters and halves
		{"2023年第三季度", 0, "2023-09-30"},
		{"2023年三季度", 0, "2023-09-30"},
		{"2023年第3季度", 0, "2023-09-30"},
		{"2023年第3季度末", 0, "2023-09-30"},
		{"2023年第三季度底", 0, "2023-09-30"},
		{"2023年第一季度前", 0, "2023-03-31"},
		{"2023年第四季度", 0, "2023-12-31"},
		{"2023年第二季度结束前", 0, "2023-06-30"},
		{"2023年上半年", 0, "2023-06-30"},
		{"2023年下半年", 0, "2023-12-31"},
		{"2023年上半年前", 0, "2023-06-30"},
		{"第三季度末", 2023, "2023-09-30"},
		{"上半年", 2023, "2023-06-30"},
		// days and 旬
		{"2023年8月上旬", 0, "2023-08-10"},
		{"2023年8月中旬前", 0, "2023-08-20"},
		{"2023年8月下旬", 0, "2023-08-31"},
		{"2023年2月下旬", 0, "2023-02-28"},
		{"2023年4月15日前", 0, "2023-04-15"},
		{"2023年4月15号", 0, "2023-04-15"},
		{"2023年4月15日", 0, "2023-04-15"},
		{"2024年2月29日", 0, "2024-02-29"},
		// numeric forms
		{"2023.9.30", 0, "2023-09-30"},
		{"2023/9/30", 0, "2023-09-30"},
		{"2023-09-30", 0, "2023-09-30"},
		{"2023.09", 0, "2023-09-30"},
		{"2023.6.30前", 0, "2023-06-30"},
		{"2023/02", 0, "2023-02-28"},
		// ranges: due at the end
		{"2023年10月下旬至11月", 0, "2023-11-30"},
		{"2022年6月至12月", 0, "2022-12-31"},
		{"2022年6月—2023年6月", 0, "2023-06-30"},
		{"2022年6月-2023年6月", 0, "2023-06-30"},
		{"2022年6月——2023年6月", 0, "2023-06-30"},
		{"2022年6月到12月底", 0, "2022-12-31"},
		{"2022年11月至2月", 0, "2023-02-28"},
		{"2023年4月1日至15日", 0, "2023-04-15"},
		{"2022年6月至年底", 0, "2022-12-31"},
		{"2021—2025年", 0, "2025-12-31"},
		{"2022.6.1-2022.9.30", 0, "2022-09-30"},
		{"10月下旬至11月", 2023, "2023-11-30"},
		// year from the context
		{"11月底前", 2022, "2022-11-30"},
		{"11月底前", 0, "unknown"},
		{"九月底", 2022, "2022-09-30"},
		{"年底前", 2022, "2022-12-31"},
		{"今年年底前", 2022, "2022-12-31"},
		{"明年3月底前", 2022, "unknown"},
		{"明年年底前", 2022, "unknown"},
		{"次年6月", 2022, "unknown"},
		{"上年底", 2022, "unknown"},
		{"当年11月底前", 2022, "2022-11-30"},
		// five-year plans
		{"“十四五”末期", 0, "2025-12-31"},
		{`"十四五"期间`, 0, "2025-12-31"},
		{"十四五末", 0, "2025-12-31"},
		{"“十四五”时期", 0, "2025-12-31"},
		{"到“十四五”末", 0, "2025-12-31"},
		{"“十三五”末期", 0, "2020-12-31"},
		{"“十五五”期间", 0, "2030-12-31"},
		{"“十一五”末", 0, "2010-12-31"},
		{"十五日内", 0, "unknown"},
		{"第三“十四五”末期", 0, "2025-12-31"},
		{"“十四五”规划期内", 0, "2025-12-31"},
		{"2023年底前完成“十四五”规划编制", 0, "2023-12-31"},
		// recurring
		{"每年3月底前", 0, "recurring:year/3/0"},
		{"每年3月31日前", 0, "recurring:year/3/31"},
		{"每年年底前", 0, "recurring:year/12/0"},
		{"每年第一季度", 0, "recurring:year/3/0"},
		{"每年6月上旬", 0, "recurring:year/6/10"},
		{"每年2月29日前", 0, "recurring:year/2/29"},
		{"每季度末", 0, "recurring:quarter/0/0"},
		{"每季度", 0, "recurring:quarter/0/0"},
		{"每半年", 0, "recurring:half/0/0"},
		{"每月10日前", 0, "recurring:month/0/10"},
		{"每月底", 0, "recurring:month/0/0"},
		{"每月", 0, "recurring:month/0/0"},
		{"每季度末报送，长期坚持", 0, "recurring:quarter/0/0"},
		{"每年13月底前", 0, "unknown"},
		{"每年2月30日前", 0, "unknown"},
		{"每月32日前", 0, "unknown"},
		{"每年初", 0, "unknown"},
		{"每月初", 0, "unknown"},
		{"每年3月初", 0, "unknown"},
		{"每季度中", 0, "unknown"},
		{"每年上半年", 0, "recurring:year/6/0"},
		{"每年下半年末", 0, "recurring:year/12/0"},
		// ongoing
		{"立整立改，长期坚持", 0, "ongoing"},
		{"立整立改,长期坚持", 0, "ongoing"},
		{"持续整改，长期坚持", 0, "ongoing"},
		{"即知即改，长期坚持", 0, "ongoing"},
		{"长期坚持", 0, "ongoing"},
		{"持续推进", 0, "ongoing"},
		{"常态化", 0, "ongoing"},
		{"立整立改", 0, "ongoing"},
		// a stage deadline wins over 长期坚持
		{"2022年12月底前完成，长期坚持", 0, "2022-12-31"},
		{"立行立改，2022年9月底前完成", 0, "2022-09-30"},
		// several dates: the latest
		{"2022年9月底前完成排查；2022年年底前制定方案", 0, "2022-12-31"},
		{"2022年9月底前完成排查，11月底前完成整改", 0, "2022-11-30"},
		{"2023年6月底前；2022年12月底前", 0, "2023-06-30"},
		// Chinese numerals, full width, stray spaces
		{"二〇二二年九月底前", 0, "2022-09-30"},
		{"二○二三年十二月", 0, "2023-12-31"},
		{"二〇二三年十月二十日前", 0, "2023-10-20"},
		{"二〇二三年第三季度", 0, "2023-09-30"},
		{"２０２２年９月底", 0, "2022-09-30"},
		{"２０２３．９．３０", 0, "2023-09-30"},
		{" 2022 年 9 月底 ", 0, "2022-09-30"},
		{"2022年\u30009月底", 0, "2022-09-30"},
		{"2022年9月底（暂定）", 0, "2022-09-30"},
		// not understood: kept as text, never guessed
		{"", 0, "unknown"},
		{"   ", 0, "unknown"},
		{"按省里要求", 0, "unknown"},
		{"适时", 0, "unknown"},
		{"asdf 12 #$%", 0, "unknown"},
		{"2022", 0, "unknown"},
		{"20222年底前", 2022, "unknown"},
		{"222年9月底前", 2022, "unknown"},
		{"2022年13月", 0, "unknown"},
		{"2022年0月", 0, "unknown"},
		{"2022年2月30日", 0, "unknown"},
		{"2月30日", 2022, "unknown"},
		{"2023年2月29日", 0, "unknown"},
		{"2022年第5季度", 0, "unknown"},
		{"2022.13", 0, "unknown"},
		{"2023/2/30", 0, "unknown"},
		{"1989年", 0, "unknown"},
		{"2101年底前", 0, "unknown"},
		{"2023年初", 0, "unknown"},
		{"2023年4月初", 0, "unknown"},
		{"2023年中", 0, "unknown"},
		{"2022年6月起", 0, "unknown"},
		{"2017年以来", 0, "unknown"},
		{"2022年12月至2022年6月", 0, "unknown"},
		{"2022年9月底前；2022年13月底前", 0, "unknown"},
		{"11月底前完成排查，2022年12月底前完成整改", 0, "unknown"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%d", c.text, c.year), func(t *testing.T) {
			d := Parse(c.text, Context{Year: c.year})
			if got := describe(d); got != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.text, got, c.want)
			}
			if d.Text != strings.TrimSpace(c.text) {
				t.Errorf("Text = %q, want %q", d.Text, strings.TrimSpace(c.text))
			}
			if d.Inherited {
				t.Error("Parse set Inherited")
			}
			checkInvariants(t, d)
		})
	}
}

// checkInvariants holds for every Deadline Parse or Find returns.
func checkInvariants(t *testing.T, d Deadline) {
	t.Helper()
	if (d.Kind == KindDate) != d.HasDue() {
		t.Errorf("kind %s but HasDue %v", d.Kind, d.HasDue())
	}
	if d.Kind != KindDate && !d.Due.IsZero() {
		t.Errorf("kind %s with a due date %v", d.Kind, d.Due)
	}
	if d.HasDue() && (d.Due.Location() != time.UTC || d.Due.Hour() != 0 || d.Due.Minute() != 0) {
		t.Errorf("due %v is not UTC midnight", d.Due)
	}
	if (d.Kind == KindRecurring) != (d.Rule != nil) {
		t.Errorf("kind %s with rule %v", d.Kind, d.Rule)
	}
	if d.Rule != nil && d.Rule.Text == "" {
		t.Errorf("rule %+v without text", *d.Rule)
	}
}

func TestRuleText(t *testing.T) {
	cases := map[string]string{
		"每年3月底前":  "每年3月31日前",
		"每年2月底前":  "每年2月底前",
		"每年4月15日": "每年4月15日前",
		"每年":      "每年12月31日前",
		"每季度":     "每季度末",
		"每半年":     "每半年末",
		"每月底":     "每月底",
		"每月10号前":  "每月10日前",
	}
	for text, want := range cases {
		d := Parse(text, Context{})
		if d.Rule == nil || d.Rule.Text != want {
			t.Errorf("Parse(%q).Rule = %+v, want text %q", text, d.Rule, want)
		}
	}
}

// The seeds' 整改时限 lines must all be understood.
func TestSeedDeadlineLines(t *testing.T) {
	files := []string{"../../samples/notice-changbaishan-2022.txt", "../notice/testdata/notice-songjiang.txt"}
	re := regexp.MustCompile(`整改时限[:：](.*)`)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			if d := Parse(m[1], Context{Year: 2022}); d.Kind == KindUnknown {
				t.Errorf("%s: 整改时限 %q not understood", f, m[1])
			}
		}
	}
	if n < 33+6 {
		t.Errorf("only %d 整改时限 lines found", n)
	}
}

func TestDueOn(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		text, asOf, want string // want "" = not ok
	}{
		{"每年3月底前", "2022-07-31", "2023-03-31"},
		{"每年3月底前", "2022-03-31", "2022-03-31"},
		{"每年3月底前", "2022-01-01", "2022-03-31"},
		{"每年3月15日前", "2022-03-16", "2023-03-15"},
		{"每年2月底前", "2023-03-01", "2024-02-29"},
		{"每年2月29日前", "2022-03-01", "2023-02-28"},
		{"每年2月29日前", "2023-03-01", "2024-02-29"},
		{"每年年底前", "2022-12-31", "2022-12-31"},
		{"每年年底前", "2023-01-01", "2023-12-31"},
		{"每季度末", "2022-08-15", "2022-09-30"},
		{"每季度末", "2022-09-30", "2022-09-30"},
		{"每季度末", "2022-10-01", "2022-12-31"},
		{"每季度末", "2022-12-31", "2022-12-31"},
		{"每季度末", "2023-01-01", "2023-03-31"},
		{"每半年", "2022-07-01", "2022-12-31"},
		{"每半年", "2022-01-01", "2022-06-30"},
		{"每月10日前", "2022-01-10", "2022-01-10"},
		{"每月10日前", "2022-01-11", "2022-02-10"},
		{"每月10日前", "2022-12-11", "2023-01-10"},
		{"每月底", "2024-02-15", "2024-02-29"},
		{"每月31日前", "2022-04-01", "2022-04-30"},
		{"2022年9月底", "2030-01-01", "2022-09-30"},
		{"立整立改，长期坚持", "2022-01-01", ""},
		{"按省里要求", "2022-01-01", ""},
	}
	for _, c := range cases {
		d := Parse(c.text, Context{})
		got, ok := d.DueOn(day(c.asOf))
		s := ""
		if ok {
			s = got.Format("2006-01-02")
			if got.Location() != time.UTC || got.Hour() != 0 {
				t.Errorf("%s as of %s: %v is not UTC midnight", c.text, c.asOf, got)
			}
		}
		if s != c.want {
			t.Errorf("%s as of %s: DueOn = %q, want %q", c.text, c.asOf, s, c.want)
		}
	}
	// the time of day and zone of asOf do not matter, only its calendar day
	loc := time.FixedZone("CST", 8*3600)
	d := Parse("每季度末", Context{})
	if got, _ := d.DueOn(time.Date(2022, 9, 30, 23, 59, 0, 0, loc)); got.Format("2006-01-02") != "2022-09-30" {
		t.Errorf("late on a quarter's last day: %v", got)
	}
}

func TestDueString(t *testing.T) {
	if s := (Deadline{}).DueString(); s != "" {
		t.Errorf("zero Deadline DueString = %q", s)
	}
	if (Deadline{}).HasDue() {
		t.Error("zero Deadline has a due date")
	}
	if _, ok := (Deadline{Kind: KindRecurring}).DueOn(time.Now()); ok {
		t.Error("recurring without a rule has a due date")
	}
}
