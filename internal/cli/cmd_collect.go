package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"taizhang/internal/collect"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
)

// CollectOptions are the parsed flags of `collect` and `validate`.
type CollectOptions struct {
	Env        *Env
	Paths      []string
	Period     period.Period // zero: each template's own
	JSON       bool
	Quiet      bool
	NoReceipts bool
	Detail     bool
	DryRun     bool // validate: nothing recorded
}

func newCmdCollect(env *Env, runF func(*CollectOptions) error) *cobra.Command {
	opts := &CollectOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "collect 路径... [--period YYYY-MM]",
		Short: "回收报送：读取工作簿和邮件，逐格校验，记录并生成回执",
		Long: `回收各单位的报送。路径可以是文件或文件夹（逐层查找）：.xlsx 工作簿、.eml 邮件（读取附件）、
.mbox 邮箱（读取每封邮件的附件）。按模板中签名的隐藏标识识别报送单位和期次，与文件名无关。
每个文件逐格校验，问题定位到单元格；有错误的退回修改，只有提醒的接收。
每个输入都有记录（接收、退回、重复、无法读取），原文件与记录一起保存在工作区的数据库中；
同一单位同一期次后来接收的报送取代先前的。再次回收同样的文件不会改变任何记录。
默认为新收到的报送和还没有回执的报送生成回执（--no-receipts 不生成）。
按 Ctrl-C 中断时，已读完的文件照常记录，再次运行同一命令即可完成其余部分。`,
		Example: "  taizhang collect --period 2022-07 收件箱/\n  taizhang collect --period 2022-07 邮件/*.eml --json",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return collectRun(cmd.Context(), opts)
		},
	}
	addCollectFlags(cmd, opts)
	cmd.Flags().BoolVar(&opts.NoReceipts, "no-receipts", false, "不生成回执")
	return cmd
}

func newCmdValidate(env *Env, runF func(*CollectOptions) error) *cobra.Command {
	opts := &CollectOptions{Env: env, DryRun: true, NoReceipts: true}
	cmd := &cobra.Command{
		Use:   "validate 路径... [--period YYYY-MM] [--json]",
		Short: "只校验报送，不记录",
		Long:  `与 collect 做同样的识别和校验，但不保存文件、不记录、不生成回执。`,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return collectRun(cmd.Context(), opts)
		},
	}
	addCollectFlags(cmd, opts)
	return cmd
}

func addCollectFlags(cmd *cobra.Command, opts *CollectOptions) {
	addPeriodFlag(cmd, &opts.Period, "本次回收的期次，如 2022-07（其他期次的模板将被退回）")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	addQuietFlag(cmd, &opts.Quiet)
	cmd.Flags().BoolVar(&opts.Detail, "detail", false, "逐条列出每个文件的问题")
}

func collectRun(ctx context.Context, opts *CollectOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	sum, err := runCollect(ctx, env, w, p, opts)
	if err != nil {
		return err
	}
	var written []*receipt.Written
	if !opts.DryRun && !opts.NoReceipts {
		written, err = writeReceipts(ctx, w, p, opts.Period, sum.NewRecords(), env.IO.Progress(opts.Quiet || opts.JSON, "生成回执", "份"))
		if err != nil {
			if exitCode(err) == ExitInterrupted && !opts.JSON {
				printCollect(env.IO.Out, sum, opts)
			}
			return err
		}
	}
	if opts.JSON {
		if err := writeJSON(env.IO.Out, collectJSON(sum, written)); err != nil {
			return err
		}
	} else {
		printCollect(env.IO.Out, sum, opts)
		if len(written) > 0 {
			fmt.Fprintf(env.IO.Out, "回执 %d 份：%s\n", len(written), receiptFolders(written))
		}
	}
	if _, _, rejected, _, _ := sum.Counts(); rejected > 0 {
		return dataErr()
	}
	return nil
}

