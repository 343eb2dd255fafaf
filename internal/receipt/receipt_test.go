package receipt_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
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
	b := receipt.Book(p, r, wb, nil)
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
		want := "F8CBAD"
		if fd.Severity != finding.Error {
			want = "FFE699"
		}
		if got := fillOf(t, f, receipt.SheetCopy, fd.Cell); got != want && !(want == "FFE699" && got == "F8CBAD") {
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

// A file that could not be read still gets a receipt: the verdict and why, no copy.
func TestReceiptOfUnreadableFile(t *testing.T) {
	_, p := demo(t)
	r := &store.Record{ID: 7, Source: "收件箱/坏文件.xlsx", Verdict: intake.Rejected, Errors: 1,
		Findings: finding.List{{Code: finding.Corrupt, Severity: finding.Error, Message: "文件已损坏，无法打开：请重新保存后再报送"}}}
	b := receipt.Book(p, r, nil, nil)
	defer b.Close()
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	if got := f.GetSheetList(); len(got) != 1 {
		t.Errorf("sheets %v, want only 回执", got)
	}
	head := text(t, f, receipt.SheetReceipt)
	for _, want := range []string{"未识别", "坏文件.xlsx", "文件已损坏"} {
		if !strings.Contains(head, want) {
			t.Errorf("回执 lacks %q:\n%s", want, head)
		}
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
