package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// On a terminal, long work shows a bar on the error stream — what is being done, the count,
// the rate and the time left — and clears it when done; with --quiet, or when the error
// stream is not a terminal, nothing is drawn.
func TestProgressOnATerminal(t *testing.T) {
	s := newStory(t)
	jul := day("2022-07-31")
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.UTC)
	for _, u := range []string{"商务局", "经发局", "住建局", "人社局"} {
		s.ret("2022-07", u, s.form(u, jul, nil), nil, "jul/"+u+".xlsx")
	}
	run1 := func(tty bool, args ...string) string {
		var out, errb bytes.Buffer
		now := s.now
		io := &IOStreams{In: strings.NewReader(""), Out: &out, Err: &errb, ErrTTY: tty}
		if code := run(context.Background(), io, append(args, "-w", s.ws), func() time.Time { return now }); code != ExitOK && code != ExitData {
			t.Fatalf("%v: exit %d\n%s", args, code, errb.String())
		}
		return errb.String()
	}
	bar := run1(true, "collect", "--period", "2022-07", filepath.Join(s.dir, "jul"))
	for _, want := range []string{"读取报送", "/4", "个/s", "生成回执", "份/s"} {
		if !strings.Contains(bar, want) {
			t.Errorf("the bar lacks %q: %q", want, bar)
		}
	}
	if !strings.HasSuffix(bar, "\r\x1b[K") && !strings.HasSuffix(bar, "\x1b[K") && !strings.HasSuffix(strings.TrimRight(bar, " "), "\r") {
		t.Errorf("the bar is not cleared at the end: %q", bar[max(0, len(bar)-40):])
	}
	if got := run1(true, "receipts", "--period", "2022-07", "--all", "-q"); got != "" {
		t.Errorf("--quiet drew %q", got)
	}
	if got := run1(false, "receipts", "--period", "2022-07", "--all"); got != "" {
		t.Errorf("not a terminal, yet drew %q", got)
	}
	if got := run1(true, "receipts", "--period", "2022-07", "--all"); !strings.Contains(got, "生成回执") {
		t.Errorf("receipts on a terminal drew %q", got)
	}
	// the report: typesetting the PDF and writing the Word document, counted in blocks and rows
	if got := run1(true, "report", "--period", "2022-07"); !strings.Contains(got, "排版 PDF") || !strings.Contains(got, "写 Word 文档") || !strings.Contains(got, "项/s") {
		t.Errorf("report on a terminal drew %q", got)
	}
	if got := run1(true, "report", "--period", "2022-07", "-q"); strings.Contains(got, "排版") {
		t.Errorf("report -q drew %q", got)
	}
	// sending: the letters counted
	run1(false, "template", "--period", "2022-07")
	if got := run1(true, "send", "templates", "--period", "2022-07", "--drafts-only"); !strings.Contains(got, "发送填报模板") {
		t.Errorf("send on a terminal drew %q", got)
	}
}
