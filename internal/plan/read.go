package plan

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
)

// locations says in which cell each part of a plan lives, so that findings can point there.
type locations struct {
	taskRow    map[int]int
	measureRow map[[2]int]int
	unitRow    map[string]int
	settingRow map[string]int
	taskCol    map[string]string // header → column letters
	measureCol map[string]string
	unitCol    map[string]string
}

func (l *locations) task(no int, header string) finding.Finding {
	return finding.Finding{Sheet: SheetTasks, Cell: cellAt(l.taskCol[header], l.taskRow[no]), Task: no}
}

func (l *locations) measure(t, m int, header string) finding.Finding {
	return finding.Finding{Sheet: SheetMeasures, Cell: cellAt(l.measureCol[header], l.measureRow[[2]int{t, m}]), Task: t, Measure: m}
}

func (l *locations) unit(name, header string) finding.Finding {
	return finding.Finding{Sheet: SheetUnits, Cell: cellAt(l.unitCol[header], l.unitRow[name])}
}

func (l *locations) setting(key string) finding.Finding {
	return finding.Finding{Sheet: SheetSettings, Cell: cellAt("B", l.settingRow[key])}
}

func cellAt(col string, row int) string {
	if col == "" || row == 0 {
		return ""
	}
	return col + strconv.Itoa(row)
}

// layoutLocations are the cells where Workbook writes a plan.
func layoutLocations(p *Plan) *locations {
	l := &locations{taskRow: map[int]int{}, measureRow: map[[2]int]int{}, unitRow: map[string]int{}, settingRow: map[string]int{},
		taskCol: columnsOf(taskColumns), measureCol: columnsOf(measureColumns), unitCol: columnsOf(unitColumns)}
	r := 2
	for i, t := range p.Tasks {
		if _, ok := l.taskRow[t.No]; !ok {
			l.taskRow[t.No] = i + 2
		}
		for _, m := range t.Measures {
			l.measureRow[[2]int{t.No, m.No}] = r
			r++
		}
	}
	for i, u := range p.Units {
		l.unitRow[u.Name] = i + 2
	}
	for i, kv := range settingRows(p) {
		l.settingRow[kv[0]] = i + 2
	}
	return l
}

func columnsOf(cols []column) map[string]string {
	m := map[string]string{}
	for i, c := range cols {
		m[c.Header] = xlsx.ColName(i + 1)
	}
	return m
}

// ReadFile reads a plan workbook. The error is for a file that cannot be opened at all; every
// problem inside it is a finding.
func ReadFile(path string) (*Plan, finding.List, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return Read(data)
}

// Read reads a plan workbook from its bytes and checks it.
func Read(data []byte) (*Plan, finding.List, error) {
	wb, err := scan.Whole(data, scan.WholeLimits)
	if err != nil {
		return nil, nil, fmt.Errorf("不是可读的 Excel 工作簿（.xlsx）：%w", err)
	}
	defer wb.Close()
	r := &reader{wb: wb, loc: &locations{taskRow: map[int]int{}, measureRow: map[[2]int]int{}, unitRow: map[string]int{}, settingRow: map[string]int{}}}
	p := &Plan{}
	r.settings(p)
	r.units(p)
	r.tasks(p)
	r.measures(p)
	r.fs = append(r.fs, check(p, r.loc)...)
	r.fs.Sort()
	return p, r.fs, nil
}

type reader struct {
	wb  *scan.Workbook
	loc *locations
	fs  finding.List
}

// table reads a sheet as rows keyed by header. Missing required headers are findings.
func (r *reader) table(sheet string, cols []column) (rows []map[string]string, rowNo []int, colOf map[string]string, ok bool) {
	raw, err := r.wb.Rows(sheet)
	if err != nil {
		r.fs.Addf(finding.SheetMissing, finding.Finding{Sheet: sheet},
			"缺少工作表“%s”或无法读取：请从 taizhang plan import 生成的任务清单开始修改", sheet)
		return nil, nil, nil, false
	}
	if len(raw) == 0 {
		r.fs.Addf(finding.HeaderMissing, finding.Finding{Sheet: sheet, Cell: "A1"}, "工作表“%s”是空的：第1行应为表头", sheet)
		return nil, nil, nil, false
	}
	index := map[string]int{}
	for i, h := range raw[0] {
		h = strings.TrimSpace(h)
		if _, dup := index[h]; !dup && h != "" {
			index[h] = i
		}
	}
	colOf = map[string]string{}
	ok = true
	for _, c := range cols {
		i, found := index[c.Header]
		if !found {
			if c.Header == hKind || c.Header == hUnitsText || c.Header == hNote {
				continue // informational columns may be deleted
			}
			r.fs.Addf(finding.HeaderMissing, finding.Finding{Sheet: sheet, Cell: "A1"},
				"工作表“%s”缺少“%s”列：请恢复该列的表头", sheet, c.Header)
			ok = false
			continue
		}
		colOf[c.Header] = xlsx.ColName(i + 1)
	}
	for n, row := range raw[1:] {
		m := map[string]string{}
		empty := true
		for h, i := range index {
			if i < len(row) {
				v := strings.TrimSpace(row[i])
				m[h] = v
				if v != "" {
					empty = false
				}
			}
		}
		if !empty {
			rows = append(rows, m)
			rowNo = append(rowNo, n+2)
		}
	}
	return rows, rowNo, colOf, ok
}

