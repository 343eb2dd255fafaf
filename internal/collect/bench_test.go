package collect_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/intake"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/synth"
	"taizhang/internal/validate"
)

var (
	synthOnce sync.Once
	synthDir  string
	synthErr  error
)

// synthetic makes (once per test binary) a synthetic workspace of 200 units × 20 measures.
func synthetic(b *testing.B) (string, string) {
	synthOnce.Do(func() {
		synthDir, synthErr = os.MkdirTemp("", "taizhang-bench-")
		if synthErr == nil {
			_, synthErr = synth.Make(synth.Options{Units: 200, Measures: 20, Period: "2022-07", Seed: 1, Out: synthDir})
		}
	})
	if synthErr != nil {
		b.Fatal(synthErr)
	}
	return filepath.Join(synthDir, "workspace"), filepath.Join(synthDir, "returns")
}

// fresh copies the synthetic workspace so that each run collects into an empty store.
func fresh(b *testing.B, ws string) string {
	dst := filepath.Join(b.TempDir(), "ws")
	os.MkdirAll(dst, 0o755)
	for _, name := range []string{store.DBName, store.KeyName, store.PlanName} {
		data, err := os.ReadFile(filepath.Join(ws, name))
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(dst, name), data, 0o600)
	}
	return dst
}

// BenchmarkCollectFolder: 200 returns × 20 rows into a fresh workspace (what `taizhang collect
// --no-receipts` does), per run.
func BenchmarkCollectFolder(b *testing.B) {
	ws, returns := synthetic(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := fresh(b, ws)
		w, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		p, _, err := plan.ReadFile(w.PlanPath())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := collect.Run(w, p, collect.Options{Paths: []string{returns}, Period: "2022-07", Now: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(sum.Outcomes) != 200 {
			b.Fatalf("%d outcomes", len(sum.Outcomes))
		}
		w.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/200, "ms/file")
}

// BenchmarkValidateOne: reading and checking one return of 20 rows.
func BenchmarkValidateOne(b *testing.B) {
	ws, returns := synthetic(b)
	w, err := store.Open(fresh(b, ws))
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	p, _, _ := plan.ReadFile(w.PlanPath())
	files, _ := filepath.Glob(filepath.Join(returns, "*.xlsx"))
	data, _ := os.ReadFile(files[0])
	ctx := &validate.Context{WorkspaceID: w.ID, Key: w.Key(), Plan: p, Period: "2022-07"}
	ctx.Prepare()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := validate.Check(&intake.Input{Path: files[0], Data: data}, ctx)
		if r.Verdict != validate.Accepted {
			b.Fatal(r.Findings)
		}
	}
}
