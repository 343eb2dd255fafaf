package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"taizhang/internal/docx"
	"taizhang/internal/report"
	"taizhang/internal/typeset"
)

func word(t testing.TB, c *report.Content) []byte {
	t.Helper()
	w, err := c.Word(context.Background(), docx.Fonts{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// contentText is what a reader reads in the content, without white space.
func contentText(c *report.Content) string { return squeeze(strings.Join(c.Texts(), "")) }

// pdfText is what the PDF's lines say, in the content's order: each table cell's lines
// together (a long row split over pages continues its cells on the next page), each table's
// header once; page numbers, chart labels and repeated headers left out.
func pdfText(lines []typeset.Line) string {
	type key struct{ table, row, col int }
	var order []key
	cells := map[key]*strings.Builder{}
	headerDone := map[int]int{} // table → the page its header was first drawn on
	var out strings.Builder
	flush := func() {
		for _, k := range order {
			out.WriteString(cells[k].String())
		}
		order, cells = nil, map[key]*strings.Builder{}
	}
	table := 0
	for _, ln := range lines {
		switch ln.Kind {
		case typeset.KindPageNumber, typeset.KindChart:
			continue
		case typeset.KindTableHeader, typeset.KindTableCell:
			if ln.Table != table {
				flush()
				table = ln.Table
			}
			row := ln.Row
			if ln.Kind == typeset.KindTableHeader {
				if p, ok := headerDone[ln.Table]; ok && p != ln.Page {
					continue // repeated on a page the table continues on
				}
				headerDone[ln.Table] = ln.Page
				row = -1
			}
			k := key{ln.Table, row, ln.Col}
			if cells[k] == nil {
				cells[k] = &strings.Builder{}
				order = append(order, k)
			}
			cells[k].WriteString(ln.Text)
		default:
			flush()
			table = 0
			out.WriteString(ln.Text)
		}
	}
	flush()
	return squeeze(out.String())
}

var wordText = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`)

// docxText is the text of a .docx file's body, without white space.
func docxText(t testing.TB, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range wordText.FindAllSubmatch(doc, -1) {
		b.WriteString(html.UnescapeString(string(m[1])))
	}
	return squeeze(b.String())
}

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	around := func(rs []rune) string { return string(rs[max(0, i-20):min(len(rs), i+30)]) }
	return fmt.Sprintf("at character %d: %q vs %q", i, around(ra), around(rb))
}

// The PDF and the Word document say the same, and what the content says: compared at the
// level of the PDF's lines and of the document's XML.
func TestFormatsSayTheSame(t *testing.T) {
	l := sampleLedger(t)
	c := build(t, l, input)
	r, _ := renderContent(t, c)
	want := contentText(c)
	if got := pdfText(r.Doc.Lines()); got != want {
		t.Errorf("the PDF differs from the content %s", firstDifference(got, want))
	}
	if got := docxText(t, word(t, c)); got != want {
		t.Errorf("the Word document differs from the content %s", firstDifference(got, want))
	}
	for _, tk := range l.Plan.Tasks {
		if !strings.Contains(want, squeeze(tk.Title)) {
			t.Errorf("task %d's title is not in the content", tk.No)
		}
	}
}

// TestLibreOffice reads the Word document as LibreOffice does (to text, and to a PDF for the
// pages) and the PDF as poppler does: both say what the content says, every task title is
// whole in both, the title breaks where the content says, and no page of either ends with a
// heading. Set TAIZHANG_REPORT_KEEP to a folder to keep the files for a look.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no LibreOffice round trip")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH: the Word document is checked at the XML level only")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not on PATH: the files are checked at the layout and XML level only")
	}
	l := sampleLedger(t)
	c := build(t, l, input)
	_, pdfData := renderContent(t, c)
	dir := t.TempDir()
	pdf, doc := filepath.Join(dir, "report.pdf"), filepath.Join(dir, "report.docx")
	if err := os.WriteFile(pdf, pdfData, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, word(t, c), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := libreOffice(t, soffice, dir, doc, "txt:Text (encoded):UTF8", ".txt")
	docPDF := libreOffice(t, soffice, dir, doc, "pdf", ".pdf")
	if keep := os.Getenv("TAIZHANG_REPORT_KEEP"); keep != "" {
		for f, name := range map[string]string{pdf: "report.pdf", doc: "report.docx", txt: "report-docx.txt", docPDF: "report-docx.pdf"} {
			if data, err := os.ReadFile(f); err == nil {
				_ = os.WriteFile(filepath.Join(keep, name), data, 0o644)
			}
		}
	}

	// the Word document as text: exactly the content, so every task title whole in its cell
	// (on the pages, a row of more than six lines may continue on the next page, as in Word)
	data, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	want := contentText(c)
	if got := squeeze(strings.TrimPrefix(string(data), "\uFEFF")); got != want {
		t.Errorf("LibreOffice's text of the Word document differs from the content %s", firstDifference(got, want))
	}
	// its title, line by line
	var title []string
	for _, b := range c.Blocks {
		if b.Kind == report.Title {
			title = strings.Split(b.Text, "\n")
		}
	}
	if lines := strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\n"); len(lines) < len(title) ||
		strings.Join(lines[:len(title)], "|") != strings.Join(title, "|") {
		t.Errorf("the Word document's title lines are not %q", title)
	}

	// the PDF as poppler reads it: the text of every block but the tables', in order, and
	// every task title whole
	raw := pdftotext(t, pdf, "-raw")
	flat := squeeze(regexp.MustCompile(`— \d+ —`).ReplaceAllString(strings.Join(raw, ""), ""))
	at := 0
	for _, b := range c.Blocks {
		if b.Kind == report.Table || b.Kind == report.BarChart || b.Kind == report.LineChart || b.Kind == report.Spacer {
			continue
		}
		s := squeeze(b.Text)
		i := strings.Index(flat[at:], s)
		if i < 0 {
			t.Errorf("pdftotext: %q is not in the PDF after what comes before it", b.Text)
			continue
		}
		at += i + len(s)
	}
	for _, tk := range l.Plan.Tasks {
		if s := squeeze(tk.Title); !strings.Contains(flat, s) {
			t.Errorf("pdftotext: task %d's title %q is not whole in the PDF", tk.No, tk.Title)
		}
	}

	// no page of either file ends with a heading
	headings := map[string]bool{}
	for _, b := range c.Blocks {
		if b.Kind == report.Heading {
			headings[squeeze(b.Text)] = true
		}
	}
	for name, pages := range map[string][]string{"PDF": pdftotext(t, pdf, ""), "Word": pdftotext(t, docPDF, "")} {
		for i, p := range pages {
			var last string
			for _, line := range strings.Split(p, "\n") {
				if s := squeeze(line); s != "" && !regexp.MustCompile(`^—\d+—$`).MatchString(s) {
					last = s
				}
			}
			if headings[last] {
				t.Errorf("%s, page %d ends with the heading %q", name, i+1, last)
			}
		}
	}
}

// pdftotext reads a PDF's pages.
func pdftotext(t *testing.T, pdf string, mode string) []string {
	t.Helper()
	args := []string{"-enc", "UTF-8"}
	if mode != "" {
		args = append(args, mode)
	}
	out, err := exec.Command("pdftotext", append(args, pdf, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	return strings.Split(strings.TrimRight(string(out), "\f"), "\f")
}

// libreOffice converts a file with LibreOffice, in a profile of its own (parallel runs would
// clash in the user's), with a time limit; it returns the converted file's path.
func libreOffice(t *testing.T, soffice, dir, file, to, ext string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "profile"))}
	outDir := filepath.Join(dir, strings.TrimPrefix(ext, "."))
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile.String(),
		"--headless", "--norestore", "--nologo", "--convert-to", to, "--outdir", outDir, file)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.WaitDelay = 10 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	out := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+ext)
	if _, serr := os.Stat(out); serr != nil {
		if ctx.Err() != nil {
			t.Fatalf("LibreOffice took more than 3 minutes: %s", buf.String())
		}
		t.Skipf("LibreOffice made no %s of %s (%v; is libreoffice-writer installed?): %s", ext, filepath.Base(file), err, buf.String())
	}
	return out
}
