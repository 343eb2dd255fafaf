package receipt_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
	"taizhang/internal/synth"
)

var (
	benchOnce sync.Once
	benchWS   string
	benchErr  error
)

// collected is a synthetic workspace of 200 units × 20 measures with every return collected,
// made once per test binary.
func collected(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "taizhang-receipt-bench-")
		if err != nil {
			benchErr = err
			return
		}
		dirs = append(dirs, dir)
		if _, benchErr = synth.Make(context.Background(), synth.Options{Units: 200, Measures: 20, Period: period.MustParse("2022-07"), Seed: 1, Out: dir}); benchErr != nil {
			return
		}
		benchWS = filepath.Join(dir, "workspace")
		w, err := store.Open(benchWS)
		if err != nil {
			benchErr = err
			return
		}
		defer w.Close()
		p, _, err := w.Plan()
		if err != nil {
			benchErr = err
			return
		}
		_, benchErr = collect.Run(context.Background(), w, p, collect.Options{Paths: []string{filepath.Join(dir, "returns")},
			Period: period.MustParse("2022-07"), Now: time.Now()})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchWS
}

// BenchmarkReceipts: the receipts of 200 returns × 20 rows, written again (what `taizhang
// receipts --all` does), per run.
func BenchmarkReceipts(b *testing.B) {
	ws := collected(b)
	w, err := store.Open(ws)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	var p *plan.Plan
	if p, _, err = w.Plan(); err != nil {
		b.Fatal(err)
	}
	recs, err := receipt.Pending(w, period.MustParse("2022-07"), nil, true)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := receipt.WriteAll(context.Background(), w, p, recs, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(recs)), "ms/receipt")
}
