package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.xlsx")
	if err := WriteBytes(path, 0o644, []byte("old")); err != nil {
		t.Fatal(err)
	}
	// a temporary file left by a killed run
	os.WriteFile(filepath.Join(dir, ".台账.xlsx.tmp"), []byte("half written by a killed run"), 0o644)
	if err := WriteBytes(path, 0o644, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "new" {
		t.Errorf("content %q", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A failure while writing (a full disk) leaves the old file and no temporary file.
func TestFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.pdf")
	WriteBytes(path, 0o644, []byte("old"))
	full := errors.New("no space left on device")
	err := Write(path, 0o644, func(w io.Writer) error {
		w.Write([]byte("part of the new"))
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("error %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("content %q", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A folder that cannot hold the file gives an error, not a half-written file.
func TestUnwritableFolder(t *testing.T) {
	dir := t.TempDir()
	notDir := filepath.Join(dir, "a-file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	if err := WriteBytes(filepath.Join(notDir, "out.xlsx"), 0o644, []byte("x")); err == nil {
		t.Fatal("no error")
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := WriteBytes(filepath.Join(ro, "out.xlsx"), 0o644, []byte("x")); err == nil {
			t.Fatal("no error in a read-only folder")
		}
	}
}
