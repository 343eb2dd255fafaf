package finding

import (
	"os"
	"strings"
	"testing"
)

// The README lists every code of returns with its meaning: the catalogue and the document agree.
func TestREADMEListsEveryCode(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, c := range Codes(SubjectReturn) {
		if !strings.Contains(readme, "| `"+string(c.Code)+"` |") || !strings.Contains(readme, c.Meaning) {
			t.Errorf("README does not list %s: %s", c.Code, c.Meaning)
		}
	}
	// and lists no code of returns that the catalogue does not have
	for _, line := range strings.Split(readme, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		code := Code(strings.TrimSuffix(strings.TrimPrefix(strings.Fields(line)[1], "`"), "`"))
		if !code.Known() {
			t.Errorf("README lists %s, which no finding has", code)
		}
	}
}

// Each code is listed once, with a severity and a meaning.
func TestCatalogue(t *testing.T) {
	seen := map[Code]bool{}
	for _, c := range Catalogue {
		if seen[c.Code] {
			t.Errorf("%s listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Severity != Error && c.Severity != Warning {
			t.Errorf("%s: severity %q", c.Code, c.Severity)
		}
		if c.Meaning == "" || c.Subject == "" {
			t.Errorf("%s: no meaning or subject", c.Code)
		}
	}
	f := New(Duplicate, Finding{Cell: "A1"}, "与%s相同", "先前的文件")
	if f.Severity != Warning || f.Code != Duplicate || f.Message != "与先前的文件相同" || f.Cell != "A1" {
		t.Errorf("New: %+v", f)
	}
	if Code("no-such-code").Severity() != Error {
		t.Error("an unknown code is not an error")
	}
}
