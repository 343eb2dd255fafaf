// Package receipt writes the receipts (回执) the office mails back to units: for every return,
// a workbook with the verdict and the findings in plain Chinese, and a copy of the unit's own
// sheet, laid out as its template, with each problem cell highlighted and commented; and a
// short text version. A receipt is written for the unit clerk: no office paths, no internal
// sheet names, no cell references — “第4行「存在问题」栏”. It is built only from the return it
// answers, so it never holds another unit's data; inputs that could not be told as any unit's
// return get none (the office sees them in status).
//
// It imports store, intake, plan, period, template, xlsx and xlsx/scan (see internal/pipeline).
package receipt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"taizhang/internal/atomicfile"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/xlsx/scan"
)

// Written names the files of one receipt.
type Written struct {
	Record   *store.Record
	Workbook string
	Text     string
}

// Period is the period a receipt answers: the collection's (else the template's). A receipt
// never names another.
func Period(r *store.Record) period.Period {
	if !r.Collected.IsZero() {
		return r.Collected
	}
	return r.Period
}

// Folder is where the receipts answering a period's collection go.
func Folder(w *store.Workspace, r *store.Record) string { return w.Layout().Receipts(Period(r)) }

// File is the receipt workbook written for a record, "" when none yet. The record keeps the
// path as it was written; the file is looked for by its name in the workspace's receipts
// folder, so a command run from another folder, or a workspace moved, still finds it.
func File(w *store.Workspace, r *store.Record) string {
	if r.Receipt == "" {
		return ""
	}
	return filepath.Join(Folder(w, r), filepath.Base(r.Receipt))
}

// Wanted reports whether a record gets a receipt: a unit's input, not a repeat of a return
// already accepted, not withdrawn.
func Wanted(r *store.Record) bool {
	return r.Unit != "" && !(r.DuplicateOf != 0 && r.Accepted()) && r.Withdrawn == nil
}

// FileBase is a receipt's file name without extension: "经发局-2022年8月回执", and for the
// unit's second receipt of the same collection "经发局-2022年8月回执（2）". name is the unit's
// file name (plan.FileNames: different for units whose names make the same file name), seq
// the receipt's place among the unit's receipts of the collection, so names are unique and
// stay the same when receipts are written again.
func FileBase(name string, p period.Period, seq int) string {
	s := name + "-" + p.Label() + "回执"
	if seq > 1 {
		s += "（" + strconv.Itoa(seq) + "）"
	}
	return s
}

// Pending are the records of a period that want a receipt: those without one yet (or whose
// receipt file is gone or empty: removed, or lost in a crash), or all with all; duplicates of accepted returns never get one (the first copy's answers them).
// units, when not empty, limits them to those units.
func Pending(w *store.Workspace, per period.Period, units []string, all bool) ([]*store.Record, error) {
	records, err := w.Records(per)
	if err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, u := range units {
		only[u] = true
	}
	var todo []*store.Record
	for _, r := range records {
		if !Wanted(r) || (!all && r.Receipt != "" && present(File(w, r))) || (len(only) > 0 && !only[r.Unit]) {
			continue
		}
		todo = append(todo, r)
	}
	return todo, nil
}

