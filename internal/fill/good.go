package fill

import (
	"time"

	"taizhang/internal/plan"
	"taizhang/internal/template"
)

// Good is a correct return for a unit as of a day: measures due by then are done (with a date
// and evidence), every third other one is done early, the rest are on schedule.
func Good(p *plan.Plan, unit string, asOf time.Time) Form {
	f := Form{Rows: map[string]Row{}, Filler: "王磊", Phone: "0433-5301101", Checker: "李明", FillDate: asOf.AddDate(0, 0, 2)}
	due := asOf.Format(time.DateOnly)
	for i, r := range template.Rows(p, unit) {
		row := Row{Progress: "已召开专题会议研究部署，完成摸底排查，建立问题清单并推进整改。"}
		switch {
		case r.Due != "" && r.Due < due:
			row.Status, row.Done, row.Evidence = plan.StatusDone, asOf.AddDate(0, 0, -10), "会议纪要、问题清单"
		case i%3 == 0:
			row.Status, row.Done, row.Evidence = plan.StatusDone, asOf.AddDate(0, 0, -3), "工作方案"
		default:
			row.Status = plan.StatusOnTrack
		}
		f.Rows[r.Key()] = row
	}
	return f
}

// Return builds a unit's template and fills it with the form; edit, when given, changes the
// book after filling (a mistake, a formula, a deleted row…).
func Return(spec template.Spec, f Form, edit func(*Book) error) ([]byte, error) {
	b, err := template.Build(spec)
	if err != nil {
		return nil, err
	}
	data, err := b.Bytes()
	b.Close()
	if err != nil {
		return nil, err
	}
	fb, err := Open(data)
	if err != nil {
		return nil, err
	}
	defer fb.Close()
	if err := fb.Fill(f); err != nil {
		return nil, err
	}
	if edit != nil {
		if err := edit(fb); err != nil {
			return nil, err
		}
	}
	return fb.Bytes()
}
