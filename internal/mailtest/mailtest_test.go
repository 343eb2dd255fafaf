package mailtest

import (
	"bufio"
	"crypto/tls"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestStart starts the servers, checks both speak, offer STARTTLS with a certificate the
// pool trusts, and that everything is gone after the stop.
func TestStart(t *testing.T) {
	s := Start(t, User{Addr: "a@cbs.test", Password: "pw"})
	for _, tc := range []struct {
		addr, greeting, starttls, ok string
	}{
		{s.SMTP, "220 ", "EHLO x\r\nSTARTTLS\r\n", "220 "},
		{s.IMAP, "* OK", "a STARTTLS\r\n", "a OK"},
	} {
		c, err := net.DialTimeout("tcp", tc.addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(c)
		line, _ := r.ReadString('\n')
		if !strings.HasPrefix(line, tc.greeting) {
			t.Fatalf("%s greets %q", tc.addr, line)
		}
		c.Write([]byte(tc.starttls))
		for {
			line, err = r.ReadString('\n')
			if err != nil || strings.HasPrefix(line, tc.ok) {
				break
			}
		}
		if err != nil {
			t.Fatalf("%s STARTTLS: %v", tc.addr, err)
		}
		tc := tls.Client(c, &tls.Config{ServerName: "127.0.0.1", RootCAs: s.RootCAs})
		if err := tc.Handshake(); err != nil {
			t.Errorf("TLS with the pool: %v", err)
		}
		tc.Close()
	}
	dir := s.Dir
	s.stop()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still there", dir)
	}
	for _, addr := range []string{s.SMTP, s.IMAP} {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still listening after stop", addr)
		}
	}
}

// TestStopLeftovers: a folder whose owner process is gone is removed (its servers, had it
// any, stopped); one whose owner still runs is kept.
func TestStopLeftovers(t *testing.T) {
	mk := func(owner string) string {
		dir, err := os.MkdirTemp("", dirPrefix)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		if err := os.WriteFile(dir+"/owner", []byte(owner), 0o644); err != nil {
			t.Fatal(err)
		}
		// A pid file that names a process that is not Dovecot must not get it killed.
		if err := os.WriteFile(dir+"/dovecot.pid", []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	gone := mk("999999999 1")
	mine := mk(processID(os.Getpid()))
	stopLeftovers()
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("leftover %s not removed", gone)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the running test's folder was removed: %v", err)
	}
}
