package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
	"taizhang/internal/notice"
	"taizhang/internal/plan"
)

func newCmdPlan(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "整改方案：从通知原文导入任务清单，检查和查看任务清单",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			writeHelp(env.IO.Out, cmd)
			return nil
		},
	}
	cmd.AddCommand(newCmdPlanImport(env, nil), newCmdPlanCheck(env, nil), newCmdPlanShow(env, nil), newCmdPlanUpdate(env, nil))
	return cmd
}

// PlanImportOptions are the parsed flags of `plan import`.
type PlanImportOptions struct {
	Env    *Env
	Notice string
	Out    string
}

func newCmdPlanImport(env *Env, runF func(*PlanImportOptions) error) *cobra.Command {
	opts := &PlanImportOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "import 通知文件 [-o 任务清单.xlsx]",
		Short: "从整改方案通知原文（.txt 或 .docx）导入任务清单",
		Long: `读取整改方案通知原文（纯文本 UTF-8/GBK，或 Word .docx），找到附件中的整改任务清单，
识别每项任务的责任单位、责任人、督导单位、整改目标、整改时限和整改措施，写入任务清单工作簿。
无法自动确定的内容（如“各相关部门”、分组成员、别名）作为提醒列出，请在工作簿中核对修改。`,
		Example: "  taizhang plan import 通知.txt -o 任务清单.xlsx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Notice = args[0]
			if runF != nil {
				return runF(opts)
			}
			return planImportRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "任务清单.xlsx", "写入的任务清单工作簿`文件`")
	return cmd
}

func planImportRun(opts *PlanImportOptions) error {
	io := opts.Env.IO
	res, err := importNotice(opts.Notice)
	if err != nil {
		return err
	}
	printFindings(io.Err, "", res.Findings)
	if len(res.Plan.Tasks) == 0 {
		return dataErr()
	}
	if err := plan.Save(&res.Plan, opts.Out); err != nil {
		return usageErr("无法写入 %s：%s", opts.Out, describe(err))
	}
	printPlanSummary(io.Out, &res.Plan)
	fmt.Fprintf(io.Out, "已写入 %s\n", opts.Out)
	if res.Findings.HasErrors() {
		fmt.Fprintf(io.Out, "导入有错误：请在任务清单中修改后运行 taizhang plan check %s\n", opts.Out)
		return dataErr()
	}
	if n := res.Findings.Count(finding.Warning); n > 0 {
		fmt.Fprintf(io.Out, "请核对 %d 条提醒，在任务清单中修改后运行 taizhang plan check %s\n", n, opts.Out)
	}
	return nil
}

// importNotice reads and parses a notice file; a file of the wrong kind is a usage error.
func importNotice(path string) (*notice.Result, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, usageErr("%s", describe(err))
	}
	if st.IsDir() {
		return nil, usageErr("%s 是文件夹：请给出通知文件（.txt 或 .docx）", path)
	}
	if st.Size() > notice.MaxNoticeBytes {
		return nil, usageErr("%s 过大（%d 字节）：不像是整改方案通知", path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("%s", describe(err))
	}
	text, err := notice.Text(path, data)
	if err != nil {
		var fe *notice.FormatError
		if errors.As(err, &fe) {
			return nil, usageErr("%s", fe.Error())
		}
		return nil, err
	}
	return notice.Parse(text), nil
}

// PlanCheckOptions are the parsed flags of `plan check`.
type PlanCheckOptions struct {
	Env  *Env
	File string
}

func newCmdPlanCheck(env *Env, runF func(*PlanCheckOptions) error) *cobra.Command {
	opts := &PlanCheckOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "check 任务清单.xlsx",
		Short: "检查修改后的任务清单：序号、单位、分组、整改时限等",
		Long: `检查任务清单工作簿：任务和措施序号重复或缺失、责任单位不在单位表中、分组没有成员、
整改时限无法识别等，每个问题定位到工作表和单元格（如 措施!E17）。有错误时退出状态为 1。`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return planCheckRun(opts)
		},
	}
	return cmd
}

func planCheckRun(opts *PlanCheckOptions) error {
	io := opts.Env.IO
	p, fs, err := readPlan(opts.File)
	if err != nil {
		return err
	}
	printFindings(io.Out, baseName(opts.File), fs)
	errs, warns := fs.Count(finding.Error), fs.Count(finding.Warning)
	fmt.Fprintf(io.Out, "%s：任务 %d 项，措施 %d 条，单位 %d 个；错误 %d 条，提醒 %d 条\n",
		baseName(opts.File), len(p.Tasks), p.MeasureCount(), len(p.Units), errs, warns)
	if errs > 0 {
		return dataErr()
	}
	return nil
}

