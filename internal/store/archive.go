package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// The archive keeps every received file's original bytes, once per content, addressed by its
// SHA-256, in the database itself: a file is archived in the same transaction as its intake
// record, so a crash can never leave a record without its file (or the other way round), and
// a batch of files costs one sync, not one per file.

// Digest is the hex SHA-256 of data: the archive's address of a file.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Archive keeps bytes at once, in their own transaction (the plan workbook); returns are
// archived with their records by Insert.
func (w *Workspace) Archive(data []byte) (string, error) {
	d := Digest(data)
	_, err := w.db.Exec(`INSERT INTO archive(sha256, data) VALUES(?, ?) ON CONFLICT(sha256) DO NOTHING`, d, data)
	return d, err
}

// Archived returns a kept file's bytes.
func (w *Workspace) Archived(digest string) ([]byte, error) {
	var data []byte
	err := w.db.QueryRow(`SELECT data FROM archive WHERE sha256 = ?`, digest).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("archived file %s: not found", digest)
	}
	return data, err
}

// ArchivedMany returns the bytes of many kept files, by digest; a digest not kept is left out
// of the map.
func (w *Workspace) ArchivedMany(digests []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(digests))
	err := queryIn(w.db, `SELECT sha256, data FROM archive WHERE sha256 IN (%s)`, digests, func(rows *sql.Rows) error {
		var d string
		var data []byte
		if err := rows.Scan(&d, &data); err != nil {
			return err
		}
		out[d] = data
		return nil
	})
	return out, err
}
