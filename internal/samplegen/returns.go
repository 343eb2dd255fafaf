package samplegen

import (
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"math/rand"
	"path"
	"sort"
	"time"

	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/template"
	"taizhang/templates"
)

// The demo workspace signs with a key everyone can see, so that the bundled returns verify in
// every demo. A real workspace's key is random and secret.
var (
	DemoKey = func() []byte {
		s := sha256.Sum256([]byte("taizhang 示例工作区（公开密钥，仅供演示）"))
		return s[:]
	}()
	DemoID = "demo-changbaishan-2022"
)

// Periods of the sample story.
var Periods = []period.Period{period.MustParse("2022-07"), period.MustParse("2022-08")}

// File is one sample return: where it goes under samples/returns and its bytes.
type File struct {
	Path     string
	Data     []byte
	Note     string // what the file shows, for samples/README.md
	Accepted bool   // the verdict collecting it must give
}

// Folders of the story under samples/returns.
const (
	Inbox     = "收件箱"
	LateInbox = "补报"
)

// Story makes the two-month story of returns for the reviewed sample plan.
func Story(p *plan.Plan) ([]File, error) {
	s := &story{p: p, prev: map[string]map[string]string{}, doneOn: map[string]map[string]time.Time{},
		last: map[string]map[string]fill.Row{}, lastAt: map[string]period.Period{}}
	var files []File
	for _, per := range Periods {
		fs, err := s.month(per.String())
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

type story struct {
	p      *plan.Plan
	last   map[string]map[string]fill.Row  // unit → key → its last accepted row
	lastAt map[string]period.Period        // unit → the period of that return
	prev   map[string]map[string]string    // unit → key → last accepted status
	doneOn map[string]map[string]time.Time // unit → key → completion date
	july   map[string][]byte               // July's returns, by unit (经发局 sends its again)
}

// missing are the units that do not report in a period.
var missing = map[string][]string{
	"2022-07": {"融媒体中心", "河长办", "执法支队", "审计局"},
	"2022-08": {"河长办"},
}

func rngFor(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewSource(int64(h.Sum64() & 0x7fffffffffffffff)))
}

func (s *story) spec(unit, month string) template.Spec {
	per := period.MustParse(month)
	first := per.First()
	asOf := first.AddDate(0, 1, -1)
	spec := template.Spec{Plan: s.p, Unit: unit, Period: per, AsOf: asOf, Due: per.DefaultDue(),
		Workspace: DemoID, Key: DemoKey, Master: templates.ProgressMaster, Rows: rowsFor(s.p, unit, per)}
	// the template as the office issues it: the unit's last accepted progress in 上期进展,
	// its completions prefilled
	if rows := s.last[unit]; rows != nil && s.lastAt[unit].Before(per) {
		spec.Previous = map[string]template.Previous{}
		for k, r := range rows {
			done := ""
			if !r.Done.IsZero() {
				done = r.Done.Format(time.DateOnly)
			}
			spec.Previous[k] = template.Previous{Period: s.lastAt[unit], Status: r.Status, Progress: r.Progress, DoneDate: done, Evidence: r.Evidence}
		}
	}
	return spec
}

// form is what a unit honestly reports in a period.
func (s *story) form(unit, period string) fill.Form {
	sp := s.spec(unit, period)
	rng := rngFor(unit, period)
	contact := contacts[unit]
	f := fill.Form{Rows: map[string]fill.Row{}, Filler: contact[0], Phone: contact[1],
		Checker: "单位负责人", FillDate: sp.AsOf.AddDate(0, 0, 1+rng.Intn(4))}
	if s.prev[unit] == nil {
		s.prev[unit], s.doneOn[unit] = map[string]string{}, map[string]time.Time{}
	}
	issued, _ := time.Parse(time.DateOnly, s.p.Settings.Issued)
	first := sp.AsOf.AddDate(0, -1, 1)
	for _, r := range sp.Rows {
		m := rowKeyed(s.p, r.Key())
		status := statusFor(m, unit, sp.AsOf, s.prev[unit][r.Key()], rng)
		done := s.doneOn[unit][r.Key()]
		if status == plan.StatusDone && done.IsZero() {
			// done this month, on or before the as-of date and the due date, after the plan
			latest := sp.AsOf
			if due, ok := m.Deadline.DueOn(sp.AsOf); ok && due.Before(latest) && due.After(issued) {
				latest = due
			}
			earliest := first
			if latest.Before(earliest) {
				earliest = issued
			}
			span := int(latest.Sub(earliest).Hours()/24) + 1
			done = earliest.AddDate(0, 0, rng.Intn(max(span, 1)))
		}
		if status != plan.StatusDone {
			done = time.Time{}
		}
		progress, ev, problems, next := progressFor(s.p, m, unit, status, period, done, rng)
		if last, ok := s.last[unit][r.Key()]; ok && status == plan.StatusDone && last.Status == plan.StatusDone {
			// completed before: the unit confirms what its template came prefilled with
			progress, ev, problems, next = last.Progress, last.Evidence, "", ""
		}
		f.Rows[r.Key()] = fill.Row{Status: status, Progress: progress, Done: done, Evidence: ev, Problems: problems, Next: next}
	}
	return f
}

// accept remembers what a unit's accepted return said, for the next month.
func (s *story) accept(unit string, f fill.Form, month string) {
	s.last[unit] = copyRows(f.Rows)
	s.lastAt[unit] = period.MustParse(month)
	for k, r := range f.Rows {
		s.prev[unit][k] = r.Status
		if r.Status == plan.StatusDone {
			s.doneOn[unit][k] = r.Done
		} else {
			delete(s.doneOn[unit], k)
		}
	}
}

func (s *story) month(period string) ([]File, error) {
	var files []File
	skip := map[string]bool{}
	for _, u := range missing[period] {
		skip[u] = true
	}
	if period == "2022-07" {
		s.july = map[string][]byte{}
	}
	dir := path.Join(period, Inbox)
	for _, unit := range s.p.ReportingUnits() {
		if skip[unit] {
			continue
		}
		spec := s.spec(unit, period)
		if len(spec.Rows) == 0 {
			continue // every measure of the unit is closed: no template, nothing to return
		}
		f := s.form(unit, period)
		name := unit + ".xlsx"
		note := "正常报送"
		var edit func(*fill.Book) error
		accepted := true
		lastKey := spec.Rows[len(spec.Rows)-1].Key()
		switch {
		case period == "2022-07" && unit == "住建局":
			// a wrong status word; the corrected file follows in 补报
			bad := f
			bad.Rows = copyRows(f.Rows)
			r := bad.Rows[lastKey]
			r.Status = "完成"
			bad.Rows[lastKey] = r
			data, err := fill.Return(spec, bad, nil)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Path: path.Join(dir, name), Data: data, Note: "完成状态写成“完成”（不是可选项）：退回修改"})
			data, err = fill.Return(spec, f, nil)
			if err != nil {
				return nil, err
			}
			// sent on the 报送截止 (the 5th), opened by the office on the 7th: on time
			mail := Mail{From: contacts[unit][2], FromName: contacts[unit][0], To: Email, Subject: "住建局7月进展（更正）",
				Date: time.Date(2022, 8, 5, 16, 30, 0, 0, time.FixedZone("CST", 8*3600)), Name: "住建局-更正.xlsx", Charset: "UTF-8", Data: data}
			files = append(files, File{Path: path.Join(period, LateInbox, "住建局-更正.eml"), Data: mail.Bytes(),
				Note: "住建局按回执更正后于8月5日（报送截止日）用邮件重新报送，办公室8月7日才收取：按发送时间计为按时报送，接收，取代被退回的报送", Accepted: true})
			s.accept(unit, f, period)
			continue
		case period == "2022-07" && unit == "规划资源局":
			key := firstWith(f, plan.StatusOnTrack, lastKey)
			r := f.Rows[key]
			r.Status, r.Problems, r.Next, r.Done, r.Evidence = plan.StatusBehind, "", "", time.Time{}, ""
			f.Rows[key] = r
			note, accepted = "填报“滞后”但未写存在问题和下步计划：退回修改（7月未更正）", false
		case period == "2022-07" && unit == "池西区":
			key := firstWith(f, plan.StatusOnTrack, lastKey)
			r := f.Rows[key]
			r.Status, r.Done, r.Evidence = plan.StatusDone, time.Date(2022, 8, 10, 0, 0, 0, 0, time.UTC), "验收报告"
			f.Rows[key] = r
			note, accepted = "完成时间填成了截至日期之后的2022年8月10日：退回修改", false
		case period == "2022-07" && unit == "经发局":
			data, err := fill.Return(spec, f, nil)
			if err != nil {
				return nil, err
			}
			s.july[unit] = data
			mail := Mail{From: contacts[unit][2], FromName: contacts[unit][0], To: Email, Subject: "经发局7月整改进展",
				Date: time.Date(2022, 8, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)), Name: "经发局2022年7月进展填报.xlsx", Charset: "UTF-8", Data: data}
			files = append(files, File{Path: path.Join(dir, "经发局-7月进展.eml"), Data: mail.Bytes(), Note: "邮件报送（附件名 UTF-8，RFC 2231 编码）：接收", Accepted: true})
			s.accept(unit, f, period)
			continue
		case period == "2022-08" && unit == "经发局":
			// last month's file, sent again unchanged
			mail := Mail{From: contacts[unit][2], FromName: contacts[unit][0], To: Email, Subject: "经发局8月整改进展",
				Date: time.Date(2022, 9, 2, 10, 5, 0, 0, time.FixedZone("CST", 8*3600)), Name: "经发局2022年7月进展填报.xlsx", Charset: "UTF-8", Data: s.july[unit]}
			files = append(files, File{Path: path.Join(dir, "经发局-8月进展.eml"), Data: mail.Bytes(),
				Note: "误把7月的文件原样再发一次：与7月的报送完全相同，不是8月的模板，退回修改"})
			// after the receipt, the right file, sent after the 报送截止: 逾期报送
			data, err := fill.Return(spec, f, nil)
			if err != nil {
				return nil, err
			}
			late := Mail{From: contacts[unit][2], FromName: contacts[unit][0], To: Email, Subject: "经发局8月整改进展（补报）",
				Date: time.Date(2022, 9, 6, 11, 20, 0, 0, time.FixedZone("CST", 8*3600)), Name: "经发局2022年8月进展填报.xlsx", Charset: "UTF-8", Data: data}
			files = append(files, File{Path: path.Join(period, LateInbox, "经发局-8月补报.eml"), Data: late.Bytes(),
				Note: "收到回执后于9月6日补报8月的模板（报送截止为9月5日）：接收，计为逾期报送", Accepted: true})
			s.accept(unit, f, period)
			continue
		case period == "2022-08" && unit == "农业水利局":
			delete(f.Rows, lastKey)
			k := lastKey
			edit = func(fb *fill.Book) error { return fb.DeleteRow(k) }
			note, accepted = "删除了一行措施：退回修改", false
		case period == "2022-08" && unit == "池南区":
			key := firstWith(f, plan.StatusDone, "")
			if key != "" {
				r := f.Rows[key]
				if d := s.doneOn[unit][key]; !d.IsZero() {
					r.Done = d
				}
				r.DoneText, r.Done = fmt.Sprintf("%d年%d月%d日", r.Done.Year(), int(r.Done.Month()), r.Done.Day()), time.Time{}
				f.Rows[key] = r
			}
			note = "完成时间以文字“2022年8月x日”填写：能识别，接收"
		case period == "2022-08" && unit == "池北区":
			data, err := fill.Return(spec, f, nil)
			if err != nil {
				return nil, err
			}
			mail := Mail{From: contacts[unit][2], FromName: contacts[unit][0], To: Email, Subject: "池北区8月份整改进展情况",
				Date: time.Date(2022, 9, 3, 16, 40, 0, 0, time.FixedZone("CST", 8*3600)), Name: "池北区8月份进展填报表.xlsx", Charset: "GBK", Data: data}
			files = append(files, File{Path: path.Join(dir, "池北区-8月.eml"), Data: mail.Bytes(),
				Note: "Foxmail 式邮件：附件名为 GBK 编码的 RFC 2047（写在 filename 参数中）：接收", Accepted: true})
			s.accept(unit, f, period)
			continue
		case period == "2022-08" && unit == "融媒体中心":
			note = "7月未报送，8月补上"
		}
		data, err := fill.Return(spec, f, edit)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", unit, period, err)
		}
		files = append(files, File{Path: path.Join(dir, name), Data: data, Note: note, Accepted: accepted})
		if accepted {
			s.accept(unit, f, period)
		}
	}
	return files, nil
}

func copyRows(m map[string]fill.Row) map[string]fill.Row {
	out := map[string]fill.Row{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// firstWith is the first row key (in template order) with the status, else fallback.
func firstWith(f fill.Form, status, fallback string) string {
	var keys []string
	for k, r := range f.Rows {
		if r.Status == status {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return fallback
	}
	sort.Slice(keys, func(i, j int) bool {
		ti, mi, _ := plan.ParseRowKey(keys[i])
		tj, mj, _ := plan.ParseRowKey(keys[j])
		if ti != tj {
			return ti < tj
		}
		return mi < mj
	})
	return keys[0]
}
