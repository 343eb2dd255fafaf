package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

// The workspace key is never printed or written into an output: not in the demo's output,
// nor in any template, receipt, ledger or report.
func TestKeyNeverInOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo; skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	out, errs, code := runCLI(t, "demo", "--out", dir)
	if code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	ws := filepath.Join(dir, "工作区")
	key, err := os.ReadFile(filepath.Join(ws, store.KeyName))
	if err != nil {
		t.Fatal(err)
	}
	needles := [][]byte{key, []byte(hex.EncodeToString(key)), []byte(strings.ToUpper(hex.EncodeToString(key)))}
	for _, n := range needles {
		if bytes.Contains([]byte(out+errs), n) {
			t.Fatal("the key is in the demo's output")
		}
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == store.KeyName || strings.HasPrefix(d.Name(), store.DBName) {
			return err
		}
		data, _ := os.ReadFile(p)
		bodies := [][]byte{data}
		if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				bodies = append(bodies, b)
			}
		}
		for _, b := range bodies {
			for _, n := range needles {
				if bytes.Contains(b, n) {
					t.Errorf("the key is in %s", p)
				}
			}
		}
		return nil
	})
}

// Text a unit types that looks like a formula stays text in the ledger and in its receipt; a
// receipt's name built from a hostile attachment name stays in the receipts folder.
func TestOutputsNeverFormulas(t *testing.T) {
	dir := t.TempDir()
	wsDir := filepath.Join(dir, "ws")
	_, errs, code := runCLI(t, "init", "-w", wsDir, "--plan", "../../samples/任务清单.xlsx")
	if code != 0 {
		t.Fatal(errs)
	}
	w, err := store.Open(wsDir)
	if err != nil {
		t.Fatal(err)
	}
	p, _, _ := plan.ReadFile(w.PlanPath())
	asOf := time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)
	f := fill.Good(p, "经发局", asOf)
	evil := []string{`=cmd|' /C calc'!A0`, `=HYPERLINK("http://evil.example/","x")`, `+1+1`, `@SUM(1)`}
	i := 0
	for k, r := range f.Rows {
		if i < len(evil) {
			r.Progress, r.Evidence = evil[i], evil[(i+1)%len(evil)]
			f.Rows[k] = r
		}
		i++
	}
	data, err := fill.Return(template.Spec{Plan: p, Unit: "经发局", Period: period.MustParse("2022-07"), AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: w.ID, Key: w.Key(), Master: templates.ProgressMaster}, f, nil)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in", "经发局.xlsx")
	os.MkdirAll(filepath.Dir(in), 0o755)
	os.WriteFile(in, data, 0o644)
	if _, errs, code := runCLI(t, "collect", "-w", wsDir, "--period", "2022-07", in); code != 0 {
		t.Fatalf("collect: %d %s", code, errs)
	}
	ledgerPath := filepath.Join(dir, "l.xlsx")
	if _, errs, code := runCLI(t, "ledger", "-w", wsDir, "--period", "2022-07", "-o", ledgerPath); code != 0 {
		t.Fatal(errs)
	}
	receipts, _ := filepath.Glob(filepath.Join(wsDir, "out", "receipts", "2022-07", "*.xlsx"))
	for _, path := range append(receipts, ledgerPath) {
		data, _ := os.ReadFile(path)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, "xl/worksheets/") {
				continue
			}
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
				t.Errorf("%s: %s holds a formula", filepath.Base(path), f.Name)
			}
			if bytes.Contains(b, []byte("cmd|")) || bytes.Contains(b, []byte("HYPERLINK")) {
				found = true
			}
		}
		if !found {
			// shared strings hold the text
			for _, f := range zr.File {
				if f.Name == "xl/sharedStrings.xml" {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					found = bytes.Contains(b, []byte("cmd|"))
				}
			}
		}
		if !found {
			t.Errorf("%s: the unit's text is missing", filepath.Base(path))
		}
	}
	// receipt names come from the unit and the period, never from what a unit named its file;
	// an input that could not be identified gets no receipt at all
	w, _ = store.Open(wsDir)
	defer w.Close()
	hostile := &store.Record{ID: 99, Unit: "经发局", Period: period.MustParse("2022-07"), Source: "mail.eml",
		Attachment: `..\..\..\evil/../x.xlsx`, Verdict: "rejected", ReceivedAt: asOf, Sent: asOf}
	unknown := &store.Record{ID: 100, Source: "mail.eml", Attachment: `../../etc/passwd`, Verdict: "rejected", ReceivedAt: asOf}
	folder := receipt.Folder(w, hostile)
	written, err := receipt.WriteAll(context.Background(), w, p, []*store.Record{hostile, unknown}, 1, nil)
	if err != nil || len(written) != 1 {
		t.Fatalf("receipts %v %v", written, err)
	}
	for _, path := range []string{written[0].Workbook, written[0].Text} {
		if filepath.Dir(path) != folder || strings.Contains(filepath.Base(path), "evil") {
			t.Errorf("receipt %s is outside %s or named after the attachment", path, folder)
		}
	}
}