// runCollect runs the intake with a progress bar on a terminal. Interrupted, it prints what
// was done and says so.
func runCollect(ctx context.Context, env *Env, w *store.Workspace, p *plan.Plan, opts *CollectOptions) (*collect.Summary, error) {
	copts := collect.Options{Paths: opts.Paths, Period: opts.Period, Now: env.Now(), DryRun: opts.DryRun}
	verb := "读取报送"
	if opts.DryRun {
		verb = "校验报送"
	}
	bar := env.IO.Progress(opts.Quiet || opts.JSON, verb, "个")
	copts.Progress = bar.Func()
	sum, err := collect.Run(ctx, w, p, copts)
	bar.Clear()
	if err != nil && ctx.Err() != nil && sum != nil {
		if !opts.JSON {
			printCollect(env.IO.Out, sum, opts)
		}
		verb := "已回收并记录"
		if opts.DryRun {
			verb = "已校验"
		}
		return sum, interrupted(fmt.Sprintf("%s %d 个文件，其余 %d 个未处理，回执未生成", verb, sum.Done, sum.Total-sum.Done))
	}
	var missing *collect.MissingError
	if errors.As(err, &missing) {
		return nil, usageErr("找不到 %s：请检查路径（没有记录任何文件）", missing.Path)
	}
	if err != nil {
		return nil, collectFailed(err)
	}
	return sum, nil
}

// collectFailed is the error of a collect whose intake failed (a write of the records): what
// failed, and that what was recorded stays.
func collectFailed(err error) error {
	if store.DiskFull(err) {
		return usageErr("回收中断：%s", describe(err)) // which says what was kept
	}
	return usageErr("回收中断：%s（已记录的报送不受影响，可重新运行）", describe(err))
}

// writeReceipts writes the receipts of this run's new records and of the period's records
// still without one (a run stopped before its receipts).
func writeReceipts(ctx context.Context, w *store.Workspace, p *plan.Plan, per period.Period, ids []int64, bar *Progress) ([]*receipt.Written, error) {
	recs, err := receipt.Records(w, ids)
	if err != nil {
		return nil, usageErr("无法读取记录：%s", describe(err))
	}
	if !per.IsZero() {
		pending, err := receipt.Pending(w, per, nil, false)
		if err != nil {
			return nil, usageErr("无法读取记录：%s", describe(err))
		}
		recs = receipt.Union(recs, pending)
	}
	out, err := receipt.WriteAll(ctx, w, p, recs, 0, bar.Func())
	bar.Clear()
	if err != nil && ctx.Err() != nil {
		return out, interrupted(fmt.Sprintf("报送已全部记录，已生成回执 %d 份，其余 %d 份下次运行时补写", len(out), len(recs)-len(out)))
	}
	if err != nil {
		return out, usageErr("无法写入回执：%s", describe(err))
	}
	return out, nil
}

