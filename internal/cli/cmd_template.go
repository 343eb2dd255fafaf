package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/period"
	"taizhang/internal/store"
	"taizhang/internal/template"
)

// TemplateOptions are the parsed flags of `template`.
type TemplateOptions struct {
	Env    *Env
	Period period.Period
	Units  []string
	Due    time.Time // zero: the period's default
	Out    string
	Quiet  bool
}

func newCmdTemplate(env *Env, runF func(*TemplateOptions) error) *cobra.Command {
	opts := &TemplateOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "template --period YYYY-MM [--unit 单位]... [--due YYYY-MM-DD] [--out 文件夹]",
		Short: "生成各责任单位本期的进展填报模板和发送清单",
		Long: `为任务清单中每个有整改措施的责任单位（分组按成员逐一）生成本期的进展填报模板，
写入 文件夹/期次/单位.xlsx（默认文件夹：工作区的 out/templates），并写出发送清单（.csv 和 .xlsx）。
截至日期为期次的最后一天；报送截止默认为下月5日。工作区中若有 进展填报模板.xlsx，以它为模板样式。`,
		Example: "  taizhang template --period 2022-07\n  taizhang template --period 2022-07 --unit 经发局 --due 2022-08-05",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return templateRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addUnitsFlag(cmd, &opts.Units, "生成")
	cmd.Flags().Var(dayValue{&opts.Due, "报送截止日期"}, "due", "报送截止日期（默认：下月5日）")
	cmd.Flags().StringVar(&opts.Out, "out", "", "输出`文件夹`（默认：工作区的 out/templates）")
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

func templateRun(ctx context.Context, opts *TemplateOptions) error {
	env := opts.Env
	asOf, due := opts.Period.Last(), opts.Due
	if due.IsZero() {
		due = opts.Period.DefaultDue()
	}
	if due.Before(asOf) {
		return usageErr("报送截止日期 %s 早于截至日期 %s：单位要填报截至 %s 的进展，报送截止应在其后（默认为下月5日）",
			due.Format(time.DateOnly), asOf.Format(time.DateOnly), period.DateLabel(asOf))
	}
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	units, err := p.SelectReporting(opts.Units)
	if err != nil {
		return usageErr("%s", err)
	}
	master, err := w.MasterDesign()
	if err != nil {
		return usageErr("无法读取模板样式 %s：%s", store.MasterName, describe(err))
	}
	dir := w.Layout().Templates(opts.Period)
	if opts.Out != "" {
		dir = store.TemplatesIn(opts.Out, opts.Period)
	}
	previous, err := w.PreviousFor(opts.Period)
	if err != nil {
		return usageErr("无法读取各单位上期的报送：%s", describe(err))
	}
	decided, err := w.Decisions()
	if err != nil {
		return usageErr("无法读取销号和延期记录：%s", describe(err))
	}
	issue := template.Issue{Plan: p, Units: units, Period: opts.Period, AsOf: asOf, Due: due,
		Workspace: w.ID, Key: w.Key(), Master: master, Dir: dir, Previous: previous, Decided: decided.As(asOf)}
	bar := env.IO.Progress(opts.Quiet, "生成模板", "个")
	issue.Progress = bar.Func()
	items, err := issue.Write(ctx)
	bar.Clear()
	if err != nil {
		if ctx.Err() != nil {
			return interrupted(fmt.Sprintf("已生成 %d 个单位的模板，发送清单未写", len(items)))
		}
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Op == "mkdir" {
			return usageErr("无法创建输出文件夹 %s：%s", dir, describe(err))
		}
		return usageErr("无法生成模板：%s", describe(err))
	}
	list := items
	if opts.Out == "" {
		// the workspace's own send list: every unit issued for the period, this run's lines new
		if err := w.RecordIssued(opts.Period, items, due, env.Now()); err != nil {
			return usageErr("无法记录下发的模板：%s", describe(err))
		}
		if list, err = w.SendList(p, opts.Period); err != nil {
			return usageErr("无法读取下发的模板：%s", describe(err))
		}
	}
	if err := template.WriteSendList(dir, p.Title, opts.Period, list); err != nil {
		return usageErr("无法写入发送清单：%s", describe(err))
	}
	fmt.Fprintf(env.IO.Out, "%s 进展填报模板（截至 %s，报送截止 %s）：\n", opts.Period.Label(), asOf.Format(time.DateOnly), due.Format(time.DateOnly))
	for _, it := range items {
		email := it.Email
		if email == "" {
			email = "（无邮箱）"
		}
		fmt.Fprintf(env.IO.Out, "  %s  措施 %d 条  %s  %s\n", it.Unit, it.Rows, it.File, email)
	}
	if closed := unissued(units, items); len(closed) > 0 {
		fmt.Fprintf(env.IO.Out, "  措施已全部销号，不再下发：%s\n", strings.Join(closed, "、"))
	}
	fmt.Fprintf(env.IO.Out, "共 %d 个单位；发送清单：%s\n", len(items), filepath.Join(dir, template.SendListName+".xlsx"))
	return nil
}

// unissued are the units asked for that got no template: every measure of theirs is closed.
func unissued(units []string, items []template.SendItem) []string {
	got := map[string]bool{}
	for _, it := range items {
		got[it.Unit] = true
	}
	var out []string
	for _, u := range units {
		if !got[u] {
			out = append(out, u)
		}
	}
	return out
}
