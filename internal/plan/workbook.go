package plan

import (
	"strconv"
	"strings"

	"taizhang/internal/deadline"
	"taizhang/internal/xlsx"
)

// KindLabel is the Chinese word for a deadline kind.
func KindLabel(k deadline.Kind) string {
	switch k {
	case deadline.KindDate:
		return "日期"
	case deadline.KindOngoing:
		return "长期坚持"
	case deadline.KindRecurring:
		return "定期"
	}
	return "无法识别"
}

var (
	stHeader = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", Fill: "DDEBF7", Border: true}
	stText   = xlsx.Style{Wrap: true, VAlign: "top", Border: true}
	stCenter = xlsx.Style{HAlign: "center", VAlign: "top", Border: true}
	stDate   = xlsx.Style{HAlign: "center", VAlign: "top", Border: true, NumFmt: "yyyy-mm-dd"}
	stWarn   = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "FFF2CC"}
	stTitle  = xlsx.Style{Bold: true, Size: 14}
)

// Workbook builds the plan workbook (任务清单.xlsx).
func Workbook(p *Plan) *xlsx.Book {
	b := xlsx.NewBook()
	b.SetProps(p.Title+" 任务清单", "taizhang")
	writeGuide(b.Sheet(SheetGuide), p)
	writeTasks(b.Sheet(SheetTasks), p)
	writeMeasures(b.Sheet(SheetMeasures), p)
	writeUnits(b.Sheet(SheetUnits), p)
	writeSettings(b.Sheet(SheetSettings), p)
	b.SetActive(SheetTasks)
	return b
}

// Save writes the plan workbook to path (temporary file, then rename).
func Save(p *Plan, path string) error {
	b := Workbook(p)
	defer b.Close()
	return b.Save(path)
}

func header(s *xlsx.Sheet, cols []column) {
	for i, c := range cols {
		s.Text(i+1, 1, c.Header, stHeader)
		s.ColWidth(i+1, c.Width)
	}
	s.RowHeight(1, 32)
	s.Freeze(0, 1)
	s.PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, RepeatRows: "$1:$1", Margins: true})
}

// rowHeight fits a row's wrapped cells.
func rowHeight(cols []column, values []string) float64 {
	var cells []xlsx.WidthText
	for i, c := range cols {
		if c.Wrap && i < len(values) {
			cells = append(cells, xlsx.WidthText{Text: values[i], Width: c.Width})
		}
	}
	return xlsx.FitHeight(20, 11, cells...)
}

func writeGuide(s *xlsx.Sheet, p *Plan) {
	s.ColWidth(1, 100)
	s.Text(1, 1, p.Title+" 任务清单", stTitle)
	lines := []string{
		"本工作簿是整改任务的台账底稿，由“taizhang plan import”从方案原文导入，请核对后使用。",
		"任务：每项整改任务一行。可修改文字、责任单位（用“、”分隔，首位为牵头单位）和整改时限；时限类型和截止日期由整改时限计算，时限无法识别时可在“截止日期”手工填写。",
		"措施：每条整改措施一行。“责任单位”空白表示与任务相同；填写后以措施的单位为准。“时限来源”为“同任务”时，措施的时限随任务变化。",
		"单位：所有责任单位及其别名、联系人和邮箱。“分组”（如“各区”“各相关部门”）必须填写成员单位，模板按成员逐一发送。",
		"设置：方案标题、方案日期、完成状态选项和预警天数等。",
		"修改后运行“taizhang plan check 任务清单.xlsx”检查，错误会定位到工作表和单元格。",
	}
	for i, l := range lines {
		s.Text(1, i+3, l, xlsx.Style{Wrap: true, VAlign: "top"})
		s.RowHeight(i+3, xlsx.Height(l, 100, 11))
	}
	s.PrintSetup(xlsx.Print{FitWidth: true})
}

