package receipt

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
)

// VerdictLabel is the verdict in the office's words.
func VerdictLabel(v string) string {
	if v == intake.Accepted {
		return "已接收"
	}
	return "退回修改"
}

func periodLine(r *store.Record) string {
	p := Period(r)
	s := p.Label()
	if r.Period == p {
		if t, err := time.Parse(time.DateOnly, r.AsOf); err == nil {
			s += "（截至" + period.DateLabel(t) + "）"
		}
	} else {
		s += "（截至" + period.DateLabel(p.Last()) + "）"
	}
	return s
}

func receivedLine(r *store.Record) string {
	s := r.Name()
	if r.Sender != "" {
		s += "（发件人 " + r.Sender + "）"
	}
	return intake.PrintableLine(s) // names from outside, and records made before intake cleaned them
}

// timeLine says when the unit sent the return and when the office received it, and whether
// it was late.
func timeLine(r *store.Record) string {
	s := r.Sent.Local().Format("2006年1月2日 15:04") + " 发送，" + r.ReceivedAt.Local().Format("2006年1月2日 15:04") + " 收到"
	if r.Accepted() && r.Late() {
		if due, err := time.Parse(time.DateOnly, r.Due); err == nil {
			s += "（逾期报送：报送截止为" + period.DateLabel(due) + "）"
		}
	}
	return s
}

// filesLine lists the files of a kind kept with the return — the other attachments of its
// e-mail, or the pictures taken out of its cells — or "" when none.
func filesLine(ev []store.Evidence, kind string) string {
	var names []string
	for _, e := range ev {
		if e.Kind == kind {
			names = append(names, e.Name)
		}
	}
	return intake.PrintableLine(strings.Join(names, "、"))
}

// Resubmit is the day a returned unit should send its corrected return by: the 报送截止 of
// the collection, or, when that is past on the day the return was received, that day and the
// plan's 重新报送天数.
func Resubmit(p *plan.Plan, r *store.Record) time.Time {
	due, err := time.Parse(time.DateOnly, r.Due)
	if err != nil || r.Period != Period(r) {
		due = Period(r).DefaultDue()
	}
	got := r.ReceivedAt.Local()
	day := time.Date(got.Year(), got.Month(), got.Day(), 0, 0, 0, 0, time.UTC)
	if day.Before(due) {
		return due
	}
	days := p.Settings.ResubmitDays
	if days <= 0 {
		days = plan.DefaultResubmitDays
	}
	return day.AddDate(0, 0, days)
}

// headers maps the columns of a return's 进展填报 sheet to their header texts (the unit's own
// file, whatever its layout version).
func headers(wb *intake.Workbook) map[int]string {
	out := map[int]string{}
	if wb == nil {
		for i, h := range template.Columns {
			out[i+1] = h
		}
		return out
	}
	for _, row := range wb.Fill {
		found := false
		for _, c := range row.Cells {
			if strings.TrimSpace(c.Value) == template.ColStatus {
				found = true
			}
		}
		if found {
			for _, c := range row.Cells {
				out[c.Col] = strings.TrimSpace(c.Value)
			}
			break
		}
	}
	return out
}

// Place says where a finding is, as a clerk finds it in the file: "第21行「完成状态」栏（任务4措施1）"
// — the row and the column's header, and the task and measure unless the message names them.
// A finding about the whole file has no place; the template's hidden parts are never named.
func Place(f finding.Finding, cols map[int]string) string {
	var s string
	if f.Sheet == template.SheetFill && f.Cell != "" {
		if col, row, ok := xlsx.ParseCell(f.Cell); ok {
			s = "第" + strconv.Itoa(row) + "行"
			if h := cols[col]; h != "" && len([]rune(h)) <= 12 {
				s += "「" + h + "」栏"
			} else {
				s += "第" + strconv.Itoa(col) + "列"
			}
		}
	}
	if f.Task > 0 {
		tm := "任务" + strconv.Itoa(f.Task)
		if f.Measure > 0 {
			tm += "措施" + strconv.Itoa(f.Measure)
		}
		if !strings.Contains(f.Message, tm) {
			if s == "" {
				s = tm
			} else {
				s += "（" + tm + "）"
			}
		}
	}
	return s
}

// Text is the short text version of a receipt, for the body of an e-mail.
func Text(p *plan.Plan, a Answer) string {
	r := a.Record
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n进展填报回执\n\n", p.Title)
	fmt.Fprintf(&b, "报送单位：%s\n期次：%s\n收到的文件：%s\n发送和收到时间：%s\n", r.Unit, periodLine(r), receivedLine(r), timeLine(r))
	if f := filesLine(a.Evidence, store.EvidenceAttachment); f != "" {
		fmt.Fprintf(&b, "随附文件（已存档）：%s\n", f)
	}
	if f := filesLine(a.Evidence, store.EvidencePicture); f != "" {
		fmt.Fprintf(&b, "单元格中的图片（已另存为佐证材料）：%s\n", f)
	}
	fmt.Fprintf(&b, "结论：%s（错误 %d 条，提醒 %d 条）\n\n", VerdictLabel(r.Verdict), r.Errors, r.Warnings)
	fmt.Fprintf(&b, "%s\n", note(p, r))
	cols := headers(a.Workbook)
	for i, f := range r.Findings {
		where := Place(f, cols)
		if where != "" {
			where += "："
		}
		fmt.Fprintf(&b, "%d. [%s] %s%s\n", i+1, f.Severity.Label(), where, f.Message)
	}
	b.WriteString("\n" + strings.Join(signature(p, r), "\n") + "\n")
	return intake.Printable(b.String())
}

// note is what the unit is asked to do.
func note(p *plan.Plan, r *store.Record) string {
	switch {
	case r.Verdict != intake.Accepted:
		return fmt.Sprintf("报送未被接收：请在原模板中按下列问题修改，于%s前重新报送。", period.DateLabel(Resubmit(p, r)))
	case r.Warnings > 0:
		return "报送已接收，感谢配合。以下提醒请核实，如有需要请在下期填报中更正："
	}
	return "报送已接收，感谢配合。"
}

// signature is the receipt's 落款: the office, the day, whom to call.
func signature(p *plan.Plan, r *store.Record) []string {
	var out []string
	if office := p.Settings.Office; office != "" {
		out = append(out, office)
	}
	out = append(out, period.DateLabel(r.ReceivedAt.Local()))
	if p.Settings.Contact != "" || p.Settings.Phone != "" {
		out = append(out, strings.TrimSpace("联系人："+p.Settings.Contact+"  电话："+p.Settings.Phone))
	}
	return out
}
