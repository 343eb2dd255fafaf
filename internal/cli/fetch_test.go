package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/mailnet"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// fetch follows the folder: what it took is never taken again, --move-to empties the inbox
// into another folder, and when the folder is re-created (a new UIDVALIDITY) the messages
// seen before are recognised and only the new one is collected.
func TestFetchFollowsTheFolder(t *testing.T) {
	s, users, m := mailStory(t, "imap")
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.Local)
	t.Setenv(post.PasswordEnv, passwordOf(users, officeAddr))
	message := func(unit string) []byte { return returnMail(t, s, unit, "", s.now, "1") }
	first := []string{"经发局", "商务局", "河长办"}
	msgs := map[string][]byte{}
	for _, u := range first {
		msgs[u] = message(u)
		m.Deliver(t, officeAddr, msgs[u], s.now)
	}
	fetch := func(args ...string) fetchView {
		t.Helper()
		out, errs, code := s.cli(append([]string{"fetch", "--period", "2022-07", "--json"}, args...)...)
		if code != ExitOK {
			t.Fatalf("fetch: exit %d\n%s%s", code, out, errs)
		}
		var v fetchView
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := fetch("--move-to", "已处理"); v.Fetched != 3 || v.Moved != 3 {
		t.Fatalf("first fetch: %d fetched, %d moved", v.Fetched, v.Moved)
	}
	ctx := context.Background()
	cfg := mailnet.Config{IMAP: m.IMAP, User: officeAddr, Security: "none"}
	if left, _, err := mailnet.Fetch(ctx, cfg, passwordOf(users, officeAddr), mailnet.State{}); err != nil || len(left) != 0 {
		t.Fatalf("the inbox after --move-to: %d messages, %v", len(left), err)
	}
	cfg.Folder = "已处理"
	if moved, _, err := mailnet.Fetch(ctx, cfg, passwordOf(users, officeAddr), mailnet.State{}); err != nil || len(moved) != 3 {
		t.Fatalf("已处理: %d messages, %v", len(moved), err)
	}
	// the inbox is restored from a backup: the same three again, and a new one
	m.Recreate(t, officeAddr, "INBOX")
	for _, u := range first {
		m.Deliver(t, officeAddr, msgs[u], s.now)
	}
	m.Deliver(t, officeAddr, message("池北区"), s.now)
	v := fetch()
	if v.Fetched != 1 || len(v.Collect.(map[string]any)["files"].([]any)) != 1 {
		t.Fatalf("after the folder was re-created: %d fetched\n%v", v.Fetched, v.Collect)
	}
	var status statusView
	out, _, _ := s.cli("status", "--period", "2022-07", "--json")
	if err := json.Unmarshal([]byte(out), &status); err != nil || status.Units.Reported != 4 {
		t.Fatalf("status: %d reported (%v)", status.Units.Reported, err)
	}
	if v := fetch(); v.Fetched != 0 {
		t.Fatalf("fetch again: %d", v.Fetched)
	}
}

// A message saved by fetch but not yet collected (the run was stopped) whose file the office
// then removed from the workspace is taken again from the mailbox; when the mailbox no longer
// has it either, the office is told once, with when it was received.
func TestFetchRestoresARemovedFile(t *testing.T) {
	s, users, m := mailStory(t, "imap")
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.Local)
	t.Setenv(post.PasswordEnv, passwordOf(users, officeAddr))
	for _, u := range []string{"经发局", "商务局", "河长办"} {
		m.Deliver(t, officeAddr, returnMail(t, s, u, "", s.now, "1"), s.now)
	}
	if out, errs, code := s.cli("fetch", "--period", "2022-07", "--no-receipts"); code != ExitOK {
		t.Fatalf("fetch: %d\n%s%s", code, out, errs)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(s.ws, store.DBName)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	unsave := func(uid int) {
		t.Helper()
		var file string
		if err := db.QueryRow(`SELECT file FROM mail_fetched WHERE uid = ?`, uid).Scan(&file); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE mail_fetched SET collected = 0 WHERE uid = ?`, uid); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(s.ws, file)); err != nil {
			t.Fatal(err)
		}
	}
	records := func() int {
		var n int
		db.QueryRow(`SELECT count(*) FROM intake`).Scan(&n)
		return n
	}
	// as if a run had been stopped after saving message 2, and its file then removed
	unsave(2)
	out, errs, code := s.cli("fetch", "--period", "2022-07", "--no-receipts")
	if code != ExitOK || records() != 3 || strings.Contains(out, "无法回收") {
		t.Fatalf("fetch with a removed file: exit %d, %d records\n%s%s", code, records(), out, errs)
	}
	var collected int
	db.QueryRow(`SELECT count(*) FROM mail_fetched WHERE collected = 1`).Scan(&collected)
	if collected != 3 {
		t.Errorf("%d of 3 messages collected", collected)
	}
	// and when the mailbox no longer has it either
	unsave(3)
	m.Recreate(t, officeAddr, "INBOX")
	out, _, code = s.cli("fetch", "--period", "2022-07", "--no-receipts")
	if code != ExitData || strings.Count(out, "无法回收") != 1 {
		t.Fatalf("fetch of a lost message: exit %d\n%s", code, out)
	}
	if out, _, code := s.cli("fetch", "--period", "2022-07", "--no-receipts"); code != ExitOK || strings.Contains(out, "无法回收") {
		t.Fatalf("the lost message told again: exit %d\n%s", code, out)
	}
}
