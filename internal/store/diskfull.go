package store

import (
	"errors"
	"strings"
	"syscall"

	"modernc.org/sqlite"
)

// SQLite's result codes that mean the disk is full: SQLITE_FULL, and SQLITE_IOERR_SHMSIZE,
// which it gives when its -shm file cannot grow (measured: opening a workspace on a full disk
// fails with "disk I/O error (4874)").
const (
	sqliteFull       = 13
	sqliteIOErrShmSz = 10 | 19<<8 // 4874
)

// diskFullTexts are how a full disk reads once an error was wrapped as text: SQLite's messages,
// Unix's ENOSPC and Windows' ERROR_DISK_FULL.
var diskFullTexts = []string{"database or disk is full", "disk I/O error (4874)", "no space left on device", "not enough space on the disk"}

// DiskFull reports whether err says the disk is full, from SQLite or from the system. Nothing
// recorded before is lost then: every write of the database is one transaction, and every
// output file is written whole or not at all.
func DiskFull(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqliteFull || se.Code() == sqliteIOErrShmSz) {
		return true
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := err.Error()
	for _, s := range diskFullTexts {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
