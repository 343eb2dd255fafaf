package mailbox

import (
	"errors"
	"strings"
	"testing"
)

// mboxFixture has three messages; the second is not a message. The first has an
// attachment whose text has escaped "From " lines.
func mboxFixture() string {
	first := mixed("From: jfj@cbs.gov.cn\nSubject: one\n",
		"Content-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\n"+
			"line 1\n>From the office\n>>From nowhere\nFrom: not escaped, not a postmark\n")
	second := "not a message at all\n"
	third := mixed("From: =?GBK?B?"+b64(gbk("财政局"))+"?= <czj@cbs.gov.cn>\nSubject: three\n",
		xlsxPart("", "; filename=\"=?GBK?B?"+b64(gbk("财政局.xlsx"))+"?=\""))
	return "From jfj@cbs.gov.cn Mon Mar  4 09:30:00 2024\n" + first + "\n" +
		"From MAILER-DAEMON Tue Mar  5 10:00:00 2024\n" + second + "\n" +
		"From czj@cbs.gov.cn Wed Mar  6 11:00:00 2024\n" + third
}

func TestReadMbox(t *testing.T) {
	mbox := mboxFixture()
	for _, variant := range []struct{ name, mbox string }{{"LF", mbox}, {"CRLF", crlf(mbox)}} {
		t.Run(variant.name, func(t *testing.T) {
			items, err := ReadMbox(strings.NewReader(variant.mbox), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 3 {
				t.Fatalf("items = %d, want 3", len(items))
			}
			for i, it := range items {
				if it.Index != i+1 {
					t.Errorf("item %d index = %d", i, it.Index)
				}
			}
			if items[0].Err != nil || items[2].Err != nil {
				t.Fatalf("errors: %v, %v", items[0].Err, items[2].Err)
			}
			if !errors.Is(items[1].Err, ErrNotMessage) {
				t.Errorf("item 2 err = %v, want ErrNotMessage", items[1].Err)
			}
			m := items[0].Message
			if m.Subject != "one" || len(m.Attachments) != 1 {
				t.Fatalf("item 1: subject %q, attachments %s", m.Subject, names(m))
			}
			want := "line 1\nFrom the office\n>From nowhere\nFrom: not escaped, not a postmark\n"
			if got := string(lf(m.Attachments[0].Data)); got != want {
				t.Errorf("unescaped body = %q, want %q", got, want)
			}
			m = items[2].Message
			if m.From != "czj@cbs.gov.cn" || m.FromName != "财政局" || len(m.Attachments) != 1 ||
				m.Attachments[0].Name != "财政局.xlsx" || string(m.Attachments[0].Data) != string(xlsxData) {
				t.Errorf("item 3: %q %q %s", m.From, m.FromName, names(m))
			}
		})
	}
}

func TestReadMboxSplitting(t *testing.T) {
	msg := func(subject string) string { return "From: a@b.cn\nSubject: " + subject + "\n\nbody\n" }
	tests := []struct {
		name     string
		mbox     string
		subjects []string
	}{
		{"empty", "", nil},
		{"blank only", "\n\n", nil},
		{"one message", "From a@b.cn Mon Mar  4 09:30:00 2024\n" + msg("1"), []string{"1"}},
		{"no blank line before a postmark", "From a Mon Mar  4 09:30:00 2024\n" + msg("1") +
			"From b Mon Mar  4 09:31:00 2024\n" + msg("2"), []string{"1", "2"}},
		{"unescaped From sentence after a blank line splits (mboxo)", "From a Mon Mar  4 09:30:00 2024\n" + msg("1") +
			"\nFrom here on\n" + msg("2"), []string{"1", "2"}},
		{"unescaped From sentence inside a paragraph does not split", "From a Mon Mar  4 09:30:00 2024\n" +
			"From: a@b.cn\nSubject: 1\n\ntext\nFrom here on\n", []string{"1"}},
		{"text before the first postmark", msg("0") + "\nFrom a Mon Mar  4 09:30:00 2024\n" + msg("1"), []string{"0", "1"}},
		{"no final newline", "From a Mon Mar  4 09:30:00 2024\nFrom: a@b.cn\nSubject: 1", []string{"1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, err := ReadMbox(strings.NewReader(tc.mbox), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				if it.Err != nil {
					t.Fatalf("item %d: %v", it.Index, it.Err)
				}
				got = append(got, it.Message.Subject)
			}
			if strings.Join(got, ",") != strings.Join(tc.subjects, ",") {
				t.Errorf("subjects = %q, want %q", got, tc.subjects)
			}
		})
	}
}

func TestReadMboxLimits(t *testing.T) {
	big := mixed("From: a@b.cn\nSubject: big\n", xlsxPart("", "; filename=a.xlsx"))
	long := strings.Repeat("x", 200<<10) // a line longer than the read buffer
	mbox := "From a Mon Mar  4 09:30:00 2024\n" + big + "\n" +
		"From b Mon Mar  4 09:31:00 2024 " + long + "\nFrom: b@b.cn\nSubject: small\n\nok\n"
	items, err := ReadMbox(strings.NewReader(mbox), Limits{MaxMessageBytes: int64(len(big)) - 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("items = %d, want 2", len(items))
	}
	if !errors.Is(items[0].Err, ErrTooLarge) || items[0].Message != nil {
		t.Errorf("item 1 err = %v, want ErrTooLarge", items[0].Err)
	}
	if items[1].Err != nil || items[1].Message.Subject != "small" {
		t.Errorf("item 2 = %v, %v", items[1].Message, items[1].Err)
	}

	// Long lines pass whole with the default limit; a "From " inside one is no postmark.
	mbox = "From a Mon Mar  4 09:30:00 2024\nFrom: a@b.cn\nSubject: long\nContent-Disposition: attachment\n\n" +
		long + "\n>From 12:00 " + long + "From x 12:00\nend\n"
	items, err = ReadMbox(strings.NewReader(mbox), Limits{})
	if err != nil || len(items) != 1 || items[0].Err != nil {
		t.Fatalf("long lines: %v, %d items", err, len(items))
	}
	if got, want := string(items[0].Message.Attachments[0].Data), long+"\nFrom 12:00 "+long+"From x 12:00\nend\n"; got != want {
		t.Errorf("long lines: data of %d bytes, want %d", len(got), len(want))
	}
}

func TestScanMboxStops(t *testing.T) {
	mbox := "From a Mon Mar  4 09:30:00 2024\nFrom: a@b.cn\n\nx\n\nFrom b Mon Mar  4 09:31:00 2024\nFrom: b@b.cn\n\ny\n"
	stop := errors.New("stop")
	n := 0
	err := ScanMbox(strings.NewReader(mbox), Limits{}, func(MboxItem) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("err %v after %d items", err, n)
	}
	items, err := ReadMbox(&errReader{data: []byte(mbox)}, Limits{})
	if err == nil || !strings.Contains(err.Error(), "read mbox: disk on fire") || len(items) != 2 {
		t.Errorf("err %v, %d items", err, len(items))
	}
}
