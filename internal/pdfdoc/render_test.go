package pdfdoc

import (
	"os"
	"testing"
)

// TestRenderSample writes the sample document to $TAIZHANG_KEEP/typeset-sample.pdf for a person
// to look at (pdftoppm → PNG); it does nothing otherwise.
func TestRenderSample(t *testing.T) {
	dir := os.Getenv("TAIZHANG_KEEP")
	if dir == "" {
		t.Skip("set TAIZHANG_KEEP to a folder to keep the sample document")
	}
	f, err := os.Create(dir + "/typeset-sample.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := sample(t, embedded(t)).Output(f); err != nil {
		t.Fatal(err)
	}
}
