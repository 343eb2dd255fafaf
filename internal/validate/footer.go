package validate

import (
	"regexp"
	"strings"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"time"
)

// footer reads and checks the contact block.
func (c *checker) footer() {
	start := c.footerStart()
	get := func(label string) (string, string, bool) {
		want := norm(label)
		for _, row := range c.wb.Fill {
			if start == 0 || row.Row < start {
				continue
			}
			for i, cell := range row.Cells {
				if !short(cell.Value) || norm(cell.Value) != want {
					continue
				}
				ref := xlsx.Cell(c.wb.MergedEnd(cell.Col, row.Row)+1, row.Row)
				for _, next := range row.Cells[i+1:] {
					if isLabel(next.Value) {
						break
					}
					if next.Formula != "" {
						c.addf(finding.FormulaInCell, finding.Finding{Cell: xlsx.Cell(next.Col, row.Row)}, "“%s”中是公式：请直接填写文字", strings.TrimSuffix(label, "："))
						return "", xlsx.Cell(next.Col, row.Row), true
					}
					if v := cleanText(next.Value); v != "" {
						return v, xlsx.Cell(next.Col, row.Row), true
					}
				}
				return "", ref, true
			}
		}
		return "", "", false
	}
	filler, fref, ok1 := get(template.FootFiller)
	phone, pref, ok2 := get(template.FootPhone)
	checker, _, _ := get(template.FootChecker)
	date, dref, _ := get(template.FootDate)
	c.r.Contact = intake.Contact{Filler: filler, Phone: phone, Checker: checker, FillDate: date}
	if ok1 && filler == "" {
		c.addf(finding.ContactMissing, finding.Finding{Cell: fref}, "未填写填报人")
	}
	if ok2 && phone == "" {
		c.addf(finding.ContactMissing, finding.Finding{Cell: pref}, "未填写联系电话")
	} else if phone != "" && !validPhone(phone) {
		c.addf(finding.PhoneInvalid, finding.Finding{Cell: pref}, "联系电话“%s”不是有效的手机号或固定电话（如 13912345678、0433-5123456）", clip(phone, 20))
	}
	if date != "" {
		if d, ok := xlsx.ParseDate(date, c.wb.Date1904); ok {
			c.r.Contact.FillDate = d.Format(time.DateOnly)
		} else {
			c.addf(finding.DateInvalid, finding.Finding{Cell: dref}, "填报日期“%s”不是日期：请填写如 2022-08-03", clip(date, 20))
		}
	}
}

// footerLabels are the footer labels as norm gives them.
var footerLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range template.FooterLabels {
		m[norm(l)] = true
	}
	return m
}()

func isLabel(s string) bool { return short(s) && footerLabels[norm(s)] }

var (
	reMobile   = regexp.MustCompile(`^(\+?86)?1[3-9]\d{9}$`)
	reLandline = regexp.MustCompile(`^(\(?0\d{2,3}\)?)?[2-9]\d{6,7}((转|ext|x)\d{1,6})?$`)
)

// validPhone accepts mobile numbers and landlines with or without area code, separated by
// spaces, dashes or brackets; several numbers separated by 、，/ are each checked.
func validPhone(s string) bool {
	s = xlsx.Normalize(s)
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，/;；", r) }) {
		p := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' || r == '—' {
				return -1
			}
			return r
		}, part)
		if !reMobile.MatchString(p) && !reLandline.MatchString(p) {
			return false
		}
	}
	return s != ""
}
