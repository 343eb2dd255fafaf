// Package report writes the monthly progress report for the leadership group's meeting: a PDF
// typeset as an official document from a period's ledger — the narrative from an editable
// text template, the units' reporting, the red and yellow items, charts, and the full ledger
// as an annex on landscape pages.
//
// It imports ledger, period, plan and typeset; only the command line imports it.
package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/typeset"
)

// Report is a rendered report.
type Report struct {
	Doc     *typeset.Doc
	Title   string
	Missing []rune // characters no font had, drawn as □
}

// Render typesets the report of a ledger. cfg chooses the fonts (its date and title are set
// here); text is the wording template (templates/进展报告模板.txt or an office's own).
func Render(ctx context.Context, l *ledger.Ledger, cfg typeset.Config, text string) (*Report, error) {
	t, err := template.New("report").Option("missingkey=zero").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("报告文字模板有误：%w", err)
	}
	data := fields(l)
	part := func(name string) (string, error) {
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, name, data); err != nil {
			return "", fmt.Errorf("报告文字模板的“%s”部分有误：%w", name, err)
		}
		return strings.TrimSpace(b.String()), nil
	}
	title, err := part("标题")
	if err != nil {
		return nil, err
	}
	sub, err := part("副标题")
	if err != nil {
		return nil, err
	}
	overview, err := part("总体进展")
	if err != nil {
		return nil, err
	}
	cfg.Title = strings.ReplaceAll(title, "\n", "") // a "\n" in the wording forces the title's line break
	cfg.Words = append(cfg.Words, planWords(l.Plan)...)
	cfg.Author = l.Plan.Settings.Office
	cfg.Date = time.Date(l.AsOf.Year(), l.AsOf.Month(), l.AsOf.Day(), 12, 0, 0, 0, time.UTC)
	d, err := typeset.New(cfg)
	if err != nil {
		return nil, err
	}
	d.Title(title)
	d.Subtitle(sub)
	h := &headings{d: d}
	h.next("总体进展")
	for _, p := range strings.Split(overview, "\n") {
		if strings.TrimSpace(p) != "" {
			d.Paragraph(strings.TrimSpace(p))
		}
	}
	for _, section := range []func(*headings, *ledger.Ledger){units, alerts, decided, charts, annex} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		section(h, l)
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	return &Report{Doc: d, Title: cfg.Title, Missing: d.Missing()}, nil
}

// headings numbers the report's sections as they come: 一、二、三…
type headings struct {
	d *typeset.Doc
	n int
}

func (h *headings) next(title string) {
	h.n++
	h.d.Heading(1, cnNumber(h.n)+"、"+title)
}

func cnNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return digits[n]
	}
	return fmt.Sprint(n)
}

// Write writes the PDF.
func (r *Report) Write(w io.Writer) error { return r.Doc.Output(w) }

// ShortTitle is the plan's title without the words around it: “长白山保护开发区贯彻落实第二轮
// 中央生态环境保护督察反馈问题整改方案” → “长白山保护开发区第二轮中央生态环境保护督察反馈问题”.
func ShortTitle(p *plan.Plan) string {
	s := strings.TrimSpace(p.Title)
	for _, w := range []string{"贯彻落实", "关于"} {
		s = strings.Replace(s, w, "", 1)
	}
	for _, suffix := range []string{"整改工作方案", "整改实施方案", "整改方案", "工作方案", "方案"} {
		if strings.HasSuffix(s, suffix) {
			s = strings.TrimSuffix(s, suffix)
			break
		}
	}
	return s
}

// fields are the numbers and names the wording template may use, by their Chinese names.
func fields(l *ledger.Ledger) map[string]any {
	c := l.Counts()
	overdue := 0
	for _, m := range l.Measures {
		if m.Verdict.DaysOverdue > 0 {
			overdue++
		}
	}
	byStatus := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for _, s := range l.Rules.Order() {
			out[s] = m[s]
		}
		return out
	}
	f := map[string]any{
		"方案标题": l.Plan.Title, "方案简称": ShortTitle(l.Plan), "地区": l.Plan.Settings.Region,
		"期次": l.Period.Label(), "截至日期": period.DateLabel(l.AsOf),
		"任务总数": c.Tasks["total"], "措施总数": c.Measures["total"],
		"任务": byStatus(c.Tasks), "措施": byStatus(c.Measures),
		"新完成": c.Newly, "退步": c.Regress, "逾期": overdue, "预警天数": l.Rules.WarnDays,
		"红灯": c.Lights[ledger.Red], "黄灯": c.Lights[ledger.Yellow], "绿灯": c.Lights[ledger.Green],
		"应报": c.Expected, "已报": len(c.Reported), "退回数": len(c.Returned), "未报数": len(c.Missing),
		"退回单位": strings.Join(c.Returned, "、"), "未报单位": strings.Join(c.Missing, "、"),
		"上期": "", "已销号": c.Measures[ledger.Closed], "已销号任务": c.Tasks[ledger.Closed],
	}
	if !l.PrevPeriod.IsZero() {
		f["上期"] = l.PrevPeriod.Label()
	}
	return f
}

