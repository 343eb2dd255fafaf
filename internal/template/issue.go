package template

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
	// Progress is called after each unit's template is written; it may be nil.
	Progress func(done, total int)
}

// Write writes each unit's template into the folder and the send list beside them, and
// returns the send list's lines. Each file is written whole (temporary file, then rename), so
// an interrupted run leaves every template either as it was or complete; ctx is checked
// before each unit.
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
		rows := assigned[is.Plan.Canonical(u)]
		b, err := Build(Spec{Plan: is.Plan, Unit: u, Period: is.Period, AsOf: is.AsOf, Due: is.Due,
			Workspace: is.Workspace, Key: is.Key, Master: is.Master, Rows: rows, Fingerprint: fp})
		if err != nil {
			return items, fmt.Errorf("%s: %w", u, err)
		}
		name, ok := names[u]
		if !ok {
			name = FileNames(append(is.Plan.ReportingUnits(), u))[u]
		}
		path := filepath.Join(is.Dir, name+".xlsx")
		err = b.Save(path)
		b.Close()
		if err != nil {
			return items, err
		}
		it := SendItem{Unit: u, File: path, Rows: len(rows)}
		if unit := is.Plan.Unit(u); unit != nil {
			it.Email, it.Contact = unit.Email, unit.Contact
		}
		items = append(items, it)
		if is.Progress != nil {
			is.Progress(i+1, len(is.Units))
		}
	}
	if err := WriteSendList(is.Dir, is.Plan.Title+" "+is.Period.Label()+" 发送清单", items); err != nil {
		return items, fmt.Errorf("send list: %w", err)
	}
	return items, nil
}
