package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/atomicfile"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/report"
	"taizhang/internal/store"
	"taizhang/internal/typeset"
)

// ReportOptions are the parsed flags of `report`.
type ReportOptions struct {
	Env      *Env
	Period   period.Period
	AsOf     time.Time
	Out      string
	Fonts    FontFlags
	NoSystem bool
}

// FontFlags name font files for the report's roles.
type FontFlags struct {
	Title, Hei, Kai, Fang, Song string
}

func (f FontFlags) config(noSystem bool) typeset.Config {
	cfg := typeset.Config{Fonts: typeset.FontFiles{Title: f.Title, Heading1: f.Hei, Heading2: f.Kai, Body: f.Fang, Table: f.Song}}
	if noSystem {
		cfg.FontDirs = []string{}
	}
	return cfg
}

func newCmdReport(env *Env, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "report --period YYYY-MM [--as-of YYYY-MM-DD] [-o 文件.pdf]",
		Short: "生成领导小组会议用的整改进展报告（PDF，公文格式）",
		Long: `按公文格式（GB/T 9704）生成本期整改进展报告：标题、总体进展、各单位报送和推进情况、预警和逾期事项、
统计图，附件为横排的整改台账。默认写到工作区的 out/期次/进展报告-期次.pdf。
字体：优先使用本机安装的仿宋、黑体、楷体、宋体、小标宋（Windows 的 simfang.ttf 等），可用参数指定字体文件；
没有时使用程序内置的宋体和楷体。总体进展的措辞来自文字模板，工作区中有“进展报告模板.txt”时使用它。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "写入的 PDF `文件`")
	cmd.Flags().StringVar(&opts.Fonts.Title, "font-title", "", "标题字体`文件`（小标宋）")
	cmd.Flags().StringVar(&opts.Fonts.Hei, "font-heiti", "", "一级标题字体`文件`（黑体）")
	cmd.Flags().StringVar(&opts.Fonts.Kai, "font-kaiti", "", "二级标题字体`文件`（楷体）")
	cmd.Flags().StringVar(&opts.Fonts.Fang, "font-fangsong", "", "正文字体`文件`（仿宋）")
	cmd.Flags().StringVar(&opts.Fonts.Song, "font-songti", "", "表格字体`文件`（宋体）")
	cmd.Flags().BoolVar(&opts.NoSystem, "no-system-fonts", false, "不使用本机安装的字体（只用指定的和内置的）")
	return cmd
}

func reportRun(ctx context.Context, opts *ReportOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	l, err := buildLedger(w, p, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	env.fonts = opts.Fonts.config(opts.NoSystem)
	path, err := writeReport(ctx, env, w, l, opts.Out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.IO.Out, "进展报告：%s\n", path)
	return nil
}

// writeReport renders the period's progress report to out (default in the workspace).
func writeReport(ctx context.Context, env *Env, w *store.Workspace, l *ledger.Ledger, out string) (string, error) {
	text, err := w.ReportWording()
	if err != nil {
		return "", usageErr("无法读取 %s：%s", store.WordingName, describe(err))
	}
	r, err := report.Render(ctx, l, env.fonts, text)
	if err != nil {
		if ctx.Err() != nil {
			return "", interrupted("进展报告未写入（原有的报告不变）")
		}
		return "", usageErr("无法生成报告：%s", err)
	}
	for _, line := range r.Doc.FontReport() {
		fmt.Fprintf(env.IO.Err, "字体 %s\n", line)
	}
	for _, n := range r.Doc.FontProblems() {
		fmt.Fprintf(env.IO.Err, "提醒：%s\n", n)
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(env.IO.Err, "提醒：字体中没有这些字，报告中以□代替：%s（可用 --font-* 参数指定包含它们的字体）\n", string(r.Missing))
	}
	path := out
	if path == "" {
		path = w.Layout().Report(l.Period)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", usageErr("无法创建文件夹 %s：%s", filepath.Dir(path), describe(err))
	}
	if err := atomicfile.Write(path, 0o644, r.Write); err != nil {
		return "", usageErr("无法写入报告 %s：%s", path, describe(err))
	}
	return path, nil
}
