package review

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"taizhang/internal/decision"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

// MaxBytes is the largest file read as a review workbook: one of a few thousand measures is a
// few megabytes.
const MaxBytes = 32 << 20

// Limits bound the reading of a review workbook, as a unit's return is bounded.
var Limits = scan.DefaultLimits

// Context is what checking a review workbook needs to know.
type Context struct {
	Workspace string // the workspace's id
	Key       []byte // its signing key
	Plan      *plan.Plan
	Today     time.Time // no decision may be dated after it; zero: not checked
}

// Entry is a measure's row as the reviewer filled it.
type Entry struct {
	Row           int // the sheet row
	Task, Measure int
	Opinion       string // Agree, Defer, or "" when not reviewed
	Doc           string
	By            string
	Date          time.Time // zero when not (or not readably) given
}

// Key is the row key "3.1".
func (e Entry) Key() string { return plan.RowKey(e.Task, e.Measure) }

// Outcome is what checking, and applying, a review workbook came to.
type Outcome struct {
	Identity   *Identity // nil when the file is not a review workbook of this workspace
	Period     period.Period
	AsOf       time.Time
	Agreed     []Entry // 同意销号, in row order
	Deferred   []Entry // 暂缓
	Unreviewed []Entry // 审核意见 left empty
	Findings   finding.List

	// set by Apply
	Digest    string
	AppliedAt time.Time           // when the same file was applied before; zero when never
	Recorded  []decision.Decision // the 销号 recorded now
	Repeats   []decision.Decision // those recorded before exactly so
	Refused   bool                // the register refused some: nothing recorded
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Check reads a filled review workbook and checks it: what it is (a review workbook of this
// workspace, by its signed identity), then its rows cell by cell. It never panics: whatever
// the bytes, the answer is findings.
func Check(data []byte, c Context) (out *Outcome) {
	out = &Outcome{}
	defer func() {
		if r := recover(); r != nil {
			*out = Outcome{}
			out.Findings.Addf(finding.ReviewUnreadable, finding.Finding{}, "文件内容异常，无法读取：请用 Excel 或 WPS 打开后另存为 .xlsx 再登记")
		}
	}()
	if msg := classify(data); msg != "" {
		out.Findings.Addf(finding.ReviewUnreadable, finding.Finding{}, "%s", msg)
		return out
	}
	sc, err := scan.Scan(data, Limits, func(name string) bool { return name == SheetReview || name == SheetIdentity }, nil)
	if err != nil {
		out.Findings.Addf(finding.ReviewUnreadable, finding.Finding{}, "%s", scanMessage(err))
		return out
	}
	ck := &checker{c: c, out: out, sc: sc}
	ck.check()
	out.Findings.Sort()
	return out
}

// classify says what the bytes are when they are not a zip package (a workbook), "" when they
// are.
func classify(data []byte) string {
	switch {
	case len(data) == 0:
		return "文件是空的（0 字节）：可能保存或复制失败"
	case len(data) > MaxBytes:
		return fmt.Sprintf("文件过大（%d MB，超过 %d MB），不是销号审核表", len(data)>>20, MaxBytes>>20)
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")) {
			return "工作簿设置了打开密码：请取消密码后再登记"
		}
		return "这是旧版 Excel（.xls）或 WPS（.et）格式的文件：请另存为 .xlsx 后再登记"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "这是 PDF 文件，不是工作簿：请登记填好的销号审核表（.xlsx）"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return ""
	}
	return "不是 .xlsx 工作簿（无法识别的文件格式）：请登记填好的销号审核表（.xlsx）"
}

func scanMessage(err error) string {
	switch {
	case errors.Is(err, scan.ErrTooLarge):
		return "工作簿解压后过大或行数过多（可能是压缩炸弹），不予读取"
	case errors.Is(err, scan.ErrNotZip):
		return "压缩包结构损坏（可能复制或下载不完整）：请重新保存后再登记"
	}
	return "工作簿内容损坏或不是 Excel 工作簿，无法读取：请用 Excel 或 WPS 打开后另存为 .xlsx 再登记"
}

type checker struct {
	c   Context
	out *Outcome
	sc  *scan.Result
	id  *Identity
}

func (k *checker) addf(code finding.Code, loc finding.Finding, format string, args ...any) {
	k.out.Findings.Addf(code, loc, format, args...)
}

func (k *checker) check() {
	if !k.identity() {
		return
	}
	rows, ok := k.sc.Rows[SheetReview]
	if !ok {
		k.addf(finding.ReviewHeaderChanged, finding.Finding{}, "找不到“%s”工作表：请勿改动工作表的名称", SheetReview)
		return
	}
	header, ok := k.header(rows)
	if !ok {
		return
	}
	k.planChanged()
	k.rows(rows, header)
}

// identity finds, reads and verifies the workbook's identity.
func (k *checker) identity() bool {
	has := map[string]bool{}
	for _, s := range k.sc.Sheets {
		has[s.Name] = true
	}
	if !has[SheetIdentity] {
		if has[template.SheetIdentity] || has[template.SheetFill] {
			k.addf(finding.ReviewNotReview, finding.Finding{}, "这是单位的进展填报模板（或报送），不是销号审核表：单位的报送请用 taizhang collect 回收")
		} else {
			k.addf(finding.ReviewNotReview, finding.Finding{}, "不是销号审核表（找不到审核表的标识）：请在 taizhang review 生成的审核表中填写，不要复制到新工作簿")
		}
		return false
	}
	var pairs [][2]string
	for _, r := range k.sc.Rows[SheetIdentity] {
		var kv [2]string
		if c := r.Cell(1); c != nil {
			kv[0] = c.Value
		}
		if c := r.Cell(2); c != nil {
			kv[1] = c.Value
		}
		pairs = append(pairs, kv)
	}
	id, err := identityFrom(pairs)
	switch {
	case err != nil:
		k.addf(finding.ReviewTampered, finding.Finding{}, "审核表的隐藏标识不完整或被改动：请用 taizhang review 重新生成审核表")
		return false
	case id.Version != Version:
		k.addf(finding.ReviewNotReview, finding.Finding{}, "审核表的格式版本（%d）与本程序不符：请用本程序重新生成审核表", id.Version)
		return false
	case id.Workspace != k.c.Workspace:
		k.addf(finding.ReviewForeign, finding.Finding{}, "这是其他工作区（其他办公室或重建前的工作区）生成的销号审核表：请登记本工作区生成的审核表")
		return false
	case !id.Verify(k.c.Key):
		k.addf(finding.ReviewTampered, finding.Finding{}, "审核表的隐藏标识被改动（签名不符）：请用 taizhang review 重新生成审核表")
		return false
	}
	k.id = &id
	k.out.Identity = &id
	k.out.Period, _ = period.Parse(id.Period)
	k.out.AsOf, _ = time.Parse(time.DateOnly, id.AsOf)
	return true
}

// header finds the header row: the layout's texts in the layout's columns.
func (k *checker) header(rows []scan.Row) (int, bool) {
	for i := range rows {
		r := &rows[i]
		if r.Row > HeaderRow+10 {
			break
		}
		if c := r.Cell(1); c == nil || strings.TrimSpace(c.Value) != ColTask {
			continue
		}
		for j, h := range Columns {
			got := ""
			if c := r.Cell(j + 1); c != nil {
				got = strings.TrimSpace(intake.CellText(c.Value))
			}
			if got != h {
				k.addf(finding.ReviewHeaderChanged, finding.Finding{Sheet: SheetReview, Cell: xlsx.Cell(j+1, r.Row)},
					"表头应为“%s”，现为“%s”：请勿改动表头，或重新生成审核表", h, clip(got, 20))
				return 0, false
			}
		}
		return r.Row, true
	}
	k.addf(finding.ReviewHeaderChanged, finding.Finding{}, "找不到审核表的表头（%s……%s）：请勿改动表头，或重新生成审核表", ColTask, ColDate)
	return 0, false
}

// planChanged reports the measures of the workbook that the plan no longer has as they were
// when it was made: their numbers may now name other measures.
func (k *checker) planChanged() {
	if k.id.Plan == plan.Fingerprint(k.c.Plan) {
		return
	}
	for _, key := range k.id.Rows {
		t, m, _ := plan.ParseRowKey(key)
		var pm *plan.Measure
		if task := k.c.Plan.Task(t); task != nil {
			pm = task.Measure(m)
		}
		loc := finding.Finding{Task: t, Measure: m}
		switch {
		case pm == nil:
			k.addf(finding.ReviewPlanChanged, loc, "生成审核表后，任务清单中已没有任务%d措施%d：请重新生成审核表", t, m)
		case len(k.id.Sealed[key]) == 0 || sealOf(strings.TrimSpace(xlsx.SafeText(pm.Text))) != k.id.Sealed[key][0]:
			k.addf(finding.ReviewPlanChanged, loc, "生成审核表后，任务清单中任务%d措施%d的整改措施已修改：请重新生成审核表", t, m)
		}
	}
}

func (k *checker) rows(rows []scan.Row, header int) {
	want := map[string]bool{}
	for _, key := range k.id.Rows {
		want[key] = true
	}
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if r.Row <= header || blank(r) {
			continue
		}
		t, m, ok := numbers(r)
		key := plan.RowKey(t, m)
		if !ok || !want[key] {
			k.addf(finding.ReviewRowsChanged, finding.Finding{Sheet: SheetReview, Cell: xlsx.Cell(1, r.Row)},
				"不是审核表中的措施行（任务序号、措施序号为空或被改动）：请勿增加行或修改序号")
			continue
		}
		if prev, dup := seen[key]; dup {
			k.addf(finding.ReviewRowsChanged, finding.Finding{Sheet: SheetReview, Cell: xlsx.Cell(1, r.Row), Task: t, Measure: m},
				"与第%d行是同一条措施：请勿复制行，每条措施只填一行", prev)
			continue
		}
		seen[key] = r.Row
		k.row(r, t, m)
	}
	for _, key := range k.id.Rows {
		if _, ok := seen[key]; !ok {
			t, m, _ := plan.ParseRowKey(key)
			k.addf(finding.ReviewRowsChanged, finding.Finding{Task: t, Measure: m}, "任务%d措施%d的行被删除：请使用原审核表，不要删除行", t, m)
		}
	}
}

