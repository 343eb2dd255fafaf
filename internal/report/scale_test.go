package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/intake"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/report"
	"taizhang/internal/store"
	"taizhang/internal/synth"
	"taizhang/internal/typeset"
	"taizhang/templates"
)

// noReturns is a workspace where no unit has reported yet.
type noReturns struct{}

func (noReturns) Current(period.Period) (map[string]*store.Record, error) { return nil, nil }
func (noReturns) Records(period.Period) ([]*store.Record, error)          { return nil, nil }
func (noReturns) Entries(int64) ([]intake.Entry, error)                   { return nil, nil }
func (noReturns) Periods() ([]period.Period, error)                       { return nil, nil }
func (noReturns) EarlierStatements(period.Period) (map[string]map[string]store.Statement, error) {
	return nil, nil
}
func (noReturns) EvidenceOf([]int64) (map[int64][]store.Evidence, error) { return nil, nil }
func (noReturns) Decisions() (decision.Register, error)                  { return nil, nil }

// A plan of 2,000 units renders, as a PDF and as a Word document: its tables run over pages,
// its chart of units shows the 20 with most red items and 其他.
func TestReport2000Units(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a report of 2,000 units")
	}
	start := time.Now()
	p := synth.Plan(2000, 5, 1)
	per := period.MustParse("2022-08")
	l, err := ledger.Build(p, noReturns{}, per, per.Last())
	if err != nil {
		t.Fatal(err)
	}
	c, err := report.Build(context.Background(), l, report.Input{Wording: templates.ReportText, Free: templates.ReportFree})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.PDF(context.Background(), embedded)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ln := range r.Doc.Lines() {
		if ln.Kind == typeset.KindTableCell && ln.Table == 1 && ln.Col == 0 {
			seen[ln.Text] = true
		}
	}
	for _, u := range l.Units {
		if !seen[u.Unit] {
			t.Errorf("unit %s is not in the units table", u.Unit)
			break
		}
	}
	pdfTook := time.Since(start)
	start = time.Now()
	data := word(t, c)
	body := docxText(t, data)
	for _, u := range l.Units {
		if !strings.Contains(body, u.Unit) {
			t.Errorf("unit %s is not in the Word document", u.Unit)
			break
		}
	}
	if body != contentText(c) {
		t.Error("the Word document differs from the content")
	}
	for _, b := range c.Blocks {
		if b.Kind == report.BarChart && len(b.Bar.Categories) > 1 && len(b.Bar.Categories) != report.ChartTop+1 {
			t.Errorf("the chart of units has %d bars", len(b.Bar.Categories))
		}
	}
	t.Logf("%d units, %d measures: PDF %d pages, %.1f MB in %v; Word %.1f MB in %v", len(l.Units), len(l.Measures), r.Doc.PageCount(),
		float64(buf.Len())/1e6, pdfTook.Round(time.Millisecond), float64(len(data))/1e6, time.Since(start).Round(time.Millisecond))
}
