package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/atomicfile"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/post"
	"taizhang/internal/register"
	"taizhang/internal/samplegen"
	"taizhang/internal/store"
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
		Short: "用自带的示例（长白山整改方案，2022年7月和8月）演示每月的全过程",
		Long: `在一个新文件夹中用自带的示例演示办公室每月的工作：导入整改方案通知；用核对后的任务清单建立工作区；
下发7月和8月的填报模板；回收两个月的报送（含常见错误、邮件附件、补报），生成回执、台账和进展报告，列出报送情况。
默认文件夹为当前目录下的 taizhang-demo（已存在且非空时依次使用 taizhang-demo-2、-3……）。
演示工作区使用公开的示例密钥，只能用于演示。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return demoRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "演示输出文件夹")
	return cmd
}

func demoRun(ctx context.Context, opts *DemoOptions) error {
	env := opts.Env
	out := env.IO.Out
	dir, err := demoFolder(opts.Out)
	if err != nil {
		return err
	}
	quiet := &Env{IO: &IOStreams{Out: io.Discard, Err: io.Discard}, Now: env.Now}
	fmt.Fprintf(out, "演示文件夹：%s\n\n", dir)

	// 1. the notice and its import
	if err := copySamples(dir, samples.NoticeName, samples.PlanName); err != nil {
		return err
	}
	fmt.Fprintf(out, "一、导入整改方案通知（taizhang plan import）\n")
	noticePath := filepath.Join(dir, samples.NoticeName)
	imported := filepath.Join(dir, "任务清单-导入.xlsx")
	res, err := importNotice(noticePath)
	if err != nil {
		return err
	}
	if err := plan.Save(&res.Plan, imported); err != nil {
		return usageErr("无法写入 %s：%s", imported, describe(err))
	}
	printPlanSummary(indent(out), &res.Plan)
	fmt.Fprintf(out, "  导入时提醒 %d 条（各区成员、笼统的责任单位等），核对后的任务清单见 %s\n\n", len(res.Findings), filepath.Join(dir, samples.PlanName))

	// 2. the workspace, with the demo's public key so that the bundled returns verify
	ws := filepath.Join(dir, "工作区")
	w, p, err := samplegen.InitDemo(ws, env.Now())
	if err != nil {
		return usageErr("无法建立工作区 %s：%s", ws, describe(err))
	}
	// as init does: the report's 下步工作 as a text file the office edits
	_, _, err = w.StarterFree()
	w.Close()
	if err != nil {
		return usageErr("无法写入 %s：%s", store.FreeName, describe(err))
	}
	fmt.Fprintf(out, "二、建立工作区（taizhang init）：%s，报送单位 %d 个\n\n", ws, len(p.ReportingUnits()))

	// 3. each month: templates (the second month's show what the units reported in the first),
	// then collect, correct, ledger, report, status
	inbox := filepath.Join(dir, "收件箱")
	if err := copyReturns(inbox); err != nil {
		return err
	}
	for i, per := range samplegen.Periods {
		fmt.Fprintf(out, "%s、%s\n", []string{"三", "四"}[i], per.Label())
		if period.Of(samplegen.DecidedAt) == per {
			// the office checks July's completions and closes some, and extends one deadline
			if err := demoDecisions(out, ws); err != nil {
				return err
			}
		}
		// the story's clock: templates are issued on the 25th of the month
		issued := samplegen.Issued(per)
		if err := templateRun(ctx, &TemplateOptions{Env: &Env{IO: quiet.IO, Workspace: ws, Now: func() time.Time { return issued }}, Period: per}); err != nil {
			return err
		}
		fmt.Fprintf(out, "  下发填报模板（taizhang template）：%s\n", filepath.Join(ws, "out", "templates", per.String()))
		issuedEnv := &Env{IO: quiet.IO, Workspace: ws, Now: func() time.Time { return issued }}
		if err := demoDrafts(ctx, out, issuedEnv, post.Templates, per, time.Time{}); err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintf(out, "  （模板中“上期进展”列出各单位%s的报送，已完成的措施预先填好，由单位确认）\n", samplegen.Periods[i-1].Label())
		}
		fmt.Fprintf(out, "  回收报送、台账、进展报告（taizhang run）\n")
		// the story's clock: returns are collected on the 3rd of the next month
		received := samplegen.Received(per, false)
		monthEnv := &Env{IO: &IOStreams{Out: indent(out), Err: io.Discard}, Workspace: ws, Now: func() time.Time { return received }, fonts: env.fonts}
		paths := []string{filepath.Join(inbox, per.String(), samplegen.Inbox)}
		if err := runRun(ctx, &RunOptions{Env: monthEnv, Period: per, Paths: paths, Quiet: true}); err != nil && exitCode(err) != ExitData {
			return err
		}
		late := filepath.Join(inbox, per.String(), samplegen.LateInbox)
		if _, err := os.Stat(late); err == nil {
			fmt.Fprintf(out, "  —— 补报（taizhang run，再次运行）\n")
			received = samplegen.Received(per, true)
			if err := runRun(ctx, &RunOptions{Env: monthEnv, Period: per, Paths: []string{late}, Quiet: true}); err != nil && exitCode(err) != ExitData {
				return err
			}
		}
		// receipts to every return, and a reminder to the units still missing or returned
		// two days after the 报送截止
		monthEnv.IO = quiet.IO
		if err := demoDrafts(ctx, out, monthEnv, post.Receipts, per, time.Time{}); err != nil {
			return err
		}
		chase := per.DefaultDue().AddDate(0, 0, 2).Add(9 * time.Hour)
		if err := demoDrafts(ctx, out, &Env{IO: quiet.IO, Workspace: ws, Now: func() time.Time { return chase }}, post.Reminders, per, chase); err != nil {
			return err
		}
		fmt.Fprintln(out)
	}
	reports := store.Layout{Out: filepath.Join(ws, store.OutDir)}
	last := samplegen.Periods[len(samplegen.Periods)-1]
	fmt.Fprintf(out, "生成的文件：\n")
	for _, line := range []string{
		"通知原文        " + noticePath,
		"导入的任务清单  " + imported,
		"核对后任务清单  " + filepath.Join(ws, store.PlanName),
		"填报模板        " + filepath.Join(ws, "out", "templates"),
		"收到的报送      " + inbox,
		"回执            " + filepath.Join(ws, "out", "receipts"),
		"邮件草稿        " + filepath.Join(ws, "out", "mail") + "（.eml，可用 Foxmail 或 Outlook 打开后发送）",
		"整改台账        " + filepath.Join(ws, "out", "期次", "台账-期次.xlsx"),
		"进展报告        " + reports.Report(last, store.PDF) + "（Word 文档：" + filepath.Base(reports.Report(last, store.Word)) + "）",
	} {
		fmt.Fprintf(out, "  %s\n", line)
	}
	return nil
}

// demoDrafts writes a kind of letters of a period as drafts (the demo sends no mail) and
// says how many.
func demoDrafts(ctx context.Context, out io.Writer, env *Env, kind string, per period.Period, asOf time.Time) error {
	err := sendRun(ctx, &SendOptions{Env: env, Kind: kind, Period: per, AsOf: asOf, DraftsOnly: true, Quiet: true})
	if err != nil && exitCode(err) != ExitData {
		return err
	}
	w, err := store.Open(env.Workspace)
	if err != nil {
		return err
	}
	defer w.Close()
	letters, err := w.Letters(per)
	if err != nil {
		return err
	}
	n := 0
	for _, l := range letters {
		if l.Kind == kind {
			n++
		}
	}
	fmt.Fprintf(out, "  写成邮件草稿（taizhang send %s --drafts-only）：%s %d 封，在 %s\n", kind, post.KindLabel(kind), n,
		w.Layout().Mail(per))
	return nil
}

// indent prefixes every line written with two spaces.
func indent(w io.Writer) io.Writer { return &indenter{w: w, start: true} }

type indenter struct {
	w     io.Writer
	start bool
}

func (in *indenter) Write(p []byte) (int, error) {
	var b strings.Builder
	for _, c := range string(p) {
		if in.start {
			b.WriteString("  ")
		}
		b.WriteRune(c)
		in.start = c == '\n'
	}
	if _, err := io.WriteString(in.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

func copySamples(dir string, names ...string) error {
	for _, name := range names {
		data, err := samples.Files.ReadFile(name)
		if err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(filepath.Join(dir, name), 0o644, data); err != nil {
			return usageErr("无法写入 %s：%s", filepath.Join(dir, name), describe(err))
		}
	}
	return nil
}

// copyReturns puts the bundled returns into an inbox folder, as the office saves its mail.
func copyReturns(inbox string) error {
	return fs.WalkDir(samples.Files, samples.ReturnsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := samples.Files.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(inbox, filepath.FromSlash(strings.TrimPrefix(p, samples.ReturnsDir+"/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return usageErr("无法创建 %s：%s", filepath.Dir(dst), describe(err))
		}
		return atomicfile.WriteBytes(dst, 0o644, data)
	})
}

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

// demoDecisions records the story's 销号 and 延期, as taizhang close and extend would.
func demoDecisions(out io.Writer, ws string) error {
	w, p, err := openWithPlan(&Env{Workspace: ws})
	if err != nil {
		return err
	}
	defer w.Close()
	res, err := register.Record(w, p, samplegen.Decisions(), "", samplegen.DecidedAt)
	if err != nil {
		return usageErr("无法记录示例的销号和延期：%s", describe(err))
	}
	fmt.Fprintf(out, "  验收销号和延期（taizhang close / extend）：\n")
	for _, d := range append(res.Repeats, res.Recorded...) {
		fmt.Fprintf(out, "    %s\n", decisionLine(&d))
	}
	return nil
}
