package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"taizhang/internal/period"
	"taizhang/internal/receipt"
)

// ReceiptsOptions are the parsed flags of `receipts`.
type ReceiptsOptions struct {
	Env    *Env
	Period period.Period
	Units  []string
	All    bool
	Quiet  bool
}

func newCmdReceipts(env *Env, runF func(*ReceiptsOptions) error) *cobra.Command {
	opts := &ReceiptsOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "receipts --period YYYY-MM [--unit 单位]... [--all]",
		Short: "为回收的报送生成回执（工作簿和文字版）",
		Long: `为本期回收的报送生成回执，写入工作区的 out/receipts/期次/：工作簿列出结论和每个问题，
并附报送内容的副本，问题单元格标色并加批注；文字版可直接贴入邮件正文。
默认只为还没有回执的报送生成；--all 为全部报送重新生成。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return receiptsRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addUnitsFlag(cmd, &opts.Units, "生成")
	cmd.Flags().BoolVar(&opts.All, "all", false, "为全部报送重新生成回执")
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

func receiptsRun(ctx context.Context, opts *ReceiptsOptions) error {
	env := opts.Env
	w, p, units, err := openWithUnits(env, opts.Units)
	if err != nil {
		return err
	}
	defer w.Close()
	todo, err := receipt.Pending(w, opts.Period, units, opts.All)
	if err != nil {
		return usageErr("无法读取记录：%s", describe(err))
	}
	bar := env.IO.Progress(opts.Quiet, "生成回执", "份")
	written, err := receipt.WriteAll(ctx, w, p, todo, 0, bar.Func())
	bar.Clear()
	for _, wr := range written {
		fmt.Fprintf(env.IO.Out, "%s  %s  %s\n", receipt.VerdictLabel(wr.Record.Verdict), unitLine(wr.Record.Unit), wr.Workbook)
	}
	if err != nil && ctx.Err() != nil {
		return interrupted(fmt.Sprintf("已生成回执 %d 份，其余 %d 份未生成", len(written), len(todo)-len(written)))
	}
	if err != nil {
		return usageErr("无法写入回执：%s", describe(err))
	}
	fmt.Fprintf(env.IO.Out, "生成回执 %d 份\n", len(written))
	return nil
}

func unitLine(u string) string {
	if u == "" {
		return "未识别"
	}
	return u
}
