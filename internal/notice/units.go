package notice

import (
	"regexp"
	"sort"
	"strings"

	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

// registry collects the unit names of a notice in order of first appearance.
type registry struct {
	order      []string
	fromTask   map[string]bool
	unresolved map[string]bool   // kept as written: the office must say who they are
	aliases    map[string]string // alias → name
	aliasNote  map[string]string // alias → how it was inferred
	firstTask  map[string]int
}

func newRegistry() *registry {
	return &registry{
		fromTask:   map[string]bool{},
		unresolved: map[string]bool{},
		aliases:    map[string]string{},
		aliasNote:  map[string]string{},
		firstTask:  map[string]int{},
	}
}

func (r *registry) add(name string, task int, fromTask bool) string {
	if canon, ok := r.aliases[name]; ok {
		return canon
	}
	if _, ok := r.firstTask[name]; !ok {
		r.order = append(r.order, name)
		r.firstTask[name] = task
	}
	if fromTask {
		r.fromTask[name] = true
	}
	return name
}

func (r *registry) known(name string) bool {
	_, ok := r.firstTask[name]
	_, alias := r.aliases[name]
	return ok || alias
}

// knownAliases are pairs of names that mean the same unit in plans of this kind; the first of a
// pair that a notice uses becomes the name, the other an alias.
var knownAliases = [][]string{
	{"市场监督局", "市场监管局", "市场监督管理局"},
	{"生态环境局", "环保局", "环境保护局", "生态环境分局"},
	{"住建局", "住房和城乡建设局", "住房城乡建设局"},
	{"规划资源局", "自然资源局", "规划和自然资源局"},
	{"农业水利局", "农业农村局", "农水局"},
	{"应急局", "应急管理局"},
	{"经发局", "经济发展局", "发改局", "发展和改革局"},
	{"人社局", "人力资源和社会保障局"},
	{"执法支队", "综合执法支队", "综合行政执法支队"},
}

var reNote = regexp.MustCompile(`[（(][^（()）]*(?:牵头|下同|首位|排名|排序|负责)[^（()）]*[）)]`)

// ellipticalWords are bare institution words that, following another name, stand for "the same
// place's …" ("长白山党工委、管委会"): the import cannot know which unit is meant.
var ellipticalWords = map[string]bool{"管委会": true, "党委": true, "政府": true, "党工委": true, "人大": true, "政协": true, "党组": true}

// parseList reads a 责任单位 field into unit names: notes in brackets are dropped, names are split
// at 、，,；; and trimmed, aliases resolved. A field with an elliptical name is kept whole as one
// unresolved name, as are vague groups (各相关部门).
func (r *registry) parseList(text string, task int, fs *finding.List) []string {
	text = strings.TrimSpace(reNote.ReplaceAllString(text, ""))
	text = strings.TrimRight(text, "。；;，,")
	if text == "" {
		return nil
	}
	segments := strings.FieldsFunc(text, func(c rune) bool { return strings.ContainsRune("，,；;", c) })
	var names []string
	elliptical := false
	for _, seg := range segments {
		toks := strings.Split(seg, "、")
		for i, tok := range toks {
			tok = cleanName(tok)
			if tok == "" {
				continue
			}
			if i > 0 && ellipticalWords[tok] {
				elliptical = true
			}
			names = append(names, tok)
		}
	}
	if elliptical {
		whole := cleanName(strings.Join(segments, "，"))
		name := r.add(whole, task, true)
		r.unresolved[name] = true
		return []string{name}
	}
	var out []string
	for _, n := range names {
		n = r.add(r.alias(n), task, true)
		if isVague(n) {
			r.unresolved[n] = true
		}
		out = appendNew(out, n)
	}
	return out
}

// alias maps a name to the name already in use for the same unit.
func (r *registry) alias(name string) string {
	if canon, ok := r.aliases[name]; ok {
		return canon
	}
	if r.known(name) {
		return name
	}
	for _, set := range knownAliases {
		if !contains(set, name) {
			continue
		}
		for _, other := range set {
			if other != name && r.known(other) && !r.unresolved[other] {
				r.aliases[name] = other
				r.aliasNote[name] = "常见简称"
				return other
			}
		}
	}
	return name
}

// similar guesses that a name first met in a measure is another way of writing a known unit:
// the same last character and at most one character in three different (市场监管局 /
// 市场监督局). Short names are never guessed: 住建局 and 审计局 differ by two of three.
func (r *registry) similar(name string) (string, bool) {
	rn := []rune(name)
	if len(rn) < 4 {
		return "", false
	}
	for _, k := range r.order {
		kr := []rune(k)
		if len(kr) < 4 || k == name || r.unresolved[k] || strings.HasPrefix(k, "各") || kr[len(kr)-1] != rn[len(rn)-1] {
			continue
		}
		limit := min(2, min(len(kr), len(rn))/3)
		if editDistance(kr, rn) <= limit {
			return k, true
		}
	}
	return "", false
}

// editDistance is the Levenshtein distance of two short rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func cleanName(s string) string {
	s = squeeze(s)
	s = strings.TrimSuffix(s, "等单位")
	s = strings.TrimSuffix(s, "等部门")
	if strings.HasSuffix(s, "等") && len([]rune(s)) > 2 {
		s = strings.TrimSuffix(s, "等")
	}
	return strings.Trim(s, "。；;，,、")
}

