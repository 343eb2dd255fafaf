package validate

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

// Context is what the rules need beyond the file. It is read-only during a run, so that files
// can be checked in parallel.
type Context struct {
	WorkspaceID string
	Key         []byte
	Plan        *plan.Plan                                             // the current plan
	PlanFor     func(fingerprint string) *plan.Plan                    // the plan a template was made from; nil when unknown
	Period      period.Period                                          // the period being collected; zero accepts any
	Previous    func(unit string, per period.Period) map[string]string // the unit's progress texts of the period before, by row key
	Limits      scan.Limits
	Cache       *scan.Cache // what the scans of a run share; nil: nothing

	reporting   map[string]bool                          // prepared once: the plan's reporting units
	fingerprint string                                   // prepared once: the plan's fingerprint
	assigned    map[string][]template.Row                // prepared once: each unit's rows in the plan
	older       map[*plan.Plan]map[string][]template.Row // rows of earlier plans, by need
	mu          sync.Mutex
}

// Prepare computes what every file's check needs from the plan, once, before files are checked
// (in parallel). Check calls it if the caller did not.
func (ctx *Context) Prepare() {
	if ctx.reporting != nil {
		return
	}
	ctx.reporting = map[string]bool{}
	for _, u := range ctx.Plan.ReportingUnits() {
		ctx.reporting[u] = true
	}
	ctx.fingerprint = plan.Fingerprint(ctx.Plan)
	ctx.assigned = template.Assignments(ctx.Plan)
	ctx.older = map[*plan.Plan]map[string][]template.Row{}
}

// rows is a unit's rows in a plan: the current one's are prepared, an earlier plan's are
// computed once and kept.
func (ctx *Context) rows(p *plan.Plan, unit string) []template.Row {
	if p == ctx.Plan {
		return ctx.assigned[unit]
	}
	ctx.mu.Lock()
	defer ctx.mu.Unlock()
	a, ok := ctx.older[p]
	if !ok {
		a = template.Assignments(p)
		ctx.older[p] = a
	}
	return a[unit]
}

// Check reads and checks one input.
func Check(in *intake.Input, ctx *Context) *intake.Return {
	r := &intake.Return{}
	if in.Problem != nil {
		r.Add(*in.Problem)
		return r.Finish()
	}
	lim := ctx.Limits
	if lim.MaxPart == 0 {
		lim = scan.DefaultLimits
	}
	wb, prob := intake.Read(in.Data, lim, ctx.Cache)
	if prob != nil {
		r.Add(*prob)
		return r.Finish()
	}
	ctx.Prepare()
	c := &checker{r: r, ctx: ctx, in: in, wb: wb}
	c.run()
	return r.Finish()
}

type checker struct {
	r      *intake.Return
	ctx    *Context
	in     *intake.Input
	wb     *intake.Workbook
	plan   *plan.Plan // the plan the template was made from
	asOf   time.Time
	issued time.Time
	cols   map[string]int
	header int
}

func (c *checker) addf(code finding.Code, loc finding.Finding, format string, args ...any) {
	if loc.Sheet == "" && loc.Cell != "" {
		loc.Sheet = template.SheetFill
	}
	c.r.Add(finding.New(code, loc, format, args...))
}

func (c *checker) run() {
	id, ok := c.identity()
	if !ok {
		return
	}
	c.r.Identity = id
	c.r.Unit, c.r.AsOf = id.Unit, id.AsOf
	c.r.Period, _ = period.Parse(id.Period) // signed: it is what the template was made for
	if !c.ctx.Period.IsZero() && c.r.Period != c.ctx.Period {
		c.addf(finding.PeriodMismatch, finding.Finding{}, "这是%s的模板，本次回收的是%s：请用%s下发的模板填报",
			period.Label(id.Period), c.ctx.Period.Label(), c.ctx.Period.Label())
	}
	if !c.ctx.reporting[id.Unit] {
		c.addf(finding.UnitUnknown, finding.Finding{}, "模板所属的单位“%s”不在当前任务清单中：请核对任务清单", id.Unit)
	}
	c.plan = c.ctx.Plan
	if id.Plan != c.ctx.fingerprint {
		if c.ctx.PlanFor != nil {
			if p := c.ctx.PlanFor(id.Plan); p != nil {
				c.plan = p
			}
		}
		c.addf(finding.PlanChanged, finding.Finding{}, "生成此模板后任务清单有更新：已按生成模板时的任务清单核对预填内容")
	}
	c.sender()
	c.asOf, _ = time.Parse(time.DateOnly, id.AsOf)
	c.issued, _ = time.Parse(time.DateOnly, c.plan.Settings.Issued)
	if !c.wb.HasFill {
		c.addf(finding.HeaderChanged, finding.Finding{Sheet: template.SheetFill}, "找不到“%s”工作表：请勿改动工作表名称", template.SheetFill)
		return
	}
	if !c.headers() {
		return
	}
	c.rows(id)
	c.footer()
}

