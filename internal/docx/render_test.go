package docx

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// TestLibreOffice writes the sample document, has LibreOffice turn it into a PDF and reads the
// PDF's pages back with poppler: every text is there, the table headers repeat on the pages a
// table continues on, the annex is on landscape pages, and each page has its number on the
// outer side. Set TAIZHANG_DOCX_KEEP to a folder to keep the .docx and the .pdf for a look.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no LibreOffice round trip")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH: the round trip through LibreOffice is not checked")
	}
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s (poppler-utils) is not on PATH: the round trip through LibreOffice is not checked", tool)
		}
	}
	d, st := sample()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	// and a page of body text, for the grid: 22 lines of 28 characters
	g := New(Config{Date: sampleDate})
	g.Paragraph(strings.Repeat("国", 26+28*30))
	gb, err := g.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in, grid := filepath.Join(dir, "sample.docx"), filepath.Join(dir, "grid.docx")
	for f, data := range map[string][]byte{in: b, grid: gb} {
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chineseFont := fontConfig(t, dir)
	pdfs := convert(t, soffice, dir, in, grid)
	pdf := pdfs[0]
	if keep := os.Getenv("TAIZHANG_DOCX_KEEP"); keep != "" {
		for _, f := range append([]string{in, grid}, pdfs...) {
			if data, err := os.ReadFile(f); err == nil {
				_ = os.WriteFile(filepath.Join(keep, filepath.Base(f)), data, 0o644)
			}
		}
	}

	// the grid: every line of the first page but the indented first holds 28 characters (of
	// a Chinese font: LibreOffice's boxes for characters it has no font for are narrower)
	if !chineseFont {
		t.Log("LibreOffice has no Chinese font: the 22 lines of 28 characters are not checked")
	}
	var lines []string
	for _, w := range bboxWords(t, pdfs[1])[0] {
		if strings.Contains(w.text, "国") {
			lines = append(lines, w.text)
		}
	}
	if !chineseFont {
		lines = nil
	} else if len(lines) != 22 {
		t.Errorf("%d lines of body text on a page, want 22", len(lines))
	}
	for i, l := range lines {
		want := 28
		if i == 0 {
			want = 26
		}
		if n := utf8.RuneCountInString(l); n != want {
			t.Errorf("line %d of the page holds %d characters, want %d", i+1, n, want)
		}
	}

	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	flat := make([]string, len(pages)) // the text of each page without white space
	for i, p := range pages {
		flat[i] = squeeze(p)
	}
	all := strings.Join(flat, "")
	if len(pages) < 2 {
		t.Fatalf("%d page(s), want more than one", len(pages))
	}

	// every text
	texts := append([]string{st.title, st.subtitle}, st.headings...)
	texts = append(texts, st.paragraphs...)
	texts = append(texts, st.signature...)
	texts = append(texts, "表1  各单位报送和推进情况", "图1  各单位负责措施的完成状态", "图2  整改措施红黄绿灯", "图3  各月已完成的整改措施", "附件")
	for i := 1; i <= 40; i++ {
		texts = append(texts, fmt.Sprintf("第%d责任单位（池北区）", i))
	}
	// the charts' labels, drawn from the cached values
	texts = append(texts, "市场监管局", "全部措施", "2023年7月", "未启动")
	for _, s := range texts {
		if !strings.Contains(all, squeeze(s)) {
			t.Errorf("not in the PDF: %s", s)
		}
	}

	// the header rows repeat: on every page with rows of a table, its header
	tables := []struct {
		row     string
		headers []string
	}{
		{"责任单位（池北区）", st.tableHeaders},
		{"思想认识仍有差距", st.annexHeaders},
	}
	for _, tb := range tables {
		n := 0
		for i, p := range flat {
			if !strings.Contains(p, tb.row) {
				continue
			}
			n++
			for _, h := range tb.headers {
				if !strings.Contains(p, h) {
					t.Errorf("page %d: rows of the table under %q but not its header %q", i+1, tb.headers[1], h)
				}
			}
		}
		if n < 2 {
			t.Errorf("the table under %q is on %d page(s): the test needs it over pages", tb.headers[1], n)
		}
	}

	// the annex is landscape, what comes before it portrait
	sizes := pageSizes(t, pdf, len(pages))
	annex := -1
	for i, p := range flat {
		if strings.HasPrefix(p, "附件") {
			annex = i
			break
		}
	}
	if annex < 1 {
		t.Fatal("the annex does not start a page")
	}
	for i, s := range sizes {
		land := s[0] > s[1]
		if land != (i >= annex) {
			t.Errorf("page %d is %.0f × %.0f pt", i+1, s[0], s[1])
		}
	}

	// the page numbers, on the outer side
	words := bboxWords(t, pdf)
	for i := range pages {
		n := i + 1
		if !strings.Contains(flat[i], "—"+strconv.Itoa(n)+"—") {
			t.Errorf("page %d: no “— %d —”", n, n)
			continue
		}
		w, h := sizes[i][0], sizes[i][1]
		x, ok := numberX(words[i], strconv.Itoa(n), h)
		switch {
		case !ok:
			t.Errorf("page %d: the page number is not at the bottom", n)
		case n%2 == 1 && x < w/2:
			t.Errorf("page %d: the number is on the left (x %.0f of %.0f)", n, x, w)
		case n%2 == 0 && x > w/2:
			t.Errorf("page %d: the number is on the right (x %.0f of %.0f)", n, x, w)
		}
	}
}

