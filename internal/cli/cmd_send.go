package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/period"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// SendOptions are the parsed flags of `send`.
type SendOptions struct {
	Env        *Env
	Kind       string
	Period     period.Period
	AsOf       time.Time
	Units      []string
	DraftsOnly bool
	Again      bool
	JSON       bool
	Quiet      bool
}

func newCmdSend(env *Env, runF func(*SendOptions) error) *cobra.Command {
	opts := &SendOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "send templates|receipts|reminders --period YYYY-MM",
		Short: "发邮件：给各单位发填报模板、回执或催报（每封也存为 .eml 草稿）",
		Long: `给各单位发邮件，每封邮件也写成 .eml 草稿，放在 out/mail/期次/ 中（可以用 Foxmail 或 Outlook 打开后发送）：
  templates  填报模板：发到单位表中登记的邮箱，主题同发送清单，附上该单位的模板
  receipts   回执：回复每份报送的来信（不是邮件收到的发到登记的邮箱），附上回执工作簿，正文是回执的文字版
  reminders  催报：发给本期未报送或被退回修改的单位，说明缺什么，再次附上模板（每个单位每天最多一封）
设置了发信服务器（taizhang mail config）时通过它发送；没有设置或加 --drafts-only 时只写草稿，由办公室自行发送。
每封邮件都记录在工作区中：发送过的（或写成草稿的）不再重发，除非加 --again；发送失败的记录原因，下次运行时重发。
有邮件发送失败或无法写成时退出状态为 1，其余照常发送。`,
		Example: "  taizhang send templates --period 2022-08\n  taizhang send receipts --period 2022-08 --drafts-only\n  taizhang send reminders --period 2022-08 --unit 经发局",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case post.Templates, post.Receipts, post.Reminders:
				opts.Kind = args[0]
			default:
				return usageErr("不知道要发什么：“%s”（可以是 templates 填报模板、receipts 回执、reminders 催报）", args[0])
			}
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return sendRun(cmd.Context(), opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	addUnitsFlag(cmd, &opts.Units, "发送")
	cmd.Flags().BoolVar(&opts.DraftsOnly, "drafts-only", false, "只写草稿，不发送")
	cmd.Flags().BoolVar(&opts.Again, "again", false, "发送过的也再发一次（新的一封）")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	addQuietFlag(cmd, &opts.Quiet)
	return cmd
}

func sendRun(ctx context.Context, opts *SendOptions) error {
	env := opts.Env
	w, p, units, err := openWithUnits(env, opts.Units)
	if err != nil {
		return err
	}
	defer w.Close()
	s, _, err := mailConfig(w)
	if err != nil {
		return err
	}
	sopts := post.SendOptions{DraftsOnly: opts.DraftsOnly, Again: opts.Again, Now: env.Now}
	if s.SMTP != "" && !opts.DraftsOnly {
		cfg, pw, err := mailAccess(env, w, s)
		if err != nil {
			return err
		}
		sopts.Config, sopts.Password = &cfg, pw
	}
	sender := post.NewSender(p, s.From, env.Now())
	if sender.From.Addr == "" {
		return usageErr("不知道用哪个地址发信：请用 taizhang mail config --from 地址 设置发件地址，或在任务清单的“设置”中填写报送邮箱")
	}
	var letters []post.Letter
	switch opts.Kind {
	case post.Templates:
		letters, err = post.TemplateLetters(w, p, opts.Period, units, sender)
	case post.Receipts:
		// receipts not written yet (fetch --no-receipts, a run stopped) are written first
		if _, werr := writeReceipts(ctx, w, p, opts.Period, nil, env.IO.Progress(opts.Quiet || opts.JSON, "生成回执", "份")); werr != nil {
			return werr
		}
		letters, err = post.ReceiptLetters(w, p, opts.Period, units, sender)
	case post.Reminders:
		l, lerr := buildLedger(w, p, opts.Period, opts.AsOf)
		if lerr != nil {
			return lerr
		}
		letters, err = post.ReminderLetters(w, p, l, units, sender)
	}
	if err != nil {
		return usageErr("无法准备邮件：%s", describe(err))
	}
	bar := env.IO.Progress(opts.Quiet || opts.JSON, "发送"+post.KindLabel(opts.Kind), "封")
	sopts.Progress = bar.Func()
	outs, err := post.Send(ctx, w, letters, sopts)
	bar.Clear()
	if err != nil && ctx.Err() == nil {
		return usageErr("无法写入邮件记录：%s", describe(err))
	}
	if opts.JSON {
		if jerr := writeJSON(env.IO.Out, sendJSON(w, opts, outs, sopts.Config != nil)); jerr != nil {
			return jerr
		}
	} else {
		printSend(env.IO.Out, w, opts, outs, len(letters), s.SMTP != "")
	}
	if err != nil {
		c := post.Count(outs)
		return interrupted(fmt.Sprintf("已处理 %d 封（发送 %d 封），其余 %d 封未处理", len(outs), c[post.ResultSent], len(letters)-len(outs)))
	}
	c := post.Count(outs)
	if c[post.ResultFailed]+c[post.ResultProblem]+c[post.ResultUnknown] > 0 {
		return dataErr()
	}
	return nil
}

