package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/decision"
	"taizhang/internal/period"
	"taizhang/internal/register"
)

// DecideOptions are the parsed flags of `close`, `extend` and `reopen`.
type DecideOptions struct {
	Env   *Env
	Kind  decision.Kind
	Keys  []string // as typed: "3.1", or "3" for a whole task
	Date  time.Time
	Doc   string
	By    string
	Note  string
	To    time.Time // extend
	Force bool      // close
}

func newCmdClose(env *Env, runF func(*DecideOptions) error) *cobra.Command {
	opts := &DecideOptions{Env: env, Kind: decision.Close}
	cmd := &cobra.Command{
		Use:   "close 措施序号... --doc 文号 [--date YYYY-MM-DD] [--by 审批人] [--note 说明] [--force]",
		Short: "验收销号：办公室核查佐证材料后，将措施销号",
		Long: `验收销号：办公室（或督导单位）核查了责任单位的佐证材料后，将措施销号。销号的措施在台账和报告中
为“已销号”（绿灯，计入已完成），此后不再出现在填报模板中。措施序号写成 3.1（任务3措施1），写 3 表示任务3的全部措施。
每个责任单位都须在已接收的报送中报告过“已完成”（按销号之日已收到的报送）；否则不予销号，核实后确需销号的，
加 --force，记录为强制销号。销号的依据（各单位报告已完成的报送及其佐证材料）随决定一并记录。
决定只增不改：销号错了，用 taizhang reopen 撤销。`,
		Example: "  taizhang close 3.1 3.2 --date 2022-08-20 --doc \"长整改办〔2022〕5号\" --by 李明",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Keys = args
			return decideRunE(opts, runF)
		},
	}
	decideFlags(cmd, opts)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "责任单位未全部报告已完成时仍然销号（记录为强制销号）")
	return cmd
}

func newCmdExtend(env *Env, runF func(*DecideOptions) error) *cobra.Command {
	opts := &DecideOptions{Env: env, Kind: decision.Extend}
	cmd := &cobra.Command{
		Use:   "extend 措施序号... --to YYYY-MM-DD --doc 文号 [--date YYYY-MM-DD] [--by 审批人] [--note 说明]",
		Short: "延期：记录经批准调整的整改时限",
		Long: `延期：记录经批准调整的整改时限。此后该措施的红黄绿灯和逾期天数按调整后的时限计算；原时限始终保留，
在台账（原时限、调整后时限、文号）、报告和填报模板中一并显示。已销号的措施不能延期。`,
		Example: "  taizhang extend 12.2 --to 2022-12-31 --doc \"长整改办〔2022〕7号\" --note \"受汛期影响\"",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Keys = args
			if opts.To.IsZero() {
				return usageErr("请用 --to 写明调整后的时限，如 --to 2022-12-31")
			}
			return decideRunE(opts, runF)
		},
	}
	decideFlags(cmd, opts)
	cmd.Flags().Var(dayValue{&opts.To, "调整后的时限"}, "to", "调整后的时限")
	return cmd
}

func newCmdReopen(env *Env, runF func(*DecideOptions) error) *cobra.Command {
	opts := &DecideOptions{Env: env, Kind: decision.Reopen}
	cmd := &cobra.Command{
		Use:     "reopen 措施序号... --doc 文号 --note 原因 [--date YYYY-MM-DD] [--by 审批人]",
		Short:   "撤销销号：措施重新纳入每月填报",
		Long:    `撤销销号：已销号的措施重新纳入每月填报（如复查发现问题反弹）。原来的销号记录保留，撤销也记入记录。`,
		Example: "  taizhang reopen 3.1 --doc \"长整改办〔2022〕9号\" --note \"复查发现问题反弹\"",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Keys = args
			if strings.TrimSpace(opts.Note) == "" {
				return usageErr("请用 --note 写明撤销销号的原因")
			}
			return decideRunE(opts, runF)
		},
	}
	decideFlags(cmd, opts)
	return cmd
}

func decideFlags(cmd *cobra.Command, opts *DecideOptions) {
	cmd.Flags().StringVar(&opts.Doc, "doc", "", "批准的`文号`，如 长整改办〔2022〕5号")
	cmd.Flags().Var(dayValue{&opts.Date, "决定日期"}, "date", "决定的日期（默认：今天）")
	cmd.Flags().StringVar(&opts.By, "by", "", "`审批人`")
	cmd.Flags().StringVar(&opts.Note, "note", "", "`说明`")
}

func decideRunE(opts *DecideOptions, runF func(*DecideOptions) error) error {
	if strings.TrimSpace(opts.Doc) == "" {
		return usageErr("请用 --doc 写明批准的文号，如 --doc \"长整改办〔2022〕5号\"")
	}
	if runF != nil {
		return runF(opts)
	}
	return decideRun(opts)
}