// identity finds, reads and verifies the template's identity.
func (c *checker) identity() (*template.Identity, bool) {
	if !c.wb.HasIdentity {
		c.addf(finding.NotTemplate, finding.Finding{}, "不是本办公室下发的填报模板（找不到模板标识）：请使用下发的模板填报，不要复制到新工作簿")
		return nil, false
	}
	id, err := template.IdentityFromCells(c.wb.Identity)
	if err != nil {
		c.addf(finding.Tampered, finding.Finding{Sheet: template.SheetIdentity}, "模板标识不完整或被改动：请使用下发的原模板填报")
		return nil, false
	}
	if id.Version != template.FormatVersion {
		c.addf(finding.NotTemplate, finding.Finding{Sheet: template.SheetIdentity}, "模板格式版本（%d）与本程序不符：请使用本期下发的模板", id.Version)
		return nil, false
	}
	if id.Workspace != c.ctx.WorkspaceID {
		c.addf(finding.NotTemplate, finding.Finding{Sheet: template.SheetIdentity}, "这是其他工作区（其他办公室或重建前的工作区）生成的模板：请使用本办公室下发的模板")
		return nil, false
	}
	if !id.Verify(c.ctx.Key) {
		c.addf(finding.Tampered, finding.Finding{Sheet: template.SheetIdentity}, "模板的隐藏标识被改动（签名不符）：请使用下发的原模板重新填报")
		return nil, false
	}
	return &id, true
}

func (c *checker) sender() {
	if c.in.Sender == "" {
		return
	}
	u := c.ctx.Plan.Unit(c.r.Unit)
	if u == nil || u.Email == "" {
		return
	}
	if !strings.EqualFold(strings.TrimSpace(u.Email), c.in.Sender) {
		c.addf(finding.SenderMismatch, finding.Finding{}, "发件人 %s 不是%s登记的邮箱 %s：请核实是否为该单位报送", c.in.Sender, c.r.Unit, u.Email)
	}
}

// short reports whether a cell is short enough to be a header or a label: long text (a
// measure, progress) is never compared, which saves normalising it.
func short(v string) bool { return len(v) < 64 }

// headers finds the header row and checks every header text.
func (c *checker) headers() bool {
	for _, row := range c.wb.Fill {
		for _, cell := range row.Cells {
			if short(cell.Value) && norm(cell.Value) == template.ColStatus {
				c.header = row.Row
				break
			}
		}
		if c.header > 0 {
			break
		}
	}
	if c.header == 0 {
		c.addf(finding.HeaderChanged, finding.Finding{Sheet: template.SheetFill}, "找不到表头（“%s”等）：请勿改动表头", template.ColStatus)
		return false
	}
	c.cols = map[string]int{}
	row := c.row(c.header)
	for _, cell := range row.Cells {
		c.cols[norm(cell.Value)] = cell.Col
	}
	ok := true
	for i, h := range template.Columns {
		if _, found := c.cols[h]; !found {
			c.addf(finding.HeaderChanged, finding.Finding{Cell: xlsx.Cell(i+1, c.header)}, "表头“%s”被改动或删除：请恢复原表头", h)
			ok = false
		}
	}
	return ok
}

func (c *checker) row(n int) *scan.Row {
	for i := range c.wb.Fill {
		if c.wb.Fill[i].Row == n {
			return &c.wb.Fill[i]
		}
	}
	return &scan.Row{Row: n}
}

