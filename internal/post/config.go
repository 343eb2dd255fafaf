package post

import (
	"crypto/x509"
	"errors"
	"os"
	"strings"

	"taizhang/internal/mailnet"
	"taizhang/internal/store"
)

// PasswordEnv is the environment variable the mail password is read from.
const PasswordEnv = "TAIZHANG_MAIL_PASSWORD"

// Config is the mailnet configuration of the workspace's mail settings: the system's
// certificates are trusted, and those of the settings' CA besides.
func Config(s store.MailSettings) (mailnet.Config, error) {
	cfg := mailnet.Config{SMTP: s.SMTP, IMAP: s.IMAP, User: s.User, From: s.From, Security: s.Security, Folder: s.Folder}
	if strings.TrimSpace(s.CA) != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(s.CA)) {
			return cfg, errors.New("邮箱设置中的证书（--ca）无法读取：请给出 PEM 格式的证书文件")
		}
		cfg.RootCAs = pool
	}
	return cfg, cfg.Validate()
}

// Password is the mail password from the environment (PasswordEnv), else the file saved with
// `mail config --save-password`; "" when neither has one.
func Password(w *store.Workspace) (string, error) {
	if pw, ok := os.LookupEnv(PasswordEnv); ok && pw != "" {
		return pw, nil
	}
	return w.SavedPassword()
}
