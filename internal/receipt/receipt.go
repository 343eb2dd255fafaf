// Package receipt writes the receipts (回执) the office mails back to units: for every return,
// a workbook with the verdict and the findings in plain Chinese, and a copy of the unit's own
// sheet with each problem cell highlighted and commented; and a short text version. A receipt
// is built only from the return it answers, so it never holds another unit's data.
//
// It imports store, intake, plan, period, template, xlsx and xlsx/scan (see internal/pipeline).
package receipt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"taizhang/internal/atomicfile"
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

// Written names the files of one receipt.
type Written struct {
	Record   *store.Record
	Workbook string
	Text     string
}

// Folder is where receipts of a record go: those of the collecting run's period (else of the
// template's), or of inputs whose period is not known.
func Folder(w *store.Workspace, r *store.Record) string {
	p := r.Collected
	if p.IsZero() {
		p = r.Period
	}
	return w.Layout().Receipts(p)
}

// baseName is the receipt's file name without extension: the unit (or the received file's name
// when the unit is unknown) and the record number, made safe for the file system.
func baseName(r *store.Record) string {
	who := r.Unit
	if who == "" {
		who = "未识别-" + strings.TrimSuffix(filepath.Base(sourceName(r)), filepath.Ext(sourceName(r)))
	}
	return template.FileName(fmt.Sprintf("%s-回执-%d", who, r.ID))
}

func sourceName(r *store.Record) string {
	if r.Attachment != "" {
		return r.Attachment
	}
	s := r.Source
	if i := strings.LastIndex(s, "#"); i > 0 {
		s = s[:i]
	}
	return s
}

// Write makes the receipt of one record and notes it on the record.
func Write(w *store.Workspace, p *plan.Plan, r *store.Record) (*Written, error) {
	out, err := make1(w, p, r)
	if err != nil {
		return nil, err
	}
	return out, w.SetReceipt(r.ID, out.Workbook)
}

// Pending are the records of a period that want a receipt: those without one yet, or all
// with all; duplicates of accepted returns never get one (the first copy's answers them).
// units, when not empty, limits them to those units.
func Pending(w *store.Workspace, per period.Period, units []string, all bool) ([]*store.Record, error) {
	records, err := w.Records(per)
	if err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, u := range units {
		only[u] = true
	}
	var todo []*store.Record
	for _, r := range records {
		if (r.DuplicateOf != 0 && r.Accepted()) || (!all && r.Receipt != "") || (len(only) > 0 && !only[r.Unit]) {
			continue
		}
		todo = append(todo, r)
	}
	return todo, nil
}

