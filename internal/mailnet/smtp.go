package mailnet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Send sends msg, the bytes of a whole message (as package compose builds it), from the
// envelope sender from to the recipients to, over SMTP as cfg says: TLS or STARTTLS as
// configured, then AUTH PLAIN or LOGIN, whichever the server offers, with cfg.User and
// password. The bytes go out as they are (only dot-stuffed, as SMTP requires), so the .eml
// draft and the sent message are the same.
//
// When any recipient is refused, nothing is sent and the error (KindRecipient) names the
// refused ones. from empty means cfg.From.
func Send(ctx context.Context, cfg Config, password string, msg []byte, from string, to []string) error {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return err
	}
	if cfg.SMTP == "" {
		return configError("没有设置 SMTP（发信）服务器")
	}
	if from == "" {
		from = cfg.From
	}
	if err := checkEnvelope(from, to); err != nil {
		return err
	}
	if len(msg) == 0 {
		return &Error{Kind: KindConfig, Msg: "邮件内容为空"}
	}
	sec := newSecrets(cfg.User, password)
	c, err := openSMTP(ctx, cfg, password, sec)
	if err != nil {
		return err
	}
	defer c.close()
	return c.send(msg, from, to)
}

func checkEnvelope(from string, to []string) error {
	if a, err := mail.ParseAddress(from); err != nil || a.Address != from {
		return &Error{Kind: KindConfig, Msg: fmt.Sprintf("发件地址“%s”无效", from)}
	}
	if len(to) == 0 {
		return &Error{Kind: KindConfig, Msg: "没有收件人"}
	}
	for _, r := range to {
		if a, err := mail.ParseAddress(r); err != nil || a.Address != r {
			return &Error{Kind: KindRecipient, Msg: fmt.Sprintf("收件地址“%s”无效", r)}
		}
	}
	return nil
}

// smtpSession is one logged-in SMTP connection inside one call.
type smtpSession struct {
	ctx   context.Context
	cfg   Config
	sec   secrets
	c     *smtp.Client
	conn  *conn
	leave func() bool
	what  string
}

func (s *smtpSession) fail(err error, step string) error {
	return classify(s.ctx, err, s.sec, s.what, step)
}

// openSMTP connects, secures and logs in. With an empty password it does not log in (a
// relay on this machine).
func openSMTP(ctx context.Context, cfg Config, password string, sec secrets) (*smtpSession, error) {
	s := &smtpSession{ctx: ctx, cfg: cfg, sec: sec, what: "SMTP 服务器 " + cfg.SMTP}
	nc, rec, err := dial(ctx, cfg, cfg.SMTP)
	if err != nil {
		return nil, s.fail(err, "连接")
	}
	s.conn = rec
	s.leave = rec.enter(ctx)
	switch cfg.Security {
	case SecurityStartTLS:
		s.c, err = smtp.NewClientStartTLS(nc, cfg.tlsConfig(cfg.SMTP))
		if err != nil {
			nc.Close()
			s.leave()
			if strings.Contains(err.Error(), "doesn't support STARTTLS") {
				return nil, &Error{Kind: KindTLS, Msg: s.what + "：服务器不支持 STARTTLS。端口 465 请用 tls"}
			}
			return nil, s.fail(err, "建立加密连接")
		}
	default:
		s.c = smtp.NewClient(nc)
	}
	s.c.CommandTimeout = cfg.Timeout
	s.c.SubmissionTimeout = 2 * cfg.Timeout
	if err := s.c.Hello("localhost"); err != nil {
		s.close()
		return nil, s.fail(err, "问候")
	}
	if password != "" {
		if err := s.login(password); err != nil {
			s.close()
			return nil, err
		}
	}
	return s, nil
}

func (s *smtpSession) login(password string) error {
	ok, mechs := s.c.Extension("AUTH")
	if !ok {
		if s.cfg.Security == SecurityNone || s.isTLS() {
			return &Error{Kind: KindAuth, Msg: s.what + "：服务器不提供登录（AUTH）。请核对服务器地址和端口（提交邮件通常用 465 或 587）"}
		}
		return &Error{Kind: KindAuth, Msg: s.what + "：服务器在未加密时不提供登录。请用 tls（465）或 starttls（587）"}
	}
	var client sasl.Client
	switch {
	case hasWord(mechs, "PLAIN"):
		client = sasl.NewPlainClient("", s.cfg.User, password)
	case hasWord(mechs, "LOGIN"):
		client = sasl.NewLoginClient(s.cfg.User, password)
	default:
		return &Error{Kind: KindAuth, Msg: fmt.Sprintf("%s：服务器只提供本程序不支持的登录方式（%s）", s.what, s.sec.redact(mechs))}
	}
	if err := s.c.Auth(client); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) && se.Code >= 500 {
			return &Error{Kind: KindAuth, Msg: fmt.Sprintf("%s：登录失败，账号或密码不对。%s", s.what, authHint),
				Server: s.sec.redact(fmt.Sprintf("%d %s", se.Code, se.Message)), Err: s.sec.redactErr(err)}
		}
		return s.fail(err, "登录")
	}
	return nil
}

func (s *smtpSession) isTLS() bool {
	_, ok := s.c.TLSConnectionState()
	return ok || s.cfg.Security == SecurityTLS
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

func (s *smtpSession) send(msg []byte, from string, to []string) error {
	if max, ok := s.c.MaxMessageSize(); ok && max > 0 && len(msg) > max {
		return &Error{Kind: KindRefused, Msg: fmt.Sprintf("%s：邮件有 %d 字节，超过服务器允许的 %d 字节。请减小附件，或改用网页邮箱的“超大附件”", s.what, len(msg), max)}
	}
	if err := s.c.Mail(from, nil); err != nil {
		return s.fail(err, "指定发件人")
	}
	var refused []string
	var last error
	for _, r := range to {
		if err := s.c.Rcpt(r, nil); err != nil {
			var se *smtp.SMTPError
			if !errors.As(err, &se) {
				return s.fail(err, "指定收件人")
			}
			refused = append(refused, r)
			last = err
		}
	}
	if len(refused) > 0 {
		_ = s.c.Reset()
		e := classify(s.ctx, last, s.sec, s.what, "指定收件人").(*Error)
		if e.Kind == KindRecipient {
			e.Msg = fmt.Sprintf("%s：收件人 %s 被拒收，邮件没有发出。请核对地址", s.what, strings.Join(refused, "、"))
		}
		return e
	}
	w, err := s.c.Data()
	if err != nil {
		return s.fail(err, "发送邮件内容")
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return s.fail(err, "发送邮件内容")
	}
	if !bytes.HasSuffix(msg, []byte("\n")) {
		if _, err := w.Write([]byte("\r\n")); err != nil {
			w.Close()
			return s.fail(err, "发送邮件内容")
		}
	}
	if err := w.Close(); err != nil {
		return s.fail(err, "发送邮件内容")
	}
	return nil
}

func (s *smtpSession) close() {
	if s.c != nil {
		_ = s.c.Quit() // also closes the connection
		_ = s.c.Close()
	}
	if s.leave != nil {
		s.leave()
	}
}
