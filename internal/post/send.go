package post

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/atomicfile"
	"taizhang/internal/compose"
	"taizhang/internal/mailnet"
	"taizhang/internal/period"
	"taizhang/internal/store"
)

// SendOptions say how letters go out.
type SendOptions struct {
	// Config is the office's mailbox; nil, or without SMTP, writes drafts only.
	Config     *mailnet.Config
	Password   string
	DraftsOnly bool // write the drafts only: the office sends them itself
	Again      bool // write and send again letters already sent (a new message)
	Now        func() time.Time
	Progress   func(done, total int) // may be nil
}

// Results of a letter in a run.
const (
	ResultSent    = "sent"    // the SMTP server accepted it now
	ResultDraft   = "draft"   // written as a draft only
	ResultDone    = "done"    // sent (or written as a draft) before: not again
	ResultUnknown = "unknown" // a run before was stopped while sending it: whether it went out is not known
	ResultFailed  = "failed"  // could not be sent: recorded, tried again next time
	ResultProblem = "problem" // could not be written (no address, no file)
)

// Outcome is what became of one letter.
type Outcome struct {
	Letter    *Letter
	Result    string
	Draft     string // the draft's path; "" when none was written
	To        string
	MessageID string
	Detail    string // Chinese: why it failed, or when it was sent before
	Log       *store.Letter
}

// sessionWide are the SMTP errors that would fail every message alike: after one, the rest
// are not tried (a mail server locks an account after repeated failed logins).
var sessionWide = []mailnet.Kind{mailnet.KindConfig, mailnet.KindConnect, mailnet.KindTimeout, mailnet.KindTLS,
	mailnet.KindAuth, mailnet.KindUnsafeLogin, mailnet.KindSender}

// Send writes each letter as an .eml draft in the period's mail folder and, unless drafts
// only, hands it to the SMTP server, recording every message in the workspace's sent log. A
// letter sent before is not sent again unless opts.Again; one that failed is sent again (the
// same message, the same Message-ID). Each message's state is committed before the server
// is contacted, so a run killed at any point neither loses a message nor sends one twice: a
// message whose answer was not recorded is reported as not known (ResultUnknown) and sent
// again only when asked. When ctx ends, no further letter is begun.
func Send(ctx context.Context, w *store.Workspace, letters []Letter, opts SendOptions) ([]Outcome, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	r := &run{w: w, opts: opts, now: now, smtp: opts.Config != nil && opts.Config.SMTP != "" && !opts.DraftsOnly,
		sent: map[string][]*store.Letter{}, made: map[string]bool{}}
	// the sent log of the letters' periods, read once
	periods := map[period.Period]bool{}
	for _, l := range letters {
		if !periods[l.Period] {
			periods[l.Period] = true
			logged, err := w.Letters(l.Period)
			if err != nil {
				return nil, err
			}
			for _, row := range logged {
				r.sent[row.Key] = append(r.sent[row.Key], row)
			}
		}
	}
	var out []Outcome
	for i := range letters {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		o, err := r.send(ctx, &letters[i])
		if err != nil {
			return out, err
		}
		if o.Result == ResultFailed && r.stop == nil && o.err != nil && sessionWideErr(o.err) {
			r.stop = o.err
		}
		out = append(out, o.Outcome)
		if opts.Progress != nil {
			opts.Progress(i+1, len(letters))
		}
	}
	return out, nil
}

func sessionWideErr(err error) bool {
	for _, k := range sessionWide {
		if mailnet.IsKind(err, k) {
			return true
		}
	}
	return false
}

// run is one Send: its settings, the sent log by key, the folders made.
type run struct {
	w    *store.Workspace
	opts SendOptions
	now  func() time.Time
	smtp bool
	stop error // a session-wide failure: the rest are not tried
	sent map[string][]*store.Letter
	made map[string]bool
}

type sendOutcome struct {
	Outcome
	err error // the SMTP error of this attempt
}

// earlier says what became of a letter sent (or written) before, when that ends it for now.
func earlier(last *store.Letter) (result, detail string) {
	switch last.Result {
	case store.LetterSent:
		return ResultDone, "已于 " + last.SentAt.Local().Format("2006-01-02 15:04") + " 发送"
	case store.LetterDraft:
		return ResultDone, "已于 " + last.Created.Local().Format("2006-01-02 15:04") + " 写成草稿，由办公室自行发送（要由本工具发送，加 --again）"
	case store.LetterSending:
		return ResultUnknown, "上次发送时程序被中断，无法确认对方是否已收到：请在邮箱的“已发送”中查看；确认没有发出的，加 --again 重发"
	}
	return "", "" // failed: the same message again
}

