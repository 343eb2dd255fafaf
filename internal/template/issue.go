package template

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"taizhang/internal/atomicfile"
	"taizhang/internal/decision"
	"taizhang/internal/xlsx"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/plan"
)

// Issue is one month's templates to write: for which units, into which folder.
type Issue struct {
	Plan      *plan.Plan
	Units     []string // reporting units, in order
	Period    period.Period
	AsOf      time.Time // 截至日期
	Due       time.Time // 报送截止
	Workspace string    // workspace id
	Key       []byte    // workspace signing key
	Master    []byte    // master design workbook
	Dir       string    // the period's templates folder
	// Previous is what each unit last reported in an accepted return, by unit and row key.
	Previous map[string]map[string]Previous
	// Decided is the office's decisions in force on the 截至日期, by row key: closed measures
	// are left out (a unit with none open gets no template), extended ones show their new
	// deadline.
	Decided map[string]decision.State
	// Progress is called after each unit's template is written; it may be nil.
	Progress func(done, total int)
}

// Write writes each unit's template into the folder and returns their send list lines (the
// send list itself is written by WriteSendList, with every unit issued for the period). Each
// file is written whole (temporary file, then rename), so an interrupted run leaves every
// template either as it was or complete; the files are made durable together at the end.
// Templates are built on as many workers as there are processors; ctx is checked before each
// unit, and the lines of the units done are returned in the units' order.
func (is Issue) Write(ctx context.Context) ([]SendItem, error) {
	if err := os.MkdirAll(is.Dir, 0o755); err != nil {
		return nil, err
	}
	assigned := Assignments(is.Plan)
	fp := plan.Fingerprint(is.Plan)
	// names for every reporting unit, so that a unit's file is the same whichever are written
	names := FileNames(is.Plan.ReportingUnits())
	layout, err := masterLayoutOf(is.Master)
	if err != nil {
		return nil, err
	}
	var batch atomicfile.Batch
	items := make([]*SendItem, len(is.Units))
	errs := make([]error, len(is.Units))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var finished atomic.Int64
	for k := 0; k < runtime.GOMAXPROCS(0); k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := is.Units[i]
				rows := Decided(assigned[is.Plan.Canonical(u)], is.Decided)
				if len(rows) > 0 { // else every measure of the unit is closed: nothing to report
					name, ok := names[u]
					if !ok {
						name = FileNames(append(is.Plan.ReportingUnits(), u))[u]
					}
					spec := Spec{Plan: is.Plan, Unit: u, Period: is.Period, AsOf: is.AsOf, Due: is.Due, Workspace: is.Workspace,
						Key: is.Key, Master: is.Master, Rows: rows, Fingerprint: fp, Layout: layout, Previous: is.Previous[is.Plan.Canonical(u)]}
					path := filepath.Join(is.Dir, FileForName(name, is.Period))
					if errs[i] = writeOne(&batch, spec, path); errs[i] == nil {
						it := Item(is.Plan, u, path, len(rows), is.Due, is.Period)
						items[i] = &it
					}
				}
				if n := finished.Add(1); is.Progress != nil {
					is.Progress(int(n), len(is.Units))
				}
			}
		}()
	}
feed:
	for i := range is.Units {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	var out []SendItem
	for i, it := range items {
		if errs[i] != nil {
			err = fmt.Errorf("%s: %w", is.Units[i], errs[i])
			break
		}
		if it != nil {
			out = append(out, *it)
		}
	}
	if serr := batch.Sync(); err == nil {
		err = serr
	}
	if err == nil {
		err = ctx.Err()
	}
	return out, err
}

// writeOne builds one unit's template and writes it.
func writeOne(batch *atomicfile.Batch, spec Spec, path string) error {
	b, err := Build(spec)
	if err != nil {
		return err
	}
	defer b.Close()
	data, err := b.Bytes()
	if err != nil {
		return err
	}
	return batch.WriteBytes(path, 0o644, data)
}

// masterLayoutOf checks a master design once for many templates.
func masterLayoutOf(master []byte) (*Master, error) {
	b, err := xlsx.OpenBook(master)
	if err != nil {
		return nil, fmt.Errorf("open master design: %w", err)
	}
	defer b.Close()
	return MasterLayout(b)
}

// Item is a unit's line of the send list.
func Item(p *plan.Plan, unit, file string, rows int, due time.Time, per period.Period) SendItem {
	it := SendItem{Unit: unit, File: file, Rows: rows, Due: due.Format(time.DateOnly), Subject: Subject(unit, per)}
	if u := p.Unit(unit); u != nil {
		it.Email, it.Contact, it.Phone = u.Email, u.Contact, u.Phone
	}
	return it
}
