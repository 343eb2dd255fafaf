package validate

import (
	"fmt"
	"path"
	"strings"
	"taizhang/internal/decision"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"time"
)

// checkRow checks one measure row: prefilled text, then the unit's cells.
func (c *checker) checkRow(row *scan.Row, t, m int, pr template.Row, prev map[string]intake.Entry) {
	loc := func(header string) finding.Finding {
		return finding.Finding{Cell: xlsx.Cell(c.cols[header], row.Row), Task: t, Measure: m}
	}
	locked := map[string]string{template.ColTitle: pr.TaskTitle, template.ColText: pr.MeasureText,
		template.ColRole: pr.Role, template.ColDeadline: pr.DeadlineText}
	decided := c.ctx.decided[pr.Key()]
	for _, h := range []string{template.ColTitle, template.ColText, template.ColRole, template.ColDeadline} {
		cell, _ := c.cell(row, h)
		if cell.Formula != "" || !lockedAs(cell.Value, locked[h], h == template.ColDeadline, decided) {
			c.addf(finding.LockedChanged, loc(h), "任务%d措施%d的“%s”与下发的模板不同（预填内容不能修改）：请使用原模板，恢复为“%s”", t, m, h, clip(locked[h], 30))
		}
	}
	for _, h := range template.Inputs {
		if cell, _ := c.cell(row, h); cell.Formula != "" && !(h == template.ColEvidence && scan.PictureID(cell.Formula) != "") {
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
	if ec, _ := c.cell(row, template.ColEvidence); scan.PictureID(ec.Formula) != "" {
		e.Evidence = c.picture(ec, t, m, loc(template.ColEvidence))
	}
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
		// a measure done before and done still needs no new words: the template came prefilled
		p, ok := prev[plan.RowKey(t, m)]
		if ok && norm(p.Progress) == norm(e.Progress) && !(p.Status == plan.StatusDone && e.Status == plan.StatusDone) {
			c.addf(finding.ProgressUnchanged, loc(template.ColProgress), "任务%d措施%d的进展情况与上一期完全相同：请核实是否有新进展", t, m)
		}
	}
	if dc.Formula == "" && strings.TrimSpace(dc.Value) != "" {
		e.DoneText = strings.TrimSpace(dc.Value)
		d, ok := readDate(dc, c.wb.Date1904)
		partial := false
		if !ok {
			d, ok = c.partialDate(dc)
			partial = ok
		}
		shown := d.Format(time.DateOnly) // the date as the message names it
		if partial {
			shown = fmt.Sprintf("“%s”（按 %s）", clip(e.DoneText, 20), d.Format(time.DateOnly))
		}
		switch {
		case !ok:
			c.addf(finding.DateInvalid, loc(template.ColDoneDate), "完成时间“%s”不是日期：请填写如 2022-07-15", clip(e.DoneText, 20))
		case !c.asOf.IsZero() && d.After(c.asOf):
			c.addf(finding.DateOutOfRange, loc(template.ColDoneDate), "完成时间 %s 晚于截至日期 %s：请填写实际完成日期", shown, c.asOf.Format(time.DateOnly))
		case !c.issued.IsZero() && d.Before(c.issued.AddDate(-1, 0, 0)):
			c.addf(finding.DateOutOfRange, loc(template.ColDoneDate), "完成时间 %s 早于整改方案印发日期 %s：请核对", shown, c.issued.Format(time.DateOnly))
		case partial:
			c.addf(finding.DateImprecise, loc(template.ColDoneDate), "完成时间“%s”%s，已按 %s 记录：如不准确，请填写具体的年月日",
				clip(e.DoneText, 20), missingPart(e.DoneText), d.Format(time.DateOnly))
		}
		if ok {
			e.DoneDate = d.Format(time.DateOnly)
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
		due := pr.Due
		if e := c.extended(decided); e != nil {
			due = e.To.Format(time.DateOnly) // judged by the approved deadline
		}
		if due != "" && !c.asOf.IsZero() && due < c.asOf.Format(time.DateOnly) {
			c.addf(finding.StatusInconsistent, loc(template.ColStatus), "任务%d措施%d的整改时限（%s）已过，完成状态不能为“%s”：请选择“已完成”或“滞后”", t, m, due, status)
		}
	}
	c.r.Entries = append(c.r.Entries, e)
}

// partialDate reads a completion date written without its day or its year, where the period
// makes the meaning clear: the month's last day (but not past the 截至日期), the period's year.
// A number cell such as 2022.1 is not clear: it may have been 2022.10 before the spreadsheet
// dropped the zero.
func (c *checker) partialDate(cell *scan.Cell) (time.Time, bool) {
	y, m, d, ok := xlsx.ParsePartialDate(cell.Value)
	if !ok || c.r.Period.IsZero() {
		return time.Time{}, false
	}
	if (cell.Type == "" || cell.Type == "n") && m == 1 && strings.HasSuffix(strings.TrimSpace(cell.Value), ".1") {
		return time.Time{}, false
	}
	if y == 0 {
		y = c.r.Period.First().Year()
	}
	if d == 0 {
		t := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC)
		if !c.asOf.IsZero() && t.After(c.asOf) && t.Year() == c.asOf.Year() && t.Month() == c.asOf.Month() {
			t = c.asOf
		}
		return t, true
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 29 February of a year without it
	}
	return t, true
}

// missingPart says what a partial date left out.
func missingPart(typed string) string {
	if _, _, d, _ := xlsx.ParsePartialDate(typed); d == 0 {
		return "未写明日"
	}
	return "未写明年份"
}

// picture takes a picture pasted into 佐证材料 (WPS writes =_xlfn.DISPIMG("ID_…",1) and keeps
// the picture apart): it is kept as evidence of the measure, named for it, and the 佐证材料 text
// recorded names the file.
func (c *checker) picture(cell *scan.Cell, t, m int, loc finding.Finding) string {
	pic, ok := c.wb.Pictures[scan.PictureID(cell.Formula)]
	if !ok || len(pic.Data) == 0 {
		c.addf(finding.PictureInCell, loc, "任务%d措施%d的“佐证材料”是粘贴在单元格中的图片（WPS 单元格图片），但文件中取不出这张图片：请将图片作为邮件附件另行发送，并在栏中写明材料名称", t, m)
		return "单元格图片（未能取出）"
	}
	name := fmt.Sprintf("任务%d措施%d-单元格图片%s", t, m, pictureExt(pic))
	c.r.Pictures = append(c.r.Pictures, intake.Picture{Task: t, Measure: m, Name: name, Data: pic.Data})
	c.addf(finding.PictureInCell, loc, "任务%d措施%d的“佐证材料”是粘贴在单元格中的图片（WPS 单元格图片）：已另存为佐证材料“%s”；请在栏中写明材料名称，图片也可作为邮件附件发送", t, m, name)
	return "单元格图片：" + name
}

// pictureExt is the extension a picture's bytes call for, else its part's, if a picture's.
func pictureExt(p scan.Picture) string {
	d := string(p.Data[:min(len(p.Data), 12)])
	switch {
	case strings.HasPrefix(d, "\x89PNG"):
		return ".png"
	case strings.HasPrefix(d, "\xFF\xD8\xFF"):
		return ".jpg"
	case strings.HasPrefix(d, "GIF8"):
		return ".gif"
	case strings.HasPrefix(d, "BM"):
		return ".bmp"
	case strings.HasPrefix(d, "RIFF") && len(d) == 12 && d[8:] == "WEBP":
		return ".webp"
	}
	switch ext := strings.ToLower(path.Ext(p.Name)); ext {
	case ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".emf", ".wmf":
		return ext
	}
	return ""
}

// lockedAs reports whether a locked cell holds its prefilled text; a 整改时限 may also show any
// extension of the measure (延期) decided before or after the template was issued.
func lockedAs(value, want string, deadline bool, decided []decision.Decision) bool {
	if value == want || norm(value) == norm(want) {
		return true
	}
	if deadline {
		for _, t := range template.DeadlineTexts(want, decided) {
			if norm(value) == norm(t) {
				return true
			}
		}
	}
	return false
}

// extended is the extension of a measure in force on the return's 截至日期, or nil.
func (c *checker) extended(decided []decision.Decision) *decision.Decision {
	var e *decision.Decision
	for i := range decided {
		if decided[i].Kind == decision.Extend && !decided[i].Date.After(c.asOf) {
			e = &decided[i]
		}
	}
	return e
}
