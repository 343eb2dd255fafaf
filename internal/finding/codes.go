package finding

import "fmt"

// Code names a kind of finding. Every code is in the catalogue below with its severity and a
// line on what it means; a finding is made from its code (List.Addf, New), so its severity
// can never disagree with the catalogue. Codes of returns are part of the tool's interface
// (`collect --json`, the README's table): never rename them.
type Code string

// Subject is what a code is about.
type Subject string

// Subjects.
const (
	SubjectReturn Subject = "return" // a unit's return (the README's table)
	SubjectPlan   Subject = "plan"   // the plan workbook (任务清单)
	SubjectNotice Subject = "notice" // the plan's notice text, as imported
	SubjectReview Subject = "review" // the office's review workbook (销号审核表), filled and applied
)

// Codes of returns.
const (
	// the file
	NotXLSX        Code = "not-xlsx"
	Corrupt        Code = "corrupt"
	Encrypted      Code = "encrypted"
	TooLarge       Code = "too-large"
	NotTemplate    Code = "not-template"
	Tampered       Code = "template-tampered"
	PeriodMismatch Code = "period-mismatch"
	UnitUnknown    Code = "unit-unknown"
	Duplicate      Code = "duplicate"
	NoAttachment   Code = "no-attachment"
	SenderMismatch Code = "sender-mismatch"
	PlanChanged    Code = "plan-changed"
	Unreadable     Code = "unreadable"
	// the structure
	RowMissing    Code = "row-missing"
	RowAdded      Code = "row-added"
	LockedChanged Code = "locked-changed"
	HeaderChanged Code = "header-changed"
	// the cells
	RequiredMissing     Code = "required-missing"
	StatusInvalid       Code = "status-invalid"
	DateInvalid         Code = "date-invalid"
	DateOutOfRange      Code = "date-out-of-range"
	DateImprecise       Code = "date-imprecise"
	DoneWithoutDate     Code = "completed-without-date"
	DoneWithoutEvidence Code = "completed-without-evidence"
	LateWithoutReason   Code = "late-without-reason"
	StatusInconsistent  Code = "status-inconsistent"
	FormulaInCell       Code = "formula-in-cell"
	PictureInCell       Code = "picture-in-cell"
	ContactMissing      Code = "contact-missing"
	PhoneInvalid        Code = "phone-invalid"
	ProgressUnchanged   Code = "progress-unchanged"
	TextTooLong         Code = "text-too-long"
)

// Codes of the plan workbook.
const (
	PlanUnreadable  Code = "plan-unreadable"
	SheetMissing    Code = "sheet-missing"
	HeaderMissing   Code = "header-missing"
	NumberInvalid   Code = "number-invalid"
	NumberDuplicate Code = "number-duplicate"
	NumberMissing   Code = "number-missing"
	TaskUnknown     Code = "task-unknown"
	UnitNotListed   Code = "unit-not-listed"
	UnitDuplicate   Code = "unit-duplicate"
	GroupEmpty      Code = "group-empty"
	GroupCycle      Code = "group-cycle"
	LeadNotUnit     Code = "lead-not-unit"
	TaskNoUnits     Code = "task-no-units"
	TaskNoMeasures  Code = "task-no-measures"
	TextMissing     Code = "text-missing"
	DeadlineUnknown Code = "deadline-unknown"
	PlanDateInvalid Code = "plan-date-invalid"
	SettingInvalid  Code = "setting-invalid"
	EmailInvalid    Code = "email-invalid"
	FileNameClash   Code = "unit-file-name-clash"
)

// Codes of an imported notice (task-no-units and task-no-measures are shared with the plan).
const (
	NoTaskList           Code = "no-task-list"
	TaskNumber           Code = "task-number"
	UnitUnresolved       Code = "unit-unresolved"
	GroupInferred        Code = "group-members-inferred"
	AliasInferred        Code = "unit-alias-inferred"
	UnitOnlyInMeasure    Code = "unit-only-in-measure"
	DeadlineUnrecognized Code = "deadline-unrecognized"
	MeasureIntro         Code = "measure-intro"
)

// Codes of the office's review workbook (销号审核表) when it is applied.
const (
	ReviewUnreadable     Code = "review-unreadable"
	ReviewNotReview      Code = "review-not-review"
	ReviewForeign        Code = "review-foreign"
	ReviewTampered       Code = "review-tampered"
	ReviewPlanChanged    Code = "review-plan-changed"
	ReviewHeaderChanged  Code = "review-header-changed"
	ReviewRowsChanged    Code = "review-rows-changed"
	ReviewLockedChanged  Code = "review-locked-changed"
	ReviewFormula        Code = "review-formula-in-cell"
	ReviewOpinionInvalid Code = "review-opinion-invalid"
	ReviewOpinionMissing Code = "review-opinion-missing"
	ReviewRequired       Code = "review-required-missing"
	ReviewDateInvalid    Code = "review-date-invalid"
	ReviewDateFuture     Code = "review-date-future"
	ReviewRefused        Code = "review-refused"
)