func (r *reader) settings(p *Plan) {
	p.Settings.StatusOptions = DefaultStatuses()
	p.Settings.WarnDays = DefaultWarnDays
	p.Settings.ResubmitDays = DefaultResubmitDays
	rows, rowNo, _, ok := r.table(SheetSettings, []column{{Header: hSettingKey}, {Header: hSettingVal}})
	if !ok {
		return
	}
	for i, row := range rows {
		key, val := row[hSettingKey], row[hSettingVal]
		r.loc.settingRow[key] = rowNo[i]
		loc := finding.Finding{Sheet: SheetSettings, Cell: cellAt("B", rowNo[i])}
		switch key {
		case kTitle:
			p.Title = val
		case kRegion:
			p.Settings.Region = val
		case kIssued:
			if val == "" {
				break
			}
			if t, ok := xlsx.ParseDate(val, r.wb.Date1904); ok {
				p.Settings.Issued = t.Format(time.DateOnly)
			} else {
				r.fs.Addf(finding.PlanDateInvalid, loc, "方案日期“%s”不是日期：请填写如 2022-06-10", val)
			}
		case kOffice:
			p.Settings.Office = val
		case kContact:
			p.Settings.Contact = val
		case kPhone:
			p.Settings.Phone = val
		case kEmail:
			p.Settings.Email = val
		case kStatuses:
			if val != "" {
				p.Settings.StatusOptions = splitList(val)
			}
		case kWarnDays:
			if val == "" {
				break
			}
			n, err := strconv.Atoi(xlsx.Normalize(val))
			if err != nil || n < 0 || n > 366 {
				r.fs.Addf(finding.SettingInvalid, loc, "预警天数“%s”应为0到366之间的整数", val)
			} else {
				p.Settings.WarnDays = n
			}
		case kResubmit:
			if val == "" {
				break
			}
			n, err := strconv.Atoi(xlsx.Normalize(val))
			if err != nil || n < 1 || n > 60 {
				r.fs.Addf(finding.SettingInvalid, loc, "重新报送天数“%s”应为1到60之间的整数", val)
			} else {
				p.Settings.ResubmitDays = n
			}
		case kSigner:
			p.Settings.Signer = val
		case kDated:
			switch {
			case val == "" || val == DatedAsOf:
			case val == DatedToday:
				p.Settings.Dated = DatedToday
			default:
				if t, ok := xlsx.ParseDate(val, r.wb.Date1904); ok {
					p.Settings.Dated = t.Format(time.DateOnly)
				} else {
					r.fs.Addf(finding.SettingInvalid, loc, "成文日期“%s”应为“%s”“%s”或日期（如 2022-09-05）", val, DatedAsOf, DatedToday)
				}
			}
		}
	}
}

func (r *reader) units(p *Plan) {
	rows, rowNo, cols, ok := r.table(SheetUnits, unitColumns)
	r.loc.unitCol = cols
	if !ok {
		return
	}
	for i, row := range rows {
		name := row[hUnitName]
		if name == "" {
			r.fs.Addf(finding.TextMissing, finding.Finding{Sheet: SheetUnits, Cell: cellAt(cols[hUnitName], rowNo[i])},
				"单位名称为空：请填写或删除该行")
			continue
		}
		if _, dup := r.loc.unitRow[name]; dup {
			r.fs.Addf(finding.UnitDuplicate, finding.Finding{Sheet: SheetUnits, Cell: cellAt(cols[hUnitName], rowNo[i])},
				"单位“%s”重复列出：请合并为一行", name)
			continue
		}
		r.loc.unitRow[name] = rowNo[i]
		u := Unit{Name: name, Aliases: splitList(row[hAliases]), Members: splitList(row[hMembers]),
			Contact: row[hContact], Phone: row[hPhone], Email: row[hEmail], Note: row[hNote]}
		u.Group = row[hUnitKind] == kindGroup || len(u.Members) > 0
		p.Units = append(p.Units, u)
	}
}