var (
	red    = typeset.Color{R: 0xFF, G: 0x00, B: 0x00}
	yellow = typeset.Color{R: 0xFF, G: 0xC0, B: 0x00}
	green  = typeset.Color{R: 0x00, G: 0xB0, B: 0x50}
	pink   = typeset.Color{R: 0xF8, G: 0xCB, B: 0xAD}
)

var lightFill = map[ledger.Light]*typeset.Color{ledger.Red: &red, ledger.Yellow: &yellow, ledger.Green: &green}

func units(h *headings, l *ledger.Ledger) {
	d := h.d
	h.next("各单位报送和推进情况")
	c := l.Counts()
	line := fmt.Sprintf("本期应报送单位%d个，已报送%d个", c.Expected, len(c.Reported))
	if len(c.Late) > 0 {
		line += fmt.Sprintf("（其中逾期报送%d个）", len(c.Late))
	}
	line += fmt.Sprintf("，退回修改%d个，未报送%d个", len(c.Returned), len(c.Missing))
	if len(c.Closed) > 0 {
		line += fmt.Sprintf("；%s的措施已全部验收销号，本期无需报送", strings.Join(c.Closed, "、"))
	}
	line += "。各单位负责的措施推进情况如下表（一条措施由多个单位负责的，各单位分别统计；" +
		"单位未报送的，此前已完成的措施沿用上期，其余进展暂无法确认；已验收销号的措施计为已完成；红灯为本单位滞后、逾期未完成或未报送的措施）。"
	d.Paragraph(line)
	cols := []typeset.Column{{Header: "单位", Weight: 2.6, Align: typeset.AlignLeft}, {Header: "应报措施", Weight: 1.1, Align: typeset.AlignCenter},
		{Header: "报送情况", Weight: 1.5, Align: typeset.AlignCenter}}
	order := l.Rules.Order()
	for _, s := range order {
		cols = append(cols, typeset.Column{Header: s, Weight: 1.1, Align: typeset.AlignCenter})
	}
	cols = append(cols, typeset.Column{Header: "红灯", Weight: 1, Align: typeset.AlignCenter})
	var rows [][]typeset.Cell
	for _, u := range l.Units {
		state := u.State
		var fill *typeset.Color
		switch u.State {
		case ledger.StateReported:
			state = u.SentAt.Local().Format("1月2日") + "报送"
		case ledger.StateLate:
			state = u.SentAt.Local().Format("1月2日") + "逾期报送"
			fill = &pink
		default:
			fill = &pink
		}
		row := []typeset.Cell{{Text: u.Unit}, {Text: itoa(u.Assigned)}, {Text: state, Fill: fill}}
		for _, s := range order {
			row = append(row, typeset.Cell{Text: itoa(u.Counts[s])})
		}
		red := typeset.Cell{Text: itoa(u.Red)}
		if u.Red > 0 {
			red.Fill = &pink
		}
		rows = append(rows, append(row, red))
	}
	d.Table(typeset.Table{Columns: cols, Rows: rows, FontSize: 9})
	discipline(d, l)
}

// discipline is the table of 报送考核: how each unit reported.
func discipline(d *typeset.Doc, l *ledger.Ledger) {
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
	d.Paragraph(fmt.Sprintf("报送考核：按时报送%d个单位，逾期报送%d个，退回修改后仍未通过%d个，未报送%d个（按时报送指首份接收的报送在报送截止日前发出）。",
		onTime, late, returned, missing))
	cols := []typeset.Column{{Header: "单位", Weight: 2.6, Align: typeset.AlignLeft}, {Header: "报送情况", Weight: 1.6, Align: typeset.AlignCenter},
		{Header: "报送次数", Weight: 1.1, Align: typeset.AlignCenter}, {Header: "一次通过", Weight: 1.1, Align: typeset.AlignCenter},
		{Header: "退回次数", Weight: 1.1, Align: typeset.AlignCenter}}
	var rows [][]typeset.Cell
	for _, u := range l.Units {
		dd := u.Discipline
		first := "—"
		if dd.FirstPass != nil {
			first = "否"
			if *dd.FirstPass {
				first = "是"
			}
		}
		var fill *typeset.Color
		if dd.Timeliness != ledger.OnTime {
			fill = &pink
		}
		rows = append(rows, []typeset.Cell{{Text: u.Unit}, {Text: dd.Timeliness, Fill: fill}, {Text: itoa(dd.Returns)}, {Text: first}, {Text: itoa(dd.Rejected)}})
	}
	d.Table(typeset.Table{Columns: cols, Rows: rows, FontSize: 9})
}

