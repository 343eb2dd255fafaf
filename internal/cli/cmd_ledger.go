package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
)

// LedgerOptions are the parsed flags of `ledger`.
type LedgerOptions struct {
	Env    *Env
	Period period.Period
	AsOf   time.Time // zero: the period's last day
	Out    string
	Quiet  bool
}

func newCmdLedger(env *Env, runF func(*LedgerOptions) error) *cobra.Command {
	opts := &LedgerOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "ledger --period YYYY-MM [--as-of YYYY-MM-DD] [-o 文件]",
		Short: "生成整改台账：合并各单位本期报送，计算完成状态和红黄绿灯",
		Long: `用任务清单和本期接收的报送生成整改台账工作簿（默认：工作区的 out/期次/台账-期次.xlsx），
工作表：总台账、任务汇总、单位汇总、预警逾期、报送情况、统计。
截至日期默认为期次的最后一天。状态和红黄绿灯的规则见 README。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return ledgerRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "写入的台账工作簿`文件`")
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

// buildLedger builds a period's ledger as of a day (zero: the period's last day).
func buildLedger(w *store.Workspace, p *plan.Plan, per period.Period, asOf time.Time) (*ledger.Ledger, error) {
	l, err := ledger.Build(p, w, per, asOfOr(asOf, per))
	if err != nil {
		return nil, usageErr("无法读取报送记录：%s", describe(err))
	}
	return l, nil
}

func ledgerRun(ctx context.Context, opts *LedgerOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	l, err := buildLedger(w, p, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	path, err := writeLedger(ctx, w, l, opts.Out, env.IO.Progress(opts.Quiet, "写入台账", "行"))
	if err != nil {
		return err
	}
	printLedgerSummary(env, l)
	fmt.Fprintf(env.IO.Out, "台账：%s\n", path)
	return nil
}

func writeLedger(ctx context.Context, w *store.Workspace, l *ledger.Ledger, out string, bar *Progress) (string, error) {
	path := out
	if path == "" {
		path = w.Layout().Ledger(l.Period)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", usageErr("无法创建文件夹 %s：%s", filepath.Dir(path), describe(err))
	}
	l.Progress = bar.Func()
	err := l.Save(ctx, path)
	bar.Clear()
	if err != nil {
		if ctx.Err() != nil {
			return "", interrupted("台账未写入（原有的台账不变）")
		}
		return "", usageErr("无法写入台账 %s：%s", path, describe(err))
	}
	return path, nil
}

func printLedgerSummary(env *Env, l *ledger.Ledger) {
	c := l.Counts()
	out := env.IO.Out
	fmt.Fprintf(out, "%s 整改台账（截至 %s）\n", l.Period.Label(), l.AsOf.Format(time.DateOnly))
	fmt.Fprintf(out, "任务 %d 项：%s\n", c.Tasks["total"], countLine(l, c.Tasks))
	fmt.Fprintf(out, "措施 %d 条：%s\n", c.Measures["total"], countLine(l, c.Measures))
	fmt.Fprintf(out, "措施状态灯：红 %d，黄 %d，绿 %d\n", c.Lights[ledger.Red], c.Lights[ledger.Yellow], c.Lights[ledger.Green])
	if !l.PrevPeriod.IsZero() {
		fmt.Fprintf(out, "与%s相比：新完成 %d 条，退步 %d 条\n", l.PrevPeriod.Label(), c.Newly, c.Regress)
	}
	fmt.Fprintf(out, "单位：应报 %d，已报送 %d，退回修改 %d，未报送 %d\n", c.Expected, len(c.Reported), len(c.Returned), len(c.Missing))
}

func countLine(l *ledger.Ledger, m map[string]int) string {
	s := ""
	for i, st := range l.Rules.Order() {
		if i > 0 {
			s += "，"
		}
		s += fmt.Sprintf("%s %d", st, m[st])
		if st == plan.StatusDone && m[ledger.Closed] > 0 {
			s += fmt.Sprintf("（其中已销号 %d）", m[ledger.Closed])
		}
	}
	return s
}
