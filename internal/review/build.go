package review

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/xlsx"
)

// Row is one measure for the reviewer: what the ledger says of it, as the workbook shows it.
type Row struct {
	Task, Measure int
	Text          string
	Units         string // 责任单位, as the plan names them, one a line
	Deadline      string // 整改时限, with the approved one when extended
	DoneDate      string // each unit's 完成时间
	Evidence      string // each unit's 佐证材料
	Files         string // the evidence files linked to the measure, one a line
}

// Key is the row key "3.1".
func (r Row) Key() string { return plan.RowKey(r.Task, r.Measure) }

// locked are the row's locked texts in Locked order.
func (r Row) locked() []string {
	return []string{r.Text, r.Units, r.Deadline, r.DoneDate, r.Evidence, r.Files}
}

// Rows are the measures of a ledger that wait for the office's review, in the plan's order:
// every responsible unit reports 已完成 (in the period's returns, or carried from an earlier
// one), and the measure is not closed — neither as of the ledger's 截至日期 nor by a
// decision dated after it (one made while the period's review was under way).
func Rows(l *ledger.Ledger) []Row {
	latest := l.Register.Latest()
	files := filesByMeasure(l)
	var out []Row
	for i := range l.Measures {
		m := &l.Measures[i]
		if m.Status != plan.StatusDone || m.Closed != nil || len(m.Units) == 0 || latest[m.Key()].Closed != nil {
			continue
		}
		r := Row{Task: m.Task, Measure: m.Measure, Text: m.Text, Units: strings.Join(append([]string{m.Lead}, m.CoUnits...), "\n"),
			Deadline: m.DeadlineText}
		if e := m.Extended; e != nil {
			r.Deadline += fmt.Sprintf("\n（延期至%s，%s）", period.DateLabel(e.To), e.Doc)
		}
		r.DoneDate = perUnit(m, func(ue ledger.UnitEntry) string {
			d := ue.DoneDate
			if d == "" {
				d = "—"
			}
			if !ue.Carried.IsZero() {
				d += "（" + ue.Carried.Label() + "报）"
			}
			if len(m.Units) > 1 && utf8.RuneCountInString(ue.Unit) > 4 {
				d = "\n" + d // a long name on a line of its own: the date is not cut in two
			}
			return d
		})
		r.Evidence = perUnit(m, func(ue ledger.UnitEntry) string { return ue.Evidence })
		r.Files = files[m.Key()]
		out = append(out, xlsxSafe(r))
	}
	return out
}

// xlsxSafe makes a row's texts what the cells will hold, so that the identity seals exactly
// what is written.
func xlsxSafe(r Row) Row {
	for _, p := range []*string{&r.Text, &r.Units, &r.Deadline, &r.DoneDate, &r.Evidence, &r.Files} {
		*p = strings.TrimSpace(xlsx.SafeText(*p))
	}
	return r
}

// perUnit joins the units' values of a measure, "经发局：…" a line; a measure with one unit
// shows its value alone.
func perUnit(m *ledger.MeasureRow, get func(ledger.UnitEntry) string) string {
	if len(m.Units) == 1 {
		return get(m.Units[0])
	}
	var lines []string
	for _, ue := range m.Units {
		if v := get(ue); v != "" {
			lines = append(lines, ue.Unit+"："+v)
		}
	}
	return strings.Join(lines, "\n")
}

// filesByMeasure names, by row key, the files of the period's returns that the responsible
// units' 佐证材料 names for the measure: one a line, "单位：文件" when the measure has several
// units, each once.
func filesByMeasure(l *ledger.Ledger) map[string]string {
	units := map[string]map[string]bool{}
	several := map[string]bool{}
	for i := range l.Measures {
		m := &l.Measures[i]
		set := map[string]bool{}
		for _, ue := range m.Units {
			set[ue.Unit] = true
		}
		units[m.Key()] = set
		several[m.Key()] = len(m.Units) > 1
	}
	lines := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range l.Evidence {
		for _, k := range e.Measures {
			if !units[k][e.Unit] {
				continue
			}
			line := e.Name
			if several[k] {
				line = e.Unit + "：" + e.Name
			}
			if seen[k+"\x00"+line] {
				continue
			}
			seen[k+"\x00"+line] = true
			lines[k] = append(lines[k], line)
		}
	}
	out := map[string]string{}
	for k, ls := range lines {
		out[k] = strings.Join(ls, "\n")
	}
	return out
}

// Spec is what a review workbook depends on.
type Spec struct {
	Ledger    *ledger.Ledger
	Rows      []Row  // Rows(Ledger) when nil
	Workspace string // the workspace's id
	Key       []byte // the workspace's signing key
}

// Styles of the workbook: grey locked reference cells, white input cells, the input columns'
// headers yellow (as in the units' templates).
var (
	stTitle     = xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体", Wrap: true}
	stSub       = xlsx.Style{Size: 11, Bold: true, Wrap: true}
	stNote      = xlsx.Style{Size: 10, Wrap: true, VAlign: "top", Color: "404040"}
	stHead      = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", VAlign: "center", Border: true, Fill: "BDD7EE"}
	stHeadInput = xlsx.Style{Bold: true, Wrap: true, HAlign: "center", VAlign: "center", Border: true, Fill: "FFE699"}
	stLocked    = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "EDEDED", Size: 11}
	stLockedC   = xlsx.Style{Wrap: true, VAlign: "top", HAlign: "center", Border: true, Fill: "EDEDED", Size: 11}
	stInput     = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Unlocked: true, Size: 11}
	stInputC    = xlsx.Style{Wrap: true, VAlign: "top", HAlign: "center", Border: true, Unlocked: true, Size: 11}
	stInputDate = xlsx.Style{VAlign: "top", HAlign: "center", Border: true, Unlocked: true, Size: 11, NumFmt: "yyyy-mm-dd"}
)

