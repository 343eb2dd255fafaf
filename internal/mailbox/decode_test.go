package mailbox

import (
	"bytes"
	"strings"
	"testing"
)

func TestDecodeWords(t *testing.T) {
	jfj := gbk("经发局")
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"=?GBK?B?" + b64(jfj) + "?=", "经发局"},
		{"=?gbk?b?" + strings.TrimRight(b64(jfj), "=") + "?=", "经发局"},
		{"=?gb2312?Q?" + qWord(jfj) + "?=", "经发局"},
		{"=?UTF-8?Q?a_b=3Dc?=", "a b=c"},
		{"=?utf-8*zh-cn?B?" + b64([]byte("台账")) + "?=", "台账"},
		{"re: =?UTF-8?B?" + b64([]byte("台账")) + "?= ok", "re: 台账 ok"},
		{"=?GBK?B?" + b64(jfj[:3]) + "?= \t =?gb2312?B?" + b64(jfj[3:]) + "?=", "经发局"},
		{"=?UTF-8?B?" + b64([]byte("甲")) + "?= =?GBK?B?" + b64(gbk("乙")) + "?=", "甲乙"},
		{"=?GBK?B?" + b64(jfj) + "?=.xlsx", "经发局.xlsx"},
		{"=?GBK?B?" + b64(jfj) + "?==?GBK?B?" + b64(gbk("表")) + "?=", "经发局表"},
		{"=?unknown-cs?B?" + b64([]byte("中")) + "?=", "中"},
		{"=?unknown-cs?B?" + b64(gbk("中")) + "?=", "中"},
		{"=?UTF-8?B?" + b64(gbk("中文")) + "?=", "中文"},           // mislabelled GBK
		{"=?gb2312?B?" + b64([]byte("经发局台账")) + "?=", "经发局台账"}, // mislabelled UTF-8
		// Malformed words stay as written.
		{"=?", "=?"},
		{"=?GBK?", "=?GBK?"},
		{"=?GBK?X?abc?=", "=?GBK?X?abc?="},
		{"=?GBK?B?abc", "=?GBK?B?abc"},
		{"=??B?abc?=", "=??B?abc?="},
		{"a =?x y?B?YQ==?= b", "a =?x y?B?YQ==?= b"},
		{"=?=?UTF-8?B?YQ==?=", "=?a"},
	}
	for _, tc := range tests {
		if got := decodeWords(tc.in); got != tc.want {
			t.Errorf("decodeWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in       string
		main     string
		key, val string // one parameter, decoded with params.get
	}{
		{`Application/PDF; Name="a.pdf"`, "application/pdf", "name", "a.pdf"},
		{`attachment; filename="a \"b\".xlsx"`, "attachment", "filename", `a "b".xlsx`},
		{`attachment; filename="C:\x\y.xlsx"`, "attachment", "filename", `C:\x\y.xlsx`},
		{`attachment; filename="unterminated.xlsx`, "attachment", "filename", "unterminated.xlsx"},
		{`attachment;filename=a b.xlsx ;size=3`, "attachment", "filename", "a b.xlsx"},
		{`application/octet-stream; name==?UTF-8?B?5Y+w?=`, "application/octet-stream", "name", "台"},
		{`application/octet-stream name="a.bin"`, "application/octet-stream", "name", "a.bin"},
		{`attachment; filename="first"; filename="second"`, "attachment", "filename", "first"},
		{`attachment; filename=plain; filename*=UTF-8''%E5%8F%B0`, "attachment", "filename", "台"},
		{`attachment; filename*0="a"; filename*1="b.x"; filename*3="lost"`, "attachment", "filename", "ab.x"},
		{`attachment; filename*0*=gbk''%BE%AD; filename*1*=%B7%A2%BE%D6`, "attachment", "filename", "经发局"},
		{`attachment; filename*=%41%zz%4`, "attachment", "filename", "A%zz%4"},
		{`multipart/mixed; boundary="----=_NextPart_000"`, "multipart/mixed", "boundary", "----=_NextPart_000"},
		{`; ; =x; novalue; a=`, "", "a", ""},
		{``, "", "x", ""},
	}
	for _, tc := range tests {
		main, ps := parseValue(tc.in)
		if main != tc.main {
			t.Errorf("parseValue(%q) main = %q, want %q", tc.in, main, tc.main)
		}
		if got := ps.get(tc.key); got != tc.val {
			t.Errorf("parseValue(%q) %s = %q, want %q", tc.in, tc.key, got, tc.val)
		}
	}
}

func TestParseHeader(t *testing.T) {
	h, body := parseHeader([]byte("Subject: a\r\n\tb\r\nX-Empty:\r\nFrom : x@y\r\n\r\nbody\r\n"))
	if got := string(h.get("subject")); got != "a\tb" {
		t.Errorf("subject = %q", got)
	}
	if got := string(h.get("from")); got != "x@y" {
		t.Errorf("from = %q", got)
	}
	if string(body) != "body\r\n" {
		t.Errorf("body = %q", body)
	}
	// A line that is not a field ends the header and starts the body.
	h, body = parseHeader([]byte("Content-Type: text/plain\nUEsDBBQ\nmore"))
	if len(h) != 1 || string(body) != "UEsDBBQ\nmore" {
		t.Errorf("header %v body %q", h, body)
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"经发局.xlsx", "经发局.xlsx"},
		{"../../etc/passwd", "passwd"},
		{`C:\x\经发局.xlsx`, "经发局.xlsx"},
		{"C:经发局.xlsx", "经发局.xlsx"},
		{"a/b/../..", "附件-7.bin"},
		{"..", "附件-7.bin"},
		{"  台账.xlsx . ", "台账.xlsx"},
		{"a\x00b\tc\u200b.xlsx", "abc.xlsx"},
		{"e\u0301.txt", "\u00e9.txt"}, // NFC
		{"con.xlsx", "_con.xlsx"},
		{"report\uFFFD.xlsx", "report.xlsx"},
		{"", "附件-7.bin"},
		{strings.Repeat("台", 100) + ".xlsx", strings.Repeat("台", 83) + ".xlsx"},
	}
	for _, tc := range tests {
		got := safeName(tc.raw, 7, "application/octet-stream", []byte("??"))
		if got != tc.want {
			t.Errorf("safeName(%q) = %q, want %q", tc.raw, got, tc.want)
		}
		if len(got) > maxNameBytes {
			t.Errorf("safeName(%q) is %d bytes", tc.raw, len(got))
		}
	}
}

