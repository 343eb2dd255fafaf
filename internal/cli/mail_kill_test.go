package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/mailbox"
	"taizhang/internal/mailnet"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// startChild runs the command line in a child process (the test binary as taizhang).
func startChild(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	child := exec.Command(os.Args[0], args...)
	child.Env = append(append(os.Environ(), "TAIZHANG_TEST_MAIN=1"), env...)
	var out bytes.Buffer
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	return child, &out
}

// waitFor polls the workspace's database until count (a SELECT count(*) …) passes min; false
// when the child ended first (done closed).
func waitFor(t *testing.T, db *sql.DB, query string, min int, done <-chan struct{}) bool {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var n int
		if db.QueryRow(query).Scan(&n) == nil && n >= min {
			return true
		}
		select {
		case <-done:
			return false
		default:
		}
	}
	return false
}

func killable(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	if _, err := os.Stat(os.Args[0]); err != nil {
		t.Skip("the test binary cannot be run again as a child")
	}
}

func openRO(t *testing.T, ws string) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(ws, store.DBName)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// kill -9 during `send templates`, three times at different points, then a last run: every
// unit holds at most one template mail; those without one are exactly those the tool says it
// cannot know about (killed while the server was answering) or has not sent, and nothing was
// sent twice.
func TestKillDuringSend(t *testing.T) {
	killable(t)
	s, users, m := mailStory(t, "smtp", "imap")
	m.SlowDown(150 * time.Millisecond)
	env := []string{post.PasswordEnv + "=" + passwordOf(users, officeAddr)}
	db := openRO(t, s.ws)
	args := []string{"send", "templates", "--period", "2022-07", "-w", s.ws, "--json"}
	for round, after := range []int{2, 7, 12} {
		child, out := startChild(t, env, args...)
		done := make(chan struct{}) // closed when the child has ended
		go func() { child.Wait(); close(done) }()
		// kill while a message is with the server: the row says "sending"
		if waitFor(t, db, fmt.Sprintf(`SELECT count(*) FROM mail_sent WHERE result = 'sending' AND id > %d`, after), 1, done) {
			child.Process.Kill()
		}
		<-done
		t.Logf("round %d killed; accepted so far %d\n%s", round+1, m.Accepted(), lastLine(out.String()))
	}
	child, out := startChild(t, env, args...)
	err := child.Wait()
	var v sendView
	if jerr := json.Unmarshal(out.Bytes(), &v); jerr != nil {
		t.Fatalf("last run (%v): %v\n%s", err, jerr, out)
	}
	unknown := map[string]bool{}
	for _, msg := range v.Messages {
		switch msg.Result {
		case post.ResultUnknown:
			unknown[msg.Unit] = true
		case post.ResultSent, post.ResultDone:
		default:
			t.Errorf("%s: %s %s", msg.Unit, msg.Result, msg.Detail)
		}
	}
	if len(unknown) == 0 {
		t.Error("no message was reported as not known: the kills never landed while the server was answering")
	}
	if len(unknown) > 0 && child.ProcessState.ExitCode() != ExitData {
		t.Errorf("messages not known, but %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	total := 0
	for _, u := range s.p.ReportingUnits() {
		addr := s.p.Unit(u).Email
		msgs, _, ferr := mailnet.Fetch(ctx, mailnet.Config{IMAP: m.IMAP, User: addr, Security: "none"}, passwordOf(users, addr), mailnet.State{})
		if ferr != nil {
			t.Fatal(ferr)
		}
		total += len(msgs)
		switch {
		case len(msgs) > 1:
			t.Errorf("%s received its template %d times", u, len(msgs))
		case len(msgs) == 0 && !unknown[u]:
			t.Errorf("%s received no template, and the tool says it was sent", u)
		}
	}
	if total != m.Accepted() {
		t.Errorf("%d messages in the mailboxes, the server accepted %d", total, m.Accepted())
	}
	t.Logf("%d units: %d received their template, %d not known (the office checks its sent folder)", len(s.p.ReportingUnits()), total, len(unknown))
}

// kill -9 during `fetch`, twice, then a last run: every message in the office's mailbox became
// exactly one record, each message saved once, nothing read twice, and a further fetch takes
// nothing.
func TestKillDuringFetch(t *testing.T) {
	killable(t)
	s, users, m := mailStory(t, "imap")
	// two returns from every unit: 40 messages
	n := 0
	for round := range 2 {
		s.now = time.Date(2022, 8, 1+round, 9, 0, 0, 0, time.Local) // the second return's texts differ
		for i, u := range s.p.ReportingUnits() {
			at := time.Date(2022, 8, 3, 9, i, round, 0, time.Local)
			m.Deliver(t, officeAddr, returnMail(t, s, u, fmt.Sprintf("1391234567%d", round), at, fmt.Sprint("第", round+1, "次")), at)
			n++
		}
	}
	env := []string{post.PasswordEnv + "=" + passwordOf(users, officeAddr)}
	db := openRO(t, s.ws)
	args := []string{"fetch", "--period", "2022-07", "-w", s.ws, "--json", "--no-receipts"}
	for round, query := range []string{`SELECT count(*) FROM mail_fetched`, `SELECT count(*) FROM intake`} {
		child, out := startChild(t, env, args...)
		done := make(chan struct{}) // closed when the child has ended
		go func() { child.Wait(); close(done) }()
		if waitFor(t, db, query, 1, done) {
			child.Process.Kill()
		}
		<-done
		t.Logf("round %d killed\n%s", round+1, lastLine(out.String()))
	}
	child, out := startChild(t, env, args...)
	if err := child.Wait(); err != nil {
		t.Fatalf("last run: %v\n%s", err, out)
	}
	child, out = startChild(t, env, args...)
	if err := child.Wait(); err != nil {
		t.Fatalf("fetch again: %v\n%s", err, out)
	}
	var v fetchView
	if err := json.Unmarshal(out.Bytes(), &v); err != nil || v.Fetched != 0 {
		t.Fatalf("fetch again took %d messages (%v)\n%s", v.Fetched, err, out)
	}
	var records, sources, fetched, collected, dup int
	db.QueryRow(`SELECT count(*), count(DISTINCT source) FROM intake`).Scan(&records, &sources)
	db.QueryRow(`SELECT count(*) FROM intake WHERE duplicate_of IS NOT NULL`).Scan(&dup)
	db.QueryRow(`SELECT count(*), sum(collected) FROM mail_fetched`).Scan(&fetched, &collected)
	if records != n || sources != n || dup != 0 || fetched != n || collected != n {
		t.Errorf("%d messages: %d records of %d sources (%d duplicates), %d fetched, %d collected", n, records, sources, dup, fetched, collected)
	}
	// fetched without receipts: send receipts writes them first, one for every return
	out2, errs2, code := s.cli("send", "receipts", "--period", "2022-07", "--drafts-only", "--json")
	var sv sendView
	if code != ExitOK || json.Unmarshal([]byte(out2), &sv) != nil || sv.Counts[post.ResultDraft] != n {
		t.Errorf("send receipts after fetch --no-receipts: exit %d %v\n%s", code, sv.Counts, errs2)
	}
	files, _ := filepath.Glob(filepath.Join(s.ws, post.FetchedDir, "INBOX", "*.eml"))
	if len(files) != n {
		t.Errorf("%d messages saved, want %d", len(files), n)
	}
	// and each saved message is the one in the mailbox
	for _, f := range files[:1] {
		data, _ := os.ReadFile(f)
		if msg, err := mailbox.ReadMessage(bytes.NewReader(data), mailbox.Limits{}); err != nil || !strings.Contains(msg.Subject, "7月进展") {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
