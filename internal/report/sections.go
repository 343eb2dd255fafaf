package report

// sections.go makes the report's sections from the ledger, one function each, in the order
// they are read.

import (
	"fmt"
	"sort"
	"strings"

	"taizhang/internal/decision"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/typeset"
)

var (
	red    = Color{R: 0xFF, G: 0x00, B: 0x00}
	yellow = Color{R: 0xFF, G: 0xC0, B: 0x00}
	green  = Color{R: 0x00, G: 0xB0, B: 0x50}
	pink   = Color{R: 0xF8, G: 0xCB, B: 0xAD}
	white  = Color{R: 0xFF, G: 0xFF, B: 0xFF}
)

var lightFill = map[ledger.Light]Color{ledger.Red: red, ledger.Yellow: yellow, ledger.Green: green}

// lightCell is a status light: its word in bold on its colour, white on red and green, black
// on yellow — readable in colour and in grey-scale print.
func lightCell(l ledger.Light) Cell {
	fill := lightFill[l]
	c := Cell{Text: l.Label(), Fill: &fill, Bold: true}
	if l != ledger.Yellow {
		c.Color = &white
	}
	return c
}

func units(b *builder, l *ledger.Ledger) {
	b.heading("各单位报送和推进情况")
	c := l.Counts()
	line := ""
	if len(c.Closed) > 0 {
		line = fmt.Sprintf("%s的措施已全部验收销号，本期无需报送。", strings.Join(c.Closed, "、"))
	}
	line += "各单位的报送情况和负责的措施推进情况如下表（一条措施由多个单位负责的，各单位分别统计；" +
		"单位未报送的，此前已完成的措施沿用上期，其余进展暂无法确认；已验收销号的措施计为已完成；红灯为本单位滞后、逾期未完成或未报送的措施）。"
	b.para(line)
	cols := []Column{{Header: "单位", Weight: 2.6}, {Header: "应报措施", Weight: 1.1, Align: Center},
		{Header: "报送情况", Weight: 1.5, Align: Center}}
	order := l.Rules.Order()
	for _, s := range order {
		cols = append(cols, Column{Header: s, Weight: 1.1, Align: Center})
	}
	cols = append(cols, Column{Header: "红灯", Weight: 1, Align: Center})
	var rows [][]Cell
	for _, u := range l.Units {
		state := u.State
		var fill *Color
		switch u.State {
		case ledger.StateReported:
			state = u.SentAt.Local().Format("1月2日") + "报送"
		case ledger.StateLate:
			state = u.SentAt.Local().Format("1月2日") + "逾期报送"
			fill = &pink
		case ledger.StateClosed:
		default:
			fill = &pink
		}
		row := []Cell{{Text: u.Unit}, {Text: itoa(u.Assigned)}, {Text: state, Fill: fill}}
		for _, s := range order {
			row = append(row, Cell{Text: itoa(u.Counts[s])})
		}
		redCell := Cell{Text: itoa(u.Red)}
		if u.Red > 0 {
			redCell.Fill = &pink
		}
		rows = append(rows, append(row, redCell))
	}
	b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 9})
	discipline(b, l)
}

// discipline is the table of 报送考核: how each unit reported.
func discipline(b *builder, l *ledger.Ledger) {
	onTime, late, returned, missing := 0, 0, 0, 0
	for _, u := range l.Units {
		switch u.Discipline.Timeliness {
		case ledger.OnTime:
			onTime++
		case ledger.Late:
			late++
		case ledger.StateReturned:
			returned++
		default:
			missing++
		}
	}
	summary := list("，", count{onTime, "按时报送%d个单位"}, count{late, "逾期报送%d个"},
		count{returned, "退回修改后仍未通过%d个"}, count{missing, "未报送%d个"})
	if summary == "" {
		summary = "暂无"
	}
	b.para("报送考核：" + summary + "（按时报送指首份接收的报送在报送截止日前发出）。")
	cols := []Column{{Header: "单位", Weight: 2.6}, {Header: "报送情况", Weight: 1.6, Align: Center},
		{Header: "报送次数", Weight: 1.1, Align: Center}, {Header: "一次通过", Weight: 1.1, Align: Center},
		{Header: "退回次数", Weight: 1.1, Align: Center}}
	var rows [][]Cell
	for _, u := range l.Units {
		dd := u.Discipline
		first := "—"
		if dd.FirstPass != nil {
			first = "否"
			if *dd.FirstPass {
				first = "是"
			}
		}
		var fill *Color
		if dd.Timeliness != ledger.OnTime {
			fill = &pink
		}
		rows = append(rows, []Cell{{Text: u.Unit}, {Text: dd.Timeliness, Fill: fill}, {Text: itoa(dd.Returns)}, {Text: first}, {Text: itoa(dd.Rejected)}})
	}
	b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 9})
}

