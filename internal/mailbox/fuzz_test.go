package mailbox

import (
	"bytes"
	"mime"
	"mime/quotedprintable"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/mailtest/fixture"
)

// fuzzLimits keep each fuzz input cheap; the parser is linear in the input times the depth.
func fuzzLimits() Limits { return Limits{MaxMessageBytes: 1 << 20, MaxAttachments: 20, MaxDepth: 8} }

func FuzzReadMessage(f *testing.F) {
	for _, tc := range messageCases() {
		f.Add([]byte(tc.msg))
		f.Add([]byte(crlf(tc.msg)))
	}
	f.Add([]byte("From: a\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n" +
		"Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--b--\n"))
	f.Add([]byte("Subject: =?gbk?b?=?=?utf-8?q?=?=\n\n"))
	f.Add([]byte("Content-Type: application/x; name*0*=gbk''%B; name*1*=%BE; name*2=\"\\\"\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadMessage(bytes.NewReader(data), fuzzLimits())
		checkMessage(t, data, m, err)
	})
}

func FuzzReadMbox(f *testing.F) {
	f.Add([]byte(mboxFixture()))
	f.Add([]byte(crlf(mboxFixture())))
	f.Add([]byte("From a 12:00\n>From x\n\nFrom b\nFrom: c\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ReadMbox(bytes.NewReader(data), fuzzLimits())
		if err != nil {
			t.Fatalf("ReadMbox on a bytes.Reader: %v", err)
		}
		for i, it := range items {
			if it.Index != i+1 {
				t.Fatalf("item %d has index %d", i, it.Index)
			}
			if it.Message == nil && it.Err == nil {
				t.Fatalf("item %d: neither message nor error", it.Index)
			}
			checkMessage(t, data, it.Message, it.Err)
		}
	})
}

// checkMessage checks what holds for any input: names safe, text valid, limits kept, no
// more attachment bytes than input bytes.
func checkMessage(t *testing.T, input []byte, m *Message, err error) {
	t.Helper()
	checkMessageBound(t, len(input), m, err)
}

// checkMessageBound is checkMessage with the most attachment bytes allowed.
func checkMessageBound(t *testing.T, maxBytes int, m *Message, err error) {
	t.Helper()
	if err != nil {
		if s := err.Error(); strings.HasSuffix(s, ".") || s == "" {
			t.Errorf("error %q", s)
		}
	}
	if m == nil {
		if err == nil {
			t.Fatal("nil message without error")
		}
		return
	}
	for _, s := range []string{m.From, m.FromName, m.Subject, m.MessageID, m.Text} {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8 %q", s)
		}
	}
	if len(m.Warnings) > maxWarnings+1 {
		t.Errorf("%d warnings", len(m.Warnings))
	}
	if len(m.Attachments) > fuzzLimits().MaxAttachments {
		t.Errorf("%d attachments", len(m.Attachments))
	}
	total := 0
	for _, a := range m.Attachments {
		total += len(a.Data)
		n := a.Name
		if n == "" || n == "." || n == ".." || strings.ContainsAny(n, "/\\\x00") || len(n) > maxNameBytes ||
			!utf8.ValidString(n) || strings.ContainsFunc(n, isControl) || strings.HasSuffix(n, ".") {
			t.Errorf("unsafe name %q (raw %q)", n, a.RawName)
		}
		if !utf8.ValidString(a.RawName) {
			t.Errorf("invalid UTF-8 raw name %q", a.RawName)
		}
	}
	if total > maxBytes {
		t.Errorf("%d attachment bytes, at most %d allowed", total, maxBytes)
	}
}

