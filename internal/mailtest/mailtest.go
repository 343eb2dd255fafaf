// Package mailtest runs real mail servers for end-to-end tests: Dovecot (IMAP, and LMTP for
// delivery, and SASL for Postfix) and Postfix (SMTP submission) on 127.0.0.1, on free ports,
// with throw-away users, everything in one temporary folder: private configuration
// (dovecot -c, postfix -c), queue, data, logs and Maildirs. The system's own configuration
// and services are neither read nor touched.
//
// Postfix accepts mail only from logged-in clients (AUTH PLAIN or LOGIN, checked by
// Dovecot, STARTTLS offered with a certificate made at start; plain-text login is allowed,
// this being loopback) and hands it to Dovecot over LMTP, which stores it in the user's
// Maildir, where IMAP (STARTTLS offered too) reads it.
//
// Start skips the test (t.Skip, saying what is missing) when the machine cannot run them:
// not Linux, not root (Postfix's master needs root), the binaries or their system users
// missing (Debian: dovecot-imapd, dovecot-lmtpd, postfix), a Dovecot other than 2.3, or a
// failure to start. With TAIZHANG_REQUIRE_MAILSERVERS=1 in the environment it fails the
// test instead, so that CI that installed the servers cannot pass by skipping;
// TAIZHANG_NO_MAILSERVERS=1 skips without trying.
//
// Servers are stopped when the test ends; servers left by a test binary that was killed
// are stopped by the next Start.
//
// Only tests import this package.
package mailtest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// User is a mailbox on the test servers.
type User struct {
	Addr     string // e.g. "zgb@cbs.test"; the login too
	Password string
}

// Servers are a running Dovecot and Postfix.
type Servers struct {
	Dir     string         // the temporary folder everything is in
	SMTP    string         // Postfix: host:port; STARTTLS, AUTH PLAIN/LOGIN
	IMAP    string         // Dovecot: host:port; STARTTLS
	RootCAs *x509.CertPool // trusts the certificate both servers present (for 127.0.0.1)
	Users   []User

	procs []*exec.Cmd
	pfDir string
}

// Environment variables read by Start.
const (
	EnvRequire = "TAIZHANG_REQUIRE_MAILSERVERS" // "1": fail instead of skipping
	EnvSkip    = "TAIZHANG_NO_MAILSERVERS"      // "1": skip without trying
)

const dirPrefix = "taizhang-mailtest-"

// Binaries Start needs.
var (
	dovecotBin = "/usr/sbin/dovecot"
	postfixBin = "/usr/sbin/postfix"
	needFiles  = []string{dovecotBin, postfixBin, "/usr/lib/dovecot/imap", "/usr/lib/dovecot/imap-login",
		"/usr/lib/dovecot/lmtp", "/usr/lib/dovecot/auth", "/usr/lib/postfix/sbin/master", "/usr/lib/postfix/sbin/smtpd",
		"/usr/lib/postfix/sbin/lmtp"}
)

const install = "apt-get install dovecot-imapd dovecot-lmtpd postfix (postfix: \"No configuration\")"

// Start runs Dovecot and Postfix with the users (at least one; all in domains the servers
// then accept) and stops them when t ends. See the package doc for when it skips.
func Start(t testing.TB, users ...User) *Servers {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := "real mail servers not available: " + fmt.Sprintf(format, args...)
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%s (%s=1)", msg, EnvRequire)
		}
		t.Skip(msg)
	}
	if os.Getenv(EnvSkip) == "1" {
		t.Skipf("real mail servers not wanted: %s=1", EnvSkip) // asked for: wins over EnvRequire
	}
	if err := prerequisites(); err != nil {
		unavailable("%v", err)
	}
	if len(users) == 0 {
		t.Fatal("mailtest.Start: no users")
	}
	stopLeftovers()
	var lastErr error
	for range 3 { // a free port may be taken by someone else before the server binds it
		s, err := start(users)
		if err == nil {
			t.Cleanup(s.stop)
			return s
		}
		lastErr = err
	}
	unavailable("%v", lastErr)
	return nil
}

