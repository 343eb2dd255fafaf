package store_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"taizhang/internal/store"
	"taizhang/samples"
)

// The files of a workspace that hold the office's data — the database with its -wal and -shm
// (every return, contacts, the originals), the key, the plan copy — and the lock are readable
// by the office's account only, whether the workspace is new or was made by an earlier
// version with wider modes.
func TestWorkspaceFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix file modes")
	}
	data, err := samples.Files.ReadFile(samples.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ws")
	w, err := initWith(dir, data, time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	private := []string{store.DBName, store.DBName + "-wal", store.DBName + "-shm", store.KeyName, store.LockName, store.PlanName}
	check := func(when string) {
		t.Helper()
		for _, name := range private {
			st, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Errorf("%s: %s: %v", when, name, err)
				continue
			}
			if st.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: %s has mode %v, want 0600", when, name, st.Mode().Perm())
			}
		}
	}
	check("new workspace")
	w.Close()
	// a workspace made before: the files as an earlier version left them
	for _, name := range private {
		os.Chmod(filepath.Join(dir, name), 0o644)
	}
	w, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	check("opened again")
}