func alerts(h *headings, l *ledger.Ledger) {
	d := h.d
	h.next("预警和逾期事项")
	list := l.Alerts()
	if len(list) == 0 {
		d.Paragraph("本期没有预警和逾期事项。")
		return
	}
	red, yellow := 0, 0
	for _, m := range list {
		if m.Verdict.Light == ledger.Red {
			red++
		} else {
			yellow++
		}
	}
	d.Paragraph(fmt.Sprintf("本期红灯事项%d条（逾期、滞后或未报送），黄灯事项%d条（%d天内到期），按严重程度排列如下。",
		red, yellow, l.Rules.WarnDays))
	cols := []typeset.Column{{Header: "灯", Weight: 0.8, Align: typeset.AlignCenter}, {Header: "任务措施", Weight: 1.2, Align: typeset.AlignCenter},
		{Header: "整改措施", Weight: 3.8}, {Header: "未完成的单位", Weight: 2.3}, {Header: "截止日期", Weight: 2.2, Align: typeset.AlignCenter},
		{Header: "逾期天数", Weight: 1.1, Align: typeset.AlignCenter}, {Header: "原因和存在问题", Weight: 3}}
	var rows [][]typeset.Cell
	for _, m := range list {
		pending := ledger.Pending(m)
		due := "—"
		if !m.Verdict.Due.IsZero() {
			due = m.Verdict.Due.Format("2006-01-02")
		}
		if m.Extended != nil {
			due += "（已延期）"
		}
		days := ""
		if m.Verdict.DaysOverdue > 0 {
			days = itoa(m.Verdict.DaysOverdue)
		}
		why := m.Verdict.Reason
		if p := problems(m); p != "" {
			why += "；" + p
		}
		rows = append(rows, []typeset.Cell{lightCell(m.Verdict.Light),
			{Text: m.Key()}, {Text: clip(m.Text, 60)}, {Text: strings.Join(pending, "、")}, {Text: due}, {Text: days}, {Text: why}})
	}
	d.Table(typeset.Table{Columns: cols, Rows: rows, FontSize: 9})
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

var statusColors = map[string]typeset.Color{plan.StatusDone: green, plan.StatusOnTrack: {R: 0x5B, G: 0x9B, B: 0xD5},
	plan.StatusBehind: red, plan.StatusNotStarted: {R: 0xA5, G: 0xA5, B: 0xA5}, ledger.NotReported: yellow}

func charts(h *headings, l *ledger.Ledger) {
	d := h.d
	h.next("统计图")
	c := l.Counts()
	var cats []string
	for _, u := range l.Units {
		cats = append(cats, u.Unit)
	}
	var series []typeset.Series
	for _, s := range l.Rules.Order() {
		var vals []float64
		for _, u := range l.Units {
			vals = append(vals, float64(u.Counts[s]))
		}
		series = append(series, typeset.Series{Name: s, Color: statusColors[s], Values: vals})
	}
	if len(cats) > 0 {
		d.BarChart(typeset.BarChart{Caption: "图1  各单位负责措施的完成状态", Categories: cats, Series: series, Horizontal: true, Unit: "条"})
	}
	d.BarChart(typeset.BarChart{Caption: "图2  整改措施红黄绿灯", Categories: []string{"全部措施"}, Horizontal: true, Percent: true,
		Series: []typeset.Series{
			{Name: "红灯", Color: red, Values: []float64{float64(c.Lights[ledger.Red])}},
			{Name: "黄灯", Color: yellow, Values: []float64{float64(c.Lights[ledger.Yellow])}},
			{Name: "绿灯", Color: green, Values: []float64{float64(c.Lights[ledger.Green])}}}})
	if len(l.History) > 1 {
		var months []string
		var vals []float64
		for _, p := range l.History {
			months = append(months, p.Period.Label())
			vals = append(vals, float64(p.Completed))
		}
		d.LineChart(typeset.LineChart{Caption: "图3  各月已完成的整改措施", Categories: months, Unit: "条", ShowValues: true,
			Series: []typeset.Series{{Name: "已完成", Color: green, Values: vals}}})
	}
}

func annex(h *headings, l *ledger.Ledger) {
	d := h.d
	d.LandscapeSection()
	d.Text("附件", typeset.TextOptions{Role: typeset.RoleHeading1})
	d.Text(fmt.Sprintf("%s整改台账（%s，截至%s）", ShortTitle(l.Plan), l.Period.Label(), period.DateLabel(l.AsOf)),
		typeset.TextOptions{Role: typeset.RoleTitle, Size: 16, Align: typeset.AlignCenter, Balanced: true})
	cols := []typeset.Column{{Header: "序号", Weight: 0.9, Align: typeset.AlignCenter}, {Header: "整改任务", Weight: 2.4}, {Header: "整改措施", Weight: 5.4},
		{Header: "责任单位", Weight: 1.8}, {Header: "整改时限", Weight: 1.5}, {Header: "完成状态", Weight: 1.2, Align: typeset.AlignCenter},
		{Header: "灯", Weight: 0.6, Align: typeset.AlignCenter}, {Header: "各单位进展", Weight: 6}, {Header: "存在问题", Weight: 2.6}}
	var rows [][]typeset.Cell
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
		rows = append(rows, []typeset.Cell{{Text: m.Key()}, {Text: m.TaskTitle}, {Text: m.Text}, {Text: units}, {Text: deadline},
			{Text: status}, lightCell(m.Verdict.Light),
			{Text: strings.Join(progress, "\n")}, {Text: problems(m)}})
	}
	d.Table(typeset.Table{Columns: cols, Rows: rows, FontSize: 8})
}