// Reasons a unit makes a measure red.
const (
	reasonBehind  = "滞后"
	reasonMissing = "未报送"
	reasonOverdue = "逾期未完成"
)

// redUnits names the units that make a measure red, each with why, and sums up the others:
// “池西区：滞后” … “其余3个单位序时推进”.
func redUnits(m *ledger.MeasureRow) []string {
	var out []string
	var others []string
	for _, ue := range m.Units {
		if !ue.Red {
			others = append(others, ue.Status)
			continue
		}
		var why []string
		switch ue.Status {
		case ledger.NotReported:
			why = append(why, reasonMissing)
		case plan.StatusBehind:
			why = append(why, reasonBehind)
		}
		if ue.Status != ledger.NotReported && ue.Status != plan.StatusDone && m.Verdict.DaysOverdue > 0 {
			why = append(why, reasonOverdue)
		}
		if len(why) == 0 { // a rule of the ledger this report does not know: its status
			why = append(why, ue.Status)
		}
		out = append(out, ue.Unit+"："+strings.Join(why, "、"))
	}
	if s := othersSummary(others); s != "" {
		out = append(out, s)
	}
	return out
}

// pendingUnits names the units that have not finished a measure with their status, and sums
// up those that have: for the yellow items.
func pendingUnits(m *ledger.MeasureRow) []string {
	var out, others []string
	for _, ue := range m.Units {
		if ue.Status == plan.StatusDone {
			others = append(others, ue.Status)
			continue
		}
		out = append(out, ue.Unit+"："+ue.Status)
	}
	if s := othersSummary(others); s != "" {
		out = append(out, s)
	}
	return out
}

// othersSummary sums up the other units of a measure by status: “其余3个单位序时推进”,
// “其余2个单位已完成，1个单位序时推进”.
func othersSummary(statuses []string) string {
	if len(statuses) == 0 {
		return ""
	}
	n := map[string]int{}
	var order []string
	for _, s := range statuses {
		if n[s] == 0 {
			order = append(order, s)
		}
		n[s]++
	}
	var parts []string
	for _, s := range order {
		parts = append(parts, fmt.Sprintf("%d个单位%s", n[s], s))
	}
	return "其余" + strings.Join(parts, "，")
}

func dueText(m *ledger.MeasureRow) string {
	due := "—"
	if !m.Verdict.Due.IsZero() {
		due = m.Verdict.Due.Format("2006-01-02")
	}
	if m.Extended != nil {
		due += "（已延期）"
	}
	return due
}