// blank reports whether a row has nothing in it (styled empty cells only).
func blank(r *scan.Row) bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Value) != "" || c.Formula != "" {
			return false
		}
	}
	return true
}

// numbers reads a row's task and measure numbers.
func numbers(r *scan.Row) (t, m int, ok bool) {
	num := func(col int) (int, bool) {
		c := r.Cell(col)
		if c == nil || c.Formula != "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(xlsx.Normalize(c.Value)), 64)
		if err != nil || f < 1 || f > 1e6 || f != math.Trunc(f) {
			return 0, false
		}
		return int(f), true
	}
	t, ok1 := num(col(ColTask))
	m, ok2 := num(col(ColMeasure))
	return t, m, ok1 && ok2
}

// row checks one measure's row: its reference cells, then the reviewer's.
func (k *checker) row(r *scan.Row, t, m int) {
	key := plan.RowKey(t, m)
	loc := func(h string) finding.Finding {
		return finding.Finding{Sheet: SheetReview, Cell: xlsx.Cell(col(h), r.Row), Task: t, Measure: m}
	}
	sealed := k.id.Sealed[key]
	for j, h := range Locked {
		c := r.Cell(col(h))
		v := ""
		if c != nil {
			v = intake.CellText(c.Value)
		}
		if (c != nil && c.Formula != "") || j >= len(sealed) || sealOf(v) != sealed[j] {
			k.addf(finding.ReviewLockedChanged, loc(h), "与生成审核表时不同：灰色的参考栏不能修改，请恢复原样或重新生成审核表")
		}
	}
	e := Entry{Row: r.Row, Task: t, Measure: m}
	formula := false
	text := func(h string) string {
		c := r.Cell(col(h))
		if c == nil {
			return ""
		}
		if c.Formula != "" {
			k.addf(finding.ReviewFormula, loc(h), "“%s”栏中是公式（=%s）：请直接填写", h, clip(intake.PrintableLine(c.Formula), 40))
			formula = true
			return ""
		}
		return strings.TrimSpace(intake.PrintableLine(intake.CellText(c.Value)))
	}
	opinion := text(ColOpinion)
	e.Doc, e.By = text(ColDoc), text(ColBy)
	dateText := text(ColDate)
	if formula {
		return
	}
	if dateText != "" {
		d, ok := readDate(r.Cell(col(ColDate)), k.sc.Date1904)
		if ok {
			e.Date = d
		}
	}
	switch norm(opinion) {
	case "":
		var filled []string
		for _, f := range [][2]string{{ColDoc, e.Doc}, {ColBy, e.By}, {ColDate, dateText}} {
			if f[1] != "" {
				filled = append(filled, "“"+f[0]+"”")
			}
		}
		if len(filled) > 0 {
			k.addf(finding.ReviewOpinionMissing, loc(ColOpinion), "审核意见为空，但填写了%s：按未审核处理；如同意销号，请选择“%s”",
				strings.Join(filled, "、"), Agree)
		}
		k.out.Unreviewed = append(k.out.Unreviewed, e)
	case Defer:
		e.Opinion = Defer
		k.out.Deferred = append(k.out.Deferred, e)
	case Agree:
		e.Opinion = Agree
		bad := false
		if e.Doc == "" {
			k.addf(finding.ReviewRequired, loc(ColDoc), "同意销号须填写文号（如“长整改办〔2022〕5号”）")
			bad = true
		}
		switch {
		case dateText == "":
			k.addf(finding.ReviewRequired, loc(ColDate), "同意销号须填写日期（审核或批准的日期，如 2022-09-05）")
			bad = true
		case e.Date.IsZero():
			k.addf(finding.ReviewDateInvalid, loc(ColDate), "日期“%s”不是日期：请填写如 2022-09-05", clip(dateText, 20))
			bad = true
		case !k.c.Today.IsZero() && e.Date.After(k.c.Today):
			k.addf(finding.ReviewDateFuture, loc(ColDate), "日期 %s 晚于今天（%s）：请填写实际审核的日期",
				e.Date.Format(time.DateOnly), k.c.Today.Format(time.DateOnly))
			bad = true
		}
		if !bad {
			k.out.Agreed = append(k.out.Agreed, e)
		}
	default:
		k.addf(finding.ReviewOpinionInvalid, loc(ColOpinion), "审核意见“%s”不是可选项：请从下拉列表中选择“%s”或“%s”", clip(opinion, 20), Agree, Defer)
	}
}

