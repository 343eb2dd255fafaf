package template

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/xlsx"
)

// Spec is everything one unit's template depends on.
type Spec struct {
	Plan      *plan.Plan
	Unit      string
	Period    period.Period
	AsOf      time.Time // 截至日期
	Due       time.Time // return deadline
	Workspace string    // workspace id
	Key       []byte    // workspace signing key
	Master    []byte    // master design workbook

	// Previous is what the unit last reported in an accepted return, by row key: shown as
	// 上期进展, and a measure it completed comes prefilled as 已完成 for it to confirm.
	Previous map[string]Previous

	// Rows, Fingerprint and Layout may be given when many templates are made from one plan
	// and master: they are computed once instead of for every unit.
	Rows        []Row
	Fingerprint string
	Layout      *Master // the master's layout (MasterLayout of Master)
}

// Previous is what a unit last reported for a measure in an accepted return.
type Previous struct {
	Period   period.Period
	Status   string
	Progress string
	DoneDate string // YYYY-MM-DD, "" when none was read
	Evidence string
}

// Text is the 上期进展 cell: "2022年7月：[序时推进] 已完成摸底……".
func (p Previous) Text() string {
	return p.Period.Label() + "：[" + p.Status + "] " + p.Progress
}

// Master describes where things are in a master design; MasterLayout checks a design and finds
// them.
type Master struct {
	HeaderRow int
	Cols      map[string]int // header text → column
	Columns   []string       // the layout's headers in order
	Version   int            // the layout's version (ColumnsOf)
	FootRows  int            // rows below the sample row that belong to the footer
	// FootDate is where the footer's 填报日期 label is in the master, and the column of its
	// input cell (after the label's merged cells); FootDate.Row is 0 when there is none.
	FootDate struct{ Col, Row, Input int }
}

// MasterLayout checks that a master design has what the structure needs.
func MasterLayout(b *xlsx.Book) (*Master, error) {
	for _, name := range []string{SheetGuide, SheetFill} {
		if !b.HasSheet(name) {
			return nil, fmt.Errorf("master design has no sheet %s", name)
		}
	}
	s := b.Sheet(SheetFill)
	grid := s.Grid()
	_, hr, ok := find(grid, ColStatus)
	if !ok {
		return nil, fmt.Errorf("master design has no header %s", ColStatus)
	}
	m := &Master{HeaderRow: hr, Cols: map[string]int{}}
	if hr-1 < len(grid) {
		for c, v := range grid[hr-1] {
			m.Cols[strings.TrimSpace(v)] = c + 1
		}
	}
	// a design made before 上期进展 gives templates of the first layout
	m.Version = FormatVersion
	if _, ok := m.Cols[ColPrevious]; !ok {
		m.Version = 1
	}
	m.Columns = ColumnsOf(m.Version)
	for i, h := range m.Columns {
		c, ok := m.Cols[h]
		if !ok {
			return nil, fmt.Errorf("master design has no header %s", h)
		}
		if c != i+1 {
			return nil, fmt.Errorf("master design: header %s in column %d, want %d", h, c, i+1)
		}
	}
	for _, l := range FooterLabels {
		c, r, ok := find(grid, l)
		if !ok || r <= hr+1 {
			return nil, fmt.Errorf("master design has no footer label %s below the table", l)
		}
		if l == FootDate {
			m.FootDate.Col, m.FootDate.Row, m.FootDate.Input = c, r, s.MergedEnd(c, r)+1
		}
	}
	return m, nil
}

// find is the first cell of a grid holding a text, as Sheet.Find.
func find(grid [][]string, text string) (col, row int, ok bool) {
	for r, cells := range grid {
		for c, v := range cells {
			if strings.TrimSpace(v) == text {
				return c + 1, r + 1, true
			}
		}
	}
	return 0, 0, false
}