func alerts(b *builder, l *ledger.Ledger) {
	b.heading("预警和逾期事项")
	var reds, yellows []*ledger.MeasureRow
	for _, m := range l.Alerts() {
		if m.Verdict.Light == ledger.Red {
			reds = append(reds, m)
		} else {
			yellows = append(yellows, m)
		}
	}
	if len(reds)+len(yellows) == 0 {
		b.para("本期暂无预警和逾期事项。")
		return
	}
	overdue, behind, missing := 0, 0, 0
	for _, m := range reds {
		switch {
		case m.Verdict.DaysOverdue > 0:
			overdue++
		case m.Status == plan.StatusBehind:
			behind++
		default:
			missing++
		}
	}
	var line string
	if len(reds) > 0 {
		line = fmt.Sprintf("本期红灯事项%d条（%s）", len(reds), list("，", count{overdue, "已过截止日期%d条"},
			count{behind, "滞后%d条"}, count{missing, "有责任单位未报送%d条"}))
	} else {
		line = "本期暂无红灯事项"
	}
	if len(yellows) > 0 {
		line += fmt.Sprintf("，黄灯事项%d条（%d天内到期）", len(yellows), l.Rules.WarnDays)
	} else {
		line += "，暂无黄灯事项"
	}
	b.para(line + "。")

	b.subheading("红灯事项")
	if len(reds) == 0 {
		b.para("暂无。")
	} else {
		b.para("红灯事项为已过截止日期尚未完成、进度滞后或责任单位未报送的措施，按严重程度排列如下；“责任单位情况”列出使该措施亮红灯的单位及原因，其余单位合并说明。")
		cols := []Column{{Header: "任务措施", Weight: 1.1, Align: Center}, {Header: "整改措施", Weight: 4},
			{Header: "截止日期", Weight: 2, Align: Center}, {Header: "逾期天数", Weight: 1.1, Align: Center},
			{Header: "责任单位情况", Weight: 3.2}, {Header: "存在问题", Weight: 3}}
		var rows [][]Cell
		for _, m := range reds {
			days := ""
			if m.Verdict.DaysOverdue > 0 {
				days = itoa(m.Verdict.DaysOverdue)
			}
			rows = append(rows, []Cell{{Text: m.Key()}, {Text: clip(m.Text, 60)}, {Text: dueText(m)}, {Text: days},
				{Text: strings.Join(redUnits(m), "\n")}, {Text: problems(m)}})
		}
		b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 9})
	}

	b.subheading("预警事项")
	if len(yellows) == 0 {
		b.para(fmt.Sprintf("暂无%d天内到期、需要预警的措施。", l.Rules.WarnDays))
		return
	}
	b.para(fmt.Sprintf("黄灯事项为%d天内到期、尚未完成的措施，如下表；“责任单位情况”列出尚未完成的单位及其报送的状态。", l.Rules.WarnDays))
	cols := []Column{{Header: "任务措施", Weight: 1.1, Align: Center}, {Header: "整改措施", Weight: 4},
		{Header: "截止日期", Weight: 2, Align: Center}, {Header: "剩余天数", Weight: 1.1, Align: Center},
		{Header: "责任单位情况", Weight: 3.2}, {Header: "存在问题", Weight: 3}}
	var rows [][]Cell
	for _, m := range yellows {
		left := "当日到期"
		if days := int(m.Verdict.Due.Sub(l.AsOf).Hours() / 24); days > 0 {
			left = itoa(days)
		}
		rows = append(rows, []Cell{{Text: m.Key()}, {Text: clip(m.Text, 60)}, {Text: dueText(m)}, {Text: left},
			{Text: strings.Join(pendingUnits(m), "\n")}, {Text: problems(m)}})
	}
	b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 9})
}

func problems(m *ledger.MeasureRow) string {
	var out []string
	for _, ue := range m.Units {
		if ue.Problems != "" {
			out = append(out, ue.Unit+"："+ue.Problems)
		}
	}
	return strings.Join(out, "；")
}

var statusColors = map[string]Color{plan.StatusDone: green, plan.StatusOnTrack: {R: 0x5B, G: 0x9B, B: 0xD5},
	plan.StatusBehind: red, plan.StatusNotStarted: {R: 0xA5, G: 0xA5, B: 0xA5}, ledger.NotReported: yellow}

func charts(b *builder, l *ledger.Ledger) {
	b.heading("统计图")
	c := l.Counts()
	if len(l.Units) > 0 {
		us := chartUnits(l.Units)
		var cats []string
		for _, u := range us {
			cats = append(cats, u.Unit)
		}
		var series []Series
		for _, s := range l.Rules.Order() {
			var vals []float64
			for _, u := range us {
				vals = append(vals, float64(u.Counts[s]))
			}
			series = append(series, Series{Name: s, Color: statusColors[s], Values: vals})
		}
		caption := "图1  各单位负责措施的完成状态"
		if len(us) < len(l.Units) {
			caption += fmt.Sprintf("（红灯事项最多的%d个单位，其余%d个单位合计为“其他”）", ChartTop, len(l.Units)-ChartTop)
		}
		b.add(Block{Kind: BarChart, Bar: &BarChartBlock{Caption: caption, Categories: cats, Series: series, Horizontal: true, Unit: "条"}})
	}
	b.add(Block{Kind: BarChart, Bar: &BarChartBlock{Caption: "图2  整改措施红黄绿灯", Categories: []string{"全部措施"}, Horizontal: true, Percent: true,
		Series: []Series{
			{Name: "红灯", Color: red, Values: []float64{float64(c.Lights[ledger.Red])}},
			{Name: "黄灯", Color: yellow, Values: []float64{float64(c.Lights[ledger.Yellow])}},
			{Name: "绿灯", Color: green, Values: []float64{float64(c.Lights[ledger.Green])}}}}})
	if len(l.History) > 1 {
		var months []string
		var vals []float64
		for _, p := range l.History {
			months = append(months, p.Period.Label())
			vals = append(vals, float64(p.Completed))
		}
		b.add(Block{Kind: LineChart, Line: &LineChartBlock{Caption: "图3  各月已完成的整改措施", Categories: months, Unit: "条", ShowValues: true,
			Series: []Series{{Name: "已完成", Color: green, Values: vals}}}})
	}
}

