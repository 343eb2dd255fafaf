package receipt_test

import (
	"os"
	"testing"
	"time"
)

var dirs []string

func tempDir() (string, error) {
	d, err := os.MkdirTemp("", "taizhang-receipt-")
	if err == nil {
		dirs = append(dirs, d)
	}
	return d, err
}

func TestMain(m *testing.M) {
	// the golden receipts show times in the office's zone; the tests fix it
	time.Local = time.UTC
	code := m.Run()
	if ws != nil {
		ws.Close()
	}
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
