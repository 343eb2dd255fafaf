package store

import (
	"errors"
	"os"
	"path/filepath"

	"taizhang/internal/period"
	"taizhang/templates"
)

// Layout says where a workspace's outputs go: the one place that knows the folders and file
// names of templates, receipts, ledgers and reports.
//
//	out/templates/2022-07/经发局.xlsx, 发送清单.csv/.xlsx
//	out/receipts/2022-07/经发局-回执-12.xlsx/.txt   (未识别/ when the period is unknown)
//	out/2022-07/台账-2022-07.xlsx, 进展报告-2022-07.pdf, 销号审核表-2022年7月.xlsx
type Layout struct {
	Out string // the output folder
}

// Layout is the workspace's output layout.
func (w *Workspace) Layout() Layout { return Layout{Out: filepath.Join(w.Dir, OutDir)} }

// Templates is the folder of a period's templates and send list.
func (l Layout) Templates(p period.Period) string {
	return TemplatesIn(filepath.Join(l.Out, "templates"), p)
}

// TemplatesIn is the folder of a period's templates under another folder the office chose.
func TemplatesIn(dir string, p period.Period) string { return filepath.Join(dir, p.String()) }

// UnknownPeriod names the receipts folder of inputs whose period is not known.
const UnknownPeriod = "未识别"

// Receipts is the folder of the receipts answering a period's collection (zero: inputs whose
// period is not known).
func (l Layout) Receipts(p period.Period) string {
	name := p.String()
	if p.IsZero() {
		name = UnknownPeriod
	}
	return filepath.Join(l.Out, "receipts", name)
}

// Ledger is the default path of a period's ledger workbook.
func (l Layout) Ledger(p period.Period) string {
	return filepath.Join(l.Out, p.String(), "台账-"+p.String()+".xlsx")
}

// Report is the default path of a period's progress report.
func (l Layout) Report(p period.Period) string {
	return filepath.Join(l.Out, p.String(), "进展报告-"+p.String()+".pdf")
}

// Review is the default path of a period's review workbook (销号审核表), next to its ledger.
func (l Layout) Review(p period.Period) string {
	return filepath.Join(l.Out, p.String(), "销号审核表-"+p.Label()+".xlsx")
}

// Names of the files an office may put into its workspace to restyle what the tool writes.
const (
	MasterName  = "进展填报模板.xlsx" // the units' template design
	WordingName = "进展报告模板.txt"  // the report's wording
)

// MasterDesign is the template design: the workspace's own, else the built-in one.
func (w *Workspace) MasterDesign() ([]byte, error) {
	return w.own(MasterName, templates.ProgressMaster)
}

// ReportWording is the report's wording template: the workspace's own, else the built-in one.
func (w *Workspace) ReportWording() (string, error) {
	data, err := w.own(WordingName, []byte(templates.ReportText))
	return string(data), err
}

func (w *Workspace) own(name string, builtIn []byte) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(w.Dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return builtIn, nil
	}
	return data, err
}
