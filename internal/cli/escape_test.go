package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

// hostileChars reports the characters that make a terminal or a text viewer do something
// (ESC sequences, BEL, BS, CR, C1 controls such as CSI) or reorder text (bidi overrides and
// isolates); new lines and tabs are text.
func hostileChars(s string) []rune {
	var out []rune
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0),
			r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029:
			out = append(out, r)
		}
	}
	return out
}

// An e-mail whose sender, display name, subject, attachment name and cells carry terminal
// escapes (clearing the screen, setting the window title, ringing, moving back), bidi
// overrides and a carriage return: nothing of them reaches the terminal (collect's output,
// with --detail and without), the receipt's text or its workbook.
func TestHostileMailNeverEscapes(t *testing.T) {
	dir := t.TempDir()
	wsDir := filepath.Join(dir, "ws")
	if _, errs, code := runCLI(t, "init", "-w", wsDir, "--plan", "../../samples/任务清单.xlsx"); code != 0 {
		t.Fatal(errs)
	}
	w, err := store.Open(wsDir)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _ := plan.ReadFile(w.PlanPath())
	asOf := time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)
	f := fill.Good(p, "经发局", asOf)
	var first string
	for k, r := range f.Rows {
		if first == "" || k < first {
			first = k
		}
		_ = r
	}
	r := f.Rows[first]
	r.Status, r.Progress = "完成MARKSTATUS", "进展MARKPROGRESS"
	f.Rows[first] = r
	f.Filler = "王磊MARKFILLER"
	data, err := fill.Return(template.Spec{Plan: p, Unit: "经发局", Period: period.MustParse("2022-07"), AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: w.ID, Key: w.Key(), Master: templates.ProgressMaster}, f, nil)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	// what a unit's own program may store: Excel's _xHHHH_ escapes and raw characters
	data = rewriteParts(t, data, map[string]string{
		"MARKSTATUS":   "_x001B_[2J_x0007_\u202e",
		"MARKPROGRESS": "_x001B_]0;owned_x0007_\u2066\u202eabc\u200f",
		"MARKFILLER":   "\u009b31m\u202d",
	})
	b64 := base64.StdEncoding.EncodeToString
	eml := "From: =?UTF-8?B?" + b64([]byte("经发局\x1b[2J\x07\u202e")) + "?= <jfj\x1b[31m@cbs.example.cn>\r\n" +
		"Subject: =?UTF-8?B?" + b64([]byte("7月进展\x1b]0;title\x07\b\b\r伪造\u202e")) + "?=\r\n" +
		"Date: Wed, 03 Aug 2022 10:15:00 +0800\r\nMIME-Version: 1.0\r\nMessage-ID: <a\x1b[1m@b>\r\n" +
		"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n" +
		"--B\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n" +
		"Content-Disposition: attachment; filename=\"=?UTF-8?B?" + b64([]byte("进展\x1b[8m\u202excod.xlsx")) + "?=\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + b64(data) + "\r\n--B--\r\n" +
		// a second message without attachment, from a sender the office does not know
		""
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	name := "mail.eml"
	if runtime.GOOS != "windows" {
		name = "mail\x1b[31m\u202e.eml" // a file name a unit chose, saved as it came
	}
	if err := os.WriteFile(filepath.Join(inbox, name), []byte(eml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "none.eml"), []byte("From: \x1b[2Jx@y.cn\r\nSubject: \x1b[2J\u202e\r\n\r\nno attachment\x1b[2J\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "-w", wsDir, "--period", "2022-07", "--detail", inbox},
		{"collect", "-w", wsDir, "--period", "2022-07", "--detail", inbox},
		{"collect", "-w", wsDir, "--period", "2022-07", inbox},
		{"status", "-w", wsDir, "--period", "2022-07"},
	} {
		out, errs, _ := runCLI(t, args...)
		if h := hostileChars(out + errs); len(h) > 0 {
			t.Errorf("%s prints %q:\n%s", args[0], h, out+errs)
		}
		if args[0] == "collect" && !strings.Contains(out, "经发局") {
			t.Errorf("collect did not read the return:\n%s", out)
		}
	}
	texts, _ := filepath.Glob(filepath.Join(wsDir, "out", "receipts", "2022-07", "*.txt"))
	books, _ := filepath.Glob(filepath.Join(wsDir, "out", "receipts", "2022-07", "*.xlsx"))
	if len(texts) != 1 || len(books) != 1 { // the mail without an attachment is no unit's: no receipt
		t.Fatalf("receipts %v %v", texts, books)
	}
	for _, path := range texts {
		b, _ := os.ReadFile(path)
		if h := hostileChars(string(b)); len(h) > 0 || !utf8.Valid(b) {
			t.Errorf("%s holds %q:\n%s", filepath.Base(path), h, b)
		}
	}
	for _, path := range books {
		b, _ := os.ReadFile(path)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			rc, _ := zf.Open()
			part, _ := io.ReadAll(rc)
			rc.Close()
			text := string(part)
			if h := hostileChars(text); len(h) > 0 {
				t.Errorf("%s: %s holds %q", filepath.Base(path), zf.Name, h)
			}
			for _, esc := range []string{"_x001B_", "_x001b_", "_x0007_", "_x202E_", "_x009B_", "&#27;", "&#x1B;"} {
				if strings.Contains(text, esc) {
					t.Errorf("%s: %s holds %s", filepath.Base(path), zf.Name, esc)
				}
			}
		}
	}
}

// rewriteParts replaces texts in every part of a workbook.
func rewriteParts(t *testing.T, data []byte, repl map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := map[string]bool{}
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for old, new := range repl {
			if bytes.Contains(b, []byte(old)) {
				found[old] = true
				b = bytes.ReplaceAll(b, []byte(old), []byte(new))
			}
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	zw.Close()
	for old := range repl {
		if !found[old] {
			t.Fatalf("%s is in no part", old)
		}
	}
	return buf.Bytes()
}
