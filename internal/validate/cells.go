package validate

import (
	"strings"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"time"
)

// checkRow checks one measure row: prefilled text, then the unit's cells.
func (c *checker) checkRow(row *scan.Row, t, m int, pr template.Row, prev map[string]string) {
	loc := func(header string) finding.Finding {
		return finding.Finding{Cell: xlsx.Cell(c.cols[header], row.Row), Task: t, Measure: m}
	}
	locked := map[string]string{template.ColTitle: pr.TaskTitle, template.ColText: pr.MeasureText,
		template.ColRole: pr.Role, template.ColDeadline: pr.DeadlineText}
	for _, h := range []string{template.ColTitle, template.ColText, template.ColRole, template.ColDeadline} {
		cell, _ := c.cell(row, h)
		if cell.Formula != "" || (cell.Value != locked[h] && norm(cell.Value) != norm(locked[h])) {
			c.addf(finding.LockedChanged, loc(h), "任务%d措施%d的“%s”与下发的模板不同（预填内容不能修改）：请使用原模板，恢复为“%s”", t, m, h, clip(locked[h], 30))
		}
	}
	for _, h := range template.Columns[template.Prefilled:] {
		if cell, _ := c.cell(row, h); cell.Formula != "" {
			c.addf(finding.FormulaInCell, loc(h), "“%s”中是公式（=%s）：请直接填写文字，不要使用公式或链接", h, clip(cell.Formula, 40))
		}
	}
	e := intake.Entry{Task: t, Measure: m, Row: row.Row}
	text := func(h string) string {
		cell, _ := c.cell(row, h)
		if cell.Formula != "" {
			return ""
		}
		return cleanText(cell.Value)
	}
	e.Status = norm(text(template.ColStatus))
	e.Progress = text(template.ColProgress)
	e.Evidence = text(template.ColEvidence)
	e.Problems = text(template.ColProblems)
	e.Next = text(template.ColNext)
	for _, h := range []string{template.ColProgress, template.ColEvidence, template.ColProblems, template.ColNext} {
		// the text as written: cleanText has already cut it to the limit
		if cell, _ := c.cell(row, h); cell.Formula == "" && len(cell.Value) > xlsx.MaxCellRunes && textLen(cell.Value) > xlsx.MaxCellRunes {
			c.addf(finding.TextTooLong, loc(h), "“%s”超过 %d 字，台账中将截断", h, xlsx.MaxCellRunes)
		}
	}
	dc, _ := c.cell(row, template.ColDoneDate)
	status := e.Status
	switch {
	case status == "":
		c.addf(finding.RequiredMissing, loc(template.ColStatus), "任务%d措施%d未选择完成状态：请从下拉列表中选择", t, m)
	case !contains(c.ctx.Plan.Settings.StatusOptions, status):
		c.addf(finding.StatusInvalid, loc(template.ColStatus), "完成状态“%s”不是可选项：请从 %s 中选择", clip(text(template.ColStatus), 20), strings.Join(c.ctx.Plan.Settings.StatusOptions, "、"))
		status = ""
	}
	if strings.TrimSpace(e.Progress) == "" {
		c.addf(finding.RequiredMissing, loc(template.ColProgress), "任务%d措施%d未填写进展情况", t, m)
	} else if prev != nil {
		if p, ok := prev[plan.RowKey(t, m)]; ok && norm(p) == norm(e.Progress) {
			c.addf(finding.ProgressUnchanged, loc(template.ColProgress), "任务%d措施%d的进展情况与上一期完全相同：请核实是否有新进展", t, m)
		}
	}
	if dc.Formula == "" && strings.TrimSpace(dc.Value) != "" {
		e.DoneText = strings.TrimSpace(dc.Value)
		if d, ok := readDate(dc, c.wb.Date1904); ok {
			e.DoneDate = d.Format(time.DateOnly)
			if !c.asOf.IsZero() && d.After(c.asOf) {
				c.addf(finding.DateOutOfRange, loc(template.ColDoneDate), "完成时间 %s 晚于截至日期 %s：请填写实际完成日期", e.DoneDate, c.asOf.Format(time.DateOnly))
			} else if !c.issued.IsZero() && d.Before(c.issued.AddDate(-1, 0, 0)) {
				c.addf(finding.DateOutOfRange, loc(template.ColDoneDate), "完成时间 %s 早于整改方案印发日期 %s：请核对", e.DoneDate, c.issued.Format(time.DateOnly))
			}
		} else {
			c.addf(finding.DateInvalid, loc(template.ColDoneDate), "完成时间“%s”不是日期：请填写如 2022-07-15", clip(e.DoneText, 20))
		}
	}
	switch status {
	case plan.StatusDone:
		if e.DoneText == "" && dc.Formula == "" {
			c.addf(finding.DoneWithoutDate, loc(template.ColDoneDate), "任务%d措施%d已完成，但未填写完成时间", t, m)
		}
		if strings.TrimSpace(e.Evidence) == "" {
			c.addf(finding.DoneWithoutEvidence, loc(template.ColEvidence), "任务%d措施%d已完成，但未填写佐证材料", t, m)
		}
	case plan.StatusBehind:
		if strings.TrimSpace(e.Problems) == "" {
			c.addf(finding.LateWithoutReason, loc(template.ColProblems), "任务%d措施%d滞后，但未写明存在问题", t, m)
		}
		if strings.TrimSpace(e.Next) == "" {
			c.addf(finding.LateWithoutReason, loc(template.ColNext), "任务%d措施%d滞后，但未写明下步计划", t, m)
		}
	case plan.StatusOnTrack, plan.StatusNotStarted:
		if pr.Due != "" && !c.asOf.IsZero() && pr.Due < c.asOf.Format(time.DateOnly) {
			c.addf(finding.StatusInconsistent, loc(template.ColStatus), "任务%d措施%d的整改时限（%s）已过，完成状态不能为“%s”：请选择“已完成”或“滞后”", t, m, pr.Due, status)
		}
	}
	c.r.Entries = append(c.r.Entries, e)
}
