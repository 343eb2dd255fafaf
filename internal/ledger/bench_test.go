package ledger_test

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/synth"
)

// BenchmarkLedger100k builds and writes the ledger of a plan with 100,000 measures (5,000
// units × 20) in an empty workspace: every measure is 未报送, the worst case for the alerts.
func BenchmarkLedger100k(b *testing.B) {
	p := synth.Plan(5000, 20, 1)
	bk := plan.Workbook(p)
	data, err := bk.Bytes()
	bk.Close()
	if err != nil {
		b.Fatal(err)
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		b.Fatal(err)
	}
	p = pf.Plan
	w, err := store.Init(filepath.Join(b.TempDir(), "ws"), pf, store.InitOptions{Now: time.Now(), Key: synth.Key(1), ID: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		l, err := ledger.Build(p, w, period.MustParse("2022-07"), period.MustParse("2022-07").Last())
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		book := l.Workbook()
		t2 := time.Now()
		n, err := book.WriteTo(io.Discard)
		book.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/1e6, "MB")
		b.ReportMetric(t1.Sub(t0).Seconds(), "s-build")
		b.ReportMetric(t2.Sub(t1).Seconds(), "s-sheets")
		b.ReportMetric(time.Since(t2).Seconds(), "s-write")
	}
}
