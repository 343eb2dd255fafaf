package validate

import (
	"strconv"
	"strings"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

// short reports whether a cell is short enough to be a header or a label: long text (a
// measure, progress) is never compared, which saves normalising it.
func short(v string) bool { return len(v) < 64 }

// headers finds the header row and checks every header text.
func (c *checker) headers() bool {
	for _, row := range c.wb.Fill {
		for _, cell := range row.Cells {
			if short(cell.Value) && norm(cell.Value) == template.ColStatus {
				c.header = row.Row
				break
			}
		}
		if c.header > 0 {
			break
		}
	}
	if c.header == 0 {
		c.addf(finding.HeaderChanged, finding.Finding{Sheet: template.SheetFill}, "找不到表头（“%s”等）：请勿改动表头", template.ColStatus)
		return false
	}
	c.cols = map[string]int{}
	row := c.row(c.header)
	for _, cell := range row.Cells {
		c.cols[norm(cell.Value)] = cell.Col
	}
	ok := true
	for i, h := range template.ColumnsOf(c.version) {
		if _, found := c.cols[h]; !found {
			c.addf(finding.HeaderChanged, finding.Finding{Cell: xlsx.Cell(i+1, c.header)}, "表头“%s”被改动或删除：请恢复原表头", h)
			ok = false
		}
	}
	return ok
}

func (c *checker) row(n int) *scan.Row {
	for i := range c.wb.Fill {
		if c.wb.Fill[i].Row == n {
			return &c.wb.Fill[i]
		}
	}
	return &scan.Row{Row: n}
}

// footerStart is the first row holding a footer label, or 0.
func (c *checker) footerStart() int {
	for _, row := range c.wb.Fill {
		if row.Row <= c.header {
			continue
		}
		for _, cell := range row.Cells {
			if isLabel(cell.Value) {
				return row.Row
			}
		}
	}
	return 0
}

func (c *checker) cell(row *scan.Row, header string) (*scan.Cell, string) {
	col := c.cols[header]
	ref := xlsx.Cell(col, row.Row)
	if cell := row.Cell(col); cell != nil {
		return cell, ref
	}
	return &scan.Cell{Col: col}, ref
}

// rows matches the data rows with the identity's row keys and checks each.
func (c *checker) rows(id *template.Identity) {
	expected := map[string]int{}
	for i, k := range id.Rows {
		expected[k] = i
	}
	planRows := map[string]template.Row{}
	for _, pr := range c.ctx.rows(c.plan, id.Unit) {
		planRows[pr.Key()] = pr
	}
	end := c.footerStart()
	seen := map[string]bool{}
	var prev map[string]intake.Entry
	if c.ctx.Previous != nil {
		prev = c.ctx.Previous(id.Unit, c.r.Period)
	}
	for i := range c.wb.Fill {
		row := &c.wb.Fill[i]
		if row.Row <= c.header || (end > 0 && row.Row >= end) {
			continue
		}
		tc, tref := c.cell(row, template.ColTask)
		mc, _ := c.cell(row, template.ColMeasure)
		key, keyOK := rowKey(tc.Value, mc.Value)
		_, known := expected[key]
		if c.keyFormulas(row, key, keyOK && known && !seen[key]) {
			continue // not the template's row: the formula is what to fix
		}
		if !keyOK {
			if rowHasContent(row) {
				c.addf(finding.RowAdded, finding.Finding{Cell: tref}, "第%d行不是模板中的措施行（任务序号、措施序号为空或无效）：请勿增加行，内容请填在对应措施行中", row.Row)
			}
			continue
		}
		t, m, _ := plan.ParseRowKey(key)
		if _, ok := expected[key]; !ok {
			c.addf(finding.RowAdded, finding.Finding{Cell: tref, Task: t, Measure: m}, "任务%d措施%d不是本单位模板中的行：请勿增加或复制行", t, m)
			continue
		}
		if seen[key] {
			c.addf(finding.RowAdded, finding.Finding{Cell: tref, Task: t, Measure: m}, "任务%d措施%d重复出现：请删除多余的行，每条措施只填一行", t, m)
			continue
		}
		seen[key] = true
		c.checkRow(row, t, m, planRows[key], prev)
	}
	for i, k := range id.Rows {
		if seen[k] {
			continue
		}
		t, m, _ := plan.ParseRowKey(k)
		c.addf(finding.RowMissing, finding.Finding{Cell: xlsx.Cell(1, c.header+1+i), Task: t, Measure: m},
			"任务%d措施%d的行被删除：请使用原模板，不要删除行", t, m)
	}
}

// keyFormulas reports a formula in a row's prefilled numbers (任务序号, 措施序号): they say
// which measure the row is, and a formula there is never the template's, even when its cached
// value is the right number. matched says the numbers still name one of the template's rows,
// which is then checked as usual; otherwise it reports whether there was a formula.
func (c *checker) keyFormulas(row *scan.Row, key string, matched bool) bool {
	t, m, _ := plan.ParseRowKey(key)
	if !matched {
		t, m = 0, 0
	}
	found := false
	for _, h := range []string{template.ColTask, template.ColMeasure} {
		cell, ref := c.cell(row, h)
		if cell.Formula == "" {
			continue
		}
		found = true
		c.addf(finding.LockedChanged, finding.Finding{Cell: ref, Task: t, Measure: m},
			"第%d行的“%s”中是公式（=%s），预填的序号不能修改：请使用原模板，恢复为原来的序号", row.Row, h, clip(cell.Formula, 40))
	}
	return found && !matched
}

func rowKey(task, measure string) (string, bool) {
	t, ok1 := number(task)
	m, ok2 := number(measure)
	if !ok1 || !ok2 {
		return "", false
	}
	return plan.RowKey(t, m), true
}

// number reads a row number typed as 3, 3.0 or "３".
func number(s string) (int, bool) {
	s = xlsx.Normalize(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f > 0 && f < 100000 {
		return int(f), true
	}
	return 0, false
}

func rowHasContent(row *scan.Row) bool {
	for _, c := range row.Cells {
		if strings.TrimSpace(c.Value) != "" || c.Formula != "" {
			return true
		}
	}
	return false
}
