package review_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/plan"
	"taizhang/internal/review"
	"taizhang/internal/store"
	"taizhang/internal/xlsx"
)

// emptySeal is the seal of an empty locked cell (the first 12 hex digits of SHA-256 of "").
const emptySeal = "e3b0c44298fc"

// inline is a row of inline-string cells, from column A.
func inline(row int, values ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, row)
	for i, v := range values {
		if v != "" {
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, xlsx.Cell(i+1, row), html.EscapeString(v))
		}
	}
	b.WriteString(`</row>`)
	return b.String()
}

// FuzzCheck feeds a review workbook whose measure rows and identity the fuzzer writes: no
// panic, no hang, a finding for whatever is refused. The fuzzed inputs are small (the rows of
// the two sheets' sheetData, as XML), the rest of the package is fixed, stored without
// compression: the fuzzer explores instead of minimizing a whole workbook.
func FuzzCheck(f *testing.F) {
	data, err := os.ReadFile("../../samples/任务清单.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		f.Fatal(err)
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	// the fixed package: two sheets, the review sheet first
	b := xlsx.NewBook()
	b.Sheet(review.SheetReview).Text(1, 1, "x", xlsx.Style{})
	b.Sheet(review.SheetIdentity).Text(1, 1, "x", xlsx.Style{})
	pkg, err := b.Bytes()
	b.Close()
	if err != nil {
		f.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		f.Fatal(err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		parts[zf.Name] = string(body)
	}
	split := func(name string) (string, string) {
		s := parts[name]
		i, j := strings.Index(s, "<sheetData>"), strings.Index(s, "</sheetData>")
		if i < 0 || j < i {
			f.Fatalf("%s has no sheetData", name)
		}
		return s[:i+len("<sheetData>")], s[j:]
	}
	reviewHead, reviewTail := split("xl/worksheets/sheet1.xml")
	idHead, idTail := split("xl/worksheets/sheet2.xml")
	join := func(reviewRows, idRows []byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range parts {
			switch name {
			case "xl/worksheets/sheet1.xml":
				body = reviewHead + string(reviewRows) + reviewTail
			case "xl/worksheets/sheet2.xml":
				body = idHead + string(idRows) + idTail
			}
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
			io.WriteString(w, body)
		}
		zw.Close()
		return buf.Bytes()
	}

	// seeds: a signed identity of one row (3.1, its locked cells empty) and rows filled well
	// and badly
	id := review.Identity{Version: review.Version, Workspace: "ws1", Period: "2022-08", AsOf: "2022-08-31", Plan: plan.Fingerprint(pf.Plan),
		Rows: []string{"3.1"}, Sealed: map[string][]string{"3.1": {emptySeal, emptySeal, emptySeal, emptySeal, emptySeal, emptySeal}}}
	id.Sign(key)
	var idRows strings.Builder
	for i, kv := range id.Cells() {
		idRows.WriteString(inline(i+1, kv[0], kv[1]))
	}
	header := inline(review.HeaderRow, review.Columns...)
	good := header + `<row r="5"><c r="A5"><v>3</v></c><c r="B5"><v>1</v></c>` +
		`<c r="I5" t="inlineStr"><is><t>同意销号</t></is></c><c r="J5" t="inlineStr"><is><t>长整改办〔2022〕5号</t></is></c><c r="L5"><v>44809</v></c></row>`
	f.Add([]byte(good), []byte(idRows.String()))
	f.Add([]byte(header+inline(5, "3", "1", "改了", "", "", "", "", "", "同意", "", "", "明天")+inline(6, "3", "1")), []byte(idRows.String()))
	f.Add([]byte(header+`<row r="5"><c r="A5"><f>ROW()</f><v>3</v></c><c r="J5" t="str"><f>HYPERLINK("x")</f></c></row>`), []byte(idRows.String()))
	f.Add([]byte(good), []byte(inline(1, "kind", "review")+inline(2, "signature", "00")))
	c := review.Context{Workspace: "ws1", Key: key, Plan: pf.Plan, Today: time.Date(2022, 9, 6, 0, 0, 0, 0, time.UTC)}
	if out := review.Check(join([]byte(good), []byte(idRows.String())), c); len(out.Findings) != 0 || len(out.Agreed) != 1 {
		f.Fatalf("the good seed: findings %v, agreed %d", out.Findings, len(out.Agreed))
	}
	f.Fuzz(func(t *testing.T, reviewRows, idRows []byte) {
		out := review.Check(join(reviewRows, idRows), c)
		if out == nil {
			t.Fatal("no outcome")
		}
		if out.Identity == nil && len(out.Findings) == 0 {
			t.Fatal("refused without a finding")
		}
		for _, fd := range out.Findings {
			if !fd.Code.Known() || fd.Message == "" || fd.Severity != fd.Code.Severity() {
				t.Fatalf("finding %+v", fd)
			}
		}
		if len(out.Agreed) > 0 && (out.Identity == nil || out.Findings.HasErrors()) {
			t.Fatalf("agreed rows with errors or no identity: %v", out.Findings)
		}
	})
}

// Check of bytes that are no workbook at all: a finding, never a panic.
func TestCheckGarbage(t *testing.T) {
	c := review.Context{Workspace: "ws1", Key: []byte("k")}
	for _, data := range [][]byte{nil, []byte("PK\x03\x04"), []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), bytes.Repeat([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 3),
		make([]byte, review.MaxBytes+1)} {
		out := review.Check(data, c)
		if out.Identity != nil || len(out.Findings) != 1 || out.Findings[0].Code != finding.ReviewUnreadable {
			t.Errorf("%.8q: %v", data, out.Findings)
		}
	}
}
