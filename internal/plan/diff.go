package plan

import (
	"fmt"
	"strings"

	"taizhang/internal/deadline"
)

// Change is one difference between two plans, in words for the office.
type Change struct {
	Kind    string // added, removed, edited
	Task    int
	Measure int
	Text    string
}

func (c Change) String() string { return c.Text }

// Changes compares an old and a new plan: tasks and measures added, removed or edited, units
// and settings edited. Every field is compared.
func Changes(old, new *Plan) []Change {
	var out []Change
	add := func(kind string, task, measure int, format string, args ...any) {
		out = append(out, Change{Kind: kind, Task: task, Measure: measure, Text: fmt.Sprintf(format, args...)})
	}
	if old.Title != new.Title {
		add("edited", 0, 0, "方案标题：“%s” → “%s”", old.Title, new.Title)
	}
	os, ns := settingRows(old), settingRows(new)
	for i := range os {
		if i > 0 && os[i][1] != ns[i][1] {
			add("edited", 0, 0, "设置“%s”：“%s” → “%s”", os[i][0], os[i][1], ns[i][1])
		}
	}
	for _, ot := range old.Tasks {
		nt := new.Task(ot.No)
		if nt == nil {
			add("removed", ot.No, 0, "删除任务%d：%s", ot.No, ot.Title)
			continue
		}
		for _, f := range taskFields(&ot, nt) {
			add("edited", ot.No, 0, "任务%d的%s", ot.No, f)
		}
		for mi := range ot.Measures {
			om := &ot.Measures[mi]
			nm := findMeasure(nt, om.No)
			if nm == nil {
				add("removed", ot.No, om.No, "删除任务%d措施%d：%s", ot.No, om.No, clip(om.Text))
				continue
			}
			for _, f := range measureFields(om, nm) {
				add("edited", ot.No, om.No, "任务%d措施%d的%s", ot.No, om.No, f)
			}
		}
		for mi := range nt.Measures {
			if findMeasure(&ot, nt.Measures[mi].No) == nil {
				add("added", ot.No, nt.Measures[mi].No, "新增任务%d措施%d：%s", ot.No, nt.Measures[mi].No, clip(nt.Measures[mi].Text))
			}
		}
	}
	for _, nt := range new.Tasks {
		if old.Task(nt.No) == nil {
			add("added", nt.No, 0, "新增任务%d：%s（措施%d条）", nt.No, nt.Title, len(nt.Measures))
		}
	}
	for _, ou := range old.Units {
		nu := unitNamed(new, ou.Name)
		if nu == nil {
			add("removed", 0, 0, "删除单位：%s", ou.Name)
			continue
		}
		for _, f := range unitFields(&ou, nu) {
			add("edited", 0, 0, "单位“%s”的%s", ou.Name, f)
		}
	}
	for _, nu := range new.Units {
		if unitNamed(old, nu.Name) == nil {
			add("added", 0, 0, "新增单位：%s", nu.Name)
		}
	}
	return out
}

// Diff is Changes as lines of text.
func Diff(old, new *Plan) []string {
	var out []string
	for _, c := range Changes(old, new) {
		out = append(out, c.Text)
	}
	return out
}

func unitNamed(p *Plan, name string) *Unit {
	for i := range p.Units {
		if p.Units[i].Name == name {
			return &p.Units[i]
		}
	}
	return nil
}

func findMeasure(t *Task, no int) *Measure {
	for i := range t.Measures {
		if t.Measures[i].No == no {
			return &t.Measures[i]
		}
	}
	return nil
}

type fieldDiff []string

func (d *fieldDiff) str(name, a, b string) {
	if a != b {
		*d = append(*d, fmt.Sprintf("%s：“%s” → “%s”", name, clip(a), clip(b)))
	}
}

func (d *fieldDiff) deadline(name string, a, b deadline.Deadline) {
	if a.Text != b.Text || a.Kind != b.Kind || !a.Due.Equal(b.Due) || a.Inherited != b.Inherited || ruleText(a) != ruleText(b) {
		*d = append(*d, fmt.Sprintf("%s：%s → %s", name, describeDeadline(a), describeDeadline(b)))
	}
}

func ruleText(d deadline.Deadline) string {
	if d.Rule == nil {
		return ""
	}
	return fmt.Sprintf("%s/%d/%d/%s", d.Rule.Every, d.Rule.Month, d.Rule.Day, d.Rule.Text)
}

func describeDeadline(d deadline.Deadline) string {
	s := "“" + d.Text + "”"
	if d.HasDue() {
		s += "（" + d.DueString() + "）"
	} else {
		s += "（" + KindLabel(d.Kind) + "）"
	}
	if d.Inherited {
		s += "同任务"
	}
	return s
}

func taskFields(a, b *Task) []string {
	var d fieldDiff
	d.str("整改任务", a.Title, b.Title)
	d.str("问题描述", a.Problem, b.Problem)
	d.str("责任单位", JoinList(a.Units), JoinList(b.Units))
	d.str("责任单位原文", a.UnitsText, b.UnitsText)
	d.str("牵头单位", a.Lead, b.Lead)
	d.str("责任人", a.Persons, b.Persons)
	d.str("督导单位", a.Supervisor, b.Supervisor)
	d.str("整改目标", a.Goal, b.Goal)
	d.deadline("整改时限", a.Deadline, b.Deadline)
	return d
}

func measureFields(a, b *Measure) []string {
	var d fieldDiff
	d.str("内容", a.Text, b.Text)
	d.str("责任单位", JoinList(a.Units), JoinList(b.Units))
	d.deadline("整改时限", a.Deadline, b.Deadline)
	return d
}

func unitFields(a, b *Unit) []string {
	var d fieldDiff
	d.str("别名", JoinList(a.Aliases), JoinList(b.Aliases))
	d.str("成员", JoinList(a.Members), JoinList(b.Members))
	if a.Group != b.Group {
		d = append(d, fmt.Sprintf("类型：%s → %s", unitKind(a), unitKind(b)))
	}
	d.str("联系人", a.Contact, b.Contact)
	d.str("联系电话", a.Phone, b.Phone)
	d.str("电子邮箱", a.Email, b.Email)
	d.str("备注", a.Note, b.Note)
	return d
}

func unitKind(u *Unit) string {
	if u.Group {
		return kindGroup
	}
	return kindUnit
}

func clip(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return string(r)
}
