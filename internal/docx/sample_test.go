package docx

import (
	"fmt"
	"time"
)

// sampleDate is the date of the sample documents.
var sampleDate = time.Date(2023, 9, 30, 12, 0, 0, 0, time.UTC)

// sampleText is what the sample document holds, for the checks on the rendered pages.
type sampleText struct {
	title, subtitle string
	headings        []string
	paragraphs      []string
	tableHeaders    []string
	annexHeaders    []string
	signature       []string
}

var (
	green  = Color{0x00, 0xB0, 0x50}
	red    = Color{0xFF, 0x00, 0x00}
	yellow = Color{0xFF, 0xC0, 0x00}
	pink   = Color{0xF8, 0xCB, 0xAD}
)

// sample builds a document like the monthly report: title, headings, paragraphs, a table of
// 40 rows over pages, charts, and a landscape annex.
func sample() (*Doc, sampleText) {
	st := sampleText{
		title:    "长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告",
		subtitle: "（2023年9月，截至2023年9月30日）",
		headings: []string{"一、总体进展", "二、各单位报送和推进情况", "（一）报送情况", "三、统计图"},
		paragraphs: []string{
			"截至2023年9月30日，33项整改任务中已完成21项，序时推进9项，滞后3项；115条整改措施中已完成78条，序时推进29条，滞后6条，未启动2条。",
			"本期应报送单位12个，已报送11个，退回修改1个，未报送1个。各单位负责的措施推进情况如下表（一条措施由多个单位负责的，各单位分别统计）。",
			"对滞后和逾期事项，领导小组办公室将逐项督办，限期整改到位，确保按时销号。",
		},
		tableHeaders: []string{"序号", "单位", "应报措施", "报送情况", "已完成", "红灯"},
		annexHeaders: []string{"序号", "整改任务", "整改措施", "责任单位", "整改时限", "完成状态", "各单位进展"},
		signature:    []string{"长白山保护开发区生态环境保护督察整改工作领导小组办公室", "2023年10月8日"},
	}
	d := New(Config{Title: st.title, Author: "领导小组办公室", Date: sampleDate})
	d.Title(st.title)
	d.Subtitle(st.subtitle)
	d.Heading(1, st.headings[0])
	d.Paragraph(st.paragraphs[0])
	d.Heading(1, st.headings[1])
	d.Heading(2, st.headings[2])
	d.Paragraph(st.paragraphs[1])
	cols := []Column{{Header: "序号", Weight: 0.8, Align: AlignCenter}, {Header: "单位", Weight: 3}, {Header: "应报措施", Weight: 1.2, Align: AlignCenter},
		{Header: "报送情况", Weight: 1.6, Align: AlignCenter}, {Header: "已完成", Weight: 1.1, Align: AlignCenter}, {Header: "红灯", Weight: 1, Align: AlignCenter}}
	var rows [][]Cell
	for i := 1; i <= 40; i++ {
		state := Cell{Text: fmt.Sprintf("9月%d日报送", i%28+1)}
		if i%9 == 0 {
			state = Cell{Text: "未报送", Fill: &pink}
		}
		redCell := Cell{Text: fmt.Sprint(i % 3)}
		if i%3 != 0 {
			redCell.Fill, redCell.Color, redCell.Bold = &red, &Color{255, 255, 255}, true
		}
		rows = append(rows, []Cell{{Text: fmt.Sprint(i)}, {Text: fmt.Sprintf("第%d责任单位（池北区）", i)}, {Text: fmt.Sprint(i%7 + 1)}, state, {Text: fmt.Sprint(i % 5)}, redCell})
	}
	d.Table(Table{Caption: "表1  各单位报送和推进情况", Columns: cols, Rows: rows, FontSize: 9})
	d.Paragraph(st.paragraphs[2])
	d.Heading(1, st.headings[3])
	units := []string{"经发局", "住建局", "池北区", "池西区", "池南区", "市场监管局"}
	statuses := []struct {
		name string
		c    Color
	}{{"已完成", green}, {"序时推进", Color{0x5B, 0x9B, 0xD5}}, {"滞后", red}, {"未启动", Color{0xA5, 0xA5, 0xA5}}}
	var series []Series
	for si, s := range statuses {
		var vals []float64
		for ui := range units {
			vals = append(vals, float64((ui*3+si*5)%7+si))
		}
		series = append(series, Series{Name: s.name, Color: s.c, Values: vals})
	}
	d.BarChart(BarChart{Caption: "图1  各单位负责措施的完成状态", Categories: units, Series: series, Horizontal: true, Unit: "条"})
	d.BarChart(BarChart{Caption: "图2  整改措施红黄绿灯", Categories: []string{"全部措施"}, Horizontal: true, Percent: true,
		Series: []Series{{Name: "红灯", Color: red, Values: []float64{9}}, {Name: "黄灯", Color: yellow, Values: []float64{14}}, {Name: "绿灯", Color: green, Values: []float64{92}}}})
	d.LineChart(LineChart{Caption: "图3  各月已完成的整改措施", Categories: []string{"2023年5月", "2023年6月", "2023年7月", "2023年8月", "2023年9月"}, Unit: "条", ShowValues: true,
		Series: []Series{{Name: "已完成", Color: green, Values: []float64{31, 44, 52, 66, 78}}}})
	d.Spacer(1)
	for _, s := range st.signature {
		d.Text(s, TextOptions{Align: AlignRight, RightIndent: 4})
	}
	d.LandscapeSection()
	d.Text("附件", TextOptions{Role: RoleHeading1})
	d.Text("长白山保护开发区第二轮中央生态环境保护督察反馈问题整改台账（2023年9月，截至2023年9月30日）", TextOptions{Role: RoleTitle, Size: 16, Align: AlignCenter})
	acols := []Column{{Header: "序号", Weight: 0.9, Align: AlignCenter}, {Header: "整改任务", Weight: 2.4}, {Header: "整改措施", Weight: 5.4},
		{Header: "责任单位", Weight: 1.8}, {Header: "整改时限", Weight: 1.5}, {Header: "完成状态", Weight: 1.2, Align: AlignCenter}, {Header: "各单位进展", Weight: 6}}
	var arows [][]Cell
	for i := 1; i <= 30; i++ {
		arows = append(arows, []Cell{{Text: fmt.Sprintf("%d.%d", (i+2)/3, (i+2)%3+1)}, {Text: "思想认识仍有差距。"},
			{Text: fmt.Sprintf("（%d）严格落实生态环境保护“党政同责、一岗双责”，定期研究部署督察整改工作，压实各级各部门整改责任。", i)},
			{Text: "经发局、池北区、池西区"}, {Text: "2023年9月底\n2023-09-30"}, {Text: "序时推进", Fill: &yellow},
			{Text: "经发局：[已完成] 已召开专题会议3次，印发工作方案。\n池北区：[序时推进] 正在推进。"}})
	}
	d.Table(Table{Columns: acols, Rows: arows, FontSize: 8})
	return d, st
}
