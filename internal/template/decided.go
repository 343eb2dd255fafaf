package template

import (
	"time"

	"taizhang/internal/decision"
	"taizhang/internal/period"
)

// Decided applies the office's decisions in force to a unit's rows: a closed measure (已销号)
// leaves the template, so the unit no longer reports on it; an extended one (延期) shows its
// approved deadline with the original beside it, and is judged by the new one.
func Decided(rows []Row, states map[string]decision.State) []Row {
	if len(states) == 0 {
		return rows
	}
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		st := states[r.Key()]
		if st.Closed != nil {
			continue
		}
		if e := st.Extended; e != nil {
			r.DeadlineText, r.Due = ExtendedText(r.DeadlineText, e), e.To.Format(time.DateOnly)
		}
		out = append(out, r)
	}
	return out
}

// ExtendedText is the 整改时限 an extended measure shows: the approved deadline, the
// original and the document — "2022年12月31日前（已延期，原时限：2022年6月底前；长整改办〔2022〕7号）".
func ExtendedText(original string, e *decision.Decision) string {
	return period.DateLabel(e.To) + "前（已延期，原时限：" + original + "；" + e.Doc + "）"
}

// DeadlineTexts are the 整改时限 texts a template of the measure may show, whatever was decided
// after it was issued: its own, and the text of each of its extensions.
func DeadlineTexts(original string, decided []decision.Decision) []string {
	out := []string{original}
	for i := range decided {
		if decided[i].Kind == decision.Extend {
			out = append(out, ExtendedText(original, &decided[i]))
		}
	}
	return out
}
