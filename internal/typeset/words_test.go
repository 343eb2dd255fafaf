package typeset

import (
	"reflect"
	"strings"
	"testing"
)

// planWords are what report passes for the seed plan and two other regions: region and unit
// names.
var planWords = []string{"长白山保护开发区", "延边朝鲜族自治州", "合成地区", "经发局", "生态环境局", "池北区"}

func titleLines(t *testing.T, landscape bool, do func(d *Doc)) []string {
	t.Helper()
	d, err := New(Config{FontDirs: []string{}, Words: planWords})
	if err != nil {
		t.Fatal(err)
	}
	if landscape {
		d.LandscapeSection()
	}
	do(d)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range d.Lines() {
		if l.Kind != KindPageNumber {
			got = append(got, l.Text)
		}
	}
	return got
}

func TestTitleBreaks(t *testing.T) {
	const annex = "长白山保护开发区第二轮中央生态环境保护督察反馈问题整改台账（2022年8月，截至2022年8月31日）"
	title := func(s string) func(*Doc) { return func(d *Doc) { d.Title(s) } }
	annexTitle := func(d *Doc) {
		d.Text(annex, TextOptions{Role: RoleTitle, Size: 16, Align: AlignCenter, Balanced: true})
	}
	cases := []struct {
		name      string
		landscape bool
		do        func(*Doc)
		want      []string
	}{
		{"seed report", false, title("关于长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告"),
			[]string{"关于长白山保护开发区", "第二轮中央生态环境保护督察", "反馈问题整改进展情况的报告"}},
		{"another region's notice", false, title("关于延边朝鲜族自治州贯彻落实第二轮中央生态环境保护督察反馈问题整改方案的通知"),
			[]string{"关于延边朝鲜族自治州贯彻落实", "第二轮中央生态环境保护督察", "反馈问题整改方案的通知"}},
		{"a county, two lines", false, title("关于某某县生态环境保护督察反馈问题整改工作进展情况的报告"),
			[]string{"关于某某县生态环境保护督察", "反馈问题整改工作进展情况的报告"}},
		{"a province's plan", false, title("吉林省贯彻落实第二轮中央生态环境保护督察报告整改方案"),
			[]string{"吉林省贯彻落实第二轮", "中央生态环境保护督察报告整改方案"}},
		{"a date in the title", false, title("关于2022年8月生态环境保护督察整改进展情况的报告"),
			[]string{"关于2022年8月生态环境保护", "督察整改进展情况的报告"}},
		{"short", false, title("关于合成地区整改进展情况的报告"), []string{"关于合成地区整改进展情况的报告"}},
		{"a forced break", false, title("关于长白山保护开发区\n第二轮中央生态环境保护督察反馈问题整改进展情况的报告"),
			[]string{"关于长白山保护开发区", "第二轮中央生态环境保护督察", "反馈问题整改进展情况的报告"}},
		{"forced where it would not break", false, title("关于合成地区\n整改进展情况的报告"), []string{"关于合成地区", "整改进展情况的报告"}},
		{"annex title, landscape", true, annexTitle,
			[]string{"长白山保护开发区第二轮中央生态环境保护督察", "反馈问题整改台账（2022年8月，截至2022年8月31日）"}},
		{"annex title, portrait", false, annexTitle,
			[]string{"长白山保护开发区第二轮中央生态环境保护督察", "反馈问题整改台账（2022年8月，截至2022年8月31日）"}},
		{"subtitle", false, func(d *Doc) { d.Subtitle("（2022年8月，截至2022年8月31日）") }, []string{"（2022年8月，截至2022年8月31日）"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := titleLines(t, c.landscape, c.do); !reflect.DeepEqual(got, c.want) {
				t.Errorf("lines %q, want %q", got, c.want)
			}
		})
	}
}

func TestVocabularyKeep(t *testing.T) {
	v := newVocabulary([]string{"长白山保护开发区"})
	cases := []struct {
		text string
		want string // "|" where a break is not forbidden by the vocabulary
	}{
		{"中央生态环境保护督察", "中央生态环境保护督察"},
		{"截至2022年8月31日前", "截至2022年8月31日前"},
		{"于2022年9月底完成", "于2022年9月底|完成"},
		{"2023年第三季度", "2023年第三季度"},
		{"第二轮督察", "第二轮|督察"},
		{"第一项", "第一项"},
		{"第一个人", "第一个|人"},
		{"情况的报告", "情况的|报告"},
		{"长白山保护开发区池北区", "长白山保护开发区|池|北|区"},
		{"甲乙", "甲|乙"},
	}
	for _, c := range cases {
		rs := []rune(c.text)
		keep := v.keep(rs)
		var b strings.Builder
		for i, r := range rs {
			if i > 0 && !keep[i] {
				b.WriteByte('|')
			}
			b.WriteRune(r)
		}
		if got := b.String(); got != c.want {
			t.Errorf("keep(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// BalanceWords, which measures nominally (for the Word document), breaks titles where Title
// does with real fonts.
func TestBalanceWordsAgrees(t *testing.T) {
	titleEms := areaW / (SizeTitle * mmPerPt)
	for _, text := range []string{
		"关于长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告",
		"关于延边朝鲜族自治州贯彻落实第二轮中央生态环境保护督察反馈问题整改方案的通知",
		"关于某某县生态环境保护督察反馈问题整改工作进展情况的报告",
		"吉林省贯彻落实第二轮中央生态环境保护督察报告整改方案",
		"关于2022年8月生态环境保护督察整改进展情况的报告",
		"关于合成地区整改进展情况的报告",
		"关于合成地区\n整改进展情况的报告",
	} {
		want := titleLines(t, false, func(d *Doc) { d.Title(text) })
		if got := BalanceWords(text, titleEms, planWords); !reflect.DeepEqual(got, want) {
			t.Errorf("BalanceWords %q, Title %q", got, want)
		}
	}
	annex := "长白山保护开发区第二轮中央生态环境保护督察反馈问题整改台账（2022年8月，截至2022年8月31日）"
	want := []string{"长白山保护开发区第二轮中央生态环境保护督察", "反馈问题整改台账（2022年8月，截至2022年8月31日）"}
	if got := BalanceWords(annex, areaH/(SizeBody*mmPerPt), planWords); !reflect.DeepEqual(got, want) {
		t.Errorf("annex title %q", got)
	}
	for text, want := range map[string]float64{"应报措施": 2, "任务措施": 2, "逾期天数": 4, "2022-08-31": 5, "序时推进": 4} {
		if got := LongestWord(text, nil); got != want {
			t.Errorf("LongestWord(%q) = %v, want %v", text, got, want)
		}
	}
	if got := Ems("截至2022年8月31日"); got != 8.5 {
		t.Errorf("Ems %v", got)
	}
}
