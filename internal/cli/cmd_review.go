package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/review"
)

// ReviewOptions are the parsed flags of `review`.
type ReviewOptions struct {
	Env    *Env
	Period period.Period
	AsOf   time.Time // zero: the period's last day
	Out    string
}

// ReviewApplyOptions are the parsed flags of `review apply`.
type ReviewApplyOptions struct {
	Env  *Env
	Path string
	By   string // 经办人
}

func newCmdReview(env *Env, runF func(*ReviewOptions) error, applyF func(*ReviewApplyOptions) error) *cobra.Command {
	opts := &ReviewOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "review --period YYYY-MM [--as-of YYYY-MM-DD] [-o 文件]",
		Short: "销号审核表：列出待审核销号的措施，在 Excel 中审核后登记",
		Long: `生成销号审核表（默认：工作区的 out/期次/销号审核表-2022年8月.xlsx，与台账在同一文件夹），
供习惯在 Excel 中审核的办公室使用。表中列出截至日期各责任单位均已报告“已完成”、尚未销号的措施：
任务序号、措施序号、整改措施、责任单位、整改时限、各单位的完成时间和佐证材料，以及随报送收到的佐证材料文件；
灰色各栏锁定，白色各栏由审核人填写：审核意见（同意销号 / 暂缓）、文号、审核人、日期。
填好后用 taizhang review apply 登记。没有待审核的措施时不生成文件。`,
		Example: "  taizhang review --period 2022-08\n  taizhang review apply out/2022-08/销号审核表-2022年8月.xlsx --by 王五",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return reviewRun(opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	cmd.Flags().StringVarP(&opts.Out, "output", "o", "", "写入的销号审核表`文件`")
	cmd.AddCommand(newCmdReviewApply(env, applyF))
	return cmd
}

func newCmdReviewApply(env *Env, runF func(*ReviewApplyOptions) error) *cobra.Command {
	opts := &ReviewApplyOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "apply 文件 [--by 经办人]",
		Short: "登记填好的销号审核表：同意销号的措施记录为销号",
		Long: `读取填好的销号审核表，核对它是本工作区生成的审核表（隐藏的签名标识），逐格检查：
审核意见只能是“同意销号”或“暂缓”（留空为未审核）；同意销号的须填写文号和日期，日期不能晚于今天；
灰色的参考栏不能修改，措施行不能增删。有任何错误时一条也不记录，并逐条列出问题（第几行哪一栏）。
没有错误时，同意销号的措施记录为销号（日期、文号、审核人取自表中，来源为审核表的文件名）；
与 taizhang close 一样，每个责任单位都须在销号之日已收到的报送中报告过“已完成”，否则全部不予记录。
暂缓和未审核的措施分别列出。同一个审核表文件再次登记时不会重复记录。`,
		Example: "  taizhang review apply 销号审核表-2022年8月.xlsx --by 王五",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return reviewApplyRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.By, "by", "", "`经办人`，随每条销号记录（默认：本机的登录用户名）")
	return cmd
}

func reviewRun(opts *ReviewOptions) error {
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
	rows := review.Rows(l)
	if len(rows) == 0 {
		fmt.Fprintf(env.IO.Out, "%s没有待审核销号的措施（截至%s，没有各责任单位均已报告已完成、尚未销号的措施）：未生成销号审核表。\n",
			l.Period.Label(), period.DateLabel(l.AsOf))
		return nil
	}
	path := opts.Out
	if path == "" {
		path = w.Layout().Review(l.Period)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return usageErr("无法创建文件夹 %s：%s", filepath.Dir(path), describe(err))
	}
	if _, err := review.Write(path, review.Spec{Ledger: l, Rows: rows, Workspace: w.ID, Key: w.Key()}); err != nil {
		return usageErr("无法写入销号审核表 %s：%s", path, describe(err))
	}
	fmt.Fprintf(env.IO.Out, "销号审核表：%s\n", path)
	fmt.Fprintf(env.IO.Out, "待审核销号的措施 %d 条（截至%s）：%s\n", len(rows), period.DateLabel(l.AsOf), reviewKeys(rows))
	fmt.Fprintf(env.IO.Out, "审核后登记：taizhang review apply %s\n", path)
	return nil
}

