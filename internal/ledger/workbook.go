package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"

	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/xlsx"
)

// Sheet names of the ledger workbook.
const (
	SheetMain      = "总台账"
	SheetTasks     = "任务汇总"
	SheetUnits     = "单位汇总"
	SheetAlerts    = "预警逾期"
	SheetIntake    = "报送情况"
	SheetReports   = "报送考核"
	SheetFiles     = "佐证材料清单"
	SheetDecisions = "销号和延期"
	SheetSummary   = "统计"
)

// Light colours: fill and font.
var lightColors = map[Light][2]string{Red: {"FF0000", "FFFFFF"}, Yellow: {"FFD966", "000000"}, Green: {"00B050", "FFFFFF"}}

var (
	stTitle  = xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体"}
	stSub    = xlsx.Style{Size: 11}
	stHead   = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", Border: true, Fill: "BDD7EE"}
	stText   = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Size: 10}
	stCenter = xlsx.Style{Wrap: true, HAlign: "center", VAlign: "top", Border: true, Size: 10}
	stDate   = xlsx.Style{HAlign: "center", VAlign: "top", Border: true, Size: 10, NumFmt: "yyyy-mm-dd"}
)

func lightStyle(l Light) xlsx.Style {
	c := lightColors[l]
	return xlsx.Style{Bold: true, HAlign: "center", VAlign: "top", Border: true, Size: 10, Fill: c[0], Color: c[1]}
}

type col struct {
	head  string
	width float64
}

// mainColumns are the columns of 总台账.
var mainColumns = []col{
	{"任务序号", 6}, {"整改任务", 20}, {"措施序号", 6}, {"整改措施", 44}, {"牵头单位", 10}, {"配合单位", 14},
	{"督导单位", 8}, {"整改时限", 14}, {"截止日期", 11}, {"调整后时限", 11}, {"完成状态", 9}, {"状态灯", 6}, {"逾期天数", 6},
	{"销号日期", 11}, {"文号", 16}, {"各单位进展", 48}, {"完成时间", 11}, {"佐证材料", 24}, {"存在问题", 24}, {"下步计划", 24}, {"上期状态", 9}, {"变化", 16},
}

// Workbook builds the ledger workbook.
func (l *Ledger) Workbook() *xlsx.Book { return l.workbook(context.Background()) }

// workbook builds the ledger workbook, checking ctx every few thousand rows: an interrupted
// build leaves the book failed with ctx's error.
func (l *Ledger) workbook(ctx context.Context) *xlsx.Book {
	b := xlsx.NewBook()
	b.SetProps(l.title(), l.Plan.Settings.Office)
	l.mainSheet(ctx, b)
	l.tasksSheet(b)
	l.unitsSheet(b)
	l.alertsSheet(b)
	l.intakeSheet(b)
	l.reportsSheet(b)
	l.filesSheet(b)
	l.decisionsSheet(b)
	l.summarySheet(b.Sheet(SheetSummary))
	// 总台账 is the first sheet, active by default: setting it again would make excelize
	// re-read every streamed sheet
	return b
}

// Save writes the ledger workbook through a temporary file and a rename: when ctx ends first,
// nothing is written and the old workbook, if any, stays as it was.
func (l *Ledger) Save(ctx context.Context, path string) error {
	b := l.workbook(ctx)
	defer b.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	return b.Save(path)
}

func (l *Ledger) title() string {
	return l.Plan.Title + "整改台账"
}

func (l *Ledger) subtitle() string {
	s := fmt.Sprintf("期次：%s    截至日期：%s", l.Period.Label(), period.DateLabel(l.AsOf))
	if !l.PrevPeriod.IsZero() {
		s += "    对比：" + l.PrevPeriod.Label()
	}
	return s
}

// printSetup is the ledger's print layout: A3 landscape, one page wide, header rows repeated,
// page N of M in the footer.
func printSetup(s *xlsx.Sheet, headerRow int) {
	s.PrintSetup(xlsx.Print{Landscape: true, A3: true, FitWidth: true, Margins: true,
		RepeatRows: fmt.Sprintf("$%d:$%d", headerRow, headerRow), Footer: "&L&A&C第 &P 页，共 &N 页"})
}