func writeTasks(s *xlsx.Sheet, p *Plan) {
	header(s, taskColumns)
	for i, t := range p.Tasks {
		r := i + 2
		vals := []string{strconv.Itoa(t.No), t.Title, t.Problem, JoinList(t.Units), t.Lead,
			t.Persons, t.Supervisor, t.Goal, t.Deadline.Text, KindLabel(t.Deadline.Kind), "", t.UnitsText}
		s.Int(1, r, t.No, stCenter)
		for c := 2; c <= len(vals); c++ {
			st := stText
			if c == 10 || c == 11 {
				st = stCenter
			}
			if c == 10 && t.Deadline.Kind == deadline.KindUnknown {
				st = stWarn
			}
			s.Text(c, r, vals[c-1], st)
		}
		if t.Deadline.HasDue() {
			s.Date(11, r, t.Deadline.Due, stDate)
		}
		s.RowHeight(r, rowHeight(taskColumns, vals))
	}
	s.AutoFilter(1, 1, len(taskColumns), max(2, len(p.Tasks)+1))
}

func writeMeasures(s *xlsx.Sheet, p *Plan) {
	header(s, measureColumns)
	r := 2
	for _, t := range p.Tasks {
		for _, m := range t.Measures {
			source := sourceOwn
			if m.Deadline.Inherited {
				source = sourceTask
			}
			vals := []string{strconv.Itoa(t.No), strconv.Itoa(m.No), m.Text, JoinList(m.Units),
				m.Deadline.Text, source, KindLabel(m.Deadline.Kind), ""}
			s.Int(1, r, t.No, stCenter)
			s.Int(2, r, m.No, stCenter)
			s.Text(3, r, vals[2], stText)
			s.Text(4, r, vals[3], stText)
			s.Text(5, r, vals[4], stText)
			s.Text(6, r, vals[5], stCenter)
			kindStyle := stCenter
			if m.Deadline.Kind == deadline.KindUnknown {
				kindStyle = stWarn
			}
			s.Text(7, r, vals[6], kindStyle)
			if m.Deadline.HasDue() {
				s.Date(8, r, m.Deadline.Due, stDate)
			} else {
				s.Blank(8, r, stDate)
			}
			s.RowHeight(r, rowHeight(measureColumns, vals))
			r++
		}
	}
	s.AutoFilter(1, 1, len(measureColumns), max(2, r-1))
}

func writeUnits(s *xlsx.Sheet, p *Plan) {
	header(s, unitColumns)
	for i, u := range p.Units {
		r := i + 2
		kind := kindUnit
		if u.Group {
			kind = kindGroup
		}
		vals := []string{u.Name, kind, JoinList(u.Aliases), JoinList(u.Members),
			u.Contact, u.Phone, u.Email, u.Note}
		for c, v := range vals {
			st := stText
			if c == 1 {
				st = stCenter
			}
			if c == 3 && u.Group && len(u.Members) == 0 {
				st = stWarn
			}
			s.Text(c+1, r, v, st)
		}
		s.RowHeight(r, rowHeight(unitColumns, vals))
	}
	s.AutoFilter(1, 1, len(unitColumns), max(2, len(p.Units)+1))
}

func settingRows(p *Plan) [][2]string {
	st := p.Settings
	return [][2]string{
		{kTitle, p.Title},
		{kRegion, st.Region},
		{kIssued, st.Issued},
		{kOffice, st.Office},
		{kContact, st.Contact},
		{kPhone, st.Phone},
		{kEmail, st.Email},
		{kStatuses, strings.Join(st.StatusOptions, listSeparator)},
		{kWarnDays, strconv.Itoa(st.WarnDays)},
		{kResubmit, strconv.Itoa(st.ResubmitDays)},
		{kSigner, st.Signer},
		{kDated, dated(st.Dated)},
	}
}

// dated writes the 成文日期 setting: the default in words, so that the office sees its choices.
func dated(s string) string {
	if s == "" {
		return DatedAsOf
	}
	return s
}

func writeSettings(s *xlsx.Sheet, p *Plan) {
	cols := []column{{hSettingKey, 16, false, ""}, {hSettingVal, 60, true, ""}, {hSettingHelp, 50, true, ""}}
	header(s, cols)
	for i, kv := range settingRows(p) {
		r := i + 2
		s.Text(1, r, kv[0], xlsx.Style{Bold: true, VAlign: "top", Border: true})
		s.Text(2, r, kv[1], stText)
		s.Text(3, r, settingHelp[kv[0]], stText)
		s.RowHeight(r, rowHeight(cols, []string{kv[0], kv[1], settingHelp[kv[0]]}))
	}
}
