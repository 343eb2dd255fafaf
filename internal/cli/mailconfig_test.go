package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/internal/mailtest"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// Mail settings as the office makes them: unencrypted only on this machine, the password
// never printed and saved only when asked (0600), a wrong password said in Chinese without
// the password, no password at all a configuration error.
func TestMailConfig(t *testing.T) {
	s := newStory(t)
	const secret = "Zq9-授权码-secret"
	m := mailtest.StartMemory(t, mailtest.User{Addr: officeAddr, Password: secret})

	if _, errs, code := s.cli("mail", "config", "--smtp", "smtp.163.com:25", "--security", "none"); code != ExitUsage || !strings.Contains(errs, "本机") {
		t.Fatalf("none for a remote server: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("mail", "config", "--security", "ssl"); code != ExitUsage {
		t.Fatalf("an unknown security: exit %d %s", code, errs)
	}
	out, errs, code := s.cli("mail", "config", "--smtp", m.SMTP, "--imap", m.IMAP, "--user", officeAddr, "--security", "none")
	if code != ExitOK || !strings.Contains(out, "发件地址："+officeAddr) || !strings.Contains(out, "密码：未保存") {
		t.Fatalf("mail config: exit %d\n%s%s", code, out, errs)
	}
	// without flags (the workspace flag is not one of them): the settings shown, nothing saved
	if out, _, code := s.cli("mail", "config"); code != ExitOK || !strings.Contains(out, "当前邮箱设置") || strings.Contains(out, "已保存：") {
		t.Fatalf("mail config without flags: exit %d\n%s", code, out)
	}
	// no password anywhere: a configuration error that says what to do
	t.Setenv(post.PasswordEnv, "")
	if _, errs, code := s.cli("mail", "test"); code != ExitUsage || !strings.Contains(errs, post.PasswordEnv) {
		t.Fatalf("mail test without a password: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("send", "templates", "--period", "2022-07"); code != ExitUsage || !strings.Contains(errs, post.PasswordEnv) {
		t.Fatalf("send without a password: exit %d %s", code, errs)
	}
	// a wrong one: the servers say no, in Chinese, and the password is not repeated
	t.Setenv(post.PasswordEnv, "wrong-"+secret)
	out, errs, code = s.cli("mail", "test")
	if code != ExitData || !strings.Contains(out+errs, "授权码") || strings.Contains(out+errs, secret) {
		t.Fatalf("mail test with a wrong password: exit %d\n%s%s", code, out, errs)
	}
	// saved when asked, readable by the office's account only, never printed
	t.Setenv(post.PasswordEnv, secret)
	out, errs, code = s.cli("mail", "config", "--save-password")
	if code != ExitOK || strings.Contains(out+errs, secret) {
		t.Fatalf("save the password: exit %d\n%s%s", code, out, errs)
	}
	st, err := os.Stat(filepath.Join(s.ws, store.PasswordName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", err, st)
	}
	t.Setenv(post.PasswordEnv, "")
	if out, errs, code := s.cli("mail", "test"); code != ExitOK || strings.Contains(out+errs, secret) {
		t.Fatalf("mail test with the saved password: exit %d\n%s%s", code, out, errs)
	}
	// the settings and the database hold no password
	for _, name := range []string{store.DBName, store.DBName + "-wal"} {
		db, _ := os.ReadFile(filepath.Join(s.ws, name))
		if strings.Contains(string(db), secret) {
			t.Errorf("%s holds the password", name)
		}
	}
	if out, _, code := s.cli("mail", "config", "--forget-password"); code != ExitOK || !strings.Contains(out, "已删除") {
		t.Fatalf("forget: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(s.ws, store.PasswordName)); !os.IsNotExist(err) {
		t.Error("the password file is still there")
	}
}

// A unit's address refused by the server: that letter fails with the server's reason, the
// others go out, the exit is 1, and the next run sends only the failed one. A wrong password
// is tried once, not once per unit.
func TestSendFailureRetried(t *testing.T) {
	s, users, m := mailStory(t, "smtp")
	t.Setenv(post.PasswordEnv, "wrong")
	out, _, code := s.cli("send", "templates", "--period", "2022-07")
	if code != ExitData || strings.Count(out, "  发送失败  ") != len(s.p.ReportingUnits()) || strings.Count(out, "未发送：原因同上") != len(s.p.ReportingUnits())-1 || m.Accepted() != 0 {
		t.Fatalf("a wrong password: exit %d\n%s", code, out)
	}
	t.Setenv(post.PasswordEnv, passwordOf(users, officeAddr))
	refused := s.p.Unit("经发局").Email
	m.Refuse(refused, true)
	out, _, code = s.cli("send", "templates", "--period", "2022-07")
	n := len(s.p.ReportingUnits())
	if code != ExitData || !strings.Contains(out, "发送失败  经发局") || m.Accepted() != n-1 {
		t.Fatalf("one address refused: exit %d, %d accepted\n%s", code, m.Accepted(), out)
	}
	m.Refuse(refused, false)
	out, _, code = s.cli("send", "templates", "--period", "2022-07")
	if code != ExitOK || !strings.Contains(out, "已发送  经发局") || strings.Count(out, "此前已发送，未重发") != n-1 || m.Accepted() != n {
		t.Fatalf("the next run: exit %d, %d accepted\n%s", code, m.Accepted(), out)
	}
	// --again sends a new message to the unit asked for
	out, _, code = s.cli("send", "templates", "--period", "2022-07", "--unit", "经发局", "--again")
	if code != ExitOK || m.Accepted() != n+1 || !strings.Contains(out, "已发送  经发局") {
		t.Fatalf("--again: exit %d, %d accepted\n%s", code, m.Accepted(), out)
	}
	if _, err := os.Stat(filepath.Join(s.ws, "out", "mail", "2022-07", "经发局-2022年7月填报模板（2）.eml")); err != nil {
		t.Errorf("the second message's draft: %v", err)
	}
}