func TestGuessExt(t *testing.T) {
	tests := []struct {
		mt   string
		data string
		want string
	}{
		{"application/vnd.ms-excel", "", ".xls"},
		{"application/octet-stream", "PK\x03\x04 word/document.xml", ".docx"},
		{"application/octet-stream", "PK\x03\x04 other", ".zip"},
		{"application/octet-stream", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00", ".xls"},
		{"application/octet-stream", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ".bin"},
		{"application/octet-stream", "%PDF-1.7", ".pdf"},
	}
	for _, tc := range tests {
		if got := guessExt(tc.mt, []byte(tc.data)); got != tc.want {
			t.Errorf("guessExt(%q, %q) = %q, want %q", tc.mt, tc.data, got, tc.want)
		}
	}
}

func TestDecodeBase64(t *testing.T) {
	data := []byte("经发局整改台账 2024")
	enc := b64(data)
	tests := []struct {
		name string
		in   string
		want []byte
	}{
		{"one line", enc, data},
		{"CRLF lines", enc[:8] + "\r\n" + enc[8:16] + "\r\n" + enc[16:] + "\r\n", data},
		{"no padding", strings.TrimRight(enc, "="), data},
		{"spaces and blank lines", " " + enc[:4] + " \n\n\t" + enc[4:] + "\n", data},
		{"trailing garbage", enc + "\n\n-- \nScanned by AV, no virus found.\nQUFBQQ==\n", data},
		{"leading garbage", "this is not base64!\n" + enc, data},
		{"chunks padded separately", b64([]byte("a")) + b64([]byte("bc")), []byte("abc")},
		{"lone digit", "QUFB\nQ", []byte("AAA")},
		{"empty", "", []byte{}},
	}
	for _, tc := range tests {
		if got := decodeBase64([]byte(tc.in)); !bytes.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDecodeQP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a=3Db", "a=b"},
		{"soft=\r\nbreak\r\n", "softbreak\r\n"},
		{"soft=\nbreak", "softbreak"},
		{"trailing   \nspace", "trailing\nspace"},
		{"=E7=BB=8f", "经"},
		{"bad=ZZ=4", "bad=ZZ=4"},
		{"=", ""},
	}
	for _, tc := range tests {
		if got := string(decodeQP([]byte(tc.in))); got != tc.want {
			t.Errorf("decodeQP(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct{ in, addr, name string }{
		{"JFJ@cbs.gov.cn", "jfj@cbs.gov.cn", ""},
		{"<JFJ@cbs.gov.cn>", "jfj@cbs.gov.cn", ""},
		{"=?GBK?B?" + b64(gbk("经发局")) + "?= <JFJ@cbs.gov.cn>", "jfj@cbs.gov.cn", "经发局"},
		{`"Zhang, San" <z@a.cn>, "Li" <l@a.cn>`, "z@a.cn", "Zhang, San"},
		{`"a<b \"c\"" <x@y.cn>`, "x@y.cn", `a<b "c"`},
		{"x@y.cn (经发局)", "x@y.cn", "经发局"},
		{"经发局 <x@y.cn", "x@y.cn", "经发局"},
		{"", "", ""},
	}
	for _, tc := range tests {
		addr, name := parseAddress(tc.in)
		if addr != tc.addr || name != tc.name {
			t.Errorf("parseAddress(%q) = %q, %q; want %q, %q", tc.in, addr, name, tc.addr, tc.name)
		}
	}
}
