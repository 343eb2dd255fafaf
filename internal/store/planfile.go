package store

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"taizhang/internal/atomicfile"
	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

// PlanFile is a plan workbook's bytes and the plan read from them, with the findings of its
// check: what a workspace installs.
type PlanFile struct {
	Data     []byte
	Plan     *plan.Plan
	Findings finding.List
}

// ReadPlanFile reads a plan workbook from its bytes.
func ReadPlanFile(data []byte) (PlanFile, error) {
	p, fs, err := plan.Read(data)
	if err != nil {
		return PlanFile{}, err
	}
	return PlanFile{Data: data, Plan: p, Findings: fs}, nil
}

// installPlan records a plan as installed — its fingerprint, its bytes in the archive, what
// changed, and the plan as read for the next command — in one transaction, and only then
// replaces the workspace's plan workbook. A failure before the replacement leaves the old plan
// in place and unrecorded changes are found again on the next try; a failure of the
// replacement itself leaves the old workbook, and the next try installs the plan again.
func (w *Workspace) installPlan(pf PlanFile, changes string, now time.Time) error {
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	digest := Digest(pf.Data)
	if _, err := tx.Exec(`INSERT INTO archive(sha256, data) VALUES(?, ?) ON CONFLICT(sha256) DO NOTHING`, digest, pf.Data); err != nil {
		return fmt.Errorf("archive plan: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO plans(fingerprint, sha256, installed_at, changes) VALUES(?, ?, ?, ?)`,
		plan.Fingerprint(pf.Plan), digest, now.UTC().Format(time.RFC3339), changes); err != nil {
		return fmt.Errorf("record plan: %w", err)
	}
	if err := cachePlan(tx, planCacheKey(pf.Data), pf.Plan, pf.Findings); err != nil {
		return fmt.Errorf("keep plan: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return atomicfile.WriteBytes(w.PlanPath(), 0o600, pf.Data)
}

// UpdatePlan replaces the workspace's plan with another and returns what changed; nothing is
// done (and nil returned) when nothing changed. The plan must have no errors.
func (w *Workspace) UpdatePlan(pf PlanFile, now time.Time) ([]plan.Change, error) {
	if pf.Plan == nil || pf.Findings.HasErrors() {
		return nil, fmt.Errorf("plan with errors")
	}
	old, _, err := w.Plan()
	if err != nil {
		if !os.IsNotExist(err) {
			return nil, err
		}
		old = &plan.Plan{}
	}
	changes := plan.Changes(old, pf.Plan)
	if len(changes) == 0 {
		return nil, nil
	}
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = c.Text
	}
	return changes, w.installPlan(pf, strings.Join(lines, "\n"), now)
}

// execer is what the plan cache writes through: the database or a transaction.
type execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}
