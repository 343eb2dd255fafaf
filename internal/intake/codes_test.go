package intake

import (
	"os"
	"strings"
	"testing"
)

// The README lists every finding code with its meaning: the catalogue and the document agree.
func TestREADMEListsEveryCode(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, c := range Codes {
		if !strings.Contains(readme, "| `"+c.Code+"` |") || !strings.Contains(readme, c.Meaning) {
			t.Errorf("README does not list %s: %s", c.Code, c.Meaning)
		}
	}
}
