package cli

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/compose"
	"taizhang/internal/fill"
	"taizhang/internal/mailbox"
	"taizhang/internal/mailnet"
	"taizhang/internal/mailtest"
	"taizhang/internal/period"
	"taizhang/internal/post"
)

// mailSystem is where the loop's mail goes: in-process servers or Dovecot and Postfix.
type mailSystem struct {
	smtp, imap, security string
	ca                   string // a PEM file the servers' certificate is signed by; "" for none
	cfg                  mailnet.Config
}

const officeAddr = "zgb@cbs.example.cn"

// clerkAddr is a 商务局 clerk's own mailbox, not the one registered for the unit.
const clerkAddr = "swj.clerk@cbs.example.cn"

// mailUsers are the office and every unit of the sample plan, with their passwords.
func mailUsers(s *story) []mailtest.User {
	users := []mailtest.User{{Addr: officeAddr, Password: "office-授权码-7"}, {Addr: clerkAddr, Password: "clerk-pw"}}
	for _, u := range s.p.ReportingUnits() {
		if e := s.p.Unit(u).Email; e != "" {
			users = append(users, mailtest.User{Addr: e, Password: "unit-" + e})
		}
	}
	return users
}

func passwordOf(users []mailtest.User, addr string) string {
	for _, u := range users {
		if strings.EqualFold(u.Addr, addr) {
			return u.Password
		}
	}
	return ""
}

// The mail loop without a real server: go-smtp and go-imap in this process.
func TestMailLoopInProcess(t *testing.T) {
	s := newStory(t)
	users := mailUsers(s)
	m := mailtest.StartMemory(t, users...)
	mailLoop(t, s, users, mailSystem{smtp: m.SMTP, imap: m.IMAP, security: mailnet.SecurityNone})
}

// The mail loop through Dovecot (IMAP) and Postfix (SMTP) on 127.0.0.1, with STARTTLS and
// the servers' own certificate given with --ca.
func TestMailLoopRealServers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Dovecot and Postfix; skipped with -short")
	}
	s := newStory(t)
	users := mailUsers(s)
	srv := mailtest.Start(t, users...)
	mailLoop(t, s, users, mailSystem{smtp: srv.SMTP, imap: srv.IMAP, security: mailnet.SecurityStartTLS,
		ca: filepath.Join(srv.Dir, "cert.pem")})
}

