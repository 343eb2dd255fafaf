package receipt

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

// Sheet names of a receipt workbook.
const (
	SheetReceipt = "回执"
	SheetCopy    = "报送内容"
)

// Fills that mark a problem cell in the copy of a return.
const (
	FillError   = "F8CBAD"
	FillWarning = "FFF2CC"
)

var (
	stTitle   = xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体"}
	stLabel   = xlsx.Style{Bold: true, VAlign: "top", Border: true, Fill: "DDEBF7"}
	stValue   = xlsx.Style{Wrap: true, VAlign: "top", Border: true}
	stHead    = xlsx.Style{Bold: true, HAlign: "center", Border: true, Fill: "BDD7EE", Wrap: true}
	stError   = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: FillError}
	stWarning = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: FillWarning}
	stPlain   = xlsx.Style{Wrap: true, VAlign: "top"}
)

// The copy's styles, as the template shows them.
var (
	cpTitle     = xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体", Wrap: true}
	cpSub       = xlsx.Style{Bold: true, Size: 11, Wrap: true}
	cpHead      = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", VAlign: "center", Border: true, Fill: "BDD7EE"}
	cpHeadInput = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", VAlign: "center", Border: true, Fill: "FFE699"}
	cpLocked    = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "EDEDED", Size: 11}
	cpInput     = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Size: 11}
	cpLabel     = xlsx.Style{Bold: true, HAlign: "right", Size: 11}
	cpLine      = xlsx.Style{Border: true, HAlign: "left", Size: 11}
)

// centred are the template's columns whose cells are centred.
var centred = map[string]bool{template.ColTask: true, template.ColMeasure: true, template.ColRole: true,
	template.ColStatus: true, template.ColDoneDate: true}

// Book builds the receipt workbook: a small book of one kind, written by thousands, so it is
// written by the light writer (no excelize).
func Book(p *plan.Plan, a Answer) *xlsx.Lite {
	r := a.Record
	b := xlsx.NewLite()
	b.SetProps(p.Title+" 进展填报回执 "+r.Unit, p.Settings.Office)
	rs := b.Sheet(SheetReceipt)
	rs.PrintSetup(xlsx.Print{FitWidth: true, Margins: true})
	receiptSheet(rs, p, a)
	if a.Workbook != nil && a.Workbook.HasFill {
		cs := b.Sheet(SheetCopy)
		cs.PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, Margins: true})
		copySheet(cs, a.Workbook, r.Findings)
	}
	return b
}

func receiptSheet(s *xlsx.LiteSheet, p *plan.Plan, a Answer) {
	r := a.Record
	for i, w := range []float64{6, 10, 26, 58} {
		s.ColWidth(i+1, w)
	}
	s.Row(34, xlsx.Value{V: "进展填报回执", S: stTitle})
	s.Merge(1, 1, 4, 1)
	info := [][2]string{
		{"整改方案", p.Title}, {"报送单位", r.Unit}, {"期次", periodLine(r)}, {"收到的文件", receivedLine(r)},
		{"发送和收到时间", timeLine(r)},
	}
	if f := filesLine(a.Evidence, store.EvidenceAttachment); f != "" {
		info = append(info, [2]string{"随附文件", f + "（已存档）"})
	}
	if f := filesLine(a.Evidence, store.EvidencePicture); f != "" {
		info = append(info, [2]string{"单元格中的图片", f + "（已另存为佐证材料）"})
	}
	info = append(info, [2]string{"结论", fmt.Sprintf("%s（错误 %d 条，提醒 %d 条）", VerdictLabel(r.Verdict), r.Errors, r.Warnings)})
	if r.Verdict != intake.Accepted {
		info = append(info, [2]string{"重新报送期限", period.DateLabel(Resubmit(p, r)) + "前"})
	}
	for _, kv := range info {
		st := stValue
		if kv[0] == "结论" || kv[0] == "重新报送期限" {
			st.Bold = true
			if r.Verdict != intake.Accepted {
				st.Color = "C00000"
			}
		}
		row := s.NextRow()
		s.Row(xlsx.FitHeight(20, 11, xlsx.WidthText{Text: kv[1], Width: 84}),
			xlsx.Value{V: kv[0], S: stLabel}, xlsx.Value{}, xlsx.Value{V: kv[1], S: st})
		s.Merge(1, row, 2, row)
		s.Merge(3, row, 4, row)
	}
	text := note(p, r)
	if r.Verdict != intake.Accepted {
		text += "有问题的单元格在“报送内容”表中以红色（错误）或黄色（提醒）标出，指向单元格可看到说明。"
	}
	row := s.NextRow() + 1
	s.RowAt(row, xlsx.FitHeight(20, 11, xlsx.WidthText{Text: text, Width: 100}), xlsx.Value{V: text, S: xlsx.Style{Wrap: true, Bold: true}})
	s.Merge(1, row, 4, row)
	head := make([]xlsx.Value, 4)
	for i, h := range []string{"序号", "类别", "位置", "问题及修改要求"} {
		head[i] = xlsx.Value{V: h, S: stHead}
	}
	s.RowAt(row+2, 0, head...)
	cols := headers(a.Workbook)
	for i, f := range r.Findings {
		st := stWarning
		if f.Severity == finding.Error {
			st = stError
		}
		where := Place(f, cols)
		if where == "" {
			where = "整个文件"
		}
		s.Row(xlsx.FitHeight(20, 11, xlsx.WidthText{Text: f.Message, Width: 58}, xlsx.WidthText{Text: where, Width: 26}),
			xlsx.Value{V: i + 1, S: xlsx.Style{HAlign: "center", VAlign: "top", Border: true}}, xlsx.Value{V: f.Severity.Label(), S: st},
			xlsx.Value{V: where, S: stValue}, xlsx.Value{V: f.Message, S: stValue})
	}
	if len(r.Findings) == 0 {
		row := s.NextRow()
		s.Row(0, xlsx.Value{V: "没有发现问题。", S: stValue})
		s.Merge(1, row, 4, row)
	}
	// 落款: the office and the day, at the right
	s.Row(0)
	for _, line := range signature(p, r) {
		row := s.NextRow()
		s.Row(20, xlsx.Value{}, xlsx.Value{}, xlsx.Value{V: line, S: xlsx.Style{HAlign: "right"}})
		s.Merge(3, row, 4, row)
	}
	s.Flush()
}

