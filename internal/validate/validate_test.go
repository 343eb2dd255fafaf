package validate_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"taizhang/internal/fill"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/samplegen"
	"taizhang/internal/template"
	"taizhang/internal/validate"
	"taizhang/internal/xlsx"
	"taizhang/templates"
)

var (
	key     = []byte("0123456789abcdef0123456789abcdef")
	asOf    = time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)
	july    = period.MustParse("2022-07")
	wsID    = "ws-test"
	samplep *plan.Plan
)

func samplePlan(t testing.TB) *plan.Plan {
	t.Helper()
	if samplep == nil {
		p, err := samplegen.Plan()
		if err != nil {
			t.Fatal(err)
		}
		samplep = p
	}
	return samplep
}

func blank(t testing.TB, unit string) []byte {
	t.Helper()
	b, err := template.Build(template.Spec{Plan: samplePlan(t), Unit: unit, Period: july, AsOf: asOf,
		Due: asOf.AddDate(0, 0, 5), Workspace: wsID, Key: key, Master: templates.ProgressMaster})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// good fills every row of a unit's template correctly.
func good(t testing.TB, unit string) fill.Form {
	t.Helper()
	return fill.Good(samplePlan(t), unit, asOf)
}

type mutate func(t testing.TB, fb *fill.Book, f *fill.Form)

func build(t testing.TB, unit string, m mutate) []byte {
	t.Helper()
	fb, err := fill.Open(blank(t, unit))
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	f := good(t, unit)
	if m != nil {
		m(t, fb, &f)
	}
	if err := fb.Fill(f); err != nil {
		t.Fatal(err)
	}
	data, err := fb.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func context(t testing.TB) *validate.Context {
	return &validate.Context{WorkspaceID: wsID, Key: key, Plan: samplePlan(t), Period: july,
		Previous: func(unit string, _ period.Period) map[string]intake.Entry {
			if unit == "住建局" {
				return map[string]intake.Entry{"12.1": {Task: 12, Measure: 1, Status: "序时推进", Progress: "已召开专题会议研究部署，完成摸底排查，建立问题清单并推进整改。"}}
			}
			return nil
		}}
}

func check(t *testing.T, data []byte) *intake.Return {
	t.Helper()
	in := &intake.Input{Path: "test.xlsx", Data: data}
	return validate.Check(in, context(t))
}

func TestCleanReturn(t *testing.T) {
	for _, unit := range []string{"经发局", "池南区", "保护中心"} {
		r := check(t, build(t, unit, nil))
		if len(r.Findings) != 0 || r.Verdict != intake.Accepted || r.Unit != unit || r.Period != july {
			t.Errorf("%s: verdict %s unit %s findings %v", unit, r.Verdict, r.Unit, r.Findings)
		}
		if len(r.Entries) != len(template.Rows(samplePlan(t), unit)) {
			t.Errorf("%s: %d entries", unit, len(r.Entries))
		}
		if r.Contact.Filler != "王磊" || r.Contact.Phone != "0433-5301101" || r.Contact.FillDate != "2022-08-02" {
			t.Errorf("%s: contact %+v", unit, r.Contact)
		}
	}
}

// rowOf is the sheet row of a key in 经发局's template.
func cell(fb *fill.Book, header, key string) (int, int) {
	return fb.Col(header), fb.RowOf(key)
}

func TestFindings(t *testing.T) {
	const unit = "经发局"
	cases := []struct {
		name   string
		m      mutate
		code   finding.Code
		cellOf func(fb *fill.Book) string // expected cell, computed on the blank template
		task   int
		meas   int
	}{
		{"wrong status word", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["3.2"]
			r.Status = "完成"
			f.Rows["3.2"] = r
		}, finding.StatusInvalid, at(template.ColStatus, "3.2"), 3, 2},
		{"status missing", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["3.2"]
			r.Status = ""
			f.Rows["3.2"] = r
		}, finding.RequiredMissing, at(template.ColStatus, "3.2"), 3, 2},
		{"progress missing", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["3.2"]
			r.Progress = ""
			f.Rows["3.2"] = r
		}, finding.RequiredMissing, at(template.ColProgress, "3.2"), 3, 2},
		{"date as text is fine", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["5.1"]
			r.Done, r.DoneText = time.Time{}, "2022年7月15日"
			f.Rows["5.1"] = r
		}, "", nil, 0, 0},
		{"date not a date", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["5.1"]
			r.Done, r.DoneText = time.Time{}, "七月中旬"
			f.Rows["5.1"] = r
		}, finding.DateInvalid, at(template.ColDoneDate, "5.1"), 5, 1},
		{"date in the future", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r := f.Rows["5.1"]
			r.Done = time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC)
			f.Rows["5.1"] = r
		}, finding.DateOutOfRange, at(template.ColDoneDate, "5.1"), 5, 1},
		{"completed without date", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			f.Rows["5.1"] = fill.Row{Status: plan.StatusDone, Progress: "已完成摸底。", Evidence: "台账"}
		}, finding.DoneWithoutDate, at(template.ColDoneDate, "5.1"), 5, 1},
		{"completed without evidence", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			f.Rows["5.1"] = fill.Row{Status: plan.StatusDone, Progress: "已完成摸底。", Done: asOf.AddDate(0, 0, -5)}
		}, finding.DoneWithoutEvidence, at(template.ColEvidence, "5.1"), 5, 1},
		{"late without reason", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			f.Rows["3.2"] = fill.Row{Status: plan.StatusBehind, Progress: "正在推进。", Next: "8月底前完成。"}
		}, finding.LateWithoutReason, at(template.ColProblems, "3.2"), 3, 2},
		{"on track after the due date", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			// 33.2 is due 2022-06-30 (“2022年6月底前”), before the as-of date
			f.Rows["33.2"] = fill.Row{Status: plan.StatusOnTrack, Progress: "正在推进。"}
		}, finding.StatusInconsistent, at(template.ColStatus, "33.2"), 33, 2},
		{"formula", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			c, r := cell(fb, template.ColEvidence, "3.2")
			fb.SetFormula(c, r, `HYPERLINK("http://example.com","点击")`)
		}, finding.FormulaInCell, at(template.ColEvidence, "3.2"), 3, 2},
		{"dde formula", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			r0 := f.Rows["3.2"]
			r0.Progress = "" // the formula stands in the progress cell
			f.Rows["3.2"] = r0
			c, r := cell(fb, template.ColProgress, "3.2")
			fb.SetFormula(c, r, `cmd|' /C calc'!A0`)
		}, finding.FormulaInCell, at(template.ColProgress, "3.2"), 3, 2},
		{"phone invalid", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			f.Phone = "12345"
		}, finding.PhoneInvalid, footer(template.FootPhone), 0, 0},
		{"contact missing", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			f.Filler = ""
		}, finding.ContactMissing, footer(template.FootFiller), 0, 0},
		{"locked text changed", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			fb.Unprotect()
			c, r := cell(fb, template.ColText, "3.2")
			fb.Set(c, r, "改过的措施内容")
		}, finding.LockedChanged, at(template.ColText, "3.2"), 3, 2},
		{"header changed", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			c, r := cell(fb, template.ColEvidence, "3.1")
			fb.Set(c, r-1, "证明材料") // the header row is just above the first measure
		}, finding.HeaderChanged, nil, 0, 0},
		{"row deleted", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			delete(f.Rows, "3.2")
			if err := fb.DeleteRow("3.2"); err != nil {
				t.Fatal(err)
			}
		}, finding.RowMissing, nil, 3, 2},
		{"row added", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			if err := fb.AddRow("3.2", "3", "9", "新增", "自己加的措施"); err != nil {
				t.Fatal(err)
			}
		}, finding.RowAdded, nil, 3, 9},
		{"identity edited", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			if err := fb.SetIdentity("unit", "池北区"); err != nil {
				t.Fatal(err)
			}
		}, finding.Tampered, nil, 0, 0},
		{"other workspace", func(t testing.TB, fb *fill.Book, f *fill.Form) {
			if err := fb.SetIdentity("workspace", "other"); err != nil {
				t.Fatal(err)
			}
		}, finding.NotTemplate, nil, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := build(t, unit, c.m)
			r := check(t, data)
			if c.code == "" {
				if len(r.Findings) != 0 {
					t.Fatalf("want no findings, got %v", r.Findings)
				}
				return
			}
			f, ok := find(r.Findings, c.code)
			if !ok {
				t.Fatalf("no %s finding; got %v", c.code, r.Findings)
			}
			if f.Severity != finding.Code.Severity(c.code) {
				t.Errorf("severity %s", f.Severity)
			}
			if f.Severity == finding.Error && r.Verdict != intake.Rejected {
				t.Errorf("verdict %s with an error", r.Verdict)
			}
			if c.cellOf != nil {
				fb, _ := fill.Open(blank(t, unit))
				want := c.cellOf(fb)
				fb.Close()
				if f.Cell != want || f.Sheet != template.SheetFill {
					t.Errorf("finding at %s!%s, want %s!%s", f.Sheet, f.Cell, template.SheetFill, want)
				}
			}
			if c.task != 0 && (f.Task != c.task || f.Measure != c.meas) {
				t.Errorf("finding on task %d measure %d, want %d.%d", f.Task, f.Measure, c.task, c.meas)
			}
			if !hasHan(f.Message) {
				t.Errorf("message is not in Chinese: %q", f.Message)
			}
		})
	}
}

