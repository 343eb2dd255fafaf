package post

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"taizhang/internal/compose"
	"taizhang/internal/finding"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
	"taizhang/internal/template"
)

// Kinds of letters.
const (
	Templates = "templates" // 填报模板: one per unit, its template attached
	Receipts  = "receipts"  // 回执: a reply to each return, its receipt attached
	Reminders = "reminders" // 催报: to units not reported or returned, their template again
)

// KindLabel is a kind as the office reads it.
func KindLabel(kind string) string {
	switch kind {
	case Templates:
		return "填报模板"
	case Receipts:
		return "回执"
	case Reminders:
		return "催报"
	}
	return kind
}

// Letter is one message to write: to one unit, of one kind. Problem, when not empty, says in
// Chinese why it cannot be written (no address for the unit, a file missing).
type Letter struct {
	Kind     string
	Unit     string
	Period   period.Period
	Key      string // what makes it the same message: never sent twice unless asked
	RecordID int64  // the record a receipt answers
	Name     string // the draft's base name, without .eml
	Message  compose.Message
	// Attach is the file to attach, read only when the message is written (a letter sent
	// before costs nothing, and only one letter's file is in memory at a time); Regenerate
	// is the command that makes it again when it is gone.
	Attach     string
	Regenerate string
	Problem    string
}

// Sender is who the letters come from and where returns go back to.
type Sender struct {
	From    compose.Address // the mailbox the letters are sent from
	ReplyTo string          // the plan's 报送邮箱 when it is another address; where returns go
	Domain  string          // for Message-IDs
	Now     time.Time
}

// NewSender is the office as the sender of its letters: its name from the plan, its address
// from the mail settings (else the plan's 报送邮箱).
func NewSender(p *plan.Plan, from string, now time.Time) Sender {
	if from == "" {
		from = p.Settings.Email
	}
	s := Sender{From: compose.Address{Name: p.Settings.Office, Addr: strings.TrimSpace(from)}, Now: now}
	if e := strings.TrimSpace(p.Settings.Email); e != "" && !strings.EqualFold(e, s.From.Addr) {
		s.ReplyTo = e
	}
	if i := strings.LastIndexByte(s.From.Addr, '@'); i >= 0 {
		s.Domain = s.From.Addr[i+1:]
	}
	return s
}

// returnAddress is where units send their returns: the 报送邮箱, else the sending mailbox.
func (s Sender) returnAddress() string {
	if s.ReplyTo != "" {
		return s.ReplyTo
	}
	return s.From.Addr
}

// toUnitWith addresses a letter to its unit's registered address with the unit's template
// attached, or says why it cannot be.
func (l *Letter) toUnitWith(p *plan.Plan, template string) {
	to, problem := unitAddress(p, l.Unit)
	if problem == "" && template == "" {
		problem = "本期还没有给该单位下发模板：请先运行 taizhang template"
	}
	if problem != "" {
		l.Problem = problem
		return
	}
	l.Message.To = []compose.Address{to}
	l.attach(template, "taizhang template")
}

// unitAddress is a unit's registered address, or why there is none.
func unitAddress(p *plan.Plan, unit string) (compose.Address, string) {
	u := p.Unit(unit)
	if u == nil || strings.TrimSpace(u.Email) == "" {
		return compose.Address{}, "单位表中没有该单位的电子邮箱：请在任务清单的“单位”表中填写后更新任务清单（taizhang plan update），或把草稿另行发送"
	}
	a, err := mail.ParseAddress(strings.TrimSpace(u.Email))
	if err != nil {
		return compose.Address{}, fmt.Sprintf("单位表中该单位的电子邮箱“%s”格式不正确：请在任务清单中改正", u.Email)
	}
	return compose.Address{Name: unit, Addr: a.Address}, ""
}

func only(units []string) func(string) bool {
	if len(units) == 0 {
		return func(string) bool { return true }
	}
	set := map[string]bool{}
	for _, u := range units {
		set[u] = true
	}
	return func(u string) bool { return set[u] }
}

// attach names the file the letter carries; a file not there (or empty) is the letter's
// problem.
func (l *Letter) attach(path, regenerate string) {
	l.Attach, l.Regenerate = path, regenerate
	if st, err := os.Stat(path); (err != nil || st.Size() == 0) && l.Problem == "" {
		l.Problem = l.missing()
	}
}

func (l *Letter) missing() string {
	return fmt.Sprintf("找不到要附上的文件 %s：请先重新生成（%s）", filepath.Base(l.Attach), l.Regenerate)
}

// attachment reads the letter's file: its attachment, or why it cannot be read.
func (l *Letter) attachment() ([]compose.Attachment, string) {
	if l.Attach == "" {
		return nil, ""
	}
	data, err := os.ReadFile(l.Attach)
	if err != nil || len(data) == 0 {
		return nil, l.missing()
	}
	return []compose.Attachment{{Name: filepath.Base(l.Attach), Data: data}}, ""
}

