package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

// TemplateOptions are the parsed flags of `template`.
type TemplateOptions struct {
	Env    *Env
	Period string
	Units  []string
	Due    string
	Out    string
}

func newCmdTemplate(env *Env, runF func(*TemplateOptions) error) *cobra.Command {
	opts := &TemplateOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "template --period YYYY-MM [--unit 单位]... [--due YYYY-MM-DD] [--out 文件夹]",
		Short: "生成各责任单位本期的进展填报模板和发送清单",
		Long: `为任务清单中每个有整改措施的责任单位（分组按成员逐一）生成本期的进展填报模板，
写入 文件夹/期次/单位.xlsx（默认文件夹：工作区的 out/templates），并写出发送清单（.csv 和 .xlsx）。
截至日期为期次的最后一天；报送截止默认为下月5日。工作区中若有 进展填报模板.xlsx，以它为模板样式。` + exitStatusHelp,
		Example: "  taizhang template --period 2022-07\n  taizhang template --period 2022-07 --unit 经发局 --due 2022-08-05",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Period == "" {
				return usageErr("请用 --period 指定期次，如 --period 2022-07")
			}
			if runF != nil {
				return runF(opts)
			}
			return templateRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次 YYYY-MM")
	cmd.Flags().StringArrayVar(&opts.Units, "unit", nil, "只为这些单位生成（可重复；分组名表示其全部成员）")
	cmd.Flags().StringVar(&opts.Due, "due", "", "报送截止日期 YYYY-MM-DD（默认下月5日）")
	cmd.Flags().StringVar(&opts.Out, "out", "", "输出文件夹（默认：工作区的 out/templates）")
	return cmd
}

// MasterFileName is a workspace's own restyled master design, used instead of the built-in one.
const MasterFileName = "进展填报模板.xlsx"

func templateRun(opts *TemplateOptions) error {
	env := opts.Env
	first, err := parsePeriod(opts.Period)
	if err != nil {
		return err
	}
	asOf := periodEnd(first)
	due := asOf.AddDate(0, 0, 5)
	if opts.Due != "" {
		if due, err = parseDay("报送截止日期", opts.Due); err != nil {
			return err
		}
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
	units, err := selectUnits(p, opts.Units)
	if err != nil {
		return err
	}
	master, err := masterDesign(w)
	if err != nil {
		return err
	}
	dir := opts.Out
	if dir == "" {
		dir = w.Out("templates")
	}
	dir = filepath.Join(dir, opts.Period)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErr("无法创建输出文件夹 %s：%s", dir, describe(err))
	}
	items, err := writeTemplates(p, w, units, opts.Period, asOf, due, master, dir)
	if err != nil {
		return err
	}
	if err := template.WriteSendList(dir, p.Title+" "+template.PeriodLabel(opts.Period)+" 发送清单", items); err != nil {
		return usageErr("无法写入发送清单：%s", describe(err))
	}
	fmt.Fprintf(env.IO.Out, "%s 进展填报模板（截至 %s，报送截止 %s）：\n", template.PeriodLabel(opts.Period), asOf.Format(time.DateOnly), due.Format(time.DateOnly))
	for _, it := range items {
		email := it.Email
		if email == "" {
			email = "（无邮箱）"
		}
		fmt.Fprintf(env.IO.Out, "  %s  措施 %d 条  %s  %s\n", it.Unit, it.Rows, it.File, email)
	}
	fmt.Fprintf(env.IO.Out, "共 %d 个单位；发送清单：%s\n", len(items), filepath.Join(dir, template.SendListName+".xlsx"))
	return nil
}

// selectUnits resolves --unit names (aliases and groups allowed) to reporting units.
func selectUnits(p *plan.Plan, names []string) ([]string, error) {
	all := p.ReportingUnits()
	if len(names) == 0 {
		return all, nil
	}
	reporting := map[string]bool{}
	for _, u := range all {
		reporting[u] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if p.Unit(n) == nil {
			return nil, usageErr("单位“%s”不在任务清单的单位表中", n)
		}
		expanded := p.Expand([]string{n})
		if len(expanded) == 0 {
			return nil, usageErr("分组“%s”没有成员单位", n)
		}
		for _, u := range expanded {
			if !reporting[u] {
				return nil, usageErr("单位“%s”在任务清单中没有需要填报的措施", u)
			}
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}

func masterDesign(w *store.Workspace) ([]byte, error) {
	own := filepath.Join(w.Dir, MasterFileName)
	data, err := os.ReadFile(own)
	if os.IsNotExist(err) {
		return templates.ProgressMaster, nil
	}
	if err != nil {
		return nil, usageErr("无法读取模板样式 %s：%s", own, describe(err))
	}
	return data, nil
}

func writeTemplates(p *plan.Plan, w *store.Workspace, units []string, period string, asOf, due time.Time, master []byte, dir string) ([]template.SendItem, error) {
	var items []template.SendItem
	for _, u := range units {
		b, err := template.Build(template.Spec{Plan: p, Unit: u, Period: period, AsOf: asOf, Due: due,
			Workspace: w.ID, Key: w.Key(), Master: master})
		if err != nil {
			return nil, usageErr("无法生成“%s”的模板：%s", u, describe(err))
		}
		path := filepath.Join(dir, template.FileName(u)+".xlsx")
		err = b.Save(path)
		b.Close()
		if err != nil {
			return nil, usageErr("无法写入 %s：%s", path, describe(err))
		}
		it := template.SendItem{Unit: u, File: path, Rows: len(template.Rows(p, u))}
		if unit := p.Unit(u); unit != nil {
			it.Email, it.Contact = unit.Email, unit.Contact
		}
		items = append(items, it)
	}
	return items, nil
}
