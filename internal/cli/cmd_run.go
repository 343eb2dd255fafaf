package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/collect"
	"taizhang/internal/period"
)

// RunOptions are the parsed flags of `run`.
type RunOptions struct {
	Env    *Env
	Period period.Period
	AsOf   time.Time
	Paths  []string
	Quiet  bool
	Fetch  bool   // take the returns from the office's mailbox (IMAP)
	MoveTo string // with Fetch: move them to this folder
}

func newCmdRun(env *Env, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "run --period YYYY-MM 收件箱... | --fetch",
		Short: "每月一步完成：回收报送并发回执、生成台账和进展报告、列出报送情况",
		Long: `办公室每月的全部工作一步完成：回收收件箱中的报送（生成回执），生成本期整改台账和进展报告，
并列出已报送、退回修改和未报送的单位。有报送被退回时退出状态为 1（其余输出照常生成）。
加 --fetch 时从办公室邮箱收取报送（同 taizhang fetch），不用给出收件箱文件夹。`,
		Example: "  taizhang run --period 2022-07 收件箱/\n  taizhang run --period 2022-07 --fetch",
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(args) == 0 && !opts.Fetch {
				return usageErr("请给出收件箱文件夹，或加 --fetch 从邮箱收取（运行 %s --help 查看用法）", cmd.CommandPath())
			}
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
	cmd.Flags().BoolVar(&opts.Fetch, "fetch", false, "从办公室邮箱收取报送（taizhang mail config 设置的收信服务器）")
	cmd.Flags().StringVar(&opts.MoveTo, "move-to", "", "与 --fetch 一起：把收下的邮件移到这个邮箱`文件夹`")
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
	var ids []int64
	rejected := 0
	if opts.Fetch {
		res, err := fetchMail(ctx, env, w, p, opts.Period, opts.MoveTo, opts.Quiet)
		if err != nil {
			return err
		}
		printFetch(out, res, opts.MoveTo)
		printCollect(out, res.Summary, copts)
		ids = res.Summary.NewRecords()
		_, _, rejected, _, _ = res.Summary.Counts()
	}
	sum := &collect.Summary{}
	if len(opts.Paths) > 0 {
		sum, err = runCollect(ctx, env, w, p, copts)
		if err != nil {
			return err
		}
	}
	ids = append(ids, sum.NewRecords()...)
	written, err := writeReceipts(ctx, w, p, opts.Period, ids, env.IO.Progress(opts.Quiet, "生成回执", "份"))
	if err != nil {
		return err
	}
	if len(opts.Paths) > 0 {
		printCollect(out, sum, copts)
	}
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
	rps, err := writeReport(ctx, env, w, l, "", time.Time{}, opts.Quiet)
	if err != nil {
		return err
	}
	for _, rp := range rps {
		fmt.Fprintf(out, "进展报告：%s\n", rp)
	}
	fmt.Fprintf(out, "\n== 报送情况\n")
	printStatus(out, p, l, reminded(w, opts.Period))
	if _, _, r, _, _ := sum.Counts(); r+rejected > 0 {
		return dataErr()
	}
	return nil
}
