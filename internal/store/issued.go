package store

import (
	"path/filepath"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
)

// Issued is a template the office issued to a unit for a period: when, its 报送截止 and its
// file.
type Issued struct {
	Unit string
	At   time.Time
	Due  string // YYYY-MM-DD
	File string
	Rows int // the measures the template holds; -1 when not known (issued by an earlier version)
}

// RecordIssued notes the templates of a send list as issued now with their 报送截止, in one
// transaction; issuing a unit's template again replaces its 报送截止 and file, and keeps when
// it was first issued (what a return's sending time is bounded by).
func (w *Workspace) RecordIssued(p period.Period, items []template.SendItem, due time.Time, now time.Time) error {
	issued := make([]Issued, len(items))
	for i, it := range items {
		issued[i] = Issued{Unit: it.Unit, At: now, Due: due.Format(time.DateOnly), File: filepath.Base(it.File), Rows: it.Rows}
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
		if _, err := tx.Exec(`INSERT INTO issued(period, unit, issued_at, due, file, rows) VALUES(?, ?, ?, ?, ?, ?)
			ON CONFLICT(period, unit) DO UPDATE SET due = excluded.due, file = excluded.file, rows = excluded.rows`,
			p, it.Unit, formatTime(it.At), it.Due, it.File, it.Rows); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// IssuedIn lists the templates issued for a period, by unit.
func (w *Workspace) IssuedIn(p period.Period) (map[string]Issued, error) {
	rows, err := w.db.Query(`SELECT unit, issued_at, due, file, rows FROM issued WHERE period = ?`, p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Issued{}
	for rows.Next() {
		var it Issued
		var at string
		if err := rows.Scan(&it.Unit, &at, &it.Due, &it.File, &it.Rows); err != nil {
			return nil, err
		}
		it.At = parseTime(at)
		out[it.Unit] = it
	}
	return out, rows.Err()
}

// SendList is the send list of a period: a line for every unit its templates were issued to,
// in the plan's order, with the file, the 报送截止 and the unit's contact. Issuing one unit's
// template again changes its line only.
func (w *Workspace) SendList(p *plan.Plan, per period.Period) ([]template.SendItem, error) {
	issued, err := w.IssuedIn(per)
	if err != nil {
		return nil, err
	}
	assigned := template.Assignments(p)
	var out []template.SendItem
	for _, u := range p.ReportingUnits() {
		it, ok := issued[u]
		if !ok {
			continue
		}
		due, _ := time.Parse(time.DateOnly, it.Due)
		n := it.Rows
		if n < 0 {
			n = len(assigned[u])
		}
		out = append(out, template.Item(p, u, filepath.Join(w.Layout().Templates(per), it.File), n, due, per))
	}
	return out, nil
}

// PreviousFor is what each unit last reported in its accepted returns before a period, by unit
// and row key: what its templates of the period show as 上期进展, and prefill when it was
// 已完成.
func (w *Workspace) PreviousFor(per period.Period) (map[string]map[string]template.Previous, error) {
	st, err := w.EarlierStatements(per)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]template.Previous, len(st))
	for unit, m := range st {
		pm := make(map[string]template.Previous, len(m))
		for key, s := range m {
			pm[key] = template.Previous{Period: s.Period, Status: s.Entry.Status, Progress: s.Entry.Progress,
				DoneDate: s.Entry.DoneDate, Evidence: s.Entry.Evidence}
		}
		out[unit] = pm
	}
	return out, nil
}
