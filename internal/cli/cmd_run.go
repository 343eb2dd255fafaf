package cli

import (
	"context"
	"fmt"
	"taizhang/internal/period"
	"time"

	"github.com/spf13/cobra"
)

// RunOptions are the parsed flags of `run`.
type RunOptions struct {
	Env    *Env
	Period period.Period
	AsOf   time.Time
	Paths  []string
	Quiet  bool
}

func newCmdRun(env *Env, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "run --period YYYY-MM 收件箱...",
		Short: "每月一步完成：回收报送并发回执、生成台账和进展报告、列出报送情况",
		Long: `办公室每月的全部工作一步完成：回收收件箱中的报送（生成回执），生成本期整改台账和进展报告，
并列出已报送、退回修改和未报送的单位。有报送被退回时退出状态为 1（其余输出照常生成）。`,
		Example: "  taizhang run --period 2022-07 收件箱/",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

func runRun(ctx context.Context, opts *RunOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	out := env.IO.Out
	fmt.Fprintf(out, "== 回收报送\n")
	copts := &CollectOptions{Env: env, Paths: opts.Paths, Period: opts.Period, Quiet: opts.Quiet}
	sum, err := runCollect(ctx, env, w, p, copts)
	if err != nil {
		return err
	}
	written, err := writeReceipts(ctx, w, p, opts.Period, sum.NewRecords(), env.IO.Progress(opts.Quiet, "生成回执", "份"))
	if err != nil {
		return err
	}
	printCollect(out, sum, copts)
	if len(written) > 0 {
		fmt.Fprintf(out, "回执 %d 份：%s\n", len(written), receiptFolders(written))
	}
	fmt.Fprintf(out, "\n== 整改台账\n")
	l, err := buildLedger(w, p, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	path, err := writeLedger(ctx, w, l, "", env.IO.Progress(opts.Quiet, "写入台账", "行"))
	if err != nil {
		return err
	}
	printLedgerSummary(env, l)
	fmt.Fprintf(out, "台账：%s\n", path)
	rps, err := writeReport(ctx, env, w, l, "", time.Time{})
	if err != nil {
		return err
	}
	for _, rp := range rps {
		fmt.Fprintf(out, "进展报告：%s\n", rp)
	}
	fmt.Fprintf(out, "\n== 报送情况\n")
	printStatus(out, p, l)
	if _, _, rejected, _, _ := sum.Counts(); rejected > 0 {
		return dataErr()
	}
	return nil
}