func (r *reader) tasks(p *Plan) {
	rows, rowNo, cols, ok := r.table(SheetTasks, taskColumns)
	r.loc.taskCol = cols
	if !ok {
		return
	}
	year := p.issuedYear()
	for i, row := range rows {
		at := func(h string) finding.Finding {
			return finding.Finding{Sheet: SheetTasks, Cell: cellAt(cols[h], rowNo[i])}
		}
		no, err := strconv.Atoi(xlsx.Normalize(row[hTaskNo]))
		if err != nil || no <= 0 {
			r.fs.Addf(finding.NumberInvalid, at(hTaskNo), "任务序号“%s”应为正整数", row[hTaskNo])
			continue
		}
		if _, dup := r.loc.taskRow[no]; dup {
			f := at(hTaskNo)
			f.Task = no
			r.fs.Addf(finding.NumberDuplicate, f, "任务序号%d重复：每项任务的序号应唯一", no)
			continue
		}
		r.loc.taskRow[no] = rowNo[i]
		t := Task{No: no, Title: row[hTaskTitle], Problem: row[hProblem], UnitsText: row[hUnitsText],
			Units: splitList(row[hUnits]), Lead: row[hLead], Persons: row[hPersons], Supervisor: row[hSupervisor],
			Goal: row[hGoal]}
		if t.Lead == "" && len(t.Units) > 0 {
			t.Lead = t.Units[0]
		}
		t.Deadline = r.deadline(row[hDeadline], row[hDue], year, at(hDue))
		p.Tasks = append(p.Tasks, t)
	}
}

func (r *reader) measures(p *Plan) {
	rows, rowNo, cols, ok := r.table(SheetMeasures, measureColumns)
	r.loc.measureCol = cols
	if !ok {
		return
	}
	year := p.issuedYear()
	for i, row := range rows {
		at := func(h string) finding.Finding {
			return finding.Finding{Sheet: SheetMeasures, Cell: cellAt(cols[h], rowNo[i])}
		}
		tno, err := strconv.Atoi(xlsx.Normalize(row[hTaskNo]))
		if err != nil || tno <= 0 {
			r.fs.Addf(finding.NumberInvalid, at(hTaskNo), "任务序号“%s”应为正整数", row[hTaskNo])
			continue
		}
		mno, err := strconv.Atoi(xlsx.Normalize(row[hMeasureNo]))
		if err != nil || mno <= 0 {
			f := at(hMeasureNo)
			f.Task = tno
			r.fs.Addf(finding.NumberInvalid, f, "措施序号“%s”应为正整数", row[hMeasureNo])
			continue
		}
		t := p.Task(tno)
		if t == nil {
			f := at(hTaskNo)
			f.Task = tno
			r.fs.Addf(finding.TaskUnknown, f, "措施所属的任务%d在“任务”表中不存在", tno)
			continue
		}
		key := [2]int{tno, mno}
		if _, dup := r.loc.measureRow[key]; dup {
			f := at(hMeasureNo)
			f.Task, f.Measure = tno, mno
			r.fs.Addf(finding.NumberDuplicate, f, "任务%d的措施序号%d重复", tno, mno)
			continue
		}
		r.loc.measureRow[key] = rowNo[i]
		m := Measure{No: mno, Text: row[hMeasure], Units: splitList(row[hMUnits])}
		if row[hSource] == sourceTask || (row[hDeadline] == "" && row[hDue] == "") {
			m.Deadline = t.Deadline
			m.Deadline.Inherited = true
		} else {
			m.Deadline = r.deadline(row[hDeadline], row[hDue], year, at(hDue))
		}
		t.Measures = append(t.Measures, m)
	}
}

// deadline re-reads a deadline from its text; a date in the 截止日期 column that differs from
// the text's wins (the office set it by hand).
func (r *reader) deadline(text, due string, year int, loc finding.Finding) deadline.Deadline {
	d := deadline.Parse(text, deadline.Context{Year: year})
	if due == "" {
		return d
	}
	t, ok := xlsx.ParseDate(due, r.wb.Date1904)
	if !ok {
		r.fs.Addf(finding.PlanDateInvalid, loc, "截止日期“%s”不是日期：请填写如 2022-09-30，或清空由整改时限计算", due)
		return d
	}
	if d.Kind == deadline.KindDate && d.Due.Equal(t) {
		return d
	}
	return deadline.Deadline{Text: d.Text, Kind: deadline.KindDate, Due: t}
}

func (p *Plan) issuedYear() int {
	if len(p.Settings.Issued) >= 4 {
		y, _ := strconv.Atoi(p.Settings.Issued[:4])
		return y
	}
	return 0
}

// separators between names in a list cell.
const separators = "、，,；;\n"

// splitList splits a cell of names separated by 、，,；; or new lines. A name written in
// quotes (“长白山党工委、管委会”) is kept whole: names as written in a notice may hold separators.
func splitList(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if f := strings.TrimSpace(cur.String()); f != "" {
			out = append(out, f)
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case r == '“' && !quoted:
			quoted = true
		case r == '”' && quoted:
			quoted = false
		case !quoted && strings.ContainsRune(separators, r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// JoinList writes names into one cell, quoting a name that holds a separator.
func JoinList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		if strings.ContainsAny(n, separators) {
			n = "“" + n + "”"
		}
		parts[i] = n
	}
	return strings.Join(parts, listSeparator)
}
