package ledger_test

import (
	"bytes"
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/samplegen"
)

// The child of TestKilledLedgerWrite: write the August ledger over and over.
func TestLedgerWriterChild(t *testing.T) {
	dir := os.Getenv("TAIZHANG_LEDGER_WS")
	if dir == "" {
		t.Skip("only run as the child of TestKilledLedgerWrite")
	}
	w, p, err := openSample(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	l, err := ledger.Build(p, w, period.MustParse("2022-08"), period.MustParse("2022-08").Last())
	if err != nil {
		t.Fatal(err)
	}
	for {
		if err := l.Save(context.Background(), os.Getenv("TAIZHANG_LEDGER_OUT")); err != nil {
			t.Fatal(err)
		}
	}
}

// Killing the ledger writer at random points leaves the old ledger or the new one, never a
// half-written file, and no temporary file once a write succeeds again.
func TestKilledLedgerWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	base := t.TempDir()
	w, _, err := samplegen.Workspace(filepath.Join(base, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	out := filepath.Join(base, "out", "台账.xlsx")
	os.MkdirAll(filepath.Dir(out), 0o755)
	rng := rand.New(rand.NewSource(3))
	for k := 0; k < 6; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLedgerWriterChild$")
		cmd.Env = append(os.Environ(), "TAIZHANG_LEDGER_WS="+filepath.Join(base, "ws"), "TAIZHANG_LEDGER_OUT="+out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(300+rng.Intn(900)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		data, err := os.ReadFile(out)
		if os.IsNotExist(err) {
			continue // killed before the first write finished: no file, which is fine
		}
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("after kill %d the ledger is broken: %v", k, err)
		}
		if rows, err := f.GetRows(ledger.SheetMain); err != nil || len(rows) != 3+115 {
			t.Fatalf("after kill %d: %d rows, %v", k, len(rows), err)
		}
		f.Close()
	}
	// the next successful write sweeps temporary files the kills left
	w, p, err := openSample(filepath.Join(base, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	l, _ := ledger.Build(p, w, period.MustParse("2022-08"), period.MustParse("2022-08").Last())
	if err := l.Save(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
	for _, f := range left {
		if strings.HasSuffix(f, ".tmp") {
			t.Errorf("temporary file left: %s", f)
		}
	}
}
