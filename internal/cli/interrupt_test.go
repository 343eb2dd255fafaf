package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"taizhang/internal/period"
	"taizhang/internal/store"
	"taizhang/internal/synth"
)

// Ctrl-C in the middle of a long collect: the command stops within two seconds with exit 130
// and one Chinese line, keeps every record it made (each with its original), and running the
// same command again records the rest and writes every receipt, nothing twice.
func TestInterruptCollect(t *testing.T) {
	if testing.Short() {
		t.Skip("makes 1,500 returns and interrupts a child process; skipped with -short")
	}
	if _, err := os.Stat(os.Args[0]); err != nil {
		t.Skip("the test binary cannot be run again as a child")
	}
	dir := t.TempDir()
	const units = 1500
	if _, err := synth.Make(context.Background(), synth.Options{Units: units, Measures: 20, Period: period.MustParse("2022-07"), Seed: 3, Out: dir}); err != nil {
		t.Fatal(err)
	}
	ws, inbox := filepath.Join(dir, "workspace"), filepath.Join(dir, "returns")

	child := exec.Command(os.Args[0], "collect", "-w", ws, "--period", "2022-07", inbox, "-q")
	child.Env = append(os.Environ(), "TAIZHANG_TEST_MAIN=1")
	var stdout, stderr bytes.Buffer
	child.Stdout, child.Stderr = &stdout, &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// interrupt once the child has recorded something, however busy the machine is: the
	// database can be read while the child writes it
	db, err := sql.Open("sqlite", "file:"+filepath.Join(ws, store.DBName)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var n int
		if db.QueryRow(`SELECT count(*) FROM intake`).Scan(&n) == nil && n > 0 {
			break
		}
	}
	sent := time.Now()
	if err := child.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = child.Wait()
	took := time.Since(sent)
	code := child.ProcessState.ExitCode()
	if code != ExitInterrupted {
		t.Fatalf("exit %d (%v), want %d: the run was not interrupted in the middle\n%s", code, err, ExitInterrupted, stderr.String())
	}
	if took > 2*time.Second {
		t.Errorf("stopped %v after the signal, want within 2 s", took)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "已中断：") || !strings.Contains(lines[0], "再次运行同一命令") {
		t.Errorf("stderr %q: want one line saying what was done and to run again", stderr.String())
	}

	w, err := store.Open(ws)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Verify(); err != nil {
		t.Fatalf("after the interrupt: %v", err)
	}
	recs, err := w.AllRecords()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || len(recs) > units {
		t.Fatalf("%d records after the interrupt", len(recs))
	}
	t.Logf("interrupted after %d of %d files, %v after the signal", len(recs), units, took)

	out, errs, code := runCLI(t, "collect", "-w", ws, "--period", "2022-07", inbox, "-q")
	if code != ExitOK && code != ExitData {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	w, err = store.Open(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Verify(); err != nil {
		t.Fatal(err)
	}
	recs, err = w.AllRecords()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != units {
		t.Fatalf("%d records after the second run, want %d (one per file)", len(recs), units)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Source] {
			t.Fatalf("%s recorded twice", r.Source)
		}
		seen[r.Source] = true
		if r.Receipt == "" {
			t.Fatalf("%s has no receipt after the second run", r.Source)
		}
		if _, err := os.Stat(r.Receipt); err != nil {
			t.Fatalf("receipt of %s: %v", r.Source, err)
		}
	}
	if !strings.Contains(out, "回收 1500 个文件") {
		t.Errorf("second run said:\n%s", out[max(0, len(out)-300):])
	}
}

// Killed (kill -9) while writing receipts: nothing is lost and nothing doubles. Running the
// same command again writes every missing receipt, under the same names (none twice, none as
// another unit's).
func TestKillDuringReceipts(t *testing.T) {
	if testing.Short() {
		t.Skip("makes 1,000 returns and kills a child process; skipped with -short")
	}
	if _, err := os.Stat(os.Args[0]); err != nil {
		t.Skip("the test binary cannot be run again as a child")
	}
	dir := t.TempDir()
	const units = 1000
	if _, err := synth.Make(context.Background(), synth.Options{Units: units, Measures: 10, Period: period.MustParse("2022-07"), Seed: 5, Out: dir}); err != nil {
		t.Fatal(err)
	}
	ws, inbox := filepath.Join(dir, "workspace"), filepath.Join(dir, "returns")
	receipts := filepath.Join(ws, "out", "receipts", "2022-07")
	child := exec.Command(os.Args[0], "collect", "-w", ws, "--period", "2022-07", inbox, "-q")
	child.Env = append(os.Environ(), "TAIZHANG_TEST_MAIN=1")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(receipts, "*.txt")); len(m) > 20 {
			killed = child.Process.Kill() == nil
			break
		}
	}
	child.Wait()
	if !killed || child.ProcessState.Success() {
		t.Skip("the child finished before it could be killed while writing receipts")
	}
	before, _ := filepath.Glob(filepath.Join(receipts, "*.xlsx"))
	if _, errs, code := runCLI(t, "collect", "-w", ws, "--period", "2022-07", inbox, "-q"); code != ExitOK && code != ExitData {
		t.Fatalf("second run: exit %d\n%s", code, errs)
	}
	w, err := store.Open(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	recs, err := w.AllRecords()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != units {
		t.Fatalf("%d records, want %d", len(recs), units)
	}
	files := map[string]int64{}
	for _, r := range recs {
		if r.Receipt == "" {
			t.Fatalf("%s has no receipt after the second run", r.Source)
		}
		if id, ok := files[r.Receipt]; ok {
			t.Fatalf("records %d and %d share the receipt %s", id, r.ID, filepath.Base(r.Receipt))
		}
		files[r.Receipt] = r.ID
		if _, err := os.Stat(r.Receipt); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := filepath.Glob(filepath.Join(receipts, "*.xlsx"))
	if len(after) != units {
		t.Errorf("%d receipt workbooks for %d records (%d before the second run)", len(after), units, len(before))
	}
	if leftovers, _ := filepath.Glob(filepath.Join(receipts, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("half-written files left after the second run: %v", leftovers)
	}
	t.Logf("killed with %d of %d receipts written", len(before), units)
}
