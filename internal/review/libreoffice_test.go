package review_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"taizhang/internal/decision"
	"taizhang/internal/review"
)

// soffice is LibreOffice's command, or the test is skipped (visibly) when it is not installed
// or the tests run with -short.
func soffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the LibreOffice check of the review workbook is skipped")
	}
	if testing.Short() {
		t.Skip("LibreOffice is slow; skipped with -short")
	}
	return path
}

// The review workbook filled in LibreOffice Calc — the cells typed through Python-UNO, the file
// saved by Calc as .xlsx (the package rewritten, the very hidden sheet merely hidden, the date
// a real date in Calc's format) — applies as it would from Excel.
func TestFilledInLibreOffice(t *testing.T) {
	office := soffice(t)
	const python = "/usr/bin/python3" // python3-uno is the system Python's, not pyenv's
	if err := exec.Command(python, "-c", "import uno").Run(); err != nil {
		t.Skip("Python-UNO (python3-uno for /usr/bin/python3) is not installed: the LibreOffice round trip is skipped")
	}
	wd := august(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "销号审核表-2022年8月.xlsx"), filepath.Join(dir, "filled", "销号审核表-2022年8月.xlsx")
	os.MkdirAll(filepath.Dir(out), 0o755)
	os.WriteFile(in, wd.workbook(), 0o644)
	cells := map[string]string{"sheet": review.SheetReview,
		// 3.1 (row 5): agreed, the date typed as a reviewer types it
		"I5": review.Agree, "J5": "长整改办〔2022〕5号", "K5": "李主任", "L5": "2022-09-05",
		// 3.2 (row 6): deferred; 20.1 (row 7) agreed, typed with slashes
		"I6": review.Defer,
		"I7": review.Agree, "J7": "长整改办〔2022〕6号", "L7": "2022/9/5"}
	spec, _ := json.Marshal(cells)
	specPath := filepath.Join(dir, "cells.json")
	os.WriteFile(specPath, spec, 0o644)
	cmd := exec.Command(python, "testdata/fill_review.py", filepath.Join(dir, "profile"), in, out, specPath)
	cmd.Env = append(os.Environ(), "HOME="+dir, "SOFFICE="+office)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("filling through LibreOffice: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	res := wd.apply(data, "2022-09-06")
	if len(res.Findings) != 0 || len(res.Recorded) != 2 {
		for _, f := range res.Findings {
			t.Log(review.Line(f))
		}
		t.Fatalf("recorded %d, findings %d", len(res.Recorded), len(res.Findings))
	}
	reg := wd.decisions()
	want := map[string]string{"3.1": "长整改办〔2022〕5号", "20.1": "长整改办〔2022〕6号"}
	for _, d := range reg[1:] {
		if d.Kind != decision.Close || want[d.Key()] != d.Doc || !d.Date.Equal(day("2022-09-05")) || d.Source != "销号审核表-2022年8月.xlsx" {
			t.Errorf("decision %+v", d)
		}
		delete(want, d.Key())
	}
	if len(want) != 0 || reg[1].By != "李主任" {
		t.Errorf("not recorded: %v; 审核人 %q", want, reg[1].By)
	}
	if len(res.Deferred) != 1 || res.Deferred[0].Key() != "3.2" {
		t.Errorf("deferred %v", res.Deferred)
	}
}

// The review workbook prints whole on A4 landscape pages: converted to PDF by LibreOffice,
// every character of the measures' text is on the pages, the header on each page, and the
// measures print at 9 points or more.
func TestPrintsWhole(t *testing.T) {
	office := soffice(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: the printed review workbook is not checked")
	}
	wd := august(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "review.xlsx")
	os.WriteFile(path, wd.workbook(), 0o644)
	cmd := exec.Command(office, "--headless", "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", "pdf", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	pdf := filepath.Join(dir, "review.pdf")
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	have := hanCount(string(text))
	want := map[rune]int{}
	for _, r := range review.Rows(wd.ledger()) {
		for k, n := range hanCount(r.Text + r.Units + r.Deadline + r.DoneDate + r.Evidence + r.Files) {
			want[k] += n
		}
	}
	for r, n := range want {
		if have[r] < n {
			t.Errorf("“%c” is printed %d times, the workbook holds it %d times: a row is cut off", r, have[r], n)
		}
	}
	for _, h := range review.Columns {
		// the narrow columns' headers print on two lines (任务 / 序号)
		if !strings.Contains(string(text), h) && !(strings.Contains(string(text), h[:6]) && strings.Contains(string(text), h[6:])) {
			t.Errorf("the header %s is not printed", h)
		}
	}
	if !strings.Contains(string(text), "销号审核表") || !strings.Contains(string(text), "截至日期：2022年8月31日") {
		t.Error("no title or period line printed")
	}
	bbox, err := exec.Command(pdftotext, "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if pages := strings.Count(string(bbox), "<page width=\"841."); pages == 0 {
		t.Errorf("not printed on A4 landscape pages")
	}
	re := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">`)
	var heights []float64
	for _, m := range re.FindAllStringSubmatch(string(bbox), -1) {
		y0, _ := strconv.ParseFloat(m[1], 64)
		y1, _ := strconv.ParseFloat(m[2], 64)
		heights = append(heights, y1-y0)
	}
	sort.Float64s(heights)
	if len(heights) < 30 {
		t.Fatalf("%d words printed", len(heights))
	}
	if median := heights[len(heights)/2]; median < 9 {
		t.Errorf("the measures print at about %.1f points, want 9 or more", median)
	} else {
		t.Logf("the measures print at about %.1f points", median)
	}
}

func hanCount(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			m[r]++
		}
	}
	return m
}
