// Command gensamples regenerates the bundled samples from the seed notice: the reviewed plan
// workbook and the two-month story of returns. Run it from the repository root:
//
//	go run ./internal/samplegen/gensamples
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"taizhang/internal/atomicfile"
	"taizhang/internal/plan"
	"taizhang/internal/samplegen"
	"taizhang/samples"
)

func main() {
	if err := run("samples"); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	p, err := samplegen.Plan()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, samples.PlanName)
	if err := plan.Save(p, path); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	files, err := samplegen.Story(p)
	if err != nil {
		return err
	}
	root := filepath.Join(dir, samples.ReturnsDir)
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	var index strings.Builder
	for _, f := range files {
		out := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(out, 0o644, f.Data); err != nil {
			return err
		}
		fmt.Fprintf(&index, "| `%s` | %s |\n", f.Path, f.Note)
	}
	fmt.Printf("wrote %d returns under %s\n", len(files), root)
	return atomicfile.WriteBytes(filepath.Join(root, "index.md"), 0o644, []byte("| 文件 | 说明 |\n|---|---|\n"+index.String()))
}
