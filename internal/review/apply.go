package review

import (
	"errors"
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/finding"
	"taizhang/internal/plan"
	"taizhang/internal/register"
	"taizhang/internal/store"
	"taizhang/internal/xlsx"
)

// Note is what a 销号 from a review workbook says of itself.
const Note = "经销号审核表审核"

// ApplyOptions say who applies a review workbook, and when.
type ApplyOptions struct {
	Name  string    // the file's name, kept with each decision as its source
	Clerk string    // 经办人: who applies it, noted with each decision ("" when not said)
	Now   time.Time // when; the day (local time) bounds the decisions' dates
}

// Apply checks a filled review workbook and records its 同意销号 rows as 销号 decisions, all
// of them or none: nothing is recorded when the workbook has an error, or when the register
// refuses one of them (a unit no longer reports 已完成, the measure is closed already…), and
// the refusals become findings on their rows. A workbook with the same bytes applied before is
// not applied again (Outcome.AppliedAt says when it was). The error is for the workspace
// failing, never for the workbook.
func Apply(w *store.Workspace, p *plan.Plan, data []byte, opts ApplyOptions) (*Outcome, error) {
	now := opts.Now.Local()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	out := Check(data, Context{Workspace: w.ID, Key: w.Key(), Plan: p, Today: today})
	if out.Identity == nil {
		return out, nil
	}
	out.Digest = store.Digest(data)
	at, err := w.ReviewApplied(out.Digest)
	if err != nil {
		return nil, err
	}
	if !at.IsZero() {
		out.AppliedAt = at
		return out, nil
	}
	if out.Findings.HasErrors() || len(out.Agreed) == 0 {
		return out, nil
	}
	note := Note
	if opts.Clerk != "" {
		note += "，经办人" + opts.Clerk
	}
	rows := map[string]int{}
	var ds []decision.Decision
	for _, e := range out.Agreed {
		rows[e.Key()] = e.Row
		ds = append(ds, decision.Decision{Kind: decision.Close, Task: e.Task, Measure: e.Measure, Date: e.Date, Doc: e.Doc, By: e.By,
			Note: note, Source: opts.Name})
	}
	res, err := register.Record(w, p, ds, out.Digest, opts.Now)
	var refused *register.Refused
	if errors.As(err, &refused) {
		out.Refused = true
		for _, r := range refused.Refusals {
			t, m, _ := plan.ParseRowKey(r.Key)
			loc := finding.Finding{Task: t, Measure: m}
			if row := rows[r.Key]; row > 0 {
				loc.Sheet, loc.Cell = SheetReview, xlsx.Cell(col(ColOpinion), row)
			}
			out.Findings.Addf(finding.ReviewRefused, loc, "%s", r.Reason)
		}
		out.Findings.Sort()
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	out.Recorded, out.Repeats = res.Recorded, res.Repeats
	return out, nil
}
