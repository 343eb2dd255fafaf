package samplegen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/register"
	"taizhang/internal/store"
	"taizhang/samples"
)

// Issued is when the story's templates of a period are issued: the 25th of the month.
func Issued(per period.Period) time.Time { return per.First().AddDate(0, 0, 24).Add(9 * time.Hour) }

// Received is when the story's returns of a period are collected: the 3rd of the next month,
// and the late corrections on the 7th, after the 报送截止 (the 5th): they are 逾期报送.
func Received(per period.Period, late bool) time.Time {
	r := per.First().AddDate(0, 1, 2).Add(9 * time.Hour)
	if late {
		r = r.AddDate(0, 0, 4)
	}
	return r
}

// InitDemo makes the demo's workspace in dir with the reviewed sample plan and the demo's
// public key, so that the bundled returns verify.
func InitDemo(dir string, now time.Time) (*store.Workspace, *plan.Plan, error) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		return nil, nil, err
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		return nil, nil, err
	}
	if pf.Findings.HasErrors() {
		return nil, nil, fmt.Errorf("sample plan: %v", pf.Findings)
	}
	w, err := store.Init(dir, pf, store.InitOptions{Now: now, Key: DemoKey, ID: DemoID})
	if err != nil {
		return nil, nil, err
	}
	return w, pf.Plan, nil
}

// Workspace builds the demo workspace in dir from the bundled samples and collects the
// story's returns, month by month, as `taizhang demo` does. Tests and benchmarks use it.
func Workspace(dir string) (*store.Workspace, *plan.Plan, error) {
	w, p, err := InitDemo(dir, Received(Periods[0], false))
	if err != nil {
		return nil, nil, err
	}
	inbox := filepath.Join(dir, "..", "收件箱")
	for _, per := range Periods {
		if period.Of(DecidedAt) == per {
			// the office's decisions of August, before August's returns
			if _, err := register.Record(w, p, Decisions(), "", DecidedAt); err != nil {
				w.Close()
				return nil, nil, err
			}
		}
		for _, late := range []bool{false, true} {
			folder := Inbox
			if late {
				folder = LateInbox
			}
			entries, err := samples.Files.ReadDir(samples.ReturnsDir + "/" + per.String() + "/" + folder)
			if err != nil {
				continue
			}
			dst := filepath.Join(inbox, per.String(), folder)
			os.MkdirAll(dst, 0o755)
			for _, e := range entries {
				b, err := samples.Files.ReadFile(samples.ReturnsDir + "/" + per.String() + "/" + folder + "/" + e.Name())
				if err != nil {
					return nil, nil, err
				}
				if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
					return nil, nil, err
				}
			}
			if _, err := collect.Run(context.Background(), w, p, collect.Options{Paths: []string{dst}, Period: per, Now: Received(per, late)}); err != nil {
				w.Close()
				return nil, nil, err
			}
		}
	}
	return w, p, nil
}