// Records reads the records with the ids, in order.
func Records(w *store.Workspace, ids []int64) ([]*store.Record, error) {
	recs := make([]*store.Record, 0, len(ids))
	for _, id := range ids {
		r, err := w.Record(id)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", id, err)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// Union is the records of a followed by those of b that a does not have.
func Union(a, b []*store.Record) []*store.Record {
	have := map[int64]bool{}
	for _, r := range a {
		have[r.ID] = true
	}
	out := append([]*store.Record(nil), a...)
	for _, r := range b {
		if !have[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// WriteAll makes the receipts of many records in parallel and notes them in one transaction.
// When ctx ends, no further receipt is begun; those already written are noted and returned
// with ctx's error.
func WriteAll(ctx context.Context, w *store.Workspace, p *plan.Plan, recs []*store.Record, workers int) ([]*Written, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]*Written, len(recs))
	errs := make([]error, len(recs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = make1(w, p, recs[i])
			}
		}()
	}
	interrupted := false
feed:
	for i := range recs {
		select {
		case jobs <- i:
		case <-ctx.Done():
			interrupted = true
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	done := map[int64]string{}
	var first error
	var written []*Written
	for i, wr := range out {
		if errs[i] != nil {
			if first == nil {
				first = errs[i]
			}
			continue
		}
		if wr == nil {
			continue // not begun: interrupted
		}
		done[wr.Record.ID] = wr.Workbook
		written = append(written, wr)
	}
	if first == nil && interrupted {
		first = ctx.Err()
	}
	if err := w.SetReceipts(done); err != nil && first == nil {
		first = err
	}
	return written, first
}

// make1 builds and writes one record's receipt files.
func make1(w *store.Workspace, p *plan.Plan, r *store.Record) (*Written, error) {
	dir := Folder(w, r)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Join(dir, baseName(r))
	var wb *intake.Workbook
	if r.Digest != "" {
		if data, err := w.Archived(r.Digest); err == nil {
			wb, _ = intake.Read(data, scan.DefaultLimits, nil)
		}
	}
	b := Book(p, r, wb)
	defer b.Close()
	out := &Written{Record: r, Workbook: base + ".xlsx", Text: base + ".txt"}
	if err := b.Save(out.Workbook); err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(out.Text, 0o644, []byte(Text(p, r))); err != nil {
		return nil, err
	}
	return out, nil
}

// VerdictLabel is the verdict in the office's words.
func VerdictLabel(v string) string {
	if v == intake.Accepted {
		return "已接收"
	}
	return "退回修改"
}

func periodLine(r *store.Record) string {
	if r.Period.IsZero() {
		return "未识别"
	}
	s := r.Period.Label()
	if t, err := time.Parse(time.DateOnly, r.AsOf); err == nil {
		s += "（截至" + period.DateLabel(t) + "）"
	}
	return s
}

func unitLine(r *store.Record) string {
	if r.Unit == "" {
		return "未识别（不是本办公室下发的模板，或无法读取）"
	}
	return r.Unit
}

func receivedLine(r *store.Record) string {
	s := sourceName(r) + "，" + r.ReceivedAt.Local().Format("2006年1月2日 15:04") + " 收到"
	if r.Sender != "" {
		s += "，发件人 " + r.Sender
	}
	return intake.PrintableLine(s) // names from outside, and records made before intake cleaned them
}

// Text is the short text version of a receipt, for the body of an e-mail.
func Text(p *plan.Plan, r *store.Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n进展填报回执\n\n", p.Title)
	fmt.Fprintf(&b, "报送单位：%s\n期次：%s\n文件：%s\n", unitLine(r), periodLine(r), receivedLine(r))
	fmt.Fprintf(&b, "结论：%s（错误 %d 条，提醒 %d 条）\n\n", VerdictLabel(r.Verdict), r.Errors, r.Warnings)
	if r.Verdict == intake.Accepted {
		b.WriteString("报送已接收，感谢配合。")
		if r.Warnings > 0 {
			b.WriteString("以下提醒请核实，如有需要请在下期填报中更正：")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("报送未被接收，请按以下问题在原模板中修改后重新报送：\n")
	}
	for i, f := range r.Findings {
		fmt.Fprintf(&b, "%d. [%s] %s%s\n", i+1, f.Severity.Label(), where(f), f.Message)
	}
	if office := p.Settings.Office; office != "" {
		fmt.Fprintf(&b, "\n%s", office)
		if p.Settings.Contact != "" || p.Settings.Phone != "" {
			fmt.Fprintf(&b, "  联系人：%s  电话：%s", p.Settings.Contact, p.Settings.Phone)
		}
		b.WriteString("\n")
	}
	return intake.Printable(b.String())
}

func where(f finding.Finding) string {
	var parts []string
	if w := f.Where(); w != "" {
		parts = append(parts, w)
	}
	if f.Task > 0 {
		s := fmt.Sprintf("任务%d", f.Task)
		if f.Measure > 0 {
			s += fmt.Sprintf("措施%d", f.Measure)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ") + "："
}

var (
	stTitle   = xlsx.Style{Bold: true, Size: 16, HAlign: "center", Font: "黑体"}
	stLabel   = xlsx.Style{Bold: true, VAlign: "top", Border: true, Fill: "DDEBF7"}
	stValue   = xlsx.Style{Wrap: true, VAlign: "top", Border: true}
	stHead    = xlsx.Style{Bold: true, HAlign: "center", Border: true, Fill: "BDD7EE", Wrap: true}
	stError   = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "F8CBAD"}
	stWarning = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Fill: "FFE699"}
	stCell    = xlsx.Style{Wrap: true, VAlign: "top", Border: true, Size: 10}
)

// Book builds the receipt workbook; wb is the return as read (nil when it could not be read).
// Both sheets are streamed: a receipt is small, but thousands are written at once.
func Book(p *plan.Plan, r *store.Record, wb *intake.Workbook) *xlsx.Book {
	b := xlsx.NewBook()
	b.SetProps(p.Title+" 进展填报回执 "+r.Unit, p.Settings.Office)
	b.Sheet(SheetReceipt).PrintSetup(xlsx.Print{FitWidth: true, Margins: true})
	copied := wb != nil && wb.HasFill
	if copied {
		b.Sheet(SheetCopy).PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, Margins: true})
	}
	receiptSheet(b.Stream(SheetReceipt), p, r)
	if copied {
		copySheet(b, b.Stream(SheetCopy), wb, r.Findings)
	}
	return b
}

func receiptSheet(s *xlsx.Stream, p *plan.Plan, r *store.Record) {
	for i, w := range []float64{8, 16, 14, 72} {
		s.ColWidth(i+1, w)
	}
	s.Row(34, xlsx.Value{V: "进展填报回执", S: stTitle})
	s.Merge(1, 1, 4, 1)
	info := [][2]string{
		{"整改方案", p.Title}, {"报送单位", unitLine(r)}, {"期次", periodLine(r)}, {"文件", receivedLine(r)},
		{"结论", fmt.Sprintf("%s（错误 %d 条，提醒 %d 条）", VerdictLabel(r.Verdict), r.Errors, r.Warnings)},
	}
	for _, kv := range info {
		st := stValue
		if kv[0] == "结论" {
			st.Bold = true
			if r.Verdict != intake.Accepted {
				st.Color = "C00000"
			}
		}
		row := s.NextRow()
		s.Row(xlsx.FitHeight(20, 11, xlsx.WidthText{Text: kv[1], Width: 86}),
			xlsx.Value{V: kv[0], S: stLabel}, xlsx.Value{}, xlsx.Value{V: kv[1], S: st})
		s.Merge(1, row, 2, row)
		s.Merge(3, row, 4, row)
	}
	note := "报送已接收。"
	if r.Verdict != intake.Accepted {
		note = "报送未被接收：请在原模板中按下列问题修改后重新报送。问题单元格在“报送内容”表中以红色（错误）或黄色（提醒）标出，指向单元格可看到说明。"
	} else if r.Warnings > 0 {
		note = "报送已接收。下列提醒请核实，如有需要请在下期填报中更正。"
	}
	row := s.NextRow() + 1
	s.RowAt(row, xlsx.FitHeight(20, 11, xlsx.WidthText{Text: note, Width: 100}), xlsx.Value{V: note, S: xlsx.Style{Wrap: true, Bold: true}})
	s.Merge(1, row, 4, row)
	head := make([]xlsx.Value, 4)
	for i, h := range []string{"序号", "类别", "位置", "问题及修改要求"} {
		head[i] = xlsx.Value{V: h, S: stHead}
	}
	s.RowAt(row+2, 0, head...)
	for i, f := range r.Findings {
		st := stWarning
		if f.Severity == finding.Error {
			st = stError
		}
		loc := f.Where()
		if f.Task > 0 {
			loc += fmt.Sprintf("\n任务%d", f.Task)
			if f.Measure > 0 {
				loc += fmt.Sprintf("措施%d", f.Measure)
			}
		}
		s.Row(xlsx.FitHeight(20, 11, xlsx.WidthText{Text: f.Message, Width: 72}, xlsx.WidthText{Text: loc, Width: 14}),
			xlsx.Value{V: i + 1, S: xlsx.Style{HAlign: "center", VAlign: "top", Border: true}}, xlsx.Value{V: f.Severity.Label(), S: st},
			xlsx.Value{V: strings.TrimSpace(loc), S: stValue}, xlsx.Value{V: f.Message, S: stValue})
	}
	if len(r.Findings) == 0 {
		row := s.NextRow()
		s.Row(0, xlsx.Value{V: "没有发现问题。", S: stValue})
		s.Merge(1, row, 4, row)
	}
	s.Flush()
}

// copySheet writes the return's own 进展填报 cells at the same places, as text (a formula is
// shown as its text, never as a formula), and marks each cell that has findings.
func copySheet(b *xlsx.Book, s *xlsx.Stream, wb *intake.Workbook, fs finding.List) {
	widths := []float64{6, 6, 22, 46, 7, 14, 11, 36, 12, 20, 22, 22}
	for i, w := range widths {
		s.ColWidth(i+1, w)
	}
	byCell := map[string][]finding.Finding{}
	for _, f := range fs {
		if f.Sheet == template.SheetFill && f.Cell != "" {
			byCell[f.Cell] = append(byCell[f.Cell], f)
		}
	}
	header := 0
	for _, row := range wb.Fill {
		for _, c := range row.Cells {
			if strings.TrimSpace(c.Value) == template.ColStatus {
				header = row.Row
			}
		}
		if header > 0 {
			break
		}
	}
	// the cells by row and column: a file may hold its rows and cells in any order, and a
	// finding may point at a cell the file does not have
	const maxRow, maxCol = 2000, 60
	grid := map[int]map[int]xlsx.Value{}
	put := func(col, row int, v xlsx.Value) {
		if grid[row] == nil {
			grid[row] = map[int]xlsx.Value{}
		}
		grid[row][col] = v
	}
	heights := map[int][]xlsx.WidthText{}
	for _, row := range wb.Fill {
		if row.Row > maxRow {
			continue
		}
		for _, c := range row.Cells {
			if c.Col > maxCol {
				continue
			}
			text := cellText(c, wb.Date1904)
			if row.Row < header {
				// the title lines: one line across the sheet, as in the template
				put(c.Col, row.Row, xlsx.Value{V: text, S: xlsx.Style{Bold: true, Size: 12}})
				continue
			}
			put(c.Col, row.Row, xlsx.Value{V: text, S: markStyle(byCell[xlsx.Cell(c.Col, row.Row)])})
			if c.Col <= len(widths) {
				heights[row.Row] = append(heights[row.Row], xlsx.WidthText{Text: text, Width: widths[c.Col-1]})
			}
		}
		if row.Row >= header && heights[row.Row] == nil {
			heights[row.Row] = []xlsx.WidthText{}
		}
	}
	refs := make([]string, 0, len(byCell))
	for ref := range byCell {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	for _, ref := range refs {
		list := byCell[ref]
		col, row, ok := parseRef(ref)
		if !ok || row > maxRow || col > maxCol {
			continue
		}
		if _, has := grid[row][col]; !has {
			put(col, row, xlsx.Value{S: markStyle(list)})
		}
		var msgs []string
		for _, f := range list {
			msgs = append(msgs, "["+f.Severity.Label()+"] "+f.Message)
		}
		b.Sheet(SheetCopy).Comment(col, row, "领导小组办公室", strings.Join(msgs, "\n"))
	}
	rows := make([]int, 0, len(grid))
	for r := range grid {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	for _, r := range rows {
		cols := grid[r]
		last := 0
		for c := range cols {
			last = max(last, c)
		}
		cells := make([]xlsx.Value, last)
		for c, v := range cols {
			cells[c-1] = v
		}
		h := 0.0
		if ws, ok := heights[r]; ok {
			h = xlsx.FitHeight(18, 10, ws...)
		}
		s.RowAt(r, h, cells...)
	}
	s.Flush()
}

// cellText shows a cell as the unit saw it: a formula as its text, a date as a date.
func cellText(c scan.Cell, date1904 bool) string {
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

func markStyle(list []finding.Finding) xlsx.Style {
	if len(list) == 0 {
		return stCell
	}
	st := stCell
	st.Fill = "FFE699"
	for _, f := range list {
		if f.Severity == finding.Error {
			st.Fill = "F8CBAD"
		}
	}
	return st
}

func parseRef(ref string) (col, row int, ok bool) {
	i := strings.IndexAny(ref, "0123456789")
	if i <= 0 {
		return 0, 0, false
	}
	for _, c := range ref[:i] {
		if c < 'A' || c > 'Z' {
			return 0, 0, false
		}
		col = col*26 + int(c-'A'+1)
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
	return col, row, col > 0 && row > 0
}
