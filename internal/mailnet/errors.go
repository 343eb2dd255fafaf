package mailnet

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-smtp"
)

// Kind sorts errors by what the office has to do about them.
type Kind int

const (
	KindConfig      Kind = iota + 1 // the settings are wrong (Validate)
	KindConnect                     // the server cannot be reached: address, port, network
	KindTimeout                     // the server did not answer in time
	KindTLS                         // the encrypted connection failed: certificate, wrong port
	KindAuth                        // the login was refused: user name or 授权码
	KindUnsafeLogin                 // Coremail/163 refused the session ("Unsafe Login")
	KindSender                      // the server refused the sender address
	KindRecipient                   // the server refused a recipient
	KindRefused                     // the server refused the message (size, content, rate)
	KindFolder                      // the IMAP folder is missing or cannot be used
	KindChanged                     // the folder's UIDVALIDITY changed: UIDs mean nothing any more
	KindProtocol                    // the server answered something unexpected
	KindCanceled                    // the context was cancelled
)

// Error is what this package returns. Msg is Chinese text for the office; Server is what the
// server said, when it said something. Neither ever contains the password.
type Error struct {
	Kind   Kind
	Msg    string
	Server string
	Err    error // the cause, redacted; for errors.Is (context.Canceled…)
}

func (e *Error) Error() string {
	if e.Server != "" {
		return e.Msg + "（服务器答复：" + e.Server + "）"
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// secrets are the forms a password can take on the wire: as it is, base64 alone, and inside
// the SASL PLAIN blob. redact removes all of them from any text this package produces.
type secrets []string

func newSecrets(user, password string) secrets {
	if password == "" {
		return nil
	}
	enc := base64.StdEncoding.EncodeToString
	return secrets{
		enc([]byte("\x00" + user + "\x00" + password)),
		enc([]byte(user + "\x00" + user + "\x00" + password)),
		enc([]byte(password)),
		password,
	}
}

func (s secrets) redact(text string) string {
	for _, v := range s {
		if v != "" {
			text = strings.ReplaceAll(text, v, "******")
		}
	}
	return text
}

// redactErr keeps err when its text is clean (so errors.Is still works), else replaces it
// by its redacted text.
func (s secrets) redactErr(err error) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); s.redact(msg) != msg {
		return errors.New(s.redact(msg))
	}
	return err
}

// classify turns an error from dialing, TLS or a protocol exchange into an *Error for the
// office. what names the server ("SMTP 服务器 smtp.163.com:465"); step says what was being
// done when it failed (only used when nothing more specific is known).
func classify(ctx context.Context, err error, sec secrets, what, step string) error {
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	e := &Error{Err: sec.redactErr(err)}
	var (
		smtpErr *smtp.SMTPError
		imapErr *imap.Error
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		recErr  tls.RecordHeaderError
		netErr  net.Error
	)
	ctxErr := ctx.Err()
	if d, ok := ctx.Deadline(); ok && ctxErr == nil && !time.Now().Before(d) {
		ctxErr = context.DeadlineExceeded // the connection's deadline fired before the context's timer
	}
	switch {
	case ctxErr != nil && errors.Is(ctxErr, context.DeadlineExceeded):
		e.Kind = KindTimeout
		e.Err = errors.Join(ctxErr, e.Err)
		e.Msg = fmt.Sprintf("%s：%s时超时。单位网络可能不允许直接连接外部邮件服务器（很多单位只开放网页邮箱）：这时请把生成的 .eml 草稿从网页邮箱发出", what, step)
	case ctxErr != nil:
		e.Kind = KindCanceled
		e.Err = errors.Join(ctxErr, e.Err)
		e.Msg = fmt.Sprintf("%s：%s时被取消", what, step)
	case errors.As(err, &dnsErr):
		e.Kind = KindConnect
		e.Msg = fmt.Sprintf("%s：找不到这台服务器（域名解析失败）。请检查服务器地址的拼写和网络连接", what)
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "actively refused"): // Windows says it so
		e.Kind = KindConnect
		e.Msg = fmt.Sprintf("%s：连接被拒绝。请检查服务器地址和端口（常见：SMTP 465 用 tls、587 用 starttls；IMAP 993 用 tls、143 用 starttls）", what)
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		e.Kind = KindConnect
		e.Msg = fmt.Sprintf("%s：网络不通。请检查网络连接；单位内网可能不允许连接外部邮件服务器", what)
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &authErr):
		e.Kind = KindTLS
		e.Msg = fmt.Sprintf("%s：服务器证书无法验证（不是受信任机构签发、已过期，或与服务器地址不符）。请核对服务器地址是否为邮箱服务商公布的地址", what)
	case errors.As(err, &recErr) || strings.Contains(err.Error(), "tls: first record does not look like a TLS handshake"):
		e.Kind = KindTLS
		e.Msg = fmt.Sprintf("%s：这个端口不是 TLS 加密端口。端口 465/993 用 tls，端口 587/25/143 用 starttls", what)
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "STARTTLS"):
		e.Kind = KindTLS
		e.Msg = fmt.Sprintf("%s：建立加密连接失败。端口 465/993 用 tls，端口 587/25/143 用 starttls", what)
	case errors.As(err, &smtpErr):
		e.Server = sec.redact(fmt.Sprintf("%d %s", smtpErr.Code, smtpErr.Message))
		e.Kind, e.Msg = smtpKind(smtpErr, what, step)
	case errors.As(err, &imapErr):
		e.Server = sec.redact(imapErr.Text)
		e.Kind, e.Msg = imapKind(imapErr, what, step)
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
		e.Msg = fmt.Sprintf("%s：%s时超时：服务器没有应答", what, step)
	case errors.Is(err, os.ErrDeadlineExceeded) || strings.Contains(err.Error(), "i/o timeout"):
		// (go-imap formats some errors with %v: the cause is only in the text)
		e.Kind = KindTimeout
		e.Msg = fmt.Sprintf("%s：%s时超时：服务器没有应答", what, step)
	default:
		e.Kind = KindProtocol
		e.Msg = fmt.Sprintf("%s：%s失败：%s", what, step, sec.redact(err.Error()))
	}
	return e
}