// isVague tells a group the import cannot expand: 各相关部门, 各部门, 各有关单位, 相关单位.
func isVague(name string) bool {
	if _, ok := groupSuffix(name); ok {
		return false
	}
	return strings.HasPrefix(name, "各") || strings.HasPrefix(name, "相关") || strings.HasPrefix(name, "有关")
}

// groupSuffix tells a group of places by its kind: 各区 → "区", 各乡镇 → "乡镇", 各县（市、区）→ "县".
func groupSuffix(name string) (string, bool) {
	if !strings.HasPrefix(name, "各") {
		return "", false
	}
	rest := strings.TrimPrefix(name, "各")
	switch rest {
	case "区", "县", "乡镇", "镇", "乡", "街道", "县区", "县市区", "市", "市县", "旗", "县（市、区）", "县(市、区)", "开发区", "园区", "社区", "村":
		return rest, true
	}
	return "", false
}

// memberOf reports whether a unit name is a member of a place group: 池北区 of 各区, 松江镇 of 各乡镇.
func memberOf(name, kind string) bool {
	if strings.HasPrefix(name, "各") {
		return false
	}
	switch kind {
	case "乡镇":
		return strings.HasSuffix(name, "乡") || strings.HasSuffix(name, "镇")
	case "县区", "县市区", "县（市、区）", "县(市、区)":
		return strings.HasSuffix(name, "县") || strings.HasSuffix(name, "区") || strings.HasSuffix(name, "市")
	case "市县":
		return strings.HasSuffix(name, "县") || strings.HasSuffix(name, "市")
	case "区":
		// a district, not an office of the whole zone (开发区 itself is the region)
		return strings.HasSuffix(name, "区") && !strings.HasSuffix(name, "开发区") && !strings.HasSuffix(name, "园区")
	}
	return strings.HasSuffix(name, kind)
}

// units builds the plan's unit registry and reports what the office must check.
func (r *registry) units(fs *finding.List) []plan.Unit {
	aliasesOf := map[string][]string{}
	for a, n := range r.aliases {
		aliasesOf[n] = append(aliasesOf[n], a)
	}
	var out []plan.Unit
	for _, name := range r.order {
		u := plan.Unit{Name: name, Aliases: aliasesOf[name]}
		sort.Strings(u.Aliases)
		for _, a := range u.Aliases {
			fs.Addf(finding.AliasInferred, finding.Finding{Task: r.firstTask[a]},
				"“%s”按%s认定为“%s”的别名：请在单位表中核对", a, r.aliasNote[a], name)
		}
		if kind, ok := groupSuffix(name); ok {
			u.Group = true
			for _, m := range r.order {
				if memberOf(m, kind) && !r.unresolved[m] {
					u.Members = append(u.Members, m)
				}
			}
			u.Note = "成员按方案中出现的单位推定，请核对补全"
			fs.Addf(finding.GroupInferred, finding.Finding{Task: r.firstTask[name]},
				"分组“%s”的成员按方案中出现的单位推定为：%s。方案未列出的成员请在单位表中补全", name, orNone(u.Members))
		} else if r.unresolved[name] {
			u.Group = true
			u.Note = "无法自动确定具体单位，请填写成员"
			fs.Addf(finding.UnitUnresolved, finding.Finding{Task: r.firstTask[name]},
				"责任单位“%s”无法自动确定为具体单位：请在单位表中填写其成员单位", name)
		} else if !r.fromTask[name] {
			u.Note = "仅在措施中出现"
			fs.Addf(finding.UnitOnlyInMeasure, finding.Finding{Task: r.firstTask[name]},
				"单位“%s”只在任务%d的措施中出现，已加入单位表：请核对", name, r.firstTask[name])
		}
		out = append(out, u)
	}
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "（无）"
	}
	return strings.Join(s, "、")
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func appendNew(s []string, v string) []string {
	if contains(s, v) {
		return s
	}
	return append(s, v)
}
