package pipeline

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "taizhang/"

// layers is the order of the packages, from the bottom up: a package may import packages of
// earlier layers only. A package missing here fails the test, so a new one gets a place.
var layers = [][]string{
	{"internal/finding", "internal/period", "internal/deadline", "internal/atomicfile", "internal/mailbox",
		"internal/xlsx/scan", "internal/typeset/fonts", "internal/typeset/sfnt", "internal/docx", "internal/pipeline",
		"internal/compose", "internal/mailnet", "internal/seal", "internal/mailtest", "internal/mailtest/fixture", "templates", "samples"},
	{"internal/xlsx", "internal/typeset"},
	{"internal/plan"},
	{"internal/notice", "internal/decision"},
	{"internal/template"},
	{"internal/intake", "internal/fill"},
	{"internal/validate", "internal/store"},
	{"internal/collect", "internal/receipt", "internal/ledger", "internal/register"},
	{"internal/report", "internal/synth", "internal/review", "internal/post"},
	{"internal/samplegen"},
	{"internal/cli", "internal/template/genmaster", "internal/typeset/internal/sample"},
	{"cmd/taizhang", "internal/samplegen/gensamples", "internal/mailtest/fixture/genfixtures"},
}

// imports reads the non-test files' imports of every package of the module.
func imports(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, module) {
				out[pkg] = append(out[pkg], strings.TrimPrefix(p, module))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportOrder(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{}
	for i, layer := range layers {
		for _, p := range layer {
			if _, dup := rank[p]; dup {
				t.Errorf("%s is listed twice", p)
			}
			rank[p] = i
		}
	}
	pkgs := imports(t, root)
	for pkg, deps := range pkgs {
		r, ok := rank[pkg]
		if !ok {
			t.Errorf("%s has no place in the import order: add it to layers in %s", pkg, "internal/pipeline/pipeline_test.go")
			continue
		}
		for _, d := range deps {
			dr, ok := rank[d]
			switch {
			case !ok:
				t.Errorf("%s imports %s, which has no place in the import order", pkg, d)
			case dr >= r:
				t.Errorf("%s (layer %d) imports %s (layer %d): a package may import only earlier layers", pkg, r, d, dr)
			}
		}
	}
	for p := range rank {
		if _, ok := pkgs[p]; !ok {
			t.Errorf("%s is in the import order but is not a package", p)
		}
	}
}

// The rules the issue asked for, named: the stores of data and the ledger do not import the
// rule engine.
func TestStoreAndLedgerDoNotJudge(t *testing.T) {
	pkgs := imports(t, filepath.Join("..", ".."))
	for _, pkg := range []string{"internal/store", "internal/ledger", "internal/receipt"} {
		for _, d := range pkgs[pkg] {
			if d == "internal/validate" {
				t.Errorf("%s imports internal/validate", pkg)
			}
		}
	}
}