// readDate reads a date cell: a date serial (the cell typed as a date in a spreadsheet), or a
// date written as text (2022-09-05, 2022/9/5, 2022年9月5日…).
func readDate(c *scan.Cell, date1904 bool) (time.Time, bool) {
	if c == nil {
		return time.Time{}, false
	}
	return xlsx.ParseDate(c.Value, date1904)
}

// norm is the form in which an opinion is compared: full-width folded, spaces removed.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, xlsx.Normalize(s))
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Place says where a finding is, as the office finds it in the workbook: "第5行「文号」栏
// （任务3措施1）" — the row and the column's header, and the measure unless the message names
// it; "" for a finding about the whole file. The hidden sheet is never named.
func Place(f finding.Finding) string {
	var s string
	if c, r, ok := xlsx.ParseCell(f.Cell); ok && f.Sheet == SheetReview {
		s = "第" + strconv.Itoa(r) + "行"
		if c >= 1 && c <= len(Columns) {
			s += "「" + Columns[c-1] + "」栏"
		}
	}
	if f.Task > 0 {
		tm := fmt.Sprintf("任务%d措施%d", f.Task, f.Measure)
		if !strings.Contains(f.Message, tm) {
			if s == "" {
				s = tm
			} else {
				s += "（" + tm + "）"
			}
		}
	}
	return s
}

// Line is a finding as one line for the office: its place, then its message.
func Line(f finding.Finding) string {
	if p := Place(f); p != "" {
		return p + "：" + f.Message
	}
	return f.Message
}