// Build makes one unit's template workbook.
func Build(spec Spec) (*xlsx.Book, error) {
	p := spec.Plan
	unit := p.Canonical(spec.Unit)
	rows := spec.Rows
	if rows == nil {
		rows = Rows(p, unit)
	}
	fp := spec.Fingerprint
	if fp == "" {
		fp = plan.Fingerprint(p)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("unit %s has no measures to report", unit)
	}
	b, err := xlsx.OpenBook(spec.Master)
	if err != nil {
		return nil, fmt.Errorf("open master design: %w", err)
	}
	m := spec.Layout
	if m == nil {
		if m, err = MasterLayout(b); err != nil {
			b.Close()
			return nil, err
		}
	}
	values := map[string]string{
		PhPlanTitle: p.Title, PhUnit: unit, PhPeriod: spec.Period.Label(),
		PhAsOf: period.DateLabel(spec.AsOf), PhDue: period.DateLabel(spec.Due), PhOffice: orDash(p.Settings.Office),
		PhContact: orDash(p.Settings.Contact), PhPhone: orDash(p.Settings.Phone), PhEmail: orDash(p.Settings.Email),
		PhStatuses: strings.Join(p.Settings.StatusOptions, "、"), PhRows: strconv.Itoa(len(rows)),
	}
	b.Sheet(SheetGuide).Replace(values)
	s := b.Sheet(SheetFill)
	s.Replace(values)
	fillRows(s, m, rows, spec.Previous)
	last := m.HeaderRow + len(rows)
	statusCol, doneCol := m.Cols[ColStatus], m.Cols[ColDoneDate]
	s.Validate(statusCol, m.HeaderRow+1, statusCol, last, xlsx.Validation{
		List: p.Settings.StatusOptions, PromptTitle: "完成状态", Prompt: "请从下拉列表中选择",
		ErrorTitle: "完成状态", Error: "只能选择：" + strings.Join(p.Settings.StatusOptions, "、"),
	})
	from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if t, err := time.Parse(time.DateOnly, p.Settings.Issued); err == nil {
		from = t.AddDate(-1, 0, 0)
	}
	s.Validate(doneCol, m.HeaderRow+1, doneCol, last, xlsx.Validation{
		DateFrom: from, DateTo: spec.AsOf, PromptTitle: "完成时间",
		Prompt:     "已完成的措施填写完成日期，如 2022-07-15，不晚于截至日期" + spec.AsOf.Format(time.DateOnly),
		ErrorTitle: "完成时间", Error: "请输入日期（如 2022-07-15），且不晚于截至日期" + spec.AsOf.Format(time.DateOnly),
	})
	// the footer moved down by the rows inserted below the sample row
	footEnd := 0
	if fd := m.FootDate; fd.Row > 0 {
		footEnd = fd.Row + len(rows) - 1
		s.Validate(fd.Input, footEnd, fd.Input, footEnd, xlsx.Validation{
			DateFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), DateTo: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC),
			PromptTitle: "填报日期", Prompt: "请输入日期，如 2022-08-03", ErrorTitle: "填报日期", Error: "请输入日期，如 2022-08-03",
		})
	}
	s.Freeze(2, m.HeaderRow)
	s.PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, RepeatRows: fmt.Sprintf("$%d:$%d", m.HeaderRow, m.HeaderRow), Margins: true,
		Footer: "&L" + unit + "&C第 &P 页，共 &N 页&R" + spec.Period.Label()})
	s.PrintArea(1, 1, len(m.Columns), max(footEnd, last))
	s.Protect(protectionPassword(spec.Key))
	b.Sheet(SheetGuide).Protect(protectionPassword(spec.Key))

	id := Identity{Version: m.Version, Workspace: spec.Workspace, Unit: unit, Period: spec.Period.String(),
		AsOf: spec.AsOf.Format(time.DateOnly), Due: spec.Due.Format(time.DateOnly), Plan: fp}
	for _, r := range rows {
		id.Rows = append(id.Rows, r.Key())
	}
	id.Sign(spec.Key)
	writeIdentity(b, &id)
	b.SetActive(SheetFill)
	b.SetVeryHidden(SheetIdentity)
	b.SetProps(p.Title+" 进展填报 "+unit+" "+spec.Period.Label(), p.Settings.Office)
	if err := b.Err(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// fillRows writes the measure rows over the master's sample row, copying its styles: the
// prefilled columns, the unit's last progress, and what it completed before, prefilled.
func fillRows(s *xlsx.Sheet, m *Master, rows []Row, prev map[string]Previous) {
	sample := m.HeaderRow + 1
	ncol := len(m.Columns)
	styles := make([]xlsx.StyleID, ncol)
	widths := make([]float64, ncol)
	for c := 1; c <= ncol; c++ {
		styles[c-1] = s.StyleOf(c, sample)
		widths[c-1] = s.ColWidthOf(c)
	}
	width := func(h string) float64 { return widths[m.Cols[h]-1] }
	s.InsertRows(sample+1, len(rows)-1)
	for i, r := range rows {
		row := sample + i
		for c := 1; c <= ncol; c++ {
			s.SetStyleID(c, row, c, row, styles[c-1])
		}
		s.SetNumber(m.Cols[ColTask], row, float64(r.Task))
		s.SetNumber(m.Cols[ColMeasure], row, float64(r.Measure))
		texts := map[string]string{ColTitle: r.TaskTitle, ColText: r.MeasureText, ColRole: r.Role, ColDeadline: r.DeadlineText}
		p, had := prev[r.Key()]
		if _, ok := m.Cols[ColPrevious]; ok {
			texts[ColPrevious] = "—"
			if had {
				texts[ColPrevious] = p.Text()
			}
		}
		if had && p.Status == plan.StatusDone {
			// completed before: for the unit to confirm, not to type again
			texts[ColStatus], texts[ColProgress], texts[ColEvidence] = p.Status, p.Progress, p.Evidence
			if d, err := time.Parse(time.DateOnly, p.DoneDate); err == nil {
				s.SetDateKeep(m.Cols[ColDoneDate], row, xlsx.Serial(d))
			}
		}
		var cells []xlsx.WidthText
		for _, h := range m.Columns {
			if v := texts[h]; v != "" {
				s.SetString(m.Cols[h], row, v)
				cells = append(cells, xlsx.WidthText{Text: v, Width: width(h)})
			}
		}
		// room for the unit's own text too: at least four lines
		s.RowHeight(row, xlsx.FitHeight(64, 10, cells...))
	}
}

func writeIdentity(b *xlsx.Book, id *Identity) {
	s := b.Sheet(SheetIdentity)
	for i, kv := range id.cells() {
		s.SetString(1, i+1, kv[0])
		s.SetString(2, i+1, kv[1])
	}
}

// protectionPassword is derived from the workspace key: the same for every template of a
// workspace, printed nowhere. Protection guides honest users; the signature is what counts.
func protectionPassword(key []byte) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("taizhang sheet protection"))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