// mailLoop is the month through the office's mailbox: send templates → three units read
// their mail, fill the template and reply → fetch → send receipts → each unit's mailbox holds
// its receipt as a reply; reminders go to the others; running fetch and send again changes
// nothing; every draft's attachment name reads back exactly in Python's email package.
func mailLoop(t *testing.T, s *story, users []mailtest.User, sys mailSystem) {
	t.Setenv(post.PasswordEnv, passwordOf(users, officeAddr))
	s.now = time.Date(2022, 8, 1, 9, 0, 0, 0, time.Local)
	mustCLI := func(want int, args ...string) string {
		t.Helper()
		out, errs, code := s.cli(args...)
		if code != want {
			t.Fatalf("%s: exit %d, want %d\n%s\n%s", strings.Join(args, " "), code, want, out, errs)
		}
		return out
	}
	mustCLI(ExitOK, "template", "--period", "2022-07", "-q")
	cfgArgs := []string{"mail", "config", "--smtp", sys.smtp, "--imap", sys.imap, "--user", officeAddr, "--security", sys.security}
	if sys.ca != "" {
		cfgArgs = append(cfgArgs, "--ca", sys.ca)
	}
	out := mustCLI(ExitOK, cfgArgs...)
	if strings.Contains(out, passwordOf(users, officeAddr)) {
		t.Fatal("mail config printed the password")
	}
	out = mustCLI(ExitOK, "mail", "test")
	if !strings.Contains(out, "发信") || !strings.Contains(out, "收信") {
		t.Fatalf("mail test says:\n%s", out)
	}

	// templates out: one message per unit
	var sent sendView
	sent = sendView{}
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "send", "templates", "--period", "2022-07", "--json")), &sent); err != nil {
		t.Fatal(err)
	}
	units := s.p.ReportingUnits()
	if len(sent.Messages) != len(units) || sent.Counts[post.ResultSent] != len(units) {
		t.Fatalf("send templates: %+v", sent.Counts)
	}
	unitCfg := func(addr string) mailnet.Config {
		c := mailnet.Config{SMTP: sys.smtp, IMAP: sys.imap, User: addr, From: addr, Security: sys.security}
		if sys.ca != "" {
			pem, _ := os.ReadFile(sys.ca)
			c.RootCAs = poolOf(t, pem)
		}
		return c
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	inbox := func(addr string, want int) []mailnet.Message {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			msgs, _, err := mailnet.Fetch(ctx, unitCfg(addr), passwordOf(users, addr), mailnet.State{})
			if err != nil {
				t.Fatalf("%s: %v", addr, err)
			}
			if len(msgs) >= want || time.Now().After(deadline) {
				return msgs
			}
		}
	}

	// three units answer their template by replying with it filled in
	answering := []string{"经发局", "商务局", "河长办"}
	replies := map[string]string{} // unit → Message-ID of its reply
	for i, u := range answering {
		addr := s.p.Unit(u).Email
		msgs := inbox(addr, 1)
		if len(msgs) != 1 {
			t.Fatalf("%s has %d messages, want its template", u, len(msgs))
		}
		got, err := mailbox.ReadMessage(bytes.NewReader(msgs[0].Raw), mailbox.Limits{})
		if err != nil || len(got.Attachments) != 1 {
			t.Fatalf("%s's template mail: %v %+v", u, err, got)
		}
		wantName := u + "-2022年7月进展填报.xlsx"
		if got.Attachments[0].Name != wantName || got.Subject != "【2022年7月进展填报】"+u || !strings.Contains(got.Text, "2022年8月5日前") {
			t.Fatalf("%s's template mail: %q %q\n%s", u, got.Attachments[0].Name, got.Subject, got.Text)
		}
		fb, err := fill.Open(got.Attachments[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := fb.Fill(s.form(u, period.MustParse("2022-07").Last(), nil)); err != nil {
			t.Fatal(err)
		}
		filled, err := fb.Bytes()
		fb.Close()
		if err != nil {
			t.Fatal(err)
		}
		id := compose.StableID("cbs.example.cn", "reply", u)
		from := addr
		if u == "商务局" {
			from = clerkAddr // answers from the clerk's own mailbox
		}
		raw, err := compose.Build(compose.Message{From: compose.Address{Name: u, Addr: from}, To: []compose.Address{{Addr: officeAddr}},
			Subject: "回复：" + got.Subject, Date: time.Date(2022, 8, 3, 10, i, 0, 0, time.Local), MessageID: id, InReplyTo: got.MessageID,
			Text: "已填报，请查收。", Attachments: []compose.Attachment{{Name: wantName, Data: filled}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := mailnet.Send(ctx, unitCfg(from), passwordOf(users, from), raw, from, []string{officeAddr}); err != nil {
			t.Fatal(err)
		}
		replies[u] = id
	}
	inbox(officeAddr, len(answering))

	// returns in
	s.now = time.Date(2022, 8, 4, 9, 0, 0, 0, time.Local)
	var fetched fetchView
	fetched = fetchView{}
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "fetch", "--period", "2022-07", "--json")), &fetched); err != nil {
		t.Fatal(err)
	}
	if fetched.Fetched != len(answering) {
		t.Fatalf("fetch took %d messages, want %d", fetched.Fetched, len(answering))
	}
	var status statusView
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "status", "--period", "2022-07", "--json")), &status); err != nil {
		t.Fatal(err)
	}
	if status.Units.Reported != len(answering) {
		t.Fatalf("status: %d reported, want %d", status.Units.Reported, len(answering))
	}

	// receipts back, as replies
	sent = sendView{}
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "send", "receipts", "--period", "2022-07", "--json")), &sent); err != nil {
		t.Fatal(err)
	}
	if sent.Counts[post.ResultSent] != len(answering) {
		t.Fatalf("send receipts: %+v", sent.Counts)
	}
	for _, u := range answering {
		msgs := inbox(s.p.Unit(u).Email, 2)
		if len(msgs) != 2 {
			t.Fatalf("%s has %d messages, want its template and its receipt", u, len(msgs))
		}
		hdr, err := mail.ReadMessage(bytes.NewReader(msgs[1].Raw))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := mailbox.ReadMessage(bytes.NewReader(msgs[1].Raw), mailbox.Limits{})
		if hdr.Header.Get("In-Reply-To") != "<"+replies[u]+">" || len(got.Attachments) != 1 ||
			got.Attachments[0].Name != u+"-2022年7月回执.xlsx" || !strings.Contains(got.Text, "已接收") {
			t.Fatalf("%s's receipt: In-Reply-To %q, %d attachments, %q", u, hdr.Header.Get("In-Reply-To"), len(got.Attachments), got.Text)
		}
	}

	// 商务局's return came from the clerk's own mailbox: the receipt went there, and the
	// unit's registered mailbox (checked above) got a copy
	if msgs := inbox(clerkAddr, 1); len(msgs) != 1 {
		t.Errorf("the clerk's mailbox holds %d messages, want the receipt", len(msgs))
	} else if hdr, err := mail.ReadMessage(bytes.NewReader(msgs[0].Raw)); err != nil || !strings.Contains(hdr.Header.Get("Cc"), s.p.Unit("商务局").Email) {
		t.Errorf("the receipt to the clerk: Cc %q (%v)", hdr.Header.Get("Cc"), err)
	}

	// reminders to the others, with their template again
	s.now = time.Date(2022, 8, 6, 9, 0, 0, 0, time.Local)
	sent = sendView{}
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "send", "reminders", "--period", "2022-07", "--as-of", "2022-08-06", "--json")), &sent); err != nil {
		t.Fatal(err)
	}
	if sent.Counts[post.ResultSent] != len(units)-len(answering) {
		t.Fatalf("send reminders: %+v", sent.Counts)
	}
	msgs := inbox(s.p.Unit("池北区").Email, 2)
	if len(msgs) != 2 {
		t.Fatalf("池北区 has %d messages, want its template and a reminder", len(msgs))
	}
	if got, _ := mailbox.ReadMessage(bytes.NewReader(msgs[1].Raw), mailbox.Limits{}); !strings.Contains(got.Subject, "催报") ||
		len(got.Attachments) != 1 || got.Attachments[0].Name != "池北区-2022年7月进展填报.xlsx" {
		t.Fatalf("池北区's reminder: %q %+v", got.Subject, got.Attachments)
	}

	if out := mustCLI(ExitOK, "status", "--period", "2022-07"); !strings.Contains(out, "池北区") ||
		!strings.Contains(out[strings.Index(out, "池北区"):], "已催报：") {
		t.Errorf("status does not say 池北区 was reminded:\n%s", out)
	}

	// again: nothing new is fetched, nothing is sent twice
	fetched = fetchView{}
	if err := json.Unmarshal([]byte(mustCLI(ExitOK, "fetch", "--period", "2022-07", "--json")), &fetched); err != nil {
		t.Fatal(err)
	}
	if fetched.Fetched != 0 {
		t.Fatalf("fetch again took %d messages", fetched.Fetched)
	}
	for _, kind := range []string{"templates", "receipts", "reminders"} {
		sent = sendView{}
		if err := json.Unmarshal([]byte(mustCLI(ExitOK, "send", kind, "--period", "2022-07", "--as-of", "2022-08-06", "--json")), &sent); err != nil {
			t.Fatal(err)
		}
		if sent.Counts[post.ResultSent] != 0 || sent.Counts[post.ResultDone] != len(sent.Messages) {
			t.Fatalf("send %s again: %+v", kind, sent.Counts)
		}
	}
	for _, u := range answering {
		if n := len(inbox(s.p.Unit(u).Email, 2)); n != 2 {
			t.Errorf("%s holds %d messages after running everything twice, want 2", u, n)
		}
	}
	checkDrafts(t, filepath.Join(s.ws, "out", "mail", "2022-07"))
}