// readPlan reads a plan workbook given on the command line.
func readPlan(path string) (*plan.Plan, finding.List, error) {
	data, err := readGiven(path, "任务清单工作簿（.xlsx）")
	if err != nil {
		return nil, nil, err
	}
	p, fs, err := plan.Read(data)
	if err != nil {
		return nil, nil, usageErr("%s：%s", path, describe(err))
	}
	return p, fs, nil
}

// PlanShowOptions are the parsed flags of `plan show`.
type PlanShowOptions struct {
	Env  *Env
	File string
	JSON bool
}

func newCmdPlanShow(env *Env, runF func(*PlanShowOptions) error) *cobra.Command {
	opts := &PlanShowOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "show 任务清单.xlsx [--json]",
		Short: "查看任务清单：任务、措施、责任单位和整改时限",
		Long:  `列出任务清单的任务、牵头单位、整改时限和措施数；--json 输出完整的结构化数据。`,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return planShowRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	return cmd
}

func planShowRun(opts *PlanShowOptions) error {
	io := opts.Env.IO
	p, fs, err := readPlan(opts.File)
	if err != nil {
		return err
	}
	if n := fs.Count(finding.Error); n > 0 {
		fmt.Fprintf(io.Err, "提醒：任务清单有 %d 条错误，运行 taizhang plan check %s 查看\n", n, opts.File)
	}
	if opts.JSON {
		return writeJSON(io.Out, planJSON(p))
	}
	printPlan(io.Out, p)
	return nil
}

func printPlanSummary(w io.Writer, p *plan.Plan) {
	groups := 0
	for _, u := range p.Units {
		if u.Group {
			groups++
		}
	}
	fmt.Fprintf(w, "%s\n", p.Title)
	fmt.Fprintf(w, "任务 %d 项，措施 %d 条，单位 %d 个（其中分组 %d 个）\n", len(p.Tasks), p.MeasureCount(), len(p.Units), groups)
	var tk, mk [4]int
	for _, t := range p.Tasks {
		tk[kindIndex(t.Deadline.Kind)]++
		for _, m := range t.Measures {
			mk[kindIndex(m.Deadline.Kind)]++
		}
	}
	fmt.Fprintf(w, "任务整改时限：日期 %d，长期坚持 %d，定期 %d，无法识别 %d\n", tk[0], tk[1], tk[2], tk[3])
	fmt.Fprintf(w, "措施整改时限：日期 %d，长期坚持 %d，定期 %d，无法识别 %d\n", mk[0], mk[1], mk[2], mk[3])
}

func kindIndex(k deadline.Kind) int {
	switch k {
	case deadline.KindDate:
		return 0
	case deadline.KindOngoing:
		return 1
	case deadline.KindRecurring:
		return 2
	}
	return 3
}

func printPlan(w io.Writer, p *plan.Plan) {
	printPlanSummary(w, p)
	fmt.Fprintln(w)
	for _, t := range p.Tasks {
		fmt.Fprintf(w, "%d. %s\n", t.No, t.Title)
		fmt.Fprintf(w, "   责任单位：%s（牵头：%s）  督导：%s\n", plan.JoinList(t.Units), t.Lead, t.Supervisor)
		fmt.Fprintf(w, "   整改时限：%s\n", deadlineText(t.Deadline))
		for _, m := range t.Measures {
			units := ""
			if len(m.Units) > 0 {
				units = "  单位：" + plan.JoinList(m.Units)
			}
			fmt.Fprintf(w, "   （%d）%s  时限：%s%s\n", m.No, shorten(m.Text, 40), deadlineText(m.Deadline), units)
		}
	}
}

func deadlineText(d deadline.Deadline) string {
	s := d.Text
	switch {
	case d.HasDue():
		s += "（" + d.DueString() + "）"
	case d.Kind == deadline.KindOngoing:
		s += "（长期坚持）"
	case d.Kind == deadline.KindRecurring && d.Rule != nil:
		s += "（定期：" + d.Rule.Text + "）"
	case d.Kind == deadline.KindUnknown:
		s += "（无法识别）"
	}
	if d.Inherited {
		s += "，同任务"
	}
	return s
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func baseName(path string) string {
	i := strings.LastIndexAny(path, `/\`)
	return path[i+1:]
}

// printFindings prints findings one a line, errors first within each place.
func printFindings(w io.Writer, file string, fs finding.List) {
	for _, f := range fs {
		if f.File == "" {
			f.File = file
		}
		fmt.Fprintf(w, "%s：%s\n", f.Severity.Label(), f.String())
	}
}
