package template

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"taizhang/internal/decision"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/plan"
)

// Issue is one month's templates to write: for which units, into which folder.
type Issue struct {
	Plan      *plan.Plan
	Units     []string // reporting units, in order
	Period    period.Period
	AsOf      time.Time // 截至日期
	Due       time.Time // 报送截止
	Workspace string    // workspace id
	Key       []byte    // workspace signing key
	Master    []byte    // master design workbook
	Dir       string    // the period's templates folder
	// Previous is what each unit last reported in an accepted return, by unit and row key.
	Previous map[string]map[string]Previous
	// Decided is the office's decisions in force on the 截至日期, by row key: closed measures
	// are left out (a unit with none open gets no template), extended ones show their new
	// deadline.
	Decided map[string]decision.State
	// Progress is called after each unit's template is written; it may be nil.
	Progress func(done, total int)
}

// Write writes each unit's template into the folder and returns their send list lines (the
// send list itself is written by WriteSendList, with every unit issued for the period). Each
// file is written whole (temporary file, then rename), so an interrupted run leaves every
// template either as it was or complete; ctx is checked before each unit.
func (is Issue) Write(ctx context.Context) ([]SendItem, error) {
	if err := os.MkdirAll(is.Dir, 0o755); err != nil {
		return nil, err
	}
	assigned := Assignments(is.Plan)
	fp := plan.Fingerprint(is.Plan)
	// names for every reporting unit, so that a unit's file is the same whichever are written
	names := FileNames(is.Plan.ReportingUnits())
	var items []SendItem
	for i, u := range is.Units {
		if err := ctx.Err(); err != nil {
			return items, err
		}
		rows := Decided(assigned[is.Plan.Canonical(u)], is.Decided)
		if len(rows) == 0 {
			continue // every measure of the unit is closed: nothing to report
		}
		b, err := Build(Spec{Plan: is.Plan, Unit: u, Period: is.Period, AsOf: is.AsOf, Due: is.Due,
			Workspace: is.Workspace, Key: is.Key, Master: is.Master, Rows: rows, Fingerprint: fp, Previous: is.Previous[is.Plan.Canonical(u)]})
		if err != nil {
			return items, fmt.Errorf("%s: %w", u, err)
		}
		name, ok := names[u]
		if !ok {
			name = FileNames(append(is.Plan.ReportingUnits(), u))[u]
		}
		path := filepath.Join(is.Dir, FileForName(name, is.Period))
		err = b.Save(path)
		b.Close()
		if err != nil {
			return items, err
		}
		items = append(items, Item(is.Plan, u, path, len(rows), is.Due, is.Period))
		if is.Progress != nil {
			is.Progress(i+1, len(is.Units))
		}
	}
	return items, nil
}

// Item is a unit's line of the send list.
func Item(p *plan.Plan, unit, file string, rows int, due time.Time, per period.Period) SendItem {
	it := SendItem{Unit: unit, File: file, Rows: rows, Due: due.Format(time.DateOnly), Subject: Subject(unit, per)}
	if u := p.Unit(unit); u != nil {
		it.Email, it.Contact, it.Phone = u.Email, u.Contact, u.Phone
	}
	return it
}