// checkDrafts reads every draft with Python's email package (what many mail tools are built
// on) and checks that each attachment's name reads back as the tool wrote it.
func checkDrafts(t *testing.T, dir string) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("SKIP the Python check of the drafts: python3 is not installed")
		return
	}
	drafts, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(drafts) == 0 {
		t.Fatal("no drafts written")
	}
	script := `
import email, sys
from email import policy
for path in sys.argv[1:]:
    m = email.message_from_binary_file(open(path, 'rb'), policy=policy.default)
    names = [p.get_filename() for p in m.iter_attachments()]
    print(path.rsplit('/', 1)[-1] + '\t' + '\t'.join(names) + '\t' + str(m['Subject']))
`
	cmd := exec.Command(py, append([]string{"-c", script}, drafts...)...)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(outb)), "\n")
	if len(lines) != len(drafts) {
		t.Fatalf("python read %d drafts of %d", len(lines), len(drafts))
	}
	for _, line := range lines {
		f := strings.Split(line, "\t")
		name := strings.TrimSuffix(f[0], ".eml")
		unit := name[:strings.Index(name, "-")]
		var want string
		switch {
		case strings.HasSuffix(name, "填报模板"), strings.Contains(name, "催报"):
			want = unit + "-2022年7月进展填报.xlsx"
		case strings.HasSuffix(name, "回执"):
			want = name + ".xlsx"
		}
		if len(f) < 3 || f[1] != want {
			t.Errorf("%s: Python reads the attachment as %q, want %q", f[0], f[1:], want)
		}
	}
	t.Logf("Python read the attachment names of %d drafts back exactly", len(lines))
}