// convert runs LibreOffice on files, in a profile of its own (parallel runs would clash in
// the user's), with a time limit; it returns the PDFs' paths.
func convert(t *testing.T, soffice, dir string, files ...string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "profile"))}
	args := append([]string{"-env:UserInstallation=" + profile.String(),
		"--headless", "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", dir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.WaitDelay = 10 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var pdfs []string
	for _, f := range files {
		pdf := strings.TrimSuffix(f, filepath.Ext(f)) + ".pdf"
		if _, serr := os.Stat(pdf); serr != nil {
			if ctx.Err() != nil {
				t.Fatalf("LibreOffice took more than 3 minutes: %s", buf.String())
			}
			if !writerInstalled(soffice) {
				t.Skipf("LibreOffice Writer is not installed (only %s): the round trip is not checked; install libreoffice-writer-nogui", soffice)
			}
			t.Fatalf("LibreOffice made no PDF of %s (%v): %s", filepath.Base(f), err, buf.String())
		}
		pdfs = append(pdfs, pdf)
	}
	return pdfs
}

// fontConfig gives LibreOffice a Chinese font that does not depend on the machine: the
// TrueType fonts internal/typeset embeds (AR PL SungtiL GB, KaitiM GB) are added to the
// system's fonts through a fontconfig file of the test's own. It reports whether LibreOffice
// has a Chinese font at all.
func fontConfig(t *testing.T, dir string) bool {
	fonts, _ := filepath.Abs(filepath.Join("..", "typeset", "fonts"))
	ttf, _ := filepath.Glob(filepath.Join(fonts, "*.ttf"))
	if len(ttf) > 0 {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE fontconfig SYSTEM "fonts.dtd">` + "\n<fontconfig>\n")
		if os.Getenv("FONTCONFIG_FILE") != "" {
			b.WriteString("<include ignore_missing=\"yes\">" + os.Getenv("FONTCONFIG_FILE") + "</include>\n")
		} else {
			b.WriteString("<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n")
		}
		b.WriteString("<dir>" + fonts + "</dir>\n<cachedir>" + filepath.Join(dir, "fontcache") + "</cachedir>\n</fontconfig>\n")
		conf := filepath.Join(dir, "fonts.conf")
		if err := os.WriteFile(conf, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("FONTCONFIG_FILE", conf)
		return true
	}
	out, err := exec.Command("fc-list", ":lang=zh", "family").Output()
	return err != nil || len(bytes.TrimSpace(out)) > 0 // without fc-list, assume it has
}

// writerInstalled tells whether LibreOffice's Writer module is next to soffice.
func writerInstalled(soffice string) bool {
	real, err := filepath.EvalSymlinks(soffice)
	if err != nil {
		return true
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(real), "libsw*"))
	return len(matches) > 0
}

// squeeze leaves out white space: pdftotext breaks lines where the page did and puts spaces
// between characters set apart.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func pageSizes(t *testing.T, pdf string, n int) [][2]float64 {
	t.Helper()
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", strconv.Itoa(n), pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	re := regexp.MustCompile(`Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)`)
	sizes := make([][2]float64, n)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		i, _ := strconv.Atoi(m[1])
		w, _ := strconv.ParseFloat(m[2], 64)
		h, _ := strconv.ParseFloat(m[3], 64)
		if i >= 1 && i <= n {
			sizes[i-1] = [2]float64{w, h}
		}
	}
	return sizes
}

type word struct {
	x0, y0, x1, y1 float64
	text           string
}

// bboxWords reads the words of each page with their boxes (pdftotext -bbox).
func bboxWords(t *testing.T, pdf string) [][]word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var pages [][]word
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, p := range strings.Split(string(out), "<page ")[1:] {
		var ws []word
		for _, m := range re.FindAllStringSubmatch(p, -1) {
			var f [4]float64
			for i := range f {
				f[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			ws = append(ws, word{f[0], f[1], f[2], f[3], m[5]})
		}
		pages = append(pages, ws)
	}
	return pages
}

// numberX finds the page number n in the bottom tenth of a page and returns its middle.
func numberX(ws []word, n string, height float64) (float64, bool) {
	for _, w := range ws {
		if w.y0 > 0.85*height && strings.Trim(w.text, "— ") == n {
			return (w.x0 + w.x1) / 2, true
		}
	}
	return 0, false
}
