package report

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"text/template"
	"time"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/typeset"
)

// Input is what the report is made of besides the ledger: the office's words and the date.
type Input struct {
	// Wording is the wording template (templates/进展报告模板.txt or the office's own copy).
	Wording string
	// Free is the office's free paragraphs (templates/进展报告下步工作.txt or its own copy),
	// see ParseFree; "" leaves them out.
	Free string
	// Date is the 成文日期 under the signature; zero: the as-of date.
	Date time.Time
}

// Type sizes and line lengths the content is broken for (GB/T 9704): the title's 2号 in the
// 156 mm line, the annex title's 3号 in the 225 mm line of a landscape page.
const (
	titleEms      = 156.0 / (typeset.SizeTitle * 25.4 / 72)
	annexTitleEms = 225.0 / (typeset.SizeBody * 25.4 / 72)
	// ChartUnits is the most units a chart of units shows one by one; more are summarised as
	// the ChartTop units with most red items and 其他.
	ChartUnits = 30
	ChartTop   = 20
)

// Build makes the report's content from a period's ledger.
func Build(ctx context.Context, l *ledger.Ledger, in Input) (*Content, error) {
	t, err := template.New("report").Option("missingkey=zero").Parse(in.Wording)
	if err != nil {
		return nil, fmt.Errorf("报告文字模板有误：%w", err)
	}
	data := fields(l)
	part := func(name string) (string, error) {
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, name, data); err != nil {
			return "", fmt.Errorf("报告文字模板的“%s”部分有误：%w", name, err)
		}
		// a field the template names that does not exist (an office's copy of an older
		// template, a typing error) prints nothing
		return strings.TrimSpace(strings.ReplaceAll(b.String(), "<no value>", "")), nil
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
	date := in.Date
	if date.IsZero() {
		date = l.AsOf
	}
	c := &Content{
		Title:  strings.ReplaceAll(title, "\n", ""),
		Office: signer(l.Plan),
		Date:   time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, time.UTC),
		Words:  planWords(l.Plan),
	}
	b := &builder{c: c}
	b.add(Block{Kind: Title, Text: strings.Join(typeset.BalanceWords(title, titleEms, c.Words), "\n")})
	if sub != "" {
		b.add(Block{Kind: Subtitle, Text: sub})
	}
	b.heading("总体进展")
	paragraphs(b, overview)
	for _, section := range []func(*builder, *ledger.Ledger){units, alerts, decided, charts} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		section(b, l)
	}
	for _, s := range ParseFree(in.Free) {
		b.heading(s.Title)
		for _, p := range s.Paragraphs {
			b.para(p)
		}
	}
	// the body's last paragraph goes with the 附件说明 and the 落款: they never stand alone on
	// a page
	for i := len(c.Blocks) - 1; i >= 0; i-- {
		if c.Blocks[i].Kind == Paragraph {
			c.Blocks[i].Keep = true
			break
		}
		if c.Blocks[i].Kind != Heading {
			break
		}
	}
	closing(b, l)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	annex(b, l)
	return c, nil
}

// builder adds blocks, numbering the headings as they come: 一、二、… and, under each,
// （一）（二）…
type builder struct {
	c      *Content
	n, sub int
}

func (b *builder) add(bl Block) { b.c.Blocks = append(b.c.Blocks, bl) }

func (b *builder) heading(title string) {
	b.n++
	b.sub = 0
	b.add(Block{Kind: Heading, Level: 1, Text: cnNumber(b.n) + "、" + title})
}

func (b *builder) subheading(title string) {
	b.sub++
	b.add(Block{Kind: Heading, Level: 2, Text: "（" + cnNumber(b.sub) + "）" + title})
}

func (b *builder) para(text string) { b.add(Block{Kind: Paragraph, Text: text}) }

func (b *builder) table(t TableBlock) { b.add(Block{Kind: Table, Table: &t}) }

// paragraphs adds a paragraph per non-empty line.
func paragraphs(b *builder, text string) {
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.para(p)
		}
	}
}

func cnNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	case n < 100:
		return digits[n/10] + "十" + digits[n%10]
	}
	return fmt.Sprint(n)
}

// signer is the office that signs the report: the plan's 落款单位, else its 领导小组办公室.
func signer(p *plan.Plan) string {
	if s := strings.TrimSpace(p.Settings.Signer); s != "" {
		return s
	}
	return strings.TrimSpace(p.Settings.Office)
}

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

// count is a number with what it counts, for lists that leave the zeros out.
type count struct {
	n    int
	text string // with %d for the number
}

// list writes the counts that are not zero, joined by sep: “已完成30条，序时推进48条”.
func list(sep string, cs ...count) string {
	var out []string
	for _, c := range cs {
		if c.n > 0 {
			out = append(out, fmt.Sprintf(c.text, c.n))
		}
	}
	return strings.Join(out, sep)
}

