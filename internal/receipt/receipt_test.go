package receipt_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/samplegen"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

var (
	once  sync.Once
	ws    *store.Workspace
	wsP   *plan.Plan
	wsErr error
)

// demo is the demo workspace: both months of the sample story collected.
func demo(t *testing.T) (*store.Workspace, *plan.Plan) {
	t.Helper()
	once.Do(func() {
		dir, err := tempDir()
		if err != nil {
			wsErr = err
			return
		}
		ws, wsP, wsErr = samplegen.Workspace(filepath.Join(dir, "ws"))
	})
	if wsErr != nil {
		t.Fatal(wsErr)
	}
	return ws, wsP
}

// record finds a record of the story by unit and verdict, with findings on cells when asked.
func record(t *testing.T, w *store.Workspace, verdict string, cellFindings bool) *store.Record {
	t.Helper()
	recs, err := w.AllRecords()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Verdict != verdict || r.Unit == "" || r.DuplicateOf != 0 {
			continue
		}
		onCells := false
		for _, f := range r.Findings {
			if f.Sheet == template.SheetFill && f.Cell != "" {
				onCells = true
			}
		}
		if onCells == cellFindings {
			return r
		}
	}
	t.Fatalf("no %s record (findings on cells: %v) in the story", verdict, cellFindings)
	return nil
}

func build(t *testing.T, w *store.Workspace, p *plan.Plan, r *store.Record) ([]byte, *intake.Workbook) {
	t.Helper()
	data, err := w.Archived(r.Digest)
	if err != nil {
		t.Fatal(err)
	}
	wb, bad := intake.Read(data, scan.DefaultLimits, nil)
	if bad != nil {
		t.Fatal(bad.Message)
	}
	b := receipt.Book(p, receipt.Answer{Record: r, Workbook: wb})
	defer b.Close()
	out, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return out, wb
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func text(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteString("\n")
	}
	return b.String()
}

func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}

// A rejected return's receipt says so, lists every finding with its place, and shows the
// unit's own sheet with each problem cell coloured and commented.
func TestRejectedReceipt(t *testing.T) {
	w, p := demo(t)
	r := record(t, w, intake.Rejected, true)
	data, wb := build(t, w, p, r)
	f := open(t, data)
	if got := f.GetSheetList(); len(got) != 2 || got[0] != receipt.SheetReceipt || got[1] != receipt.SheetCopy {
		t.Fatalf("sheets %v", got)
	}
	head := text(t, f, receipt.SheetReceipt)
	for _, want := range []string{"进展填报回执", p.Title, r.Unit, "退回修改", "问题及修改要求"} {
		if !strings.Contains(head, want) {
			t.Errorf("回执 lacks %q:\n%s", want, head)
		}
	}
	for _, fd := range r.Findings {
		if !strings.Contains(head, fd.Message) {
			t.Errorf("回执 lacks the finding %q", fd.Message)
		}
	}
	merged, _ := f.GetMergeCells(receipt.SheetReceipt)
	if len(merged) == 0 {
		t.Error("回执 has no merged title")
	}
	// the copy holds the unit's cells at their places
	for _, row := range wb.Fill {
		for _, c := range row.Cells {
			if c.Formula != "" || c.Date || strings.TrimSpace(c.Value) == "" {
				continue
			}
			got, _ := f.GetCellValue(receipt.SheetCopy, xlsx.Cell(c.Col, row.Row))
			if got != c.Value {
				t.Fatalf("报送内容!%s = %q, want %q", xlsx.Cell(c.Col, row.Row), got, c.Value)
			}
		}
	}
	comments, err := f.GetComments(receipt.SheetCopy)
	if err != nil {
		t.Fatal(err)
	}
	byCell := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		for _, p := range c.Paragraph {
			b.WriteString(p.Text)
		}
		byCell[c.Cell] = b.String() + c.Text
	}
	checked := 0
	for _, fd := range r.Findings {
		if fd.Sheet != template.SheetFill || fd.Cell == "" {
			continue
		}
		checked++
		want := receipt.FillError
		if fd.Severity != finding.Error {
			want = receipt.FillWarning
		}
		if got := fillOf(t, f, receipt.SheetCopy, fd.Cell); got != want && !(want == receipt.FillWarning && got == receipt.FillError) {
			t.Errorf("报送内容!%s filled %q, want %q", fd.Cell, got, want)
		}
		if !strings.Contains(byCell[fd.Cell], fd.Message) {
			t.Errorf("报送内容!%s comment %q lacks %q", fd.Cell, byCell[fd.Cell], fd.Message)
		}
	}
	if checked == 0 {
		t.Fatal("no finding on a cell: the test checks nothing")
	}
}

