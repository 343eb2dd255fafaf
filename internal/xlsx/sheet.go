package xlsx

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Style is a cell style; equal values share one style in the workbook.
type Style struct {
	Bold      bool
	Size      float64 // points; 0 = 11
	Font      string  // font family; "" = 宋体
	Color     string  // font colour "RRGGBB"
	Fill      string  // background "RRGGBB"
	Wrap      bool
	HAlign    string // left, center, right
	VAlign    string // top, center
	Border    bool
	Unlocked  bool   // an input cell on a protected sheet
	NumFmt    string // custom number format, e.g. "yyyy-mm-dd"
	Indent    int
	ShrinkFit bool
}

func (b *Book) style(st Style) int {
	if id, ok := b.styles[st]; ok {
		return id
	}
	size := st.Size
	if size == 0 {
		size = 11
	}
	family := st.Font
	if family == "" {
		family = "宋体"
	}
	es := &excelize.Style{
		Font:       &excelize.Font{Bold: st.Bold, Size: size, Family: family, Color: st.Color},
		Alignment:  &excelize.Alignment{WrapText: st.Wrap, Horizontal: st.HAlign, Vertical: st.VAlign, Indent: st.Indent, ShrinkToFit: st.ShrinkFit},
		Protection: &excelize.Protection{Locked: !st.Unlocked},
	}
	if es.Alignment.Vertical == "" {
		es.Alignment.Vertical = "center"
	}
	if st.Fill != "" {
		es.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{st.Fill}}
	}
	if st.Border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			es.Border = append(es.Border, excelize.Border{Type: side, Color: "808080", Style: 1})
		}
	}
	if st.NumFmt != "" {
		f := st.NumFmt
		es.CustomNumFmt = &f
	}
	id, err := b.f.NewStyle(es)
	b.fail(err)
	b.styles[st] = id
	return id
}

// Sheet is one worksheet of a Book being written. Columns and rows count from 1.
type Sheet struct {
	b    *Book
	name string
}

// Cell is the A1 reference of a column and row.
func Cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// ParseCell reads a cell reference "K4" (column letters, then the row); ok=false for anything
// else, or beyond a sheet's bounds.
func ParseCell(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		if col > 16384 {
			return 0, 0, false
		}
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > 1<<20 {
			return 0, 0, false
		}
	}
	return col, row, row > 0
}

// ColName is the letters of a column.
func ColName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// Text writes text as a string cell (never a formula, whatever it starts with).
func (s *Sheet) Text(col, row int, text string, st Style) {
	cell := Cell(col, row)
	s.b.fail(s.b.f.SetCellStr(s.name, cell, SafeText(text)))
	s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, s.b.style(st)))
}

// Int writes a whole number.
func (s *Sheet) Int(col, row int, v int, st Style) {
	cell := Cell(col, row)
	s.b.fail(s.b.f.SetCellInt(s.name, cell, int64(v)))
	s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, s.b.style(st)))
}

// Date writes a date as a real date cell; st.NumFmt defaults to yyyy-mm-dd.
func (s *Sheet) Date(col, row int, t time.Time, st Style) {
	if st.NumFmt == "" {
		st.NumFmt = "yyyy-mm-dd"
	}
	cell := Cell(col, row)
	serial := float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	s.b.fail(s.b.f.SetCellFloat(s.name, cell, serial, -1, 64))
	s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, s.b.style(st)))
}

// Blank styles an empty cell (an input cell, a bordered gap).
func (s *Sheet) Blank(col, row int, st Style) {
	cell := Cell(col, row)
	s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, s.b.style(st)))
}

// Merge merges a rectangle.
func (s *Sheet) Merge(c1, r1, c2, r2 int) {
	s.b.fail(s.b.f.MergeCell(s.name, Cell(c1, r1), Cell(c2, r2)))
}

// ColWidth sets a column's width in characters.
func (s *Sheet) ColWidth(col int, width float64) {
	c := ColName(col)
	s.b.fail(s.b.f.SetColWidth(s.name, c, c, width))
}

// RowHeight sets a row's height in points.
func (s *Sheet) RowHeight(row int, height float64) {
	if height > 409 {
		height = 409 // Excel's maximum
	}
	s.b.fail(s.b.f.SetRowHeight(s.name, row, height))
}

// Freeze keeps the first cols columns and rows rows in view.
func (s *Sheet) Freeze(cols, rows int) {
	s.b.fail(s.b.f.SetPanes(s.name, &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: Cell(cols+1, rows+1), ActivePane: "bottomRight",
	}))
}

// AutoFilter adds filter buttons to a header row over a range. excelize replaces the sheet's
// properties when it does, dropping "fit to page": it is set again.
func (s *Sheet) AutoFilter(c1, r1, c2, r2 int) {
	s.b.fail(s.b.f.AutoFilter(s.name, Cell(c1, r1)+":"+Cell(c2, r2), nil))
	if s.b.fit[s.name] {
		fit := true
		s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	}
}

