package collect_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
)

// The child process of TestCrashMidCollect: collect the inbox into the workspace.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("TAIZHANG_CRASH_WS")
	if dir == "" {
		t.Skip("only run as the child of TestCrashMidCollect")
	}
	w, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p, _, err := plan.ReadFile(w.PlanPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := collect.Run(context.Background(), w, p, collect.Options{Paths: []string{os.Getenv("TAIZHANG_CRASH_INBOX")}, Period: period.MustParse("2022-07"), Now: now, Workers: 1}); err != nil {
		t.Fatal(err)
	}
}

// Killing collect at random points leaves a consistent store, and a later run completes the
// intake without losing or doubling anything.
func TestCrashMidCollect(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	e := newEnv(t)
	units := e.p.ReportingUnits()
	n := 0
	for round := 0; round < 3; round++ {
		for i, u := range units {
			data := e.ret(u, func(f *fill.Form) { f.Filler = fmt.Sprintf("填报人%d", round) })
			e.put(fmt.Sprintf("r%d/%02d-%s.xlsx", round, i, u), data)
			n++
		}
	}
	e.put("z/empty.xlsx", nil)
	n++
	dir := e.w.Dir
	e.w.Close()
	rng := rand.New(rand.NewSource(7))
	for k := 0; k < 6; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), "TAIZHANG_CRASH_WS="+dir, "TAIZHANG_CRASH_INBOX="+e.inbox)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.Intn(600)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		w, err := store.Open(dir)
		if err != nil {
			t.Fatalf("after kill %d: %v", k, err)
		}
		if err := w.Verify(); err != nil {
			t.Fatalf("after kill %d: %v", k, err)
		}
		w.Close()
	}
	w, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := collect.Run(context.Background(), w, e.p, collect.Options{Paths: []string{e.inbox}, Period: period.MustParse("2022-07"), Now: now}); err != nil {
		t.Fatal(err)
	}
	if err := w.Verify(); err != nil {
		t.Fatal(err)
	}
	recs, _ := w.AllRecords()
	if len(recs) != n {
		t.Errorf("%d records for %d inputs", len(recs), n)
	}
	cur, _ := w.Current(period.MustParse("2022-07"))
	if len(cur) != len(units) {
		t.Errorf("%d current returns for %d units", len(cur), len(units))
	}
	for _, r := range cur {
		if filepath.Base(filepath.Dir(r.Source)) != "r2" {
			t.Errorf("%s: current return is %s, want the last round's", r.Unit, r.Source)
		}
	}
}
