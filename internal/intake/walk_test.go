package intake

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/finding"
)

func mail(from, disposition string, data []byte) string {
	return fmt.Sprintf("From: %s\r\nSubject: test\r\nDate: Wed, 03 Aug 2022 10:15:00 +0800\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n"+
		"--B\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n%s\r\n\r\n%s\r\n--B--\r\n",
		from, disposition, base64.StdEncoding.EncodeToString(data))
}

func collectInputs(t *testing.T, paths ...string) []Input {
	t.Helper()
	entries, _ := Walk(paths)
	var out []Input
	for _, e := range entries {
		Open(e, DefaultLimits, func(in Input) { out = append(out, in) })
	}
	return out
}

func TestMailNames(t *testing.T) {
	dir := t.TempDir()
	book := bomb(t, 0)
	cases := map[string]string{
		"utf8-2231.eml": `Content-Disposition: attachment; filename*=UTF-8''%E7%BB%8F%E5%8F%91%E5%B1%80.xlsx`,
		"gbk-2047.eml":  `Content-Disposition: attachment; filename="=?GBK?B?vq23or7WLnhsc3g=?="`,
		"utf8-2047.eml": `Content-Disposition: attachment; filename="=?UTF-8?B?57uP5Y+R5bGALnhsc3g=?="`,
	}
	for name, disp := range cases {
		os.WriteFile(filepath.Join(dir, name), []byte(mail("JFJ@cbs.example.cn", disp, book)), 0o644)
	}
	ins := collectInputs(t, dir)
	if len(ins) != 3 {
		t.Fatalf("%d inputs", len(ins))
	}
	for _, in := range ins {
		if in.Problem != nil || in.Attachment != "经发局.xlsx" || in.Sender != "jfj@cbs.example.cn" || len(in.Data) != len(book) {
			t.Errorf("%s: attachment %q sender %q problem %v", in.Path, in.Attachment, in.Sender, in.Problem)
		}
		if in.MailDate.IsZero() {
			t.Errorf("%s: no date", in.Path)
		}
	}
}

func TestMbox(t *testing.T) {
	dir := t.TempDir()
	book := bomb(t, 0)
	one := mail("a@x.cn", `Content-Disposition: attachment; filename="a.xlsx"`, book)
	two := mail("b@x.cn", `Content-Disposition: attachment; filename="b.xlsx"`, book)
	none := "From: c@x.cn\r\nSubject: no attachment\r\n\r\njust text\r\n"
	mbox := "From a@x.cn Wed Aug  3 10:15:00 2022\n" + one + "\nFrom b@x.cn Wed Aug  3 10:16:00 2022\n" + two +
		"\nFrom c@x.cn Wed Aug  3 10:17:00 2022\n" + none
	path := filepath.Join(dir, "inbox.mbox")
	os.WriteFile(path, []byte(mbox), 0o644)
	ins := collectInputs(t, path)
	if len(ins) != 3 {
		t.Fatalf("%d inputs", len(ins))
	}
	if ins[0].Attachment != "a.xlsx" || ins[0].Message != 1 || ins[1].Attachment != "b.xlsx" || ins[1].Message != 2 {
		t.Errorf("got %+v %+v", ins[0].Attachment, ins[1].Attachment)
	}
	if ins[2].Problem == nil || ins[2].Problem.Code != finding.NoAttachment || ins[2].Sender != "c@x.cn" {
		t.Errorf("third message: %+v", ins[2].Problem)
	}
	if !strings.Contains(ins[1].Source(), "#2") {
		t.Errorf("source %q", ins[1].Source())
	}
}

func TestWalkSkipsAndLinks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "~$经发局.xlsx"), []byte("lock"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "folder.xlsx"), 0o755)
	os.WriteFile(filepath.Join(dir, "folder.xlsx", "b.xlsx"), []byte("y"), 0o644)
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Skip("no symlinks here")
	}
	os.Symlink(filepath.Join(dir, "self"), filepath.Join(dir, "self"))
	entries, skipped := Walk([]string{dir})
	var names []string
	for _, e := range entries {
		n := filepath.Base(e.Path)
		if e.Err != nil {
			n += "!"
		}
		names = append(names, n)
	}
	if got := strings.Join(names, " "); got != "a.xlsx b.xlsx loop! self!" {
		t.Errorf("entries: %s", got)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0].Reason, "临时文件") {
		t.Errorf("skipped: %v", skipped)
	}
	for _, e := range entries {
		if e.Err != nil {
			var in Input
			Open(e, DefaultLimits, func(i Input) { in = i })
			if in.Problem == nil || in.Problem.Code != finding.Unreadable {
				t.Errorf("%s: %v", e.Path, in.Problem)
			}
		}
	}
}

