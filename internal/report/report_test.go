package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/report"
	"taizhang/internal/samplegen"
	"taizhang/internal/typeset"
	"taizhang/templates"
)

func sampleLedger(t testing.TB) *ledger.Ledger {
	t.Helper()
	w, p, err := samplegen.Workspace(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	l, err := ledger.Build(p, w, period.MustParse("2022-08"), period.MustParse("2022-08").Last())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// embedded uses only the fonts in the binary: the output does not depend on the machine.
var embedded = typeset.Config{FontDirs: []string{}}

// input is the built-in wording and free paragraphs.
var input = report.Input{Wording: templates.ReportText, Free: templates.ReportFree}

func build(t testing.TB, l *ledger.Ledger, in report.Input) *report.Content {
	t.Helper()
	c, err := report.Build(context.Background(), l, in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// render builds the report with the built-in wording and sets it as a PDF.
func render(t testing.TB, l *ledger.Ledger) (*report.PDF, []byte) {
	t.Helper()
	return renderContent(t, build(t, l, input))
}

func renderContent(t testing.TB, c *report.Content) (*report.PDF, []byte) {
	t.Helper()
	r, err := c.PDF(context.Background(), embedded)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return r, buf.Bytes()
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Every task title, unit name and number of the summary is in the report, intact.
func TestReportContent(t *testing.T) {
	l := sampleLedger(t)
	c := build(t, l, input)
	r, data := renderContent(t, c)
	var all strings.Builder
	for _, line := range r.Doc.Lines() {
		all.WriteString(line.Text)
	}
	text := squeeze(all.String())
	if c.Title != "关于长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告" {
		t.Errorf("title %q", c.Title)
	}
	for _, tk := range l.Plan.Tasks {
		if !strings.Contains(text, squeeze(tk.Title)) {
			t.Errorf("task %d's title is not in the report", tk.No)
		}
	}
	for _, u := range l.Units {
		if !strings.Contains(text, u.Unit) {
			t.Errorf("unit %s is not in the report", u.Unit)
		}
	}
	n := l.Counts()
	for _, want := range []string{
		"整改任务" + strconv.Itoa(n.Tasks["total"]) + "项", "整改措施" + strconv.Itoa(n.Measures["total"]) + "条",
		"已完成" + strconv.Itoa(n.Measures["已完成"]) + "条", "序时推进" + strconv.Itoa(n.Measures["序时推进"]) + "条",
		"滞后" + strconv.Itoa(n.Measures["滞后"]) + "条", "新完成整改措施" + strconv.Itoa(n.Newly) + "条",
		"红灯" + strconv.Itoa(n.Lights[ledger.Red]) + "条", "已报送" + strconv.Itoa(len(n.Reported)) + "个",
		"未报送" + strconv.Itoa(len(n.Missing)) + "个（河长办）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if len(r.Missing) != 0 {
		t.Errorf("characters missing from the embedded fonts: %q", string(r.Missing))
	}
	// the annex is on landscape pages, after the portrait part
	if r.Doc.PageCount() < 10 {
		t.Errorf("%d pages", r.Doc.PageCount())
	}
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		path := filepath.Join(t.TempDir(), "r.pdf")
		os.WriteFile(path, data, 0o644)
		out, err := exec.Command(bin, path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdf := squeeze(string(out))
		for _, u := range l.Units {
			if !strings.Contains(pdf, u.Unit) {
				t.Errorf("pdftotext: unit %s missing", u.Unit)
			}
		}
		if !strings.Contains(pdf, "截至2022年8月31日") || !strings.Contains(pdf, "—1—") {
			t.Error("pdftotext: subtitle or page number missing")
		}
	} else {
		t.Log("pdftotext is not installed: the PDF's text was checked at the layout level only")
	}
}

func TestReportDeterministic(t *testing.T) {
	l := sampleLedger(t)
	_, a := render(t, l)
	_, b := render(t, l)
	if !bytes.Equal(a, b) {
		t.Fatal("the same report twice differs")
	}
	if !bytes.Equal(word(t, build(t, l, input)), word(t, build(t, l, input))) {
		t.Fatal("the same Word document twice differs")
	}
}

func TestReportTemplateErrors(t *testing.T) {
	l := sampleLedger(t)
	if _, err := report.Build(context.Background(), l, report.Input{Wording: "{{define \"标题\"}}{{.截至日期"}); err == nil || !strings.Contains(err.Error(), "报告文字模板有误") {
		t.Errorf("broken template: %v", err)
	}
	custom := `{{define "标题"}}{{.地区}}整改月报{{end}}{{define "副标题"}}{{.期次}}{{end}}{{define "总体进展"}}红灯{{.红灯}}条。{{end}}`
	c, err := report.Build(context.Background(), l, report.Input{Wording: custom})
	if err != nil || c.Title != "长白山保护开发区整改月报" {
		t.Errorf("custom wording: %v %q", err, c.Title)
	}
}

func BenchmarkReport1000Measures(b *testing.B) {
	l := sampleLedger(b)
	// 1,000 measures: the sample's 115 repeated
	base := l.Measures
	for len(l.Measures) < 1000 {
		l.Measures = append(l.Measures, base...)
	}
	l.Measures = l.Measures[:1000]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := report.Build(context.Background(), l, input)
		if err != nil {
			b.Fatal(err)
		}
		r, err := c.PDF(context.Background(), embedded)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.Write(&buf); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
		b.ReportMetric(float64(r.Doc.PageCount()), "pages")
	}
}
