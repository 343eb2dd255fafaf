// Package templates embeds the designs an office may restyle without touching code: the master
// workbook of the units' progress template. See README.md in this folder.
package templates

import _ "embed"

// ProgressMaster is the master design of the units' progress template (进展填报模板.xlsx).
//
//go:embed 进展填报模板.xlsx
var ProgressMaster []byte