func at(header, key string) func(fb *fill.Book) string {
	return func(fb *fill.Book) string {
		c, r := cell(fb, header, key)
		return colName(c) + itoa(r)
	}
}

func footer(label string) func(fb *fill.Book) string {
	return func(fb *fill.Book) string {
		c, r := fb.FooterCell(label)
		return colName(c) + itoa(r)
	}
}

func colName(c int) string {
	s := ""
	for c > 0 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func find(fs finding.List, code finding.Code) (finding.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return finding.Finding{}, false
}

func TestPeriodMismatch(t *testing.T) {
	ctx := context(t)
	ctx.Period = period.MustParse("2022-08")
	r := validate.Check(&intake.Input{Path: "x.xlsx", Data: build(t, "经发局", nil)}, ctx)
	if _, ok := find(r.Findings, finding.PeriodMismatch); !ok || r.Verdict != intake.Rejected {
		t.Errorf("got %v", r.Findings)
	}
}

func TestProgressUnchanged(t *testing.T) {
	r := check(t, build(t, "住建局", nil))
	f, ok := find(r.Findings, finding.ProgressUnchanged)
	if !ok || r.Verdict != intake.Accepted || f.Task != 12 || f.Measure != 1 {
		t.Errorf("got %v", r.Findings)
	}
}

func TestSender(t *testing.T) {
	in := &intake.Input{Path: "x.eml", Attachment: "经发局.xlsx", Sender: "someone@else.cn", Data: build(t, "经发局", nil)}
	r := validate.Check(in, context(t))
	if _, ok := find(r.Findings, finding.SenderMismatch); !ok || r.Verdict != intake.Accepted {
		t.Errorf("got %v", r.Findings)
	}
	in.Sender = "jfj@cbs.example.cn"
	if r := validate.Check(in, context(t)); len(r.Findings) != 0 {
		t.Errorf("registered sender: %v", r.Findings)
	}
}

// A template of a unit the current plan no longer has: unit-unknown; its prefilled rows are
// checked against the plan the template was made from.
func TestUnitNoLongerInPlan(t *testing.T) {
	data := build(t, "执法支队", nil)
	ctx := context(t)
	cur := *samplePlan(t)
	cur.Tasks = append([]plan.Task(nil), cur.Tasks...)
	t26 := cur.Tasks[25]
	t26.Units = []string{"生态环境局", "各区", "住建局"}
	t26.Measures = append([]plan.Measure(nil), t26.Measures...)
	t26.Measures[1].Units = []string{"住建局"}
	cur.Tasks[25] = t26
	ctx.Plan = &cur
	ctx.PlanFor = func(string) *plan.Plan { return samplePlan(t) }
	r := validate.Check(&intake.Input{Path: "x.xlsx", Data: data}, ctx)
	if _, ok := find(r.Findings, finding.UnitUnknown); !ok || r.Verdict != intake.Rejected {
		t.Errorf("got %v", r.Findings)
	}
	if _, ok := find(r.Findings, finding.PlanChanged); !ok {
		t.Errorf("no plan-changed warning: %v", r.Findings)
	}
	if _, ok := find(r.Findings, finding.LockedChanged); ok {
		t.Errorf("rows checked against the current plan, not the template's: %v", r.Findings)
	}
}

func TestCompletedBeforeThePlan(t *testing.T) {
	data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
		f.Rows["5.1"] = fill.Row{Status: plan.StatusDone, Progress: "已完成。", Evidence: "材料", Done: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}
	})
	r := check(t, data)
	if f, ok := find(r.Findings, finding.DateOutOfRange); !ok || f.Task != 5 {
		t.Errorf("got %v", r.Findings)
	}
}

