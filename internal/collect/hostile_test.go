package collect_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/internal/collect"
	"taizhang/internal/fill"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
)

// rezip rewrites a workbook's parts through edit (name → new content; nil drops the part).
func rezip(t *testing.T, data []byte, edit func(name string, body []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var body bytes.Buffer
		body.ReadFrom(rc)
		rc.Close()
		nb := edit(f.Name, body.Bytes())
		if nb == nil {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(nb)
	}
	zw.Close()
	return buf.Bytes()
}

// sheetPart finds the fill sheet's part in our own workbooks.
func isSheet(name string) bool { return strings.HasPrefix(name, "xl/worksheets/sheet") }

// The bad-input suite: every case of hostile or broken input, in one run with good returns;
// each gets its finding, the good ones are accepted, nothing takes unbounded time or memory.
func TestHostileInbox(t *testing.T) {
	e := newEnv(t)
	good := e.ret("经发局", nil)
	e.put("good/经发局.xlsx", good)
	e.put("good/保护中心.xlsx", e.ret("保护中心", nil))
	type want struct {
		code finding.Code
		unit string
	}
	cases := map[string]want{}
	add := func(name string, data []byte, code finding.Code) {
		e.put("bad/"+name, data)
		cases[name] = want{code: code}
	}
	// zips that are truncated or corrupted
	add("truncated.xlsx", good[:len(good)/2], finding.Corrupt)
	corrupt := append([]byte(nil), good...)
	for i := len(corrupt) / 3; i < len(corrupt)/3+200; i++ {
		corrupt[i] ^= 0xFF
	}
	add("corrupted.xlsx", corrupt, finding.Corrupt)
	// a zip bomb: 64 MB of sheet in a few hundred kilobytes
	add("bomb.xlsx", rezip(t, good, func(name string, body []byte) []byte {
		if !isSheet(name) {
			return body
		}
		return bytes.Repeat([]byte{' '}, 64<<20)
	}), finding.TooLarge)
	// a million rows
	add("million-rows.xlsx", rezip(t, good, func(name string, body []byte) []byte {
		if !isSheet(name) || !bytes.Contains(body, []byte("进展填报")) && !bytes.Contains(body, []byte("<sheetData>")) {
			return body
		}
		var b bytes.Buffer
		b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r := 1; r <= 1000000; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, r, r)
		}
		b.WriteString(`</sheetData></worksheet>`)
		return b.Bytes()
	}), finding.TooLarge)
	// entity tricks and deep nesting in the sheet XML
	add("entities.xlsx", rezip(t, good, func(name string, body []byte) []byte {
		if !isSheet(name) {
			return body
		}
		return append([]byte(`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>`), body[bytes.Index(body, []byte("<worksheet")):]...)
	}), finding.Corrupt)
	add("deep.xlsx", rezip(t, good, func(name string, body []byte) []byte {
		if !isSheet(name) {
			return body
		}
		return []byte(strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000))
	}), finding.Corrupt)
	// encrypted, legacy, renamed
	add("encrypted.xlsx", ole(append([]byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00"), make([]byte, 100)...)), finding.Encrypted)
	add("legacy.xls", ole([]byte("Workbook")), finding.NotXLSX)
	add("wps.et", ole([]byte("WPS Workbook")), finding.NotXLSX)
	add("table.csv.xlsx", []byte("任务序号,完成状态\n3,已完成\n"), finding.NotXLSX)
	add("doc.docx.xlsx", zipOf(t, map[string]string{"word/document.xml": "<w:document/>"}), finding.NotXLSX)
	add("scan.pdf.xlsx", []byte("%PDF-1.7\n%…"), finding.NotXLSX)
	add("empty.xlsx", nil, finding.Corrupt)
	// a workbook that is not our template, and one of another workspace
	add("other-book.xlsx", rezip(t, good, func(name string, body []byte) []byte {
		if strings.Contains(name, "sheet3") {
			return nil // the identity sheet's part
		}
		if name == "xl/workbook.xml" {
			return bytes.ReplaceAll(body, []byte(`<sheet name="_taizhang"`), []byte(`<sheet name="另一个表"`))
		}
		return body
	}), finding.NotTemplate)
	other := e.ret("经发局", nil)
	other = editIdentity(t, other, "workspace", "someone-else")
	add("other-workspace.xlsx", other, finding.NotTemplate)
	// identity edited; identity copied from another unit onto this unit's rows
	add("identity-edited.xlsx", editIdentity(t, e.ret("经发局", nil), "unit", "池北区"), finding.Tampered)
	add("identity-copied.xlsx", swapIdentity(t, e.ret("住建局", nil), e.ret("商务局", nil)), finding.RowAdded)
	// protection removed and prefilled text altered
	add("altered.xlsx", editReturn(t, e, "经发局", func(fb *fill.Book) error {
		fb.Unprotect()
		fb.Set(fb.Col("整改措施"), fb.RowOf("3.1"), "经发局不用做了")
		return nil
	}), finding.LockedChanged)
	// formulas: HYPERLINK and DDE
	add("hyperlink.xlsx", editReturn(t, e, "经发局", func(fb *fill.Book) error {
		fb.SetFormula(fb.Col("佐证材料"), fb.RowOf("3.2"), `HYPERLINK("http://evil.example/","点我")`)
		return nil
	}), finding.FormulaInCell)
	add("dde.xlsx", editReturn(t, e, "经发局", func(fb *fill.Book) error {
		fb.SetFormula(fb.Col("存在问题"), fb.RowOf("3.2"), `cmd|' /C calc'!A0`)
		return nil
	}), finding.FormulaInCell)
	// a 32,767-character cell: accepted, the text kept
	e.put("good/池北区.xlsx", e.ret("池北区", func(f *fill.Form) {
		r := f.Rows["3.2"]
		r.Progress = strings.Repeat("长", 32767)
		f.Rows["3.2"] = r
	}))
	// control characters (Excel's _x0001_ escapes) and invalid UTF-8 in text: accepted, cleaned
	e.put("good/池西区.xlsx", rezip(t, e.ret("池西区", nil), func(name string, body []byte) []byte {
		if name != "xl/sharedStrings.xml" {
			return body
		}
		body = bytes.Replace(body, []byte("已召开专题会议"), []byte("已召开_x0001_专题\xff会议"), 1)
		return body
	}))
	// a folder named like a workbook, holding a good return
	e.put("good/folder.xlsx/池南区.xlsx", e.ret("池南区", nil))
	// a symbolic link loop
	if err := os.Symlink(filepath.Join(e.inbox, "bad", "loop"), filepath.Join(e.inbox, "bad", "loop")); err == nil {
		cases["loop"] = want{code: finding.Unreadable}
	}

	sum := e.run()
	got := map[string]*collect.Outcome{}
	for i := range sum.Outcomes {
		got[filepath.Base(sum.Outcomes[i].Input.Path)] = &sum.Outcomes[i]
	}
	for name, w := range cases {
		o := got[name]
		if o == nil {
			t.Errorf("%s: no outcome", name)
			continue
		}
		if o.Verdict() != intake.Rejected || !hasCode(o, w.code) {
			t.Errorf("%s: verdict %s, want %s with %s; findings %v", name, o.Verdict(), intake.Rejected, w.code, o.Findings())
		}
		for _, f := range o.Findings() {
			if f.Message == "" || !strings.ContainsAny(f.Message, "的是不请无") {
				t.Errorf("%s: finding without a plain message: %+v", name, f)
			}
		}
	}
	for _, name := range []string{"经发局.xlsx", "保护中心.xlsx", "池北区.xlsx", "池西区.xlsx", "池南区.xlsx"} {
		if o := got[name]; o == nil || o.Verdict() != intake.Accepted {
			t.Errorf("good %s: %+v", name, o)
		}
	}
	cur, _ := e.w.Current(period.MustParse("2022-07"))
	es, _ := e.w.Entries(cur["池北区"].ID)
	for _, en := range es {
		if en.Task == 3 && en.Measure == 2 && len([]rune(en.Progress)) != 32767 {
			t.Errorf("the long cell came back with %d characters", len([]rune(en.Progress)))
		}
	}
	es, _ = e.w.Entries(cur["池西区"].ID)
	for _, en := range es {
		if strings.ContainsAny(en.Progress, "\x01\uFFFD") && strings.Contains(en.Progress, "\x01") {
			t.Errorf("a control character survived: %q", en.Progress)
		}
	}
	if err := e.w.Verify(); err != nil {
		t.Fatal(err)
	}
}

func ole(extra []byte) []byte {
	return append(append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), extra...)
}

func zipOf(t *testing.T, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, b := range parts {
		w, _ := zw.Create(n)
		w.Write([]byte(b))
	}
	zw.Close()
	return buf.Bytes()
}

func editReturn(t *testing.T, e *env, unit string, edit func(*fill.Book) error) []byte {
	t.Helper()
	data, err := fill.Return(e.spec(unit), fill.Good(e.p, unit, asOf), edit)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func editIdentity(t *testing.T, data []byte, field, value string) []byte {
	t.Helper()
	fb, err := fill.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	if err := fb.SetIdentity(field, value); err != nil {
		t.Fatal(err)
	}
	out, err := fb.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// swapIdentity puts the identity of from (another unit's valid, signed identity) into rows'
// workbook: the signature verifies, but the rows are not that unit's.
func swapIdentity(t *testing.T, rows, from []byte) []byte {
	t.Helper()
	src, err := fill.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := fill.Open(rows)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, f := range []string{"version", "workspace", "unit", "period", "asof", "due", "plan", "rows", "signature"} {
		if err := dst.SetIdentity(f, src.Identity(f)); err != nil {
			t.Fatal(err)
		}
	}
	out, err := dst.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
