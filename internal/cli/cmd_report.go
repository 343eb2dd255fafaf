package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/atomicfile"
	"taizhang/internal/docx"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/report"
	"taizhang/internal/store"
	"taizhang/internal/typeset"
)

// ReportOptions are the parsed flags of `report`.
type ReportOptions struct {
	Env      *Env
	Period   period.Period
	AsOf     time.Time
	Date     time.Time // 成文日期; zero: the plan's setting, else the as-of date
	Out      string
	Fonts    FontFlags
	NoSystem bool
	Quiet    bool
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
		Use:   "report --period YYYY-MM [--as-of YYYY-MM-DD] [--date YYYY-MM-DD] [-o 文件.pdf|文件.docx]",
		Short: "生成领导小组会议用的整改进展报告（PDF 和 Word，公文格式）",
		Long: `按公文格式（GB/T 9704）生成本期整改进展报告：标题、总体进展、各单位报送和推进情况、预警和逾期事项、
验收销号和延期情况（有销号或延期记录时）、统计图、下步工作，附件说明和落款，附件为横排的整改台账。
同一内容写成两个文件：PDF（直接印发）和 Word 文档（.docx，可在 Word、WPS 中修改后上报），
默认写到工作区的 out/期次/进展报告-2022年8月.pdf 和 .docx；-o 只写一个文件，格式由扩展名（.pdf 或 .docx）决定。
落款为任务清单“设置”表的落款单位（未填时为领导小组办公室）和成文日期：--date 指定，否则按“设置”表的
成文日期，默认为截至日期。
字体：PDF 优先使用本机安装的仿宋、黑体、楷体、宋体、小标宋（Windows 的 simfang.ttf 等），可用参数指定字体文件；
没有时使用程序内置的宋体和楷体。Word 文档写明公文字体的名称（方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体），
由打开文档的电脑提供。
措辞：总体进展来自文字模板，工作区中有“进展报告模板.txt”时使用它；下步工作等段落来自工作区中的
“进展报告下步工作.txt”（纯文本，【标题】开始一节，每行一段），没有时使用中性的默认文字。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if opts.Out != "" {
				if _, err := reportFormat(opts.Out); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addQuietFlag(cmd, &opts.Quiet)
	addAsOfFlag(cmd, &opts.AsOf)
	cmd.Flags().Var(dayValue{&opts.Date, "成文日期"}, "date", "落款的成文日期，如 2022-09-05（默认：任务清单“设置”表的成文日期，未设置时为截至日期）")
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "只写这一个`文件`（.pdf 或 .docx）")
	cmd.Flags().StringVar(&opts.Fonts.Title, "font-title", "", "标题字体`文件`（小标宋）")
	cmd.Flags().StringVar(&opts.Fonts.Hei, "font-heiti", "", "一级标题字体`文件`（黑体）")
	cmd.Flags().StringVar(&opts.Fonts.Kai, "font-kaiti", "", "二级标题字体`文件`（楷体）")
	cmd.Flags().StringVar(&opts.Fonts.Fang, "font-fangsong", "", "正文字体`文件`（仿宋）")
	cmd.Flags().StringVar(&opts.Fonts.Song, "font-songti", "", "表格字体`文件`（宋体）")
	cmd.Flags().BoolVar(&opts.NoSystem, "no-system-fonts", false, "不使用本机安装的字体（只用指定的和内置的）")
	return cmd
}

// reportFormat is the format of a report file named by the user: its extension.
func reportFormat(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case store.PDF, store.Word:
		return ext, nil
	}
	return "", usageErr("无法写入 %s：报告的文件名应以 .pdf 或 .docx 结尾", path)
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
	paths, err := writeReport(ctx, env, w, l, opts.Out, opts.Date, opts.Quiet)
	if err != nil {
		return err
	}
	for _, path := range paths {
		fmt.Fprintf(env.IO.Out, "进展报告：%s\n", path)
	}
	return nil
}

// reportDate is the report's 成文日期: the day given, else the plan's setting, else the as-of
// day.
func reportDate(given time.Time, p *plan.Plan, asOf time.Time, now func() time.Time) time.Time {
	switch s := p.Settings.Dated; {
	case !given.IsZero():
		return given
	case s == plan.DatedToday:
		t := now()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case s != "":
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t
		}
	}
	return asOf
}

// writeReport writes the period's progress report: to out in the format its extension names,
// or, when out is "", as a PDF and a Word document in the workspace. Both are made in memory
// before either is written, and each is written whole or not at all.
func writeReport(ctx context.Context, env *Env, w *store.Workspace, l *ledger.Ledger, out string, date time.Time, quiet bool) ([]string, error) {
	wording, err := w.ReportWording()
	if err != nil {
		return nil, usageErr("无法读取 %s：%s", store.WordingName, describe(err))
	}
	free, err := w.ReportFree()
	if err != nil {
		return nil, usageErr("无法读取 %s：%s", store.FreeName, describe(err))
	}
	formats := []string{store.PDF, store.Word}
	paths := map[string]string{}
	if out != "" {
		f, err := reportFormat(out)
		if err != nil {
			return nil, err
		}
		formats, paths[f] = []string{f}, out
	} else {
		for _, f := range formats {
			paths[f] = w.Layout().Report(l.Period, f)
		}
	}
	failed := func(err error) error {
		if ctx.Err() != nil {
			return interrupted("进展报告未写入（原有的报告不变）")
		}
		return usageErr("无法生成报告：%s", describe(err))
	}
	c, err := report.Build(ctx, l, report.Input{Wording: wording, Free: free, Date: reportDate(date, l.Plan, l.AsOf, env.Now)})
	if err != nil {
		return nil, failed(err)
	}
	files := map[string][]byte{}
	for _, f := range formats {
		var buf bytes.Buffer
		switch f {
		case store.PDF:
			bar := env.IO.Progress(quiet, "排版 PDF", "项")
			c.Progress = bar.Func()
			r, err := c.PDF(ctx, env.fonts)
			bar.Clear()
			if err != nil {
				return nil, failed(err)
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
			err = r.Write(&buf)
			if err != nil {
				return nil, failed(err)
			}
		case store.Word:
			bar := env.IO.Progress(quiet, "写 Word 文档", "项")
			c.Progress = bar.Func()
			r, err := c.Word(ctx, docx.Fonts{})
			bar.Clear()
			if err != nil {
				return nil, failed(err)
			}
			fmt.Fprintf(env.IO.Err, "字体 Word 文档：%s\n", wordFonts(r.Fonts))
			if err := r.Write(&buf); err != nil {
				return nil, failed(err)
			}
		}
		files[f] = buf.Bytes()
	}
	if ctx.Err() != nil {
		return nil, interrupted("进展报告未写入（原有的报告不变）")
	}
	var written []string
	for _, f := range formats {
		path := paths[f]
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return written, usageErr("无法创建文件夹 %s：%s", filepath.Dir(path), describe(err))
		}
		if err := atomicfile.WriteBytes(path, 0o644, files[f]); err != nil {
			return written, usageErr("无法写入报告 %s：%s", path, describe(err))
		}
		written = append(written, path)
	}
	return written, nil
}

// wordFonts says which fonts the Word document names, with what Word and WPS use where they
// are not installed.
func wordFonts(f docx.Fonts) string {
	var parts []string
	for _, r := range []struct{ role, font string }{{"标题", f.Title}, {"一级标题", f.Heading1}, {"二级标题", f.Heading2},
		{"正文", f.Body}, {"表格", f.Table}} {
		s := r.role + " " + r.font
		if alt := docx.Fallback(r.font); alt != "" && alt != r.font {
			s += "（没有时为" + alt + "）"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "，") + "；由打开文档的电脑提供"
}
