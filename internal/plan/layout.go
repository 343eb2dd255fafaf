package plan

// The plan workbook's layout, used by both the writer and the reader so that they cannot drift.
// The reader finds columns by their header text, so an office may reorder columns or add its
// own; the headers below must stay.

// Sheet names of the plan workbook.
const (
	SheetTasks    = "任务"
	SheetMeasures = "措施"
	SheetUnits    = "单位"
	SheetSettings = "设置"
	SheetGuide    = "说明"
)

type column struct {
	Header string
	Width  float64
	Wrap   bool
	Note   string // a comment on the header: what the office may edit
}

// Task sheet headers.
const (
	hTaskNo      = "任务序号"
	hTaskTitle   = "整改任务"
	hProblem     = "问题描述"
	hUnits       = "责任单位"
	hLead        = "牵头单位"
	hPersons     = "责任人"
	hSupervisor  = "督导单位"
	hGoal        = "整改目标"
	hDeadline    = "整改时限"
	hKind        = "时限类型"
	hDue         = "截止日期"
	hUnitsText   = "责任单位（原文）"
	hMeasureNo   = "措施序号"
	hMeasure     = "整改措施"
	hMUnits      = "责任单位（空白为同任务）"
	hSource      = "时限来源"
	hUnitName    = "单位名称"
	hUnitKind    = "类型"
	hAliases     = "别名"
	hMembers     = "成员单位"
	hContact     = "联系人"
	hPhone       = "联系电话"
	hEmail       = "电子邮箱"
	hNote        = "备注"
	hSettingKey  = "项目"
	hSettingVal  = "内容"
	hSettingHelp = "说明"
)

var taskColumns = []column{
	{hTaskNo, 8, false, ""},
	{hTaskTitle, 28, true, "问题描述的第一句，用于模板和台账"},
	{hProblem, 60, true, ""},
	{hUnits, 24, true, "规范后的单位名称，用“、”分隔；首位为牵头单位"},
	{hLead, 12, true, ""},
	{hPersons, 24, true, ""},
	{hSupervisor, 10, true, ""},
	{hGoal, 40, true, ""},
	{hDeadline, 16, true, "原文；可修改"},
	{hKind, 10, false, "由整改时限计算，仅供核对"},
	{hDue, 12, false, "由整改时限计算；整改时限无法识别时可手工填写日期"},
	{hUnitsText, 24, true, "方案原文，仅供核对"},
}

var measureColumns = []column{
	{hTaskNo, 8, false, ""},
	{hMeasureNo, 8, false, ""},
	{hMeasure, 70, true, ""},
	{hMUnits, 22, true, "措施自己指定的执行单位；空白表示与任务的责任单位相同"},
	{hDeadline, 18, true, "措施自己的时限；时限来源为“同任务”时与任务相同"},
	{hSource, 9, false, "“本措施”或“同任务”"},
	{hKind, 10, false, "由整改时限计算，仅供核对"},
	{hDue, 12, false, "由整改时限计算；无法识别时可手工填写日期"},
}

var unitColumns = []column{
	{hUnitName, 22, true, ""},
	{hUnitKind, 8, false, "“单位”或“分组”；分组须填写成员单位"},
	{hAliases, 22, true, "同一单位的其他写法，用“、”分隔"},
	{hMembers, 36, true, "分组（如“各区”）包含的单位，用“、”分隔"},
	{hContact, 10, true, ""},
	{hPhone, 15, false, ""},
	{hEmail, 24, false, "填报模板的收件地址；回收时核对发件人"},
	{hNote, 30, true, ""},
}

// Settings keys, in the order they are written.
const (
	kTitle    = "方案标题"
	kRegion   = "地区"
	kIssued   = "方案日期"
	kOffice   = "领导小组办公室"
	kContact  = "联系人"
	kPhone    = "联系电话"
	kEmail    = "电子邮箱"
	kStatuses = "完成状态选项"
	kWarnDays = "预警天数"
	kResubmit = "重新报送天数"
	kSigner   = "落款单位"
	kDated    = "成文日期"
)

var settingHelp = map[string]string{
	kTitle:    "整改方案的全称",
	kRegion:   "用于报告标题",
	kIssued:   "方案印发日期（YYYY-MM-DD）：早于此日期的完成时间视为有误",
	kOffice:   "发送模板、接收报送的机构",
	kContact:  "填报说明中的联系人",
	kPhone:    "填报说明中的联系电话",
	kEmail:    "报送邮箱",
	kStatuses: "从最先进到最落后，用“、”分隔",
	kWarnDays: "截止日期前多少天亮黄灯（预警）",
	kResubmit: "报送被退回时，回执给出的重新报送期限：报送截止日，已过报送截止时为收到后多少天",
	kSigner:   "进展报告落款的发文机关署名；不填时为领导小组办公室",
	kDated:    "进展报告落款的成文日期：“截至日期”（不填时也是）、“生成当天”或固定日期（YYYY-MM-DD）；taizhang report --date 优先",
}

// Unit kinds and deadline sources as written in the workbook.
const (
	kindUnit      = "单位"
	kindGroup     = "分组"
	sourceOwn     = "本措施"
	sourceTask    = "同任务"
	listSeparator = "、"
)
