package store_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"taizhang/internal/plan"
	"taizhang/internal/samplegen"
	"taizhang/internal/store"
	"taizhang/internal/synth"
	"taizhang/samples"
)

func newWorkspace(t *testing.T, data []byte) *store.Workspace {
	t.Helper()
	w, err := initWith(filepath.Join(t.TempDir(), "ws"), data, time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// initWith makes a workspace with the plan workbook's bytes and the demo's key.
func initWith(dir string, data []byte, now time.Time) (*store.Workspace, error) {
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		return nil, err
	}
	return store.Init(dir, pf, store.InitOptions{Now: now, Key: samplegen.DemoKey, ID: samplegen.DemoID})
}

// samePlan compares what a user of the plan sees: every exported field.
func samePlan(t *testing.T, what string, got, want *plan.Plan) {
	t.Helper()
	g, wt := *got, *want
	if !reflect.DeepEqual(g.Title, wt.Title) || !reflect.DeepEqual(g.Settings, wt.Settings) ||
		!reflect.DeepEqual(g.Tasks, wt.Tasks) || !reflect.DeepEqual(g.Units, wt.Units) {
		t.Errorf("%s: the plan differs from the workbook as read", what)
	}
}

func TestPlanCacheGivesThePlanAsRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"sample", func(t *testing.T) []byte {
			d, err := samples.Files.ReadFile(samples.PlanName)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}},
		{"synthetic", func(t *testing.T) []byte {
			b := plan.Workbook(synth.Plan(30, 5, 7))
			defer b.Close()
			d, err := b.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			return d
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			want, wantFs, err := plan.Read(data)
			if err != nil {
				t.Fatal(err)
			}
			w := newWorkspace(t, data)
			for _, pass := range []string{"first read", "from the cache"} {
				got, fs, err := w.Plan()
				if err != nil {
					t.Fatalf("%s: %v", pass, err)
				}
				samePlan(t, pass, got, want)
				if !reflect.DeepEqual(fs, wantFs) && (len(fs) != 0 || len(wantFs) != 0) {
					t.Errorf("%s: findings %v, want %v", pass, fs, wantFs)
				}
				// lookups work on a cached plan (its indexes are rebuilt)
				if len(want.Units) > 0 && got.Unit(want.Units[0].Name) == nil {
					t.Errorf("%s: unit %s not found", pass, want.Units[0].Name)
				}
			}
			if n := w.PlanCacheEntries(); n != 1 {
				t.Errorf("cache holds %d plans, want 1", n)
			}
		})
	}
}

func TestPlanCacheFollowsTheWorkbook(t *testing.T) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, data)
	p1, _, err := w.Plan()
	if err != nil {
		t.Fatal(err)
	}
	// the office edits the plan: the next read sees the edit, not the cached plan
	edited, _, err := plan.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	edited.Title = "另一个整改方案"
	b := plan.Workbook(edited)
	d2, err := b.Bytes()
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.PlanPath(), d2, 0o644); err != nil {
		t.Fatal(err)
	}
	p2, _, err := w.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if p2.Title != "另一个整改方案" || p1.Title == p2.Title {
		t.Errorf("after the edit the plan's title is %q (before %q)", p2.Title, p1.Title)
	}
	if n := w.PlanCacheEntries(); n != 1 {
		t.Errorf("cache holds %d plans, want only the current one", n)
	}
}

func TestPlanCacheDamagedEntryIsIgnored(t *testing.T) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := plan.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, data)
	if _, _, err := w.Plan(); err != nil {
		t.Fatal(err)
	}
	w.DamagePlanCache()
	got, _, err := w.Plan()
	if err != nil {
		t.Fatal(err)
	}
	samePlan(t, "after damage", got, want)
	// a plan workbook that went missing is an error, not a cached answer
	if err := os.Remove(w.PlanPath()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Plan(); err == nil {
		t.Error("plan read from the cache although the workbook is gone")
	}
}

// BenchmarkPlan reads the plan of 2,000 units × 20 measures (the scale benchmark's) from its
// workbook and from the cache.
func BenchmarkPlan(b *testing.B) {
	bk := plan.Workbook(synth.Plan(2000, 20, 1))
	data, err := bk.Bytes()
	bk.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("workbook", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := plan.Read(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		w, err := initWith(filepath.Join(b.TempDir(), "ws"), data, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		defer w.Close()
		if _, _, err := w.Plan(); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, _, err := w.Plan(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
