package review_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/collect"
	"taizhang/internal/decision"
	"taizhang/internal/fill"
	"taizhang/internal/finding"
	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/register"
	"taizhang/internal/review"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"taizhang/templates"
)

type world struct {
	t *testing.T
	w *store.Workspace
	p *plan.Plan
}

func newWorld(t *testing.T) *world {
	t.Helper()
	data, err := os.ReadFile("../../samples/任务清单.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		t.Fatal(err)
	}
	w, err := store.Init(filepath.Join(t.TempDir(), "ws"), pf, store.InitOptions{Now: day("2022-08-01")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return &world{t: t, w: w, p: pf.Plan}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// send collects a unit's August return, received on 3 September; rows not given are on
// schedule (滞后 when past their deadline). With attachments, the return comes by e-mail with those files.
func (wd *world) send(unit string, rows map[string]fill.Row, attachments ...string) {
	wd.t.Helper()
	per := period.MustParse("2022-08")
	asOf := per.Last()
	f := fill.Form{Rows: map[string]fill.Row{}, Filler: "张三", Phone: "13912345678"}
	for _, r := range template.Rows(wd.p, unit) {
		f.Rows[r.Key()] = fill.Row{Status: plan.StatusOnTrack, Progress: unit + "推进" + r.Key()}
		if r.Due != "" && r.Due < asOf.Format(time.DateOnly) {
			f.Rows[r.Key()] = fill.Row{Status: plan.StatusBehind, Progress: unit + "推进" + r.Key(), Problems: "进度慢", Next: "加快推进"}
		}
	}
	for k, r := range rows {
		f.Rows[k] = r
	}
	data, err := fill.Return(template.Spec{Plan: wd.p, Unit: unit, Period: per, AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: wd.w.ID, Key: wd.w.Key(), Master: templates.ProgressMaster}, f, nil)
	if err != nil {
		wd.t.Fatal(err)
	}
	dir := wd.t.TempDir()
	path := filepath.Join(dir, unit+".xlsx")
	if len(attachments) > 0 {
		path = filepath.Join(dir, unit+".eml")
		data = mail(unit+".xlsx", data, attachments)
	}
	os.WriteFile(path, data, 0o644)
	sum, err := collect.Run(context.Background(), wd.w, wd.p, collect.Options{Paths: []string{path}, Period: per, Now: day("2022-09-03")})
	if err != nil {
		wd.t.Fatal(err)
	}
	if o := sum.Outcomes[0]; o.Verdict() != "accepted" {
		wd.t.Fatalf("%s rejected: %v", unit, o.Findings())
	}
}

// mail is an e-mail with the return and files attached (names in RFC 2047).
func mail(name string, data []byte, files []string) []byte {
	var b bytes.Buffer
	b.WriteString("From: unit@example.cn\r\nTo: zgb@example.cn\r\nSubject: 8月进展\r\nDate: Fri, 02 Sep 2022 10:15:00 +0800\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n请查收。\r\n")
	part := func(name, ctype string, body []byte) {
		enc := "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(name)) + "?="
		fmt.Fprintf(&b, "--XX\r\nContent-Type: %s; name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"%s\"\r\n\r\n%s\r\n",
			ctype, enc, enc, base64.StdEncoding.EncodeToString(body))
	}
	part(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
	for _, f := range files {
		part(f, "application/pdf", []byte("%PDF-1.4 "+f))
	}
	b.WriteString("--XX--\r\n")
	return b.Bytes()
}

func done(date, evidence string) fill.Row {
	return fill.Row{Status: plan.StatusDone, Progress: "已完成。", Done: day(date), Evidence: evidence}
}

// august is the world the tests share: as of 31 August,
//
//	3.1  经发局 已完成                                      waits for review
//	3.2  经发局, 池北区, 池西区 all 已完成                   waits for review
//	9.4  经发局 已完成, closed on 4 September (a later decision) not listed
//	20.1 保护中心 已完成, its 验收报告.pdf sent with it       waits for review
//	21.4 池北区 已完成, 规划资源局 has not reported          not listed
//	16.4 商务局 滞后                                        not listed
func august(t *testing.T) *world {
	wd := newWorld(t)
	wd.send("经发局", map[string]fill.Row{
		"3.1": done("2022-08-15", "整改方案印发文件"),
		"3.2": done("2022-08-20", "会议纪要"),
		"9.4": done("2022-08-10", "工作台账"),
	})
	wd.send("池北区", map[string]fill.Row{"3.2": done("2022-08-18", "池北区会议纪要"), "21.4": done("2022-08-12", "核查报告")})
	wd.send("池西区", map[string]fill.Row{"3.2": done("2022-08-19", "池西区会议纪要")})
	wd.send("保护中心", map[string]fill.Row{"20.1": done("2022-08-10", "验收报告.pdf")}, "验收报告.pdf", "现场照片.pdf")
	wd.send("商务局", map[string]fill.Row{"16.4": {Status: plan.StatusBehind, Progress: "排查中。", Problems: "人手不足", Next: "9月底前完成"}})
	if _, err := register.Record(wd.w, wd.p, []decision.Decision{{Kind: decision.Close, Task: 9, Measure: 4, Date: day("2022-09-04"),
		Doc: "长整改办〔2022〕4号", By: "李主任"}}, "", day("2022-09-04")); err != nil {
		t.Fatal(err)
	}
	return wd
}

func (wd *world) ledger() *ledger.Ledger {
	wd.t.Helper()
	per := period.MustParse("2022-08")
	l, err := ledger.Build(wd.p, wd.w, per, per.Last())
	if err != nil {
		wd.t.Fatal(err)
	}
	return l
}

// workbook is the world's review workbook.
func (wd *world) workbook() []byte {
	wd.t.Helper()
	b, err := review.Build(review.Spec{Ledger: wd.ledger(), Workspace: wd.w.ID, Key: wd.w.Key()})
	if err != nil {
		wd.t.Fatal(err)
	}
	defer b.Close()
	data, err := b.Bytes()
	if err != nil {
		wd.t.Fatal(err)
	}
	return data
}

func keys(rows []review.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Key())
	}
	return out
}

func TestRowsAreTheMeasuresWaitingForReview(t *testing.T) {
	wd := august(t)
	rows := review.Rows(wd.ledger())
	if got := strings.Join(keys(rows), " "); got != "3.1 3.2 20.1" {
		t.Fatalf("rows %s, want 3.1 3.2 20.1", got)
	}
	r := rows[1]
	if r.DoneDate != "经发局：2022-08-20\n池北区：2022-08-18\n池西区：2022-08-19" || !strings.Contains(r.Evidence, "池西区：池西区会议纪要") {
		t.Errorf("3.2: %q / %q", r.DoneDate, r.Evidence)
	}
	if r.Units != "经发局\n池北区\n池西区" || r.Deadline != "2022年9月底" {
		t.Errorf("3.2: units %q deadline %q", r.Units, r.Deadline)
	}
	if f := rows[2]; f.Files != "验收报告.pdf" || f.DoneDate != "2022-08-10" || f.Evidence != "验收报告.pdf" {
		t.Errorf("20.1: files %q (the photo is not named by its 佐证材料), done %q", f.Files, f.DoneDate)
	}
}

// open reads the workbook's cells with the scanner, as a reader of outside files does.
func open(t *testing.T, data []byte) *scan.Workbook {
	t.Helper()
	wb, err := scan.Whole(data, scan.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func TestWorkbookLayout(t *testing.T) {
	wd := august(t)
	data := wd.workbook()
	wb := open(t, data)
	rows, err := wb.Rows(review.SheetReview)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rows[0][0], wd.p.Title) || !strings.HasSuffix(rows[0][0], "销号审核表") {
		t.Errorf("title %q", rows[0][0])
	}
	if !strings.Contains(rows[1][0], "期次：2022年8月") || !strings.Contains(rows[1][0], "截至日期：2022年8月31日") || !strings.Contains(rows[1][0], "3 条") {
		t.Errorf("period line %q", rows[1][0])
	}
	if got := strings.Join(rows[review.HeaderRow-1], "|"); got != strings.Join(review.Columns, "|") {
		t.Errorf("header %s", got)
	}
	first := rows[review.HeaderRow]
	if first[0] != "3" || first[1] != "1" || first[3] != "经发局" || first[5] != "2022-08-15" || first[6] != "整改方案印发文件" {
		t.Errorf("first row %q", first)
	}
	if len(rows) != review.HeaderRow+3 {
		t.Errorf("%d rows", len(rows))
	}
	// the identity sheet is very hidden, the sheet protected without a password, the opinion
	// a drop-down, the date a date
	sc, err := scan.Scan(data, scan.DefaultLimits, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]scan.SheetState{}
	for _, s := range sc.Sheets {
		states[s.Name] = s.State
	}
	if states[review.SheetIdentity] != scan.VeryHidden || states[review.SheetReview] != scan.Visible || len(states) != 2 {
		t.Errorf("sheets %v", states)
	}
	xml := part(t, data, "xl/worksheets/sheet1.xml")
	for _, want := range []string{`<sheetProtection sheet="true"`, `<formula1>"同意销号,暂缓"</formula1>`, `sqref="I5:I7" type="list"`,
		`sqref="L5:L7" type="date"`, `fitToPage="true"`, `orientation="landscape"`, `paperSize="9"`} {
		if !strings.Contains(xml, want) {
			t.Errorf("sheet XML has no %s", want)
		}
	}
	if strings.Contains(xml, `password=`) {
		t.Error("the sheet is protected with a password")
	}
	// nothing filled: every row not reviewed, nothing wrong
	out := review.Check(data, review.Context{Workspace: wd.w.ID, Key: wd.w.Key(), Plan: wd.p, Today: day("2022-09-06")})
	if out.Identity == nil || len(out.Findings) != 0 || len(out.Unreviewed) != 3 || out.Period.String() != "2022-08" {
		t.Errorf("the workbook as written: identity %v, findings %v, unreviewed %d", out.Identity, out.Findings, len(out.Unreviewed))
	}
	if got := strings.Join(out.Identity.Rows, " "); got != "3.1 3.2 20.1" || out.Identity.AsOf != "2022-08-31" {
		t.Errorf("identity rows %s as of %s", got, out.Identity.AsOf)
	}
	// the same ledger gives the same bytes
	if again := wd.workbook(); !bytes.Equal(again, data) {
		t.Error("the review workbook is not deterministic")
	}
}

// part is a part of a zip package, as text.
func part(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func TestNothingToReview(t *testing.T) {
	wd := newWorld(t)
	path := filepath.Join(t.TempDir(), "审核表.xlsx")
	rows, err := review.Write(path, review.Spec{Ledger: wd.ledger(), Workspace: wd.w.ID, Key: wd.w.Key()})
	if err != nil || len(rows) != 0 {
		t.Fatalf("rows %d, %v", len(rows), err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a workbook was written: %v", err)
	}
}

// input is what the reviewer writes in a row; Date is written as a real date unless DateText
// is set.
type input struct {
	Opinion, Doc, By string
	Date             time.Time
	DateText         string
}

// filled fills a review workbook the way a reviewer does in Excel; edit may change more.
func filled(t *testing.T, data []byte, in map[string]input, edit func(b *xlsx.Book, rowOf func(string) int)) []byte {
	t.Helper()
	b, err := xlsx.OpenBook(data)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s := b.Sheet(review.SheetReview)
	rowOf := map[string]int{}
	for r, cells := range s.Grid() {
		if r >= review.HeaderRow && len(cells) > 1 {
			rowOf[cells[0]+"."+cells[1]] = r + 1
		}
	}
	for key, v := range in {
		row := rowOf[key]
		if row == 0 {
			t.Fatalf("no row %s", key)
		}
		for col, text := range map[int]string{9: v.Opinion, 10: v.Doc, 11: v.By, 12: v.DateText} {
			if text != "" {
				s.SetString(col, row, text)
			}
		}
		if !v.Date.IsZero() {
			s.SetDateKeep(12, row, xlsx.Serial(v.Date))
		}
	}
	if edit != nil {
		edit(b, func(k string) int { return rowOf[k] })
	}
	out, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (wd *world) apply(data []byte, now string) *review.Outcome {
	wd.t.Helper()
	out, err := review.Apply(wd.w, wd.p, data, review.ApplyOptions{Name: "销号审核表-2022年8月.xlsx", Clerk: "王五", Now: day(now).Add(9 * time.Hour)})
	if err != nil {
		wd.t.Fatal(err)
	}
	return out
}

func (wd *world) decisions() decision.Register {
	wd.t.Helper()
	reg, err := wd.w.Decisions()
	if err != nil {
		wd.t.Fatal(err)
	}
	return reg
}

func TestApplyRecordsTheClosings(t *testing.T) {
	wd := august(t)
	data := filled(t, wd.workbook(), map[string]input{
		"3.1":  {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", By: "李主任", Date: day("2022-09-05")},
		"3.2":  {Opinion: review.Agree, Doc: " 长整改办〔2022〕5号 ", DateText: "2022年9月5日"},
		"20.1": {Opinion: review.Defer, Doc: "（待现场复核）"},
	}, nil)
	out := wd.apply(data, "2022-09-06")
	if len(out.Findings) != 0 || out.Refused || len(out.Recorded) != 2 {
		t.Fatalf("findings %v, refused %v, recorded %d", out.Findings, out.Refused, len(out.Recorded))
	}
	if len(out.Deferred) != 1 || out.Deferred[0].Key() != "20.1" || len(out.Unreviewed) != 0 {
		t.Errorf("deferred %v, unreviewed %v", out.Deferred, out.Unreviewed)
	}
	reg := wd.decisions()
	if len(reg) != 3 {
		t.Fatalf("register %d", len(reg))
	}
	for i, key := range []string{"3.1", "3.2"} {
		d := reg[1+i]
		if d.Kind != decision.Close || d.Key() != key || !d.Date.Equal(day("2022-09-05")) || d.Doc != "长整改办〔2022〕5号" ||
			d.Source != "销号审核表-2022年8月.xlsx" || d.Forced || !strings.HasPrefix(d.Note, review.Note) || !strings.Contains(d.Note, "王五") {
			t.Errorf("decision %d: %+v", i, d)
		}
		if len(d.Evidence) == 0 {
			t.Errorf("%s rests on nothing", key)
		}
	}
	if reg[1].By != "李主任" || reg[2].By != "" {
		t.Errorf("审核人 %q %q", reg[1].By, reg[2].By)
	}
	if l := wd.ledger(); len(review.Rows(l)) != 1 {
		t.Errorf("after the closings, %v still wait", keys(review.Rows(l)))
	}

	// the same file again: nothing new, and when it was applied
	again := wd.apply(data, "2022-09-07")
	if again.AppliedAt.IsZero() || len(again.Recorded) != 0 || len(wd.decisions()) != 3 {
		t.Errorf("applied again: at %v, recorded %d, register %d", again.AppliedAt, len(again.Recorded), len(wd.decisions()))
	}
	// even once a measure was reopened: the old file does not close it again
	if _, err := register.Record(wd.w, wd.p, []decision.Decision{{Kind: decision.Reopen, Task: 3, Measure: 1, Date: day("2022-09-08"),
		Doc: "长整改办〔2022〕9号", Note: "复查发现问题"}}, "", day("2022-09-08")); err != nil {
		t.Fatal(err)
	}
	if again := wd.apply(data, "2022-09-09"); again.AppliedAt.IsZero() || len(wd.decisions()) != 4 {
		t.Errorf("applied after reopening: at %v, register %d", again.AppliedAt, len(wd.decisions()))
	}
}

// The same decisions in a file with other bytes (saved again) are repeats: nothing new.
func TestApplyRepeats(t *testing.T) {
	wd := august(t)
	blank := wd.workbook()
	in := map[string]input{"3.1": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")}}
	wd.apply(filled(t, blank, in, nil), "2022-09-06")
	in["20.1"] = input{Opinion: review.Defer}
	out := wd.apply(filled(t, blank, in, nil), "2022-09-06")
	if !out.AppliedAt.IsZero() || len(out.Recorded) != 0 || len(out.Repeats) != 1 || len(wd.decisions()) != 2 || len(out.Findings) != 0 {
		t.Errorf("recorded %d, repeats %d, register %d; findings %v", len(out.Recorded), len(out.Repeats), len(wd.decisions()), out.Findings)
	}
}

func codes(fs finding.List) map[string]finding.Code {
	out := map[string]finding.Code{}
	for _, f := range fs {
		out[review.Place(f)] = f.Code
	}
	return out
}

func TestApplyChecksEveryCell(t *testing.T) {
	wd := august(t)
	data := filled(t, wd.workbook(), map[string]input{
		"3.1":  {Opinion: "同意", Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")},
		"3.2":  {Opinion: review.Agree, By: "李主任", DateText: "下周一"},
		"20.1": {Opinion: "同意销号", Doc: "长整改办〔2022〕6号", Date: day("2022-09-30")},
	}, func(b *xlsx.Book, rowOf func(string) int) {
		s := b.Sheet(review.SheetReview)
		s.SetString(7, rowOf("3.1"), "另附的材料") // 佐证材料 edited
		s.SetString(1, 9, "99")               // a row added below the table
		s.SetString(9, 9, review.Agree)
	})
	out := wd.apply(data, "2022-09-06")
	want := map[string]finding.Code{
		"第5行「审核意见」栏（任务3措施1）": finding.ReviewOpinionInvalid,
		"第5行「佐证材料」栏（任务3措施1）": finding.ReviewLockedChanged,
		"第6行「文号」栏（任务3措施2）":   finding.ReviewRequired,
		"第6行「日期」栏（任务3措施2）":   finding.ReviewDateInvalid,
		"第7行「日期」栏（任务20措施1）":  finding.ReviewDateFuture,
		"第9行「任务序号」栏":         finding.ReviewRowsChanged,
	}
	got := codes(out.Findings)
	for place, code := range want {
		if got[place] != code {
			t.Errorf("%s: %s, want %s", place, got[place], code)
		}
	}
	if len(out.Findings) != len(want) {
		for _, f := range out.Findings {
			t.Log(review.Line(f))
		}
		t.Errorf("%d findings, want %d", len(out.Findings), len(want))
	}
	if len(wd.decisions()) != 1 || len(out.Recorded) != 0 {
		t.Errorf("recorded although the workbook has errors")
	}
	for _, f := range out.Findings {
		if l := review.Line(f); strings.Contains(l, "_taizhang") || strings.Contains(l, review.SheetReview+"!") {
			t.Errorf("a finding names the workbook's insides: %s", l)
		}
	}
}

func TestApplyStructure(t *testing.T) {
	wd := august(t)
	cases := map[string]struct {
		edit func(b *xlsx.Book, rowOf func(string) int)
		want finding.Code
	}{
		"row deleted": {func(b *xlsx.Book, rowOf func(string) int) { b.Sheet(review.SheetReview).RemoveRow(rowOf("3.2")) }, finding.ReviewRowsChanged},
		"row copied": {func(b *xlsx.Book, rowOf func(string) int) {
			s := b.Sheet(review.SheetReview)
			s.SetString(1, 8, "3")
			s.SetString(2, 8, "1")
		}, finding.ReviewRowsChanged},
		"header edited": {func(b *xlsx.Book, _ func(string) int) {
			b.Sheet(review.SheetReview).SetString(10, review.HeaderRow, "批准文号")
		}, finding.ReviewHeaderChanged},
		"formula": {func(b *xlsx.Book, rowOf func(string) int) {
			b.Sheet(review.SheetReview).SetFormula(10, rowOf("3.1"), `"长整改办"&A1`)
		}, finding.ReviewFormula},
		"number edited": {func(b *xlsx.Book, rowOf func(string) int) {
			b.Sheet(review.SheetReview).SetString(2, rowOf("3.2"), "3")
		}, finding.ReviewRowsChanged},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			data := filled(t, wd.workbook(), map[string]input{"3.1": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")}}, c.edit)
			out := wd.apply(data, "2022-09-06")
			found := false
			for _, f := range out.Findings {
				found = found || f.Code == c.want
			}
			if !found || !out.Findings.HasErrors() {
				t.Errorf("findings %v, want %s", out.Findings, c.want)
			}
			if len(wd.decisions()) != 1 {
				t.Error("recorded")
			}
		})
	}
}

// An opinion left empty with other cells filled is not reviewed, and said so; a row with
// nothing is just not reviewed.
func TestNotReviewed(t *testing.T) {
	wd := august(t)
	data := filled(t, wd.workbook(), map[string]input{"3.1": {Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")}}, nil)
	out := wd.apply(data, "2022-09-06")
	if len(out.Unreviewed) != 3 || out.Findings.HasErrors() || len(out.Findings) != 1 || out.Findings[0].Code != finding.ReviewOpinionMissing {
		t.Errorf("unreviewed %d, findings %v", len(out.Unreviewed), out.Findings)
	}
	if review.Line(out.Findings[0]) != "第5行「审核意见」栏（任务3措施1）：审核意见为空，但填写了“文号”、“日期”：按未审核处理；如同意销号，请选择“同意销号”" {
		t.Errorf("line %s", review.Line(out.Findings[0]))
	}
}

// The register has the last word: a unit that no longer reports 已完成 by the day decided
// keeps every decision of the workbook from being recorded.
func TestApplyRefusedByTheRegister(t *testing.T) {
	wd := august(t)
	data := filled(t, wd.workbook(), map[string]input{
		"3.1": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")},
		"3.2": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")},
	}, nil)
	wd.send("池西区", map[string]fill.Row{"3.2": {Status: plan.StatusOnTrack, Progress: "发现遗漏，继续整改。"}})
	out := wd.apply(data, "2022-09-06")
	if !out.Refused || len(out.Recorded) != 0 || len(wd.decisions()) != 1 {
		t.Fatalf("refused %v, recorded %d, register %d", out.Refused, len(out.Recorded), len(wd.decisions()))
	}
	if len(out.Findings) != 1 || out.Findings[0].Code != finding.ReviewRefused || !strings.HasPrefix(review.Line(out.Findings[0]), "第6行「审核意见」栏：任务3措施2：") ||
		!strings.Contains(out.Findings[0].Message, "池西区") {
		t.Errorf("findings %v", out.Findings)
	}
	// and a date before the returns were received is refused too
	data = filled(t, wd.workbook(), map[string]input{"3.1": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-01")}}, nil)
	if out := wd.apply(data, "2022-09-06"); !out.Refused {
		t.Errorf("a 销号 dated before the unit's return arrived: %v", out.Findings)
	}
}

func TestApplyRefusesWhatIsNotThisWorkspacesReviewWorkbook(t *testing.T) {
	wd := august(t)
	good := wd.workbook()
	unitTemplate, err := fill.Return(template.Spec{Plan: wd.p, Unit: "经发局", Period: period.MustParse("2022-08"), AsOf: day("2022-08-31"),
		Due: day("2022-09-05"), Workspace: wd.w.ID, Key: wd.w.Key(), Master: templates.ProgressMaster}, fill.Good(wd.p, "经发局", day("2022-08-31")), nil)
	if err != nil {
		t.Fatal(err)
	}
	foreign := func(id string, key []byte) []byte {
		b, err := review.Build(review.Spec{Ledger: wd.ledger(), Workspace: id, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		data, _ := b.Bytes()
		return data
	}
	editIdentity := func(field, value string) []byte {
		b, err := xlsx.OpenBook(good)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		s := b.Sheet(review.SheetIdentity)
		for r, cells := range s.Grid() {
			if len(cells) > 0 && cells[0] == field {
				s.SetString(2, r+1, value)
			}
		}
		data, _ := b.Bytes()
		return data
	}
	otherKey := []byte("another key of thirty-two bytes!")
	cases := map[string]struct {
		data []byte
		code finding.Code
		says string
	}{
		"garbage":            {[]byte("not a workbook at all, just text\n"), finding.ReviewUnreadable, "不是 .xlsx 工作簿"},
		"empty":              {nil, finding.ReviewUnreadable, "空的"},
		"pdf":                {[]byte("%PDF-1.7\n..."), finding.ReviewUnreadable, "PDF"},
		"legacy xls":         {append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), finding.ReviewUnreadable, ".xls"},
		"broken zip":         {good[:len(good)/2], finding.ReviewUnreadable, "损坏"},
		"unit template":      {unitTemplate, finding.ReviewNotReview, "进展填报模板"},
		"foreign workspace":  {foreign("0123456789abcdef", otherKey), finding.ReviewForeign, "其他工作区"},
		"same id, other key": {foreign(wd.w.ID, otherKey), finding.ReviewTampered, "签名不符"},
		"rows edited":        {editIdentity("rows", "3.1,3.2"), finding.ReviewTampered, "被改动"},
		"cells edited":       {editIdentity("cells 3.1", "000000000000,1,2,3,4,5"), finding.ReviewTampered, "签名不符"},
		"kind edited":        {editIdentity("kind", "template"), finding.ReviewTampered, "被改动"},
		"signature edited":   {editIdentity("signature", strings.Repeat("0", 64)), finding.ReviewTampered, "签名不符"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out := wd.apply(c.data, "2022-09-06")
			if out.Identity != nil || len(out.Findings) != 1 || out.Findings[0].Code != c.code || !strings.Contains(out.Findings[0].Message, c.says) {
				t.Errorf("identity %v, findings %v; want %s saying %s", out.Identity != nil, out.Findings, c.code, c.says)
			}
			if len(wd.decisions()) != 1 {
				t.Error("recorded")
			}
		})
	}
}

// A review workbook made before the plan changed a measure's text is refused for that measure.
func TestPlanChangedSince(t *testing.T) {
	wd := august(t)
	data := filled(t, wd.workbook(), map[string]input{"3.1": {Opinion: review.Agree, Doc: "长整改办〔2022〕5号", Date: day("2022-09-05")}}, nil)
	changed := *wd.p
	changed.Tasks = append([]plan.Task(nil), wd.p.Tasks...)
	t3 := changed.Tasks[2]
	t3.Measures = append([]plan.Measure(nil), t3.Measures...)
	t3.Measures[0].Text += "（修订）"
	changed.Tasks[2] = t3
	out := review.Check(data, review.Context{Workspace: wd.w.ID, Key: wd.w.Key(), Plan: &changed, Today: day("2022-09-06")})
	if len(out.Findings) != 1 || out.Findings[0].Code != finding.ReviewPlanChanged || out.Findings[0].Task != 3 || out.Findings[0].Measure != 1 {
		t.Errorf("findings %v", out.Findings)
	}
}