// header writes the title, the subtitle and the header row (row 3) of a small sheet.
func header(s *xlsx.Sheet, title, sub string, cols []col) {
	// the title is long: a narrow table's title spans more columns than the table
	span := max(len(cols), 14)
	s.Text(1, 1, title, stTitle)
	s.Merge(1, 1, span, 1)
	s.RowHeight(1, 30)
	s.Text(1, 2, sub, stSub)
	s.Merge(1, 2, span, 2)
	for i, c := range cols {
		s.Text(i+1, 3, c.head, stHead)
		s.ColWidth(i+1, c.width)
	}
	s.RowHeight(3, 30)
	s.Freeze(0, 3)
	printSetup(s, 3)
}

// stream opens a large sheet: filter and page setup first, then widths, panes, the title, the
// subtitle and the header row (row 3); rows follow from row 4.
func stream(b *xlsx.Book, name, title, sub string, cols []col, rows, freezeCols int) *xlsx.Stream {
	s := b.Sheet(name)
	s.AutoFilter(1, 3, len(cols), max(4, 3+rows))
	printSetup(s, 3)
	st := b.Stream(name)
	for i, c := range cols {
		st.ColWidth(i+1, c.width)
	}
	st.Freeze(freezeCols, 3)
	// a narrow sheet's long title wraps instead of being cut at the print area
	width := 0.0
	for _, c := range cols {
		width += c.width
	}
	titleStyle := stTitle
	titleStyle.Wrap = true
	st.Row(xlsx.FitHeight(30, 16, xlsx.WidthText{Text: title, Width: width}), xlsx.Value{V: title, S: titleStyle})
	st.Merge(1, 1, len(cols), 1)
	subStyle := stSub
	subStyle.Wrap = true
	st.Row(xlsx.FitHeight(0, 11, xlsx.WidthText{Text: sub, Width: width}), xlsx.Value{V: sub, S: subStyle})
	st.Merge(1, 2, len(cols), 2)
	head := make([]xlsx.Value, len(cols))
	for i, c := range cols {
		head[i] = xlsx.Value{V: c.head, S: stHead}
	}
	st.Row(30, head...)
	return st
}

// labelled joins the units' values of a measure: "经发局：…" lines, skipping empty ones; a
// measure with one unit shows the value alone.
func labelled(m *MeasureRow, get func(UnitEntry) string) string {
	var lines []string
	for _, ue := range m.Units {
		v := get(ue)
		if v == "" {
			continue
		}
		if len(m.Units) == 1 {
			return v
		}
		lines = append(lines, ue.Unit+"："+v)
	}
	return strings.Join(lines, "\n")
}

// progressOf is a unit's progress with its status in front: "[序时推进] 已完成摸底……",
// "[已完成，沿用2022年7月] …" for a completion carried from an earlier return.
func progressOf(ue UnitEntry) string {
	switch {
	case !ue.Carried.IsZero():
		return "[" + ue.Status + "，沿用" + ue.Carried.Label() + "] " + ue.Progress
	case !ue.Reported:
		return "（未报送，" + Unconfirmed + "）"
	}
	return "[" + ue.Status + "] " + ue.Progress
}

