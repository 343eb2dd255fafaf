package collect_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/intake"
	"taizhang/internal/period"
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
			_, synthErr = synth.Make(context.Background(), synth.Options{Units: 200, Measures: 20, Period: period.MustParse("2022-07"), Seed: 1, Out: synthDir})
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
	b.ResetTimer() // the synthetic workspace is made once, outside the timing
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
		sum, err := collect.Run(context.Background(), w, p, collect.Options{Paths: []string{returns}, Period: period.MustParse("2022-07"), Now: time.Now()})
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
	ctx := &validate.Context{WorkspaceID: w.ID, Key: w.Key(), Plan: p, Period: period.MustParse("2022-07")}
	ctx.Prepare()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := validate.Check(&intake.Input{Path: files[0], Data: data}, ctx)
		if r.Verdict != intake.Accepted {
			b.Fatal(r.Findings)
		}
	}
}

// BenchmarkMinimalReader is the floor the issue measures collecting against: the same returns
// on as many workers as collecting uses, each file only unzipped and its sheets and shared
// strings split into tags — no values, no checks, no store. TAIZHANG_BENCH_RETURNS names a
// folder of returns to read instead of the 200 synthetic ones (the README's side-by-side run
// points it at the 2,000 returns `taizhang collect` is timed on).
func BenchmarkMinimalReader(b *testing.B) {
	returns := os.Getenv("TAIZHANG_BENCH_RETURNS")
	if returns == "" {
		_, returns = synthetic(b)
	}
	files, _ := filepath.Glob(filepath.Join(returns, "*.xlsx"))
	if len(files) == 0 {
		b.Fatalf("no returns in %s", returns)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		jobs := make(chan string)
		var wg sync.WaitGroup
		var tags [2]int
		for k := 0; k < 2; k++ {
			wg.Add(1)
			go func(k int) {
				defer wg.Done()
				for f := range jobs {
					tags[k] += minimalRead(b, f)
				}
			}(k)
		}
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
		if tags[0]+tags[1] == 0 {
			b.Fatal("no tags read")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(files)), "ms/file")
}

func minimalRead(b *testing.B, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(xml); {
			lt := bytes.IndexByte(xml[i:], '<')
			if lt < 0 {
				break
			}
			gt := bytes.IndexByte(xml[i+lt:], '>')
			if gt < 0 {
				break
			}
			n++
			i += lt + gt + 1
		}
	}
	return n
}