// Dates as people type them: a month without its day is that month's last day (never past the
// 截至日期), a day without its year is in the period's year; both are a reminder, not an
// error. A date whose meaning the period cannot give stays an error.
func TestDatesAsPeopleTypeThem(t *testing.T) {
	cases := []struct {
		typed string
		code  finding.Code
		want  string // the completion date recorded
	}{
		{"2022年7月", finding.DateImprecise, "2022-07-31"},
		{"2022.6", finding.DateImprecise, "2022-06-30"},
		{"7月15日", finding.DateImprecise, "2022-07-15"},
		{"7月", finding.DateImprecise, "2022-07-31"},
		{"6月30号", finding.DateImprecise, "2022-06-30"},
		{"2022年9月", finding.DateOutOfRange, "2022-09-30"},
		{"15日", finding.DateInvalid, ""},
		{"2月29日", finding.DateInvalid, ""}, // 2022 has no 29 February
		{"2022年7月中旬", finding.DateInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.typed, func(t *testing.T) {
			data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
				f.Rows["5.1"] = fill.Row{Status: plan.StatusDone, Progress: "已完成。", Evidence: "材料", DoneText: c.typed}
			})
			r := check(t, data)
			f, ok := find(r.Findings, c.code)
			if !ok || f.Task != 5 || f.Measure != 1 {
				t.Fatalf("no %s on 5.1: %v", c.code, r.Findings)
			}
			if !strings.Contains(f.Message, c.typed) || (c.want != "" && !strings.Contains(f.Message, c.want)) {
				t.Errorf("message %q does not say what was typed and what was recorded", f.Message)
			}
			if len(r.Findings) != 1 {
				t.Errorf("more findings than one: %v", r.Findings)
			}
			var got string
			for _, e := range r.Entries {
				if e.Task == 5 && e.Measure == 1 {
					got = e.DoneDate
				}
			}
			if got != c.want {
				t.Errorf("completion date %q, want %q", got, c.want)
			}
			if c.code == finding.DateImprecise && r.Verdict != intake.Accepted {
				t.Errorf("verdict %s", r.Verdict)
			}
		})
	}
}

