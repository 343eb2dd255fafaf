package intake

import (
	"path"
	"strings"
	"unicode/utf8"

	"taizhang/internal/finding"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
)

// Verdicts of a return.
const (
	Accepted = "accepted"
	Rejected = "rejected"
)

// Entry is what a unit reported for one measure.
type Entry struct {
	Task     int
	Measure  int
	Row      int    // the sheet row
	Status   string // normalized; "" when empty
	Progress string
	DoneDate string // YYYY-MM-DD when a date was read
	DoneText string // the completion date as written
	Evidence string
	Problems string
	Next     string
}

// Key is the entry's row key "3.1".
func (e Entry) Key() string { return plan.RowKey(e.Task, e.Measure) }

// Names reports whether the entry's 佐证材料 text names a file: by its name, or by its name
// without the extension when that has two characters or more (for a file out of an archive,
// the part after the last " › ").
func (e Entry) Names(file string) bool {
	if e.Evidence == "" {
		return false
	}
	if i := strings.LastIndex(file, " › "); i >= 0 {
		file = file[i+len(" › "):]
	}
	stem := strings.TrimSuffix(file, path.Ext(file))
	return strings.Contains(e.Evidence, file) || (utf8.RuneCountInString(stem) >= 2 && strings.Contains(e.Evidence, stem))
}

// Contact is the footer of a return.
type Contact struct {
	Filler   string
	Phone    string
	Checker  string
	FillDate string // YYYY-MM-DD when a date was read, else as written
}

// Return is what one input carries once read and checked: whose return it is, what the unit
// reported, the findings and the verdict. The rules that make it live in validate; every later
// stage reads it as plain data.
type Return struct {
	Unit     string // from the identity; "" when unknown
	Period   period.Period
	AsOf     string
	Identity *template.Identity
	Entries  []Entry
	Contact  Contact
	Findings finding.List
	Verdict  string
	Pictures []Picture // pictures pasted into its cells, to keep as evidence
}

// Picture is a picture a unit pasted into a cell of 佐证材料 (WPS 单元格图片), kept as evidence
// of the measure under the name the return's 佐证材料 text gives it.
type Picture struct {
	Task, Measure int
	Name          string // 任务3措施2-单元格图片.png
	Data          []byte
}

// Add adds a finding.
func (r *Return) Add(f finding.Finding) { r.Findings = append(r.Findings, f) }

// Finish sorts the findings and sets the verdict: rejected when any is an error.
func (r *Return) Finish() *Return {
	r.Findings.Sort()
	r.Verdict = Accepted
	if r.Findings.HasErrors() {
		r.Verdict = Rejected
	}
	return r
}