func prerequisites() error {
	if runtime.GOOS != "linux" {
		return errors.New("the harness runs on Linux only")
	}
	if os.Geteuid() != 0 {
		return errors.New("Postfix needs root to start its master process; run the tests as root")
	}
	var missing []string
	for _, f := range needFiles {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s: %s", strings.Join(missing, ", "), install)
	}
	for _, u := range []string{"dovecot", "dovenull", "postfix", "nobody"} {
		if _, err := user.Lookup(u); err != nil {
			return fmt.Errorf("system user %q missing: reinstall the packages (%s)", u, install)
		}
	}
	if _, err := user.LookupGroup("postdrop"); err != nil {
		return fmt.Errorf("group postdrop missing: reinstall postfix")
	}
	out, err := exec.Command(dovecotBin, "--version").Output()
	if err != nil {
		return fmt.Errorf("%s --version: %v", dovecotBin, err)
	}
	if !bytes.HasPrefix(out, []byte("2.3.")) {
		return fmt.Errorf("Dovecot %s: the harness writes Dovecot 2.3 configuration", bytes.TrimSpace(out))
	}
	return nil
}

func start(users []User) (s *Servers, err error) {
	dir, err := os.MkdirTemp("", dirPrefix)
	if err != nil {
		return nil, err
	}
	s = &Servers{Dir: dir, Users: users}
	defer func() {
		if err != nil {
			logs := s.logs()
			s.stop()
			err = fmt.Errorf("%w\n%s", err, logs)
		}
	}()
	// The mail processes run as other users: they must get through the folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		return s, err
	}
	// Who owns the folder, for stopLeftovers: this process, and when it started.
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(processID(os.Getpid())), 0o644); err != nil {
		return s, err
	}
	ports, err := freePorts(4)
	if err != nil {
		return s, err
	}
	imapPort, lmtpPort, authPort, smtpPort := ports[0], ports[1], ports[2], ports[3]
	s.IMAP = "127.0.0.1:" + strconv.Itoa(imapPort)
	s.SMTP = "127.0.0.1:" + strconv.Itoa(smtpPort)
	if s.RootCAs, err = writeCert(dir); err != nil {
		return s, err
	}
	if err := s.startDovecot(imapPort, lmtpPort, authPort); err != nil {
		return s, fmt.Errorf("dovecot: %w", err)
	}
	if err := s.startPostfix(smtpPort, lmtpPort, authPort); err != nil {
		return s, fmt.Errorf("postfix: %w", err)
	}
	return s, nil
}

// freePorts finds n free TCP ports on 127.0.0.1 (by listening on port 0 and letting go).
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// writeCert makes a CA and a certificate for 127.0.0.1/localhost signed by it, writes the
// certificate and key for the servers, and returns a pool that trusts the CA.
func writeCert(dir string) (*x509.CertPool, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "taizhang mailtest CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(7 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(7 * 24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), chain, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return pool, nil
}

