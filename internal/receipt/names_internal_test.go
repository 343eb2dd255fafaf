package receipt

import (
	"testing"

	"taizhang/internal/period"
	"taizhang/internal/plan"
)

// Two units whose names make the same file name ("市/区" and "市:区") get receipts of their
// own: a receipt is never written over another unit's. A unit no longer in the plan gets a
// name none of the plan's units takes.
func TestReceiptNamesOfCollidingUnits(t *testing.T) {
	p := &plan.Plan{Units: []plan.Unit{{Name: "市/区"}, {Name: "市:区"}},
		Tasks: []plan.Task{{No: 1, Units: []string{"市/区", "市:区"}, Measures: []plan.Measure{{No: 1}}}}}
	names := plan.FileNames(p.ReportingUnits())
	aug := period.MustParse("2022-08")
	a := FileBase(fileName(p, names, "市/区"), aug, 1)
	b := FileBase(fileName(p, names, "市:区"), aug, 1)
	gone := FileBase(fileName(p, names, "市_区"), aug, 1)
	if a == b || a == gone || b == gone {
		t.Errorf("receipt names collide: %q %q %q", a, b, gone)
	}
	if a != "市_区-2022年8月回执" {
		t.Errorf("the first unit's receipt is %q", a)
	}
}
