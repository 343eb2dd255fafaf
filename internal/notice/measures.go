package notice

import (
	"strings"
	"unicode/utf8"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

// orgSuffixes end the names of institutions.
var orgSuffixes = []string{"局", "区", "委", "办", "中心", "支队", "大队", "部", "室", "院", "组", "会", "所", "站", "队", "乡", "镇", "县", "街道", "公司", "厅", "处", "科", "署", "馆", "社"}

// actionWords may follow the acting unit at the start of a sentence ("经发局牵头，…",
// "住建局组织各区…", "保护中心严格落实…"). A name the plan did not list is taken as a unit only
// when one of these follows it directly.
var actionWords = []string{
	"牵头", "组织", "指导", "督促", "督导", "负责", "会同", "联合", "协调", "配合", "加强", "严格", "落实",
	"开展", "完成", "制定", "出台", "建立", "推进", "推动", "持续", "定期", "依托", "按照", "根据",
	"结合", "对", "将", "要", "在", "与", "每年", "每季度", "每月", "进一步", "深入", "积极", "大力",
	"认真", "全面", "坚持", "召开", "成立", "印发", "编制", "研究", "强化", "做好", "抓好", "提高",
	"切实", "不断", "继续", "及时", "统筹", "严禁", "实行", "实施", "监督", "督查", "检查", "排查",
	"梳理", "公布", "审核", "同步", "主动", "分别", "共同", "立即", "全力", "着力", "采取", "健全",
	"完善", "清理", "把", "向", "从", "于", "是", "应", "须", "必须", "已", "还", "也", "均", "分兵",
}

// delegateWords hand work to the units that follow ("住建局组织各区…"): those units act too.
var delegateWords = []string{"组织", "指导", "督促", "督导", "会同", "联合", "协调", "带领"}

// resolveMeasureUnits finds the units each measure names as its actors and records them on the
// measure; a measure naming none, or exactly its task's units, keeps the task's units.
func resolveMeasureUnits(p *plan.Plan, reg *registry, fs *finding.List) {
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		for mi := range t.Measures {
			m := &t.Measures[mi]
			var units []string
			for _, s := range sentences(m.Text) {
				for _, u := range sentenceUnits(s, t, reg) {
					units = appendNew(units, u)
				}
			}
			if len(units) == 0 || sameSet(units, t.Units) {
				continue
			}
			m.Units = units
		}
	}
}

// sentences splits a measure at 。；; — each may name its own actor.
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '。' || r == '；' || r == ';' })
}

// sentenceUnits reads the actors at the start of a sentence, after an opening date
// ("2022年6月底前，"), and the units a delegating verb hands work to.
func sentenceUnits(s string, t *plan.Task, reg *registry) []string {
	s = strings.TrimSpace(skipDate(strings.TrimSpace(s)))
	// the task's own 责任单位 text opening the sentence means the task's units
	if t.UnitsText != "" && strings.HasPrefix(squeeze(s), squeeze(reNote.ReplaceAllString(t.UnitsText, ""))) {
		return t.Units
	}
	units, rest := unitList(s, t.No, reg, false)
	if len(units) == 0 {
		return nil
	}
	for _, w := range delegateWords {
		if strings.HasPrefix(rest, w) {
			more, _ := unitList(strings.TrimPrefix(rest, w), t.No, reg, true)
			units = append(units, more...)
			break
		}
	}
	return units
}

// skipDate removes an opening deadline expression and its comma: "2022年6月底前，" or
// "在2022年5月底之前，".
func skipDate(s string) string {
	t := strings.TrimPrefix(s, "在")
	ms := deadline.Find(t, deadline.Context{})
	if len(ms) == 0 || strings.TrimSpace(t[:ms[0].Start]) != "" {
		// Find may not return year-less or unparsed dates; a plain "11月底前，" is skipped too
		if i := strings.IndexAny(t, "，,"); i > 0 && i < 40 && strings.Contains(t[:i], "月") && strings.HasSuffix(strings.TrimSpace(t[:i]), "前") {
			return t[i+len(string([]rune(t[i:])[0])):]
		}
		return s
	}
	rest := strings.TrimSpace(t[ms[0].End:])
	rest = strings.TrimPrefix(rest, "之前")
	rest = strings.TrimPrefix(rest, "前")
	return strings.TrimLeft(rest, "，, ")
}

// unitList reads names separated by 、 from the start of s. A name the registry knows counts at
// once; an unknown name must end like an institution and be followed by an action word. With
// knownOnly (the objects of a delegating verb) only known names count. It returns the names
// and what follows them.
func unitList(s string, task int, reg *registry, knownOnly bool) ([]string, string) {
	var out []string
	rest := s
	for {
		name, after, ok := leadingName(rest, reg, knownOnly)
		if !ok {
			break
		}
		out = append(out, name)
		rest = after
		if strings.HasPrefix(rest, "、") {
			rest = strings.TrimPrefix(rest, "、")
			continue
		}
		break
	}
	if len(out) == 0 {
		return nil, s
	}
	if knownOnly {
		return resolveAll(out, task, reg), rest
	}
	// the list must be followed by an action word or a comma, else it was not a subject
	trimmed := strings.TrimLeft(rest, "，, ")
	if !hasPrefixAny(trimmed, actionWords) {
		return nil, s
	}
	return resolveAll(out, task, reg), trimmed
}

func resolveAll(names []string, task int, reg *registry) []string {
	var out []string
	for _, n := range names {
		canon := reg.alias(n)
		if !reg.known(canon) {
			if k, ok := reg.similar(canon); ok {
				reg.aliases[canon] = k
				reg.aliasNote[canon] = "字形相近"
				canon = k
			}
		}
		out = appendNew(out, reg.add(canon, task, false))
	}
	return out
}

// leadingName finds the unit name that opens s: the longest known name, else the shortest
// run of characters ending like an institution that is followed by 、, a comma or an action
// word.
func leadingName(s string, reg *registry, knownOnly bool) (string, string, bool) {
	best := ""
	for _, n := range reg.order {
		if len(n) > len(best) && strings.HasPrefix(s, n) {
			best = n
		}
	}
	for a := range reg.aliases {
		if len(a) > len(best) && strings.HasPrefix(s, a) {
			best = a
		}
	}
	if best != "" {
		return best, s[len(best):], true
	}
	if knownOnly || hasPrefixAny(s, actionWords) || startsWithAny(s, notNameStart) {
		return "", s, false
	}
	for i, n := 0, 0; i < len(s) && n < 20; n++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x4E00 || r > 0x9FFF {
			break
		}
		i += size
		cand := s[:i]
		if utf8.RuneCountInString(cand) < 2 || !hasSuffixAny(cand, orgSuffixes) {
			continue
		}
		after := s[i:]
		if strings.HasPrefix(after, "、") || hasPrefixAny(after, actionWords) {
			return cand, after, true
		}
	}
	return "", s, false
}

// notNameStart are characters that open a clause, not a unit's name: conjunctions,
// prepositions, pronouns and quantifiers ("并按省商务厅要求…", "全区各级…").
const notNameStart = "并按对在由及和与将把从向经于为以其该各本全另同此如若凡据"

func startsWithAny(s, chars string) bool {
	for _, r := range s {
		return strings.ContainsRune(chars, r)
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}
