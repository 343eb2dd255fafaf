package report_test

import (
	"bytes"
	"context"
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

// A plan of 2,000 units renders: its tables run over pages, its charts too.
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
	t.Logf("%d units, %d measures: %d pages, %.1f MB in %v", len(l.Units), len(l.Measures), r.Doc.PageCount(), float64(buf.Len())/1e6, time.Since(start).Round(time.Millisecond))
}