func (l *Ledger) mainSheet(ctx context.Context, b *xlsx.Book) {
	st := stream(b, SheetMain, l.title(), l.subtitle(), mainColumns, len(l.Measures), 4)
	for i := range l.Measures {
		if i%4096 == 4095 && ctx.Err() != nil {
			break
		}
		if l.Progress != nil && i%1024 == 0 {
			l.Progress(i, len(l.Measures))
		}
		m := &l.Measures[i]
		progress := labelled(m, progressOf)
		evidence := labelled(m, func(u UnitEntry) string { return u.Evidence })
		problems := labelled(m, func(u UnitEntry) string { return u.Problems })
		next := labelled(m, func(u UnitEntry) string { return u.Next })
		done := labelled(m, func(u UnitEntry) string { return u.DoneDate })
		prev := m.PrevStatus
		var due, adjusted, closedOn any
		switch {
		case !m.PlannedDue.IsZero():
			due = m.PlannedDue
		case m.Extended == nil:
			due = plan.KindLabel(m.Kind)
		}
		if m.Extended != nil {
			adjusted = m.Extended.To
		}
		status := m.Status
		if m.Closed != nil {
			status, closedOn = Closed, m.Closed.Date
		}
		var overdue any
		if m.Verdict.DaysOverdue > 0 {
			overdue = m.Verdict.DaysOverdue
		}
		docs := docsOf(m)
		cells := []xlsx.Value{
			{V: m.Task, S: stCenter}, {V: m.TaskTitle, S: stText}, {V: m.Measure, S: stCenter}, {V: m.Text, S: stText},
			{V: m.Lead, S: stCenter}, {V: plan.JoinList(m.CoUnits), S: stText}, {V: m.Supervisor, S: stCenter},
			{V: m.DeadlineText, S: stText}, {V: due, S: stDate}, {V: adjusted, S: stDate}, {V: status, S: stCenter},
			{V: m.Verdict.Light.Label(), S: lightStyle(m.Verdict.Light)}, {V: overdue, S: stCenter},
			{V: closedOn, S: stDate}, {V: docs, S: stText}, {V: progress, S: stText}, {V: done, S: stCenter}, {V: evidence, S: stText}, {V: problems, S: stText},
			{V: next, S: stText}, {V: prev, S: stCenter}, {V: strings.Join(m.Changes, "\n"), S: stText},
		}
		h := xlsx.FitHeight(18, 10, wt(m.TaskTitle, 20), wt(m.Text, 44), wt(progress, 48), wt(evidence, 24), wt(docs, 16),
			wt(problems, 24), wt(next, 24), wt(plan.JoinList(m.CoUnits), 14), wt(done, 11), wt(strings.Join(m.Changes, "\n"), 16))
		st.Row(h, cells...)
	}
	st.Flush()
}

func wt(text string, width float64) xlsx.WidthText { return xlsx.WidthText{Text: text, Width: width} }

func (l *Ledger) tasksSheet(b *xlsx.Book) {
	cols := []col{{"任务序号", 6}, {"整改任务", 36}, {"牵头单位", 12}, {"督导单位", 8}, {"整改时限", 16}, {"截止日期", 11},
		{"完成状态", 9}, {"状态灯", 6}, {"逾期天数", 6}, {"措施数", 6}}
	for _, st := range l.Rules.Order() {
		cols = append(cols, col{st, 7})
	}
	cols = append(cols, col{"其中已销号", 7})
	st := stream(b, SheetTasks, l.title()+"·任务汇总", l.subtitle(), cols, len(l.Tasks), 0)
	for _, t := range l.Tasks {
		var due any = "—"
		if !t.Due.IsZero() {
			due = t.Due
		}
		status := t.Status
		if t.Closed {
			status = Closed
		}
		cells := []xlsx.Value{{V: t.No, S: stCenter}, {V: t.Title, S: stText}, {V: t.Lead, S: stCenter}, {V: t.Supervisor, S: stCenter},
			{V: t.DeadlineText, S: stText}, {V: due, S: stDate}, {V: status, S: stCenter}, {V: t.Light.Label(), S: lightStyle(t.Light)},
			blankIfZero(t.DaysOverdue), {V: t.Measures, S: stCenter}}
		for _, s := range l.Rules.Order() {
			cells = append(cells, xlsx.Value{V: t.Counts[s], S: stCenter})
		}
		cells = append(cells, blankIfZero(t.Counts[Closed]))
		st.Row(xlsx.FitHeight(18, 10, wt(t.Title, 36), wt(t.DeadlineText, 16)), cells...)
	}
	st.Flush()
}

