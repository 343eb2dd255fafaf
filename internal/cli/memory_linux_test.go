//go:build linux

package cli

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"taizhang/internal/store"
)

// Memory is bounded by design, not by the size of the inputs: 200 returns of 15 MB each (a
// unit's photos in the workbook, each file under the 20 MB limit) are collected — every one
// checked and archived with its record — by a process whose peak resident memory stays under
// 400 MB.
func TestCollectMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and collects 3 GB of returns; skipped with -short")
	}
	if _, err := os.Stat(os.Args[0]); err != nil {
		t.Skip("the test binary cannot be run again as a child")
	}
	const files, size, bound = 200, 15 << 20, 400 << 20
	s := newStory(t)
	var fs syscall.Statfs_t
	if err := syscall.Statfs(s.dir, &fs); err == nil && fs.Bavail*uint64(fs.Bsize) < 8<<30 {
		t.Skipf("needs 8 GB of free disk for the returns and the workspace; %d GB free", fs.Bavail*uint64(fs.Bsize)>>30)
	}
	base := s.form("商务局", day("2022-07-31"), nil)
	ret, err := os.ReadFile(s.ret("2022-07", "商务局", base, nil, "base/商务局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(s.dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	rng := rand.New(rand.NewSource(1))
	photo := make([]byte, size-len(ret)-4096)
	for i := 0; i < files; i++ {
		rng.Read(photo)
		data := withPhoto(t, ret, photo)
		if len(data) >= 20<<20 {
			t.Fatalf("a return of %d bytes is over the limit", len(data))
		}
		if err := os.WriteFile(filepath.Join(inbox, "商务局-"+strconv.Itoa(i)+".xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	child := exec.Command(os.Args[0], "collect", "-w", s.ws, "--period", "2022-07", inbox, "-q", "--no-receipts")
	child.Env = append(os.Environ(), "TAIZHANG_TEST_MAIN=1")
	var errs bytes.Buffer
	child.Stderr = &errs
	if err := child.Run(); err != nil && child.ProcessState.ExitCode() != ExitData {
		t.Fatalf("collect: %v\n%s", err, errs.String())
	}
	peak := child.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // kilobytes on Linux
	w, err := store.Open(s.ws)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	recs, err := w.AllRecords()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != files {
		t.Fatalf("%d records of %d files", len(recs), files)
	}
	for _, r := range recs[:3] {
		if data, err := w.Archived(r.Digest); err != nil || int64(len(data)) != r.Size {
			t.Fatalf("%s not archived whole: %v", r.Source, err)
		}
	}
	t.Logf("peak resident memory %d MB for %d files of %d MB", peak>>20, files, size>>20)
	if peak > bound {
		t.Errorf("peak resident memory %d MB, want under %d MB", peak>>20, bound>>20)
	}
}

// withPhoto adds an incompressible picture to a workbook's package, stored as a unit's
// spreadsheet program stores a photo.
func withPhoto(t *testing.T, data, photo []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/image1.jpeg", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(photo)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
