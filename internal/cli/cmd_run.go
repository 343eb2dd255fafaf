package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// RunOptions are the parsed flags of `run`.
type RunOptions struct {
	Env    *Env
	Period string
	AsOf   string
	Paths  []string
	Quiet  bool
}

func newCmdRun(env *Env, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "run --period YYYY-MM 收件箱...",
		Short: "每月一步完成：回收报送并发回执、生成台账和进展报告、列出报送情况",
		Long: `办公室每月的全部工作一步完成：回收收件箱中的报送（生成回执），生成本期整改台账和进展报告，
并列出已报送、退回修改和未报送的单位。有报送被退回时退出状态为 1（其余输出照常生成）。` + exitStatusHelp,
		Example: "  taizhang run --period 2022-07 收件箱/",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.Period == "" {
				return usageErr("请用 --period 指定期次，如 --period 2022-07")
			}
			if runF != nil {
				return runF(opts)
			}
			return runRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次 YYYY-MM")
	cmd.Flags().StringVar(&opts.AsOf, "as-of", "", "截至日期 YYYY-MM-DD（默认期次最后一天）")
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "不显示进度")
	return cmd
}

func runRun(opts *RunOptions) error {
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
	out := env.IO.Out
	fmt.Fprintf(out, "== 回收报送\n")
	copts := &CollectOptions{Env: env, Paths: opts.Paths, Period: opts.Period, Quiet: opts.Quiet}
	sum, err := runCollect(env, w, p, copts)
	if err != nil {
		return err
	}
	written, err := writeReceipts(w, p, sum.NewRecords())
	if err != nil {
		return err
	}
	printCollect(out, sum, copts)
	if len(written) > 0 {
		fmt.Fprintf(out, "回执 %d 份：%s\n", len(written), receiptFolders(written))
	}
	fmt.Fprintf(out, "\n== 整改台账\n")
	_, l, err := periodLedger(env, w, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	path, err := writeLedger(w, l, "")
	if err != nil {
		return err
	}
	printLedgerSummary(env, l)
	fmt.Fprintf(out, "台账：%s\n", path)
	if rp, err := writeReport(env, w, l, ""); err != nil {
		return err
	} else if rp != "" {
		fmt.Fprintf(out, "进展报告：%s\n", rp)
	}
	fmt.Fprintf(out, "\n== 报送情况\n")
	printStatus(out, p, l)
	if _, _, rejected, _, _ := sum.Counts(); rejected > 0 {
		return dataErr()
	}
	return nil
}