func decideRun(opts *DecideOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	keys, err := register.Keys(p, opts.Keys)
	if err != nil {
		return usageErr("%s", err)
	}
	day := opts.Date
	if day.IsZero() {
		now := env.Now().Local()
		day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	var ds []decision.Decision
	for _, k := range keys {
		d := decision.Decision{Kind: opts.Kind, Date: day, Doc: strings.TrimSpace(opts.Doc), By: strings.TrimSpace(opts.By),
			Note: strings.TrimSpace(opts.Note), To: opts.To, Forced: opts.Force}
		fmt.Sscanf(k, "%d.%d", &d.Task, &d.Measure)
		ds = append(ds, d)
	}
	res, err := register.Record(w, p, ds, "", env.Now())
	var refused *register.Refused
	if errors.As(err, &refused) {
		fmt.Fprintf(env.IO.Err, "未记录（%s的决定均未记录）：\n", opts.Kind.Label())
		for _, r := range refused.Refusals {
			fmt.Fprintf(env.IO.Err, "  %s\n", r.Reason)
		}
		return dataErr()
	}
	if err != nil {
		return usageErr("无法记录%s：%s", opts.Kind.Label(), describe(err))
	}
	for _, d := range res.Repeats {
		fmt.Fprintf(env.IO.Out, "已记录过：%s\n", decisionLine(&d))
	}
	for _, d := range res.Recorded {
		fmt.Fprintf(env.IO.Out, "已记录：%s\n", decisionLine(&d))
		writeRefs(env.IO.Out, &d)
	}
	if len(res.Recorded) > 0 {
		fmt.Fprintf(env.IO.Out, "重新生成台账和报告后生效：taizhang ledger --period %s\n", period.Of(day))
	}
	return nil
}

// decisionLine is a decision in one line, as the office reads it.
func decisionLine(d *decision.Decision) string {
	s := fmt.Sprintf("%s 任务%d措施%d，%s，%s", d.Kind.Label(), d.Task, d.Measure, period.DateLabel(d.Date), d.Doc)
	if d.Kind == decision.Extend {
		s += "，调整后时限 " + period.DateLabel(d.To)
	}
	if d.By != "" {
		s += "，审批人 " + d.By
	}
	if d.Note != "" {
		s += "（" + d.Note + "）"
	}
	if d.Forced {
		s += "【强制销号：责任单位未全部报告已完成】"
	}
	return s
}

func writeRefs(w io.Writer, d *decision.Decision) {
	for _, r := range d.Evidence {
		if r.Evidence == 0 {
			fmt.Fprintf(w, "    依据：%s的报送 %s（记录 %d）\n", r.Unit, r.Name, r.Record)
		} else {
			fmt.Fprintf(w, "    佐证材料：%s\n", r.Name)
		}
	}
}

// DecisionsOptions are the parsed flags of `decisions`.
type DecisionsOptions struct {
	Env  *Env
	JSON bool
}

func newCmdDecisions(env *Env, runF func(*DecisionsOptions) error) *cobra.Command {
	opts := &DecisionsOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "decisions [--json]",
		Short: "列出销号和延期的全部决定",
		Long:  `按记录的先后列出办公室的全部决定（销号、延期、撤销销号）及其依据。决定只增不改。`,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return decisionsRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "以 JSON 输出")
	return cmd
}

// decisionView is a decision in `decisions --json`.
type decisionView struct {
	ID       int64          `json:"id"`
	Kind     string         `json:"kind"`
	Task     int            `json:"task"`
	Measure  int            `json:"measure"`
	Date     string         `json:"date"`
	Doc      string         `json:"doc"`
	By       string         `json:"by"`
	Note     string         `json:"note"`
	To       string         `json:"to,omitempty"`
	Evidence []decision.Ref `json:"evidence"`
}

func decisionsRun(opts *DecisionsOptions) error {
	env := opts.Env
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	reg, err := w.Decisions()
	if err != nil {
		return usageErr("无法读取销号和延期记录：%s", describe(err))
	}
	if opts.JSON {
		views := make([]decisionView, 0, len(reg))
		for _, d := range reg {
			v := decisionView{ID: d.ID, Kind: string(d.Kind), Task: d.Task, Measure: d.Measure, Date: d.Date.Format(time.DateOnly),
				Doc: d.Doc, By: d.By, Note: d.Note, Evidence: d.Evidence}
			if v.Evidence == nil {
				v.Evidence = []decision.Ref{}
			}
			if d.Kind == decision.Extend {
				v.To = d.To.Format(time.DateOnly)
			}
			views = append(views, v)
		}
		return writeJSON(env.IO.Out, views)
	}
	if len(reg) == 0 {
		fmt.Fprintln(env.IO.Out, "还没有销号或延期的决定。")
		return nil
	}
	for _, d := range reg {
		fmt.Fprintf(env.IO.Out, "%d. %s\n", d.ID, decisionLine(&d))
		if d.Source != "" {
			fmt.Fprintf(env.IO.Out, "    来自审核表：%s\n", d.Source)
		}
		writeRefs(env.IO.Out, &d)
	}
	return nil
}
