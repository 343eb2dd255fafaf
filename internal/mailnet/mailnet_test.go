package mailnet

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"

	"taizhang/internal/compose"
	"taizhang/internal/mailbox"
)

func testMessage(t testing.TB, n int, to string) []byte {
	t.Helper()
	raw, err := compose.Build(compose.Message{
		From:      compose.Address{Name: "市整改办", Addr: testUser},
		To:        []compose.Address{{Name: "经发局", Addr: to}},
		Subject:   fmt.Sprintf("关于报送整改台账的通知（第%d号）", n),
		Date:      time.Date(2024, 3, 4, 9, 30, n, 0, time.FixedZone("CST", 8*3600)),
		MessageID: compose.StableID("cbs.gov.cn", "test", fmt.Sprint(n)),
		Text:      "请填报附件。",
		Attachments: []compose.Attachment{
			{Name: fmt.Sprintf("经发局-2024年第一季度整改台账-%d.xlsx", n), Data: bytes.Repeat([]byte{byte(n)}, 100+n)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // part of the error; empty for none
	}{
		{"163 defaults to tls", Config{SMTP: "smtp.163.com:465", IMAP: "imap.163.com:993", User: "a@163.com"}, ""},
		{"none on loopback", Config{SMTP: "127.0.0.1:2525", User: "a", Security: "none"}, ""},
		{"none on ::1", Config{IMAP: "[::1]:143", User: "a", Security: "none"}, ""},
		{"none on localhost", Config{IMAP: "localhost:143", User: "a", Security: "NONE"}, ""},
		{"none elsewhere", Config{SMTP: "smtp.163.com:25", User: "a", Security: "none"}, "只允许用于本机"},
		{"none on a LAN address", Config{IMAP: "192.168.1.5:143", User: "a", Security: "none"}, "只允许用于本机"},
		{"unknown security", Config{SMTP: "smtp.163.com:465", User: "a", Security: "ssl"}, "安全方式“ssl”无效"},
		{"no port", Config{SMTP: "smtp.163.com", User: "a"}, "格式不对"},
		{"bad port", Config{IMAP: "imap.163.com:99999", User: "a"}, "端口"},
		{"no server", Config{User: "a"}, "没有设置邮件服务器"},
		{"no user", Config{SMTP: "smtp.163.com:465"}, "登录账号"},
		{"bad from", Config{SMTP: "smtp.163.com:465", User: "a", From: "整改办 <a@b.cn>"}, "发件地址"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			case tc.want != "" && !IsKind(err, KindConfig):
				t.Errorf("error %v is not KindConfig", err)
			}
		})
	}
}

// TestSend sends over each security setting and checks the bytes arrive exactly as built.
func TestSend(t *testing.T) {
	for _, sec := range []string{SecurityNone, SecurityStartTLS, SecurityTLS} {
		t.Run(sec, func(t *testing.T) {
			addr, rec, pool := startSMTP(t, sec)
			cfg := Config{SMTP: addr, User: testUser, From: testUser, Security: sec, RootCAs: pool}
			msg := testMessage(t, 1, "jfj@cbs.gov.cn")
			if err := Send(context.Background(), cfg, testPassword, msg, "", []string{"jfj@cbs.gov.cn", "bak@cbs.gov.cn"}); err != nil {
				t.Fatal(err)
			}
			got := rec.got()
			if len(got) != 1 {
				t.Fatalf("%d messages delivered", len(got))
			}
			if got[0].from != testUser || strings.Join(got[0].to, ",") != "jfj@cbs.gov.cn,bak@cbs.gov.cn" {
				t.Errorf("envelope %q → %q", got[0].from, got[0].to)
			}
			if !bytes.Equal(got[0].data, msg) {
				t.Errorf("delivered bytes differ from the built message:\n%s", got[0].data)
			}
		})
	}
}

// TestSendLogin: a server that offers only AUTH LOGIN (some Exchange and old Coremail).
func TestSendLogin(t *testing.T) {
	addr, rec, pool := startSMTP(t, SecurityStartTLS)
	rec.mechs = []string{sasl.Login}
	cfg := Config{SMTP: addr, User: testUser, From: testUser, Security: SecurityStartTLS, RootCAs: pool}
	msg := testMessage(t, 1, "jfj@cbs.gov.cn")
	if err := Send(context.Background(), cfg, testPassword, msg, "", []string{"jfj@cbs.gov.cn"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.got(); len(got) != 1 || !bytes.Equal(got[0].data, msg) {
		t.Errorf("got %d messages", len(got))
	}
	err := Send(context.Background(), cfg, "wrong", msg, "", []string{"jfj@cbs.gov.cn"})
	if !IsKind(err, KindAuth) {
		t.Errorf("wrong password over LOGIN: %v", err)
	}
	noSecret(t, errText(err))
	rec.mechs = []string{"CRAM-MD5"}
	if err := Send(context.Background(), cfg, testPassword, msg, "", []string{"jfj@cbs.gov.cn"}); !IsKind(err, KindAuth) || !strings.Contains(err.Error(), "CRAM-MD5") {
		t.Errorf("unsupported mechanism: %v", err)
	}
}

// TestSendDotStuffing: SMTP dot-stuffing must not change the bytes.
func TestSendDotStuffing(t *testing.T) {
	addr, rec, _ := startSMTP(t, SecurityNone)
	cfg := Config{SMTP: addr, User: testUser, From: testUser, Security: SecurityNone}
	msg := []byte("From: a@b.cn\r\nTo: c@d.cn\r\nSubject: x\r\n\r\n.\r\n..two\r\n.\r\nend\r\n")
	if err := Send(context.Background(), cfg, testPassword, msg, "", []string{"c@d.cn"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.got(); len(got) != 1 || !bytes.Equal(got[0].data, msg) {
		t.Errorf("got %q", got)
	}
}

func TestSendErrors(t *testing.T) {
	okAddr, rec, pool := startSMTP(t, SecurityTLS)
	rec.refuse["nobody@cbs.gov.cn"] = true
	plainAddr, _, _ := startSMTP(t, SecurityNone)
	closed := listen(t)
	closedAddr := closed.Addr().String()
	closed.Close()
	msg := testMessage(t, 1, "jfj@cbs.gov.cn")
	base := Config{SMTP: okAddr, User: testUser, From: testUser, Security: SecurityTLS, RootCAs: pool, Timeout: 5 * time.Second}

	for _, tc := range []struct {
		name     string
		edit     func(*Config)
		password string
		to       []string
		kind     Kind
		want     string
	}{
		{"wrong password", nil, "web-password", nil, KindAuth, "授权码"},
		{"recipient refused", nil, testPassword, []string{"jfj@cbs.gov.cn", "nobody@cbs.gov.cn"}, KindRecipient, "nobody@cbs.gov.cn 被拒收"},
		{"connection refused", func(c *Config) { c.SMTP = closedAddr }, testPassword, nil, KindConnect, "连接被拒绝"},
		{"untrusted certificate", func(c *Config) { c.RootCAs = nil }, testPassword, nil, KindTLS, "证书"},
		{"tls to a plain port", func(c *Config) { c.SMTP = plainAddr }, testPassword, nil, KindTLS, "不是 TLS 加密端口"},
		{"starttls not offered", func(c *Config) { c.SMTP, c.Security = plainAddr, SecurityStartTLS }, testPassword, nil, KindTLS, "STARTTLS"},
		{"none to a remote host", func(c *Config) { c.SMTP, c.Security = "smtp.163.com:25", SecurityNone }, testPassword, nil, KindConfig, "本机"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			if tc.edit != nil {
				tc.edit(&cfg)
			}
			to := tc.to
			if to == nil {
				to = []string{"jfj@cbs.gov.cn"}
			}
			before := len(rec.got())
			err := Send(context.Background(), cfg, tc.password, msg, "", to)
			if !IsKind(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v (kind %v), want kind %v containing %q", err, kindOf(err), tc.kind, tc.want)
			}
			noSecret(t, errText(err))
			noSecret(t, fmt.Sprintf("%+v %#v", err, err))
			if len(rec.got()) != before {
				t.Error("a message was delivered")
			}
		})
	}
}

func kindOf(err error) Kind {
	if e, ok := err.(*Error); ok {
		return e.Kind
	}
	return 0
}

func TestFetch(t *testing.T) {
	addr, user, pool := startIMAP(t, SecurityTLS, nil)
	cfg := Config{IMAP: addr, User: testUser, Security: SecurityTLS, RootCAs: pool}
	ctx := context.Background()
	var sent [][]byte
	for i := 1; i <= 3; i++ {
		sent = append(sent, testMessage(t, i, "zgb@cbs.gov.cn"))
		appendMsg(t, user, "INBOX", sent[i-1])
	}
	msgs, st, err := Fetch(ctx, cfg, testPassword, State{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || st.LastUID != msgs[2].UID || st.UIDValidity == 0 {
		t.Fatalf("%d messages, state %+v", len(msgs), st)
	}
	for i, m := range msgs {
		if !bytes.Equal(m.Raw, sent[i]) {
			t.Errorf("message %d: bytes differ", i+1)
		}
		if m.InternalDate.IsZero() || m.Size != int64(len(sent[i])) {
			t.Errorf("message %d: date %v size %d", i+1, m.InternalDate, m.Size)
		}
		got, err := mailbox.ReadMessage(bytes.NewReader(m.Raw), mailbox.Limits{})
		if err != nil || len(got.Attachments) != 1 || got.Attachments[0].Name != fmt.Sprintf("经发局-2024年第一季度整改台账-%d.xlsx", i+1) {
			t.Errorf("message %d: %v %+v", i+1, err, got)
		}
	}

	// Nothing new: nothing returned, the state stays.
	again, st2, err := Fetch(ctx, cfg, testPassword, st)
	if err != nil || len(again) != 0 || st2 != st {
		t.Fatalf("again: %d messages, %+v, %v", len(again), st2, err)
	}
	// Two more arrive: only they come.
	for i := 4; i <= 5; i++ {
		appendMsg(t, user, "INBOX", testMessage(t, i, "zgb@cbs.gov.cn"))
	}
	more, st3, err := Fetch(ctx, cfg, testPassword, st)
	if err != nil || len(more) != 2 || more[0].UID <= st.LastUID || st3.LastUID != more[1].UID {
		t.Fatalf("more: %d messages, %+v, %v", len(more), st3, err)
	}
	// BODY.PEEK[] leaves them unread.
	m, err := Open(ctx, cfg, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	seen, err := m.c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil || len(seen.AllUIDs()) != 0 {
		t.Errorf("messages marked seen: %v %v", seen, err)
	}
}

func TestFetchUIDValidityChanged(t *testing.T) {
	addr, user, _ := startIMAP(t, SecurityNone, nil)
	if err := user.Create("Returns", nil); err != nil {
		t.Fatal(err)
	}
	cfg := Config{IMAP: addr, User: testUser, Security: SecurityNone, Folder: "Returns"}
	ctx := context.Background()
	for i := 1; i <= 2; i++ {
		appendMsg(t, user, "Returns", testMessage(t, i, "zgb@cbs.gov.cn"))
	}
	_, st, err := Fetch(ctx, cfg, testPassword, State{})
	if err != nil {
		t.Fatal(err)
	}
	// The folder is re-created: UIDs start again, and the old state's LastUID would hide
	// the new messages.
	if err := user.Delete("Returns"); err != nil {
		t.Fatal(err)
	}
	if err := user.Create("Returns", nil); err != nil {
		t.Fatal(err)
	}
	appendMsg(t, user, "Returns", testMessage(t, 7, "zgb@cbs.gov.cn"))
	msgs, st2, err := Fetch(ctx, cfg, testPassword, st)
	if err != nil {
		t.Fatal(err)
	}
	if st2.UIDValidity == st.UIDValidity || len(msgs) != 1 || st2.LastUID != msgs[0].UID {
		t.Errorf("after re-creation: %d messages, state %+v (was %+v)", len(msgs), st2, st)
	}
	// A move with the old UIDVALIDITY is refused.
	m, err := Open(ctx, cfg, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Move(ctx, st.UIDValidity, msgs[0].UID, "Done"); !IsKind(err, KindChanged) {
		t.Errorf("move with a stale UIDVALIDITY: %v", err)
	}
}

func TestFetchLimits(t *testing.T) {
	addr, user, _ := startIMAP(t, SecurityNone, nil)
	ctx := context.Background()
	small := testMessage(t, 1, "zgb@cbs.gov.cn")
	big := append(testMessage(t, 2, "zgb@cbs.gov.cn"), bytes.Repeat([]byte("x"), 10000)...)
	appendMsg(t, user, "INBOX", small)
	appendMsg(t, user, "INBOX", big)
	appendMsg(t, user, "INBOX", small)

	cfg := Config{IMAP: addr, User: testUser, Security: SecurityNone, MaxMessageBytes: int64(len(small)) + 100}
	msgs, st, err := Fetch(ctx, cfg, testPassword, State{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || msgs[1].Raw != nil || !msgs[1].TooLarge || msgs[1].Size != int64(len(big)) ||
		!bytes.Equal(msgs[0].Raw, small) || !bytes.Equal(msgs[2].Raw, small) || st.LastUID != msgs[2].UID {
		t.Fatalf("oversize: %d messages, state %+v", len(msgs), st)
	}

	// MaxFetchBytes: one message per call, the state goes on from the last one.
	cfg.MaxMessageBytes = 0
	cfg.MaxFetchBytes = int64(len(small)) + 1
	var all []Message
	st = State{}
	for range 5 {
		msgs, next, err := Fetch(ctx, cfg, testPassword, st)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) == 0 {
			break
		}
		if len(msgs) != 1 {
			t.Fatalf("%d messages in one call over MaxFetchBytes", len(msgs))
		}
		all = append(all, msgs...)
		st = next
	}
	if len(all) != 3 || !bytes.Equal(all[1].Raw, big) {
		t.Errorf("in pieces: %d messages", len(all))
	}
}

// TestMove moves with MOVE, with COPY + UID EXPUNGE (UIDPLUS) and with COPY + EXPUNGE,
// creating the target folder, and checks only the moved message left the inbox.
func TestMove(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps imap.CapSet
	}{
		{"MOVE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}},
		{"UIDPLUS", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}},
		{"neither", imap.CapSet{imap.CapIMAP4rev1: {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, user, _ := startIMAP(t, SecurityNone, tc.caps)
			for i := 1; i <= 3; i++ {
				appendMsg(t, user, "INBOX", testMessage(t, i, "zgb@cbs.gov.cn"))
			}
			ctx := context.Background()
			cfg := Config{IMAP: addr, User: testUser, Security: SecurityNone}
			m, err := Open(ctx, cfg, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			msgs, _, err := m.Fetch(ctx, State{})
			if err != nil || len(msgs) != 3 {
				t.Fatal(len(msgs), err)
			}
			if err := m.Move(ctx, m.UIDValidity(), msgs[1].UID, "已收取/2024Q1"); err != nil {
				t.Fatal(err)
			}
			if err := m.Move(ctx, m.UIDValidity(), msgs[2].UID, "已收取/2024Q1"); err != nil {
				t.Fatal(err) // the folder exists now
			}
			left, _, err := m.Fetch(ctx, State{})
			if err != nil || len(left) != 1 || left[0].UID != msgs[0].UID {
				t.Errorf("inbox after moves: %d messages, %v", len(left), err)
			}
			dst, _, err := Fetch(ctx, Config{IMAP: addr, User: testUser, Security: SecurityNone, Folder: "已收取/2024Q1"}, testPassword, State{})
			if err != nil || len(dst) != 2 || !bytes.Equal(dst[0].Raw, msgs[1].Raw) {
				t.Errorf("target folder: %d messages, %v", len(dst), err)
			}
		})
	}
}

func TestIMAPErrors(t *testing.T) {
	addr, _, pool := startIMAP(t, SecurityStartTLS, nil)
	ctx := context.Background()
	cfg := Config{IMAP: addr, User: testUser, Security: SecurityStartTLS, RootCAs: pool, Timeout: 5 * time.Second}
	for _, tc := range []struct {
		name     string
		edit     func(*Config)
		password string
		kind     Kind
		want     string
	}{
		{"wrong password", nil, "web-password", KindAuth, "授权码"},
		{"no such folder", func(c *Config) { c.Folder = "回执" }, testPassword, KindFolder, "文件夹“回执”不存在"},
		{"untrusted certificate", func(c *Config) { c.RootCAs = nil }, testPassword, KindTLS, "证书"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.edit != nil {
				tc.edit(&c)
			}
			_, _, err := Fetch(ctx, c, tc.password, State{})
			if !IsKind(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v (kind %v), want kind %v containing %q", err, kindOf(err), tc.kind, tc.want)
			}
			noSecret(t, errText(err))
		})
	}
}

// TestCoremail talks to a fake imap.163.com: ID must come after LOGIN for SELECT to work,
// and Check says an authorization code and ID are needed.
func TestCoremail(t *testing.T) {
	addr, fake := startFakeCoremail(t, false)
	ctx := context.Background()
	cfg := Config{IMAP: addr, User: testUser, Security: SecurityNone, Timeout: 5 * time.Second}
	msgs, st, err := Fetch(ctx, cfg, testPassword, State{})
	if err != nil || len(msgs) != 0 || st.UIDValidity != 1700000001 {
		t.Fatalf("fetch: %d, %+v, %v", len(msgs), st, err)
	}
	cmds := fake.log()
	if login, id, sel := slices.Index(cmds, "LOGIN"), slices.Index(cmds, "ID"), slices.Index(cmds, "SELECT"); login < 0 || id < login || sel < id {
		t.Errorf("commands %s: want ID after LOGIN and before SELECT", cmds)
	}
	r := Check(ctx, cfg, testPassword)
	if !r.IMAP.OK || !r.Coremail || !strings.Contains(r.String(), "授权码") || !strings.Contains(r.String(), "IMAP ID") {
		t.Errorf("report:\n%s", r)
	}

	// Refused all the same (a web password where a 授权码 is needed): the error says so.
	addr2, _ := startFakeCoremail(t, true)
	cfg.IMAP = addr2
	_, _, err = Fetch(ctx, cfg, testPassword, State{})
	if !IsKind(err, KindUnsafeLogin) || !strings.Contains(err.Error(), "授权码") || !strings.Contains(err.Error(), "Unsafe Login") {
		t.Errorf("unsafe login: %v", err)
	}
	r = Check(ctx, cfg, "wrong")
	if r.OK() || !r.Coremail {
		t.Errorf("report:\n%s", r)
	}
	noSecret(t, r.String())

	if !isCoremail("imap.163.com:993", "", nil) || !isCoremail("mail.yeah.net:993", "", nil) ||
		!isCoremail("x:1", "", imap.CapSet{"X-CM-EXT-1": {}}) || isCoremail("imap.qq.com:993", "* OK [CAPABILITY IMAP4rev1] ready", nil) {
		t.Error("isCoremail")
	}
}

func TestCheck(t *testing.T) {
	smtpAddr, _, pool := startSMTP(t, SecurityStartTLS)
	imapAddr, _, pool2 := startIMAP(t, SecurityStartTLS, nil)
	pool.AppendCertsFromPEM(nil)
	ctx := context.Background()
	// The two servers have different CAs; trust one at a time.
	r := Check(ctx, Config{SMTP: smtpAddr, User: testUser, Security: SecurityStartTLS, RootCAs: pool}, testPassword)
	if !r.OK() || !r.SMTP.OK || !r.IMAP.Skipped || r.Coremail {
		t.Errorf("smtp only:\n%s", r)
	}
	r = Check(ctx, Config{IMAP: imapAddr, User: testUser, Security: SecurityStartTLS, RootCAs: pool2}, testPassword)
	if !r.OK() || !strings.Contains(r.IMAP.Detail, "INBOX") {
		t.Errorf("imap only:\n%s", r)
	}
	r = Check(ctx, Config{SMTP: smtpAddr, IMAP: imapAddr, User: testUser, Security: SecurityStartTLS, RootCAs: pool2}, "bad-"+testPassword)
	if r.OK() || r.IMAP.OK || !IsKind(r.SMTP.Err, KindTLS) || !IsKind(r.IMAP.Err, KindAuth) {
		t.Errorf("both failing:\n%s", r)
	}
	noSecret(t, r.String())
	noSecret(t, errText(r.SMTP.Err)+errText(r.IMAP.Err))
	r = Check(ctx, Config{SMTP: "smtp.163.com:25", User: "a", Security: SecurityNone}, testPassword)
	if r.OK() || !IsKind(r.SMTP.Err, KindConfig) {
		t.Errorf("bad config:\n%s", r)
	}
}

// TestCancel: a server that never answers is left at the context's deadline, or at once
// when the context is cancelled, and no goroutine is left behind.
func TestCancel(t *testing.T) {
	addr := stallServer(t)
	before := runtime.NumGoroutine()
	for _, tc := range []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"smtp", func(ctx context.Context) error {
			return Send(ctx, Config{SMTP: addr, User: testUser, From: testUser, Security: SecurityNone}, testPassword, []byte("x"), "", []string{"a@b.cn"})
		}},
		{"imap", func(ctx context.Context) error {
			_, _, err := Fetch(ctx, Config{IMAP: addr, User: testUser, Security: SecurityNone}, testPassword, State{})
			return err
		}},
		{"imap tls", func(ctx context.Context) error {
			_, _, err := Fetch(ctx, Config{IMAP: addr, User: testUser, Security: SecurityTLS}, testPassword, State{})
			return err
		}},
		{"check", func(ctx context.Context) error {
			return Check(ctx, Config{SMTP: addr, IMAP: addr, User: testUser, Security: SecurityNone}, testPassword).IMAP.Err
		}},
	} {
		t.Run(tc.name+" deadline", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := tc.run(ctx)
			if !IsKind(err, KindTimeout) || time.Since(start) > 5*time.Second {
				t.Errorf("after %v: %v (kind %v)", time.Since(start), err, kindOf(err))
			}
			if !strings.Contains(errText(err), "超时") {
				t.Errorf("message %q", err)
			}
		})
		t.Run(tc.name+" cancel", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			err := tc.run(ctx)
			if !IsKind(err, KindCanceled) || time.Since(start) > 5*time.Second {
				t.Errorf("after %v: %v (kind %v)", time.Since(start), err, kindOf(err))
			}
		})
	}
	// Goroutines of the finished calls end (the in-process servers' own are counted in
	// before).
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