func (r *run) send(ctx context.Context, l *Letter) (sendOutcome, error) {
	w, opts, now, smtp, stop := r.w, r.opts, r.now, r.smtp, r.stop
	o := sendOutcome{Outcome: Outcome{Letter: l}}
	if len(l.Message.To) > 0 {
		_, to := l.Message.Envelope()
		o.To = strings.Join(to, ", ")
	}
	if l.Problem != "" {
		o.Result, o.Detail = ResultProblem, l.Problem
		return o, nil
	}
	prev := r.sent[l.Key]
	var row *store.Letter
	if n := len(prev); n > 0 && !opts.Again {
		last := prev[n-1]
		if o.Result, o.Detail = earlier(last); o.Result != "" {
			o.Log, o.MessageID, o.Draft = last, last.MessageID, draftPath(w, l, last.Draft)
			return o, nil
		}
		row = last // it failed: the same message again
	}
	if row == nil {
		n := len(prev) + 1
		name := l.Name
		if n > 1 {
			name += "（" + strconv.Itoa(n) + "）"
		}
		row = &store.Letter{Kind: l.Kind, Period: l.Period, Unit: l.Unit, Key: l.Key, RecordID: l.RecordID,
			MessageID: compose.StableID(domainOf(l.Message.From.Addr), w.ID, l.Key, strconv.Itoa(n)),
			Subject:   l.Message.Subject, Draft: name + ".eml", Created: now(), Result: store.LetterDraft}
		if smtp {
			row.Result = store.LetterFailed // not yet sent: what a stop before the send leaves is sent next time
		}
	}
	atts, problem := l.attachment()
	if problem != "" {
		o.Result, o.Detail = ResultProblem, problem
		return o, nil
	}
	l.Message.Attachments = atts
	defer func() { l.Message.Attachments = nil }() // one letter's file in memory at a time
	l.Message.MessageID = row.MessageID
	o.MessageID = row.MessageID
	row.Recipients = o.To
	// the draft first: a row always has its draft
	l.Message.Draft = true
	draft, err := compose.Build(l.Message)
	if err != nil {
		o.Result, o.Detail = ResultProblem, "无法写成邮件："+err.Error()
		if errors.Is(err, compose.ErrAddress) {
			o.Detail = "邮箱地址格式不正确，无法写成邮件：请检查任务清单“单位”表中的电子邮箱和邮箱设置（taizhang mail config）"
		}
		return o, nil
	}
	o.Draft = draftPath(w, l, row.Draft)
	if dir := filepath.Dir(o.Draft); !r.made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return o, err
		}
		r.made[dir] = true
	}
	if err := atomicfile.WriteBytes(o.Draft, 0o644, draft); err != nil {
		return o, err
	}
	if row.ID == 0 {
		if err := w.AddLetter(row); err != nil {
			return o, err
		}
		r.sent[l.Key] = append(r.sent[l.Key], row)
	}
	o.Log = row
	if !smtp {
		o.Result = ResultDraft
		return o, w.SetResult(row, store.LetterDraft, "", now())
	}
	if stop != nil {
		o.Result, o.Detail = ResultFailed, "未发送：原因同上，下次运行时重发"
		return o, w.SetResult(row, store.LetterFailed, "未发送："+stop.Error(), time.Time{})
	}
	l.Message.Draft = false
	raw, err := compose.Build(l.Message)
	if err != nil {
		return o, err
	}
	if err := w.Sending(row, now()); err != nil {
		return o, err
	}
	from, to := l.Message.Envelope()
	if opts.Config.From != "" {
		from = opts.Config.From
	}
	serr := mailnet.Send(ctx, *opts.Config, opts.Password, raw, from, to)
	if serr != nil && errors.Is(serr, context.Canceled) {
		// stopped by Ctrl-C while talking to the server: whether it went out is not known,
		// and the row says so (LetterSending)
		return o, ctx.Err()
	}
	if serr != nil {
		o.Result, o.Detail, o.err = ResultFailed, serr.Error(), serr
		return o, w.SetResult(row, store.LetterFailed, o.Detail, time.Time{})
	}
	o.Result = ResultSent
	return o, w.SetResult(row, store.LetterSent, "", now())
}

func draftPath(w *store.Workspace, l *Letter, name string) string {
	return filepath.Join(w.Layout().Mail(l.Period), name)
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "taizhang.local"
}

// Count tells how many outcomes had each result.
func Count(outs []Outcome) map[string]int {
	m := map[string]int{}
	for _, o := range outs {
		m[o.Result]++
	}
	return m
}

// Describe is a result as the office reads it.
func Describe(result string) string {
	switch result {
	case ResultSent:
		return "已发送"
	case ResultDraft:
		return "已写草稿"
	case ResultDone:
		return "此前已发送，未重发"
	case ResultUnknown:
		return "无法确认是否已发出"
	case ResultFailed:
		return "发送失败"
	case ResultProblem:
		return "无法写成邮件"
	}
	return fmt.Sprint(result)
}
