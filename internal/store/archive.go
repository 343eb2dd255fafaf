package store

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"taizhang/internal/atomicfile"
)

// Digest is the hex SHA-256 of data: the archive's address of a file.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// archivePath is where a file with the digest is kept: archive/ab/abcdef….
func (w *Workspace) archivePath(digest string) string {
	return filepath.Join(w.Dir, ArchiveDir, digest[:2], digest)
}

// Archive keeps a received file's original bytes, once per content.
func (w *Workspace) Archive(data []byte) (string, error) {
	d := Digest(data)
	p := w.archivePath(d)
	if st, err := os.Stat(p); err == nil && st.Size() == int64(len(data)) {
		return d, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	return d, atomicfile.WriteBytes(p, 0o444, data)
}

// Archived returns a kept file's bytes.
func (w *Workspace) Archived(digest string) ([]byte, error) {
	return os.ReadFile(w.archivePath(digest))
}
