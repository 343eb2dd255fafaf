package samplegen

import (
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
)

// DecidedAt is when the office records the story's decisions: on 20 August, once July's
// returns and the corrections are in, before August's templates are issued.
var DecidedAt = time.Date(2022, 8, 20, 10, 0, 0, 0, time.UTC)

// Decisions are the story's decisions of August: the office checks the evidence of three
// measures their units reported 已完成 in July and closes them (验收销号), and approves a new
// deadline for one that was overdue (延期). August's templates leave the closed measures out
// and show the extension.
func Decisions() []decision.Decision {
	day := time.Date(2022, 8, 20, 0, 0, 0, 0, time.UTC)
	closeIt := func(t, m int) decision.Decision {
		return decision.Decision{Kind: decision.Close, Task: t, Measure: m, Date: day, Doc: "长整改办〔2022〕12号", By: "李建国",
			Note: "经现场核查，佐证材料齐全"}
	}
	return []decision.Decision{
		closeIt(12, 4), closeIt(16, 1), closeIt(17, 1),
		{Kind: decision.Extend, Task: 28, Measure: 1, Date: day, To: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC),
			Doc: "长整改办〔2022〕13号", By: "李建国", Note: "涉及跨年度修复工程，经领导小组批准延期"},
	}
}

// rowsFor are a unit's rows in its template of a period: the plan's, with the story's
// decisions in force on the period's last day applied.
func rowsFor(p *plan.Plan, unit string, per period.Period) []template.Row {
	return template.Decided(template.Rows(p, unit), decision.Register(Decisions()).As(per.Last()))
}
