package receipt_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/internal/intake"
)

// A returned unit's receipt, written by the light writer, opens in LibreOffice and prints:
// its conclusion, the unit and the marked copy of what it sent are on the pages.
func TestReceiptInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: the rendering check is skipped")
	}
	if testing.Short() {
		t.Skip("LibreOffice is slow; skipped with -short")
	}
	w, p := demo(t)
	r := record(t, w, intake.Rejected, true)
	data, _ := build(t, w, p, r)
	dir := t.TempDir()
	path := filepath.Join(dir, "回执.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "回执.pdf")
	if st, err := os.Stat(pdf); err != nil || st.Size() < 5000 {
		t.Fatalf("no PDF: %v", err)
	}
	if keep := os.Getenv("TAIZHANG_KEEP"); keep != "" {
		os.Rename(pdf, filepath.Join(keep, "回执.pdf"))
		return
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (poppler) is not installed: the printed text is not checked")
		return
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{r.Unit, "退回修改", "报送内容"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed receipt lacks %q", want)
		}
	}
}
