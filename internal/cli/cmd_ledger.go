package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/ledger"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
)

// LedgerOptions are the parsed flags of `ledger`.
type LedgerOptions struct {
	Env    *Env
	Period string
	AsOf   string
	Out    string
}

func newCmdLedger(env *Env, runF func(*LedgerOptions) error) *cobra.Command {
	opts := &LedgerOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "ledger --period YYYY-MM [--as-of YYYY-MM-DD] [-o 文件]",
		Short: "生成整改台账：合并各单位本期报送，计算完成状态和红黄绿灯",
		Long: `用任务清单和本期接收的报送生成整改台账工作簿（默认：工作区的 out/期次/台账-期次.xlsx），
工作表：总台账、任务汇总、单位汇总、预警逾期、报送情况、统计。
截至日期默认为期次的最后一天。状态和红黄绿灯的规则见 README。` + exitStatusHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Period == "" {
				return usageErr("请用 --period 指定期次，如 --period 2022-07")
			}
			if runF != nil {
				return runF(opts)
			}
			return ledgerRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次 YYYY-MM")
	cmd.Flags().StringVar(&opts.AsOf, "as-of", "", "截至日期 YYYY-MM-DD（默认期次最后一天）")
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "写入的台账工作簿")
	return cmd
}

// periodLedger opens what a period's ledger needs and builds it.
func periodLedger(env *Env, w *store.Workspace, period, asOf string) (*plan.Plan, *ledger.Ledger, error) {
	first, err := parsePeriod(period)
	if err != nil {
		return nil, nil, err
	}
	day := periodEnd(first)
	if asOf != "" {
		if day, err = parseDay("截至日期", asOf); err != nil {
			return nil, nil, err
		}
	}
	p, err := workspacePlan(env, w)
	if err != nil {
		return nil, nil, err
	}
	l, err := ledger.Build(p, w, period, day)
	if err != nil {
		return nil, nil, usageErr("无法读取报送记录：%s", describe(err))
	}
	return p, l, nil
}

func ledgerRun(opts *LedgerOptions) error {
	env := opts.Env
	if _, err := parsePeriod(opts.Period); err != nil {
		return err
	}
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	_, l, err := periodLedger(env, w, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	path, err := writeLedger(w, l, opts.Out)
	if err != nil {
		return err
	}
	printLedgerSummary(env, l)
	fmt.Fprintf(env.IO.Out, "台账：%s\n", path)
	return nil
}

func writeLedger(w *store.Workspace, l *ledger.Ledger, out string) (string, error) {
	path := out
	if path == "" {
		path = ledger.DefaultPath(w.Out, l.Period)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", usageErr("无法创建文件夹 %s：%s", filepath.Dir(path), describe(err))
	}
	if err := l.Save(path); err != nil {
		return "", usageErr("无法写入台账 %s：%s", path, describe(err))
	}
	return path, nil
}

func printLedgerSummary(env *Env, l *ledger.Ledger) {
	c := l.Counts()
	out := env.IO.Out
	fmt.Fprintf(out, "%s 整改台账（截至 %s）\n", template.PeriodLabel(l.Period), l.AsOf.Format(time.DateOnly))
	fmt.Fprintf(out, "任务 %d 项：%s\n", c.Tasks["total"], countLine(l, c.Tasks))
	fmt.Fprintf(out, "措施 %d 条：%s\n", c.Measures["total"], countLine(l, c.Measures))
	fmt.Fprintf(out, "措施状态灯：红 %d，黄 %d，绿 %d\n", c.Lights[ledger.Red], c.Lights[ledger.Yellow], c.Lights[ledger.Green])
	if l.PrevPeriod != "" {
		fmt.Fprintf(out, "与%s相比：新完成 %d 条，退步 %d 条\n", template.PeriodLabel(l.PrevPeriod), c.Newly, c.Regress)
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
	}
	return s
}
