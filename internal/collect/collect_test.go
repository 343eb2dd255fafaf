package collect_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/collect"
	"taizhang/internal/fill"
	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/receipt"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

const planPath = "../../samples/任务清单.xlsx"

var (
	asOf = time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)
	now  = time.Date(2022, 8, 3, 9, 0, 0, 0, time.UTC)
)

type env struct {
	t     *testing.T
	w     *store.Workspace
	p     *plan.Plan
	inbox string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	data, err := os.ReadFile(planPath)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil || pf.Findings.HasErrors() {
		t.Fatalf("sample plan: %v %v", err, pf.Findings)
	}
	p := pf.Plan
	dir := t.TempDir()
	w, err := store.Init(filepath.Join(dir, "ws"), pf, store.InitOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	return &env{t: t, w: w, p: p, inbox: inbox}
}

func (e *env) spec(unit string) template.Spec {
	return template.Spec{Plan: e.p, Unit: unit, Period: period.MustParse("2022-07"), AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: e.w.ID, Key: e.w.Key(), Master: templates.ProgressMaster}
}

// ret is a unit's filled return; change edits the form.
func (e *env) ret(unit string, change func(f *fill.Form)) []byte {
	e.t.Helper()
	f := fill.Good(e.p, unit, asOf)
	if change != nil {
		change(&f)
	}
	data, err := fill.Return(e.spec(unit), f, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return data
}

func (e *env) put(name string, data []byte) string {
	e.t.Helper()
	path := filepath.Join(e.inbox, name)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return path
}

func (e *env) run(paths ...string) *collect.Summary {
	e.t.Helper()
	if len(paths) == 0 {
		paths = []string{e.inbox}
	}
	sum, err := collect.Run(context.Background(), e.w, e.p, collect.Options{Paths: paths, Period: period.MustParse("2022-07"), Now: now})
	if err != nil {
		e.t.Fatal(err)
	}
	return sum
}

// eml is an e-mail from sender with one attachment whose name is sent GBK-encoded in RFC 2047
// inside the filename parameter, as Chinese mail clients do.
func eml(from, name string, data []byte) []byte {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(name)
	encoded := mime.BEncoding.Encode("GBK", gbk)
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: =?UTF-8?B?%s?= <%s>\r\nTo: zgb@cbs.example.cn\r\nSubject: =?UTF-8?B?%s?=\r\nDate: Wed, 03 Aug 2022 10:15:00 +0800\r\n",
		base64.StdEncoding.EncodeToString([]byte("填报人")), from, base64.StdEncoding.EncodeToString([]byte("7月进展")))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n请查收。\r\n")
	fmt.Fprintf(&b, "--XX\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"%s\"\r\n\r\n", encoded, encoded)
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--XX--\r\n")
	return b.Bytes()
}

func byName(sum *collect.Summary) map[string]*collect.Outcome {
	out := map[string]*collect.Outcome{}
	for i := range sum.Outcomes {
		o := &sum.Outcomes[i]
		out[intake.Describe(&o.Input)] = o
	}
	return out
}

func hasCode(o *collect.Outcome, code finding.Code) bool {
	for _, f := range o.Findings() {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestCollectMixedInbox(t *testing.T) {
	e := newEnv(t)
	good := e.ret("经发局", nil)
	e.put("经发局.xlsx", good)
	e.put("重复/经发局-副本.xlsx", good) // walked after 经发局.xlsx: the copy is the duplicate
	e.put("住建局.xlsx", e.ret("住建局", func(f *fill.Form) {
		r := f.Rows["12.1"]
		r.Status = "完成"
		f.Rows["12.1"] = r
	}))
	e.put("池北区.eml", eml("cbq@cbs.example.cn", "池北区7月进展.xlsx", e.ret("池北区", nil)))
	e.put("empty.xlsx", nil)
	e.put("old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...))
	e.put("renamed.xlsx", []byte("%PDF-1.4 not a workbook"))
	sum := e.run()
	got := byName(sum)
	want := map[string]struct {
		verdict, status string
		code            finding.Code
		unit            string
	}{
		"经发局.xlsx":               {intake.Accepted, collect.StatusNew, "", "经发局"},
		"经发局-副本.xlsx":            {intake.Accepted, collect.StatusDuplicate, finding.Duplicate, "经发局"},
		"住建局.xlsx":               {intake.Rejected, collect.StatusNew, finding.StatusInvalid, "住建局"},
		"池北区.eml › 池北区7月进展.xlsx": {intake.Accepted, collect.StatusNew, "", "池北区"},
		"empty.xlsx":             {intake.Rejected, collect.StatusNew, finding.Corrupt, ""},
		"old.xls":                {intake.Rejected, collect.StatusNew, finding.NotXLSX, ""},
		"renamed.xlsx":           {intake.Rejected, collect.StatusNew, finding.NotXLSX, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("outcomes: %v", keys(got))
	}
	for name, w := range want {
		o := got[name]
		if o == nil {
			t.Errorf("no outcome for %s (have %v)", name, keys(got))
			continue
		}
		if o.Verdict() != w.verdict || o.Status != w.status || o.Record == nil || o.Record.Unit != w.unit {
			t.Errorf("%s: verdict %s status %s unit %v", name, o.Verdict(), o.Status, o.Record)
		}
		if w.code != "" && !hasCode(o, w.code) {
			t.Errorf("%s: no %s in %v", name, w.code, o.Findings())
		}
	}
	if o := got["池北区.eml › 池北区7月进展.xlsx"]; o != nil && o.Record.Sender != "cbq@cbs.example.cn" {
		t.Errorf("sender %q", o.Record.Sender)
	}
	recs, _ := e.w.AllRecords()
	if len(recs) != 7 {
		t.Errorf("%d records", len(recs))
	}
	cur, _ := e.w.Current(period.MustParse("2022-07"))
	if len(cur) != 2 || cur["经发局"] == nil || cur["池北区"] == nil {
		t.Errorf("current: %v", cur)
	}
	es, _ := e.w.Entries(cur["经发局"].ID)
	if len(es) != len(template.Rows(e.p, "经发局")) {
		t.Errorf("%d entries", len(es))
	}
	// every stored file is in the archive
	for _, r := range recs {
		if r.Digest == "" {
			continue
		}
		if _, err := e.w.Archived(r.Digest); err != nil {
			t.Errorf("record %d: %v", r.ID, err)
		}
	}
}

func TestCollectAgainChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.put("经发局.xlsx", e.ret("经发局", nil))
	e.put("empty.xlsx", nil)
	e.run()
	before, _ := e.w.AllRecords()
	sum := e.run()
	after, _ := e.w.AllRecords()
	if len(before) != len(after) {
		t.Fatalf("records %d → %d", len(before), len(after))
	}
	for _, o := range sum.Outcomes {
		if o.Status != collect.StatusAgain {
			t.Errorf("%s: %s", o.Input.Source(), o.Status)
		}
	}
}

func TestNewerReturnSupersedes(t *testing.T) {
	e := newEnv(t)
	first := e.put("a/经发局.xlsx", e.ret("经发局", nil))
	os.Chtimes(first, now, now.Add(-time.Hour))
	e.run(first)
	second := e.put("b/经发局.xlsx", e.ret("经发局", func(f *fill.Form) {
		r := f.Rows["3.2"]
		r.Progress = "更正后的进展：已完成指标排查。"
		f.Rows["3.2"] = r
	}))
	os.Chtimes(second, now, now)
	e.run(second)
	cur, _ := e.w.Current(period.MustParse("2022-07"))
	all, _ := e.w.Records(period.MustParse("2022-07"))
	if len(all) != 2 || cur["经发局"] == nil || cur["经发局"].Source != second {
		t.Fatalf("current %v of %d", cur["经发局"], len(all))
	}
	old, _ := e.w.Record(all[0].ID)
	if old.SupersededBy != cur["经发局"].ID {
		t.Errorf("old record superseded by %d", old.SupersededBy)
	}
}

func TestRejectedCorrectionThenAccepted(t *testing.T) {
	e := newEnv(t)
	bad := e.put("1/住建局.xlsx", e.ret("住建局", func(f *fill.Form) { f.Rows["12.1"] = fill.Row{Status: "完成", Progress: "x"} }))
	e.run(bad)
	if cur, _ := e.w.Current(period.MustParse("2022-07")); cur["住建局"] != nil {
		t.Fatal("a rejected return counts")
	}
	e.run(e.put("2/住建局.xlsx", e.ret("住建局", nil)))
	if cur, _ := e.w.Current(period.MustParse("2022-07")); cur["住建局"] == nil {
		t.Fatal("the correction does not count")
	}
}

func TestWorkspaceLock(t *testing.T) {
	e := newEnv(t)
	if _, err := store.Open(e.w.Dir); err != store.ErrLocked {
		t.Errorf("second open: %v", err)
	}
}

func keys(m map[string]*collect.Outcome) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Which return of a unit counts follows the order the office received them, never a time the
// unit controls (file times, an e-mail's Date): the last one received counts, every other
// accepted one is superseded by it, and other units are untouched.
func TestSupersedeByOrderReceived(t *testing.T) {
	e := newEnv(t)
	edit := func(text string) func(*fill.Form) {
		return func(f *fill.Form) {
			r := f.Rows["3.2"]
			r.Progress = text
			f.Rows["3.2"] = r
		}
	}
	first := e.put("1/经发局.xlsx", e.ret("经发局", edit("第一份。")))
	os.Chtimes(first, now, now.Add(time.Hour)) // a file time in the future
	nextYear := bytes.Replace(eml("jfj@cbs.example.cn", "经发局.xlsx", e.ret("经发局", edit("第二份：邮件的 Date 写成了明年。"))),
		[]byte("Date: Wed, 03 Aug 2022"), []byte("Date: Thu, 03 Aug 2023"), 1)
	second := e.put("2/经发局.eml", nextYear)
	other := e.put("3/住建局.xlsx", e.ret("住建局", nil))
	e.run(first, second, other)
	last := e.put("4/经发局.xlsx", e.ret("经发局", edit("最后收到的一份。")))
	os.Chtimes(last, now, now.Add(-48*time.Hour))
	e.run(last)
	cur, _ := e.w.Current(period.MustParse("2022-07"))
	if cur["经发局"] == nil || cur["经发局"].Source != last {
		t.Fatalf("current return of 经发局: %+v", cur["经发局"])
	}
	if cur["住建局"] == nil || cur["住建局"].SupersededBy != 0 {
		t.Fatalf("住建局's only return: %+v", cur["住建局"])
	}
	all, _ := e.w.Records(period.MustParse("2022-07"))
	superseded := 0
	for _, r := range all {
		if r.Unit == "经发局" && r.Source != last {
			if r.SupersededBy != cur["经发局"].ID {
				t.Errorf("%s superseded by %d, want %d", r.Source, r.SupersededBy, cur["经发局"].ID)
			}
			superseded++
		}
		if !r.Sent.Equal(now) {
			t.Errorf("%s sent %v: a loose file is sent when received, an e-mail's Date never after that", r.Source, r.Sent)
		}
	}
	if superseded != 2 {
		t.Errorf("%d earlier returns of 经发局, want 2", superseded)
	}
}

// A return whose progress repeats the unit's accepted return of the month before is warned
// about; a unit without an earlier return is not.
func TestProgressComparedWithLastMonth(t *testing.T) {
	e := newEnv(t)
	july := e.put("7/经发局.xlsx", e.ret("经发局", nil))
	e.run(july)
	augAsOf := time.Date(2022, 8, 31, 0, 0, 0, 0, time.UTC)
	aug := func(unit string) []byte {
		spec := e.spec(unit)
		spec.Period, spec.AsOf, spec.Due = period.MustParse("2022-08"), augAsOf, augAsOf.AddDate(0, 0, 5)
		data, err := fill.Return(spec, fill.Good(e.p, unit, augAsOf), nil)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	paths := []string{e.put("8/经发局.xlsx", aug("经发局")), e.put("8/住建局.xlsx", aug("住建局"))}
	sum, err := collect.Run(context.Background(), e.w, e.p, collect.Options{Paths: paths, Period: period.MustParse("2022-08"), Now: now.AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	unchanged := map[string]int{}
	for _, o := range sum.Outcomes {
		for _, f := range o.Findings() {
			if f.Code == finding.ProgressUnchanged {
				unchanged[o.Record.Unit]++
			}
		}
	}
	if unchanged["经发局"] == 0 {
		t.Error("经发局 repeats July's progress and is not warned")
	}
	if unchanged["住建局"] != 0 {
		t.Errorf("住建局 had no July return but got %d warnings", unchanged["住建局"])
	}
}

// runFor collects for a period.
func (e *env) runFor(month string, paths ...string) *collect.Summary {
	e.t.Helper()
	sum, err := collect.Run(context.Background(), e.w, e.p, collect.Options{Paths: paths, Period: period.MustParse(month), Now: now})
	if err != nil {
		e.t.Fatal(err)
	}
	return sum
}

// The same inbox reached by another spelling of its path (relative, through a link, from
// another working folder) is the same inbox: nothing is recorded again.
func TestSameInboxByAnotherPath(t *testing.T) {
	e := newEnv(t)
	e.put("经发局.xlsx", e.ret("经发局", nil))
	e.put("empty.xlsx", nil)
	e.run(e.inbox)
	link := filepath.Join(t.TempDir(), "收件箱的链接")
	if err := os.Symlink(e.inbox, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(filepath.Dir(e.inbox))
	for _, p := range []string{filepath.Base(e.inbox), "./" + filepath.Base(e.inbox) + "/", link} {
		sum := e.run(p)
		for _, o := range sum.Outcomes {
			if o.Status != collect.StatusAgain {
				t.Errorf("%s by %q: %s", o.Input.Path, p, o.Status)
			}
		}
	}
	if all, _ := e.w.AllRecords(); len(all) != 2 {
		t.Errorf("%d records, want 2", len(all))
	}
}

// A return collected for the wrong period is rejected for it; collected for its own period it
// is judged again and counts — a July return first seen in August's collection is not lost.
func TestJudgedPerPeriod(t *testing.T) {
	e := newEnv(t)
	path := e.put("经发局.xlsx", e.ret("经发局", nil))
	sum := e.runFor("2022-08", path)
	if o := sum.Outcomes[0]; o.Verdict() != intake.Rejected || !hasCode(&o, finding.PeriodMismatch) {
		t.Fatalf("July's return collected for August: %s %v", o.Verdict(), o.Findings())
	}
	again := e.runFor("2022-08", path)
	if again.Outcomes[0].Status != collect.StatusAgain {
		t.Errorf("the same input for the same period: %s", again.Outcomes[0].Status)
	}
	sum = e.runFor("2022-07", path)
	o := sum.Outcomes[0]
	if o.Status != collect.StatusNew || o.Verdict() != intake.Accepted || o.Record.DuplicateOf != 0 {
		t.Fatalf("collected for July: %s %s dup %d %v", o.Status, o.Verdict(), o.Record.DuplicateOf, o.Findings())
	}
	if cur, _ := e.w.Current(period.MustParse("2022-07")); cur["经发局"] == nil || cur["经发局"].ID != o.Record.ID {
		t.Errorf("July's current return of 经发局: %+v", cur["经发局"])
	}
	// sent again from elsewhere for July: a repeat, it does not count twice
	copyPath := e.put("副本/经发局.xlsx", e.ret("经发局", nil))
	data, _ := os.ReadFile(path)
	os.WriteFile(copyPath, data, 0o644)
	sum = e.runFor("2022-07", copyPath)
	if o := sum.Outcomes[0]; o.Status != collect.StatusDuplicate || o.Record.DuplicateOf == 0 || !hasCode(&o, finding.Duplicate) {
		t.Errorf("a repeat: %s dup %d %v", o.Status, o.Record.DuplicateOf, o.Findings())
	}
}

// Every attachment of a return's e-mail, and the e-mail itself, is kept with the record.
func TestEvidenceKept(t *testing.T) {
	e := newEnv(t)
	msg := eml("jfj@cbs.example.cn", "经发局.xlsx", e.ret("经发局", nil))
	photo := "--XX\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"photo.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte("\xff\xd8\xffjpeg")) + "\r\n--XX--"
	msg = bytes.Replace(msg, []byte("--XX--"), []byte(photo), 1)
	e.put("经发局.eml", msg)
	sum := e.run()
	rec := sum.Outcomes[0].Record
	ev, err := e.w.EvidenceOf([]int64{rec.ID})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, f := range ev[rec.ID] {
		kinds[f.Name] = f.Kind
		data, err := e.w.Archived(f.Digest)
		if err != nil || int64(len(data)) != f.Size {
			t.Errorf("%s: archived %d bytes (%v), want %d", f.Name, len(data), err, f.Size)
		}
	}
	if kinds["photo.jpg"] != store.EvidenceAttachment || kinds["经发局.eml"] != store.EvidenceMessage || len(kinds) != 2 {
		t.Errorf("evidence %v", kinds)
	}
}

// A path that does not exist is a mistake of the command: nothing is recorded.
func TestMissingPathRecordsNothing(t *testing.T) {
	e := newEnv(t)
	e.put("经发局.xlsx", e.ret("经发局", nil))
	_, err := collect.Run(context.Background(), e.w, e.p, collect.Options{Paths: []string{e.inbox, filepath.Join(e.inbox, "没有这个文件夹")}, Now: now})
	var missing *collect.MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("err %v", err)
	}
	if all, _ := e.w.AllRecords(); len(all) != 0 {
		t.Errorf("%d records", len(all))
	}
}

// An e-mail's Date is the sending time only within bounds the unit does not control: never
// before its template was issued, never after the office received it.
func TestSentTimeBounded(t *testing.T) {
	e := newEnv(t)
	issued := now.AddDate(0, 0, -5)
	if err := e.w.RecordIssued(period.MustParse("2022-07"), []template.SendItem{{Unit: "经发局", File: "经发局.xlsx"}}, asOf.AddDate(0, 0, 5), issued); err != nil {
		t.Fatal(err)
	}
	early := bytes.Replace(eml("jfj@cbs.example.cn", "经发局.xlsx", e.ret("经发局", nil)), []byte("Date: Wed, 03 Aug 2022"), []byte("Date: Wed, 03 Aug 2011"), 1)
	e.put("early.eml", early)
	sum := e.run()
	if r := sum.Outcomes[0].Record; !r.Sent.Equal(issued) || r.MailDate.Year() != 2011 {
		t.Errorf("sent %v (mail date %v), want the template's issue time %v", r.Sent, r.MailDate, issued)
	}
}

// A picture a unit pasted into 佐证材料 in WPS is kept with the record as evidence of the measure,
// the 佐证材料 recorded names it, and the unit's receipt says it was kept. The workbook is made as
// WPS writes one (fill.PasteCellPictures follows the file format; there is no WPS here).
func TestCellPictureKept(t *testing.T) {
	e := newEnv(t)
	photo := []byte("\x89PNG\r\n\x1a\n-a-photo-of-the-site-")
	data, err := fill.Return(e.spec("经发局"), fill.Good(e.p, "经发局", asOf), func(fb *fill.Book) error {
		fb.SetFormula(fb.Col(template.ColEvidence), fb.RowOf("5.1"), `_xlfn.DISPIMG("ID_1F2E3D4C5B6A",1)`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if data, err = fill.PasteCellPictures(data, map[string][]byte{"ID_1F2E3D4C5B6A": photo}); err != nil {
		t.Fatal(err)
	}
	e.put("经发局-2022年7月进展填报.xlsx", data)
	sum := e.run()
	o := sum.Outcomes[0]
	if o.Record.Verdict != intake.Accepted || !hasCode(&o, finding.PictureInCell) {
		t.Fatalf("verdict %s, findings %v", o.Record.Verdict, o.Findings())
	}
	ev, err := e.w.EvidenceOf([]int64{o.Record.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev[o.Record.ID]) != 1 {
		t.Fatalf("evidence %+v", ev[o.Record.ID])
	}
	f := ev[o.Record.ID][0]
	kept, err := e.w.Archived(f.Digest)
	if f.Kind != store.EvidencePicture || f.Name != "任务5措施1-单元格图片.png" || err != nil || !bytes.Equal(kept, photo) {
		t.Errorf("kept %+v (%v)", f, err)
	}
	entries, err := e.w.Entries(o.Record.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range entries {
		if en.Key() == "5.1" && en.Evidence != "单元格图片：任务5措施1-单元格图片.png" {
			t.Errorf("佐证材料 recorded as %q", en.Evidence)
		}
	}
	text := receipt.Text(e.p, receipt.Answer{Record: o.Record, Evidence: ev[o.Record.ID]})
	if !strings.Contains(text, "单元格中的图片（已另存为佐证材料）：任务5措施1-单元格图片.png") {
		t.Errorf("the receipt does not name the picture:\n%s", text)
	}
}
