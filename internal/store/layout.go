package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/atomicfile"
	"taizhang/internal/period"
	"taizhang/templates"
)

// Layout says where a workspace's outputs go: the one place that knows the folders and file
// names of templates, receipts, ledgers and reports.
//
//	out/templates/2022-07/经发局-2022年7月进展填报.xlsx, 发送清单.csv/.xlsx
//	out/receipts/2022-07/经发局-2022年7月回执.xlsx/.txt (经发局-2022年7月回执（2） for a second)
//	out/mail/2022-07/经发局-2022年7月填报模板.eml, 经发局-2022年7月回执.eml, …催报-2022-08-06.eml
//	out/2022-07/台账-2022-07.xlsx, 进展报告-2022年7月.pdf/.docx, 销号审核表-2022年7月.xlsx
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

// Mail is the folder of the messages written for a period (templates, receipts and reminders
// as .eml drafts): out/mail/2022-08.
func (l Layout) Mail(p period.Period) string { return filepath.Join(l.Out, "mail", p.String()) }

// Ledger is the default path of a period's ledger workbook.
func (l Layout) Ledger(p period.Period) string {
	return filepath.Join(l.Out, p.String(), "台账-"+p.String()+".xlsx")
}

// Report formats: the file name extensions of the progress report.
const (
	PDF  = ".pdf"
	Word = ".docx"
)

// Report is the default path of a period's progress report in a format (PDF or Word):
// out/2022-08/进展报告-2022年8月.pdf.
func (l Layout) Report(p period.Period, format string) string {
	return filepath.Join(l.Out, p.String(), "进展报告-"+p.Label()+format)
}

// Review is the default path of a period's review workbook (销号审核表), next to its ledger.
func (l Layout) Review(p period.Period) string {
	return filepath.Join(l.Out, p.String(), "销号审核表-"+p.Label()+".xlsx")
}

// Names of the files an office may put into its workspace to restyle what the tool writes.
const (
	MasterName  = "进展填报模板.xlsx"  // the units' template design
	WordingName = "进展报告模板.txt"   // the report's wording
	FreeName    = "进展报告下步工作.txt" // the report's free paragraphs (下步工作)
)

// MasterDesign is the template design: the workspace's own, else the built-in one.
func (w *Workspace) MasterDesign() ([]byte, error) {
	return w.own(MasterName, templates.ProgressMaster)
}

// ReportWording is the report's wording template: the workspace's own, else the built-in one.
func (w *Workspace) ReportWording() (string, error) {
	data, err := w.own(WordingName, []byte(templates.ReportText))
	return text(data), err
}

// ReportFree is the report's free paragraphs: the workspace's own, else the built-in neutral
// default.
func (w *Workspace) ReportFree() (string, error) {
	data, err := w.own(FreeName, []byte(templates.ReportFree))
	return text(data), err
}

// text reads a text file an office edited: UTF-8 (with or without a byte-order mark), else
// GB18030 — what Notepad and WPS save as “ANSI” on Chinese Windows.
func text(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data)
	}
	if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
		return string(out)
	}
	return string(data)
}

// StarterFree writes the built-in free paragraphs into the workspace for the office to edit,
// unless it has its own already; it returns the file's path and whether it wrote it.
func (w *Workspace) StarterFree() (string, bool, error) {
	path := filepath.Join(w.Dir, FreeName)
	if _, err := os.Lstat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return path, false, err
	}
	return path, true, atomicfile.WriteBytes(path, 0o644, []byte(templates.ReportFree))
}

func (w *Workspace) own(name string, builtIn []byte) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(w.Dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return builtIn, nil
	}
	return data, err
}
