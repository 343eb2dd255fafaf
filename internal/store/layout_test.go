package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/period"
	"taizhang/internal/store"
	"taizhang/samples"
	"taizhang/templates"
)

// The report's files are named by the period as people say it, one per format.
func TestReportPaths(t *testing.T) {
	l := store.Layout{Out: "out"}
	p := period.MustParse("2022-08")
	if got, want := l.Report(p, store.PDF), filepath.Join("out", "2022-08", "进展报告-2022年8月.pdf"); got != want {
		t.Errorf("%s, want %s", got, want)
	}
	if got, want := l.Report(p, store.Word), filepath.Join("out", "2022-08", "进展报告-2022年8月.docx"); got != want {
		t.Errorf("%s, want %s", got, want)
	}
}

// The free paragraphs: the built-in ones until the office has its own; the starter copy is
// written once and never over the office's; a file saved as GBK or with a byte-order mark
// reads as the office wrote it.
func TestReportFree(t *testing.T) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, data)
	if got, err := w.ReportFree(); err != nil || got != templates.ReportFree {
		t.Fatalf("built-in: %q %v", got, err)
	}
	path, wrote, err := w.StarterFree()
	if err != nil || !wrote || filepath.Base(path) != store.FreeName {
		t.Fatalf("starter: %s %v %v", path, wrote, err)
	}
	own := "【下步工作】\n逐项督办红灯事项。\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(own)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{own, "\uFEFF" + own, gbk} {
		if err := os.WriteFile(path, []byte(raw), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := w.ReportFree(); err != nil || got != own {
			t.Errorf("read %q as %q (%v)", raw, got, err)
		}
	}
	if _, wrote, err := w.StarterFree(); wrote || err != nil {
		t.Errorf("the starter copy overwrote the office's: %v %v", wrote, err)
	}
	if got, _ := w.ReportFree(); got != own {
		t.Errorf("after a second init: %q", got)
	}
}