func poolOf(t *testing.T, pem []byte) *x509.CertPool {
	t.Helper()
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in the servers' PEM")
	}
	return p
}

// mailStory is a story with the office's mail in this process: every unit and the office have
// a mailbox, July's templates are issued on 1 August, and the mail settings name the servers
// asked for ("smtp", "imap"; unencrypted, on loopback).
func mailStory(t *testing.T, servers ...string) (*story, []mailtest.User, *mailtest.Memory) {
	t.Helper()
	s := newStory(t)
	users := mailUsers(s)
	m := mailtest.StartMemory(t, users...)
	s.now = time.Date(2022, 8, 1, 9, 0, 0, 0, time.Local)
	if out, errs, code := s.cli("template", "--period", "2022-07", "-q"); code != ExitOK {
		t.Fatalf("template: %s %s", out, errs)
	}
	args := []string{"mail", "config", "--user", officeAddr, "--security", "none"}
	for _, srv := range servers {
		switch srv {
		case "smtp":
			args = append(args, "--smtp", m.SMTP)
		case "imap":
			args = append(args, "--imap", m.IMAP)
		}
	}
	if out, errs, code := s.cli(args...); code != ExitOK {
		t.Fatalf("mail config: %s %s", out, errs)
	}
	return s, users, m
}

// returnMail is a unit's July return mailed to the office: its filled template attached.
func returnMail(t *testing.T, s *story, unit, phone string, date time.Time, id string) []byte {
	t.Helper()
	form := s.form(unit, period.MustParse("2022-07").Last(), nil)
	if phone != "" {
		form.Phone = phone
	}
	data, err := os.ReadFile(s.ret("2022-07", unit, form, nil, "mail/"+id+"/"+unit+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := compose.Build(compose.Message{From: compose.Address{Name: unit, Addr: s.p.Unit(unit).Email}, To: []compose.Address{{Addr: officeAddr}},
		Subject: unit + " 7月进展（" + id + "）", Date: date, MessageID: compose.StableID("cbs.example.cn", unit, id), Text: "请查收。",
		Attachments: []compose.Attachment{{Name: unit + "-2022年7月进展填报.xlsx", Data: data}}})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
