//go:build !windows

package store

import (
	"os"
	"syscall"
)

// tryLock takes an exclusive advisory lock on the open file without waiting; the kernel
// releases it when the process ends, even by a crash.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == syscall.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}
