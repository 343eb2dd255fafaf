// Package samples holds the bundled sample files — the seed notice, the plan workbook
// reviewed from it and a two-month story of returns — embedded in the binary so that
// `taizhang demo` works from anywhere. samples/README.md says what each file shows.
package samples

import "embed"

// Names of the sample files and folders.
const (
	NoticeName = "notice-changbaishan-2022.txt"
	PlanName   = "任务清单.xlsx"
	ReturnsDir = "returns"
)

// Files are the sample files.
//
//go:embed notice-changbaishan-2022.txt 任务清单.xlsx returns
var Files embed.FS
