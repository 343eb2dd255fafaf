// Package period owns the 期次: the month a template, a return, a ledger and a report are
// for. It parses the "2022-07" form people type, labels it the way they say it ("2022年7月"),
// and knows the days every stage derives from it: the last day (the default 截至日期) and the
// default 报送截止 (the 5th of the next month).
//
// It imports nothing of taizhang, so every stage may use it.
package period

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Period is one month. The zero Period means "none" (a file whose period is unknown, or a
// collection that accepts each template's own).
type Period struct {
	year  int
	month time.Month
}

// ErrFormat is the cause of every parse error.
var ErrFormat = errors.New("format")

// FormatError says that a typed period or day is not in the form wanted; it prints as the
// office reads it: 期次“2022-13”格式不对：应为 YYYY-MM，如 2022-07.
type FormatError struct {
	What string // 期次, or the day's label given by the caller (empty for ParseDay)
	Text string
	Want string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s“%s”格式不对：应为 %s", e.What, e.Text, e.Want)
}

func (e *FormatError) Unwrap() error { return ErrFormat }

// Parse reads "2022-07" (four-digit year, two-digit month).
func Parse(s string) (Period, error) {
	bad := &FormatError{What: "期次", Text: s, Want: "YYYY-MM，如 2022-07"}
	if len(s) != 7 || s[4] != '-' {
		return Period{}, bad
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:])
	if !ok1 || !ok2 || y < 1 || m < 1 || m > 12 {
		return Period{}, bad
	}
	return Period{year: y, month: time.Month(m)}, nil
}

// MustParse is Parse for values known to be right (tests, the demo's story).
func MustParse(s string) Period {
	p, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Of is the period a day falls in.
func Of(t time.Time) Period { return Period{year: t.Year(), month: t.Month()} }

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether p is no period.
func (p Period) IsZero() bool { return p.year == 0 }

// String is the "2022-07" form, "" for no period: how a period is stored and typed.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", p.year, int(p.month))
}

// Label is the period the way people say it: "2022年7月".
func (p Period) Label() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月", p.year, int(p.month))
}

// First is the period's first day (UTC midnight, as every date of the tool).
func (p Period) First() time.Time { return time.Date(p.year, p.month, 1, 0, 0, 0, 0, time.UTC) }

// Last is the period's last day: the default 截至日期.
func (p Period) Last() time.Time { return p.First().AddDate(0, 1, -1) }

// DefaultDue is the default 报送截止: the 5th of the next month.
func (p Period) DefaultDue() time.Time { return p.Last().AddDate(0, 0, 5) }

// Next is the month after.
func (p Period) Next() Period { return Of(p.First().AddDate(0, 1, 0)) }

// Prev is the month before.
func (p Period) Prev() Period { return Of(p.First().AddDate(0, -1, 0)) }

// Before reports whether p is an earlier month than q.
func (p Period) Before(q Period) bool {
	return p.year < q.year || (p.year == q.year && p.month < q.month)
}

// Contains reports whether the day falls in the period.
func (p Period) Contains(t time.Time) bool { return Of(t) == p }

// MarshalText writes the "2022-07" form (JSON and the database use it).
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads the "2022-07" form; "" is no period.
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Value stores the "2022-07" form ("" for no period) in a database.
func (p Period) Value() (driver.Value, error) { return p.String(), nil }

// Scan reads a period stored as text.
func (p *Period) Scan(v any) error {
	switch t := v.(type) {
	case nil:
		*p = Period{}
		return nil
	case string:
		return p.UnmarshalText([]byte(t))
	case []byte:
		return p.UnmarshalText(t)
	}
	return fmt.Errorf("period from %T", v)
}

// Label labels a stored period text: "2022-07" → "2022年7月"; text that is not a period is
// returned as it is.
func Label(s string) string {
	p, err := Parse(s)
	if err != nil {
		return s
	}
	return p.Label()
}

// DateLabel writes a day in full, as official documents do: "2022年7月31日".
func DateLabel(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// ParseDay reads a "2022-08-05" day; what names it in the error (截至日期, 报送截止日期…).
func ParseDay(what, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, &FormatError{What: what, Text: s, Want: "YYYY-MM-DD，如 2022-08-05"}
	}
	return t, nil
}
