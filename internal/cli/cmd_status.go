package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
)

// StatusOptions are the parsed flags of `status`.
type StatusOptions struct {
	Env    *Env
	Period string
	AsOf   string
	JSON   bool
}

func newCmdStatus(env *Env, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "status --period YYYY-MM [--json]",
		Short: "报送情况：谁已报送、谁被退回、谁未报送（含联系方式，便于催报）",
		Long:  `列出本期已报送、被退回修改和未报送的单位（附联系人、电话和邮箱，便于催报），以及各完成状态的数量。` + exitStatusHelp,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Period == "" {
				return usageErr("请用 --period 指定期次，如 --period 2022-07")
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次 YYYY-MM")
	cmd.Flags().StringVar(&opts.AsOf, "as-of", "", "截至日期 YYYY-MM-DD（默认期次最后一天）")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	return cmd
}

// reporting is who has reported in a period.
type reporting struct {
	Expected []string
	Reported map[string]*store.Record // the current accepted return
	Returned []string                 // returns received, none accepted
	Missing  []string                 // nothing received
}

func unitReporting(w *store.Workspace, p *plan.Plan, period string) (*reporting, error) {
	cur, err := w.Current(period)
	if err != nil {
		return nil, err
	}
	recs, err := w.Records(period)
	if err != nil {
		return nil, err
	}
	received := map[string]bool{}
	for _, r := range recs {
		received[r.Unit] = true
	}
	rep := &reporting{Expected: p.ReportingUnits(), Reported: map[string]*store.Record{}}
	for _, u := range rep.Expected {
		switch {
		case cur[u] != nil:
			rep.Reported[u] = cur[u]
		case received[u]:
			rep.Returned = append(rep.Returned, u)
		default:
			rep.Missing = append(rep.Missing, u)
		}
	}
	return rep, nil
}

func statusRun(opts *StatusOptions) error {
	env := opts.Env
	if _, err := parsePeriod(opts.Period); err != nil {
		return err
	}
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := workspacePlan(env, w)
	if err != nil {
		return err
	}
	rep, err := unitReporting(w, p, opts.Period)
	if err != nil {
		return usageErr("无法读取记录：%s", describe(err))
	}
	counts := map[string]int{}
	for _, u := range rep.Expected {
		r := rep.Reported[u]
		if r == nil {
			counts["未报送"] += len(template.Rows(p, u))
			continue
		}
		es, err := w.Entries(r.ID)
		if err != nil {
			return usageErr("无法读取记录：%s", describe(err))
		}
		for _, e := range es {
			counts[e.Status]++
		}
	}
	if opts.JSON {
		return writeJSON(env.IO.Out, statusJSON(opts.Period, rep))
	}
	printStatus(env.IO.Out, p, opts.Period, rep, counts)
	return nil
}

type unitsView struct {
	Expected int      `json:"expected"`
	Reported int      `json:"reported"`
	Missing  []string `json:"missing"`
	Returned []string `json:"returned"`
}

type statusView struct {
	Period string    `json:"period"`
	Units  unitsView `json:"units"`
}

func statusJSON(period string, rep *reporting) statusView {
	return statusView{Period: period, Units: unitsView{Expected: len(rep.Expected), Reported: len(rep.Reported),
		Missing: nonNil(rep.Missing), Returned: nonNil(rep.Returned)}}
}

func printStatus(w io.Writer, p *plan.Plan, period string, rep *reporting, counts map[string]int) {
	fmt.Fprintf(w, "%s 报送情况：应报 %d 个单位，已报送 %d，退回修改 %d，未报送 %d\n", template.PeriodLabel(period),
		len(rep.Expected), len(rep.Reported), len(rep.Returned), len(rep.Missing))
	for _, u := range rep.Expected {
		if r := rep.Reported[u]; r != nil {
			fmt.Fprintf(w, "  已报送  %s  %s\n", u, r.ReceivedAt.Local().Format("2006-01-02 15:04"))
		}
	}
	for _, u := range rep.Returned {
		fmt.Fprintf(w, "  退回修改  %s  %s\n", u, contactLine(p, u))
	}
	for _, u := range rep.Missing {
		fmt.Fprintf(w, "  未报送  %s  %s\n", u, contactLine(p, u))
	}
	fmt.Fprintf(w, "各单位填报的措施完成状态：")
	for _, s := range append(p.Settings.StatusOptions, "未报送") {
		fmt.Fprintf(w, "%s %d  ", s, counts[s])
	}
	fmt.Fprintln(w)
}

func contactLine(p *plan.Plan, unit string) string {
	u := p.Unit(unit)
	if u == nil {
		return ""
	}
	s := ""
	if u.Contact != "" {
		s += "联系人 " + u.Contact + " "
	}
	if u.Phone != "" {
		s += "电话 " + u.Phone + " "
	}
	if u.Email != "" {
		s += "邮箱 " + u.Email
	}
	if s == "" {
		s = "（单位表中没有联系方式）"
	}
	return s
}