func reviewKeys(rows []review.Row) string {
	var ks []string
	for _, r := range rows {
		ks = append(ks, fmt.Sprintf("任务%d措施%d", r.Task, r.Measure))
	}
	return strings.Join(ks, "、")
}

func reviewApplyRun(opts *ReviewApplyOptions) error {
	env := opts.Env
	data, err := readReviewFile(opts.Path)
	if err != nil {
		return err
	}
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	by := clerk(opts.By)
	name := filepath.Base(opts.Path)
	out, err := review.Apply(w, p, data, review.ApplyOptions{Name: name, Clerk: by, Now: env.Now()})
	if err != nil {
		return usageErr("无法登记销号审核表 %s：%s", name, describe(err))
	}
	printApply(env, name, opts.Path, out)
	if out.Findings.HasErrors() {
		return dataErr()
	}
	return nil
}

// readReviewFile reads the file named on the command line: a regular file, at most a little
// more than review.MaxBytes (the rest is not read; the check says it is too large).
func readReviewFile(path string) ([]byte, error) {
	const want = "填好的销号审核表（.xlsx）"
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, usageErr("%s", describe(err))
	case st.IsDir():
		return nil, usageErr("%s 是文件夹：请给出%s", path, want)
	case !st.Mode().IsRegular():
		return nil, usageErr("%s 不是普通文件：请给出%s", path, want)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("%s", describe(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, review.MaxBytes+1))
	if err != nil {
		return nil, usageErr("无法读取 %s：%s", path, describe(err))
	}
	return data, nil
}

func printApply(env *Env, name, path string, out *review.Outcome) {
	o, e := env.IO.Out, env.IO.Err
	if id := out.Identity; id != nil {
		fmt.Fprintf(o, "销号审核表 %s：%s，截至%s，措施 %d 条\n", intake.PrintableLine(name), out.Period.Label(), period.DateLabel(out.AsOf), len(id.Rows))
	}
	if !out.AppliedAt.IsZero() {
		fmt.Fprintf(o, "这个审核表已于 %s 登记过，本次未重复记录。\n", out.AppliedAt.Local().Format("2006-01-02 15:04"))
		return
	}
	errs := out.Findings.Count(finding.Error)
	for _, f := range out.Findings {
		fmt.Fprintf(e, "  %s：%s\n", f.Severity.Label(), intake.PrintableLine(review.Line(f)))
	}
	if errs > 0 {
		what := fmt.Sprintf("审核表有 %d 处错误", errs)
		switch {
		case out.Identity == nil:
			what = "这个文件不是本工作区可以登记的销号审核表"
		case out.Refused:
			what = "有措施不予销号"
		}
		fmt.Fprintf(e, "未登记：%s，表中的决定均未记录；请修改后重新运行 taizhang review apply %s\n", what, path)
		return
	}
	for _, d := range out.Repeats {
		fmt.Fprintf(o, "已记录过：%s\n", decisionLine(&d))
	}
	for _, d := range out.Recorded {
		fmt.Fprintf(o, "已记录：%s\n", decisionLine(&d))
		writeRefs(o, &d)
	}
	if len(out.Agreed) == 0 {
		fmt.Fprintln(o, "表中没有“同意销号”的措施：未记录任何决定。")
	}
	if len(out.Deferred) > 0 {
		fmt.Fprintf(o, "暂缓（未销号）：%s\n", entryKeys(out.Deferred))
	}
	if len(out.Unreviewed) > 0 {
		fmt.Fprintf(o, "未审核（审核意见为空）：%s\n", entryKeys(out.Unreviewed))
	}
	if len(out.Recorded) > 0 {
		fmt.Fprintf(o, "重新生成台账和报告后生效：taizhang ledger --period %s\n", period.Of(out.Recorded[0].Date))
	}
}

func entryKeys(es []review.Entry) string {
	var ks []string
	for _, x := range es {
		ks = append(ks, fmt.Sprintf("任务%d措施%d", x.Task, x.Measure))
	}
	return strings.Join(ks, "、")
}