// footerStart is the first row holding a footer label, or 0.
func (c *checker) footerStart() int {
	for _, row := range c.wb.Fill {
		if row.Row <= c.header {
			continue
		}
		for _, cell := range row.Cells {
			if isLabel(cell.Value) {
				return row.Row
			}
		}
	}
	return 0
}

func (c *checker) cell(row *scan.Row, header string) (*scan.Cell, string) {
	col := c.cols[header]
	ref := xlsx.Cell(col, row.Row)
	if cell := row.Cell(col); cell != nil {
		return cell, ref
	}
	return &scan.Cell{Col: col}, ref
}

// rows matches the data rows with the identity's row keys and checks each.
func (c *checker) rows(id *template.Identity) {
	expected := map[string]int{}
	for i, k := range id.Rows {
		expected[k] = i
	}
	planRows := map[string]template.Row{}
	for _, pr := range c.ctx.rows(c.plan, id.Unit) {
		planRows[pr.Key()] = pr
	}
	end := c.footerStart()
	seen := map[string]bool{}
	var prev map[string]string
	if c.ctx.Previous != nil {
		prev = c.ctx.Previous(id.Unit, c.r.Period)
	}
	for i := range c.wb.Fill {
		row := &c.wb.Fill[i]
		if row.Row <= c.header || (end > 0 && row.Row >= end) {
			continue
		}
		tc, tref := c.cell(row, template.ColTask)
		mc, _ := c.cell(row, template.ColMeasure)
		key, keyOK := rowKey(tc.Value, mc.Value)
		if !keyOK {
			if rowHasContent(row) {
				c.addf(finding.RowAdded, finding.Finding{Cell: tref}, "第%d行不是模板中的措施行（任务序号、措施序号为空或无效）：请勿增加行，内容请填在对应措施行中", row.Row)
			}
			continue
		}
		t, m, _ := plan.ParseRowKey(key)
		if _, ok := expected[key]; !ok {
			c.addf(finding.RowAdded, finding.Finding{Cell: tref, Task: t, Measure: m}, "任务%d措施%d不是本单位模板中的行：请勿增加或复制行", t, m)
			continue
		}
		if seen[key] {
			c.addf(finding.RowAdded, finding.Finding{Cell: tref, Task: t, Measure: m}, "任务%d措施%d重复出现：请删除多余的行，每条措施只填一行", t, m)
			continue
		}
		seen[key] = true
		c.checkRow(row, t, m, planRows[key], prev)
	}
	for i, k := range id.Rows {
		if seen[k] {
			continue
		}
		t, m, _ := plan.ParseRowKey(k)
		c.addf(finding.RowMissing, finding.Finding{Cell: xlsx.Cell(1, c.header+1+i), Task: t, Measure: m},
			"任务%d措施%d的行被删除：请使用原模板，不要删除行", t, m)
	}
}

func rowKey(task, measure string) (string, bool) {
	t, ok1 := number(task)
	m, ok2 := number(measure)
	if !ok1 || !ok2 {
		return "", false
	}
	return plan.RowKey(t, m), true
}

