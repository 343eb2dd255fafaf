package cli

import (
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/period"
)

// The flags several commands share, declared once: their names, value forms and help.

// periodValue is a --period flag: a period.Period parsed when the flag is given.
type periodValue struct{ p *period.Period }

func (v periodValue) String() string { return v.p.String() }
func (v periodValue) Type() string   { return "YYYY-MM" }
func (v periodValue) Set(s string) error {
	p, err := period.Parse(s)
	if err != nil {
		return err
	}
	*v.p = p
	return nil
}

// dayValue is a YYYY-MM-DD flag (--as-of, --due); what names it in errors.
type dayValue struct {
	t    *time.Time
	what string
}

func (v dayValue) String() string {
	if v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.DateOnly)
}
func (v dayValue) Type() string { return "YYYY-MM-DD" }
func (v dayValue) Set(s string) error {
	t, err := period.ParseDay(v.what, s)
	if err != nil {
		return err
	}
	*v.t = t
	return nil
}

// addPeriodFlag declares --period; help says what the period means for the command.
func addPeriodFlag(cmd *cobra.Command, p *period.Period, help string) {
	if help == "" {
		help = "期次，如 2022-07"
	}
	cmd.Flags().Var(periodValue{p}, "period", help)
}

// addAsOfFlag declares --as-of, the 截至日期 (default: the period's last day).
func addAsOfFlag(cmd *cobra.Command, t *time.Time) {
	cmd.Flags().Var(dayValue{t, "截至日期"}, "as-of", "截至日期，如 2022-07-31（默认：期次的最后一天）")
}

// addUnitsFlag declares --unit, repeatable; what says what is done for the units given.
func addUnitsFlag(cmd *cobra.Command, units *[]string, what string) {
	cmd.Flags().StringArrayVar(units, "unit", nil, "只为这些`单位`"+what+"（可重复；分组名表示其全部成员）")
}

// needPeriod is the usage error of a command run without its --period.
func needPeriod(p period.Period) error {
	if p.IsZero() {
		return usageErr("请用 --period 指定期次，如 --period 2022-07")
	}
	return nil
}

// asOfOr is the given 截至日期, or the period's last day.
func asOfOr(t time.Time, p period.Period) time.Time {
	if t.IsZero() {
		return p.Last()
	}
	return t
}

// addQuietFlag declares -q/--quiet: no progress bar.
func addQuietFlag(cmd *cobra.Command, q *bool) {
	cmd.Flags().BoolVarP(q, "quiet", "q", false, "不显示进度")
}
