package mailnet

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"taizhang/internal/mailtest"
)

// In-process servers on loopback for the tests: go-smtp's server with a recording backend,
// go-imap's imapserver over imapmemserver, and a scripted fake of a Coremail IMAP server.

const (
	testUser = "zgb@cbs.gov.cn"
	// testPassword is distinctive so that a test can look for it (and its base64 forms) in
	// every error and report.
	testPassword = "Sq7-授权码-XyZ9pw"
)

// testTLS makes a CA and a certificate for 127.0.0.1 and localhost signed by it: the server
// side's config and the pool a client must trust.
func testTLS(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "taizhang test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// smtpRecorder is a go-smtp backend that keeps what it was sent.
type smtpRecorder struct {
	mu       sync.Mutex
	mails    []recorded
	refuse   map[string]bool // recipients to refuse
	mechs    []string        // AUTH mechanisms offered; PLAIN and LOGIN when nil
	user     string
	password string
}

type recorded struct {
	from string
	to   []string
	data []byte
}

func (r *smtpRecorder) got() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.mails...)
}

type smtpSess struct {
	r     *smtpRecorder
	authd bool
	cur   recorded
}

func (r *smtpRecorder) NewSession(c *smtp.Conn) (smtp.Session, error) { return &smtpSess{r: r}, nil }

func (s *smtpSess) AuthMechanisms() []string {
	if s.r.mechs != nil {
		return s.r.mechs
	}
	return []string{sasl.Plain, sasl.Login}
}
func (s *smtpSess) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != s.r.user || pass != s.r.password {
			return smtp.ErrAuthFailed
		}
		s.authd = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return mailtest.LoginServer(check), nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *smtpSess) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authd {
		return smtp.ErrAuthRequired
	}
	s.cur = recorded{from: from}
	return nil
}

func (s *smtpSess) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.r.refuse[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox not found"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *smtpSess) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.r.mu.Lock()
	s.r.mails = append(s.r.mails, s.cur)
	s.r.mu.Unlock()
	return nil
}

func (s *smtpSess) Reset()        { s.cur = recorded{} }
func (s *smtpSess) Logout() error { return nil }

func startSMTP(t testing.TB, security string) (string, *smtpRecorder, *x509.CertPool) {
	t.Helper()
	rec := &smtpRecorder{user: testUser, password: testPassword, refuse: map[string]bool{}}
	srv := smtp.NewServer(rec)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = discardLogger{}
	var pool *x509.CertPool
	l := listen(t)
	switch security {
	case SecurityStartTLS:
		srv.TLSConfig, pool = testTLS(t)
	case SecurityTLS:
		var cfg *tls.Config
		cfg, pool = testTLS(t)
		l = tls.NewListener(l, cfg)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String(), rec, pool
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// startIMAP runs imapserver over an in-memory store with one user and an INBOX, speaking
// security, announcing caps.
func startIMAP(t testing.TB, security string, caps imap.CapSet) (string, *imapmemserver.User, *x509.CertPool) {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(testUser, testPassword)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	}
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       discardLogger{},
	}
	var pool *x509.CertPool
	l := listen(t)
	switch security {
	case SecurityStartTLS:
		opts.TLSConfig, pool = testTLS(t)
	case SecurityTLS:
		var cfg *tls.Config
		cfg, pool = testTLS(t)
		l = tls.NewListener(l, cfg)
	}
	srv := imapserver.New(opts)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String(), user, pool
}

// appendMsg stores raw in the user's folder.
func appendMsg(t testing.TB, u *imapmemserver.User, folder string, raw []byte) {
	t.Helper()
	if _, err := u.Append(folder, literal{bytes.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{Time: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

// fakeCoremail is a scripted IMAP server that behaves like imap.163.com: its greeting names
// Coremail, it announces ID and X-CM-EXT-1, and it refuses SELECT with "Unsafe Login" unless
// ID came after LOGIN. needID=false makes it refuse SELECT always (as it does for a web
// password); it records the commands it was sent.
type fakeCoremail struct {
	mu       sync.Mutex
	commands []string
	alwaysNo bool
}

func (f *fakeCoremail) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.commands...)
}

func startFakeCoremail(t testing.TB, alwaysNo bool) (string, *fakeCoremail) {
	t.Helper()
	f := &fakeCoremail{alwaysNo: alwaysNo}
	l := listen(t)
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); f.serve(c) }()
		}
	}()
	return l.Addr().String(), f
}

func (f *fakeCoremail) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	w := bufio.NewWriter(c)
	say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
	say("* OK Coremail System IMap Server Ready(163com[10774b260cc7a37d26d71b52404dcf5c])")
	r := bufio.NewReader(c)
	loggedIn, idAfterLogin := false, false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		// Literals ({n} or {n+}): read them into the line.
		for strings.HasSuffix(line, "}") {
			i := strings.LastIndexByte(line, '{')
			spec := strings.TrimSuffix(line[i+1:len(line)-1], "+")
			n, err := strconv.Atoi(spec)
			if i < 0 || err != nil || n > 4096 {
				break
			}
			if !strings.HasSuffix(line, "+}") {
				say("+ go ahead")
			}
			lit := make([]byte, n)
			if _, err := io.ReadFull(r, lit); err != nil {
				return
			}
			more, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = line[:i] + `"` + string(lit) + `"` + strings.TrimRight(more, "\r\n")
		}
		if testing.Verbose() {
			println("fake <", line)
		}
		tag, rest, _ := strings.Cut(line, " ")
		cmd, _, _ := strings.Cut(rest, " ")
		f.mu.Lock()
		f.commands = append(f.commands, strings.ToUpper(cmd))
		f.mu.Unlock()
		switch strings.ToUpper(cmd) {
		case "CAPABILITY":
			say("* CAPABILITY IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1")
			say(tag + " OK CAPABILITY completed")
		case "LOGIN":
			if !strings.Contains(rest, `"`+testPassword+`"`) && !strings.Contains(rest, " "+testPassword) {
				say(tag + " NO LOGIN Login error user suspended or password incorrect")
				continue
			}
			loggedIn = true
			say(tag + " OK LOGIN completed")
		case "ID":
			idAfterLogin = loggedIn
			say(`* ID ("name" "Coremail Imap" "vendor" "Coremail" "TransID" "abc")`)
			say(tag + " OK ID completed")
		case "SELECT":
			if !loggedIn || !idAfterLogin || f.alwaysNo {
				say(tag + " NO SELECT Unsafe Login. Please contact kefu@188.com for help")
				continue
			}
			say("* 0 EXISTS")
			say("* 0 RECENT")
			say("* OK [UIDVALIDITY 1700000001] UID validity status")
			say("* OK [UIDNEXT 1] Predicted next UID")
			say("* FLAGS (\\Answered \\Seen \\Deleted \\Draft \\Flagged)")
			say(tag + " OK [READ-WRITE] SELECT completed")
		case "LOGOUT":
			say("* BYE LOGOUT received")
			say(tag + " OK LOGOUT Completed")
			return
		default:
			say(tag + " BAD command not support")
		}
	}
}

// stallServer accepts connections and never says anything: for timeouts and cancellation.
func stallServer(t testing.TB) string {
	t.Helper()
	l := listen(t)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return l.Addr().String()
}

// noSecret fails when text contains the test password in any form it takes on the wire.
func noSecret(t testing.TB, text string) {
	t.Helper()
	for _, s := range newSecrets(testUser, testPassword) {
		if strings.Contains(text, s) {
			t.Errorf("the password (or a form of it, %q) is in %q", s, text)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(err.Error())
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		b.WriteString(" | " + e.Error())
	}
	return b.String()
}
