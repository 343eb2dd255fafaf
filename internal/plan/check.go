package plan

import (
	"fmt"
	"net/mail"
	"sort"
	"strings"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
)

// Check validates a plan built in memory (an import); findings point at the cells where
// Workbook writes each value, so the office finds them in the saved workbook.
func Check(p *Plan) finding.List {
	fs := check(p, layoutLocations(p))
	fs.Sort()
	return fs
}

// check holds the rules every plan must meet, whether read from a workbook or imported.
func check(p *Plan, l *locations) finding.List {
	var fs finding.List
	if strings.TrimSpace(p.Title) == "" {
		fs.Addf(finding.SettingInvalid, l.setting(kTitle), "方案标题为空：请在“设置”表填写")
	}
	checkStatuses(p, l, &fs)
	checkUnits(p, l, &fs)
	checkFileNames(p, l, &fs)
	if len(p.Tasks) == 0 {
		fs.Addf(finding.TaskNoMeasures, finding.Finding{Sheet: SheetTasks}, "任务清单中没有任务")
	}
	nos := make([]int, 0, len(p.Tasks))
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		nos = append(nos, t.No)
		checkTask(p, t, l, &fs)
	}
	checkSequence(nos, func(missing int) {
		fs.Addf(finding.NumberMissing, finding.Finding{Sheet: SheetTasks, Task: missing},
			"缺少任务%d：任务序号应从1起连续编号", missing)
	})
	return fs
}

func checkStatuses(p *Plan, l *locations, fs *finding.List) {
	opts := p.Settings.StatusOptions
	seen := map[string]bool{}
	for _, o := range opts {
		if seen[o] {
			fs.Addf(finding.SettingInvalid, l.setting(kStatuses), "完成状态选项“%s”重复", o)
		}
		seen[o] = true
	}
	if len(opts) < 2 || !seen[StatusDone] {
		fs.Addf(finding.SettingInvalid, l.setting(kStatuses),
			"完成状态选项至少两项且包含“%s”：默认为 已完成、序时推进、滞后、未启动", StatusDone)
	}
}

func checkUnits(p *Plan, l *locations, fs *finding.List) {
	names := map[string]bool{}
	for _, u := range p.Units {
		names[u.Name] = true
	}
	aliasOwner := map[string]string{}
	for _, u := range p.Units {
		for _, a := range u.Aliases {
			if names[a] {
				fs.Addf(finding.UnitDuplicate, l.unit(u.Name, hAliases), "别名“%s”同时是另一个单位的名称", a)
			} else if o, ok := aliasOwner[a]; ok && o != u.Name {
				fs.Addf(finding.UnitDuplicate, l.unit(u.Name, hAliases), "别名“%s”同时属于“%s”和“%s”", a, o, u.Name)
			}
			aliasOwner[a] = u.Name
		}
		if u.Group {
			if len(u.Members) == 0 {
				fs.Addf(finding.GroupEmpty, l.unit(u.Name, hMembers),
					"分组“%s”没有成员单位：请填写其包含的具体单位（用“、”分隔），否则无法向其发送模板", u.Name)
			}
			for _, m := range u.Members {
				if p.Unit(m) == nil {
					fs.Addf(finding.UnitNotListed, l.unit(u.Name, hMembers),
						"分组“%s”的成员“%s”不在单位表中：请在单位表中增加该单位", u.Name, m)
				}
			}
			if cyclic(p, u.Name, map[string]bool{}) {
				fs.Addf(finding.GroupCycle, l.unit(u.Name, hMembers), "分组“%s”直接或间接包含了自己", u.Name)
			}
		}
		if u.Email != "" {
			if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != strings.TrimSpace(u.Email) {
				fs.Addf(finding.EmailInvalid, l.unit(u.Name, hEmail), "电子邮箱“%s”格式不正确", u.Email)
			}
		}
	}
}

func cyclic(p *Plan, name string, seen map[string]bool) bool {
	if seen[name] {
		return true
	}
	seen[name] = true
	defer delete(seen, name)
	u := p.Unit(name)
	if u == nil || !u.Group {
		return false
	}
	for _, m := range u.Members {
		if cyclic(p, p.Canonical(m), seen) {
			return true
		}
	}
	return false
}

