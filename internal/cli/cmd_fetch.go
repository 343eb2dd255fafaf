package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"taizhang/internal/mailnet"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/post"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
)

// FetchOptions are the parsed flags of `fetch`.
type FetchOptions struct {
	Env        *Env
	Period     period.Period
	MoveTo     string
	NoReceipts bool
	JSON       bool
	Quiet      bool
	Detail     bool
}

func newCmdFetch(env *Env, runF func(*FetchOptions) error) *cobra.Command {
	opts := &FetchOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "fetch --period YYYY-MM [--move-to 文件夹]",
		Short: "从办公室邮箱收取报送（IMAP），校验、记录并生成回执",
		Long: `从办公室邮箱（taizhang mail config 设置的收信服务器和文件夹）收取上次以来的新邮件，
和把 .eml 文件交给 collect 一样回收：逐格校验、记录、保存原件和佐证材料、生成回执。
邮件原样保存在工作区的 mail 文件夹中；邮箱中的邮件保持未读，加 --move-to 时移到该文件夹。
按 UIDVALIDITY 和 UID 记住收到哪里：同一封邮件不会收两次，邮箱文件夹被重建时也不会漏收。
中途中断或出错时，已收下的邮件不会丢，再次运行即可继续。回执用 taizhang send receipts 发回。`,
		Example: "  taizhang fetch --period 2022-08\n  taizhang fetch --period 2022-08 --move-to 已处理",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return fetchRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "本次回收的期次，如 2022-08（其他期次的模板将被退回）")
	cmd.Flags().StringVar(&opts.MoveTo, "move-to", "", "把收下的邮件移到这个邮箱`文件夹`（没有时新建）")
	cmd.Flags().BoolVar(&opts.NoReceipts, "no-receipts", false, "不生成回执")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	cmd.Flags().BoolVar(&opts.Detail, "detail", false, "逐条列出每个文件的问题")
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

func fetchRun(ctx context.Context, opts *FetchOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	copts := &CollectOptions{Env: env, Period: opts.Period, JSON: opts.JSON, Quiet: opts.Quiet, Detail: opts.Detail}
	res, err := fetchMail(ctx, env, w, p, opts.Period, opts.MoveTo, opts.Quiet || opts.JSON)
	if err != nil {
		return err
	}
	var written []*receipt.Written
	if !opts.NoReceipts {
		written, err = writeReceipts(ctx, w, p, opts.Period, res.Summary.NewRecords(), env.IO.Progress(opts.Quiet || opts.JSON, "生成回执", "份"))
		if err != nil {
			return err
		}
	}
	if opts.JSON {
		v := fetchView{Fetched: len(res.Taken) - res.Again - len(res.TooLarge), TooLarge: []tooLargeView{}, Moved: res.Moved, Collect: collectJSON(res.Summary, written)}
		for _, f := range res.TooLarge {
			v.TooLarge = append(v.TooLarge, tooLargeView{UID: f.UID, Size: f.Size, Received: f.ReceivedAt.Local().Format("2006-01-02 15:04")})
		}
		if res.MoveErr != nil {
			v.MoveError = res.MoveErr.Error()
		}
		if err := writeJSON(env.IO.Out, v); err != nil {
			return err
		}
	} else {
		printFetch(env.IO.Out, res, opts.MoveTo)
		printCollect(env.IO.Out, res.Summary, copts)
		if len(written) > 0 {
			fmt.Fprintf(env.IO.Out, "回执 %d 份：%s（用 taizhang send receipts --period %s 发回各单位）\n", len(written), receiptFolders(written), opts.Period)
		}
	}
	_, _, rejected, _, _ := res.Summary.Counts()
	if rejected > 0 || len(res.TooLarge) > 0 || len(res.Lost) > 0 || res.MoveErr != nil {
		return dataErr()
	}
	return nil
}

// fetchMail takes the new mail from the office's mailbox and collects it.
func fetchMail(ctx context.Context, env *Env, w *store.Workspace, p *plan.Plan, per period.Period, moveTo string, quiet bool) (*post.FetchResult, error) {
	s, _, err := mailConfig(w)
	if err != nil {
		return nil, err
	}
	if s.IMAP == "" {
		return nil, usageErr("没有设置收信服务器：请先运行 taizhang mail config --imap 主机:端口 --user 用户名")
	}
	cfg, pw, err := mailAccess(env, w, s)
	if err != nil {
		return nil, err
	}
	bar := env.IO.Progress(quiet, "读取报送", "个")
	res, err := post.Fetch(ctx, w, p, post.FetchOptions{Config: cfg, Password: pw, Period: per, MoveTo: moveTo, Now: env.Now(), Progress: bar.Func()})
	bar.Clear()
	if err != nil {
		if ctx.Err() != nil {
			return nil, interrupted(fmt.Sprintf("已从邮箱收下 %d 封邮件，收下的都已保存", len(res.Taken)))
		}
		if mailnet.IsKind(err, mailnet.KindConfig) {
			return nil, usageErr("%s", describe(err))
		}
		if me := (*mailnet.Error)(nil); errors.As(err, &me) {
			if len(res.Taken) > 0 {
				return nil, &exitError{code: ExitData, err: fmt.Errorf("%s（已收下的 %d 封已保存，下次运行时回收）", describe(err), len(res.Taken))}
			}
			return nil, &exitError{code: ExitData, err: fmt.Errorf("%s", describe(err))}
		}
		return nil, usageErr("无法收取邮件：%s", describe(err))
	}
	return res, nil
}

func printFetch(out io.Writer, res *post.FetchResult, moveTo string) {
	n := len(res.Taken) - res.Again - len(res.TooLarge)
	fmt.Fprintf(out, "从邮箱收下新邮件 %d 封", n)
	if res.Again > 0 {
		fmt.Fprintf(out, "（另有 %d 封是邮箱文件夹重建前已收过的，不重复回收）", res.Again)
	}
	fmt.Fprintln(out)
	for _, f := range res.TooLarge {
		fmt.Fprintf(out, "  未下载  %s 收到的邮件（%.1f MB）超过大小上限：请在邮箱中打开，把附件另存后用 taizhang collect 回收\n",
			f.ReceivedAt.Local().Format("2006-01-02 15:04"), float64(f.Size)/(1<<20))
	}
	for _, f := range res.Lost {
		fmt.Fprintf(out, "  无法回收  %s 收到的邮件：工作区 mail 文件夹中保存的副本被删除了，邮箱中也已没有：请找到这封邮件另存为 .eml 后用 taizhang collect 回收\n",
			f.ReceivedAt.Local().Format("2006-01-02 15:04"))
	}
	if moveTo != "" {
		fmt.Fprintf(out, "已移到邮箱文件夹“%s”：%d 封\n", moveTo, res.Moved)
	}
	if res.MoveErr != nil {
		fmt.Fprintf(out, "有邮件没能移动（仍在原文件夹，下次运行时再移）：%s\n", describe(res.MoveErr))
	}
}

type tooLargeView struct {
	UID      uint32 `json:"uid"`
	Size     int64  `json:"size"`
	Received string `json:"received"`
}

type fetchView struct {
	Fetched   int            `json:"fetched"`
	TooLarge  []tooLargeView `json:"too_large"`
	Moved     int            `json:"moved"`
	MoveError string         `json:"move_error,omitempty"`
	Collect   any            `json:"collect"`
}
