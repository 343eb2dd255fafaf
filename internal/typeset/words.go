package typeset

// words.go is the vocabulary of titles: the words a line of a title, a caption, a table or a
// chart label must not break inside (“中央生态环/境保护” is wrong, “中央/生态环境保护” right).
// Chinese has no spaces between words, so they are listed: the built-in words of rectification
// reports below and the plan's own (Config.Words: region, unit names …). Dates
// (“2022年8月31日”, with a “截至” before them), ordinals (“第二轮”) and the particle “的” are
// kept together by rule.

import (
	"strings"
	"unicode"
)

// builtinWords are common words of the titles, captions and table headers of rectification
// reports. Longer words need not repeat shorter ones: every word listed is kept whole, and
// words that overlap are kept together.
var builtinWords = []string{
	// the inspection and the plan
	"关于", "贯彻落实", "中央", "中央生态环境保护督察", "生态环境保护", "生态环境", "环境保护", "督察", "督察组", "反馈",
	"反馈问题", "反馈意见", "问题", "整改", "整改方案", "整改工作", "实施方案", "工作方案", "方案", "进展", "进展情况",
	"情况", "报告", "通知", "台账", "整改台账", "清单", "任务清单", "附件", "领导小组", "办公室", "工作", "落实", "推进",
	"专项", "督办", "销号", "验收", "考核", "通报", "第二轮", "第一轮", "回头看", "省级", "保护开发区", "开发区",
	"管委会", "人民政府", "委员会",
	// table headers and labels
	"序号", "任务", "措施", "整改任务", "整改措施", "整改目标", "整改时限", "整改进展", "责任单位", "牵头单位", "配合单位",
	"督导单位", "责任人", "单位", "应报", "已报", "报送", "报送情况", "未报送", "退回修改", "完成", "完成状态",
	"完成情况", "完成时间", "已完成", "序时推进", "滞后", "未启动", "红灯", "黄灯", "绿灯", "预警", "逾期", "逾期天数",
	"截止日期", "截止", "截至", "日期", "天数", "原因", "存在问题", "下步计划", "佐证材料", "各单位", "各单位进展",
	"未完成", "统计", "合计", "其他", "全部措施",
	// deadlines
	"立整立改", "持续整改", "即知即改", "长期坚持", "上半年", "下半年", "年底前", "月底前", "季度", "第一季度", "第二季度",
	"第三季度", "第四季度",
}

// vocabulary is a set of words as a trie over runes.
type vocabulary struct {
	root trieNode
}

type trieNode struct {
	next map[rune]*trieNode
	end  bool
}

// newVocabulary makes a vocabulary of the built-in words and extra; words of one character
// and anything with a space or punctuation (a list of names given as one, say) are left out.
func newVocabulary(extra []string) *vocabulary {
	v := &vocabulary{}
	for _, list := range [][]string{builtinWords, extra} {
		for _, w := range list {
			v.add(strings.TrimSpace(w))
		}
	}
	return v
}

func (v *vocabulary) add(w string) {
	if len([]rune(w)) < 2 || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) >= 0 {
		return
	}
	n := &v.root
	for _, r := range w {
		if n.next == nil {
			n.next = map[rune]*trieNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &trieNode{}
			n.next[r] = c
		}
		n = c
	}
	n.end = true
}

// keep marks the positions a line must not break at: keep[i] forbids a break before rs[i].
// Every occurrence of every word is kept whole (overlapping occurrences together), and so are
// dates with what introduces them, ordinals, and a “的” with the word before it.
func (v *vocabulary) keep(rs []rune) []bool {
	keep := make([]bool, len(rs)+1)
	join := func(a, b int) { // keep rs[a:b] together
		for i := a + 1; i < b; i++ {
			keep[i] = true
		}
	}
	for i := range rs {
		n := &v.root
		for j := i; j < len(rs) && n.next != nil; j++ {
			n = n.next[rs[j]]
			if n == nil {
				break
			}
			if n.end {
				join(i, j+1)
			}
		}
		if e := date(rs, i); e > i {
			s := i
			for _, intro := range []string{"截至", "截止", "自", "至", "到", "于"} {
				if k := i - len([]rune(intro)); k >= 0 && string(rs[k:i]) == intro {
					s = k
					break
				}
			}
			join(s, e)
		}
		if e := ordinal(rs, i); e > i {
			join(i, e)
		}
		if rs[i] == '的' && i > 0 {
			keep[i] = true
		}
	}
	return keep[:len(rs)]
}

