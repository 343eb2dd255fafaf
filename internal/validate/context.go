package validate

import (
	"sync"
	"taizhang/internal/decision"

	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx/scan"
)

// Context is what the rules need beyond the file. It is read-only during a run, so that files
// can be checked in parallel.
type Context struct {
	WorkspaceID string
	Key         []byte
	Plan        *plan.Plan                                                   // the current plan
	PlanFor     func(fingerprint string) *plan.Plan                          // the plan a template was made from; nil when unknown
	Period      period.Period                                                // the period being collected; zero accepts any
	Previous    func(unit string, per period.Period) map[string]intake.Entry // what the unit reported the period before, by row key
	Limits      scan.Limits
	Cache       *scan.Cache       // what the scans of a run share; nil: nothing
	Decisions   decision.Register // the office's 销号 and 延期: an extended measure is judged by its new deadline

	reporting   map[string]bool                          // prepared once: the plan's reporting units
	fingerprint string                                   // prepared once: the plan's fingerprint
	assigned    map[string][]template.Row                // prepared once: each unit's rows in the plan
	older       map[*plan.Plan]map[string][]template.Row // rows of earlier plans, by need
	decided     map[string][]decision.Decision           // prepared once: the decisions of each measure
	mu          sync.Mutex
}

// Prepare computes what every file's check needs from the plan, once, before files are checked
// (in parallel). Check calls it if the caller did not.
func (ctx *Context) Prepare() {
	if ctx.reporting != nil {
		return
	}
	ctx.reporting = map[string]bool{}
	for _, u := range ctx.Plan.ReportingUnits() {
		ctx.reporting[u] = true
	}
	ctx.fingerprint = plan.Fingerprint(ctx.Plan)
	ctx.assigned = template.Assignments(ctx.Plan)
	ctx.older = map[*plan.Plan]map[string][]template.Row{}
	ctx.decided = map[string][]decision.Decision{}
	for _, d := range ctx.Decisions {
		ctx.decided[d.Key()] = append(ctx.decided[d.Key()], d)
	}
}

// rows is a unit's rows in a plan: the current one's are prepared, an earlier plan's are
// computed once and kept.
func (ctx *Context) rows(p *plan.Plan, unit string) []template.Row {
	if p == ctx.Plan {
		return ctx.assigned[unit]
	}
	ctx.mu.Lock()
	defer ctx.mu.Unlock()
	a, ok := ctx.older[p]
	if !ok {
		a = template.Assignments(p)
		ctx.older[p] = a
	}
	return a[unit]
}