// tinyPNG is a 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// A picture pasted into 佐证材料 in WPS is evidence, not a formula: the return is accepted with a
// reminder, the picture is taken out to keep, and the 佐证材料 recorded names it. The workbook is
// made as WPS writes one (fill.PasteCellPictures follows the file format; there is no WPS here).
// Elsewhere DISPIMG stays a formula.
func TestWPSPictureInEvidence(t *testing.T) {
	var evCell, progCell string
	data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
		r := f.Rows["5.1"]
		r.Status, r.Done, r.Evidence = plan.StatusDone, asOf.AddDate(0, 0, -3), ""
		f.Rows["5.1"] = r
		c, row := cell(fb, template.ColEvidence, "5.1")
		fb.SetFormula(c, row, `_xlfn.DISPIMG("ID_6A1F0C2B9E4D4F1A8C3B2D1E0F9A8B7C",1)`)
		evCell = colName(c) + itoa(row)
		r2 := f.Rows["3.2"]
		r2.Progress = ""
		f.Rows["3.2"] = r2
		c, row = cell(fb, template.ColProgress, "3.2")
		fb.SetFormula(c, row, `_xlfn.DISPIMG("ID_0000",1)`)
		progCell = colName(c) + itoa(row)
	})
	data, err := fill.PasteCellPictures(data, map[string][]byte{"ID_6A1F0C2B9E4D4F1A8C3B2D1E0F9A8B7C": tinyPNG, "ID_0000": tinyPNG})
	if err != nil {
		t.Fatal(err)
	}
	r := check(t, data)
	pic, ok := find(r.Findings, finding.PictureInCell)
	if !ok || pic.Cell != evCell || pic.Task != 5 || pic.Measure != 1 || pic.Severity != finding.Warning {
		t.Fatalf("no picture-in-cell reminder at %s: %v", evCell, r.Findings)
	}
	if !strings.Contains(pic.Message, "任务5措施1-单元格图片.png") {
		t.Errorf("the message does not name the kept picture: %s", pic.Message)
	}
	if f, ok := find(r.Findings, finding.FormulaInCell); !ok || f.Cell != progCell {
		t.Errorf("DISPIMG in 进展情况 is not formula-in-cell at %s: %v", progCell, r.Findings)
	}
	if _, ok := find(r.Findings, finding.DoneWithoutEvidence); ok {
		t.Errorf("the picture was not taken as evidence: %v", r.Findings)
	}
	if len(r.Pictures) != 1 || r.Pictures[0].Name != "任务5措施1-单元格图片.png" || !bytes.Equal(r.Pictures[0].Data, tinyPNG) {
		t.Fatalf("pictures kept: %+v", r.Pictures)
	}
	for _, e := range r.Entries {
		if e.Key() == "5.1" && !strings.Contains(e.Evidence, "任务5措施1-单元格图片.png") {
			t.Errorf("佐证材料 recorded as %q", e.Evidence)
		}
	}
}

