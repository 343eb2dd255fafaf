// Package finding defines the shape of every problem the tool reports about outside data:
// a plan workbook cell, a returned template cell, a whole file. Findings are data, not errors:
// stages collect them all, sort them and let the caller decide what to print.
//
// The catalogue of codes (codes.go) is the one place where a code's severity and meaning are
// written.
//
// It imports nothing of taizhang, so every stage of the pipeline may use it.
package finding

import (
	"sort"
	"strings"
)

// Severity says what a finding means for the thing it is about.
type Severity string

const (
	// Error: the file or plan cannot be used until it is corrected.
	Error Severity = "error"
	// Warning: usable, but the office should look.
	Warning Severity = "warning"
)

// Label is the Chinese word for the severity, as users read it.
func (s Severity) Label() string {
	if s == Error {
		return "错误"
	}
	return "提醒"
}

// Finding is one located problem.
type Finding struct {
	File     string   `json:"file,omitempty"`
	Sheet    string   `json:"sheet,omitempty"`
	Cell     string   `json:"cell,omitempty"`
	Task     int      `json:"task,omitempty"`
	Measure  int      `json:"measure,omitempty"`
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// Where is the location part of a finding: "进展填报!F7" or "任务!E3", or "" for a whole file.
func (f Finding) Where() string {
	switch {
	case f.Sheet != "" && f.Cell != "":
		return f.Sheet + "!" + f.Cell
	case f.Sheet != "":
		return f.Sheet
	}
	return f.Cell
}

// String prints the finding the way users read it:
// `经发局.xlsx: 进展填报!F7: 完成状态: “完成”不是可选项`.
func (f Finding) String() string {
	var parts []string
	if f.File != "" {
		parts = append(parts, f.File)
	}
	if w := f.Where(); w != "" {
		parts = append(parts, w)
	}
	parts = append(parts, f.Message)
	return strings.Join(parts, ": ")
}

// List is a set of findings with helpers to inspect it.
type List []Finding

// Add appends a finding built from its parts.
func (l *List) Add(f Finding) { *l = append(*l, f) }

// Addf appends a finding of the code at a place with a formatted message; its severity is
// the code's.
func (l *List) Addf(code Code, loc Finding, format string, args ...any) {
	*l = append(*l, New(code, loc, format, args...))
}

// Count returns the number of findings of the severity.
func (l List) Count(sev Severity) int {
	n := 0
	for _, f := range l {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Sort orders findings by file, sheet, row, column, code: the order a person works through them.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		ra, ca := splitCell(a.Cell)
		rb, cb := splitCell(b.Cell)
		if ra != rb {
			return ra < rb
		}
		if len(ca) != len(cb) {
			return len(ca) < len(cb)
		}
		if ca != cb {
			return ca < cb
		}
		if a.Severity != b.Severity {
			return a.Severity == Error
		}
		return a.Code < b.Code
	})
}

// splitCell splits "AB12" into row 12 and column "AB"; cells without a row sort first.
func splitCell(cell string) (int, string) {
	i := strings.IndexAny(cell, "0123456789")
	if i < 0 {
		return 0, cell
	}
	row := 0
	for _, c := range cell[i:] {
		if c < '0' || c > '9' {
			break
		}
		row = row*10 + int(c-'0')
		if row > 1<<24 {
			break
		}
	}
	return row, cell[:i]
}
