//go:build !unix

package intake

import "os"

// openNoWait opens a file for reading; this system has no non-blocking open, and the file was
// checked to be a regular one just before.
func openNoWait(path string) (*os.File, error) {
	return os.Open(path)
}