// number reads a row number typed as 3, 3.0 or "３".
func number(s string) (int, bool) {
	s = xlsx.Normalize(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f > 0 && f < 100000 {
		return int(f), true
	}
	return 0, false
}

func rowHasContent(row *scan.Row) bool {
	for _, c := range row.Cells {
		if strings.TrimSpace(c.Value) != "" || c.Formula != "" {
			return true
		}
	}
	return false
}

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
		if utf16Len(text(h)) > xlsx.MaxCellRunes {
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

// footer reads and checks the contact block.
func (c *checker) footer() {
	start := c.footerStart()
	get := func(label string) (string, string, bool) {
		want := norm(label)
		for _, row := range c.wb.Fill {
			if start == 0 || row.Row < start {
				continue
			}
			for i, cell := range row.Cells {
				if !short(cell.Value) || norm(cell.Value) != want {
					continue
				}
				ref := xlsx.Cell(c.wb.MergedEnd(cell.Col, row.Row)+1, row.Row)
				for _, next := range row.Cells[i+1:] {
					if isLabel(next.Value) {
						break
					}
					if next.Formula != "" {
						c.addf(finding.FormulaInCell, finding.Finding{Cell: xlsx.Cell(next.Col, row.Row)}, "“%s”中是公式：请直接填写文字", strings.TrimSuffix(label, "："))
						return "", xlsx.Cell(next.Col, row.Row), true
					}
					if v := cleanText(next.Value); v != "" {
						return v, xlsx.Cell(next.Col, row.Row), true
					}
				}
				return "", ref, true
			}
		}
		return "", "", false
	}
	filler, fref, ok1 := get(template.FootFiller)
	phone, pref, ok2 := get(template.FootPhone)
	checker, _, _ := get(template.FootChecker)
	date, dref, _ := get(template.FootDate)
	c.r.Contact = intake.Contact{Filler: filler, Phone: phone, Checker: checker, FillDate: date}
	if ok1 && filler == "" {
		c.addf(finding.ContactMissing, finding.Finding{Cell: fref}, "未填写填报人")
	}
	if ok2 && phone == "" {
		c.addf(finding.ContactMissing, finding.Finding{Cell: pref}, "未填写联系电话")
	} else if phone != "" && !validPhone(phone) {
		c.addf(finding.PhoneInvalid, finding.Finding{Cell: pref}, "联系电话“%s”不是有效的手机号或固定电话（如 13912345678、0433-5123456）", clip(phone, 20))
	}
	if date != "" {
		if d, ok := xlsx.ParseDate(date, c.wb.Date1904); ok {
			c.r.Contact.FillDate = d.Format(time.DateOnly)
		} else {
			c.addf(finding.DateInvalid, finding.Finding{Cell: dref}, "填报日期“%s”不是日期：请填写如 2022-08-03", clip(date, 20))
		}
	}
}

// footerLabels are the footer labels as norm gives them.
var footerLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range template.FooterLabels {
		m[norm(l)] = true
	}
	return m
}()

func isLabel(s string) bool { return short(s) && footerLabels[norm(s)] }

var (
	reMobile   = regexp.MustCompile(`^(\+?86)?1[3-9]\d{9}$`)
	reLandline = regexp.MustCompile(`^(\(?0\d{2,3}\)?)?[2-9]\d{6,7}((转|ext|x)\d{1,6})?$`)
)

// validPhone accepts mobile numbers and landlines with or without area code, separated by
// spaces, dashes or brackets; several numbers separated by 、，/ are each checked.
func validPhone(s string) bool {
	s = xlsx.Normalize(s)
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，/;；", r) }) {
		p := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' || r == '—' {
				return -1
			}
			return r
		}, part)
		if !reMobile.MatchString(p) && !reLandline.MatchString(p) {
			return false
		}
	}
	return s != ""
}

// readDate reads a completion date: a serial in a date cell (or any plausible serial), or text.
func readDate(cell *scan.Cell, date1904 bool) (time.Time, bool) {
	v := strings.TrimSpace(cell.Value)
	if cell.Type == "" || cell.Type == "n" {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			if t, ok := xlsx.FromSerial(f, date1904); ok {
				return t, true
			}
			// a number like 20220715 typed without a format
			return xlsx.ParseDate(v, date1904)
		}
	}
	if cell.Type == "d" {
		return xlsx.ParseDate(v, date1904)
	}
	return xlsx.ParseDate(v, date1904)
}

// norm is the form in which typed values are compared: full-width folded, spaces removed.
func norm(s string) string {
	s = xlsx.Normalize(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cleanText keeps a unit's text as written but safe: OOXML escapes decoded, control
// characters (other than new lines and tabs) and invalid UTF-8 removed, ends trimmed.
func cleanText(s string) string {
	s = decodeEscapes(s)
	s = xlsx.SafeText(s)
	return strings.TrimSpace(s)
}

var reEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// decodeEscapes turns the _xHHHH_ escapes spreadsheet programs use for control characters back
// into characters (which SafeText then removes).
func decodeEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return reEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:6], 16, 32)
		if err != nil || !utf8.ValidRune(rune(n)) {
			return m
		}
		return string(rune(n))
	})
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