// A DISPIMG whose picture is not in the file is still not a formula the unit must remove, but
// the reminder says the picture could not be taken out.
func TestWPSPictureMissing(t *testing.T) {
	data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
		r := f.Rows["5.1"]
		r.Evidence = ""
		f.Rows["5.1"] = r
		c, row := cell(fb, template.ColEvidence, "5.1")
		fb.SetFormula(c, row, `_xlfn.DISPIMG("ID_GONE",1)`)
	})
	r := check(t, data)
	f, ok := find(r.Findings, finding.PictureInCell)
	if !ok || !strings.Contains(f.Message, "取不出") || len(r.Pictures) != 0 {
		t.Fatalf("got %v, pictures %d", r.Findings, len(r.Pictures))
	}
}

// Text over Excel's 32,767 UTF-16 units in a cell is a warning at the cell (the ledger cuts it);
// text of exactly the limit is not. Characters outside the BMP count twice, as Excel counts.
func TestTextTooLong(t *testing.T) {
	const marker = "进展标记文字"
	cases := []struct {
		name string
		text string
		warn bool
	}{
		{"at the limit", strings.Repeat("长", xlsx.MaxCellRunes), false},
		{"one over", strings.Repeat("长", xlsx.MaxCellRunes+1), true},
		{"far over", strings.Repeat("长", 40000), true},
		{"astral characters count twice", strings.Repeat("𠮷", xlsx.MaxCellRunes/2+1), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
				r := f.Rows["3.2"]
				r.Progress = marker
				f.Rows["3.2"] = r
			})
			r := check(t, replaceText(t, data, marker, c.text))
			f, ok := find(r.Findings, finding.TextTooLong)
			if ok != c.warn {
				t.Fatalf("text-too-long %v, want %v: %v", ok, c.warn, r.Findings)
			}
			if r.Verdict != intake.Accepted {
				t.Errorf("verdict %s: %v", r.Verdict, r.Findings)
			}
			if !ok {
				return
			}
			fb, _ := fill.Open(blank(t, "经发局"))
			want := at(template.ColProgress, "3.2")(fb)
			fb.Close()
			if f.Cell != want || f.Task != 3 || f.Measure != 2 {
				t.Errorf("finding at %s task %d.%d, want %s 3.2", f.Cell, f.Task, f.Measure, want)
			}
			for _, e := range r.Entries {
				if e.Key() == "3.2" && xlsx.UTF16Len(e.Progress) > xlsx.MaxCellRunes {
					t.Errorf("the entry keeps %d units", xlsx.UTF16Len(e.Progress))
				}
			}
		})
	}
}

