package store

import (
	"path/filepath"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/template"
)

// Issued is a template the office issued to a unit for a period: when, its 报送截止 and its
// file.
type Issued struct {
	Unit string
	At   time.Time
	Due  string // YYYY-MM-DD
	File string
}

// RecordIssued notes the templates of a send list as issued now with their 报送截止, in one
// transaction; issuing a unit's template again replaces its line.
func (w *Workspace) RecordIssued(p period.Period, items []template.SendItem, due time.Time, now time.Time) error {
	issued := make([]Issued, len(items))
	for i, it := range items {
		issued[i] = Issued{Unit: it.Unit, At: now, Due: due.Format(time.DateOnly), File: filepath.Base(it.File)}
	}
	return w.recordIssued(p, issued)
}

func (w *Workspace) recordIssued(p period.Period, items []Issued) error {
	if len(items) == 0 {
		return nil
	}
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, it := range items {
		if _, err := tx.Exec(`INSERT INTO issued(period, unit, issued_at, due, file) VALUES(?, ?, ?, ?, ?)
			ON CONFLICT(period, unit) DO UPDATE SET issued_at = excluded.issued_at, due = excluded.due, file = excluded.file`,
			p, it.Unit, formatTime(it.At), it.Due, it.File); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// IssuedIn lists the templates issued for a period, by unit.
func (w *Workspace) IssuedIn(p period.Period) (map[string]Issued, error) {
	rows, err := w.db.Query(`SELECT unit, issued_at, due, file FROM issued WHERE period = ?`, p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Issued{}
	for rows.Next() {
		var it Issued
		var at string
		if err := rows.Scan(&it.Unit, &at, &it.Due, &it.File); err != nil {
			return nil, err
		}
		it.At = parseTime(at)
		out[it.Unit] = it
	}
	return out, rows.Err()
}