// An accepted return without findings gets a short receipt saying so.
func TestAcceptedReceipt(t *testing.T) {
	w, p := demo(t)
	r := record(t, w, intake.Accepted, false)
	data, _ := build(t, w, p, r)
	f := open(t, data)
	head := text(t, f, receipt.SheetReceipt)
	for _, want := range []string{"已接收", r.Unit} {
		if !strings.Contains(head, want) {
			t.Errorf("回执 lacks %q:\n%s", want, head)
		}
	}
	if len(r.Findings) == 0 && !strings.Contains(head, "没有发现问题") {
		t.Errorf("回执 of a clean return:\n%s", head)
	}
}

// An input that could not be told as any unit's return gets no receipt: the office sees it in
// status.
func TestNoReceiptForUnidentified(t *testing.T) {
	w, p := demo(t)
	r := &store.Record{ID: 7, Source: "收件箱/坏文件.xlsx", Verdict: intake.Rejected, Errors: 1, Collected: period.MustParse("2022-08"),
		Findings: finding.List{{Code: finding.Corrupt, Severity: finding.Error, Message: "文件已损坏，无法打开：请重新保存后再报送"}}}
	written, err := receipt.WriteAll(context.Background(), w, p, []*store.Record{r}, 1, nil)
	if err != nil || len(written) != 0 {
		t.Errorf("receipts for an unidentified input: %v %v", written, err)
	}
}

// The same record gives the same bytes.
func TestReceiptIsDeterministic(t *testing.T) {
	w, p := demo(t)
	r := record(t, w, intake.Rejected, true)
	a, _ := build(t, w, p, r)
	b, _ := build(t, w, p, r)
	if !bytes.Equal(a, b) {
		t.Error("two builds of one receipt differ")
	}
}

var update = flag.Bool("update", false, "rewrite the golden receipts in testdata")

// The text receipts of the story, as a unit clerk reads them, against golden files: a
// returned one, a clean one, a late one, last month's file sent again.
func TestGoldenTexts(t *testing.T) {
	w, p := demo(t)
	recs, err := w.AllRecords()
	if err != nil {
		t.Fatal(err)
	}
	pick := map[string]func(r *store.Record) bool{
		"returned": func(r *store.Record) bool {
			return r.Unit == "住建局" && r.Verdict == intake.Rejected && r.Period.String() == "2022-07"
		},
		"late": func(r *store.Record) bool { return r.Accepted() && r.Late() },
		"wrong-period": func(r *store.Record) bool {
			return r.Unit == "经发局" && r.Collected.String() == "2022-08" && !r.Accepted()
		},
		"clean": func(r *store.Record) bool { return r.Accepted() && len(r.Findings) == 0 },
	}
	for name, want := range pick {
		t.Run(name, func(t *testing.T) {
			var r *store.Record
			for _, x := range recs {
				if want(x) {
					r = x
					break
				}
			}
			if r == nil {
				t.Fatalf("no %s record in the story", name)
			}
			_, wb := build(t, w, p, r)
			ev, _ := w.EvidenceOf([]int64{r.ID})
			got := receipt.Text(p, receipt.Answer{Record: r, Workbook: wb, Evidence: ev[r.ID]})
			path := filepath.Join("testdata", name+".txt")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/receipt -update to write it)", err)
			}
			if got != string(golden) {
				t.Errorf("receipt differs from %s:\n%s", path, got)
			}
		})
	}
}