// chartUnits are the units a chart shows: all of them, or, when there are more than
// ChartUnits, the ChartTop with most red items (in the plan's order among equals) and 其他,
// the others summed.
func chartUnits(all []ledger.UnitRow) []ledger.UnitRow {
	if len(all) <= ChartUnits {
		return all
	}
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return all[idx[a]].Red > all[idx[b]].Red })
	top := append([]int(nil), idx[:ChartTop]...)
	sort.Ints(top)
	var out []ledger.UnitRow
	for _, i := range top {
		out = append(out, all[i])
	}
	other := ledger.UnitRow{Unit: "其他", Counts: map[string]int{}}
	for _, i := range idx[ChartTop:] {
		for s, n := range all[i].Counts {
			other.Counts[s] += n
		}
		other.Red += all[i].Red
	}
	return append(out, other)
}

// closing ends the body: the 附件说明 and the 落款 (GB/T 9704, 7.3.4 and 7.3.5.2), kept
// together on one page. The office's name is set two characters from the right, the date
// under it starting two characters right of the name's start; a name longer than the line
// is broken between words into even lines, each set two characters from the right.
func closing(b *builder, l *ledger.Ledger) {
	b.add(Block{Kind: Spacer, Keep: true})
	b.add(Block{Kind: Attachments, Text: "附件：" + annexName(l), Keep: true})
	office := signer(l.Plan)
	date := period.DateLabel(b.c.Date)
	if office == "" {
		b.add(Block{Kind: Spacer, Keep: true})
		b.add(Block{Kind: Signature, Text: date, RightIndent: 4})
		return
	}
	b.add(Block{Kind: Spacer, Keep: true})
	const line = 28.0
	lines := typeset.BalanceWords(office, line-2, b.c.Words)
	nameW := 0.0
	for _, s := range lines {
		nameW = max(nameW, typeset.Ems(s))
	}
	dateW := typeset.Ems(date)
	nameRight, dateRight := 2.0, nameW-dateW
	if dateRight < 2 { // the date is longer than the name: the date two from the right
		dateRight = 2
		nameRight = dateW - nameW + 4
	}
	for _, s := range lines {
		b.add(Block{Kind: Signature, Text: s, RightIndent: nameRight, Keep: true})
	}
	b.add(Block{Kind: Signature, Text: date, RightIndent: dateRight})
}

// annexName is the annex's name in the 附件说明: “整改台账（2022年8月）”.
func annexName(l *ledger.Ledger) string { return "整改台账（" + l.Period.Label() + "）" }

