package mailbox

import (
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Fixtures are built here as text: GBK and Big5 bytes come from the x/text encoders, so the
// tests say in Chinese what they expect.

func gbk(s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("fixture %q is not GBK: %v", s, err))
	}
	return b
}

func big5(s string) []byte {
	b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(fmt.Sprintf("fixture %q is not Big5: %v", s, err))
	}
	return b
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// b64Lines wraps base64 at 76 columns with CRLF, as mail does.
func b64Lines(b []byte) string {
	s := b64(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s)
	return out.String()
}

// qWord Q-encodes every byte that is not a letter or digit.
func qWord(b []byte) string {
	var out strings.Builder
	for _, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "=%02X", c)
		}
	}
	return out.String()
}

// pct percent-encodes every byte that is not a letter, digit or dot (RFC 2231).
func pct(b []byte) string {
	var out strings.Builder
	for _, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String()
}

// crlf turns the LF line ends of a fixture into CRLF, as on the wire.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// xlsxData is enough of an .xlsx for the extension sniffing: a zip signature and the
// workbook part's name.
var xlsxData = []byte("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml....xl/workbook.xml....PK\x05\x06\x00\x00")

// mixed wraps parts (each "headers\n\nbody") in a multipart/mixed message with header hdr.
func mixed(hdr string, parts ...string) string {
	var b strings.Builder
	b.WriteString(hdr)
	b.WriteString("MIME-Version: 1.0\nContent-Type: multipart/mixed;\n\tboundary=\"----=_Part_0_1234.5678\"\n\n")
	b.WriteString("This is a multi-part message in MIME format.\n")
	for _, p := range parts {
		b.WriteString("------=_Part_0_1234.5678\n")
		b.WriteString(p)
		b.WriteString("\n")
	}
	b.WriteString("------=_Part_0_1234.5678--\n")
	return b.String()
}

const (
	stdHeader = "From: jfj@cbs.gov.cn\nTo: office@cbs.gov.cn\nSubject: test\nDate: Mon, 4 Mar 2024 09:30:00 +0800\nMessage-ID: <1@cbs.gov.cn>\n"
	textPart  = "Content-Type: text/plain; charset=GBK\nContent-Transfer-Encoding: 8bit\n\nplease see the attachment\n"
	xlsxType  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// xlsxPart is an .xlsx part whose name parameters are given as written.
func xlsxPart(ctParams, dispParams string) string {
	return "Content-Type: " + xlsxType + ctParams + "\n" +
		"Content-Transfer-Encoding: base64\n" +
		"Content-Disposition: attachment" + dispParams + "\n\n" +
		b64Lines(xlsxData) + "\n"
}
