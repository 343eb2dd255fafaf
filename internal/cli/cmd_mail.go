package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"taizhang/internal/mailnet"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// MailConfigOptions are the parsed flags of `mail config`.
type MailConfigOptions struct {
	Env            *Env
	Settings       store.MailSettings
	Changed        map[string]bool
	CAFile         string
	SavePassword   bool
	ForgetPassword bool
}

func newCmdMail(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mail",
		Short: "办公室邮箱：设置发信（SMTP）和收信（IMAP）服务器，检查能否连通",
		Long: `设置办公室自己的邮箱，用于发送填报模板、回执和催报（taizhang send），以及从邮箱收取报送（taizhang fetch）。
密码（163、QQ 邮箱和政务邮箱多为“客户端授权码”）不写入设置：每次从环境变量 TAIZHANG_MAIL_PASSWORD 读取，
在终端上运行时也可以当场输入；加 --save-password 时保存在工作区中只有本账户能读的文件里（和签名密钥一样）。`,
	}
	cmd.AddCommand(newCmdMailConfig(env), newCmdMailTest(env))
	return cmd
}

func newCmdMailConfig(env *Env) *cobra.Command {
	opts := &MailConfigOptions{Env: env, Changed: map[string]bool{}}
	s := &opts.Settings
	cmd := &cobra.Command{
		Use:   "config [--smtp 主机:端口] [--imap 主机:端口] [--user 用户名] [--from 地址] [--security starttls|tls|none] [--folder INBOX]",
		Short: "设置办公室邮箱（不带参数时显示当前设置）",
		Long: `设置办公室邮箱。只给出要改的项，其余保持不变；不带参数时显示当前设置。
--security：tls（默认，SMTP 465、IMAP 993）、starttls（SMTP 587/25、IMAP 143）、none（不加密，只允许本机服务器）。
服务器证书总要验证；单位自建邮件服务器用自己的证书时，用 --ca 给出其 PEM 证书文件。`,
		Example: "  taizhang mail config --smtp smtp.163.com:465 --imap imap.163.com:993 --user zgb@163.com --from zgb@163.com\n" +
			"  TAIZHANG_MAIL_PASSWORD=授权码 taizhang mail config --save-password",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// the command's own flags given (not -w, which is everyone's)
			cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Changed {
					opts.Changed[f.Name] = true
				}
			})
			return mailConfigRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&s.SMTP, "smtp", "", "发信服务器（SMTP）的`主机:端口`")
	f.StringVar(&s.IMAP, "imap", "", "收信服务器（IMAP）的`主机:端口`")
	f.StringVar(&s.User, "user", "", "登录的`用户名`（通常是完整的邮箱地址）")
	f.StringVar(&s.From, "from", "", "发件`地址`（默认与用户名相同）")
	f.StringVar(&s.Security, "security", "", "加密`方式`：tls、starttls 或 none")
	f.StringVar(&s.Folder, "folder", "", "报送到达的邮箱`文件夹`（默认 INBOX，即收件箱）")
	f.StringVar(&opts.CAFile, "ca", "", "另外信任的服务器证书（PEM `文件`）")
	f.BoolVar(&opts.SavePassword, "save-password", false, "把密码（授权码）保存在工作区中（只有本账户能读）")
	f.BoolVar(&opts.ForgetPassword, "forget-password", false, "删除保存的密码")
	return cmd
}

func mailConfigRun(opts *MailConfigOptions) error {
	env := opts.Env
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	cur, _, err := w.MailSettings()
	if err != nil {
		return usageErr("无法读取邮箱设置：%s", describe(err))
	}
	s := opts.Settings
	set := func(name string, dst *string, v string) {
		if opts.Changed[name] {
			*dst = strings.TrimSpace(v)
		}
	}
	set("smtp", &cur.SMTP, s.SMTP)
	set("imap", &cur.IMAP, s.IMAP)
	set("user", &cur.User, s.User)
	set("from", &cur.From, s.From)
	set("security", &cur.Security, s.Security)
	set("folder", &cur.Folder, s.Folder)
	if opts.Changed["ca"] {
		cur.CA = ""
		if opts.CAFile != "" {
			data, err := os.ReadFile(opts.CAFile)
			if err != nil {
				return usageErr("无法读取证书文件：%s", describe(err))
			}
			cur.CA = string(data)
		}
	}
	if cur.From == "" && strings.Contains(cur.User, "@") && opts.Changed["user"] {
		cur.From = cur.User
	}
	changed := len(opts.Changed) > 0 && !(len(opts.Changed) == 1 && (opts.SavePassword || opts.ForgetPassword))
	if changed {
		if _, err := post.Config(cur); err != nil {
			return usageErr("%s", describe(err))
		}
		if err := w.SetMailSettings(cur); err != nil {
			return usageErr("无法保存邮箱设置：%s", describe(err))
		}
	}
	out := env.IO.Out
	switch {
	case opts.ForgetPassword:
		if err := w.SavePassword(""); err != nil {
			return usageErr("无法删除保存的密码：%s", describe(err))
		}
		fmt.Fprintln(out, "已删除保存的密码。")
	case opts.SavePassword:
		pw, err := askPassword(env, w, true)
		if err != nil {
			return err
		}
		if err := w.SavePassword(pw); err != nil {
			return usageErr("无法保存密码：%s", describe(err))
		}
		fmt.Fprintf(out, "密码已保存在 %s（只有本账户能读）。\n", filepath.Join(w.Dir, store.PasswordName))
	}
	if changed {
		fmt.Fprintln(out, "邮箱设置已保存：")
	} else if !opts.SavePassword && !opts.ForgetPassword {
		fmt.Fprintln(out, "当前邮箱设置：")
	}
	if changed || (!opts.SavePassword && !opts.ForgetPassword) {
		printMailSettings(out, w, cur)
	}
	return nil
}

