package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/store"
	"taizhang/samples"
)

// A write that finds the disk full fails with an error DiskFull recognizes, and what was
// recorded before is still there: SQLite's own SQLITE_FULL (here from a capped database), the
// disk I/O error 4874 it gives when its -shm file cannot grow (a full disk when a workspace is
// opened), ENOSPC from the system, however they are wrapped.
func TestDiskFull(t *testing.T) {
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, data)
	now := time.Date(2022, 8, 3, 0, 0, 0, 0, time.UTC)
	rec := func(i int, size int) store.NewRecord {
		b := bytes.Repeat([]byte{byte(i)}, size)
		return store.NewRecord{Record: &store.Record{ReceivedAt: now, Source: fmt.Sprintf("r%d.xlsx", i), Digest: store.Digest(b),
			Size: int64(size), Verdict: "rejected", Findings: nil}, Data: b}
	}
	if err := w.Insert([]store.NewRecord{rec(1, 100)}); err != nil {
		t.Fatal(err)
	}
	if err := w.LimitPages(1); err != nil { // no page more than it has
		t.Fatal(err)
	}
	err = w.Insert([]store.NewRecord{rec(2, 1<<20)})
	if err == nil {
		t.Fatal("a write past the cap succeeded")
	}
	t.Logf("the capped write: %v", err)
	if !store.DiskFull(err) {
		t.Errorf("SQLite's own error is not taken for a full disk: %v", err)
	}
	if !store.DiskFull(fmt.Errorf("collect: %v", err)) {
		t.Errorf("its text, wrapped without %%w, is not: %v", err)
	}
	for _, e := range []error{
		fmt.Errorf("prepare database: %w", errors.New("disk I/O error (4874)")),
		&fs.PathError{Op: "write", Path: "out/台账.xlsx", Err: syscall.ENOSPC},
		fmt.Errorf("save: %w", &fs.PathError{Op: "write", Path: "x", Err: errors.New("There is not enough space on the disk.")}),
	} {
		if !store.DiskFull(e) {
			t.Errorf("%v is not taken for a full disk", e)
		}
	}
	for _, e := range []error{errors.New("disk I/O error (10)"), fs.ErrPermission, errors.New("database is locked (5)")} {
		if store.DiskFull(e) {
			t.Errorf("%v is taken for a full disk", e)
		}
	}
	if recs, err := w.Records(period.Period{}); err != nil || len(recs) == 0 {
		t.Errorf("what was recorded before: %d records, %v", len(recs), err)
	}
}
