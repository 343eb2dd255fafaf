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
	"sort"
	"sync"
)

// Write creates or replaces path with what fill writes.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	return write(path, perm, fill, true)
}

// write writes through a temporary file; durable syncs the file before the rename and the
// folder after it.
func write(path string, perm os.FileMode, fill func(w io.Writer) error, durable bool) (err error) {
	dir := filepath.Dir(path)
	// the temporary file's name is fixed for its target: one left by a killed run is simply
	// written over by the next write of the same file (a run holds the workspace's lock, so no
	// two writers share a target)
	tmp, err := os.OpenFile(filepath.Join(dir, "."+filepath.Base(path)+".tmp"), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
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
	if durable {
		if err = tmp.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", name, err)
		}
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", name, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("rename %s: %w", name, err)
	}
	if durable {
		syncDir(dir)
	}
	return nil
}

// Batch writes many files whose durability can wait for the end of the batch — thousands of
// receipts: each file is written whole and renamed into place as Write does, and Sync then
// makes them all durable at once (one sync of the file system where the platform has it,
// instead of two for every file). Until Sync returns, a crash may lose the batch's files:
// record that they exist only after it.
type Batch struct {
	mu    sync.Mutex
	paths []string
	dirs  map[string]bool
}

// WriteBytes creates or replaces path with data.
func (b *Batch) WriteBytes(path string, perm os.FileMode, data []byte) error {
	err := write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, false)
	if err == nil {
		b.mu.Lock()
		if b.dirs == nil {
			b.dirs = map[string]bool{}
		}
		b.paths = append(b.paths, path)
		b.dirs[filepath.Dir(path)] = true
		b.mu.Unlock()
	}
	return err
}

// Sync makes every file written so far durable, with their folders.
func (b *Batch) Sync() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.paths) == 0 {
		return nil
	}
	dirs := make([]string, 0, len(b.dirs))
	for d := range b.dirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	if err := syncAll(b.paths, dirs); err != nil {
		return err
	}
	b.paths, b.dirs = nil, nil
	return nil
}

// syncEach syncs every file and folder, one by one: where the platform has no file-system sync.
func syncEach(paths, dirs []string) error {
	for _, p := range paths {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", p, err)
		}
	}
	for _, d := range dirs {
		syncDir(d)
	}
	return nil
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

// WriteBytes replaces path with data.
func WriteBytes(path string, perm os.FileMode, data []byte) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