func printMailSettings(out io.Writer, w *store.Workspace, s store.MailSettings) {
	or := func(v, none string) string {
		if v == "" {
			return none
		}
		return v
	}
	fmt.Fprintf(out, "  发信服务器（SMTP）：%s\n", or(s.SMTP, "未设置（send 只写草稿）"))
	fmt.Fprintf(out, "  收信服务器（IMAP）：%s\n", or(s.IMAP, "未设置（不能 fetch）"))
	fmt.Fprintf(out, "  用户名：%s\n", or(s.User, "未设置"))
	fmt.Fprintf(out, "  发件地址：%s\n", or(s.From, "未设置"))
	fmt.Fprintf(out, "  加密方式：%s\n", or(s.Security, "tls"))
	fmt.Fprintf(out, "  报送文件夹：%s\n", or(s.Folder, "INBOX"))
	if s.CA != "" {
		fmt.Fprintf(out, "  另外信任的证书：已设置\n")
	}
	pw := "未保存（每次从环境变量 TAIZHANG_MAIL_PASSWORD 读取，或在终端上输入）"
	if saved, _ := w.SavedPassword(); saved != "" {
		pw = "已保存在工作区中"
	}
	fmt.Fprintf(out, "  密码：%s\n", pw)
}

// askPassword is the mail password: TAIZHANG_MAIL_PASSWORD, else (unless fresh) the saved one,
// else asked for on a terminal. Never echoed or printed.
func askPassword(env *Env, w *store.Workspace, fresh bool) (string, error) {
	if pw := os.Getenv(post.PasswordEnv); pw != "" {
		return pw, nil
	}
	if !fresh {
		if pw, err := w.SavedPassword(); err != nil {
			return "", usageErr("无法读取保存的密码：%s", describe(err))
		} else if pw != "" {
			return pw, nil
		}
	}
	if f, ok := env.IO.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.IO.Err, "邮箱密码（授权码，输入时不显示）：")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.IO.Err)
		if err != nil {
			return "", usageErr("无法读取密码")
		}
		if pw := strings.TrimRight(string(b), "\r\n"); pw != "" {
			return pw, nil
		}
	}
	return "", usageErr("没有邮箱密码：请设置环境变量 %s（163、QQ 和政务邮箱用客户端授权码），或用 taizhang mail config --save-password 保存", post.PasswordEnv)
}

// mailAccess is what it takes to use the office's mailbox: the settings made a checked
// connection configuration, and the password.
func mailAccess(env *Env, w *store.Workspace, s store.MailSettings) (mailnet.Config, string, error) {
	cfg, err := post.Config(s)
	if err != nil {
		return cfg, "", usageErr("%s", describe(err))
	}
	pw, err := askPassword(env, w, false)
	return cfg, pw, err
}

// mailConfig is the workspace's mail configuration, checked.
func mailConfig(w *store.Workspace) (store.MailSettings, bool, error) {
	s, ok, err := w.MailSettings()
	if err != nil {
		return s, false, usageErr("无法读取邮箱设置：%s", describe(err))
	}
	return s, ok, nil
}

func newCmdMailTest(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "test",
		Short: "连接发信和收信服务器，说明哪些能用",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return mailTestRun(cmd.Context(), env)
		},
	}
}

func mailTestRun(ctx context.Context, env *Env) error {
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	s, ok, err := mailConfig(w)
	if err != nil {
		return err
	}
	if !ok || (s.SMTP == "" && s.IMAP == "") {
		return usageErr("还没有设置邮箱：请先运行 taizhang mail config --smtp 主机:端口 --imap 主机:端口 --user 用户名")
	}
	cfg, pw, err := mailAccess(env, w, s)
	if err != nil {
		return err
	}
	r := mailnet.Check(ctx, cfg, pw)
	if ctx.Err() != nil {
		return interrupted("")
	}
	fmt.Fprintln(env.IO.Out, r.String())
	if !r.OK() {
		return dataErr()
	}
	return nil
}
