package mailnet

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/emersion/go-imap/v2"
)

// Report is what Check found, in Chinese for the office.
type Report struct {
	SMTP Step // sending; Skipped when Config.SMTP is empty
	IMAP Step // fetching; Skipped when Config.IMAP is empty
	// Coremail is set when the server is 163/126/yeah.net or Coremail (by host name,
	// greeting, capabilities or an "Unsafe Login" refusal): an authorization code and the
	// IMAP ID command are needed, and Hints say so.
	Coremail bool
	Hints    []string
}

// Step is the outcome for one server.
type Step struct {
	Skipped bool
	OK      bool
	Detail  string // what works, or what failed and what to do
	Err     error  // the *Error when !OK
}

// OK reports whether every configured server works.
func (r Report) OK() bool {
	return (r.SMTP.Skipped || r.SMTP.OK) && (r.IMAP.Skipped || r.IMAP.OK)
}

// String is the report as lines to show.
func (r Report) String() string {
	var b strings.Builder
	for _, s := range []struct {
		name string
		st   Step
	}{{"发信（SMTP）", r.SMTP}, {"收信（IMAP）", r.IMAP}} {
		mark := "✗"
		switch {
		case s.st.Skipped:
			mark = "-"
		case s.st.OK:
			mark = "✓"
		}
		fmt.Fprintf(&b, "%s %s：%s\n", mark, s.name, s.st.Detail)
	}
	for _, h := range r.Hints {
		fmt.Fprintf(&b, "提示：%s\n", h)
	}
	return b.String()
}

const coremailHint = "这是网易（163/126/yeah.net）或 Coremail 邮箱：登录要用“客户端授权码”（网页邮箱“设置 › POP3/SMTP/IMAP”中开启服务后生成），收信时本程序会在登录后发送 IMAP ID 命令，否则服务器会以“Unsafe Login”拒绝"

// Check connects to both servers and logs in, without sending or changing anything, and
// says in Chinese what works. A configuration error is reported in both steps.
func Check(ctx context.Context, cfg Config, password string) Report {
	cfg = cfg.withDefaults()
	var r Report
	if err := cfg.Validate(); err != nil {
		r.SMTP = Step{Detail: err.Error(), Err: err}
		r.IMAP = r.SMTP
		return r
	}
	r.Coremail = isCoremail(cfg.SMTP, "", nil) || isCoremail(cfg.IMAP, "", nil)
	sec := newSecrets(cfg.User, password)

	if cfg.SMTP == "" {
		r.SMTP = Step{Skipped: true, Detail: "没有设置 SMTP 服务器"}
	} else if s, err := openSMTP(ctx, cfg, password, sec); err != nil {
		r.SMTP = Step{Detail: err.Error(), Err: err}
	} else {
		how := "已登录"
		if password == "" {
			how = "已连接（未登录：没有密码）"
		}
		r.SMTP = Step{OK: true, Detail: fmt.Sprintf("%s %s，%s，可以发信", cfg.SMTP, securityName(cfg.Security), how)}
		if max, ok := s.c.MaxMessageSize(); ok && max > 0 {
			r.SMTP.Detail += fmt.Sprintf("（单封邮件上限约 %.0f MB）", float64(max)/(1<<20))
		}
		s.close()
	}

	if cfg.IMAP == "" {
		r.IMAP = Step{Skipped: true, Detail: "没有设置 IMAP 服务器"}
	} else if m, err := open(ctx, cfg, password); err != nil {
		r.IMAP = Step{Detail: err.Error(), Err: err}
		if IsKind(err, KindUnsafeLogin) || m != nil && m.coremail {
			r.Coremail = true
		}
	} else {
		r.Coremail = r.Coremail || m.coremail
		var n uint32
		if mb := m.c.Mailbox(); mb != nil {
			n = mb.NumMessages
		}
		r.IMAP = Step{OK: true, Detail: fmt.Sprintf("%s %s，已登录，文件夹“%s”有 %d 封邮件（UIDVALIDITY %d），可以收信",
			cfg.IMAP, securityName(cfg.Security), cfg.Folder, n, m.validity)}
		if m.idSent {
			r.IMAP.Detail += "；已发送 IMAP ID"
		}
		m.Close()
	}
	if r.Coremail {
		r.Hints = append(r.Hints, coremailHint)
	}
	if IsKind(r.SMTP.Err, KindTimeout) || IsKind(r.IMAP.Err, KindTimeout) || IsKind(r.SMTP.Err, KindConnect) {
		r.Hints = append(r.Hints, "单位网络不允许连接邮件服务器时，可以只生成 .eml 草稿，从网页邮箱发送；回复的邮件可在网页邮箱中另存为 .eml 再收取")
	}
	return r
}

func securityName(s string) string {
	switch s {
	case SecurityTLS:
		return "（TLS 加密）"
	case SecurityStartTLS:
		return "（STARTTLS 加密）"
	}
	return "（未加密，仅限本机）"
}

// coremailDomains are the mail services known to need an authorization code and IMAP ID.
var coremailDomains = []string{"163.com", "126.com", "yeah.net", "188.com", "netease.com", "coremail.cn", "qiye.163.com"}

// isCoremail tells 163/126/yeah.net and Coremail servers by the host name (addr is
// host:port), the greeting ("Coremail System IMap Server Ready") or a capability only they
// announce (X-CM-EXT-1).
func isCoremail(addr, greeting string, caps imap.CapSet) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range coremailDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	if strings.Contains(strings.ToLower(greeting), "coremail") {
		return true
	}
	for c := range caps {
		if strings.HasPrefix(strings.ToUpper(string(c)), "X-CM-") {
			return true
		}
	}
	return false
}