// byStatus counts statuses in the plan's order (未报送 last); closed counts within 已完成.
func byStatus(l *ledger.Ledger, m map[string]int, measure string) string {
	var cs []count
	for _, s := range l.Rules.Statuses {
		text := s + "%d" + measure
		if s == plan.StatusDone && m[ledger.Closed] > 0 {
			text += fmt.Sprintf("（其中已验收销号%d%s）", m[ledger.Closed], measure)
		}
		cs = append(cs, count{m[s], text})
	}
	if s := list("，", cs...); s != "" {
		return s
	}
	return "暂无已确认进展的" + map[string]string{"条": "措施", "项": "任务"}[measure]
}

// fields are the numbers, names and phrases the wording template may use, by their Chinese
// names. The phrases (措施情况, 任务情况, 灯情况, 报送情况) leave out what counts zero.
func fields(l *ledger.Ledger) map[string]any {
	c := l.Counts()
	overdue, overdueMissing := 0, 0 // past due and reported not done; past due, not reported
	for _, m := range l.Measures {
		switch {
		case m.Verdict.DaysOverdue == 0:
		case m.Status == ledger.NotReported:
			overdueMissing++
		default:
			overdue++
		}
	}
	counts := func(m map[string]int) map[string]int {
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
		"任务": counts(c.Tasks), "措施": counts(c.Measures),
		"新完成": c.Newly, "退步": c.Regress, "逾期": overdue, "逾期未报": overdueMissing, "预警天数": l.Rules.WarnDays,
		"红灯": c.Lights[ledger.Red], "黄灯": c.Lights[ledger.Yellow], "绿灯": c.Lights[ledger.Green],
		"应报": c.Expected, "已报": len(c.Reported), "退回数": len(c.Returned), "未报数": len(c.Missing),
		"逾期报送数": len(c.Late), "退回单位": strings.Join(c.Returned, "、"), "未报单位": strings.Join(c.Missing, "、"),
		"上期": "", "已销号": c.Measures[ledger.Closed], "已销号任务": c.Tasks[ledger.Closed],
		"落款单位": signer(l.Plan),
		"措施情况": byStatus(l, c.Measures, "条"), "任务情况": byStatus(l, c.Tasks, "项"),
		"灯情况":  lights(c),
		"报送情况": reporting(c),
	}
	if !l.PrevPeriod.IsZero() {
		f["上期"] = l.PrevPeriod.Label()
	}
	return f
}

// lights is “红灯34条、黄灯1条、绿灯80条”, the zeros left out.
func lights(c ledger.Counts) string {
	return list("、", count{c.Lights[ledger.Red], "红灯%d条"}, count{c.Lights[ledger.Yellow], "黄灯%d条"},
		count{c.Lights[ledger.Green], "绿灯%d条"})
}

// reporting says how the units reported, as far as the data shows: “本期应报送单位20个，已报送
// 18个（其中逾期报送1个），报送被退回修改尚未重新报送的1个（农业水利局），未报送1个（河长办）”.
func reporting(c ledger.Counts) string {
	s := fmt.Sprintf("本期应报送单位%d个", c.Expected)
	switch {
	case c.Expected == 0:
		return "本期没有需要报送的单位"
	case len(c.Reported) == c.Expected:
		s += "，均已报送"
		if len(c.Late) > 0 {
			s += fmt.Sprintf("（其中逾期报送%d个）", len(c.Late))
		}
		return s
	case len(c.Reported) == 0:
		s += "，暂无单位报送"
	default:
		s += fmt.Sprintf("，已报送%d个", len(c.Reported))
		if len(c.Late) > 0 {
			s += fmt.Sprintf("（其中逾期报送%d个）", len(c.Late))
		}
	}
	if n := len(c.Returned); n > 0 {
		s += fmt.Sprintf("，报送被退回修改尚未重新报送的%d个（%s）", n, strings.Join(c.Returned, "、"))
	}
	if n := len(c.Missing); n > 0 {
		s += fmt.Sprintf("，未报送%d个（%s）", n, strings.Join(c.Missing, "、"))
	}
	return s
}

// reportWords are words of the report's own tables that lines must not break inside.
var reportWords = []string{"逾期未完成", "责任单位情况", "红灯事项", "黄灯事项", "预警事项", "剩余天数", "当日到期",
	"已验收销号", "逾期报送", "按时报送", "报送次数", "一次通过", "退回次数", "个单位"}

// planWords are the words that titles and tables must not break: the report's own, the
// plan's region, its units' names and aliases, its statuses.
func planWords(p *plan.Plan) []string {
	words := append(append(append([]string(nil), reportWords...), p.Settings.Region), p.Settings.StatusOptions...)
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
