package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"taizhang/internal/atomicfile"
	"taizhang/samples"
)

// DemoOptions are the parsed flags of `demo`.
type DemoOptions struct {
	Env *Env
	Out string
}

func newCmdDemo(env *Env) *cobra.Command {
	opts := &DemoOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "demo [--out 文件夹]",
		Short: "用自带的示例（长白山整改方案）演示全过程",
		Long: `在一个新文件夹中用自带的示例演示：导入整改方案通知，生成任务清单并列出其内容。
默认文件夹为当前目录下的 taizhang-demo（已存在且非空时依次使用 taizhang-demo-2、-3……）。` + exitStatusHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return demoRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "演示输出文件夹")
	return cmd
}

func demoRun(opts *DemoOptions) error {
	io := opts.Env.IO
	out, err := demoFolder(opts.Out)
	if err != nil {
		return err
	}
	noticeData, err := samples.Files.ReadFile(samples.NoticeName)
	if err != nil {
		return err
	}
	noticePath := filepath.Join(out, samples.NoticeName)
	if err := atomicfile.WriteBytes(noticePath, 0o644, noticeData); err != nil {
		return usageErr("无法写入 %s：%s", noticePath, describe(err))
	}
	fmt.Fprintf(io.Out, "演示文件夹：%s\n\n", out)
	fmt.Fprintf(io.Out, "第一步 导入整改方案：taizhang plan import %s\n", samples.NoticeName)
	planPath := filepath.Join(out, samples.PlanName)
	if err := planImportRun(&PlanImportOptions{Env: &Env{IO: &IOStreams{Out: io.Out, Err: discard{}}, Workspace: out, Now: opts.Env.Now},
		Notice: noticePath, Out: planPath}); err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "\n生成的文件：\n  通知原文  %s\n  任务清单  %s\n", noticePath, planPath)
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// demoFolder picks a fresh folder: the one asked for (it must be empty or new), else
// taizhang-demo, taizhang-demo-2 … in the current folder.
func demoFolder(asked string) (string, error) {
	if asked != "" {
		if entries, err := os.ReadDir(asked); err == nil && len(entries) > 0 {
			return "", usageErr("%s 已存在且不是空文件夹：请换一个文件夹", asked)
		}
		if err := os.MkdirAll(asked, 0o755); err != nil {
			return "", usageErr("无法创建 %s：%s", asked, describe(err))
		}
		return asked, nil
	}
	for i := 1; i < 1000; i++ {
		name := "taizhang-demo"
		if i > 1 {
			name = fmt.Sprintf("taizhang-demo-%d", i)
		}
		entries, err := os.ReadDir(name)
		if os.IsNotExist(err) || (err == nil && len(entries) == 0) {
			if err := os.MkdirAll(name, 0o755); err != nil {
				return "", usageErr("无法创建 %s：%s", name, describe(err))
			}
			return name, nil
		}
	}
	return "", usageErr("当前文件夹中已有太多演示文件夹：请用 --out 指定")
}
