package review

// The review workbook's layout, shared by the writer and the reader.

// Sheet names. The identity sheet is not the unit template's: a review workbook is never
// taken for a unit's return, nor a return for a review workbook.
const (
	SheetReview   = "销号审核"
	SheetIdentity = "_taizhang_review"
)

// Header texts, in column order.
const (
	ColTask     = "任务序号"
	ColMeasure  = "措施序号"
	ColText     = "整改措施"
	ColUnits    = "责任单位"
	ColDeadline = "整改时限"
	ColDoneDate = "完成时间"
	ColEvidence = "佐证材料"
	ColFiles    = "佐证材料文件"
	ColOpinion  = "审核意见"
	ColDoc      = "文号"
	ColBy       = "审核人"
	ColDate     = "日期"
)

// Columns are the headers in order: the first eight are the ledger's, locked; the last four
// are the reviewer's.
var Columns = []string{ColTask, ColMeasure, ColText, ColUnits, ColDeadline, ColDoneDate, ColEvidence, ColFiles,
	ColOpinion, ColDoc, ColBy, ColDate}

// Locked are the locked text columns whose content the identity seals, in column order (the
// task and measure numbers are sealed as the identity's rows).
var Locked = []string{ColText, ColUnits, ColDeadline, ColDoneDate, ColEvidence, ColFiles}

// widths are the columns' widths in characters: twelve columns of 11-point text on one A4
// landscape page width.
// 完成时间 holds "池北区：2022-08-18" on one line, 文号 "长整改办〔2022〕15号".
var widths = map[string]float64{ColTask: 5, ColMeasure: 5, ColText: 28, ColUnits: 10, ColDeadline: 10, ColDoneDate: 19,
	ColEvidence: 22, ColFiles: 16, ColOpinion: 10, ColDoc: 18, ColBy: 8, ColDate: 11}

// HeaderRow is the header's row: the title, the period line and the instructions are above
// it, the measures from the row below.
const HeaderRow = 4

// The reviewer's opinions (审核意见).
const (
	Agree = "同意销号"
	Defer = "暂缓"
)

// Opinions are the drop-down's options.
var Opinions = []string{Agree, Defer}

// col is a header's column (1-based).
func col(header string) int {
	for i, h := range Columns {
		if h == header {
			return i + 1
		}
	}
	panic("review: no column " + header)
}
