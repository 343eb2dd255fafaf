package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"taizhang/internal/store"
)

// InitOptions are the parsed flags of `init`.
type InitOptions struct {
	Env   *Env
	Plan  string
	Force bool
}

func newCmdInit(env *Env, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "init --plan 任务清单.xlsx [--force]",
		Short: "建立工作区：保存任务清单、签名密钥和数据库",
		Long: `在工作区文件夹（--workspace，默认当前文件夹）中建立工作区：复制任务清单，生成签名密钥
（taizhang.key，只有本机可读，切勿外发），建立保存报送记录和历史的数据库。
已有工作区时拒绝覆盖，除非指定 --force：原有的数据库和密钥移入工作区中带日期的备份文件夹，不会删除。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Plan == "" {
				return usageErr("请用 --plan 指定任务清单工作簿")
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Plan, "plan", "", "任务清单工作簿`文件`（由 plan import 生成并核对）")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "重建已有的工作区（原有记录移入备份文件夹）")
	return cmd
}

func initRun(opts *InitOptions) error {
	env := opts.Env
	pf, err := readPlanFile(env, opts.Plan)
	if err != nil {
		return err
	}
	w, err := store.Init(env.Workspace, pf, store.InitOptions{Force: opts.Force, Now: env.Now()})
	switch {
	case errors.Is(err, store.ErrExists):
		return usageErr("%s 已是工作区：如确需重建（原有记录将移入备份文件夹），请加 --force；更新任务清单请用 taizhang plan update", env.Workspace)
	case errors.Is(err, store.ErrLocked):
		return usageErr("工作区 %s 正被另一个 taizhang 命令使用：请等它结束后再运行", env.Workspace)
	case err != nil:
		return usageErr("无法建立工作区 %s：%s", env.Workspace, describe(err))
	}
	defer w.Close()
	p := pf.Plan
	fmt.Fprintf(env.IO.Out, "已建立工作区：%s\n", env.Workspace)
	if w.Backup != "" {
		fmt.Fprintf(env.IO.Out, "原有的数据库和密钥已移到 %s（以前下发的模板只能用那里的密钥核对）\n", w.Backup)
	}
	fmt.Fprintf(env.IO.Out, "任务清单：%s（任务 %d 项，措施 %d 条，报送单位 %d 个）\n", p.Title, len(p.Tasks), p.MeasureCount(), len(p.ReportingUnits()))
	if path, wrote, err := w.StarterFree(); err != nil {
		fmt.Fprintf(env.IO.Err, "提醒：无法写入 %s（进展报告将使用默认的下步工作）：%s\n", path, describe(err))
	} else if wrote {
		fmt.Fprintf(env.IO.Out, "进展报告的下步工作：%s（纯文本，办公室可修改）\n", path)
	}
	fmt.Fprintf(env.IO.Out, "下一步：taizhang template --period YYYY-MM 生成各单位的填报模板\n")
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
