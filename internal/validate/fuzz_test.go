package validate_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"taizhang/internal/intake"
	"taizhang/internal/validate"
)

// parts splits a workbook into its parts.
func parts(t testing.TB, data []byte) map[string][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

func join(ps map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range ps {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzCheck feeds a real return whose fill sheet and shared strings the fuzzer rewrites: no
// panic, no hang, and every result has a verdict.
func FuzzCheck(f *testing.F) {
	good := build(f, "保护中心", nil)
	ps := parts(f, good)
	var sheet, strs string
	for name := range ps {
		if strings.HasPrefix(name, "xl/worksheets/sheet2") {
			sheet = name
		}
		if name == "xl/sharedStrings.xml" {
			strs = name
		}
	}
	f.Add(ps[sheet], ps[strs])
	f.Add([]byte(`<worksheet><sheetData><row r="3"><c r="G3" t="inlineStr"><is><t>完成状态</t></is></c></row></sheetData></worksheet>`), ps[strs])
	ctx := context(f)
	f.Fuzz(func(t *testing.T, sheetXML, stringsXML []byte) {
		q := map[string][]byte{}
		for k, v := range ps {
			q[k] = v
		}
		q[sheet], q[strs] = sheetXML, stringsXML
		r := validate.Check(&intake.Input{Path: "fuzz.xlsx", Data: join(q)}, ctx)
		if r.Verdict != intake.Accepted && r.Verdict != intake.Rejected {
			t.Fatalf("verdict %q", r.Verdict)
		}
		for _, fd := range r.Findings {
			if fd.Code == "" || fd.Message == "" {
				t.Fatalf("finding without code or message: %+v", fd)
			}
		}
	})
}
