package intake

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"taizhang/internal/finding"
	"taizhang/internal/xlsx/scan"
)

// zipOf builds a zip with the named parts.
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

// bomb is a tiny workbook whose sheet inflates to size bytes.
func bomb(t testing.TB, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="进展填报" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	} {
		w, _ := zw.Create(p[0])
		w.Write([]byte(p[1]))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`))
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte(`</t></is></c></row></sheetData></worksheet>`))
	zw.Close()
	return buf.Bytes()
}

func ole(extra []byte) []byte {
	data := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	return append(data, extra...)
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		code finding.Code
		hint string
	}{
		{"empty", nil, finding.Corrupt, "空"},
		{"legacy xls", ole([]byte("Workbook")), finding.NotXLSX, "另存为 .xlsx"},
		{"encrypted", ole(utf16le("EncryptionInfo")), finding.Encrypted, "密码"},
		{"pdf", []byte("%PDF-1.7\n..."), finding.NotXLSX, "PDF"},
		{"csv", []byte("任务序号,措施序号,完成状态\n3,1,已完成\n"), finding.NotXLSX, ".csv"},
		{"gbk csv", []byte{0xc8, 0xce, 0xce, 0xf1, ',', '1', '\n'}, finding.NotXLSX, ".csv"},
		{"html xls", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), finding.NotXLSX, "网页"},
		{"docx", zipOf(t, map[string]string{"word/document.xml": "<w:document/>", "[Content_Types].xml": "<Types/>"}), finding.NotXLSX, "Word"},
		{"zip", zipOf(t, map[string]string{"a.txt": "x"}), finding.NotXLSX, "压缩包"},
		{"truncated", zipOf(t, map[string]string{"xl/workbook.xml": strings.Repeat("x", 5000)})[:100], finding.Corrupt, "损坏"},
		{"binary", []byte{1, 2, 3, 0, 0, 5, 6}, finding.NotXLSX, "无法识别"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wb, f := Read(c.data, scan.DefaultLimits, nil)
			if f == nil || wb != nil {
				t.Fatalf("got workbook %v finding %v", wb, f)
			}
			if f.Code != c.code || !strings.Contains(f.Message, c.hint) || f.Severity != finding.Code.Severity(c.code) {
				t.Errorf("got %s %q", f.Code, f.Message)
			}
		})
	}
}

func TestZipBombRefusedQuickly(t *testing.T) {
	data := bomb(t, 200<<20)
	if len(data) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(data))
	}
	_, f := Read(data, scan.DefaultLimits, nil)
	if f == nil || f.Code != finding.TooLarge {
		t.Fatalf("got %v", f)
	}
	// refused on the sizes the zip declares, before anything is inflated
	if !strings.Contains(f.Message, "is 2") {
		t.Errorf("not refused on the declared size: %q", f.Message)
	}
}

func TestHugeCell(t *testing.T) {
	_, f := Read(bomb(t, 1<<20), scan.DefaultLimits, nil)
	if f == nil || f.Code != finding.TooLarge {
		t.Fatalf("1 MB in a cell: got %v", f)
	}
}

func TestNotTemplateWorkbookReads(t *testing.T) {
	wb, f := Read(bomb(t, 0), scan.DefaultLimits, nil)
	if f != nil {
		t.Fatalf("finding %v", f)
	}
	if wb.HasIdentity || !wb.HasFill {
		t.Errorf("identity %v fill %v", wb.HasIdentity, wb.HasFill)
	}
}