func blankIfZero(n int) xlsx.Value {
	if n > 0 {
		return xlsx.Value{V: n, S: stCenter}
	}
	return xlsx.Value{S: stCenter}
}

// unitColumns are 单位汇总's columns; the chart on 统计 reads the status counts from them.
func (l *Ledger) unitColumns() []col {
	cols := []col{{"单位", 14}, {"应报措施", 7}, {"报送情况", 9}, {"发送时间", 16}, {"收到时间", 16}}
	for _, st := range l.Rules.Order() {
		cols = append(cols, col{st, 7})
	}
	return append(cols, col{"其中沿用上期", 8}, col{"红灯", 6}, col{"涉及红灯的措施", 9}, col{"联系人", 8}, col{"联系电话", 14}, col{"电子邮箱", 24})
}

// firstStatusCol is the column of the first status count on 单位汇总.
const firstStatusCol = 6

func when(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (l *Ledger) unitsSheet(b *xlsx.Book) {
	st := stream(b, SheetUnits, l.title()+"·单位汇总", l.subtitle()+"    红灯：本单位滞后、逾期未报已完成或未报送的措施", l.unitColumns(), len(l.Units), 1)
	for _, u := range l.Units {
		state := stCenter
		if u.State != StateReported {
			state = lightStyle(Red)
		}
		cells := []xlsx.Value{{V: u.Unit, S: stText}, {V: u.Assigned, S: stCenter}, {V: u.State, S: state},
			{V: when(u.SentAt), S: stCenter}, {V: when(u.ReceivedAt), S: stCenter}}
		for _, s := range l.Rules.Order() {
			cells = append(cells, xlsx.Value{V: u.Counts[s], S: stCenter})
		}
		cells = append(cells, blankIfZero(u.Carried), blankIfZero(u.Red), blankIfZero(u.RedMeasures), xlsx.Value{V: u.Contact, S: stCenter},
			xlsx.Value{V: u.Phone, S: stCenter}, xlsx.Value{V: u.Email, S: stText})
		st.Row(0, cells...)
	}
	st.Flush()
}

func (l *Ledger) alertsSheet(b *xlsx.Book) {
	cols := []col{{"状态灯", 6}, {"原因", 16}, {"任务序号", 6}, {"措施序号", 6}, {"整改任务", 22}, {"整改措施", 44},
		{"责任单位", 18}, {"未完成的单位", 18}, {"截止日期", 11}, {"逾期天数", 6}, {"存在问题", 30}}
	alerts := l.Alerts()
	st := stream(b, SheetAlerts, l.title()+"·预警和逾期事项", l.subtitle()+"    红灯：逾期、滞后或未报送；黄灯：预警期内到期", cols, len(alerts), 0)
	for _, m := range alerts {
		p := strings.Join(Pending(m), "、")
		units := plan.JoinList(append([]string{m.Lead}, m.CoUnits...))
		problems := labelled(m, func(u UnitEntry) string { return u.Problems })
		var due any = "—"
		if !m.Verdict.Due.IsZero() {
			due = m.Verdict.Due
		}
		st.Row(xlsx.FitHeight(18, 10, wt(m.Text, 44), wt(m.TaskTitle, 22), wt(problems, 30), wt(p, 18), wt(units, 18)),
			xlsx.Value{V: m.Verdict.Light.Label(), S: lightStyle(m.Verdict.Light)}, xlsx.Value{V: m.Verdict.Reason, S: stText},
			xlsx.Value{V: m.Task, S: stCenter}, xlsx.Value{V: m.Measure, S: stCenter}, xlsx.Value{V: m.TaskTitle, S: stText},
			xlsx.Value{V: m.Text, S: stText}, xlsx.Value{V: units, S: stText}, xlsx.Value{V: p, S: stText}, xlsx.Value{V: due, S: stDate},
			blankIfZero(m.Verdict.DaysOverdue), xlsx.Value{V: problems, S: stText})
	}
	st.Flush()
}

// Pending names the units that keep a measure from being done, and why: "住建局（滞后）",
// "池西区（未报送，进展暂无法确认）".
func Pending(m *MeasureRow) []string {
	var out []string
	for _, ue := range m.Units {
		switch ue.Status {
		case plan.StatusDone:
		case NotReported:
			out = append(out, ue.Unit+"（未报送，"+Unconfirmed+"）")
		default:
			out = append(out, ue.Unit+"（"+ue.Status+"）")
		}
	}
	return out
}

// RecordState is how a record stands, in words.
func RecordState(r *store.Record) string {
	switch {
	case r.Withdrawn != nil:
		return "已撤销"
	case r.DuplicateOf != 0:
		return "重复"
	case r.SupersededBy != 0:
		return "已被更新的报送取代"
	case r.Verdict == intake.Accepted && r.Late():
		return "接收（逾期报送）"
	case r.Verdict == intake.Accepted:
		return "接收"
	}
	return "退回修改"
}

func (l *Ledger) intakeSheet(b *xlsx.Book) {
	cols := []col{{"记录号", 6}, {"发送时间", 16}, {"收到时间", 16}, {"文件", 28}, {"来源", 36}, {"发件人", 24}, {"单位", 12},
		{"模板期次", 9}, {"报送截止", 11}, {"结论", 14}, {"错误", 6}, {"提醒", 6}, {"回执", 30}, {"撤销说明", 30}}
	st := stream(b, SheetIntake, l.title()+"·报送情况", l.subtitle(), cols, len(l.Records), 0)
	for _, r := range l.Records {
		name := r.Attachment
		if name == "" {
			name = baseName(r.Source)
		}
		state := stCenter
		if r.Verdict != intake.Accepted || r.Withdrawn != nil {
			state = lightStyle(Red)
		}
		var withdrawn string
		if w := r.Withdrawn; w != nil {
			withdrawn = fmt.Sprintf("%s 由%s撤销：%s", w.At.Local().Format("2006-01-02 15:04"), w.By, w.Reason)
		}
		st.Row(xlsx.FitHeight(18, 10, wt(r.Source, 36), wt(name, 28), wt(withdrawn, 30)),
			xlsx.Value{V: int(r.ID), S: stCenter}, xlsx.Value{V: when(r.Sent), S: stCenter}, xlsx.Value{V: when(r.ReceivedAt), S: stCenter},
			xlsx.Value{V: name, S: stText}, xlsx.Value{V: r.Source, S: stText}, xlsx.Value{V: r.Sender, S: stText},
			xlsx.Value{V: r.Unit, S: stCenter}, xlsx.Value{V: r.Period.String(), S: stCenter}, xlsx.Value{V: r.Due, S: stCenter},
			xlsx.Value{V: RecordState(r), S: state}, xlsx.Value{V: r.Errors, S: stCenter}, xlsx.Value{V: r.Warnings, S: stCenter},
			xlsx.Value{V: baseName(r.Receipt), S: stText}, xlsx.Value{V: withdrawn, S: stText})
	}
	st.Flush()
}

// reportsSheet is 报送考核: how each unit reported in the period.
func (l *Ledger) reportsSheet(b *xlsx.Book) {
	cols := []col{{"单位", 14}, {"报送情况", 10}, {"首次发送时间", 16}, {"报送次数", 8}, {"一次通过", 8}, {"退回次数", 8},
		{"联系人", 8}, {"联系电话", 14}}
	st := stream(b, SheetReports, l.title()+"·报送考核", l.subtitle()+"    按时报送：首份接收的报送在模板的报送截止日前发出", cols, len(l.Units), 1)
	for _, u := range l.Units {
		d := u.Discipline
		state := stCenter
		if d.Timeliness != OnTime {
			state = lightStyle(Red)
		}
		first := "—"
		if d.FirstPass != nil {
			first = "否"
			if *d.FirstPass {
				first = "是"
			}
		}
		st.Row(0, xlsx.Value{V: u.Unit, S: stText}, xlsx.Value{V: d.Timeliness, S: state}, xlsx.Value{V: when(d.FirstSent), S: stCenter},
			xlsx.Value{V: d.Returns, S: stCenter}, xlsx.Value{V: first, S: stCenter}, blankIfZero(d.Rejected),
			xlsx.Value{V: u.Contact, S: stCenter}, xlsx.Value{V: u.Phone, S: stCenter})
	}
	st.Flush()
}

// EvidenceKind names a kind of evidence for the office.
func EvidenceKind(kind string) string {
	switch kind {
	case store.EvidenceMessage:
		return "邮件原件"
	case store.EvidencePicture:
		return "单元格中的图片"
	}
	return "邮件附件"
}

// filesSheet is 佐证材料清单: every file that came with the period's returns.
func (l *Ledger) filesSheet(b *xlsx.Book) {
	cols := []col{{"单位", 14}, {"任务措施", 12}, {"文件", 36}, {"类别", 12}, {"大小", 10}, {"SHA-256", 66}, {"收到时间", 16}, {"记录号", 6}}
	st := stream(b, SheetFiles, l.title()+"·佐证材料清单", l.subtitle()+"    原件保存在工作区的数据库中", cols, len(l.Evidence), 1)
	for _, e := range l.Evidence {
		unit := e.Unit
		if unit == "" {
			unit = "未识别"
		}
		st.Row(xlsx.FitHeight(18, 10, wt(e.Name, 36)), xlsx.Value{V: unit, S: stText}, xlsx.Value{V: strings.Join(e.Measures, "、"), S: stCenter},
			xlsx.Value{V: e.Name, S: stText}, xlsx.Value{V: EvidenceKind(e.Kind), S: stCenter}, xlsx.Value{V: sizeText(e.Size), S: stCenter},
			xlsx.Value{V: e.Digest, S: stText}, xlsx.Value{V: when(e.ReceivedAt), S: stCenter}, xlsx.Value{V: int(e.Record), S: stCenter})
	}
	st.Flush()
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

func baseName(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	return p[i+1:]
}

// chartUnits is how many units the chart shows: more bars are unreadable.
const chartUnits = 40

// summarySheet counts measures by status and light, with a native chart of the units' statuses
// drawn from 单位汇总.
func (l *Ledger) summarySheet(s *xlsx.Sheet) {
	order := l.Rules.Order()
	cols := []col{{"", 14}}
	for _, st := range order {
		cols = append(cols, col{st, 8})
	}
	cols = append(cols, col{"合计", 8})
	header(s, l.title()+"·统计", l.subtitle(), cols)
	c := l.Counts()
	s.Text(1, 4, "全部措施", xlsx.Style{Bold: true, Border: true})
	for j, st := range order {
		s.Int(2+j, 4, c.Measures[st], stCenter)
	}
	s.Int(2+len(order), 4, c.Measures["total"], stCenter)
	s.Text(1, 5, "全部任务", xlsx.Style{Bold: true, Border: true})
	for j, st := range order {
		s.Int(2+j, 5, c.Tasks[st], stCenter)
	}
	s.Int(2+len(order), 5, c.Tasks["total"], stCenter)
	s.Text(1, 7, "措施状态灯", xlsx.Style{Bold: true, Border: true})
	for j, lt := range []Light{Red, Yellow, Green} {
		s.Text(2+2*j, 7, lt.Label()+"灯", lightStyle(lt))
		s.Int(3+2*j, 7, c.Lights[lt], stCenter)
	}
	// 已销号 is a part of 已完成: said apart, not added to the table's total
	extended := 0
	for i := range l.Measures {
		if l.Measures[i].Extended != nil {
			extended++
		}
	}
	s.Text(1, 8, "已验收销号", xlsx.Style{Bold: true, Border: true})
	s.Text(2, 8, "措施", stCenter)
	s.Int(3, 8, c.Measures[Closed], stCenter)
	s.Text(4, 8, "任务", stCenter)
	s.Int(5, 8, c.Tasks[Closed], stCenter)
	s.Text(6, 8, "已延期措施", stCenter)
	s.Int(7, 8, extended, stCenter)
	n := min(len(l.Units), chartUnits)
	if n == 0 {
		return
	}
	title := "各单位措施完成状态"
	if n < len(l.Units) {
		title += fmt.Sprintf("（前%d个单位，全部见“单位汇总”）", n)
	}
	units := xlsx.SheetRef(SheetUnits)
	first, last := 4, 3+n
	colors := map[string]string{plan.StatusDone: "00B050", plan.StatusOnTrack: "5B9BD5", plan.StatusBehind: "FF0000",
		plan.StatusNotStarted: "A5A5A5", NotReported: "FFC000"}
	var series []xlsx.ChartSeries
	for j, st := range order {
		color := colors[st]
		if color == "" {
			color = "7F7F7F"
		}
		c := firstStatusCol + j
		series = append(series, xlsx.ChartSeries{Name: units(c, 3, c, 3), Categories: units(1, first, 1, last),
			Values: units(c, first, c, last), Color: color})
	}
	s.StackedBars("A10", title, 900, 480, series)
}

// docsOf names the documents of a measure's decisions in force: "延期：长整改办〔2022〕7号",
// "销号：长整改办〔2022〕5号".
func docsOf(m *MeasureRow) string {
	var lines []string
	if m.Extended != nil {
		lines = append(lines, "延期："+m.Extended.Doc)
	}
	if m.Closed != nil {
		lines = append(lines, "销号："+m.Closed.Doc)
	}
	return strings.Join(lines, "\n")
}

// decisionsSheet is 销号和延期: the office's register, every decision in the order recorded —
// those revoked or not yet in force too, for the audit.
func (l *Ledger) decisionsSheet(b *xlsx.Book) {
	cols := []col{{"序号", 6}, {"类别", 9}, {"任务序号", 6}, {"措施序号", 6}, {"整改措施", 36}, {"原时限", 14}, {"调整后时限", 11},
		{"决定日期", 11}, {"文号", 18}, {"审批人", 10}, {"说明", 24}, {"依据", 36}, {"记录时间", 16}}
	st := stream(b, SheetDecisions, l.title()+"·销号和延期", l.subtitle(), cols, len(l.Register), 4)
	texts := map[string][2]string{}
	for _, t := range l.Plan.Tasks {
		for _, m := range t.Measures {
			texts[plan.RowKey(t.No, m.No)] = [2]string{m.Text, m.Deadline.Text}
		}
	}
	for _, d := range l.Register {
		kind := d.Kind.Label()
		if d.Forced {
			kind += "（强制）"
		}
		var to any
		if !d.To.IsZero() {
			to = d.To
		}
		var basis []string
		for _, r := range d.Evidence {
			if r.Evidence == 0 {
				basis = append(basis, fmt.Sprintf("%s的报送 %s（记录 %d）", r.Unit, r.Name, r.Record))
			} else {
				basis = append(basis, "佐证材料 "+r.Name)
			}
		}
		if d.Source != "" {
			basis = append(basis, "审核表 "+d.Source)
		}
		tx := texts[d.Key()]
		st.Row(xlsx.FitHeight(18, 10, wt(tx[0], 36), wt(strings.Join(basis, "\n"), 36), wt(d.Note, 24)),
			xlsx.Value{V: d.ID, S: stCenter}, xlsx.Value{V: kind, S: stCenter}, xlsx.Value{V: d.Task, S: stCenter},
			xlsx.Value{V: d.Measure, S: stCenter}, xlsx.Value{V: tx[0], S: stText}, xlsx.Value{V: tx[1], S: stText},
			xlsx.Value{V: to, S: stDate}, xlsx.Value{V: d.Date, S: stDate}, xlsx.Value{V: d.Doc, S: stText},
			xlsx.Value{V: d.By, S: stCenter}, xlsx.Value{V: d.Note, S: stText}, xlsx.Value{V: strings.Join(basis, "\n"), S: stText},
			xlsx.Value{V: when(d.RecordedAt), S: stCenter})
	}
	st.Flush()
}
