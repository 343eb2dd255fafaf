package validate_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"taizhang/internal/intake"
	"taizhang/internal/validate"
	"taizhang/internal/xlsx/scan"
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

// join packs parts into a workbook, stored without compression: the reader takes both, and
// deflating every part again was most of the cost of one fuzzing execution.
func join(ps map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range ps {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzCheck feeds a real return whose measure rows and extra shared strings the fuzzer writes:
// no panic, no hang, and every result has a verdict. The fuzzed inputs are small (a row, a few
// strings) and the rest of the return is fixed, read once: the fuzzer minimizes every input
// that finds new coverage, and on the whole fill sheet and string table (which the target
// fuzzed before) one minimization took longer than a fuzzing run — 11 executions in 91 s.
func FuzzCheck(f *testing.F) {
	ps := parts(f, build(f, "融媒体中心", nil))
	var sheet string
	for name, b := range ps {
		if strings.HasPrefix(name, "xl/worksheets/") && bytes.Contains(b, []byte(`<row r="4"`)) {
			sheet = name
		}
	}
	// the fill sheet around its measure row (row 4): the header above, the footer below
	fill := string(ps[sheet])
	i, j := strings.Index(fill, `<row r="4"`), strings.Index(fill, `<row r="6"`)
	if sheet == "" || i < 0 || j < i {
		f.Fatal("the fill sheet has no measure row 4 and footer from row 6")
	}
	head, row, tail := fill[:i], fill[i:j], fill[j:]
	sst := strings.TrimSuffix(string(ps["xl/sharedStrings.xml"]), "</sst>")
	if len(sst) == len(ps["xl/sharedStrings.xml"]) {
		f.Fatal("the shared strings do not end in </sst>")
	}
	f.Add([]byte(row), []byte(nil))
	f.Add([]byte(`<row r="4"><c r="A4"><v>1</v></c><c r="B4"><v>6</v></c><c r="G4" t="inlineStr"><is><t>已完成</t></is></c>`+
		`<c r="H4" t="inlineStr"><is><r><t>已完成</t></r><rPh><t>x</t></rPh></is></c><c r="I4" s="15"><v>44770</v></c>`+
		`<c r="J4" t="s"><v>71</v></c><c r="K4" t="s"/></row>`), []byte(`<si><t>材料_x001B_</t></si>`))
	f.Add([]byte(`<row r="4"><c r="A4" t="str"><f>ROW()</f><v>1</v></c><c r="B4"><v>6</v></c><c r="H4"><f>HYPERLINK("x")</f></c></row>`), []byte(nil))
	ctx := context(f)
	ctx.Cache = scan.NewCache() // the parts that never change are read once
	q := map[string][]byte{}
	for k, v := range ps {
		q[k] = v
	}
	f.Fuzz(func(t *testing.T, rowXML, stringsXML []byte) {
		q[sheet] = []byte(head + string(rowXML) + tail)
		q["xl/sharedStrings.xml"] = []byte(sst + string(stringsXML) + "</sst>")
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