// Every receipt of the story speaks the clerk's language: no office folders, no hidden sheet,
// no cell references, no record numbers, the period of the collection it answers, a date to
// send again by when returned, and the office's name at the end.
func TestReceiptsForClerks(t *testing.T) {
	w, p := demo(t)
	recs, _ := w.AllRecords()
	checked := 0
	for _, r := range recs {
		if !receipt.Wanted(r) {
			continue
		}
		_, wb := build(t, w, p, r)
		text := receipt.Text(p, receipt.Answer{Record: r, Workbook: wb})
		checked++
		for _, bad := range []string{w.Dir, "/tmp", template.SheetIdentity, template.SheetFill + "!", "记录", "#"} {
			if strings.Contains(text, bad) {
				t.Errorf("record %d: receipt has %q:\n%s", r.ID, bad, text)
			}
		}
		if !strings.Contains(text, "期次："+receipt.Period(r).Label()) {
			t.Errorf("record %d: receipt does not name the period %s", r.ID, receipt.Period(r).Label())
		}
		if !r.Accepted() && !strings.Contains(text, "前重新报送") {
			t.Errorf("record %d: returned, with no date to send again by", r.ID)
		}
		if !strings.HasSuffix(strings.TrimSpace(text), "电话："+p.Settings.Phone) || !strings.Contains(text, p.Settings.Office) {
			t.Errorf("record %d: no 落款", r.ID)
		}
		for _, f := range r.Findings {
			if f.Sheet == template.SheetFill && f.Cell != "" && !regexp.MustCompile(`第\d+行`).MatchString(text) {
				t.Errorf("record %d: a finding on a cell without its row", r.ID)
			}
		}
	}
	if checked < 30 {
		t.Errorf("%d receipts checked", checked)
	}
}

// A unit's receipts of one collection are named for the unit and the period, the second one
// numbered, the same names each time they are written.
func TestReceiptNames(t *testing.T) {
	w, p := demo(t)
	recs, _ := w.Records(period.MustParse("2022-08"))
	var jfj []*store.Record
	for _, r := range recs {
		if r.Unit == "经发局" && receipt.Wanted(r) {
			jfj = append(jfj, r)
		}
	}
	if len(jfj) != 2 {
		t.Fatalf("经发局 has %d receipts in August, want 2", len(jfj))
	}
	var names []string
	for round := 0; round < 2; round++ {
		written, err := receipt.WriteAll(context.Background(), w, p, jfj, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, wr := range written {
			got = append(got, filepath.Base(wr.Workbook))
		}
		if round == 0 {
			names = got
		} else if strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("written again: %v, first %v", got, names)
		}
	}
	if strings.Join(names, ",") != "经发局-2022年8月回执.xlsx,经发局-2022年8月回执（2）.xlsx" {
		t.Errorf("names %v", names)
	}
}

// The copy of the return is laid out as the unit's template: its widths, the title merged
// across, the header coloured, locked and input columns as in the template.
func TestCopyKeepsTheTemplatesLayout(t *testing.T) {
	w, p := demo(t)
	r := record(t, w, intake.Rejected, true)
	data, _ := build(t, w, p, r)
	f := open(t, data)
	merged, _ := f.GetMergeCells(receipt.SheetCopy)
	title := false
	for _, m := range merged {
		if m.GetStartAxis() == "A1" && m.GetEndAxis() != "A1" {
			title = true
		}
	}
	if !title {
		t.Errorf("the title is not merged across: %v", merged)
	}
	rows, _ := f.GetRows(receipt.SheetCopy)
	header := 0
	for i, row := range rows {
		for _, v := range row {
			if v == template.ColStatus {
				header = i + 1
			}
		}
		if header > 0 {
			break
		}
	}
	if header == 0 {
		t.Fatal("no header in the copy")
	}
	for i, h := range rows[header-1] {
		col := i + 1
		if width, _ := f.GetColWidth(receipt.SheetCopy, xlsx.ColName(col)); width != template.ColumnWidth(h) {
			t.Errorf("column %s (%s) width %v, want %v", xlsx.ColName(col), h, width, template.ColumnWidth(h))
		}
		fill := fillOf(t, f, receipt.SheetCopy, xlsx.Cell(col, header))
		if fill != "BDD7EE" && fill != "FFE699" {
			t.Errorf("header %s fill %q", h, fill)
		}
	}
	// a locked cell of the first data row is grey, unless a finding marks it
	if got := fillOf(t, f, receipt.SheetCopy, xlsx.Cell(3, header+1)); got != "EDEDED" && got != receipt.FillError && got != receipt.FillWarning {
		t.Errorf("locked cell C%d fill %q", header+1, got)
	}
}
