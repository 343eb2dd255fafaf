package validate

import (
	"strings"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx/scan"
	"time"
)

// Check reads and checks one input.
func Check(in *intake.Input, ctx *Context) *intake.Return {
	r := &intake.Return{}
	if in.Problem != nil {
		r.Add(*in.Problem)
		return r.Finish()
	}
	lim := ctx.Limits
	if lim.MaxPart == 0 {
		lim = scan.DefaultLimits
	}
	wb, prob := intake.Read(in.Data, lim, ctx.Cache)
	if prob != nil {
		r.Add(*prob)
		return r.Finish()
	}
	ctx.Prepare()
	c := &checker{r: r, ctx: ctx, in: in, wb: wb}
	c.run()
	return r.Finish()
}

type checker struct {
	r       *intake.Return
	ctx     *Context
	in      *intake.Input
	wb      *intake.Workbook
	plan    *plan.Plan // the plan the template was made from
	asOf    time.Time
	issued  time.Time
	cols    map[string]int
	header  int
	version int // the template's layout (template.ColumnsOf)
}

func (c *checker) addf(code finding.Code, loc finding.Finding, format string, args ...any) {
	if loc.Sheet == "" && loc.Cell != "" {
		loc.Sheet = template.SheetFill
	}
	c.r.Add(finding.New(code, loc, format, args...))
}

func (c *checker) run() {
	id, ok := c.identity()
	if !ok {
		return
	}
	c.r.Identity = id
	c.version = id.Version
	c.r.Unit, c.r.AsOf = id.Unit, id.AsOf
	c.r.Period, _ = period.Parse(id.Period) // signed: it is what the template was made for
	if !c.ctx.Period.IsZero() && c.r.Period != c.ctx.Period {
		c.addf(finding.PeriodMismatch, finding.Finding{}, "这是%s的模板，本次回收的是%s：请用%s下发的模板填报",
			period.Label(id.Period), c.ctx.Period.Label(), c.ctx.Period.Label())
	}
	if !c.ctx.reporting[id.Unit] {
		c.addf(finding.UnitUnknown, finding.Finding{}, "模板所属的单位“%s”不在当前任务清单中：请核对任务清单", id.Unit)
	}
	c.plan = c.ctx.Plan
	if id.Plan != c.ctx.fingerprint {
		if c.ctx.PlanFor != nil {
			if p := c.ctx.PlanFor(id.Plan); p != nil {
				c.plan = p
			}
		}
		c.addf(finding.PlanChanged, finding.Finding{}, "生成此模板后任务清单有更新：已按生成模板时的任务清单核对预填内容")
	}
	c.sender()
	c.asOf, _ = time.Parse(time.DateOnly, id.AsOf)
	c.issued, _ = time.Parse(time.DateOnly, c.plan.Settings.Issued)
	if !c.wb.HasFill {
		c.addf(finding.HeaderChanged, finding.Finding{Sheet: template.SheetFill}, "找不到“%s”工作表：请勿改动工作表名称", template.SheetFill)
		return
	}
	if !c.headers() {
		return
	}
	c.rows(id)
	c.footer()
}

// identity finds, reads and verifies the template's identity.
func (c *checker) identity() (*template.Identity, bool) {
	if !c.wb.HasIdentity {
		c.addf(finding.NotTemplate, finding.Finding{}, "不是本办公室下发的填报模板（找不到模板标识）：请使用下发的模板填报，不要复制到新工作簿")
		return nil, false
	}
	id, err := template.IdentityFromCells(c.wb.Identity)
	if err != nil {
		c.addf(finding.Tampered, finding.Finding{Sheet: template.SheetIdentity}, "模板标识不完整或被改动：请使用下发的原模板填报")
		return nil, false
	}
	if !template.Known(id.Version) {
		c.addf(finding.NotTemplate, finding.Finding{Sheet: template.SheetIdentity}, "模板格式版本（%d）与本程序不符：请使用本期下发的模板", id.Version)
		return nil, false
	}
	if id.Workspace != c.ctx.WorkspaceID {
		c.addf(finding.NotTemplate, finding.Finding{Sheet: template.SheetIdentity}, "这是其他工作区（其他办公室或重建前的工作区）生成的模板：请使用本办公室下发的模板")
		return nil, false
	}
	if !id.Verify(c.ctx.Key) {
		c.addf(finding.Tampered, finding.Finding{Sheet: template.SheetIdentity}, "模板的隐藏标识被改动（签名不符）：请使用下发的原模板重新填报")
		return nil, false
	}
	return &id, true
}

func (c *checker) sender() {
	if c.in.Sender == "" {
		return
	}
	u := c.ctx.Plan.Unit(c.r.Unit)
	if u == nil || u.Email == "" {
		return
	}
	if !strings.EqualFold(strings.TrimSpace(u.Email), c.in.Sender) {
		c.addf(finding.SenderMismatch, finding.Finding{}, "发件人 %s 不是%s登记的邮箱 %s：请核实是否为该单位报送", c.in.Sender, c.r.Unit, u.Email)
	}
}