// archiveOf makes a .zip of files; gbk names are stored in GB 18030 without the UTF-8 flag, as
// Chinese Windows writes them.
func archiveOf(t *testing.T, files map[string][]byte, gbk bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		hdr := &zip.FileHeader{Name: n, Method: zip.Deflate}
		if gbk {
			enc, _ := simplifiedchinese.GB18030.NewEncoder().String(n)
			hdr.Name, hdr.NonUTF8 = enc, true
		}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// In an inbox folder, files that clearly are no returns are listed and left out; the same
// files given by name are read (and told why they are not workbooks).
func TestNotReturnsInFolders(t *testing.T) {
	dir := t.TempDir()
	book := bomb(t, 0)
	for name, data := range map[string][]byte{
		"照片.jpg": []byte("\xff\xd8\xff\xe0 jpeg"), "说明.pdf": []byte("%PDF-1.4"), "材料.docx": archiveOf(t, map[string][]byte{"word/document.xml": []byte("<w:document/>")}, false),
		"打包.zip": archiveOf(t, map[string][]byte{"现场照片.jpg": []byte("jpeg")}, false), "经发局.xlsx": book,
		"报表.zip": archiveOf(t, map[string][]byte{"经发局进展.xlsx": book}, true), "旧格式.xls": append(oleMagicForTest(), make([]byte, 504)...),
	} {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	entries, skipped := Walk([]string{dir})
	var left []string
	for _, s := range skipped {
		if s.Reason != NotAReturn {
			t.Errorf("%s skipped as %q", s.Path, s.Reason)
		}
		left = append(left, filepath.Base(s.Path))
	}
	sort.Strings(left)
	if want := []string{"打包.zip", "材料.docx", "照片.jpg", "说明.pdf"}; strings.Join(left, ",") != strings.Join(want, ",") {
		t.Errorf("left out %v, want %v", left, want)
	}
	if len(entries) != 3 {
		t.Errorf("%d entries: %+v", len(entries), entries)
	}
	// a workbook inside a .zip is a return, named after the archive and the file
	var ins []Input
	for _, e := range entries {
		Open(e, DefaultLimits, func(in Input) { ins = append(ins, in) })
	}
	found := false
	for _, in := range ins {
		if in.Attachment == "经发局进展.xlsx" || strings.HasSuffix(in.Attachment, "› 经发局进展.xlsx") {
			found = in.Problem == nil && len(in.Data) == len(book)
		}
	}
	if !found {
		t.Errorf("the workbook in 报表.zip (GB 18030 name) was not read: %+v", ins)
	}
	// given by name, a PDF is an input that says what it is
	ins = collectInputs(t, filepath.Join(dir, "说明.pdf"))
	if len(ins) != 1 {
		t.Fatalf("%d inputs for a PDF given by name", len(ins))
	}
}

func oleMagicForTest() []byte { return append([]byte(nil), oleMagic...) }

// An e-mail's other attachments and the e-mail itself come with its return as evidence; a
// .zip attachment holding the workbook is opened, its other files are evidence too.
func TestMailEvidence(t *testing.T) {
	dir := t.TempDir()
	book := bomb(t, 0)
	pack := archiveOf(t, map[string][]byte{"池北区8月进展.xlsx": book, "现场照片1.jpg": []byte("jpeg1")}, false)
	msg := "From: cbq@cbs.example.cn\r\nSubject: =?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("8月进展")) + "?=\r\n" +
		"Date: Sat, 03 Sep 2022 16:40:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\n请查收。\r\n" +
		"--B\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\"pack.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(pack) + "\r\n" +
		"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"yanshou.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 验收报告")) + "\r\n--B--\r\n"
	path := filepath.Join(dir, "池北区.eml")
	os.WriteFile(path, []byte(msg), 0o644)
	ins := collectInputs(t, path)
	if len(ins) != 1 || ins[0].Problem != nil || ins[0].Attachment != "pack.zip › 池北区8月进展.xlsx" {
		t.Fatalf("inputs %+v", ins)
	}
	var names []string
	message := false
	for _, e := range ins[0].Evidence {
		names = append(names, e.Name)
		if e.Message {
			message = string(e.Data) == msg
		}
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "pack.zip › 现场照片1.jpg,yanshou.pdf,池北区.eml" || !message {
		t.Errorf("evidence %v (the e-mail kept whole: %v)", names, message)
	}
	if ins[0].MailDate.IsZero() || ins[0].Canon == "" || !filepath.IsAbs(ins[0].Canon) {
		t.Errorf("date %v, canonical path %q", ins[0].MailDate, ins[0].Canon)
	}
}

// within runs fn and fails the test if it does not return in time: a hang must fail the test,
// not the whole run.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still blocked after %v", what, d)
	}
}

// stalled is a reader that never returns, like a file on a network share that went away.
type stalled struct{ release chan struct{} }

func (s stalled) Read(p []byte) (int, error) {
	<-s.release
	return 0, io.EOF
}

// An input whose reading stalls fails after its time with an unreadable finding; the run goes
// on. A slow reader that keeps delivering within the time is read whole.
func TestStalledRead(t *testing.T) {
	s := stalled{make(chan struct{})}
	defer close(s.release)
	var err error
	start := time.Now()
	within(t, 5*time.Second, "stalled read", func() { _, err = readAll(s, 1<<20, 0, 200*time.Millisecond) })
	if !errors.Is(err, errStalled) {
		t.Fatalf("err %v, want stalled", err)
	}
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Errorf("gave up after %v", took)
	}
	f := unreadable(err)
	if f.Code != finding.Unreadable || !strings.Contains(f.Message, "超时") {
		t.Errorf("finding %+v", f)
	}
	data, err := readAll(iotest.OneByteReader(strings.NewReader("经发局的报送")), 1<<20, 0, time.Second)
	if err != nil || string(data) != "经发局的报送" {
		t.Errorf("slow reader: %q %v", data, err)
	}
	if _, err := readAll(strings.NewReader("12345"), 3, 5, time.Second); !errors.Is(err, errOverLimit) {
		t.Errorf("over the limit: %v", err)
	}
}

