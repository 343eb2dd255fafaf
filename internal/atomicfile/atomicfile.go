// Package atomicfile writes files so that a reader sees either the old file or the whole new
// one, never a half-written one: write a temporary file in the same folder, sync, close,
// rename, sync the folder; remove the temporary file on any error.
//
// It imports nothing of taizhang.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write creates or replaces path with what fill writes.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file in %s: %w", dir, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("chmod %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", name, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("rename %s: %w", name, err)
	}
	syncDir(dir)
	sweep(dir, filepath.Base(path))
	return nil
}

// sweep removes temporary files of the same target left by a run that was killed: they were
// never renamed, so nothing refers to them.
func sweep(dir, base string) {
	stale, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".tmp-*"))
	for _, f := range stale {
		os.Remove(f)
	}
}

func globEscape(s string) string {
	var b []rune
	for _, r := range s {
		switch r {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, r)
	}
	return string(b)
}

// WriteBytes replaces path with data.
func WriteBytes(path string, perm os.FileMode, data []byte) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// syncDir makes the rename durable where the platform allows it; Windows cannot sync a
// directory handle, and a failure there changes nothing for the reader.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
