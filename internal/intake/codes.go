package intake

import "taizhang/internal/finding"

// The finding codes of returns. Each has one severity; the messages are built where the
// finding is made, from the phrases below, so that they read the same everywhere.
const (
	// file
	CodeNotXLSX      = "not-xlsx"
	CodeCorrupt      = "corrupt"
	CodeEncrypted    = "encrypted"
	CodeTooLarge     = "too-large"
	CodeNotTemplate  = "not-template"
	CodeTampered     = "template-tampered"
	CodePeriod       = "period-mismatch"
	CodeUnitUnknown  = "unit-unknown"
	CodeDuplicate    = "duplicate"
	CodeNoAttachment = "no-attachment"
	CodeSender       = "sender-mismatch"
	CodePlanChanged  = "plan-changed"
	CodeUnreadable   = "unreadable"
	CodeSuperseded   = "superseded"
	// structure
	CodeRowMissing    = "row-missing"
	CodeRowAdded      = "row-added"
	CodeLockedChanged = "locked-changed"
	CodeHeaderChanged = "header-changed"
	// cells
	CodeRequired          = "required-missing"
	CodeStatusInvalid     = "status-invalid"
	CodeDateInvalid       = "date-invalid"
	CodeDateRange         = "date-out-of-range"
	CodeDoneNoDate        = "completed-without-date"
	CodeDoneNoEvidence    = "completed-without-evidence"
	CodeLateNoReason      = "late-without-reason"
	CodeStatusConsistency = "status-inconsistent"
	CodeFormula           = "formula-in-cell"
	CodeContactMissing    = "contact-missing"
	CodePhoneInvalid      = "phone-invalid"
	CodeUnchanged         = "progress-unchanged"
	CodeTextTooLong       = "text-too-long"
)

// Code describes a finding code for people: its severity and a line on what it means.
type Code struct {
	Code     string
	Severity finding.Severity
	Meaning  string
}

// Codes is the catalogue, in the order the README lists them.
var Codes = []Code{
	{CodeNotXLSX, finding.Error, "不是 .xlsx 工作簿（旧版 .xls/.et、.csv、.docx、PDF 等）：请另存为 .xlsx 后重新报送"},
	{CodeCorrupt, finding.Error, "文件损坏或为空，无法打开：请重新保存后报送"},
	{CodeEncrypted, finding.Error, "工作簿设置了打开密码：请取消密码后重新报送"},
	{CodeTooLarge, finding.Error, "文件过大或解压后过大（可能是压缩炸弹）：拒收"},
	{CodeNotTemplate, finding.Error, "不是本办公室下发的填报模板（或模板被另存为其他格式、来自其他工作区）"},
	{CodeTampered, finding.Error, "模板的隐藏身份信息被修改，签名不符：请使用下发的原模板填报"},
	{CodePeriod, finding.Error, "模板的期次与本次回收的期次不同（如报送了上月的模板）"},
	{CodeUnitUnknown, finding.Error, "模板所属单位不在当前任务清单中"},
	{CodeDuplicate, finding.Warning, "与已收到的文件完全相同：不重复保存"},
	{CodeNoAttachment, finding.Error, "邮件中没有 Excel 附件"},
	{CodeSender, finding.Warning, "发件人不是该单位登记的电子邮箱：请核实"},
	{CodePlanChanged, finding.Warning, "模板生成后任务清单有更新：按生成模板时的任务清单核对"},
	{CodeUnreadable, finding.Error, "无法读取该文件或文件夹（权限、链接循环等）"},
	{CodeSuperseded, finding.Warning, "已被该单位同一期次后来的报送取代"},
	{CodeRowMissing, finding.Error, "模板中的措施行被删除"},
	{CodeRowAdded, finding.Error, "模板中增加了行，或措施行重复"},
	{CodeLockedChanged, finding.Error, "预填的任务、措施、时限等内容被改动"},
	{CodeHeaderChanged, finding.Error, "表头被改动，无法确定各列的含义"},
	{CodeRequired, finding.Error, "完成状态或进展情况未填写"},
	{CodeStatusInvalid, finding.Error, "完成状态不是可选项之一"},
	{CodeDateInvalid, finding.Error, "完成时间或填报日期不是日期"},
	{CodeDateRange, finding.Error, "完成时间晚于截至日期，或早于方案印发日期"},
	{CodeDoneNoDate, finding.Error, "已完成但未填完成时间"},
	{CodeDoneNoEvidence, finding.Error, "已完成但未填佐证材料"},
	{CodeLateNoReason, finding.Error, "滞后但未写明存在问题和下步计划"},
	{CodeStatusConsistency, finding.Error, "整改时限已过，完成状态仍为序时推进或未启动"},
	{CodeFormula, finding.Error, "单元格中是公式（包括 HYPERLINK、DDE 等）：请填写文字"},
	{CodeContactMissing, finding.Warning, "未填写填报人或联系电话"},
	{CodePhoneInvalid, finding.Warning, "联系电话不是有效的手机号或固定电话"},
	{CodeUnchanged, finding.Warning, "进展情况与该单位上一期的填报完全相同"},
	{CodeTextTooLong, finding.Warning, "内容过长，台账中已截断"},
}

// SeverityOf returns a code's severity.
func SeverityOf(code string) finding.Severity {
	for _, c := range Codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return finding.Error
}
