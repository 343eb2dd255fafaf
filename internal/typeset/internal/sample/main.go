// Command sample writes a sample official document with everything typeset can set — title,
// headings, paragraphs with punctuation at the line ends, a landscape table whose long cell
// runs over a page break, the charts — to look at after a change:
//
//	go run ./internal/typeset/internal/sample -o /tmp/typeset-sample.pdf
//	pdftoppm -png -r 60 /tmp/typeset-sample.pdf /tmp/ts
//
// -embedded uses only the fonts built into the program (what a machine without Chinese fonts
// gets).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"taizhang/internal/typeset"
)

func main() {
	out := flag.String("o", "/tmp/typeset-sample.pdf", "output file")
	embedded := flag.Bool("embedded", false, "use only the embedded fonts")
	flag.Parse()
	if err := run(*out, *embedded); err != nil {
		fmt.Fprintln(os.Stderr, "sample:", err)
		os.Exit(1)
	}
}

func run(out string, embedded bool) error {
	cfg := typeset.Config{Date: time.Date(2022, 8, 5, 9, 0, 0, 0, time.UTC), Title: "整改工作进展情况的报告"}
	if embedded {
		cfg.FontDirs = []string{}
	}
	d, err := typeset.New(cfg)
	if err != nil {
		return err
	}
	content(d)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := d.Output(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, c := range d.Fonts() {
		fmt.Println(c)
	}
	for _, p := range d.FontProblems() {
		fmt.Println("font problem:", p)
	}
	fmt.Printf("%d pages, missing %q\n", d.PageCount(), string(d.Missing()))
	return nil
}

// content sets the sample content.
func content(d *typeset.Doc) {
	d.Title("关于长白山保护开发区生态环境保护督察反馈问题整改工作进展情况的报告")
	d.Subtitle("（截至2022年7月31日）")
	d.Heading(1, "一、总体进展情况")
	d.Paragraph("按照《长白山保护开发区贯彻落实第二轮中央生态环境保护督察报告整改方案》（以下简称《整改方案》）要求，领导小组办公室于7月25日向各责任单位印发了进展调度通知，截至7月31日，33项整改任务、115项整改措施的责任单位均已报送进展情况。总体看，整改工作序时推进，但仍有部分任务进度滞后，需要引起高度重视。")
	d.Paragraph("从完成情况看：已完成（可销号）任务12项，占36.4%；序时推进18项，占54.5%；滞后3项，占9.1%。PM2.5年均浓度为18微克/立方米，同比下降5.3%；空气质量优良天数比例达到98.6%，较上年同期提高0.8个百分点。")
	d.Heading(2, "（一）红黄绿灯预警情况")
	d.Paragraph("按照“绿灯—已完成或序时推进、黄灯—临近时限、红灯—逾期或滞后”的规则，本期亮绿灯27项、黄灯3项、红灯3项。红灯任务分别是：“生活垃圾填埋场渗滤液处理不到位”“池北区污水处理厂提标改造滞后”和“部分旅游景区环境基础设施建设滞后”。")
	d.BarChart(typeset.BarChart{
		Caption:    "图1  各责任单位整改措施完成状态",
		Categories: []string{"经发局", "住建局", "生态环境局", "池北区", "池西区", "池南区", "自然资源局", "文旅局"},
		Series: []typeset.Series{
			{Name: "已完成", Color: typeset.Color{R: 84, G: 130, B: 53}, Values: []float64{8, 6, 9, 5, 4, 3, 2, 2}},
			{Name: "序时推进", Color: typeset.Color{R: 68, G: 114, B: 196}, Values: []float64{5, 7, 4, 6, 5, 4, 3, 1}},
			{Name: "滞后", Color: typeset.Color{R: 192, G: 0, B: 0}, Values: []float64{1, 2, 0, 1, 0, 1, 0, 0}},
			{Name: "未启动", Color: typeset.Color{R: 165, G: 165, B: 165}, Values: []float64{0, 1, 0, 0, 1, 0, 0, 1}},
		},
		Unit:   "项",
		Height: 55,
	})
	d.BarChart(typeset.BarChart{
		Caption:    "图2  各类任务红黄绿灯占比",
		Categories: []string{"大气污染防治", "水污染防治", "固体废物处置", "自然保护地管理"},
		Series: []typeset.Series{
			{Name: "绿灯", Color: typeset.Color{R: 0, G: 176, B: 80}, Values: []float64{9, 7, 5, 6}},
			{Name: "黄灯", Color: typeset.Color{R: 255, G: 192, B: 0}, Values: []float64{1, 1, 0, 1}},
			{Name: "红灯", Color: typeset.Color{R: 255, G: 0, B: 0}, Values: []float64{0, 1, 2, 0}},
		},
		Horizontal: true,
		Percent:    true,
	})
	d.Heading(2, "（二）存在的主要问题")
	d.Paragraph("一是个别单位思想认识仍有差距，对整改工作的长期性、艰巨性认识不足，存在“重部署、轻落实”的现象；二是部分整改措施推进缓慢，如池北区污水处理厂提标改造工程受资金、用地等因素影响，进度明显滞后于《整改方案》确定的时限（2022年9月底）；三是佐证材料不够规范，有的单位报送的材料与整改措施对应性不强……")
	d.LineChart(typeset.LineChart{
		Caption:    "图3  2022年各月整改措施完成数",
		Categories: []string{"1月", "2月", "3月", "4月", "5月", "6月", "7月"},
		Series: []typeset.Series{
			{Name: "当月完成", Values: []float64{2, 3, 5, 8, 6, 9, 12}},
			{Name: "累计滞后", Values: []float64{0, 1, 1, 2, 4, 3, 3}},
		},
		Unit:       "项",
		ShowValues: true,
	})
	d.PieChart(typeset.PieChart{
		Caption: "图4  整改任务状态分布",
		Slices: []typeset.Slice{
			{Label: "已完成", Value: 12, Color: typeset.Color{R: 84, G: 130, B: 53}},
			{Label: "序时推进", Value: 18, Color: typeset.Color{R: 68, G: 114, B: 196}},
			{Label: "滞后", Value: 3, Color: typeset.Color{R: 192, G: 0, B: 0}},
		},
	})
	d.Heading(1, "二、下一步工作安排")
	d.Paragraph("（一）压实整改责任。各牵头单位要切实履行牵头抓总职责，对照《整改方案》逐项梳理任务清单、责任清单和时限清单，确保每项任务有人抓、有人管、有人负责。")
	d.Paragraph("（二）加强调度督导。领导小组办公室每月调度一次整改进展，对滞后任务实行“红黄绿”三色预警管理，对连续两个月亮红灯的单位进行约谈。")
	d.Text("附件：整改任务进展情况明细表", typeset.TextOptions{Indent: 2})
	d.Spacer(2)
	d.Text("督察整改工作领导小组办公室\n2022年8月5日", typeset.TextOptions{Align: typeset.AlignRight, RightIndent: 4})

	d.LandscapeSection()
	long := strings.Repeat("区住建局牵头，会同池北区政府制定提标改造工作方案，完成可行性研究报告编制和评审；", 3) +
		"落实建设资金1.2亿元，其中申请中央预算内投资4500万元；2022年6月完成施工招标，7月开工建设，计划2022年9月底前完成主体工程（PM2.5、COD、NH3-N等指标达到一级A标准）。" +
		strings.Repeat("同步推进配套管网建设，新建污水管网12.6公里，改造雨污合流管网8.3公里，确保污水应收尽收；", 6)
	red, yellow, green := &typeset.Color{R: 255, G: 199, B: 206}, &typeset.Color{R: 255, G: 235, B: 156}, &typeset.Color{R: 198, G: 239, B: 206}
	rows := [][]typeset.Cell{}
	for i := 1; i <= 14; i++ {
		fill, light := green, "绿"
		switch i % 5 {
		case 2:
			fill, light = yellow, "黄"
		case 4:
			fill, light = red, "红"
		}
		progress := "已按计划完成阶段性工作，佐证材料已报送。"
		if i == 5 {
			progress = long
		}
		rows = append(rows, []typeset.Cell{
			{Text: fmt.Sprint(i)},
			{Text: fmt.Sprintf("池北区污水处理厂提标改造滞后（任务%d）", i)},
			{Text: "住建局、池北区"},
			{Text: "2022年9月底"},
			{Text: progress},
			{Text: light, Fill: fill, Bold: i == 4},
		})
	}
	d.Table(typeset.Table{
		Caption: "附件  整改任务进展情况明细表",
		Columns: []typeset.Column{
			{Header: "序号", Width: 12, Align: typeset.AlignCenter},
			{Header: "整改任务", Weight: 2},
			{Header: "责任单位", Width: 28},
			{Header: "整改时限", Width: 26, Align: typeset.AlignCenter},
			{Header: "进展情况", Weight: 4, Align: typeset.AlignJustify},
			{Header: "预警", Width: 14, Align: typeset.AlignCenter},
		},
		Rows: rows,
	})
}
