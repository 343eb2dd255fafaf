package scan_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"taizhang/internal/xlsx/scan"
)

// workbook is a one-sheet package with the given sheet and shared-strings XML, as a
// spreadsheet program may write it.
func workbook(t *testing.T, sheetXML, stringsXML string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := [][2]string{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetXML + `</sheetData></worksheet>`},
		{"xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + stringsXML + `</sst>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The cells of row 1 as read, by column.
func row1(t *testing.T, sheetXML, stringsXML string) map[int]string {
	t.Helper()
	sc, err := scan.Scan(workbook(t, sheetXML, stringsXML), scan.DefaultLimits, func(string) bool { return true }, nil)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	out := map[int]string{}
	for _, r := range sc.Rows["S"] {
		if r.Row == 1 {
			for _, c := range r.Cells {
				out[c.Col] = c.Value
			}
		}
	}
	return out
}

// A phonetic reading (rPh, the furigana Excel keeps for East Asian text) is not part of a
// cell's text, in inline strings as in shared strings.
func TestPhoneticRunsAreNotText(t *testing.T) {
	const strs = `<si><r><t>经发</t></r><r><t>局</t></r><rPh sb="0" eb="2"><t>ジンファ</t></rPh><phoneticPr fontId="1"/></si>`
	got := row1(t, `<row r="1">`+
		`<c r="A1" t="inlineStr"><is><r><t>经发</t></r><r><t>局</t></r><rPh sb="0" eb="2"><t>ジンファ</t></rPh></is></c>`+
		`<c r="B1" t="inlineStr"><is><t>住建局</t><rPh sb="0" eb="1"><t>ジュウ</t></rPh><phoneticPr fontId="1"/></is></c>`+
		`<c r="C1" t="s"><v>0</v></c>`+
		`</row>`, strs)
	for col, want := range map[int]string{1: "经发局", 2: "住建局", 3: "经发局"} {
		if got[col] != want {
			t.Errorf("column %d: %q, want %q", col, got[col], want)
		}
	}
}

// A shared-string cell without a value (<c t="s"/>, valid by the schema) is an empty cell, not
// a corrupt workbook.
func TestEmptySharedStringCell(t *testing.T) {
	got := row1(t, `<row r="1"><c r="A1" t="s"/><c r="B1" t="s"><v>0</v></c><c r="C1" t="s" s="0"></c></row>`, `<si><t>经发局</t></si>`)
	if got[1] != "" || got[2] != "经发局" || got[3] != "" {
		t.Errorf("cells %v", got)
	}
	// an index that is not a number is still corrupt
	_, err := scan.Scan(workbook(t, `<row r="1"><c r="A1" t="s"><v>x</v></c></row>`, `<si><t>a</t></si>`), scan.DefaultLimits, func(string) bool { return true }, nil)
	if err == nil {
		t.Error("a shared-string index that is not a number was accepted")
	}
}
