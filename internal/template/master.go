package template

import (
	"taizhang/internal/xlsx"
)

// MasterBook builds the default master design of the template. `go run
// ./internal/template/genmaster` writes it to templates/进展填报模板.xlsx, which is embedded
// in the binary; an office may restyle that workbook (fonts, colours, widths, wording) as long
// as the sheet names, the header texts and the footer labels stay.
func MasterBook() *xlsx.Book {
	b := xlsx.NewBook()
	b.SetProps("进展填报模板", "taizhang")
	masterGuide(b.Sheet(SheetGuide))
	masterFill(b.Sheet(SheetFill))
	b.SetActive(SheetFill)
	return b
}

func masterGuide(s *xlsx.Sheet) {
	s.ColWidth(1, 16)
	s.ColWidth(2, 84)
	title := xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体"}
	s.Text(1, 1, "{{方案标题}}", title)
	s.Merge(1, 1, 2, 1)
	s.RowHeight(1, 48)
	s.Text(1, 2, "{{期次}}进展填报说明（{{单位}}）", xlsx.Style{Bold: true, Size: 13, HAlign: "center"})
	s.Merge(1, 2, 2, 2)
	s.RowHeight(2, 26)
	label := xlsx.Style{Bold: true, VAlign: "top", Border: true, Fill: "DDEBF7", Wrap: true}
	body := xlsx.Style{Wrap: true, VAlign: "top", Border: true}
	rows := [][2]string{
		{"填报内容", "请在“进展填报”工作表中，逐条填写本单位负责的{{措施条数}}条整改措施截至{{截至日期}}的进展。灰色单元格（任务、措施、时限等）已预先填好并锁定，只需填写白色单元格。"},
		{"完成状态", "从下拉列表中选择：{{完成状态选项}}。\n已完成：措施要求的工作全部完成，须填写完成时间和佐证材料；\n序时推进：正在按时限推进；\n滞后：未能按时限推进，须写明存在问题和下步计划；\n未启动：尚未开始。整改时限已过仍未完成的，请选择“滞后”。"},
		{"进展情况", "写明截至{{截至日期}}已做的工作、取得的成效和数据，不要照抄整改措施，也不要与上月完全相同。"},
		{"完成时间", "仅“已完成”的措施填写，填写日期（如 2022-07-15），不能晚于截至日期。"},
		{"佐证材料", "列出可以证明进展的文件、会议纪要、照片等的名称；材料本身按要求另行报送。"},
		{"存在问题 / 下步计划", "存在的困难和问题，以及下一步的具体安排和时间；“滞后”的必须填写。"},
		{"填报人等", "表格下方填写填报人、联系电话、审核人（单位负责人）和填报日期。"},
		{"报送要求", "请于{{报送截止}}前将本工作簿（.xlsx，不要改名为其他格式、不要删除或增加行）通过电子邮件报送{{办公室}}（{{电子邮箱}}）。收到后将发送回执；被退回的请按回执修改后重新报送。"},
		{"联系方式", "{{办公室}}  联系人：{{联系人}}  电话：{{联系电话}}"},
	}
	for i, kv := range rows {
		r := i + 4
		s.Text(1, r, kv[0], label)
		s.Text(2, r, kv[1], body)
		s.RowHeight(r, xlsx.FitHeight(22, 11, xlsx.WidthText{Text: kv[1] + "（预留替换后的长度）", Width: 84}))
	}
	s.PrintSetup(xlsx.Print{FitWidth: true, Margins: true})
}

// masterWidths are the template's column widths: 13 columns that print on one A4 landscape
// page at 11-point text scaled to about 87 % — 9.5 points on paper, readable (the first
// layout's 12 columns printed at 6.5 points).
var masterWidths = map[string]float64{ColTask: 4.5, ColMeasure: 4.5, ColTitle: 13, ColText: 28, ColRole: 6.5, ColDeadline: 9,
	ColPrevious: 20, ColStatus: 8, ColProgress: 24, ColDoneDate: 10, ColEvidence: 13, ColProblems: 12, ColNext: 12}

// ColumnWidth is the width the built-in design gives a column, by its header (12 for a
// header it does not have): copies of a return in receipts are laid out like its template.
func ColumnWidth(header string) float64 {
	if w, ok := masterWidths[header]; ok {
		return w
	}
	return 12
}

func masterFill(s *xlsx.Sheet) {
	for i, h := range Columns {
		s.ColWidth(i+1, masterWidths[h])
	}
	last := len(Columns)
	s.Text(1, 1, "{{方案标题}}进展情况填报表", xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体"})
	s.Merge(1, 1, last, 1)
	s.RowHeight(1, 36)
	s.Text(1, 2, "填报单位：{{单位}}        填报期次：{{期次}}        截至日期：{{截至日期}}        报送截止：{{报送截止}}",
		xlsx.Style{Size: 11, HAlign: "left", Bold: true})
	s.Merge(1, 2, last, 2)
	s.RowHeight(2, 24)
	head := xlsx.Style{Bold: true, Wrap: true, HAlign: "center", VAlign: "center", Border: true, Fill: "BDD7EE"}
	headInput := head
	headInput.Fill = "FFE699"
	for i, h := range Columns {
		st := head
		if i >= Prefilled {
			st = headInput
		}
		s.Text(i+1, 3, h, st)
	}
	s.RowHeight(3, 30)
	// the sample row: its styles are copied to every measure row
	locked := xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "EDEDED", Size: 11}
	lockedCenter := locked
	lockedCenter.HAlign = "center"
	previous := locked
	previous.Color = "595959"
	input := xlsx.Style{Wrap: true, VAlign: "top", Border: true, Unlocked: true, Size: 11}
	inputCenter := input
	inputCenter.HAlign = "center"
	inputDate := inputCenter
	inputDate.NumFmt = "yyyy-mm-dd"
	styles := map[string]xlsx.Style{ColTask: lockedCenter, ColMeasure: lockedCenter, ColTitle: locked, ColText: locked, ColRole: lockedCenter,
		ColDeadline: locked, ColPrevious: previous, ColStatus: inputCenter, ColProgress: input, ColDoneDate: inputDate,
		ColEvidence: input, ColProblems: input, ColNext: input}
	for i, h := range Columns {
		s.Blank(i+1, 4, styles[h])
	}
	// footer: a label right-aligned over its columns, the input cell right of it
	label := xlsx.Style{Bold: true, HAlign: "right", Size: 11}
	line := xlsx.Style{Unlocked: true, Border: true, HAlign: "left", Size: 11}
	lineDate := line
	lineDate.NumFmt = "yyyy-mm-dd"
	foot := func(row, from, to int, text string, st xlsx.Style) {
		s.Text(from, row, text, label)
		if to > from {
			s.Merge(from, row, to, row)
		}
		s.Blank(to+1, row, st)
	}
	foot(6, 1, 3, FootFiller, line)
	foot(6, 7, 8, FootPhone, line)
	foot(7, 1, 3, FootChecker, line)
	foot(7, 7, 8, FootDate, lineDate)
	s.RowHeight(6, 22)
	s.RowHeight(7, 22)
}