func digitsAt(rs []rune, i int) int {
	j := i
	for j < len(rs) && isDigit(rs[j]) {
		j++
	}
	return j
}

// date is the end of a date starting at i — 2022年8月31日, 2022年8月, 8月31日, 2022年9月底,
// 2023年第三季度, 2023年上半年 — or i.
func date(rs []rune, i int) int {
	if i > 0 && isDigit(rs[i-1]) {
		return i
	}
	j := digitsAt(rs, i)
	if j == i || j >= len(rs) {
		return i
	}
	unit := func(j int, u rune) int { // digits then u
		k := digitsAt(rs, j)
		if k > j && k < len(rs) && rs[k] == u {
			return k + 1
		}
		return j
	}
	end := i
	switch rs[j] {
	case '年':
		end = j + 1
		if k := unit(end, '月'); k > end {
			end = k
			if k := unit(end, '日'); k > end {
				end = k
			}
		} else {
			for _, tail := range []string{"第一季度", "第二季度", "第三季度", "第四季度", "上半年", "下半年", "年底", "底"} {
				if strings.HasPrefix(string(rs[end:min(len(rs), end+len([]rune(tail)))]), tail) {
					end += len([]rune(tail))
					break
				}
			}
			if end == j+1 {
				return i // a bare year keeps its 年 by the breaking rules already
			}
		}
	case '月':
		if k := unit(j+1, '日'); k > j+1 {
			end = k
		} else {
			return i
		}
	default:
		return i
	}
	for _, tail := range []string{"上旬", "中旬", "下旬", "底前", "底", "前", "末"} {
		if strings.HasPrefix(string(rs[end:min(len(rs), end+len([]rune(tail)))]), tail) {
			end += len([]rune(tail))
			break
		}
	}
	return end
}

// ordinal is the end of 第 + a number + a counter (第二轮, 第3批, 第十二次) starting at i, or i.
func ordinal(rs []rune, i int) int {
	if rs[i] != '第' {
		return i
	}
	j := i + 1
	for j < len(rs) && (isDigit(rs[j]) || strings.ContainsRune("一二三四五六七八九十百零〇两", rs[j])) {
		j++
	}
	if j == i+1 || j >= len(rs) || !unicode.Is(unicode.Han, rs[j]) {
		return i
	}
	if strings.ContainsRune("轮批次期项条个届季部章节号", rs[j]) {
		return j + 1
	}
	return i
}

// BalanceWords breaks text as Title breaks a title, for a writer that has no fonts to measure
// with (a Word document): between words only (the built-in vocabulary and words), into as few
// lines of at most ems as it needs, as even as they can be, by a nominal measure — a Chinese
// character is an em, other characters half of one. A "\n" in text breaks there. A line
// breaks inside a word only when the word is longer than a line.
func BalanceWords(text string, ems float64, words []string) []string {
	b := nominalBreaker(words)
	var out []string
	for _, seg := range strings.Split(clean(text), "\n") {
		for _, l := range b.balanced(seg, ems) {
			out = append(out, l.text)
		}
	}
	return out
}

// LongestWord is the width in ems, by BalanceWords' measure, of the widest piece of text that
// no break between words divides: how wide a column must be for its header not to break
// inside a word.
func LongestWord(text string, words []string) float64 {
	b := nominalBreaker(words)
	longest := 0.0
	for _, seg := range strings.Split(clean(text), "\n") {
		longest = max(longest, b.longestPiece(seg))
	}
	return longest
}

func nominalBreaker(words []string) lineBreaker {
	return lineBreaker{width: placeholderWidth, words: newVocabulary(words)}
}

// Ems is the width of text in ems by BalanceWords' measure.
func Ems(text string) float64 {
	w := 0.0
	for _, r := range text {
		w += placeholderWidth(r)
	}
	return w
}