// Print describes a sheet's page setup.
type Print struct {
	Landscape  bool
	A3         bool
	FitWidth   bool   // fit all columns on one page width
	RepeatRows string // e.g. "$1:$3"
	Footer     string // page footer; "" = 第 &P 页 共 &N 页
	Header     string
	Margins    bool // narrow margins
}

// PrintSetup sets paper, orientation, scaling, repeated rows and footer.
func (s *Sheet) PrintSetup(p Print) {
	size := 9 // A4
	if p.A3 {
		size = 8
	}
	orient := "portrait"
	if p.Landscape {
		orient = "landscape"
	}
	layout := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	if p.FitWidth {
		w, h := 1, 0
		layout.FitToWidth = &w
		layout.FitToHeight = &h
	}
	s.b.fail(s.b.f.SetPageLayout(s.name, layout))
	if p.FitWidth {
		fit := true
		s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
		s.b.fit[s.name] = true
	}
	if p.Margins {
		l, r, t, bm, h, f := 0.4, 0.4, 0.6, 0.6, 0.3, 0.3
		s.b.fail(s.b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &t, Bottom: &bm, Header: &h, Footer: &f}))
	}
	footer := p.Footer
	if footer == "" {
		footer = "&C第 &P 页，共 &N 页"
	}
	s.b.fail(s.b.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: footer, OddHeader: p.Header}))
	if p.RepeatRows != "" {
		s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!%s", quote(s.name), p.RepeatRows), Scope: s.name,
		}))
	}
}

// quote escapes a sheet name for a formula reference.
func quote(name string) string { return strings.ReplaceAll(name, "'", "''") }

// Ref is an absolute reference to a range of this sheet, for formulas and validations.
func (s *Sheet) Ref(c1, r1, c2, r2 int) string {
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", quote(s.name), ColName(c1), r1, ColName(c2), r2)
}

// Protect locks the sheet: unlocked cells stay selectable and editable; locked cells can be
// selected (to copy) but not changed; formatting rows (to see long text) stays allowed. The
// legacy password hash is used because it is deterministic: protection guides honest users, it
// is no security boundary.
func (s *Sheet) Protect(password string) {
	s.b.fail(s.b.f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
		Password:            password,
		SelectLockedCells:   true,
		SelectUnlockedCells: true,
		FormatRows:          true,
		FormatColumns:       true,
	}))
}

// Validation describes a data validation on a range.
type Validation struct {
	List        []string // allowed values (a drop-down)
	ListRef     string   // or a reference to a range holding them
	DateFrom    time.Time
	DateTo      time.Time // a date between the two
	PromptTitle string
	Prompt      string
	ErrorTitle  string
	Error       string
}

// Validate adds a validation to a rectangle. Invalid input is refused with the error message.
func (s *Sheet) Validate(c1, r1, c2, r2 int, v Validation) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = Cell(c1, r1) + ":" + Cell(c2, r2)
	switch {
	case len(v.List) > 0:
		s.b.fail(dv.SetDropList(v.List))
	case v.ListRef != "":
		dv.SetSqrefDropList(v.ListRef)
	case !v.DateFrom.IsZero():
		from := excelSerial(v.DateFrom)
		to := excelSerial(v.DateTo)
		s.b.fail(dv.SetRange(from, to, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	}
	if v.Prompt != "" {
		dv.SetInput(v.PromptTitle, v.Prompt)
	}
	if v.Error != "" {
		dv.SetError(excelize.DataValidationErrorStyleStop, v.ErrorTitle, v.Error)
	}
	s.b.fail(s.b.f.AddDataValidation(s.name, dv))
}

func excelSerial(t time.Time) float64 {
	return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// Comment attaches a note to a cell (shown when the cell is pointed at).
func (s *Sheet) Comment(col, row int, author, text string) {
	s.b.fail(s.b.f.AddComment(s.name, excelize.Comment{Author: author, Cell: Cell(col, row), Text: SafeText(text), Width: 260, Height: 90}))
}

// ChartSeries is one series of a chart: its name and the references of its categories and
// values (use Ref).
type ChartSeries struct {
	Name       string
	Categories string
	Values     string
	Color      string // "RRGGBB"
}

// StackedBars draws a native stacked column chart of the series at a cell, size in pixels.
func (s *Sheet) StackedBars(cell, title string, width, height uint, series []ChartSeries) {
	var ss []excelize.ChartSeries
	for _, c := range series {
		ss = append(ss, excelize.ChartSeries{Name: c.Name, Categories: c.Categories, Values: c.Values,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.Color}}})
	}
	gap := uint(60)
	overlap := 100
	s.b.fail(s.b.f.AddChart(s.name, cell, &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    ss,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: width, Height: height},
		GapWidth:  &gap,
		Overlap:   &overlap,
	}))
}

// SheetRef returns a function giving absolute references to ranges of the named sheet (for
// charts drawing from another sheet).
func SheetRef(name string) func(c1, r1, c2, r2 int) string {
	return func(c1, r1, c2, r2 int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", quote(name), ColName(c1), r1, ColName(c2), r2)
	}
}