// Info describes a code for people: what it is about, its severity and what it means.
type Info struct {
	Code     Code
	Subject  Subject
	Severity Severity
	Meaning  string
}

// Catalogue is every code, the returns' in the order the README lists them.
var Catalogue = []Info{
	{NotXLSX, SubjectReturn, Error, "不是 .xlsx 工作簿（旧版 .xls/.et、.csv、.docx、PDF 等）：请另存为 .xlsx 后重新报送"},
	{Corrupt, SubjectReturn, Error, "文件损坏或为空，无法打开：请重新保存后报送"},
	{Encrypted, SubjectReturn, Error, "工作簿设置了打开密码：请取消密码后重新报送"},
	{TooLarge, SubjectReturn, Error, "文件过大或解压后过大（可能是压缩炸弹）：拒收"},
	{NotTemplate, SubjectReturn, Error, "不是本办公室下发的填报模板（或模板被另存为其他格式、来自其他工作区）"},
	{Tampered, SubjectReturn, Error, "模板的隐藏身份信息被修改，签名不符：请使用下发的原模板填报"},
	{PeriodMismatch, SubjectReturn, Error, "模板的期次与本次回收的期次不同（如报送了上月的模板）"},
	{UnitUnknown, SubjectReturn, Error, "模板所属单位不在当前任务清单中"},
	{Duplicate, SubjectReturn, Warning, "与已收到的文件完全相同：不重复保存"},
	{NoAttachment, SubjectReturn, Error, "邮件中没有 Excel 附件"},
	{SenderMismatch, SubjectReturn, Warning, "发件人不是该单位登记的电子邮箱：请核实"},
	{PlanChanged, SubjectReturn, Warning, "模板生成后任务清单有更新：按生成模板时的任务清单核对"},
	{Unreadable, SubjectReturn, Error, "无法读取该文件或文件夹（权限、链接循环、指向文件夹以外的链接、命名管道等不是普通文件的、读取超时等）"},
	{RowMissing, SubjectReturn, Error, "模板中的措施行被删除"},
	{RowAdded, SubjectReturn, Error, "模板中增加了行，或措施行重复"},
	{LockedChanged, SubjectReturn, Error, "预填的任务、措施、时限等内容被改动"},
	{HeaderChanged, SubjectReturn, Error, "表头被改动，无法确定各列的含义"},
	{RequiredMissing, SubjectReturn, Error, "完成状态或进展情况未填写"},
	{StatusInvalid, SubjectReturn, Error, "完成状态不是可选项之一"},
	{DateInvalid, SubjectReturn, Error, "完成时间或填报日期不是日期"},
	{DateOutOfRange, SubjectReturn, Error, "完成时间晚于截至日期，或早于方案印发日期"},
	{DateImprecise, SubjectReturn, Warning, "完成时间未写日或年份（如“2022年8月”“8月15日”）：按该月最后一日、本期所在年份记录"},
	{DoneWithoutDate, SubjectReturn, Error, "已完成但未填完成时间"},
	{DoneWithoutEvidence, SubjectReturn, Error, "已完成但未填佐证材料"},
	{LateWithoutReason, SubjectReturn, Error, "滞后但未写明存在问题和下步计划"},
	{StatusInconsistent, SubjectReturn, Error, "整改时限已过，完成状态仍为序时推进或未启动"},
	{FormulaInCell, SubjectReturn, Error, "单元格中是公式（包括 HYPERLINK、DDE 等）：请填写文字"},
	{PictureInCell, SubjectReturn, Warning, "佐证材料是粘贴在单元格中的图片（WPS）：图片已另存为佐证材料"},
	{ContactMissing, SubjectReturn, Warning, "未填写填报人或联系电话"},
	{PhoneInvalid, SubjectReturn, Warning, "联系电话不是有效的手机号或固定电话"},
	{ProgressUnchanged, SubjectReturn, Warning, "进展情况与该单位上一期的填报完全相同"},
	{TextTooLong, SubjectReturn, Warning, "内容过长，台账中已截断"},

	{PlanUnreadable, SubjectPlan, Error, "任务清单工作簿无法读取"},
	{SheetMissing, SubjectPlan, Error, "缺少工作表"},
	{HeaderMissing, SubjectPlan, Error, "工作表缺少表头或表头被改动"},
	{NumberInvalid, SubjectPlan, Error, "任务或措施序号不是正整数"},
	{NumberDuplicate, SubjectPlan, Error, "任务或措施序号重复"},
	{NumberMissing, SubjectPlan, Error, "任务或措施序号不连续"},
	{TaskUnknown, SubjectPlan, Error, "措施所属的任务不存在"},
	{UnitNotListed, SubjectPlan, Error, "责任单位或分组成员不在单位表中"},
	{UnitDuplicate, SubjectPlan, Error, "单位名称或别名重复"},
	{GroupEmpty, SubjectPlan, Error, "分组没有成员"},
	{GroupCycle, SubjectPlan, Error, "分组直接或间接包含了自己"},
	{LeadNotUnit, SubjectPlan, Error, "牵头单位不在责任单位中"},
	{TaskNoUnits, SubjectPlan, Error, "任务没有责任单位"},
	{TaskNoMeasures, SubjectPlan, Error, "任务没有整改措施"},
	{TextMissing, SubjectPlan, Error, "必填的文字为空"},
	{DeadlineUnknown, SubjectPlan, Error, "整改时限为空或无法识别"},
	{PlanDateInvalid, SubjectPlan, Error, "日期不是日期"},
	{SettingInvalid, SubjectPlan, Error, "设置表中的取值无效"},
	{EmailInvalid, SubjectPlan, Warning, "电子邮箱格式不正确"},
	{FileNameClash, SubjectPlan, Warning, "单位名称作为文件名相同（只差“/”“:”等文件名中不能用的字符或大小写）：模板文件名加编号区分"},

	{NoTaskList, SubjectNotice, Error, "通知中找不到编号的整改任务"},
	{TaskNumber, SubjectNotice, Warning, "任务编号不连续或重复"},
	{UnitUnresolved, SubjectNotice, Warning, "笼统的责任单位（如“各相关部门”）无法确定具体单位"},
	{GroupInferred, SubjectNotice, Warning, "分组（如“各区”）的成员是推定的"},
	{AliasInferred, SubjectNotice, Warning, "单位的别名是推定的"},
	{UnitOnlyInMeasure, SubjectNotice, Warning, "单位只在措施中出现，不在任务的责任单位中"},
	{DeadlineUnrecognized, SubjectNotice, Warning, "整改时限无法识别，保留原文"},
	{MeasureIntro, SubjectNotice, Warning, "措施前有一段未编号的文字，已并入第一条措施"},

	{ReviewUnreadable, SubjectReview, Error, "不是可以读取的 .xlsx 工作簿（旧版 .xls、PDF、文本、损坏、设置了打开密码或过大）"},
	{ReviewNotReview, SubjectReview, Error, "不是销号审核表（如单位的进展填报模板、复制到新工作簿的表格）"},
	{ReviewForeign, SubjectReview, Error, "其他工作区（其他办公室或重建前的工作区）生成的销号审核表"},
	{ReviewTampered, SubjectReview, Error, "审核表的隐藏标识不完整或被改动，签名不符：请重新生成审核表"},
	{ReviewPlanChanged, SubjectReview, Error, "生成审核表后任务清单中的这条措施被修改或删除：请重新生成审核表"},
	{ReviewHeaderChanged, SubjectReview, Error, "审核表的表头被改动，无法确定各栏的含义"},
	{ReviewRowsChanged, SubjectReview, Error, "审核表的措施行被删除、增加或重复"},
	{ReviewLockedChanged, SubjectReview, Error, "灰色的参考栏（措施、责任单位、完成时间、佐证材料等）与生成审核表时不同"},
	{ReviewFormula, SubjectReview, Error, "审核人填写的栏中是公式：请直接填写文字或日期"},
	{ReviewOpinionInvalid, SubjectReview, Error, "审核意见不是“同意销号”或“暂缓”"},
	{ReviewOpinionMissing, SubjectReview, Warning, "填写了文号、审核人或日期，但审核意见为空：按未审核处理"},
	{ReviewRequired, SubjectReview, Error, "同意销号但未填写文号或日期"},
	{ReviewDateInvalid, SubjectReview, Error, "日期不是日期"},
	{ReviewDateFuture, SubjectReview, Error, "日期晚于今天"},
	{ReviewRefused, SubjectReview, Error, "不予销号（如责任单位已不再报告已完成，或措施已经销号）：审核表中的决定均未记录"},
}

var bySeverity = func() map[Code]Severity {
	m := map[Code]Severity{}
	for _, c := range Catalogue {
		m[c.Code] = c.Severity
	}
	return m
}()

// Severity is the code's severity; a code not in the catalogue is an error.
func (c Code) Severity() Severity {
	if s, ok := bySeverity[c]; ok {
		return s
	}
	return Error
}

// Known reports whether the code is in the catalogue.
func (c Code) Known() bool {
	_, ok := bySeverity[c]
	return ok
}

// Codes lists the catalogue's codes about one subject, in catalogue order.
func Codes(s Subject) []Info {
	var out []Info
	for _, c := range Catalogue {
		if c.Subject == s {
			out = append(out, c)
		}
	}
	return out
}

// New makes a finding of the code at a place, with its severity from the catalogue.
func New(code Code, loc Finding, format string, args ...any) Finding {
	loc.Code = code
	loc.Severity = code.Severity()
	loc.Message = fmt.Sprintf(format, args...)
	return loc
}
