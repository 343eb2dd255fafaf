package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"taizhang/internal/decision"
)

// Decisions is the office's register of decisions, in the order recorded.
func (w *Workspace) Decisions() (decision.Register, error) {
	rows, err := w.db.Query(`SELECT id, kind, task, measure, day, doc, approver, note, due_to, forced, evidence, source,
		recorded_at FROM decisions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out decision.Register
	for rows.Next() {
		var d decision.Decision
		var kind, day, to, ev, at string
		var forced int
		if err := rows.Scan(&d.ID, &kind, &d.Task, &d.Measure, &day, &d.Doc, &d.By, &d.Note, &to, &forced, &ev, &d.Source, &at); err != nil {
			return nil, err
		}
		d.Kind, d.Forced, d.RecordedAt = decision.Kind(kind), forced != 0, parseTime(at)
		d.Date, _ = time.Parse(time.DateOnly, day)
		if to != "" {
			d.To, _ = time.Parse(time.DateOnly, to)
		}
		if err := json.Unmarshal([]byte(ev), &d.Evidence); err != nil {
			return nil, fmt.Errorf("decision %d: evidence: %w", d.ID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AddDecisions records decisions in one transaction — all of them or none — and returns them
// with their ids. source and digest name the review workbook they came from ("" when by
// command).
func (w *Workspace) AddDecisions(ds []decision.Decision, digest string, now time.Time) ([]decision.Decision, error) {
	tx, err := w.db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := make([]decision.Decision, len(ds))
	for i, d := range ds {
		ev, err := json.Marshal(orEmpty(d.Evidence))
		if err != nil {
			return nil, err
		}
		to := ""
		if !d.To.IsZero() {
			to = d.To.Format(time.DateOnly)
		}
		forced := 0
		if d.Forced {
			forced = 1
		}
		res, err := tx.Exec(`INSERT INTO decisions(kind, task, measure, day, doc, approver, note, due_to, forced, evidence,
			source, source_sha256, recorded_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(d.Kind), d.Task, d.Measure, d.Date.Format(time.DateOnly), d.Doc, d.By, d.Note, to, forced, string(ev),
			d.Source, digest, formatTime(now))
		if err != nil {
			return nil, err
		}
		d.ID, _ = res.LastInsertId()
		d.RecordedAt = now
		out[i] = d
	}
	return out, tx.Commit()
}

func orEmpty(refs []decision.Ref) []decision.Ref {
	if refs == nil {
		return []decision.Ref{}
	}
	return refs
}

// ReviewApplied is when decisions from a review workbook with these bytes were recorded; zero
// when never.
func (w *Workspace) ReviewApplied(digest string) (time.Time, error) {
	var at string
	err := w.db.QueryRow(`SELECT recorded_at FROM decisions WHERE source_sha256 = ? ORDER BY id LIMIT 1`, digest).Scan(&at)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return parseTime(at), nil
}