// decided is the section of the office's own decisions of the period — 验收销号 and 延期 —
// in a report of an office that records them.
func decided(h *headings, l *ledger.Ledger) {
	if len(l.Register) == 0 {
		return
	}
	d := h.d
	h.next("验收销号和延期情况")
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
	line := fmt.Sprintf("截至%s，已验收销号的整改措施%d条", period.DateLabel(l.AsOf), c.Measures[ledger.Closed])
	if c.Tasks[ledger.Closed] > 0 {
		line += fmt.Sprintf("，整改任务%d项", c.Tasks[ledger.Closed])
	}
	if len(l.Decided) == 0 {
		d.Paragraph(line + "。本期没有新的销号或延期。")
		return
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{closed, "验收销号%d条"}, {extended, "批准延期%d条"}, {reopened, "撤销销号%d条"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf(p.what, p.n))
		}
	}
	d.Paragraph(line + "。本期" + strings.Join(parts, "，") + "，如下表。")
	texts := map[string]string{}
	for i := range l.Measures {
		texts[l.Measures[i].Key()] = l.Measures[i].Text
	}
	cols := []typeset.Column{{Header: "任务措施", Weight: 1.2, Align: typeset.AlignCenter}, {Header: "类别", Weight: 1.2, Align: typeset.AlignCenter},
		{Header: "整改措施", Weight: 4.4}, {Header: "日期", Weight: 1.8, Align: typeset.AlignCenter}, {Header: "文号", Weight: 2.4},
		{Header: "说明", Weight: 2.6}}
	var rows [][]typeset.Cell
	for _, dd := range l.Decided {
		kind := dd.Kind.Label()
		note := dd.Note
		if dd.Kind == decision.Extend {
			parts := []string{"延期至" + dd.To.Format("2006-01-02")}
			if note != "" {
				parts = append(parts, note)
			}
			note = strings.Join(parts, "；")
		}
		rows = append(rows, []typeset.Cell{{Text: dd.Key()}, {Text: kind}, {Text: clip(texts[dd.Key()], 60)},
			{Text: dd.Date.Format("2006-01-02")}, {Text: dd.Doc}, {Text: note}})
	}
	d.Table(typeset.Table{Columns: cols, Rows: rows, FontSize: 9})
}

// lightCell is a status light: its word in bold on its colour (white on red and green),
// readable in grey-scale print too.
func lightCell(l ledger.Light) typeset.Cell {
	return typeset.Cell{Text: l.Label(), Fill: lightFill[l], Bold: true}
}

// planWords are the plan's words that titles and tables must not break: the region, the
// units' names and aliases, the statuses.
func planWords(p *plan.Plan) []string {
	words := append([]string{p.Settings.Region}, p.Settings.StatusOptions...)
	for _, u := range p.Units {
		words = append(append(words, u.Name), u.Aliases...)
	}
	return words
}

func itoa(n int) string { return fmt.Sprintf("%d", n) }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "……"
}
