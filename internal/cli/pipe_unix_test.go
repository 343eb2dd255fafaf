//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe given to validate or collect (or a link to one in the inbox) does not block
// the command, which holds the workspace lock: it is an unreadable input, and the next
// command can open the workspace.
func TestCollectNamedPipe(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	if _, errs, code := runCLI(t, "init", "-w", ws, "--plan", "../../samples/任务清单.xlsx"); code != 0 {
		t.Fatal(errs)
	}
	fifo := filepath.Join(dir, "经发局.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	inbox := filepath.Join(dir, "inbox")
	os.Mkdir(inbox, 0o755)
	os.Symlink(fifo, filepath.Join(inbox, "link.xlsx"))
	for _, args := range [][]string{
		{"validate", "-w", ws, "--period", "2022-07", fifo},
		{"collect", "-w", ws, "--period", "2022-07", fifo, inbox},
	} {
		type result struct {
			out  string
			code int
		}
		done := make(chan result, 1)
		go func() {
			out, _, code := runCLI(t, args...)
			done <- result{out, code}
		}()
		select {
		case r := <-done:
			if r.code != ExitData || !strings.Contains(r.out, "无法读取") {
				t.Errorf("%s: exit %d\n%s", args[0], r.code, r.out)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s of a named pipe still runs after 30 s", args[0])
		}
	}
	if _, errs, code := runCLI(t, "status", "-w", ws, "--period", "2022-07"); code != 0 {
		t.Errorf("the workspace is still locked: %d %s", code, errs)
	}
}