func printSend(out io.Writer, w *store.Workspace, opts *SendOptions, outs []post.Outcome, total int, smtp bool) {
	what := post.KindLabel(opts.Kind)
	if total == 0 {
		switch opts.Kind {
		case post.Templates:
			fmt.Fprintf(out, "%s没有可发的填报模板：请先运行 taizhang template --period %s\n", opts.Period.Label(), opts.Period)
		case post.Receipts:
			fmt.Fprintf(out, "%s没有可发的回执：还没有回收到报送（taizhang collect 或 fetch）\n", opts.Period.Label())
		case post.Reminders:
			fmt.Fprintf(out, "%s没有需要催报的单位：都已报送\n", opts.Period.Label())
		}
		return
	}
	for _, o := range outs {
		line := fmt.Sprintf("  %s  %s", post.Describe(o.Result), o.Letter.Unit)
		if o.To != "" {
			line += "  " + o.To
		}
		if o.Detail != "" {
			line += "  " + o.Detail
		}
		fmt.Fprintln(out, line)
	}
	c := post.Count(outs)
	fmt.Fprintf(out, "%s%s %d 封：已发送 %d，已写草稿 %d，此前已发送 %d", opts.Period.Label(), what, len(outs), c[post.ResultSent],
		c[post.ResultDraft], c[post.ResultDone])
	if n := c[post.ResultFailed]; n > 0 {
		fmt.Fprintf(out, "，发送失败 %d（下次运行时重发）", n)
	}
	if n := c[post.ResultUnknown]; n > 0 {
		fmt.Fprintf(out, "，无法确认 %d", n)
	}
	if n := c[post.ResultProblem]; n > 0 {
		fmt.Fprintf(out, "，无法写成 %d", n)
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "草稿：%s\n", w.Layout().Mail(opts.Period))
	if !smtp && !opts.DraftsOnly {
		fmt.Fprintln(out, "没有设置发信服务器，只写了草稿：请用 Foxmail 或 Outlook 打开后发送，或先运行 taizhang mail config --smtp 主机:端口 …")
	}
}

type sendMessageView struct {
	Unit      string `json:"unit"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	MessageID string `json:"message_id,omitempty"`
	Draft     string `json:"draft,omitempty"`
	Result    string `json:"result"`
	Detail    string `json:"detail,omitempty"`
}

type sendView struct {
	Kind     string            `json:"kind"`
	Period   string            `json:"period"`
	SMTP     bool              `json:"smtp"`
	Drafts   string            `json:"drafts"`
	Messages []sendMessageView `json:"messages"`
	Counts   map[string]int    `json:"counts"`
}

func sendJSON(w *store.Workspace, opts *SendOptions, outs []post.Outcome, smtp bool) sendView {
	v := sendView{Kind: opts.Kind, Period: opts.Period.String(), SMTP: smtp, Drafts: w.Layout().Mail(opts.Period),
		Messages: []sendMessageView{}, Counts: post.Count(outs)}
	for _, o := range outs {
		v.Messages = append(v.Messages, sendMessageView{Unit: o.Letter.Unit, To: o.To, Subject: o.Letter.Message.Subject,
			MessageID: o.MessageID, Draft: o.Draft, Result: o.Result, Detail: o.Detail})
	}
	return v
}
