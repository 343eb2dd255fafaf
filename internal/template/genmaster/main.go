// Command genmaster writes the default master design of the units' progress template to
// templates/进展填报模板.xlsx. Run it from the repository root:
//
//	go run ./internal/template/genmaster
//
// An office that restyled the committed workbook should not run it: it overwrites the file.
package main

import (
	"fmt"
	"os"

	"taizhang/internal/template"
)

func main() {
	path := "templates/进展填报模板.xlsx"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	b := template.MasterBook()
	defer b.Close()
	if err := b.Save(path); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("wrote", path)
}
