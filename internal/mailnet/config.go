package mailnet

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// Security settings for Config.Security.
const (
	SecurityTLS      = "tls"      // TLS from the first byte (SMTP 465, IMAP 993); the default
	SecurityStartTLS = "starttls" // plain connection upgraded by STARTTLS (SMTP 587/25, IMAP 143)
	SecurityNone     = "none"     // no encryption: only for servers on this machine
)

// Config is how to reach the office's mailbox. The password is not part of it: it is passed
// to each call.
type Config struct {
	SMTP     string // host:port of the SMTP server, e.g. "smtp.163.com:465"; empty: no sending
	IMAP     string // host:port of the IMAP server, e.g. "imap.163.com:993"; empty: no fetching
	User     string // the login, usually the full address
	From     string // the office's address, used as the envelope sender
	Security string // SecurityTLS (when empty), SecurityStartTLS or SecurityNone
	Folder   string // the IMAP folder the returns arrive in; "INBOX" when empty

	// RootCAs, when set, replaces the system's certificate authorities (a test's own CA, an
	// office's private one). Certificates are always verified.
	RootCAs *x509.CertPool
	// Timeout bounds connecting and each exchange with a server when the context has no
	// earlier deadline (default 30 s).
	Timeout time.Duration
	// MaxMessageBytes: Fetch skips larger messages without loading them (default 64 MiB,
	// what package intake accepts).
	MaxMessageBytes int64
	// MaxFetchBytes: one Fetch stops loading messages after this many bytes (default
	// 256 MiB) and returns the State up to there; call it again for the rest.
	MaxFetchBytes int64
}

// Defaults for zero Config fields.
const (
	DefaultTimeout         = 30 * time.Second
	DefaultMaxMessageBytes = 64 << 20
	DefaultMaxFetchBytes   = 256 << 20
	DefaultFolder          = "INBOX"
)

func (c Config) withDefaults() Config {
	if c.Security == "" {
		c.Security = SecurityTLS
	}
	c.Security = strings.ToLower(strings.TrimSpace(c.Security))
	if c.Folder == "" {
		c.Folder = DefaultFolder
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if c.MaxFetchBytes <= 0 {
		c.MaxFetchBytes = DefaultMaxFetchBytes
	}
	return c
}

// Validate checks the settings without connecting. The error is an *Error of KindConfig
// with a Chinese message.
func (c Config) Validate() error {
	c = c.withDefaults()
	if c.SMTP == "" && c.IMAP == "" {
		return configError("没有设置邮件服务器：请至少填写 SMTP（发信）或 IMAP（收信）服务器，格式为“主机:端口”，如 smtp.163.com:465")
	}
	switch c.Security {
	case SecurityTLS, SecurityStartTLS, SecurityNone:
	default:
		return configError("安全方式“%s”无效：应为 tls（端口 465/993）、starttls（端口 587/25/143）或 none（仅限本机测试）", c.Security)
	}
	for _, s := range []struct{ what, addr string }{{"SMTP", c.SMTP}, {"IMAP", c.IMAP}} {
		if s.addr == "" {
			continue
		}
		host, port, err := net.SplitHostPort(s.addr)
		if err != nil || host == "" {
			return configError("%s 服务器“%s”格式不对：应为“主机:端口”，如 smtp.163.com:465", s.what, s.addr)
		}
		if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
			return configError("%s 服务器“%s”的端口“%s”不是 1–65535 之间的数字", s.what, s.addr, port)
		}
		if c.Security == SecurityNone && !isLoopback(host) {
			return configError("安全方式 none（不加密）只允许用于本机上的服务器（127.0.0.1、::1、localhost），%s 不是本机：密码会以明文经过网络，请改用 tls 或 starttls", host)
		}
	}
	if strings.TrimSpace(c.User) == "" {
		return configError("没有设置登录账号（通常是完整的邮箱地址）")
	}
	if c.From != "" {
		if a, err := mail.ParseAddress(c.From); err != nil || a.Address != c.From {
			return configError("发件地址“%s”不是有效的邮箱地址（只写地址，如 zgb@cbs.gov.cn）", c.From)
		}
	}
	if strings.ContainsAny(c.User+c.Folder, "\r\n\x00") {
		return configError("账号或文件夹名含有换行等控制字符")
	}
	return nil
}

// isLoopback reports whether host is this machine: localhost or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (c Config) tlsConfig(addr string) *tls.Config {
	host, _, _ := net.SplitHostPort(addr)
	return &tls.Config{ServerName: host, RootCAs: c.RootCAs, MinVersion: tls.VersionTLS12}
}

func configError(format string, args ...any) error {
	return &Error{Kind: KindConfig, Msg: fmt.Sprintf(format, args...)}
}
