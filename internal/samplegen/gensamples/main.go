// Command gensamples regenerates the bundled samples from the seed notice. Run it from the
// repository root:
//
//	go run ./internal/samplegen/gensamples
package main

import (
	"fmt"
	"os"
	"path/filepath"

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
	return nil
}
