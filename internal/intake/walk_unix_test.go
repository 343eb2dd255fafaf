//go:build unix

package intake

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"taizhang/internal/finding"
)

// A named pipe given directly, or reached through a link in a folder, is never opened for
// reading (which blocks until someone writes): it is an unreadable input, at once.
func TestNamedPipes(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "经发局.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "link.xlsx")); err != nil {
		t.Skip("no symlinks here")
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	if err := syscall.Mkfifo(filepath.Join(sub, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("pipe", filepath.Join(sub, "mail.eml"))
	os.Symlink("pipe", filepath.Join(sub, "box.mbox"))
	os.WriteFile(filepath.Join(sub, "ok.xlsx"), []byte("x"), 0o644)
	for _, paths := range [][]string{{fifo}, {filepath.Join(dir, "link.xlsx")}, {dir}, {sub}} {
		var ins []Input
		within(t, 10*time.Second, fmt.Sprint(paths), func() { ins = collectInputs(t, paths...) })
		bad := 0
		for _, in := range ins {
			if filepath.Base(in.Path) == "ok.xlsx" {
				if in.Problem != nil {
					t.Errorf("%s: %v", in.Path, in.Problem)
				}
				continue
			}
			bad++
			if in.Problem == nil || in.Problem.Code != finding.Unreadable || !strings.Contains(in.Problem.Message, "不是普通文件") {
				t.Errorf("%v: %s: %+v", paths, in.Path, in.Problem)
			}
		}
		if bad == 0 {
			t.Errorf("%v: the pipe is not among the inputs %v", paths, ins)
		}
	}
}
