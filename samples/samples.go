// Package samples holds the bundled sample files — the seed notice and the plan workbook
// reviewed from it — embedded in the binary so that `taizhang demo` works from anywhere.
// samples/README.md says what each file shows.
package samples

import "embed"

// NoticeName is the file name of the sample notice.
const NoticeName = "notice-changbaishan-2022.txt"

// PlanName is the file name of the reviewed sample plan workbook.
const PlanName = "任务清单.xlsx"

// Files are the sample files.
//
//go:embed notice-changbaishan-2022.txt
var Files embed.FS