func annex(b *builder, l *ledger.Ledger) {
	b.add(Block{Kind: Annex, Text: "附件"})
	title := fmt.Sprintf("%s整改台账（%s，截至%s）", ShortTitle(l.Plan), l.Period.Label(), period.DateLabel(l.AsOf))
	b.add(Block{Kind: AnnexTitle, Text: strings.Join(typeset.BalanceWords(title, annexTitleEms, b.c.Words), "\n")})
	cols := []Column{{Header: "序号", Weight: 0.9, Align: Center}, {Header: "整改任务", Weight: 2.4}, {Header: "整改措施", Weight: 5.4},
		{Header: "责任单位", Weight: 1.8}, {Header: "整改时限", Weight: 1.5}, {Header: "完成状态", Weight: 1.2, Align: Center},
		{Header: "灯", Weight: 0.6, Align: Center}, {Header: "各单位进展", Weight: 6}, {Header: "存在问题", Weight: 2.6}}
	var rows [][]Cell
	for i := range l.Measures {
		m := &l.Measures[i]
		var progress []string
		for _, ue := range m.Units {
			switch {
			case !ue.Carried.IsZero():
				progress = append(progress, ue.Unit+"：["+ue.Status+"，沿用"+ue.Carried.Label()+"] "+ue.Progress)
			case !ue.Reported:
				progress = append(progress, ue.Unit+"：未报送，"+ledger.Unconfirmed)
			default:
				progress = append(progress, ue.Unit+"：["+ue.Status+"] "+ue.Progress)
			}
		}
		units := plan.JoinList(append([]string{m.Lead}, m.CoUnits...))
		deadline := m.DeadlineText
		switch {
		case m.Extended != nil:
			deadline = "原时限：" + m.DeadlineText + "\n延期至：" + m.Extended.To.Format("2006-01-02") + "（" + m.Extended.Doc + "）"
		case !m.Verdict.Due.IsZero():
			deadline += "\n" + m.Verdict.Due.Format("2006-01-02")
		}
		status := m.Status
		if m.Closed != nil {
			status = ledger.Closed + "\n" + m.Closed.Date.Format("2006-01-02")
		}
		rows = append(rows, []Cell{{Text: m.Key()}, {Text: m.TaskTitle}, {Text: m.Text}, {Text: units}, {Text: deadline},
			{Text: status}, lightCell(m.Verdict.Light),
			{Text: strings.Join(progress, "\n")}, {Text: problems(m)}})
	}
	b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 8})
}

// decided is the section of the office's own decisions of the period — 验收销号 and 延期 —
// in a report of an office that records them.
func decided(b *builder, l *ledger.Ledger) {
	if len(l.Register) == 0 {
		return
	}
	b.heading("验收销号和延期情况")
	c := l.Counts()
	var closed, extended, reopened int
	for _, dd := range l.Decided {
		switch dd.Kind {
		case decision.Close:
			closed++
		case decision.Extend:
			extended++
		case decision.Reopen:
			reopened++
		}
	}
	line := fmt.Sprintf("截至%s，", period.DateLabel(l.AsOf))
	if n := c.Measures[ledger.Closed]; n > 0 {
		line += fmt.Sprintf("已验收销号的整改措施%d条", n)
		if c.Tasks[ledger.Closed] > 0 {
			line += fmt.Sprintf("，整改任务%d项", c.Tasks[ledger.Closed])
		}
	} else {
		line += "暂无已验收销号的整改措施"
	}
	if len(l.Decided) == 0 {
		b.para(line + "。本期暂无新的销号或延期。")
		return
	}
	b.para(line + "。本期" + list("，", count{closed, "验收销号%d条"}, count{extended, "批准延期%d条"}, count{reopened, "撤销销号%d条"}) + "，如下表。")
	texts := map[string]string{}
	for i := range l.Measures {
		texts[l.Measures[i].Key()] = l.Measures[i].Text
	}
	cols := []Column{{Header: "任务措施", Weight: 1.2, Align: Center}, {Header: "类别", Weight: 1.2, Align: Center},
		{Header: "整改措施", Weight: 4.4}, {Header: "日期", Weight: 1.8, Align: Center}, {Header: "文号", Weight: 2.4},
		{Header: "说明", Weight: 2.6}}
	var rows [][]Cell
	for _, dd := range l.Decided {
		note := dd.Note
		if dd.Kind == decision.Extend {
			parts := []string{"延期至" + dd.To.Format("2006-01-02")}
			if note != "" {
				parts = append(parts, note)
			}
			note = strings.Join(parts, "；")
		}
		rows = append(rows, []Cell{{Text: dd.Key()}, {Text: dd.Kind.Label()}, {Text: clip(texts[dd.Key()], 60)},
			{Text: dd.Date.Format("2006-01-02")}, {Text: dd.Doc}, {Text: note}})
	}
	b.table(TableBlock{Columns: cols, Rows: rows, FontSize: 9})
}
