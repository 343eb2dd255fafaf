package template

// The template's layout, shared by the writer and intake's reader. The master design
// (templates/进展填报模板.xlsx) supplies styles, widths and wording; the structure below is
// fixed: the reader finds columns by these header texts and rows by the header row.

// Sheet names.
const (
	SheetGuide    = "填报说明"
	SheetFill     = "进展填报"
	SheetIdentity = "_taizhang"
)

// Header texts of the 进展填报 sheet, in column order.
const (
	ColTask     = "任务序号"
	ColMeasure  = "措施序号"
	ColTitle    = "整改任务"
	ColText     = "整改措施"
	ColRole     = "牵头/配合"
	ColDeadline = "整改时限"
	ColPrevious = "上期进展"
	ColStatus   = "完成状态"
	ColProgress = "进展情况"
	ColDoneDate = "完成时间"
	ColEvidence = "佐证材料"
	ColProblems = "存在问题"
	ColNext     = "下步计划"
)

// Columns lists the headers in order; the first seven are prefilled and locked (上期进展 is the
// unit's own last accepted progress, for reference), the rest are the unit's input.
var Columns = []string{ColTask, ColMeasure, ColTitle, ColText, ColRole, ColDeadline, ColPrevious,
	ColStatus, ColProgress, ColDoneDate, ColEvidence, ColProblems, ColNext}

// Prefilled is the number of leading locked columns.
const Prefilled = 7

// Inputs are the unit's columns, the same in every version of the layout.
var Inputs = []string{ColStatus, ColProgress, ColDoneDate, ColEvidence, ColProblems, ColNext}

// ColumnsOf is the layout of a version of the template: version 1 (before 上期进展) had
// twelve columns. Returns of every version still in use are read.
func ColumnsOf(version int) []string {
	if version == 1 {
		var out []string
		for _, c := range Columns {
			if c != ColPrevious {
				out = append(out, c)
			}
		}
		return out
	}
	return Columns
}

// Footer labels below the table; each input cell is the cell right of its label (after the
// label's merged range).
const (
	FootFiller  = "填报人："
	FootPhone   = "联系电话："
	FootChecker = "审核人（单位负责人）："
	FootDate    = "填报日期："
)

// FooterLabels are the footer labels in reading order.
var FooterLabels = []string{FootFiller, FootPhone, FootChecker, FootDate}

// Placeholders the master design may use in any text cell of 填报说明 and 进展填报.
const (
	PhPlanTitle = "方案标题"
	PhUnit      = "单位"
	PhPeriod    = "期次"
	PhAsOf      = "截至日期"
	PhDue       = "报送截止"
	PhOffice    = "办公室"
	PhContact   = "联系人"
	PhPhone     = "联系电话"
	PhEmail     = "电子邮箱"
	PhStatuses  = "完成状态选项"
	PhRows      = "措施条数"
)