func (s *Servers) startDovecot(imapPort, lmtpPort, authPort int) error {
	dc := filepath.Join(s.Dir, "dovecot")
	mail := filepath.Join(s.Dir, "mail")
	for _, d := range []string{dc, filepath.Join(dc, "run"), filepath.Join(dc, "state"), mail} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	uid, gid, err := mailOwner()
	if err != nil {
		return err
	}
	if err := os.Chown(mail, uid, gid); err != nil {
		return err
	}
	var passwd strings.Builder
	for _, u := range s.Users {
		if strings.ContainsAny(u.Addr+u.Password, ":\n") {
			return fmt.Errorf("user %q: no ':' or newline in addresses and passwords", u.Addr)
		}
		fmt.Fprintf(&passwd, "%s:{PLAIN}%s\n", u.Addr, u.Password)
	}
	if err := os.WriteFile(filepath.Join(dc, "passwd"), []byte(passwd.String()), 0o644); err != nil {
		return err
	}
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	conf := fmt.Sprintf(dovecotConf, "", hex.EncodeToString(suffix[:]), s.Dir, imapPort, lmtpPort, authPort, uid, gid, s.domains()[0])
	if err := os.WriteFile(filepath.Join(dc, "dovecot.conf"), []byte(conf), 0o644); err != nil {
		return err
	}
	out, err := os.Create(filepath.Join(dc, "stdout.log"))
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(dovecotBin, "-F", "-c", filepath.Join(dc, "dovecot.conf"))
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.procs = append(s.procs, cmd)
	if err := os.WriteFile(filepath.Join(s.Dir, "dovecot.pid"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644); err != nil {
		return err
	}
	for _, p := range []int{imapPort, lmtpPort, authPort} {
		if err := waitGreeting(cmd, p, ""); err != nil {
			return err
		}
	}
	return waitGreeting(cmd, imapPort, "* OK")
}

// dovecotConf is Dovecot 2.3 configuration. Arguments: a note for the first line, instance suffix, folder,
// IMAP, LMTP and auth ports, mail uid and gid, the postmaster's domain.
const dovecotConf = `# written by taizhang/internal/mailtest%[1]s
instance_name = taizhang-%[2]s
base_dir = %[3]s/dovecot/run
state_dir = %[3]s/dovecot/state
log_path = %[3]s/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[3]s/cert.pem
ssl_key = <%[3]s/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
postmaster_address = postmaster@%[9]s
mail_location = maildir:%[3]s/mail/%%u
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[3]s/dovecot/passwd
}
userdb {
  driver = static
  args = uid=%[7]d gid=%[8]d home=%[3]s/mail/%%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[4]d
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = %[5]d
  }
}
# The tests log in with wrong passwords on purpose: no growing delay after failures (the
# auth penalty is off when the auth process cannot reach anvil's socket for it).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = %[6]d
  }
}
`

// mailOwner is the uid and gid mail is stored as: nobody's.
func mailOwner() (int, int, error) {
	u, err := user.Lookup("nobody")
	if err != nil {
		return 0, 0, err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return uid, gid, nil
}

func (s *Servers) domains() []string {
	var ds []string
	seen := map[string]bool{}
	for _, u := range s.Users {
		_, d, _ := strings.Cut(u.Addr, "@")
		if d != "" && !seen[d] {
			seen[d] = true
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		ds = []string{"localhost.test"}
	}
	return ds
}

func (s *Servers) startPostfix(smtpPort, lmtpPort, authPort int) error {
	conf := filepath.Join(s.Dir, "postfix")
	queue := filepath.Join(s.Dir, "postfix-queue")
	data := filepath.Join(s.Dir, "postfix-data")
	for _, d := range []string{conf, queue, data} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	pf, err := user.Lookup("postfix")
	if err != nil {
		return err
	}
	pfUID, _ := strconv.Atoi(pf.Uid)
	pfGID, _ := strconv.Atoi(pf.Gid)
	if err := os.Chown(data, pfUID, pfGID); err != nil {
		return err
	}
	var vmailbox strings.Builder
	for _, u := range s.Users {
		fmt.Fprintf(&vmailbox, "%s ok\n", u.Addr)
	}
	files := map[string]string{
		"main.cf":   fmt.Sprintf(postfixMain, s.Dir, lmtpPort, authPort, strings.Join(s.domains(), ", ")),
		"master.cf": fmt.Sprintf(postfixMaster, smtpPort),
		"vmailbox":  vmailbox.String(),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(conf, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	s.pfDir = conf
	out, err := os.Create(filepath.Join(s.Dir, "postfix.log"))
	if err != nil {
		return err
	}
	defer out.Close()
	cmd := exec.Command(postfixBin, "-c", conf, "start-fg")
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.procs = append(s.procs, cmd)
	return waitGreeting(cmd, smtpPort, "220 ")
}

// postfixMain is main.cf. Arguments: folder, Dovecot's LMTP and auth ports, the domains.
const postfixMain = `# written by taizhang/internal/mailtest
compatibility_level = 3.6
queue_directory = %[1]s/postfix-queue
data_directory = %[1]s/postfix-data
mail_owner = postfix
setgid_group = postdrop
myhostname = mailtest.localhost
mydomain = localhost
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = %[4]s
virtual_mailbox_maps = texthash:%[1]s/postfix/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:%[2]d
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:%[3]d
smtpd_tls_cert_file = %[1]s/cert.pem
smtpd_tls_key_file = %[1]s/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtputf8_enable = no
biff = no
maillog_file = /dev/stdout
message_size_limit = 52428800
smtpd_error_sleep_time = 0s
`

// postfixMaster is master.cf: the SMTP listener on the given port, the daemons delivery
// needs, none chrooted.
const postfixMaster = `# written by taizhang/internal/mailtest
127.0.0.1:%d inet n - n - - smtpd
cleanup   unix  n - n - 0    cleanup
qmgr      unix  n - n 300 1  qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - -    trivial-rewrite
bounce    unix  - - n - 0    bounce
defer     unix  - - n - 0    bounce
trace     unix  - - n - 0    bounce
verify    unix  - - n - 1    verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - -    proxymap
smtp      unix  - - n - -    smtp
relay     unix  - - n - -    smtp
showq     unix  n - n - -    showq
error     unix  - - n - -    error
retry     unix  - - n - -    error
discard   unix  - - n - -    discard
lmtp      unix  - - n - -    lmtp
anvil     unix  - - n - 1    anvil
scache    unix  - - n - 1    scache
postlog   unix-dgram n - n - 1 postlogd
`

// waitGreeting waits until 127.0.0.1:port accepts connections and, when prefix is set,
// greets with it; it gives up after 20 s or when cmd has exited.
func waitGreeting(cmd *exec.Cmd, port int, prefix string) error {
	addr := "127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(20 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		if cmd.ProcessState != nil || !alive(cmd.Process.Pid) {
			return fmt.Errorf("exited before listening on %s", addr)
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			if prefix == "" {
				c.Close()
				return nil
			}
			c.SetDeadline(time.Now().Add(5 * time.Second))
			line, err := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, prefix) {
				return nil
			}
			last = fmt.Errorf("greeting %q: %v", line, err)
		} else {
			last = err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("not listening on %s after 20 s: %v", addr, last)
}

// alive reports whether pid is a running process (not a zombie).
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) {
		return b[i+2] != 'Z' && b[i+2] != 'X'
	}
	return true
}

// processID names a process by pid and start time, so that a reused pid is not mistaken
// for it.
func processID(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return strconv.Itoa(pid)
	}
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(fields) > 19 {
		return strconv.Itoa(pid) + " " + fields[19] // starttime
	}
	return strconv.Itoa(pid)
}

// logs gathers the servers' logs, for a failure message.
func (s *Servers) logs() string {
	var b strings.Builder
	for _, f := range []string{"dovecot/stdout.log", "dovecot/dovecot.log", "postfix.log"} {
		data, err := os.ReadFile(filepath.Join(s.Dir, f))
		if err != nil || len(data) == 0 {
			continue
		}
		if len(data) > 4000 {
			data = data[len(data)-4000:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", f, data)
	}
	return b.String()
}

// Logs returns the end of the servers' logs, to print when a test fails.
func (s *Servers) Logs() string { return s.logs() }

// stop stops Postfix and Dovecot, kills what is left of them and removes the folder.
func (s *Servers) stop() {
	if s.pfDir != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		_ = exec.CommandContext(ctx, postfixBin, "-c", s.pfDir, "stop").Run()
		cancel()
	}
	// Postfix's master runs in a session of its own: kill its group by the pid file.
	killGroupFromPidFile(filepath.Join(s.Dir, "postfix-queue", "pid", "master.pid"), "/usr/lib/postfix/sbin/master")
	for i := len(s.procs) - 1; i >= 0; i-- {
		p := s.procs[i]
		_ = syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
			<-done
		}
		_ = syscall.Kill(-p.Process.Pid, syscall.SIGKILL) // children that outlived it
	}
	s.procs = nil
	_ = os.RemoveAll(s.Dir)
}

// killGroupFromPidFile kills the process group of the pid in file when that process is exe.
func killGroupFromPidFile(file, exe string) {
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return
	}
	if target, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe"); err != nil || target != exe {
		return
	}
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	for range 50 {
		if !alive(pid) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}

