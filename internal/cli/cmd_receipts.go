package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"taizhang/internal/receipt"
	"taizhang/internal/store"
)

// ReceiptsOptions are the parsed flags of `receipts`.
type ReceiptsOptions struct {
	Env    *Env
	Period string
	Units  []string
	All    bool
}

func newCmdReceipts(env *Env, runF func(*ReceiptsOptions) error) *cobra.Command {
	opts := &ReceiptsOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "receipts --period YYYY-MM [--unit 单位]... [--all]",
		Short: "为回收的报送生成回执（工作簿和文字版）",
		Long: `为本期回收的报送生成回执，写入工作区的 out/receipts/期次/：工作簿列出结论和每个问题，
并附报送内容的副本，问题单元格标色并加批注；文字版可直接贴入邮件正文。
默认只为还没有回执的报送生成；--all 为全部报送重新生成。` + exitStatusHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Period == "" {
				return usageErr("请用 --period 指定期次，如 --period 2022-07")
			}
			if runF != nil {
				return runF(opts)
			}
			return receiptsRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次 YYYY-MM")
	cmd.Flags().StringArrayVar(&opts.Units, "unit", nil, "只为这些单位生成（可重复）")
	cmd.Flags().BoolVar(&opts.All, "all", false, "为全部报送重新生成回执")
	return cmd
}

func receiptsRun(opts *ReceiptsOptions) error {
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
	units := map[string]bool{}
	for _, u := range opts.Units {
		if p.Unit(u) == nil {
			return usageErr("单位“%s”不在任务清单的单位表中", u)
		}
		for _, m := range p.Expand([]string{u}) {
			units[m] = true
		}
	}
	records, err := w.Records(opts.Period)
	if err != nil {
		return usageErr("无法读取记录：%s", describe(err))
	}
	var todo []*store.Record
	for _, r := range records {
		if (r.DuplicateOf != 0 && r.Accepted()) || (!opts.All && r.Receipt != "") || (len(units) > 0 && !units[r.Unit]) {
			continue
		}
		todo = append(todo, r)
	}
	written, err := receipt.WriteAll(w, p, todo, 0)
	for _, wr := range written {
		fmt.Fprintf(env.IO.Out, "%s  %s  %s\n", receipt.VerdictLabel(wr.Record.Verdict), unitLine(wr.Record.Unit), wr.Workbook)
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
