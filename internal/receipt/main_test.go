package receipt_test

import (
	"os"
	"testing"
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
	code := m.Run()
	if ws != nil {
		ws.Close()
	}
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