const authHint = "163、126、yeah.net、QQ 邮箱和多数政务邮箱（Coremail）要用“客户端授权码”而不是网页登录密码：请在网页邮箱的“设置 › POP3/SMTP/IMAP”中开启 IMAP/SMTP 服务并生成授权码，再用授权码登录"

func smtpKind(e *smtp.SMTPError, what, step string) (Kind, string) {
	switch {
	case e.Code == 535 || e.Code == 534 || e.Code == 530 && step == "登录" ||
		e.EnhancedCode == smtp.EnhancedCode{5, 7, 8}:
		return KindAuth, fmt.Sprintf("%s：登录失败，账号或密码不对。%s", what, authHint)
	case step == "指定发件人":
		return KindSender, fmt.Sprintf("%s：发件地址被拒绝。多数邮箱要求发件地址与登录账号相同", what)
	case step == "指定收件人":
		return KindRecipient, fmt.Sprintf("%s：收件人被拒绝，请核对地址", what)
	case e.Code == 552 || e.EnhancedCode == smtp.EnhancedCode{5, 3, 4}:
		return KindRefused, fmt.Sprintf("%s：邮件太大，服务器拒收。请减小附件，或改用网页邮箱的“超大附件”", what)
	case e.Code == 554 || e.Code == 550 || e.Code == 553:
		return KindRefused, fmt.Sprintf("%s：服务器拒收这封邮件（可能被判为垃圾邮件或发信过于频繁）。请稍后再试，或从网页邮箱发送", what)
	case e.Code >= 400 && e.Code < 500:
		return KindRefused, fmt.Sprintf("%s：服务器暂时无法处理（%s时），请稍后再试", what, step)
	}
	return KindProtocol, fmt.Sprintf("%s：%s失败", what, step)
}

func imapKind(e *imap.Error, what, step string) (Kind, string) {
	text := strings.ToLower(e.Text)
	switch {
	case strings.Contains(text, "unsafe login"):
		return KindUnsafeLogin, fmt.Sprintf("%s：服务器以“Unsafe Login”拒绝了连接。163/126/yeah.net 和 Coremail 政务邮箱要求客户端在登录后发送 IMAP ID 命令，并使用客户端授权码登录。%s", what, authHint)
	case e.Code == imap.ResponseCodeAuthenticationFailed || e.Code == imap.ResponseCodeAuthorizationFailed ||
		step == "登录" && e.Type == imap.StatusResponseTypeNo:
		return KindAuth, fmt.Sprintf("%s：登录失败，账号或密码不对。%s", what, authHint)
	case e.Code == imap.ResponseCodeNonExistent || step == "打开文件夹" && e.Type == imap.StatusResponseTypeNo:
		return KindFolder, fmt.Sprintf("%s：文件夹不存在或无法打开，请核对文件夹名（收件箱是 INBOX）", what)
	}
	return KindProtocol, fmt.Sprintf("%s：%s失败", what, step)
}
