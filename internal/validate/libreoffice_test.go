package validate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"taizhang/internal/intake"
	"taizhang/internal/validate"
)

// A return saved by another spreadsheet program (LibreOffice Calc) is read the same: the
// package is rewritten, the very hidden sheet becomes merely hidden, dates get other formats.
func TestReturnSavedByLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the other-writer check is skipped")
	}
	if testing.Short() {
		t.Skip("LibreOffice is slow; skipped with -short")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "经发局.xlsx")
	os.MkdirAll(filepath.Dir(in), 0o755)
	os.WriteFile(in, build(t, "经发局", nil), 0o644)
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, "经发局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	r := validate.Check(&intake.Input{Path: "经发局.xlsx", Data: data}, context(t))
	if r.Verdict != intake.Accepted || len(r.Findings) != 0 || r.Unit != "经发局" {
		t.Fatalf("verdict %s unit %s findings %v", r.Verdict, r.Unit, r.Findings)
	}
	done := 0
	for _, e := range r.Entries {
		if e.DoneDate != "" {
			done++
		}
	}
	if done == 0 {
		t.Error("no completion date read back")
	}
}
