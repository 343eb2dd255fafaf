package samplegen

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/samples"
)

// Received is when the story's returns of a period are collected: the 3rd of the next month,
// and the late corrections two days later.
func Received(period string, late bool) time.Time {
	t, _ := time.Parse("2006-01", period)
	r := t.AddDate(0, 1, 2).Add(9 * time.Hour)
	if late {
		r = r.AddDate(0, 0, 2)
	}
	return r
}

// Workspace builds the demo workspace in dir from the bundled samples and collects the
// story's returns, month by month, as `taizhang demo` does. Tests and benchmarks use it.
func Workspace(dir string) (*store.Workspace, *plan.Plan, error) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		return nil, nil, err
	}
	w, err := store.InitWith(dir, data, false, Received("2022-07", false), DemoKey, DemoID)
	if err != nil {
		return nil, nil, err
	}
	p, fs, err := w.Plan()
	if err != nil || fs.HasErrors() {
		w.Close()
		return nil, nil, fmt.Errorf("sample plan: %v %v", err, fs)
	}
	if err := w.RecordPlan(plan.Fingerprint(p), data, "", Received("2022-07", false)); err != nil {
		w.Close()
		return nil, nil, err
	}
	inbox := filepath.Join(dir, "..", "收件箱")
	for _, period := range Periods {
		for _, late := range []bool{false, true} {
			folder := Inbox
			if late {
				folder = LateInbox
			}
			entries, err := samples.Files.ReadDir(samples.ReturnsDir + "/" + period + "/" + folder)
			if err != nil {
				continue
			}
			dst := filepath.Join(inbox, period, folder)
			os.MkdirAll(dst, 0o755)
			for _, e := range entries {
				b, err := samples.Files.ReadFile(samples.ReturnsDir + "/" + period + "/" + folder + "/" + e.Name())
				if err != nil {
					return nil, nil, err
				}
				if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
					return nil, nil, err
				}
			}
			if _, err := collect.Run(w, p, collect.Options{Paths: []string{dst}, Period: period, Now: Received(period, late)}); err != nil {
				w.Close()
				return nil, nil, err
			}
		}
	}
	return w, p, nil
}
