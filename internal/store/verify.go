package store

import (
	"fmt"
)

// Verify checks that the workspace is consistent: the database passes SQLite's integrity
// check, every record's bytes are in the archive, every accepted original return has its
// entries, and references between records point at records. It is what a crash must never
// break.
func (w *Workspace) Verify() error {
	var res string
	if err := w.db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	recs, err := w.AllRecords()
	if err != nil {
		return err
	}
	ids := map[int64]bool{}
	for _, r := range recs {
		ids[r.ID] = true
	}
	for _, r := range recs {
		if r.Digest != "" {
			var n int
			if err := w.db.QueryRow(`SELECT COUNT(*) FROM archive WHERE sha256 = ?`, r.Digest).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("record %d: archived file missing", r.ID)
			}
		}
		if (r.DuplicateOf != 0 && !ids[r.DuplicateOf]) || (r.SupersededBy != 0 && !ids[r.SupersededBy]) {
			return fmt.Errorf("record %d refers to a missing record", r.ID)
		}
		if r.Accepted() && r.DuplicateOf == 0 {
			es, err := w.Entries(r.ID)
			if err != nil {
				return err
			}
			if len(es) == 0 {
				return fmt.Errorf("accepted record %d has no entries", r.ID)
			}
		}
	}
	return nil
}