func checkTask(p *Plan, t *Task, l *locations, fs *finding.List) {
	if strings.TrimSpace(t.Title) == "" {
		fs.Addf(finding.TextMissing, l.task(t.No, hTaskTitle), "任务%d的整改任务（简称）为空", t.No)
	}
	if len(t.Units) == 0 {
		fs.Addf(finding.TaskNoUnits, l.task(t.No, hUnits), "任务%d没有责任单位：请填写，用“、”分隔，首位为牵头单位", t.No)
	}
	for _, u := range t.Units {
		if p.Unit(u) == nil {
			fs.Addf(finding.UnitNotListed, l.task(t.No, hUnits), "任务%d的责任单位“%s”不在单位表中：请在单位表中增加，或改为已有单位的名称", t.No, u)
		}
	}
	if t.Lead != "" && !containsName(p, t.Units, t.Lead) {
		fs.Addf(finding.LeadNotUnit, l.task(t.No, hLead), "任务%d的牵头单位“%s”不在其责任单位中", t.No, t.Lead)
	}
	checkDeadline(t.Deadline, l.task(t.No, hDeadline), fs, "任务%d", t.No)
	if len(t.Measures) == 0 {
		fs.Addf(finding.TaskNoMeasures, l.task(t.No, hTaskNo), "任务%d没有整改措施：请在“措施”表中增加", t.No)
	}
	mnos := make([]int, 0, len(t.Measures))
	for mi := range t.Measures {
		m := &t.Measures[mi]
		mnos = append(mnos, m.No)
		if strings.TrimSpace(m.Text) == "" {
			fs.Addf(finding.TextMissing, l.measure(t.No, m.No, hMeasure), "任务%d措施%d的内容为空", t.No, m.No)
		}
		for _, u := range m.Units {
			if p.Unit(u) == nil {
				fs.Addf(finding.UnitNotListed, l.measure(t.No, m.No, hMUnits),
					"任务%d措施%d的责任单位“%s”不在单位表中：请在单位表中增加，或改为已有单位的名称", t.No, m.No, u)
			}
		}
		if !m.Deadline.Inherited {
			checkDeadline(m.Deadline, l.measure(t.No, m.No, hDeadline), fs, "任务%d措施%d", t.No, m.No)
		}
	}
	checkSequence(mnos, func(missing int) {
		fs.Addf(finding.NumberMissing, finding.Finding{Sheet: SheetMeasures, Task: t.No, Measure: missing},
			"任务%d缺少措施%d：措施序号应从1起连续编号", t.No, missing)
	})
}

func checkDeadline(d deadline.Deadline, loc finding.Finding, fs *finding.List, what string, args ...any) {
	if d.Kind != deadline.KindUnknown {
		return
	}
	who := fmt.Sprintf(what, args...)
	if strings.TrimSpace(d.Text) == "" {
		fs.Addf(finding.DeadlineUnknown, loc, "%s没有整改时限：请填写（如“2022年9月底前”或“长期坚持”）", who)
		return
	}
	fs.Addf(finding.DeadlineUnknown, loc,
		"%s的整改时限“%s”无法识别：请改写为日期（如“2022年9月底前”）、“长期坚持”或“每年3月底前”，或在截止日期列手工填写", who, d.Text)
}

func containsName(p *Plan, names []string, name string) bool {
	c := p.Canonical(name)
	for _, n := range names {
		if p.Canonical(n) == c {
			return true
		}
	}
	return false
}

// checkSequence reports the numbers missing from 1..max.
func checkSequence(nos []int, missing func(int)) {
	if len(nos) == 0 {
		return
	}
	sorted := append([]int(nil), nos...)
	sort.Ints(sorted)
	have := map[int]bool{}
	for _, n := range sorted {
		have[n] = true
	}
	for n := 1; n <= sorted[len(sorted)-1] && n <= 10000; n++ {
		if !have[n] {
			missing(n)
		}
	}
}