// copySheet writes the unit's 进展填报 sheet as its template shows it — widths, the title, the
// header, locked and input columns, the footer and the merged cells — with the unit's own
// values as text (a formula is shown as its text, never as a formula), and marks each cell
// that has findings with a fill and a comment.
func copySheet(s *xlsx.LiteSheet, wb *intake.Workbook, fs finding.List) {
	cols := headers(wb)
	ncol := 0
	for c := range cols {
		ncol = max(ncol, c)
	}
	if ncol == 0 {
		ncol = len(template.Columns)
	}
	widths := make([]float64, ncol)
	for c := 1; c <= ncol; c++ {
		widths[c-1] = template.ColumnWidth(cols[c])
		s.ColWidth(c, widths[c-1])
	}
	byCell := map[string][]finding.Finding{}
	for _, f := range fs {
		if f.Sheet == template.SheetFill && f.Cell != "" {
			byCell[f.Cell] = append(byCell[f.Cell], f)
		}
	}
	header, footer := 0, 0
	labels := map[string]bool{}
	for _, l := range template.FooterLabels {
		labels[l] = true
	}
	for _, row := range wb.Fill {
		for _, c := range row.Cells {
			v := strings.TrimSpace(c.Value)
			if header == 0 && v == template.ColStatus {
				header = row.Row
			}
			if header > 0 && row.Row > header && footer == 0 && labels[v] {
				footer = row.Row
			}
		}
	}
	inputs := map[string]bool{}
	for _, h := range template.Inputs {
		inputs[h] = true
	}
	style := func(col, row int, text string) xlsx.Style {
		h := cols[col]
		switch {
		case header == 0:
			return cpInput
		case row == 1:
			return cpTitle
		case row < header:
			return cpSub
		case row == header:
			if inputs[h] {
				return cpHeadInput
			}
			return cpHead
		case footer > 0 && row >= footer:
			if labels[strings.TrimSpace(text)] {
				return cpLabel
			}
			return cpLine
		}
		st := cpLocked
		if inputs[h] || h == "" {
			st = cpInput
		}
		if centred[h] {
			st.HAlign = "center"
		}
		return st
	}
	// the cells by row and column: a file may hold its rows and cells in any order, and a
	// finding may point at a cell the file does not have
	const maxRow, maxCol = 2000, 60
	grid := map[int]*gridRow{}
	put := func(col, row int, v xlsx.Value) {
		g := grid[row]
		if g == nil {
			g = &gridRow{vals: make([]xlsx.Value, 0, ncol), set: make([]bool, 0, ncol)}
			grid[row] = g
		}
		g.put(col, v)
	}
	heights := map[int][]xlsx.WidthText{}
	size := 0 // about the bytes of the sheet's rows, to make room for them at once
	for _, row := range wb.Fill {
		if row.Row > maxRow {
			continue
		}
		for _, c := range row.Cells {
			if c.Col > maxCol {
				continue
			}
			text := cellText(c, wb.Date1904)
			st := style(c.Col, row.Row, text)
			if len(byCell) > 0 {
				if list := byCell[xlsx.Cell(c.Col, row.Row)]; len(list) > 0 {
					st = marked(st, list)
				}
			}
			put(c.Col, row.Row, xlsx.Value{V: text, S: st})
			size += len(text) + 64
			if row.Row > header && c.Col <= ncol && text != "" {
				heights[row.Row] = append(heights[row.Row], xlsx.WidthText{Text: text, Width: widths[c.Col-1]})
			}
		}
		// the rest of a data row is styled as the template's, filled in or not
		if header > 0 && row.Row > header && (footer == 0 || row.Row < footer) {
			for c := 1; c <= ncol; c++ {
				if !grid[row.Row].has(c) {
					put(c, row.Row, xlsx.Value{S: style(c, row.Row, "")})
				}
			}
		}
	}
	refs := make([]string, 0, len(byCell))
	for ref := range byCell {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	for _, ref := range refs {
		list := byCell[ref]
		col, row, ok := xlsx.ParseCell(ref)
		if !ok || row > maxRow || col > maxCol {
			continue
		}
		if !grid[row].has(col) {
			put(col, row, xlsx.Value{S: marked(style(col, row, ""), list)})
		}
		var msgs []string
		for _, f := range list {
			msgs = append(msgs, "["+f.Severity.Label()+"] "+f.Message)
		}
		s.Comment(col, row, "领导小组办公室", strings.Join(msgs, "\n"))
	}
	s.Grow(size + 64*ncol*len(grid))
	rows := make([]int, 0, len(grid))
	for r := range grid {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	for _, r := range rows {
		vals := grid[r].vals // a column not put is the zero Value, as an empty cell
		h := 0.0
		switch {
		case r == 1:
			h = 36
		case r < header:
			h = 24
		case r == header:
			h = 30
		case heights[r] != nil:
			h = xlsx.FitHeight(22, 11, heights[r]...)
		}
		s.RowAt(r, h, vals...)
	}
	merges := wb.FillMerges
	if len(merges) > 500 {
		merges = merges[:500]
	}
	for _, m := range merges {
		if m.Row1 >= 1 && m.Col1 >= 1 && m.Row2 <= maxRow && m.Col2 <= maxCol && (m.Row2 > m.Row1 || m.Col2 > m.Col1) {
			s.Merge(m.Col1, m.Row1, m.Col2, m.Row2)
		}
	}
	s.Flush()
}

// gridRow is a row of the copy: its cells by column (vals[c-1]), and which were put.
type gridRow struct {
	vals []xlsx.Value
	set  []bool
}

func (g *gridRow) put(col int, v xlsx.Value) {
	for len(g.vals) < col {
		g.vals = append(g.vals, xlsx.Value{})
		g.set = append(g.set, false)
	}
	g.vals[col-1], g.set[col-1] = v, true
}

// has reports whether a column was put; a nil row has none.
func (g *gridRow) has(col int) bool {
	return g != nil && col <= len(g.set) && g.set[col-1]
}

// marked is a cell's style with the mark of its findings: red for an error, yellow for a
// warning only.
func marked(st xlsx.Style, list []finding.Finding) xlsx.Style {
	st.Fill = FillWarning
	for _, f := range list {
		if f.Severity == finding.Error {
			st.Fill = FillError
		}
	}
	st.Border = true
	return st
}

// cellText shows a cell as the unit saw it: a formula as its text, a date as a date, a picture
// (WPS) as a picture.
func cellText(c scan.Cell, date1904 bool) string {
	if scan.PictureID(c.Formula) != "" {
		return "［单元格中的图片］"
	}
	if c.Formula != "" {
		return "=" + c.Formula
	}
	if c.Date && (c.Type == "" || c.Type == "n") {
		if f, err := strconv.ParseFloat(c.Value, 64); err == nil {
			if t, ok := xlsx.FromSerial(f, date1904); ok {
				return t.Format(time.DateOnly)
			}
		}
	}
	return c.Value
}
