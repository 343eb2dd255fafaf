package mailtest

import (
	"bytes"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Memory is a mail system in the test's own process, for tests that need no real server:
// go-smtp's server, which delivers every message it accepts into its recipients' INBOX, and
// go-imap's imapserver over imapmemserver, which serves those INBOXes. Both listen on
// 127.0.0.1 without encryption (SecurityNone, which the tool accepts only on loopback) and
// want a login (AUTH PLAIN or LOGIN; IMAP LOGIN) of one of the users.
type Memory struct {
	SMTP  string // host:port
	IMAP  string // host:port
	Users []User

	mu       sync.Mutex
	boxes    map[string]*imapmemserver.User // by lower-case address
	pass     map[string]string
	accepted int
	refuse   map[string]bool
	delay    time.Duration
}

// SlowDown makes the SMTP server wait this long after each message's data before it accepts
// it: long enough for a test to stop a client in the middle of a run.
func (m *Memory) SlowDown(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.delay = d
}

// StartMemory starts the in-process servers with the users; they stop when the test ends.
func StartMemory(t testing.TB, users ...User) *Memory {
	t.Helper()
	m := &Memory{Users: users, boxes: map[string]*imapmemserver.User{}, pass: map[string]string{}, refuse: map[string]bool{}}
	mem := imapmemserver.New()
	for _, u := range users {
		box := imapmemserver.NewUser(u.Addr, u.Password)
		if err := box.Create("INBOX", nil); err != nil {
			t.Fatal(err)
		}
		mem.AddUser(box)
		m.boxes[strings.ToLower(u.Addr)] = box
		m.pass[strings.ToLower(u.Addr)] = u.Password
	}
	il, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	isrv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       quiet{},
	})
	go isrv.Serve(il)
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ssrv := smtp.NewServer(memBackend{m})
	ssrv.Domain = "localhost"
	ssrv.AllowInsecureAuth = true
	ssrv.ReadTimeout, ssrv.WriteTimeout = 30*time.Second, 30*time.Second
	ssrv.ErrorLog = quiet{}
	go ssrv.Serve(sl)
	t.Cleanup(func() {
		ssrv.Close()
		isrv.Close()
	})
	m.IMAP, m.SMTP = il.Addr().String(), sl.Addr().String()
	return m
}

// Accepted is how many messages the SMTP server has accepted.
func (m *Memory) Accepted() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.accepted
}

// Refuse makes the SMTP server refuse a recipient (550), or accept it again.
func (m *Memory) Refuse(addr string, refuse bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.refuse[strings.ToLower(addr)] = refuse
}

// Deliver puts a message into a user's INBOX, as if it had come from outside.
func (m *Memory) Deliver(t testing.TB, addr string, raw []byte, at time.Time) {
	t.Helper()
	if err := m.deliver(addr, raw, at); err != nil {
		t.Fatal(err)
	}
}

func (m *Memory) deliver(addr string, raw []byte, at time.Time) error {
	m.mu.Lock()
	box := m.boxes[strings.ToLower(addr)]
	m.mu.Unlock()
	if box == nil {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	_, err := box.Append("INBOX", literal{bytes.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{Time: at})
	return err
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}

type memBackend struct{ m *Memory }

func (b memBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &memSession{m: b.m}, nil }

type memSession struct {
	m     *Memory
	authd bool
	to    []string
}

func (s *memSession) AuthMechanisms() []string { return []string{sasl.Plain, sasl.Login} }

func (s *memSession) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		s.m.mu.Lock()
		want, ok := s.m.pass[strings.ToLower(user)]
		s.m.mu.Unlock()
		if !ok || want != pass {
			return smtp.ErrAuthFailed
		}
		s.authd = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return LoginServer(check), nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (s *memSession) Mail(string, *smtp.MailOptions) error {
	if !s.authd {
		return smtp.ErrAuthRequired
	}
	s.to = nil
	return nil
}

func (s *memSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.m.mu.Lock()
	refused := s.m.refuse[strings.ToLower(to)]
	_, known := s.m.boxes[strings.ToLower(to)]
	s.m.mu.Unlock()
	if refused || !known {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox not found"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *memSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.m.mu.Lock()
	delay := s.m.delay
	s.m.mu.Unlock()
	time.Sleep(delay)
	for _, to := range s.to {
		if err := s.m.deliver(to, raw, time.Now()); err != nil {
			return err
		}
	}
	s.m.mu.Lock()
	s.m.accepted++
	s.m.mu.Unlock()
	return nil
}

func (s *memSession) Reset()        { s.to = nil }
func (s *memSession) Logout() error { return nil }

// LoginServer is the server side of AUTH LOGIN (go-sasl has only the client): it asks for
// the user name and the password, either of which may come with the command, and checks them.
func LoginServer(check func(user, pass string) error) sasl.Server { return &loginServer{check: check} }

type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if resp != nil {
			l.user = string(resp)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(resp)
		l.step++
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(l.user, string(resp))
	}
}

// Recreate deletes a user's folder and makes it again, empty: its UIDVALIDITY changes, as when
// an office's mailbox is restored or migrated.
func (m *Memory) Recreate(t testing.TB, addr, folder string) {
	t.Helper()
	m.mu.Lock()
	box := m.boxes[strings.ToLower(addr)]
	m.mu.Unlock()
	if err := box.Delete(folder); err != nil {
		t.Fatal(err)
	}
	if err := box.Create(folder, nil); err != nil {
		t.Fatal(err)
	}
}
