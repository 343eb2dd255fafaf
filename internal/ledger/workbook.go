package ledger

import (
	"fmt"
	"strings"

	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/internal/validate"
	"taizhang/internal/xlsx"
)

// Sheet names of the ledger workbook.
const (
	SheetMain    = "总台账"
	SheetTasks   = "任务汇总"
	SheetUnits   = "单位汇总"
	SheetAlerts  = "预警逾期"
	SheetIntake  = "报送情况"
	SheetSummary = "统计"
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
	{"督导单位", 8}, {"整改时限", 14}, {"截止日期", 11}, {"完成状态", 9}, {"状态灯", 6}, {"逾期天数", 6},
	{"各单位进展", 48}, {"完成时间", 11}, {"佐证材料", 24}, {"存在问题", 24}, {"下步计划", 24}, {"上期状态", 9}, {"变化", 16},
}

// Workbook builds the ledger workbook.
func (l *Ledger) Workbook() *xlsx.Book {
	b := xlsx.NewBook()
	b.SetProps(l.title(), l.Plan.Settings.Office)
	l.mainSheet(b)
	l.tasksSheet(b.Sheet(SheetTasks))
	l.unitsSheet(b.Sheet(SheetUnits))
	l.alertsSheet(b.Sheet(SheetAlerts))
	l.intakeSheet(b.Sheet(SheetIntake))
	l.summarySheet(b.Sheet(SheetSummary))
	b.SetActive(SheetMain)
	return b
}

// Save writes the ledger workbook through a temporary file and a rename.
func (l *Ledger) Save(path string) error {
	b := l.Workbook()
	defer b.Close()
	return b.Save(path)
}

func (l *Ledger) title() string {
	return l.Plan.Title + "整改台账"
}

func (l *Ledger) subtitle() string {
	s := fmt.Sprintf("期次：%s    截至日期：%s", template.PeriodLabel(l.Period), template.DateLabel(l.AsOf))
	if l.PrevPeriod != "" {
		s += "    对比：" + template.PeriodLabel(l.PrevPeriod)
	}
	return s
}

// printSetup is the ledger's print layout: A3 landscape, one page wide, header rows repeated,
// page N of M in the footer.
func printSetup(s *xlsx.Sheet, headerRow int) {
	s.PrintSetup(xlsx.Print{Landscape: true, A3: true, FitWidth: true, Margins: true,
		RepeatRows: fmt.Sprintf("$%d:$%d", headerRow, headerRow), Footer: "&L&A&C第 &P 页，共 &N 页"})
}