// A formula in a prefilled key column (任务序号, 措施序号) is a change of prefilled content,
// found at its cell, whether the formula's cached value still gives the row's key (the row is
// otherwise read as usual) or not.
func TestFormulaInKeyColumns(t *testing.T) {
	for _, header := range []string{template.ColTask, template.ColMeasure} {
		// the value a spreadsheet program keeps beside the formula: the row's own number, none,
		// or another number
		for _, cached := range []string{"own", "none", "other"} {
			t.Run(header+" "+cached, func(t *testing.T) {
				fb, _ := fill.Open(blank(t, "经发局"))
				c, r := cell(fb, header, "3.2")
				fb.Close()
				ref := colName(c) + itoa(r)
				data := build(t, "经发局", func(t testing.TB, fb *fill.Book, f *fill.Form) {
					fb.Unprotect()
					fb.SetFormula(c, r, "ROW()")
				})
				value := map[string]string{"own": "3", "none": "", "other": "77"}[cached]
				if cached == "own" && header == template.ColMeasure {
					value = "2"
				}
				res := check(t, withCachedValue(t, data, ref, value))
				var got *finding.Finding
				for i, f := range res.Findings {
					if (f.Code == finding.FormulaInCell || f.Code == finding.LockedChanged) && f.Cell == ref && f.Sheet == template.SheetFill {
						got = &res.Findings[i]
					}
				}
				if got == nil || res.Verdict != intake.Rejected {
					t.Fatalf("no formula finding at %s (verdict %s): %v", ref, res.Verdict, res.Findings)
				}
				if !strings.Contains(got.Message, "公式") || !hasHan(got.Message) {
					t.Errorf("message %q", got.Message)
				}
				if cached == "own" {
					if len(res.Entries) != len(template.Rows(samplePlan(t), "经发局")) {
						t.Errorf("%d entries: the row with the formula was not read", len(res.Entries))
					}
					if got.Task != 3 || got.Measure != 2 {
						t.Errorf("finding on %d.%d, want 3.2", got.Task, got.Measure)
					}
				}
			})
		}
	}
}

// replaceText rewrites a text a unit typed wherever the workbook's parts hold it: a cell's text
// longer than Excel's limit cannot be written through excelize, but a unit's program may
// write one.
func replaceText(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	ps := parts(t, data)
	n := 0
	for name, b := range ps {
		if c := bytes.Count(b, []byte(old)); c > 0 {
			ps[name] = bytes.ReplaceAll(b, []byte(old), []byte(new))
			n += c
		}
	}
	if n == 0 {
		t.Fatalf("%q is in no part", old)
	}
	return join(ps)
}

// withCachedValue sets the cached value of the formula cell at ref, as Excel and WPS save it
// ("" removes it, as a library that never calculates leaves it).
func withCachedValue(t *testing.T, data []byte, ref, value string) []byte {
	t.Helper()
	ps := parts(t, data)
	done := false
	for name, b := range ps {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			continue
		}
		i := bytes.Index(b, []byte(`<c r="`+ref+`"`))
		if i < 0 {
			continue
		}
		end := bytes.Index(b[i:], []byte("</c>"))
		c := b[i : i+end]
		f, fe := bytes.Index(c, []byte("<f>")), bytes.Index(c, []byte("</f>"))
		if end < 0 || f < 0 || fe < 0 {
			continue // the same reference on another sheet
		}
		head := string(c[:bytes.IndexByte(c, '>')+1])
		for _, attr := range []string{` t="s"`, ` t="str"`, ` t="n"`} {
			head = strings.Replace(head, attr, "", 1)
		}
		cell := head + string(c[f:fe+4])
		if value != "" {
			cell += "<v>" + value + "</v>"
		}
		ps[name] = append(append(append([]byte{}, b[:i]...), cell...), b[i+end:]...)
		done = true
	}
	if !done {
		t.Fatalf("no formula cell %s", ref)
	}
	return join(ps)
}
