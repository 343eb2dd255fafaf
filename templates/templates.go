// Package templates embeds the designs an office may restyle without touching code: the master
// workbook of the units' progress template, the wording of the progress report and its free
// paragraphs (下步工作). See README.md in this folder.
package templates

import _ "embed"

// ProgressMaster is the master design of the units' progress template (进展填报模板.xlsx).
//
//go:embed 进展填报模板.xlsx
var ProgressMaster []byte

// ReportText is the wording of the progress report (进展报告模板.txt), a text/template whose
// fields have Chinese names.
//
//go:embed 进展报告模板.txt
var ReportText string

// ReportFree is the progress report's free paragraphs (进展报告下步工作.txt): plain text, a
// section per 【title】 line, a paragraph per line. It is the neutral default an office
// replaces with its own words.
//
//go:embed 进展报告下步工作.txt
var ReportFree string