// header writes the title, the subtitle and the header row (row 3) of a sheet.
func header(s *xlsx.Sheet, title, sub string, cols []col) {
	s.Text(1, 1, title, stTitle)
	s.Merge(1, 1, len(cols), 1)
	s.RowHeight(1, 30)
	s.Text(1, 2, sub, stSub)
	s.Merge(1, 2, len(cols), 2)
	for i, c := range cols {
		s.Text(i+1, 3, c.head, stHead)
		s.ColWidth(i+1, c.width)
	}
	s.RowHeight(3, 30)
	s.Freeze(0, 3)
	printSetup(s, 3)
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

// progressOf is a unit's progress with its status in front: "[序时推进] 已完成摸底……".
func progressOf(ue UnitEntry) string {
	if !ue.Reported {
		return "（未报送）"
	}
	return "[" + ue.Status + "] " + ue.Progress
}

func (l *Ledger) mainSheet(b *xlsx.Book) {
	s := b.Sheet(SheetMain)
	last := max(4, 3+len(l.Measures))
	s.AutoFilter(1, 3, len(mainColumns), last)
	printSetup(s, 3)
	st := b.Stream(SheetMain)
	for i, c := range mainColumns {
		st.ColWidth(i+1, c.width)
	}
	st.Freeze(4, 3)
	st.Row(30, xlsx.Value{V: l.title(), S: stTitle})
	st.Merge(1, 1, len(mainColumns), 1)
	st.Row(0, xlsx.Value{V: l.subtitle(), S: stSub})
	st.Merge(1, 2, len(mainColumns), 2)
	head := make([]xlsx.Value, len(mainColumns))
	for i, c := range mainColumns {
		head[i] = xlsx.Value{V: c.head, S: stHead}
	}
	st.Row(30, head...)
	for i := range l.Measures {
		m := &l.Measures[i]
		progress := labelled(m, progressOf)
		evidence := labelled(m, func(u UnitEntry) string { return u.Evidence })
		problems := labelled(m, func(u UnitEntry) string { return u.Problems })
		next := labelled(m, func(u UnitEntry) string { return u.Next })
		done := labelled(m, func(u UnitEntry) string { return u.DoneDate })
		prev := m.PrevStatus
		var due any
		if !m.Verdict.Due.IsZero() {
			due = m.Verdict.Due
		} else {
			due = plan.KindLabel(m.Kind)
		}
		var overdue any
		if m.Verdict.DaysOverdue > 0 {
			overdue = m.Verdict.DaysOverdue
		}
		cells := []xlsx.Value{
			{V: m.Task, S: stCenter}, {V: m.TaskTitle, S: stText}, {V: m.Measure, S: stCenter}, {V: m.Text, S: stText},
			{V: m.Lead, S: stCenter}, {V: plan.JoinList(m.CoUnits), S: stText}, {V: m.Supervisor, S: stCenter},
			{V: m.DeadlineText, S: stText}, {V: due, S: stDate}, {V: m.Status, S: stCenter},
			{V: m.Verdict.Light.Label(), S: lightStyle(m.Verdict.Light)}, {V: overdue, S: stCenter},
			{V: progress, S: stText}, {V: done, S: stCenter}, {V: evidence, S: stText}, {V: problems, S: stText},
			{V: next, S: stText}, {V: prev, S: stCenter}, {V: strings.Join(m.Changes, "\n"), S: stText},
		}
		h := xlsx.FitHeight(18, 10, wt(m.TaskTitle, 20), wt(m.Text, 44), wt(progress, 48), wt(evidence, 24),
			wt(problems, 24), wt(next, 24), wt(plan.JoinList(m.CoUnits), 14), wt(done, 11), wt(strings.Join(m.Changes, "\n"), 16))
		st.Row(h, cells...)
	}
	st.Flush()
}

func wt(text string, width float64) xlsx.WidthText { return xlsx.WidthText{Text: text, Width: width} }

func (l *Ledger) tasksSheet(s *xlsx.Sheet) {
	cols := []col{{"任务序号", 6}, {"整改任务", 36}, {"牵头单位", 12}, {"督导单位", 8}, {"整改时限", 16}, {"截止日期", 11},
		{"完成状态", 9}, {"状态灯", 6}, {"逾期天数", 6}, {"措施数", 6}}
	for _, st := range l.Rules.Order() {
		cols = append(cols, col{st, 7})
	}
	header(s, l.title()+"·任务汇总", l.subtitle(), cols)
	for i, t := range l.Tasks {
		r := i + 4
		s.Int(1, r, t.No, stCenter)
		s.Text(2, r, t.Title, stText)
		s.Text(3, r, t.Lead, stCenter)
		s.Text(4, r, t.Supervisor, stCenter)
		s.Text(5, r, t.DeadlineText, stText)
		if t.Due.IsZero() {
			s.Text(6, r, "—", stCenter)
		} else {
			s.Date(6, r, t.Due, stDate)
		}
		s.Text(7, r, t.Status, stCenter)
		s.Text(8, r, t.Light.Label(), lightStyle(t.Light))
		intOrBlank(s, 9, r, t.DaysOverdue)
		s.Int(10, r, t.Measures, stCenter)
		for j, st := range l.Rules.Order() {
			s.Int(11+j, r, t.Counts[st], stCenter)
		}
		s.RowHeight(r, xlsx.FitHeight(18, 10, wt(t.Title, 36), wt(t.DeadlineText, 16)))
	}
	s.AutoFilter(1, 3, len(cols), max(4, 3+len(l.Tasks)))
}

func intOrBlank(s *xlsx.Sheet, c, r, n int) {
	if n > 0 {
		s.Int(c, r, n, stCenter)
	} else {
		s.Blank(c, r, stCenter)
	}
}

func (l *Ledger) unitsSheet(s *xlsx.Sheet) {
	cols := []col{{"单位", 14}, {"应报措施", 7}, {"报送情况", 9}, {"报送时间", 16}}
	for _, st := range l.Rules.Order() {
		cols = append(cols, col{st, 7})
	}
	cols = append(cols, col{"红灯", 6}, col{"联系人", 8}, col{"联系电话", 14}, col{"电子邮箱", 24})
	header(s, l.title()+"·单位汇总", l.subtitle(), cols)
	for i, u := range l.Units {
		r := i + 4
		s.Text(1, r, u.Unit, stText)
		s.Int(2, r, u.Assigned, stCenter)
		state := stCenter
		if u.State != StateReported {
			state = lightStyle(Red)
		}
		s.Text(3, r, u.State, state)
		if u.SubmittedAt.IsZero() {
			s.Blank(4, r, stCenter)
		} else {
			s.Text(4, r, u.SubmittedAt.Local().Format("2006-01-02 15:04"), stCenter)
		}
		for j, st := range l.Rules.Order() {
			s.Int(5+j, r, u.Counts[st], stCenter)
		}
		c := 5 + len(l.Rules.Order())
		intOrBlank(s, c, r, u.Red)
		s.Text(c+1, r, u.Contact, stCenter)
		s.Text(c+2, r, u.Phone, stCenter)
		s.Text(c+3, r, u.Email, stText)
	}
	s.AutoFilter(1, 3, len(cols), max(4, 3+len(l.Units)))
}

func (l *Ledger) alertsSheet(s *xlsx.Sheet) {
	cols := []col{{"状态灯", 6}, {"原因", 16}, {"任务序号", 6}, {"措施序号", 6}, {"整改任务", 22}, {"整改措施", 44},
		{"责任单位", 18}, {"未完成的单位", 18}, {"截止日期", 11}, {"逾期天数", 6}, {"存在问题", 30}}
	header(s, l.title()+"·预警和逾期事项", l.subtitle()+"    红灯：逾期、滞后或未报送；黄灯：预警期内到期", cols)
	for i, m := range l.Alerts() {
		r := i + 4
		var pending []string
		for _, ue := range m.Units {
			if ue.Status != plan.StatusDone {
				pending = append(pending, ue.Unit+"（"+ue.Status+"）")
			}
		}
		units := plan.JoinList(append([]string{m.Lead}, m.CoUnits...))
		problems := labelled(m, func(u UnitEntry) string { return u.Problems })
		s.Text(1, r, m.Verdict.Light.Label(), lightStyle(m.Verdict.Light))
		s.Text(2, r, m.Verdict.Reason, stText)
		s.Int(3, r, m.Task, stCenter)
		s.Int(4, r, m.Measure, stCenter)
		s.Text(5, r, m.TaskTitle, stText)
		s.Text(6, r, m.Text, stText)
		s.Text(7, r, units, stText)
		s.Text(8, r, strings.Join(pending, "、"), stText)
		if m.Verdict.Due.IsZero() {
			s.Text(9, r, "—", stCenter)
		} else {
			s.Date(9, r, m.Verdict.Due, stDate)
		}
		intOrBlank(s, 10, r, m.Verdict.DaysOverdue)
		s.Text(11, r, problems, stText)
		s.RowHeight(r, xlsx.FitHeight(18, 10, wt(m.Text, 44), wt(m.TaskTitle, 22), wt(problems, 30), wt(strings.Join(pending, "、"), 18), wt(units, 18)))
	}
	s.AutoFilter(1, 3, len(cols), max(4, 3+len(l.Alerts())))
}

// RecordState is how a record stands, in words.
func RecordState(r *store.Record) string {
	switch {
	case r.DuplicateOf != 0:
		return "重复"
	case r.SupersededBy != 0:
		return "已被更新的报送取代"
	case r.Verdict == validate.Accepted:
		return "接收"
	}
	return "退回修改"
}

func (l *Ledger) intakeSheet(s *xlsx.Sheet) {
	cols := []col{{"序号", 6}, {"收到时间", 16}, {"文件", 28}, {"来源", 36}, {"发件人", 24}, {"单位", 12}, {"模板期次", 9},
		{"结论", 12}, {"错误", 6}, {"提醒", 6}, {"回执", 30}}
	header(s, l.title()+"·报送情况", l.subtitle(), cols)
	for i, r := range l.Records {
		row := i + 4
		name := r.Attachment
		if name == "" {
			name = baseName(r.Source)
		}
		s.Int(1, row, int(r.ID), stCenter)
		s.Text(2, row, r.ReceivedAt.Local().Format("2006-01-02 15:04"), stCenter)
		s.Text(3, row, name, stText)
		s.Text(4, row, r.Source, stText)
		s.Text(5, row, r.Sender, stText)
		s.Text(6, row, r.Unit, stCenter)
		s.Text(7, row, r.Period, stCenter)
		st := stCenter
		if r.Verdict != validate.Accepted {
			st = lightStyle(Red)
		}
		s.Text(8, row, RecordState(r), st)
		s.Int(9, row, r.Errors, stCenter)
		s.Int(10, row, r.Warnings, stCenter)
		s.Text(11, row, baseName(r.Receipt), stText)
		s.RowHeight(row, xlsx.FitHeight(18, 10, wt(r.Source, 36), wt(name, 28)))
	}
	s.AutoFilter(1, 3, len(cols), max(4, 3+len(l.Records)))
}

func baseName(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	return p[i+1:]
}

// summarySheet counts measures by status and light, per unit, with a native chart.
func (l *Ledger) summarySheet(s *xlsx.Sheet) {
	order := l.Rules.Order()
	cols := []col{{"单位", 14}}
	for _, st := range order {
		cols = append(cols, col{st, 8})
	}
	cols = append(cols, col{"合计", 8})
	header(s, l.title()+"·统计", l.subtitle(), cols)
	c := l.Counts()
	// overall
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
	// per unit: its own measures by status
	top := 9
	s.Text(1, top, "各单位", stHead)
	for j, st := range order {
		s.Text(2+j, top, st, stHead)
	}
	s.Text(2+len(order), top, "合计", stHead)
	for i, u := range l.Units {
		r := top + 1 + i
		s.Text(1, r, u.Unit, stText)
		for j, st := range order {
			s.Int(2+j, r, u.Counts[st], stCenter)
		}
		s.Int(2+len(order), r, u.Assigned, stCenter)
	}
	if len(l.Units) == 0 {
		return
	}
	first, last := top+1, top+len(l.Units)
	colors := map[string]string{plan.StatusDone: "00B050", plan.StatusOnTrack: "5B9BD5", plan.StatusBehind: "FF0000",
		plan.StatusNotStarted: "A5A5A5", NotReported: "FFC000"}
	var series []xlsx.ChartSeries
	for j, st := range order {
		color := colors[st]
		if color == "" {
			color = "7F7F7F"
		}
		series = append(series, xlsx.ChartSeries{Name: s.Ref(2+j, top, 2+j, top), Categories: s.Ref(1, first, 1, last),
			Values: s.Ref(2+j, first, 2+j, last), Color: color})
	}
	s.StackedBars(xlsx.Cell(len(cols)+2, 4), "各单位措施完成状态", 900, 480, series)
}

// DefaultPath is where the ledger of a period goes in a workspace.
func DefaultPath(out func(...string) string, period string) string {
	return out(period, "台账-"+period+".xlsx")
}
