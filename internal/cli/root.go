package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/typeset"
)

// Env is what every command shares: streams, the workspace folder, the clock.
type Env struct {
	IO        *IOStreams
	Workspace string
	Now       func() time.Time
	fonts     typeset.Config // for reports: installed fonts unless a command says otherwise
}

// Main runs the command line with the process's arguments and returns the exit code.
// Ctrl-C or SIGTERM asks the running command to stop (exit 130); a second one ends the
// process at once. TAIZHANG_CPUPROFILE names a file to write a CPU profile to (see README).
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the next signal ends the process
	}()
	if path := os.Getenv("TAIZHANG_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() {
				pprof.StopCPUProfile()
				f.Close()
			}()
		}
	}
	return Run(ctx, System(), os.Args[1:])
}

// Run executes one command line; tests call it with their own streams.
func Run(ctx context.Context, io *IOStreams, args []string) int {
	return run(ctx, io, args, time.Now)
}

// run is Run with a clock of the caller's (tests tell a story on their own days).
func run(ctx context.Context, io *IOStreams, args []string, now func() time.Time) int {
	env := &Env{IO: io, Now: now}
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	err := root.ExecuteContext(ctx)
	if err != nil && ctx.Err() != nil && !isExit(err) {
		err = interrupted("")
	}
	if err != nil {
		var e *exitError
		switch {
		case asExit(err, &e) && e.silent:
		case asExit(err, &e) && e.code == ExitInterrupted:
			fmt.Fprintf(io.Err, "已中断：%s\n", describe(err))
		case strings.HasPrefix(err.Error(), "unknown command "):
			fmt.Fprintf(io.Err, "错误：%s\n", describe(unknownCommand(root, unquoted(err.Error()))))
		default:
			fmt.Fprintf(io.Err, "错误：%s\n", describe(err))
		}
	}
	return exitCode(err)
}

// unquoted is the first quoted word of cobra's message: the command it did not know.
func unquoted(msg string) string {
	if i := strings.IndexByte(msg, '"'); i >= 0 {
		if j := strings.IndexByte(msg[i+1:], '"'); j >= 0 {
			return msg[i+1 : i+1+j]
		}
	}
	return msg
}

func isExit(err error) bool {
	var e *exitError
	return errors.As(err, &e)
}

func asExit(err error, target **exitError) bool {
	e, ok := err.(*exitError)
	if ok {
		*target = e
	}
	return ok
}

func version() string {
	v := "开发版"
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

func newRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "taizhang",
		Short: "整改台账：下发填报模板、回收报送、生成台账和进展报告",
		Long: `taizhang 帮助领导小组办公室管理整改方案的月度调度：
从方案原文导入任务清单，向各责任单位下发进展填报模板，回收并校验报送，
发送回执，合并为整改台账，并生成领导小组会议用的进展报告。`,
		Version:               version(),
		SilenceUsage:          true,
		SilenceErrors:         true,
		DisableSuggestions:    true,
		DisableFlagsInUseLine: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if env.Workspace == "" {
				env.Workspace = "."
			}
			return nil
		},
	}
	ws := os.Getenv("TAIZHANG_WORKSPACE")
	root.PersistentFlags().StringVarP(&env.Workspace, "workspace", "w", ws, "工作区`文件夹`（默认：环境变量 TAIZHANG_WORKSPACE，否则当前文件夹）")
	root.SetVersionTemplate("taizhang {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "显示版本")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { writeHelp(c.OutOrStdout(), c) })
	root.SetUsageFunc(func(c *cobra.Command) error {
		writeUsage(c.OutOrStderr(), c)
		return nil
	})
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(newCmdPlan(env), newCmdInit(env, nil), newCmdTemplate(env, nil), newCmdCollect(env, nil),
		newCmdValidate(env, nil), newCmdReceipts(env, nil), newCmdStatus(env, nil), newCmdLedger(env, nil), newCmdReport(env, nil),
		newCmdWithdraw(env, nil), newCmdClose(env, nil), newCmdExtend(env, nil), newCmdReopen(env, nil), newCmdDecisions(env, nil),
		newCmdReview(env, nil, nil), newCmdMail(env), newCmdSend(env, nil), newCmdFetch(env, nil), newCmdRun(env, nil), newCmdDemo(env), newCmdSynth(env, nil))
	root.SetHelpCommand(newCmdHelp(env, root))
	localize(root)
	return root
}

// localize gives every command the Chinese help flag, keeps cobra from appending "[flags]" to
// use lines, and makes argument-count errors usage errors.
func localize(cmd *cobra.Command) {
	cmd.DisableFlagsInUseLine = true
	cmd.Flags().BoolP("help", "h", false, "显示帮助")
	if cmd.Args != nil {
		check := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageErr("参数个数不对：%s（运行 %s --help 查看用法）", useLine(c), c.CommandPath())
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		localize(c)
	}
}
