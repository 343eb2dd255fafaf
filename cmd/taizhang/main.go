// Command taizhang tracks a rectification plan: templates for the units, intake of their
// returns, the consolidated ledger and the progress report.
package main

import (
	"os"

	"taizhang/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
