package samplegen

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/plan"
)

// The progress text a unit's staff would write for a measure: what was done, with figures,
// in the measure's own words, different each month, consistent with the status and dates.

var (
	reLeadDate = regexp.MustCompile(`^(在)?\d{4}年\d{1,2}月(上旬|中旬|下旬|底)?(之)?前[,，、]?\s*`)
	reYearless = regexp.MustCompile(`^\d{1,2}月(底)?前[,，]?`)
)

// workItem is the measure's first clause with its date and acting units removed: the work the
// unit reports on ("组织各区对“十三五”污水管网建设进行摸排").
func workItem(p *plan.Plan, m *plan.Measure) string {
	s := strings.TrimSpace(m.Text)
	if i := strings.IndexAny(s, "。；;"); i > 0 {
		s = s[:i]
	}
	s = reLeadDate.ReplaceAllString(s, "")
	s = reYearless.ReplaceAllString(s, "")
	for changed := true; changed; {
		changed = false
		for _, u := range p.Units {
			for _, name := range append([]string{u.Name}, u.Aliases...) {
				if name != "" && strings.HasPrefix(s, name) {
					s = strings.TrimLeft(strings.TrimPrefix(s, name), "、,，")
					changed = true
				}
			}
		}
	}
	s = strings.TrimPrefix(s, "牵头")
	s = strings.TrimLeft(s, "、,，")
	r := []rune(s)
	if len(r) > 36 {
		// cut at the last comma before 36 characters
		cut := 36
		for i := 36; i > 12; i-- {
			if r[i] == '，' || r[i] == ',' || r[i] == '、' {
				cut = i
				break
			}
		}
		s = string(r[:cut])
	}
	return strings.TrimRight(s, "，,、")
}

// evidence names the documents that prove the work, from what the measure asks for.
func evidence(m *plan.Measure, unit string, rng *rand.Rand) string {
	var out []string
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	t := m.Text
	switch {
	case strings.Contains(t, "方案") || strings.Contains(t, "计划"):
		add("《" + unit + "工作方案》")
	case strings.Contains(t, "规划"):
		add("规划文本及审查意见")
	}
	if strings.Contains(t, "清单") {
		add("问题清单")
	}
	if strings.Contains(t, "台账") {
		add("工作台账")
	}
	if strings.Contains(t, "检查") || strings.Contains(t, "排查") || strings.Contains(t, "执法") {
		add("检查记录及现场照片")
	}
	if strings.Contains(t, "会议") || strings.Contains(t, "学习") || strings.Contains(t, "研究") {
		add("会议纪要")
	}
	if strings.Contains(t, "培训") || strings.Contains(t, "宣传") {
		add("培训（宣传）签到表及照片")
	}
	if len(out) == 0 {
		add([]string{"工作总结", "整改报告", "相关文件"}[rng.Intn(3)])
	}
	if len(out) < 2 {
		add("阶段性工作报告")
	}
	return strings.Join(out, "、")
}

var (
	meetings = []string{"专题会议", "推进会", "调度会", "部署会"}
	reasons  = []string{"涉及部门多、协调难度大", "第三方技术服务合同尚未签订", "汛期影响现场作业", "资金尚未全部到位",
		"部分企业配合度不高", "专业技术人员不足"}
	remedies = []string{"已提请分管领导协调，明确时间节点", "正在加快办理采购手续", "已调整施工组织计划",
		"已向上级争取资金支持", "已约谈相关企业负责人", "已抽调人员组建专班"}
)

// progressFor writes a unit's row for a measure in a period.
func progressFor(p *plan.Plan, m *plan.Measure, unit, status string, period string, done time.Time, rng *rand.Rand) (progress, ev, problems, next string) {
	item := workItem(p, m)
	month := monthOf(period)
	n1, n2 := 2+rng.Intn(9), 5+rng.Intn(40)
	meeting := meetings[rng.Intn(len(meetings))]
	switch status {
	case plan.StatusDone:
		ev = evidence(m, unit, rng)
		if !done.IsZero() && monthOf(done.Format("2006-01")) != month {
			progress = fmt.Sprintf("该项工作已于%d月%d日完成（%s）。%s持续巩固整改成效，开展“回头看”%d次，未发现问题反弹。",
				int(done.Month()), done.Day(), item, month, 1+rng.Intn(3))
		} else {
			progress = fmt.Sprintf("已%s。召开%s%d次，梳理问题%d个，已全部整改到位，%d月%d日完成。", item, meeting, 1+rng.Intn(3), n2,
				int(done.Month()), done.Day())
		}
	case plan.StatusOnTrack:
		progress = fmt.Sprintf("%s：%s召开%s研究部署，完成%d%%的工作量，梳理问题%d个、已整改%d个，其余按计划推进。",
			item, month, meeting, 30+rng.Intn(60), n2, n2/2+rng.Intn(n2/2+1))
		next = fmt.Sprintf("%s月底前完成剩余工作并组织自查", monthOf(nextPeriod(period)))
	case plan.StatusBehind:
		progress = fmt.Sprintf("%s：已完成前期摸底，进度落后于计划，完成约%d%%。", item, 20+rng.Intn(30))
		problems = reasons[rng.Intn(len(reasons))]
		next = remedies[rng.Intn(len(remedies))] + fmt.Sprintf("，力争%s底前完成", monthOf(nextPeriod(period)))
	case plan.StatusNotStarted:
		progress = fmt.Sprintf("%s：已列入工作计划，尚未启动，正在做前期准备（已对接相关部门%d个）。", item, n1)
		next = fmt.Sprintf("%s启动实施", monthOf(nextPeriod(period)))
	}
	return progress, ev, problems, next
}

func monthOf(period string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	return fmt.Sprintf("%d月", int(t.Month()))
}

func nextPeriod(period string) string {
	t, _ := time.Parse("2006-01", period)
	return t.AddDate(0, 1, 0).Format("2006-01")
}

// statusFor decides a unit's status for a measure as of a period's end: due by then → done
// (a few behind), due later → mostly on schedule, some done early, long-horizon ones sometimes
// not started; 滞后 in July often done in August.
func statusFor(m *plan.Measure, unit string, asOf time.Time, prev string, rng *rand.Rand) string {
	due, hasDue := m.Deadline.DueOn(asOf)
	if m.Deadline.Kind != deadline.KindDate {
		hasDue = false
	}
	x := rng.Intn(100)
	switch {
	case prev == plan.StatusDone:
		if x < 3 {
			// a regression: new problems found
			if hasDue && !due.After(asOf) {
				return plan.StatusBehind
			}
			return plan.StatusOnTrack
		}
		return plan.StatusDone
	case hasDue && !due.After(asOf):
		if x < 80 || prev == plan.StatusBehind && x < 90 {
			return plan.StatusDone
		}
		return plan.StatusBehind
	case prev == plan.StatusBehind:
		if x < 50 {
			return plan.StatusOnTrack
		}
		return plan.StatusBehind
	case hasDue && due.Year() >= 2023 && x < 12 && prev != plan.StatusOnTrack:
		return plan.StatusNotStarted
	case x < 15:
		return plan.StatusDone
	case x < 20:
		return plan.StatusBehind
	}
	return plan.StatusOnTrack
}

// rowKeyed finds a measure by its row key.
func rowKeyed(p *plan.Plan, key string) *plan.Measure {
	t, m, ok := plan.ParseRowKey(key)
	if !ok {
		return nil
	}
	task := p.Task(t)
	if task == nil || m > len(task.Measures) {
		return nil
	}
	return &task.Measures[m-1]
}