// stopLeftovers stops the servers of earlier runs whose test binary is gone (killed before
// its cleanup ran) and removes their folders.
func stopLeftovers() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, dir := range dirs {
		owner, err := os.ReadFile(filepath.Join(dir, "owner"))
		if err != nil {
			continue // being set up, or not ours
		}
		fields := strings.Fields(string(owner))
		if len(fields) == 0 {
			continue
		}
		pid, err := strconv.Atoi(fields[0])
		if err == nil && alive(pid) && processID(pid) == strings.TrimSpace(string(owner)) {
			continue // its test is still running
		}
		killGroupFromPidFile(filepath.Join(dir, "postfix-queue", "pid", "master.pid"), "/usr/lib/postfix/sbin/master")
		killGroupFromPidFile(filepath.Join(dir, "dovecot.pid"), dovecotBin)
		_ = os.RemoveAll(dir)
	}
}

// Delivered waits until the Maildir of addr holds at least n messages (Postfix delivers a
// moment after it accepted), up to the context's end.
func (s *Servers) Delivered(ctx context.Context, addr string, n int) error {
	for {
		count := 0
		for _, sub := range []string{"new", "cur"} {
			entries, _ := os.ReadDir(filepath.Join(s.Dir, "mail", addr, sub))
			count += len(entries)
		}
		if count >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s has %d messages, want %d: %w", addr, count, n, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
