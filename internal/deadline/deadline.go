package deadline

import (
	"fmt"
	"time"
)

// Kind says what sort of deadline a 整改时限 is.
type Kind string

const (
	KindDate      Kind = "date"      // a due date
	KindOngoing   Kind = "ongoing"   // 立整立改，长期坚持 / 持续整改，长期坚持 …: no due date
	KindRecurring Kind = "recurring" // 每年3月底前 / 每季度末 / 每月…: has a Rule
	KindUnknown   Kind = "unknown"   // not understood: the text is kept
)

// Deadline is one parsed 整改时限.
type Deadline struct {
	Text      string    // the original text, trimmed, exactly as written
	Kind      Kind      // date, ongoing, recurring or unknown
	Due       time.Time // UTC midnight; zero unless Kind == KindDate
	Rule      *Rule     // non-nil only for KindRecurring
	Inherited bool      // set by callers (a measure inheriting its task's deadline); Parse never sets it
}

// HasDue reports whether the deadline is a due date.
func (d Deadline) HasDue() bool { return d.Kind == KindDate && !d.Due.IsZero() }

// DueString is the due date as "2006-01-02", or "" when there is none.
func (d Deadline) DueString() string {
	if !d.HasDue() {
		return ""
	}
	return d.Due.Format(time.DateOnly)
}

// DueOn returns the effective due date as of a day: for KindDate its Due; for KindRecurring
// the next occurrence on or after asOf (每年3月底前 as of 2022-07-31 → 2023-03-31; 每季度末 as
// of 2022-08-15 → 2022-09-30). Only asOf's calendar day counts, read in its own location.
// ok is false for ongoing and unknown deadlines.
func (d Deadline) DueOn(asOf time.Time) (time.Time, bool) {
	switch {
	case d.HasDue():
		return d.Due, true
	case d.Kind == KindRecurring && d.Rule != nil:
		return d.Rule.Next(asOf)
	}
	return time.Time{}, false
}

// Rule is a recurring deadline.
type Rule struct {
	Every string // "year", "half", "quarter", "month"
	Month int    // for "year": the month (1-12); 0 otherwise
	Day   int    // day of month, 0 = month end (底/末)
	Text  string // a short Chinese description, e.g. "每年3月31日前", "每季度末"
}

// The periods a Rule repeats over.
const (
	everyYear    = "year"
	everyHalf    = "half"
	everyQuarter = "quarter"
	everyMonth   = "month"
)

// newRule checks a rule and describes it; ok is false for an impossible one (每年2月30日).
func newRule(every string, month, day int) (*Rule, bool) {
	r := &Rule{Every: every, Month: month, Day: day}
	if len(r.months()) == 0 || day < 0 || day > 31 {
		return nil, false
	}
	// 2000 is a leap year: 每年2月29日 is a possible rule, clamped in other years
	if every == everyYear && day > daysIn(2000, month) {
		return nil, false
	}
	r.Text = r.describe()
	return r, true
}

func (r Rule) describe() string {
	switch r.Every {
	case everyYear:
		switch {
		case r.Day > 0:
			return fmt.Sprintf("每年%d月%d日前", r.Month, r.Day)
		case r.Month == 2: // its end moves with leap years
			return "每年2月底前"
		default:
			return fmt.Sprintf("每年%d月%d日前", r.Month, daysIn(2001, r.Month))
		}
	case everyHalf:
		return "每半年末"
	case everyQuarter:
		return "每季度末"
	default:
		if r.Day > 0 {
			return fmt.Sprintf("每月%d日前", r.Day)
		}
		return "每月底"
	}
}

// months lists the months in which the rule falls due; nil for a rule that is not valid.
func (r Rule) months() []int {
	switch r.Every {
	case everyYear:
		if r.Month >= 1 && r.Month <= 12 {
			return []int{r.Month}
		}
	case everyHalf:
		return []int{6, 12}
	case everyQuarter:
		return []int{3, 6, 9, 12}
	case everyMonth:
		return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	}
	return nil
}

// Next returns the first occurrence of the rule on or after asOf's calendar day. A day past
// a month's end falls on the month's end (每月31日 in April is April 30).
func (r Rule) Next(asOf time.Time) (time.Time, bool) {
	y, m, d := asOf.Date()
	day := date(y, int(m), d)
	months := r.months()
	if len(months) == 0 || r.Day < 0 {
		return time.Time{}, false
	}
	// every rule falls due at least once a year, so this year and the next suffice
	for year := y; year <= y+1; year++ {
		for _, month := range months {
			due := date(year, month, min(dayOrEnd(r.Day, year, month), daysIn(year, month)))
			if !due.Before(day) {
				return due, true
			}
		}
	}
	return time.Time{}, false
}

// Context carries what an expression may omit.
type Context struct {
	Year int // the year to use when an expression names only a month ("11月底前"); 0 = unknown
}

// The years read as dates; others are typos or not dates at all.
const (
	minYear = 1990
	maxYear = 2100
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func daysIn(y, m int) int { return date(y, m+1, 0).Day() }

func monthEnd(y, m int) time.Time { return date(y, m, daysIn(y, m)) }

// dayOrEnd reads a day where 0 means the month's end.
func dayOrEnd(day, y, m int) int {
	if day == 0 {
		return daysIn(y, m)
	}
	return day
}