// Records reads the records with the ids, in order.
func Records(w *store.Workspace, ids []int64) ([]*store.Record, error) {
	recs := make([]*store.Record, 0, len(ids))
	for _, id := range ids {
		r, err := w.Record(id)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", id, err)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// Union is the records of a followed by those of b that a does not have.
func Union(a, b []*store.Record) []*store.Record {
	have := map[int64]bool{}
	for _, r := range a {
		have[r.ID] = true
	}
	out := append([]*store.Record(nil), a...)
	for _, r := range b {
		if !have[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// WriteAll makes the receipts of many records in parallel and notes them in one transaction;
// progress, when not nil, is told of each receipt written.
// When ctx ends, no further receipt is begun; those already written are noted and returned
// with ctx's error.
func WriteAll(ctx context.Context, w *store.Workspace, p *plan.Plan, recs []*store.Record, workers int, progress func(done, total int)) ([]*Written, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wanted []*store.Record
	for _, r := range recs {
		if Wanted(r) {
			wanted = append(wanted, r)
		}
	}
	recs = wanted
	seq, err := sequence(w, recs)
	if err != nil {
		return nil, err
	}
	names := plan.FileNames(p.ReportingUnits())
	ids := make([]int64, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	evidence, err := w.EvidenceOf(ids) // one query for all: a few names a record
	if err != nil {
		return nil, err
	}
	var batch atomicfile.Batch // the files are made durable together, before they are noted
	cache := scan.NewCache()   // the returns share their workbook, relationships and styles parts
	dirs := &folders{made: map[string]bool{}}
	out := make([]*Written, len(recs))
	errs := make([]error, len(recs))
	jobs := make(chan job)
	var wg sync.WaitGroup
	var finished atomic.Int64
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := recs[j.i]
				out[j.i], errs[j.i] = make1(w, p, &batch, cache, dirs, r, j.data, evidence[r.ID], fileName(p, names, r.Unit), seq[r.ID])
				if n := finished.Add(1); progress != nil {
					progress(int(n), len(recs))
				}
			}
		}()
	}
	// the originals are read a few at a time, in one query each: memory holds a chunk and what
	// the workers are making, however many receipts
	interrupted := false
feed:
	for start := 0; start < len(recs); start += originalsChunk {
		part := recs[start:min(start+originalsChunk, len(recs))]
		var digests []string
		for _, r := range part {
			if r.Digest != "" {
				digests = append(digests, r.Digest)
			}
		}
		var originals map[string][]byte
		if len(digests) > 0 {
			if originals, err = w.ArchivedMany(digests); err != nil {
				originals = nil // each receipt is then written without the copy, as when one is missing
			}
		}
		for k := range part {
			select {
			case jobs <- job{i: start + k, data: originals[part[k].Digest]}:
			case <-ctx.Done():
				interrupted = true
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	done := map[int64]string{}
	var first error
	var written []*Written
	for i, wr := range out {
		if errs[i] != nil {
			if first == nil {
				first = errs[i]
			}
			continue
		}
		if wr == nil {
			continue // not begun: interrupted
		}
		done[wr.Record.ID] = wr.Workbook
		written = append(written, wr)
	}
	if first == nil && interrupted {
		first = ctx.Err()
	}
	if err := batch.Sync(); err != nil {
		return nil, err // nothing noted: the receipts are written again next time
	}
	if err := w.SetReceipts(done); err != nil && first == nil {
		first = err
	}
	return written, first
}

// sequence numbers each record among its unit's receipts of the collection it answers, in
// the order received.
func sequence(w *store.Workspace, recs []*store.Record) (map[int64]int, error) {
	out := map[int64]int{}
	done := map[period.Period]bool{}
	for _, r := range recs {
		p := Period(r)
		if done[p] {
			continue
		}
		done[p] = true
		all, err := w.Records(p)
		if err != nil {
			return nil, err
		}
		n := map[string]int{}
		for _, x := range all {
			if Wanted(x) && Period(x) == p {
				n[x.Unit]++
				out[x.ID] = n[x.Unit]
			}
		}
	}
	for _, r := range recs {
		if out[r.ID] == 0 {
			out[r.ID] = 1
		}
	}
	return out, nil
}

// fileName is a unit's file name: its own among the plan's units, or, for a unit no longer in
// the plan, one that none of theirs takes.
func fileName(p *plan.Plan, names map[string]string, unit string) string {
	if n, ok := names[unit]; ok {
		return n
	}
	return plan.FileNames(append(p.ReportingUnits(), unit))[unit]
}

// originalsChunk is how many originals are read from the archive in one query.
const originalsChunk = 16

// job is one receipt to make: the record's place and its original's bytes (nil when none).
type job struct {
	i    int
	data []byte
}

// folders are the receipt folders made so far in a run: each is made once.
type folders struct {
	mu   sync.Mutex
	made map[string]bool
}

func (f *folders) make(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.made[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f.made[dir] = true
	return nil
}

// make1 builds and writes one record's receipt files from its original's bytes and evidence.
func make1(w *store.Workspace, p *plan.Plan, batch *atomicfile.Batch, cache *scan.Cache, dirs *folders, r *store.Record, original []byte, evidence []store.Evidence, name string, seq int) (*Written, error) {
	dir := Folder(w, r)
	if err := dirs.make(dir); err != nil {
		return nil, err
	}
	base := filepath.Join(dir, FileBase(name, Period(r), seq))
	a := Answer{Record: r, Evidence: evidence}
	if r.Digest != "" && original != nil {
		a.Workbook, _ = intake.Read(original, scan.DefaultLimits, cache)
	}
	data, err := Book(p, a).Bytes()
	if err != nil {
		return nil, err
	}
	out := &Written{Record: r, Workbook: base + ".xlsx", Text: base + ".txt"}
	if err := batch.WriteBytes(out.Workbook, 0o644, data); err != nil {
		return nil, err
	}
	if err := batch.WriteBytes(out.Text, 0o644, []byte(Text(p, a))); err != nil {
		return nil, err
	}
	return out, nil
}

// Answer is what one receipt answers: the record, the return's workbook as read (nil when it
// could not be read), and the files that came with it.
type Answer struct {
	Record   *store.Record
	Workbook *intake.Workbook
	Evidence []store.Evidence
}

// present reports whether a receipt file is there and not empty.
func present(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() > 0
}