// FuzzRoundTrip writes a message the way clients do, with the name and subject encoded one
// of several ways and the data in one transfer encoding, and checks they come back.
func FuzzRoundTrip(f *testing.F) {
	f.Add("经发局整改台账.xlsx", "关于报送台账", xlsxData, uint8(0), uint8(0), uint8(3))
	f.Add("../财政局 \"2024\".xls", "Re: 台账", []byte("a\r\nb\nc\r"), uint8(1), uint8(1), uint8(0))
	f.Add("教育局2024年整改台账.xlsx", "x", []byte{0, 1, 2, 255}, uint8(2), uint8(2), uint8(7))
	f.Add("住建局.xlsx", "", []byte("--b\r\n"), uint8(3), uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, name, subject string, data []byte, nameEnc, dataEnc, split uint8) {
		if !utf8.ValidString(name) || !utf8.ValidString(subject) ||
			strings.ContainsFunc(name+subject, isControl) || strings.Contains(name+subject, "=?") {
			t.Skip()
		}
		var disp string
		switch nameEnc % 4 {
		case 0: // RFC 2231 when needed, as Go, Thunderbird and Apple Mail write it
			disp = mime.FormatMediaType("attachment", map[string]string{"filename": name})
			if disp == "" {
				t.Skip()
			}
		case 1: // RFC 2047 inside the quoted parameter, as Outlook and Foxmail write it
			disp = "attachment; filename=" + quote(mime.BEncoding.Encode("UTF-8", name))
		case 2: // GBK bytes split across two B words, folded
			b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(name))
			if err != nil {
				t.Skip()
			}
			if back, err := simplifiedchinese.GBK.NewDecoder().Bytes(b); err != nil || string(back) != name {
				t.Skip()
			}
			if utf8.Valid(b) && string(b) != name {
				t.Skip() // GBK that is also valid UTF-8 is read as UTF-8, by design
			}
			k := int(split) % (len(b) + 1)
			disp = "attachment;\r\n\tfilename=\"=?GBK?B?" + b64(b[:k]) + "?=\r\n =?GBK?B?" + b64(b[k:]) + "?=\""
		case 3: // raw UTF-8 bytes
			disp = "attachment; filename=" + quote(name)
		}
		const boundary = "----=_Part_rt_0123456789"
		var body string
		cte := []string{"base64", "quoted-printable", "binary"}[dataEnc%3]
		switch cte {
		case "base64":
			body = b64Lines(data)
		case "quoted-printable":
			var buf bytes.Buffer
			w := quotedprintable.NewWriter(&buf)
			w.Binary = true
			w.Write(data)
			w.Close()
			body = buf.String()
		default:
			if bytes.Contains(data, []byte("--"+boundary)) {
				t.Skip()
			}
			body = string(data)
		}
		msg := "From: =?UTF-8?B?" + b64([]byte("经发局")) + "?= <JFJ@cbs.gov.cn>\r\n" +
			"Subject: " + mime.BEncoding.Encode("UTF-8", subject) + "\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" +
			"--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhello\r\n" +
			"--" + boundary + "\r\nContent-Type: application/octet-stream\r\n" +
			"Content-Transfer-Encoding: " + cte + "\r\nContent-Disposition: " + disp + "\r\n\r\n" +
			body + "\r\n--" + boundary + "--\r\n"
		m, err := ReadMessage(strings.NewReader(msg), Limits{})
		if err != nil {
			t.Fatalf("%v\n%s", err, msg)
		}
		if m.From != "jfj@cbs.gov.cn" || m.FromName != "经发局" {
			t.Errorf("from %q %q", m.From, m.FromName)
		}
		if want := strings.TrimSpace(subject); m.Subject != want {
			t.Errorf("subject = %q, want %q\n%s", m.Subject, want, msg)
		}
		if len(m.Attachments) != 1 || len(m.Warnings) != 0 {
			t.Fatalf("attachments %s, warnings %v\n%s", names(m), m.Warnings, msg)
		}
		a := m.Attachments[0]
		if want := strings.TrimSpace(name); a.RawName != want {
			t.Errorf("raw name = %q, want %q\n%s", a.RawName, want, msg)
		}
		if want := safeName(strings.TrimSpace(name), 1, "application/octet-stream", data); a.Name != want {
			t.Errorf("name = %q, want %q", a.Name, want)
		}
		if !bytes.Equal(a.Data, data) {
			t.Errorf("data = %q, want %q\n%s", a.Data, data, msg)
		}
	})
}

// quote writes a quoted string with the escapes RFC 5322 needs.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func FuzzReadMsg(f *testing.F) {
	sample := fixture.SampleMsg()
	for _, m := range []fixture.Msg{sample, {Subject: "x", GBK: true, Attachments: sample.Attachments[:1]}, {}} {
		b, err := fixture.MSG(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		m, err := ReadMsg(bytes.NewReader(data), fuzzLimits())
		// Streams may share sectors: reading is bounded by a multiple of the input.
		checkMessageBound(t, msgReadFactor*len(data)+1<<20, m, err)
	})
}

func FuzzReadTNEF(f *testing.F) {
	f.Add(fixture.TNEF(fixture.SampleTNEF()))
	f.Add(fixture.TNEF(nil))
	f.Add(fixture.TNEF([]fixture.TNEFAttachment{{Embedded: []fixture.TNEFAttachment{{Embedded: []fixture.TNEFAttachment{{Title: "a", Data: []byte{1}}}}}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		atts, warns, err := ReadTNEF(bytes.NewReader(data), fuzzLimits())
		checkMessage(t, data, &Message{Attachments: atts, Warnings: warns}, err)
	})
}

// watchdog crashes the fuzzing process when one input takes more than 5 s, so that a hang
// is saved as a crasher like a panic (the fuzzer itself has no per-input timeout). Use as
// defer watchdog()().
func watchdog() (stop func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			panic("one input took more than 5 s")
		}
	}()
	return func() { close(done) }
}