func (s Sender) letter(kind, unit string, per period.Period, key, name string) Letter {
	return Letter{Kind: kind, Unit: unit, Period: per, Key: key, Name: name,
		Message: compose.Message{From: s.From, Date: s.Now}}
}

func (s Sender) signature(p *plan.Plan) string {
	var b strings.Builder
	if p.Settings.Contact != "" || p.Settings.Phone != "" {
		b.WriteString("\n联系人：" + p.Settings.Contact)
		if p.Settings.Phone != "" {
			b.WriteString("  电话：" + p.Settings.Phone)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + p.Settings.Office + "\n" + period.DateLabel(s.Now) + "\n")
	return b.String()
}

// TemplateLetters are the letters that send each unit its template of a period: to its
// registered address, the subject of the send list, what to fill, the 报送截止 and where to
// send it back.
func TemplateLetters(w *store.Workspace, p *plan.Plan, per period.Period, units []string, s Sender) ([]Letter, error) {
	list, err := w.SendList(p, per)
	if err != nil {
		return nil, err
	}
	names := plan.FileNames(p.ReportingUnits())
	want := only(units)
	var out []Letter
	for _, it := range list {
		if !want(it.Unit) {
			continue
		}
		l := s.letter(Templates, it.Unit, per, "template/"+per.String()+"/"+it.Unit, names[it.Unit]+"-"+per.Label()+"填报模板")
		l.Message.Subject = it.Subject
		due, _ := time.Parse(time.DateOnly, it.Due)
		var b strings.Builder
		fmt.Fprintf(&b, "%s：\n\n", it.Unit)
		fmt.Fprintf(&b, "现将%s整改进展填报模板发给你单位（见附件“%s”），其中列出你单位负责的 %d 条整改措施。\n", per.Label(), filepath.Base(it.File), it.Rows)
		fmt.Fprintf(&b, "请在附件的工作簿中逐条填写完成状态、进展情况、完成时间和佐证材料，于%s前以附件形式回复本邮件（报送邮箱：%s）。\n",
			period.DateLabel(due), s.returnAddress())
		b.WriteString("请直接填写并发回附件中的工作簿：不要改为其他格式，不要删除或增加行。收到后将回复回执；被退回的请按回执修改后重新报送。\n")
		b.WriteString(s.signature(p))
		l.Message.Text = b.String()
		l.toUnitWith(p, it.File)
		out = append(out, l)
	}
	return out, nil
}

// ReceiptLetters are the letters that answer each return of a period with its receipt: to
// the address it came from, as a reply to that message (a file that came on its own: to the
// unit's registered address), the receipt workbook attached and its text as the body.
func ReceiptLetters(w *store.Workspace, p *plan.Plan, per period.Period, units []string, s Sender) ([]Letter, error) {
	recs, err := w.Records(per)
	if err != nil {
		return nil, err
	}
	want := only(units)
	var out []Letter
	for _, r := range recs {
		if receipt.Period(r) != per || !receipt.Wanted(r) || r.Receipt == "" || !want(r.Unit) {
			continue
		}
		file := receipt.File(w, r)
		base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		l := s.letter(Receipts, r.Unit, per, fmt.Sprintf("receipt/%d", r.ID), base)
		l.RecordID = r.ID
		verdict := receipt.VerdictLabel(r.Verdict)
		l.Message.Subject = fmt.Sprintf("【%s进展填报回执】%s：%s", per.Label(), r.Unit, verdict)
		if sub := strings.TrimSpace(r.Subject); sub != "" {
			l.Message.Subject = "回复：" + sub + "（回执：" + verdict + "）"
		}
		text, terr := os.ReadFile(strings.TrimSuffix(file, filepath.Ext(file)) + ".txt")
		l.attach(file, "taizhang receipts --all")
		if terr != nil && l.Problem == "" {
			l.Problem = "找不到回执的文字版：请重新生成回执（taizhang receipts --all）"
		}
		l.Message.Text = string(text)
		if a, err := mail.ParseAddress(r.Sender); err == nil && r.Sender != "" {
			l.Message.To = []compose.Address{{Name: r.SenderName, Addr: a.Address}}
			if id := strings.Trim(strings.TrimSpace(r.MessageID), "<>"); id != "" {
				l.Message.InReplyTo = id
			}
			// sent from another mailbox than the one registered for the unit (a clerk's own):
			// the unit's registered mailbox gets a copy, so the unit always knows
			if reg, why := unitAddress(p, r.Unit); why == "" && !strings.EqualFold(reg.Addr, a.Address) {
				l.Message.Cc = []compose.Address{reg}
			}
		} else if to, why := unitAddress(p, r.Unit); why == "" {
			l.Message.To = []compose.Address{to}
		} else if l.Problem == "" {
			l.Problem = "这份报送不是从邮件收到的，且" + why
		}
		out = append(out, l)
	}
	return out, nil
}

// ReminderLetters are the letters that chase the units of a period not reported (未报送) or
// returned for correction (退回修改) on the ledger's day: what is missing, the day to send it
// by and their template again. A unit gets at most one reminder a day.
func ReminderLetters(w *store.Workspace, p *plan.Plan, l *ledger.Ledger, units []string, s Sender) ([]Letter, error) {
	list, err := w.SendList(p, l.Period)
	if err != nil {
		return nil, err
	}
	files := map[string]template.SendItem{}
	for _, it := range list {
		files[it.Unit] = it
	}
	names := plan.FileNames(p.ReportingUnits())
	want := only(units)
	day := s.Now.Local().Format(time.DateOnly)
	per := l.Period
	var out []Letter
	for _, u := range l.Units {
		if (u.State != ledger.StateMissing && u.State != ledger.StateReturned) || !want(u.Unit) {
			continue
		}
		lt := s.letter(Reminders, u.Unit, per, "reminder/"+per.String()+"/"+u.Unit+"/"+day, names[u.Unit]+"-"+per.Label()+"催报-"+day)
		it, issued := files[u.Unit]
		var b strings.Builder
		fmt.Fprintf(&b, "%s：\n\n", u.Unit)
		if u.State == ledger.StateMissing {
			lt.Message.Subject = fmt.Sprintf("【催报】%s进展填报：%s尚未报送", per.Label(), u.Unit)
			due := per.DefaultDue()
			if issued {
				due, _ = time.Parse(time.DateOnly, it.Due)
			}
			fmt.Fprintf(&b, "截至%s，尚未收到你单位%s的整改进展报送（报送截止：%s）。\n", period.DateLabel(s.Now), per.Label(), period.DateLabel(due))
			b.WriteString("请尽快填写附件中的填报模板，以附件形式回复本邮件。\n")
		} else {
			lt.Message.Subject = fmt.Sprintf("【催报】%s进展填报：%s的报送被退回，请修改后重新报送", per.Label(), u.Unit)
			last, err := lastReturned(w, u.Unit, per)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "你单位%s的报送", per.Label())
			if last != nil {
				fmt.Fprintf(&b, "（%s收到）", period.DateLabel(last.ReceivedAt.Local()))
			}
			b.WriteString("有错误，已退回修改，目前还没有收到修改后的报送。")
			if last != nil {
				by := receipt.Resubmit(p, last)
				today := s.Now.Local()
				if by.Before(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
					fmt.Fprintf(&b, "重新报送期限（%s）已过，请尽快按回执改正后重新报送。", period.DateLabel(by))
				} else {
					fmt.Fprintf(&b, "请于%s前按回执改正后重新报送。", period.DateLabel(by))
				}
			}
			b.WriteString("\n")
			if last != nil {
				writeErrors(&b, last.Findings)
			}
			b.WriteString("\n可以在原来的工作簿上改正后发回；附件是本期的填报模板，也可以重新填写。\n")
		}
		b.WriteString(s.signature(p))
		lt.Message.Text = b.String()
		lt.toUnitWith(p, it.File)
		out = append(out, lt)
	}
	return out, nil
}

// lastReturned is the unit's last rejected return of the period.
func lastReturned(w *store.Workspace, unit string, per period.Period) (*store.Record, error) {
	recs, err := w.Records(per)
	if err != nil {
		return nil, err
	}
	var last *store.Record
	for _, r := range recs {
		if r.Unit == unit && r.Period == per && !r.Accepted() && r.Withdrawn == nil {
			last = r
		}
	}
	return last, nil
}

// writeErrors lists a return's errors for the unit, at most ten, each with its measure.
func writeErrors(b *strings.Builder, fs finding.List) {
	var errs []finding.Finding
	for _, f := range fs {
		if f.Severity == finding.Error {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return
	}
	b.WriteString("\n需要改正的问题：\n")
	for i, f := range errs {
		if i == 10 {
			fmt.Fprintf(b, "  ……另有 %d 处，见回执\n", len(errs)-10)
			break
		}
		where := ""
		if f.Task > 0 && f.Measure > 0 && !strings.Contains(f.Message, fmt.Sprintf("任务%d措施%d", f.Task, f.Measure)) {
			where = fmt.Sprintf("任务%d措施%d：", f.Task, f.Measure)
		}
		fmt.Fprintf(b, "  %d. %s%s\n", i+1, where, f.Message)
	}
}
