package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// A full disk is told as such, with what was kept and what to do — whether SQLite says so
// (database or disk is full (13); disk I/O error (4874) when its -shm file cannot grow, as a
// workspace on a full disk is opened) or the system (ENOSPC) — in the line the user reads,
// once.
func TestDescribeDiskFull(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("prepare database: %w", errors.New("disk I/O error (4874)")),
		fmt.Errorf("insert record of 经发局.xlsx: %w", errors.New("database or disk is full (13)")),
		&fs.PathError{Op: "write", Path: "out/2022-07/.台账-2022-07.xlsx.tmp", Err: syscall.ENOSPC},
		usageErr("无法打开工作区 %s：%s", "ws", describe(fmt.Errorf("prepare database: %w", errors.New("disk I/O error (4874)")))),
	} {
		msg := describe(err)
		if !strings.Contains(msg, "磁盘空间不足") || !strings.Contains(msg, "已记录的报送不受影响") || !strings.Contains(msg, "腾出空间后重新运行") {
			t.Errorf("%v: %q", err, msg)
		}
		if strings.Count(msg, "磁盘空间不足") != 1 || strings.Contains(msg, "4874") {
			t.Errorf("%v: %q", err, msg)
		}
	}
	// what collect prints when its writes fail
	err := collectFailed(fmt.Errorf("insert record of 经发局.xlsx: %w", errors.New("database or disk is full (13)")))
	msg := describe(err)
	if !strings.HasPrefix(msg, "回收中断：磁盘空间不足") || strings.Count(msg, "不受影响") != 1 || exitCode(err) != ExitUsage {
		t.Errorf("collect: %q (exit %d)", msg, exitCode(err))
	}
	if msg := describe(errors.New("disk I/O error (10)")); strings.Contains(msg, "磁盘空间不足") {
		t.Errorf("another I/O error: %q", msg)
	}
}