func receiptFolders(ws []*receipt.Written) string {
	seen := map[string]bool{}
	var dirs []string
	for _, wr := range ws {
		d := wr.Workbook[:strings.LastIndexAny(wr.Workbook, `/\`)+1]
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return strings.Join(dirs, "、")
}

func statusLabel(o *collect.Outcome) string {
	switch o.Status {
	case collect.StatusDuplicate:
		return "重复"
	case collect.StatusAgain:
		return "已收过"
	}
	if o.Verdict() == intake.Accepted {
		return "接收"
	}
	return "退回"
}

func printCollect(w io.Writer, sum *collect.Summary, opts *CollectOptions) {
	for _, s := range sum.Skipped {
		if s.Reason == intake.NotAReturn {
			fmt.Fprintf(w, "%s  %s\n", intake.NotAReturn, intake.PrintableLine(s.Path))
			continue
		}
		fmt.Fprintf(w, "跳过  %s（%s）\n", intake.PrintableLine(s.Path), s.Reason)
	}
	for i := range sum.Outcomes {
		o := &sum.Outcomes[i]
		fs := o.Findings()
		who := "未识别"
		unit, per := o.Result.Unit, o.Result.Period
		if o.Record != nil {
			unit, per = o.Record.Unit, o.Record.Period
		}
		if unit != "" {
			who = unit + " " + per.Label()
		}
		line := fmt.Sprintf("%s  %s  %s", statusLabel(o), intake.Describe(&o.Input), who)
		if n := fs.Count(finding.Error); n > 0 {
			line += fmt.Sprintf("  错误%d", n)
		}
		if n := fs.Count(finding.Warning); n > 0 {
			line += fmt.Sprintf("  提醒%d", n)
		}
		if o.Verdict() != intake.Accepted && len(fs) > 0 && !opts.Detail {
			line += "：" + firstError(fs)
		}
		// names, senders and cell text come from outside: nothing of them may drive the terminal
		fmt.Fprintln(w, intake.PrintableLine(line))
		if opts.Detail {
			for _, f := range fs {
				fmt.Fprintf(w, "    %s：%s\n", f.Severity.Label(), intake.PrintableLine(f.String()))
			}
		}
	}
	files, acc, rej, errs, warns := sum.Counts()
	verb := "回收"
	if opts.DryRun {
		verb = "校验"
	}
	fmt.Fprintf(w, "%s %d 个文件：接收 %d，退回 %d；错误 %d 条，提醒 %d 条\n", verb, files, acc, rej, errs, warns)
}

func firstError(fs finding.List) string {
	for _, f := range fs {
		if f.Severity == finding.Error {
			s := f.Message
			if wh := f.Where(); wh != "" {
				s = wh + " " + s
			}
			return shorten(s, 60)
		}
	}
	return ""
}

// JSON views of findings and files, in the field order other tools expect.
type findingView struct {
	Severity string  `json:"severity"`
	Code     string  `json:"code"`
	Sheet    *string `json:"sheet"`
	Cell     *string `json:"cell"`
	Task     *int    `json:"task"`
	Measure  *int    `json:"measure"`
	Message  string  `json:"message"`
}

type fileView struct {
	Path       string        `json:"path"`
	Attachment *string       `json:"attachment,omitempty"`
	Sender     *string       `json:"sender,omitempty"`
	Unit       *string       `json:"unit"`
	Period     *string       `json:"period"`
	Verdict    string        `json:"verdict"`
	Status     string        `json:"status,omitempty"`
	Record     int64         `json:"record,omitempty"`
	Receipt    string        `json:"receipt,omitempty"`
	Findings   []findingView `json:"findings"`
}

type summaryView struct {
	Files    int `json:"files"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

type collectView struct {
	Files   []fileView  `json:"files"`
	Summary summaryView `json:"summary"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func intPtr(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func findingsJSON(fs finding.List) []findingView {
	out := []findingView{}
	for _, f := range fs {
		out = append(out, findingView{Severity: string(f.Severity), Code: string(f.Code), Sheet: strPtr(f.Sheet), Cell: strPtr(f.Cell),
			Task: intPtr(f.Task), Measure: intPtr(f.Measure), Message: f.Message})
	}
	return out
}

func collectJSON(sum *collect.Summary, written []*receipt.Written) collectView {
	receipts := map[int64]string{}
	for _, wr := range written {
		receipts[wr.Record.ID] = wr.Workbook
	}
	v := collectView{Files: []fileView{}}
	for i := range sum.Outcomes {
		o := &sum.Outcomes[i]
		unit, per := o.Result.Unit, o.Result.Period
		fv := fileView{Path: o.Input.Path, Attachment: strPtr(o.Input.Attachment), Sender: strPtr(o.Input.Sender),
			Verdict: o.Verdict(), Findings: findingsJSON(o.Findings())}
		if o.Record != nil {
			unit, per = o.Record.Unit, o.Record.Period
			fv.Status, fv.Record = o.Status, o.Record.ID
			fv.Receipt = receipts[o.Record.ID]
		}
		fv.Unit, fv.Period = strPtr(unit), strPtr(per.String())
		v.Files = append(v.Files, fv)
	}
	files, acc, rej, errs, warns := sum.Counts()
	v.Summary = summaryView{files, acc, rej, errs, warns}
	return v
}