// Title is the workbook's title: the plan's, then 销号审核表.
func Title(p *plan.Plan) string { return p.Title + "销号审核表" }

// Build makes the review workbook of a ledger's measures waiting for review; an error when
// there is none.
func Build(spec Spec) (*xlsx.Book, error) {
	l := spec.Ledger
	rows := spec.Rows
	if rows == nil {
		rows = Rows(l)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no measure waits for review")
	}
	b := xlsx.NewBook()
	b.SetProps(Title(l.Plan)+" "+l.Period.Label(), l.Plan.Settings.Office)
	s := b.Sheet(SheetReview)
	ncol := len(Columns)
	total := 0.0
	for i, h := range Columns {
		s.ColWidth(i+1, widths[h])
		total += widths[h]
	}
	title := Title(l.Plan)
	s.Text(1, 1, title, stTitle)
	s.Merge(1, 1, ncol, 1)
	s.RowHeight(1, xlsx.FitHeight(36, 16, xlsx.WidthText{Text: title, Width: total}))
	sub := fmt.Sprintf("期次：%s    截至日期：%s    待审核的措施：%d 条（各责任单位均已报告已完成，尚未销号）",
		l.Period.Label(), period.DateLabel(l.AsOf), len(rows))
	s.Text(1, 2, sub, stSub)
	s.Merge(1, 2, ncol, 2)
	s.RowHeight(2, xlsx.FitHeight(22, 11, xlsx.WidthText{Text: sub, Width: total}))
	note := "填写说明：灰色各栏是台账的内容，不能修改；请在白色各栏填写审核结果——“审核意见”从下拉列表中选择“同意销号”或“暂缓”，" +
		"同意销号的须填写文号（如 长整改办〔2022〕5号）和日期，审核人可填写审批人姓名；未审核的措施留空。" +
		"填好后保存为 .xlsx，由办公室运行 taizhang review apply 本文件 登记销号。"
	s.Text(1, 3, note, stNote)
	s.Merge(1, 3, ncol, 3)
	s.RowHeight(3, xlsx.FitHeight(18, 10, xlsx.WidthText{Text: note, Width: total}))
	for i, h := range Columns {
		st := stHead
		if i >= len(Columns)-4 {
			st = stHeadInput
		}
		s.Text(i+1, HeaderRow, h, st)
	}
	s.RowHeight(HeaderRow, 32)
	id := Identity{Version: Version, Workspace: spec.Workspace, Period: l.Period.String(), AsOf: l.AsOf.Format(time.DateOnly),
		Plan: plan.Fingerprint(l.Plan), Sealed: map[string][]string{}}
	for i, r := range rows {
		row := HeaderRow + 1 + i
		s.Int(col(ColTask), row, r.Task, stLockedC)
		s.Int(col(ColMeasure), row, r.Measure, stLockedC)
		var fit []xlsx.WidthText
		var sealed []string
		for j, text := range r.locked() {
			h := Locked[j]
			st := stLocked
			if h == ColDoneDate && !strings.Contains(text, "\n") {
				st = stLockedC // a date alone; the units' dates line up on the left
			}
			s.Text(col(h), row, text, st)
			fit = append(fit, xlsx.WidthText{Text: text, Width: widths[h]})
			sealed = append(sealed, sealOf(text))
		}
		s.Blank(col(ColOpinion), row, stInputC)
		s.Blank(col(ColDoc), row, stInput)
		s.Blank(col(ColBy), row, stInputC)
		s.Blank(col(ColDate), row, stInputDate)
		// room for a 文号 on two lines at least
		s.RowHeight(row, xlsx.FitHeight(36, 11, fit...))
		id.Rows = append(id.Rows, r.Key())
		id.Sealed[r.Key()] = sealed
	}
	first, last := HeaderRow+1, HeaderRow+len(rows)
	s.Validate(col(ColOpinion), first, col(ColOpinion), last, xlsx.Validation{
		List: Opinions, PromptTitle: ColOpinion, Prompt: "请从下拉列表中选择：同意销号、暂缓；未审核的留空",
		ErrorTitle: ColOpinion, Error: "只能选择：同意销号、暂缓",
	})
	s.Validate(col(ColDate), first, col(ColDate), last, xlsx.Validation{
		DateFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), DateTo: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC),
		PromptTitle: ColDate, Prompt: "审核（批准）的日期，如 2022-09-05，不晚于今天",
		ErrorTitle: ColDate, Error: "请输入日期，如 2022-09-05",
	})
	s.Freeze(2, HeaderRow)
	s.PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, Margins: true, RepeatRows: fmt.Sprintf("$%d:$%d", HeaderRow, HeaderRow),
		Footer: "&L销号审核表&C第 &P 页，共 &N 页&R" + l.Period.Label()})
	s.PrintArea(1, 1, ncol, last)
	s.Protect("") // no password: a guide for honest users; the identity is what counts

	id.Sign(spec.Key)
	is := b.Sheet(SheetIdentity)
	for i, kv := range id.Cells() {
		is.Text(1, i+1, kv[0], xlsx.Style{})
		is.Text(2, i+1, kv[1], xlsx.Style{})
	}
	b.SetActive(SheetReview)
	b.SetVeryHidden(SheetIdentity)
	if err := b.Err(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Write builds the review workbook and writes it whole to path (temporary file, then
// rename); it returns the rows written, and writes nothing when there are none.
func Write(path string, spec Spec) ([]Row, error) {
	if spec.Rows == nil {
		spec.Rows = Rows(spec.Ledger)
	}
	if len(spec.Rows) == 0 {
		return nil, nil
	}
	b, err := Build(spec)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return spec.Rows, b.Save(path)
}
