package mailbox

import (
	"bytes"
	"strings"
	"testing"
)

// TestHostileShapes feeds shapes that make careless parsers quadratic, deep or greedy; each
// must finish quickly (the test would time out) within the limits.
func TestHostileShapes(t *testing.T) {
	const n = 1<<20 - 1024
	tests := []struct{ name, msg string }{
		{"many =? in subject", "Subject: " + strings.Repeat("=?a?b?", n/6) + "\n\n"},
		{"many unterminated words", "Subject: " + strings.Repeat("=?gbk?B?", n/8) + "\n\n"},
		{"many words split mid-quantum", "Subject: " + strings.Repeat("=?gbk?B?1eK?= ", n/14) + "\n\n"},
		{"many continuation lines", "Subject: a\n" + strings.Repeat(" b\n", n/3) + "\n"},
		{"many parameters", "Content-Type: application/x" + strings.Repeat("; a=b", n/5) + "\n\n"},
		{"many continuation parameters", "Content-Type: application/x" + strings.Repeat("; name*0=b", n/10) + "\n\n"},
		{"many empty parts", "Content-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\n", n/4)},
		{"many attachments", "Content-Type: multipart/mixed; boundary=b\n\n" +
			strings.Repeat("--b\nContent-Type: application/x\n\nx\n", n/36)},
		{"many broken multiparts", "Content-Type: multipart/mixed; boundary=b\n\n" +
			strings.Repeat("--b\nContent-Type: multipart/mixed\n\n", n/36)},
		{"deep multipart", strings.Repeat("Content-Type: multipart/mixed; boundary=b\n\n--b\n", 50)},
		{"deep forwards", strings.Repeat("Content-Type: message/rfc822\n\n", 50) + "Content-Type: application/x\n\nx"},
		{"escaped quotes", "Content-Type: application/x; name=\"" + strings.Repeat("\\\"", n/2) + "\n\n"},
		{"many header fields", strings.Repeat("X-A: b\n", n/7) + "\n"},
		{"long base64 line", "Content-Type: application/x\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("QUFB", n/4)},
		{"broken quoted-printable", "Content-Type: application/x\nContent-Transfer-Encoding: quoted-printable\n\n" + strings.Repeat("=4", n/2)},
		{"From of quotes and brackets", "From: " + strings.Repeat("\"<", n/2) + "\n\n"},
		{"long name", "Content-Type: application/x; name=\"" + strings.Repeat("台", n/3) + "\"\n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadMessage(strings.NewReader(tc.msg), fuzzLimits())
			checkMessage(t, []byte(tc.msg), m, err)
		})
	}
	items, err := ReadMbox(strings.NewReader(strings.Repeat("From a 1:1\n", n/11)), fuzzLimits())
	if err != nil || len(items) != n/11 {
		t.Errorf("mbox of postmarks: %d items, %v", len(items), err)
	}
}

func BenchmarkReadMessage(b *testing.B) {
	data := bytes.Repeat(xlsxData, (1<<20)/len(xlsxData))
	part := "Content-Type: " + xlsxType + "; name=\"=?GBK?B?" + b64(gbk("经发局.xlsx")) + "?=\"\n" +
		"Content-Transfer-Encoding: base64\n\n" + b64Lines(data) + "\n"
	msg := []byte(crlf(mixed(stdHeader, textPart, part, part, part)))
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		m, err := ReadMessage(bytes.NewReader(msg), Limits{})
		if err != nil || len(m.Attachments) != 3 {
			b.Fatal(err)
		}
	}
}
