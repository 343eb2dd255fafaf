//go:build unix

package intake

import (
	"os"
	"syscall"
)

// openNoWait opens a file for reading without waiting: were it swapped for a named pipe after
// it was checked, opening it would otherwise wait for a writer forever.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