// A link inside a folder that leads out of it (to /etc/passwd, to a sibling folder) is not
// followed; links that stay inside work.
func TestLinksOutOfTheFolder(t *testing.T) {
	base := t.TempDir()
	inbox := filepath.Join(base, "收件箱")
	os.MkdirAll(filepath.Join(inbox, "sub"), 0o755)
	os.MkdirAll(filepath.Join(base, "other"), 0o755)
	os.WriteFile(filepath.Join(inbox, "a.xlsx"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(base, "other", "secret.xlsx"), []byte("secret"), 0o644)
	links := map[string]string{
		"in.xlsx":          "a.xlsx",
		"sub/up.xlsx":      "../a.xlsx",
		"sub/abs.xlsx":     filepath.Join(inbox, "a.xlsx"),
		"out.xlsx":         "../other/secret.xlsx",
		"abs-out.xlsx":     filepath.Join(base, "other", "secret.xlsx"),
		"passwd.xlsx":      "/etc/passwd",
		"sub/via-sub.xlsx": "../../other/secret.xlsx",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(inbox, name)); err != nil {
			t.Skip("no symlinks here")
		}
	}
	got := map[string]*Input{}
	for _, in := range collectInputs(t, inbox) {
		in := in
		rel, _ := filepath.Rel(inbox, in.Path)
		got[filepath.ToSlash(rel)] = &in
	}
	for _, name := range []string{"a.xlsx", "in.xlsx", "sub/up.xlsx", "sub/abs.xlsx"} {
		if in := got[name]; in == nil || in.Problem != nil || string(in.Data) != "a" {
			t.Errorf("%s: not read as the file it links to", name)
		}
	}
	for _, name := range []string{"out.xlsx", "abs-out.xlsx", "passwd.xlsx", "sub/via-sub.xlsx"} {
		in := got[name]
		if in == nil || in.Problem == nil || in.Problem.Code != finding.Unreadable || in.Data != nil {
			t.Errorf("%s: followed out of the folder", name)
			continue
		}
		if !strings.Contains(in.Problem.Message, "文件夹以外") {
			t.Errorf("%s: message %q", name, in.Problem.Message)
		}
	}
	// a link given by itself is the user's choice, and followed
	if ins := collectInputs(t, filepath.Join(inbox, "out.xlsx")); len(ins) != 1 || ins[0].Problem != nil {
		t.Errorf("a link given directly: %+v", ins)
	}
}
