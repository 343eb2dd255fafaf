package cli

import (
	"fmt"
	"taizhang/internal/period"
	"taizhang/internal/register"

	"github.com/spf13/cobra"
)

// PlanUpdateOptions are the parsed flags of `plan update`.
type PlanUpdateOptions struct {
	Env  *Env
	File string
}

func newCmdPlanUpdate(env *Env, runF func(*PlanUpdateOptions) error) *cobra.Command {
	opts := &PlanUpdateOptions{Env: env}
	return &cobra.Command{
		Use:   "update 任务清单.xlsx",
		Short: "用修改后的任务清单替换工作区的任务清单，并列出变化",
		Long: `检查修改后的任务清单，替换工作区中的任务清单，列出新增、删除和修改的任务、措施和单位。
已下发的模板仍可回收：按行比对时以模板生成时的任务清单为准。`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return planUpdateRun(opts)
		},
	}
}

func planUpdateRun(opts *PlanUpdateOptions) error {
	env := opts.Env
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	pf, err := readPlanFile(env, opts.File)
	if err != nil {
		return err
	}
	old, _, _ := w.Plan()
	reg, err := w.Decisions()
	if err != nil {
		return usageErr("无法读取销号和延期记录：%s", describe(err))
	}
	changes, err := w.UpdatePlan(pf, env.Now())
	if err != nil {
		return usageErr("无法更新工作区的任务清单：%s", describe(err))
	}
	if len(changes) == 0 {
		fmt.Fprintln(env.IO.Out, "任务清单没有变化")
		return nil
	}
	counts := map[string]int{}
	for _, c := range changes {
		counts[c.Kind]++
	}
	fmt.Fprintf(env.IO.Out, "已更新任务清单：新增 %d 处，删除 %d 处，修改 %d 处\n", counts["added"], counts["removed"], counts["edited"])
	for _, c := range changes {
		fmt.Fprintf(env.IO.Out, "  %s\n", c.Text)
	}
	if old != nil {
		for _, d := range register.ClosedRemoved(reg, old, changes) {
			fmt.Fprintf(env.IO.Err, "提醒：任务%d措施%d已于%s验收销号（%s），新的任务清单中没有这条措施；销号记录仍保留在“销号和延期”中\n",
				d.Task, d.Measure, period.DateLabel(d.Date), d.Doc)
		}
	}
	return nil
}
