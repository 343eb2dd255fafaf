package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
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
// TAIZHANG_CPUPROFILE names a file to write a CPU profile to (for measuring, see README).
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
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
	env := &Env{IO: io, Now: time.Now}
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	err := root.ExecuteContext(ctx)
	if err != nil {
		var e *exitError
		if !(asExit(err, &e) && e.silent) {
			fmt.Fprintf(io.Err, "错误：%s\n", describe(err))
		}
	}
	return exitCode(err)
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
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if env.Workspace == "" {
				env.Workspace = "."
			}
			return nil
		},
	}
	ws := os.Getenv("TAIZHANG_WORKSPACE")
	root.PersistentFlags().StringVarP(&env.Workspace, "workspace", "w", ws, "工作区文件夹（默认：环境变量 TAIZHANG_WORKSPACE，否则当前文件夹）")
	root.SetVersionTemplate("taizhang {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "显示版本")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageErr("%s（运行 %s --help 查看用法）", flagMessage(err), cmd.CommandPath())
	})
	root.SetHelpCommand(&cobra.Command{Use: "no-help", Hidden: true})
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(newCmdPlan(env), newCmdInit(env, nil), newCmdTemplate(env, nil), newCmdCollect(env, nil),
		newCmdValidate(env, nil), newCmdReceipts(env, nil), newCmdStatus(env, nil), newCmdLedger(env, nil), newCmdReport(env, nil), newCmdRun(env, nil), newCmdSynth(env, nil), newCmdDemo(env))
	localize(root)
	return root
}

// flagMessage turns pflag's English errors into Chinese for the common cases.
func flagMessage(err error) string {
	msg := err.Error()
	for _, p := range []struct{ en, zh string }{
		{"unknown flag: ", "未知参数 "},
		{"unknown shorthand flag: ", "未知参数 "},
		{"flag needs an argument: ", "参数缺少取值："},
		{"invalid argument ", "参数取值无效："},
	} {
		if len(msg) >= len(p.en) && msg[:len(p.en)] == p.en {
			return p.zh + msg[len(p.en):]
		}
	}
	return msg
}

// localize gives every command Chinese help headings and the exit status section, and makes
// argument-count errors usage errors.
func localize(cmd *cobra.Command) {
	cmd.SetUsageTemplate(usageTemplate)
	cmd.Flags().BoolP("help", "h", false, "显示帮助")
	if cmd.Args != nil {
		check := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageErr("参数个数不对：%s（运行 %s --help 查看用法）", c.UseLine(), c.CommandPath())
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		localize(c)
	}
}

const usageTemplate = `用法：{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

参数：
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

全局参数：
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} [命令] --help" 查看命令的详细说明。{{end}}
` + exitStatusHelp + "\n"
