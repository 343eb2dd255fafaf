package mailbox

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

type wantAtt struct {
	name string
	ct   string // checked when set
	data []byte // checked when set, CRLF read as LF
}

type messageCase struct {
	name   string
	msg    string
	want   []wantAtt
	warned bool // warnings expected (check looks at them)
	check  func(t *testing.T, m *Message)
}

// messageCases are the table for TestReadMessage and the fuzz seeds.
func messageCases() []messageCase {
	gbkName := gbk("经发局整改台账.xlsx")
	folded := gbk("教育局2024年整改台账.xlsx")
	foldedB64 := b64(folded)
	utf8Esc := pct([]byte("城市管理局-第二季度整改台账.xlsx"))
	csv := "单位,进度\n经发局,完成\n"
	b64NoPad := strings.TrimRight(b64([]byte("经发局 data 1234")), "=")
	var b64Body strings.Builder
	for s := b64NoPad; len(s) > 0; {
		n := min(8, len(s))
		b64Body.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	inner := "From: =?UTF-8?B?" + b64([]byte("卫健委")) + "?= <wjw@cbs.gov.cn>\n" +
		"Subject: =?UTF-8?B?" + b64([]byte("台账")) + "?=\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=inner-b\n\n" +
		"--inner-b\n" +
		"Content-Type: multipart/alternative; boundary=\"alt-b\"\n\n" +
		"--alt-b\nContent-Type: text/plain; charset=utf-8\n\nhello\n" +
		"--alt-b\nContent-Type: text/html; charset=utf-8\n\n<p>hello</p>\n" +
		"--alt-b--\n" +
		"--inner-b\n" +
		xlsxPart("", "; filename=\"=?UTF-8?B?"+b64([]byte("卫健委.xlsx"))+"?=\"") +
		"--inner-b--\n"

	return []messageCase{
		{
			name: "GBK B word inside quoted filename",
			msg: mixed(stdHeader, textPart, xlsxPart(
				"; name=\"=?GBK?B?"+b64(gbkName)+"?=\"",
				"; filename=\"=?GBK?B?"+b64(gbkName)+"?=\"")),
			want: []wantAtt{{name: "经发局整改台账.xlsx", ct: xlsxType, data: xlsxData}},
		},
		{
			name: "GB2312 Q word with a GBK-only character",
			msg:  mixed(stdHeader, xlsxPart("", "; filename=\"=?gb2312?Q?"+qWord(gbk("张喆-财政局.xlsx"))+"?=\"")),
			want: []wantAtt{{name: "张喆-财政局.xlsx"}},
		},
		{
			name: "UTF-8 RFC 2231 with continuations split inside a character",
			msg: mixed(stdHeader, xlsxPart("", ";\n filename=\"____.xlsx\";\n"+
				" filename*0*=UTF-8''"+utf8Esc[:6]+";\n"+
				" filename*1*="+utf8Esc[6:27]+";\n"+
				" filename*2*="+utf8Esc[27:])),
			want: []wantAtt{{name: "城市管理局-第二季度整改台账.xlsx"}},
		},
		{
			name: "RFC 2231 GBK",
			msg:  mixed(stdHeader, xlsxPart("", "; filename*=gbk''"+pct(gbk("统计局.xlsx")))),
			want: []wantAtt{{name: "统计局.xlsx"}},
		},
		{
			name: "RFC 2231 quoted, with language",
			msg:  mixed(stdHeader, xlsxPart("", "; filename*=\"utf-8'zh-cn'"+pct([]byte("审计局.xlsx"))+"\"")),
			want: []wantAtt{{name: "审计局.xlsx"}},
		},
		{
			name: "raw GBK bytes in header",
			msg: mixed(stdHeader, xlsxPart("; name=\""+string(gbk("发改委.xlsx"))+"\"",
				"; filename=\""+string(gbk("发改委.xlsx"))+"\"")),
			want: []wantAtt{{name: "发改委.xlsx"}},
		},
		{
			name: "raw UTF-8 in header, unquoted with a space",
			msg:  mixed(stdHeader, xlsxPart("; name=住建局 台账.xlsx", "")),
			want: []wantAtt{{name: "住建局 台账.xlsx"}},
		},
		{
			name: "folded header, GBK character split across two words",
			msg: mixed(stdHeader, xlsxPart("", ";\n\tfilename=\"=?GBK?B?"+b64(folded[:5])+"?=\n"+
				" =?GBK?B?"+b64(folded[5:])+"?=\"")),
			want: []wantAtt{{name: "教育局2024年整改台账.xlsx"}},
		},
		{
			name: "base64 quantum split across two words",
			msg: mixed(stdHeader, xlsxPart("", "; filename=\"=?gbk?b?"+foldedB64[:5]+"?=\n\t=?gbk?b?"+
				foldedB64[5:]+"?=\"")),
			want: []wantAtt{{name: "教育局2024年整改台账.xlsx"}},
		},
		{
			name: "nested multipart with forwarded message/rfc822 carrying an xlsx",
			msg: mixed(stdHeader, textPart,
				"Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"fwd.eml\"\n\n"+inner),
			want: []wantAtt{{name: "卫健委.xlsx", ct: xlsxType, data: xlsxData}},
			check: func(t *testing.T, m *Message) {
				if a := m.Attachments[0]; a.ForwardedFrom != "wjw@cbs.gov.cn" || a.Truncated {
					t.Errorf("forwarded from %q, truncated %v", a.ForwardedFrom, a.Truncated)
				}
			},
		},
		{
			name: "base64-encoded forwarded message",
			msg: mixed(stdHeader, textPart,
				"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"+b64Lines([]byte(crlf(inner)))),
			want: []wantAtt{{name: "卫健委.xlsx", data: xlsxData}},
		},
		{
			name: "quoted-printable attachment",
			msg: mixed(stdHeader, "Content-Type: text/csv; charset=utf-8; name=\"=?UTF-8?B?"+b64([]byte("进度.csv"))+"?=\"\n"+
				"Content-Transfer-Encoding: quoted-printable\nContent-Disposition: attachment\n\n"+
				"=E5=8D=95=E4=BD=8D,=E8=BF=9B=E5=BA=A6  \n=E7=BB=8F=E5=8F=91=\n=e5=b1=80,=E5=AE=8C=E6=88=90\n"),
			want: []wantAtt{{name: "进度.csv", ct: "text/csv", data: []byte(csv)}},
		},
		{
			name: "base64 without padding, short lines, trailing garbage",
			msg: mixed(stdHeader, "Content-Type: application/octet-stream; name=a.bin\nContent-Transfer-Encoding: base64\n\n"+
				b64Body.String()+"\n-- \nThis message was scanned by the antivirus system.\n"),
			want: []wantAtt{{name: "a.bin", data: []byte("经发局 data 1234")}},
		},
		{
			name: "missing file names",
			msg: mixed(stdHeader,
				"Content-Type: "+xlsxType+"\nContent-Transfer-Encoding: base64\n\n"+b64(xlsxData)+"\n",
				"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"+b64(xlsxData)+"\n",
				"Content-Type: application/octet-stream\n\nsomething\n",
				"Content-Type: text/plain\nContent-Disposition: attachment\n\nnotes\n"),
			want: []wantAtt{{name: "附件-1.xlsx"}, {name: "附件-2.xlsx"}, {name: "附件-3.bin"}, {name: "附件-4.txt"}},
		},
		{
			name: "path names reduced to base names",
			msg: mixed(stdHeader,
				"Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nx\n",
				"Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"C:\\x\\经发局.xlsx\"\n\nx\n",
				"Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"C:\\\\x\\\\财政局.xlsx\"\n\nx\n",
				"Content-Type: application/pdf\nContent-Disposition: attachment; filename=\"..\"\n\nx\n",
				"Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"台账\u202Excod.exe\"\n\nx\n",
				"Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a<b>:c?.xlsx. \"\n\nx\n"),
			want: []wantAtt{{name: "passwd"}, {name: "经发局.xlsx"}, {name: "财政局.xlsx"}, {name: "附件-4.pdf"},
				{name: "台账xcod.exe"}, {name: "a_b__c_.xlsx"}},
		},
		{
			name: "three attachments",
			msg: mixed(stdHeader, textPart,
				xlsxPart("", "; filename=a.xlsx"),
				"Content-Type: application/vnd.ms-excel; name=\"b.xls\"\nContent-Transfer-Encoding: base64\n\nAAEC\n",
				"Content-Type: application/pdf\nContent-Disposition: inline; filename=c.pdf\n\n%PDF-1.4\n"),
			want: []wantAtt{{name: "a.xlsx"}, {name: "b.xls", ct: "application/vnd.ms-excel", data: []byte{0, 1, 2}},
				{name: "c.pdf", ct: "application/pdf"}},
		},
		{
			name: "single-part message whose body is the attachment",
			msg: "From: jfj@cbs.gov.cn\nSubject: x\nMIME-Version: 1.0\n" +
				"Content-Type: application/vnd.ms-excel; name=\"=?UTF-8?B?" + b64([]byte("经发局.xls")) + "?=\"\n" +
				"Content-Transfer-Encoding: base64\n\n" + b64Lines([]byte("\xD0\xCF\x11\xE0 workbook")) + "\n",
			want: []wantAtt{{name: "经发局.xls", data: []byte("\xD0\xCF\x11\xE0 workbook")}},
		},
		{
			name: "Big5 and ISO-8859-1 names, name on content type only",
			msg: mixed(stdHeader,
				"Content-Type: application/octet-stream; name=\"=?big5?B?"+b64(big5("臺北.xlsx"))+"?=\"\n\nx\n",
				"Content-Type: image/png; name=\"=?iso-8859-1?Q?r=E9sum=E9.png?=\"\n\nx\n"),
			want: []wantAtt{{name: "臺北.xlsx"}, {name: "résumé.png", ct: "image/png"}},
		},
		{
			name: "body text, html and unnamed inline image are not attachments",
			msg: "From: a@b.cn\nContent-Type: multipart/related; boundary=r\n\n" +
				"--r\nContent-Type: multipart/alternative; boundary=a\n\n" +
				"--a\nContent-Type: text/plain\n\nhi\n--a\nContent-Type: text/html\n\n<p>hi</p>\n--a--\n" +
				"--r\nContent-Type: image/png\nContent-ID: <img1>\nContent-Disposition: inline\n\nPNG\n--r--\n",
			want: nil,
		},
		{
			name: "encoded display name, subject, date, message id",
			msg: "From: =?GBK?B?" + b64(gbk("经发局 张三")) + "?= <JFJ@cbs.gov.cn>\n" +
				"Subject: =?gb2312?B?" + b64(gbk("关于报送")) + "?=\n =?gb2312?B?" + b64(gbk("整改台账的函")) + "?=\n" +
				"Date: Tue, 5 Mar 2024 10:01:02 +0800 (CST)\n" +
				"Message-ID: <abc.123@cbs.gov.cn>\n\nbody\n",
			check: func(t *testing.T, m *Message) {
				if m.From != "jfj@cbs.gov.cn" || m.FromName != "经发局 张三" {
					t.Errorf("from = %q %q", m.From, m.FromName)
				}
				if m.Subject != "关于报送整改台账的函" {
					t.Errorf("subject = %q", m.Subject)
				}
				want := time.Date(2024, 3, 5, 10, 1, 2, 0, time.FixedZone("", 8*3600))
				if !m.Date.Equal(want) {
					t.Errorf("date = %v, want %v", m.Date, want)
				}
				if m.MessageID != "abc.123@cbs.gov.cn" {
					t.Errorf("message id = %q", m.MessageID)
				}
			},
		},
		{
			name: "quoted encoded display name, raw GBK subject, bad date",
			msg: "From: \"=?GBK?B?" + b64(gbk("经发局")) + "?=\" <JFJ@CBS.gov.cn>\n" +
				"Subject: " + string(gbk("整改台账")) + "\nDate: 2024年3月5日\n\nbody\n",
			check: func(t *testing.T, m *Message) {
				if m.From != "jfj@cbs.gov.cn" || m.FromName != "经发局" {
					t.Errorf("from = %q %q", m.From, m.FromName)
				}
				if m.Subject != "整改台账" {
					t.Errorf("subject = %q", m.Subject)
				}
				if !m.Date.IsZero() {
					t.Errorf("date = %v, want zero", m.Date)
				}
			},
		},
		{
			name: "missing boundary parameter is guessed",
			msg: "From: a@b.cn\nContent-Type: multipart/mixed\n\n--xyz\n" +
				xlsxPart("", "; filename=a.xlsx") + "--xyz--\n",
			want:   []wantAtt{{name: "a.xlsx", data: xlsxData}},
			warned: true,
			check: func(t *testing.T, m *Message) {
				if len(m.Warnings) != 1 || !errors.Is(m.Warnings[0], ErrMalformed) {
					t.Errorf("warnings = %v, want one ErrMalformed", m.Warnings)
				}
			},
		},
		{
			name: "truncated message keeps what was read",
			msg: mixed(stdHeader, xlsxPart("", "; filename=a.xlsx"))[:len(mixed(stdHeader, xlsxPart("", "; filename=a.xlsx")))-30] +
				"\n------=_Part_0_1234.5678\nContent-Type: application/pdf; name=b.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0",
			want:   []wantAtt{{name: "a.xlsx", data: xlsxData}, {name: "b.pdf", data: []byte("%PDF-")}},
			warned: true,
			check: func(t *testing.T, m *Message) {
				if len(m.Warnings) != 1 || !errors.Is(m.Warnings[0], ErrTruncated) {
					t.Errorf("warnings = %v, want one ErrTruncated", m.Warnings)
				}
				if m.Attachments[0].Truncated || !m.Attachments[1].Truncated {
					t.Errorf("truncated = %v, %v; want false, true", m.Attachments[0].Truncated, m.Attachments[1].Truncated)
				}
			},
		},
		{
			name: "multipart/digest parts default to message/rfc822",
			msg: "From: a@b.cn\nContent-Type: multipart/digest; boundary=d\n\n--d\n\n" +
				"From: x@y.cn\nContent-Type: application/pdf; name=d.pdf\n\n%PDF\n--d--\n",
			want: []wantAtt{{name: "d.pdf"}},
		},
	}
}

func TestReadMessage(t *testing.T) {
	for _, tc := range messageCases() {
		for _, variant := range []struct {
			name string
			msg  string
		}{{"LF", tc.msg}, {"CRLF", crlf(tc.msg)}} {
			t.Run(tc.name+"/"+variant.name, func(t *testing.T) {
				m, err := ReadMessage(strings.NewReader(variant.msg), Limits{})
				if err != nil {
					t.Fatalf("ReadMessage: %v", err)
				}
				if !tc.warned && len(m.Warnings) > 0 {
					t.Errorf("warnings: %v", m.Warnings)
				}
				if len(m.Attachments) != len(tc.want) {
					t.Fatalf("attachments = %s, want %d", names(m), len(tc.want))
				}
				for i, w := range tc.want {
					a := m.Attachments[i]
					if a.Name != w.name {
						t.Errorf("attachment %d name = %q (raw %q), want %q", i+1, a.Name, a.RawName, w.name)
					}
					if w.ct != "" && a.ContentType != w.ct {
						t.Errorf("attachment %d type = %q, want %q", i+1, a.ContentType, w.ct)
					}
					if w.data != nil && !bytes.Equal(lf(a.Data), lf(w.data)) {
						t.Errorf("attachment %d data = %q, want %q", i+1, a.Data, w.data)
					}
				}
				if tc.check != nil {
					tc.check(t, m)
				}
			})
		}
	}
}

func names(m *Message) string {
	var s []string
	for _, a := range m.Attachments {
		s = append(s, a.Name)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func lf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

func TestReadMessageRawName(t *testing.T) {
	msg := mixed(stdHeader, "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nx\n")
	m, err := ReadMessage(strings.NewReader(msg), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Attachments[0]; a.RawName != "../../etc/passwd" || a.Name != "passwd" {
		t.Errorf("name %q raw %q", a.Name, a.RawName)
	}
}

func TestReadMessageFailures(t *testing.T) {
	deep := "From: a@b.cn\n"
	for i := 0; i < 12; i++ {
		deep += "Content-Type: multipart/mixed; boundary=b" + string(rune('a'+i)) + "\n\n--b" + string(rune('a'+i)) + "\n"
	}
	deep += "Content-Type: application/pdf\n\n%PDF\n"
	tests := []struct {
		name    string
		msg     string
		lim     Limits
		err     error // nil: no error
		warning error // a warning expected on the message
		atts    int
	}{
		{name: "empty", msg: "", err: ErrNotMessage},
		{name: "not a message", msg: "just some text\nwithout a header\n", err: ErrNotMessage},
		{name: "starts with an empty line", msg: "\r\nFrom: a@b.cn\n"},
		{name: "only empty lines", msg: "\n\r\n", err: ErrNotMessage},
		{name: "too large", msg: mixed(stdHeader, xlsxPart("", "")), lim: Limits{MaxMessageBytes: 100}, err: ErrTooLarge},
		{name: "exactly the limit", msg: "From: a@b.cn\n\nbody", lim: Limits{MaxMessageBytes: 18}},
		{name: "truncated without attachments", msg: "From: a@b.cn\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhel",
			err: ErrTruncated, warning: ErrTruncated},
		{name: "boundary never found", msg: "From: a@b.cn\nContent-Type: multipart/mixed; boundary=b\n\ntext\n",
			err: ErrMalformed, warning: ErrMalformed},
		{name: "nesting too deep", msg: deep, err: ErrTooDeep, warning: ErrTooDeep},
		{name: "nesting within a raised limit", msg: deep, lim: Limits{MaxDepth: 20}, warning: ErrTruncated, atts: 1},
		{name: "too many attachments", msg: mixed(stdHeader, xlsxPart("", ""), xlsxPart("", ""), xlsxPart("", "")),
			lim: Limits{MaxAttachments: 2}, warning: ErrTooManyAttachments, atts: 2},
		{name: "plain text message", msg: "From: a@b.cn\nSubject: hi\n\nhello\n"},
		{name: "header only", msg: "From: a@b.cn\nSubject: hi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadMessage(strings.NewReader(tc.msg), tc.lim)
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil && (strings.HasSuffix(err.Error(), ".") || err.Error() != strings.TrimSpace(err.Error())) {
				t.Errorf("error %q: trailing punctuation or space", err)
			}
			if m == nil {
				if tc.warning != nil || tc.atts != 0 {
					t.Fatalf("nil message")
				}
				return
			}
			if tc.warning != nil && !hasWarning(m, tc.warning) {
				t.Errorf("warnings = %v, want %v", m.Warnings, tc.warning)
			}
			if len(m.Attachments) != tc.atts {
				t.Errorf("attachments = %s, want %d", names(m), tc.atts)
			}
		})
	}
}

func hasWarning(m *Message, target error) bool {
	for _, w := range m.Warnings {
		if errors.Is(w, target) {
			return true
		}
	}
	return false
}

// errReader fails after its data.
type errReader struct{ data []byte }

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadMessageReadError(t *testing.T) {
	_, err := ReadMessage(&errReader{data: []byte("From: a@b.cn\n")}, Limits{})
	if err == nil || !strings.Contains(err.Error(), "read message: disk on fire") {
		t.Errorf("err = %v", err)
	}
}

func TestSizeLimit(t *testing.T) {
	msg := mixed(stdHeader, xlsxPart("", "; filename=a.xlsx"))
	for _, tc := range []struct {
		max int64
		ok  bool
	}{{int64(len(msg)) - 1, false}, {int64(len(msg)), true}, {int64(len(msg)) + 1, true}} {
		m, err := ReadMessage(strings.NewReader(msg), Limits{MaxMessageBytes: tc.max})
		switch {
		case tc.ok && (err != nil || len(m.Attachments) != 1):
			t.Errorf("max %d: err %v", tc.max, err)
		case !tc.ok && (!errors.Is(err, ErrTooLarge) || m != nil):
			t.Errorf("max %d: err %v, want ErrTooLarge", tc.max, err)
		}
	}
	// An endless reader is read no further than the limit.
	_, err := ReadMessage(endless{}, Limits{MaxMessageBytes: 1 << 20})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("endless: err %v, want ErrTooLarge", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReadMessageText(t *testing.T) {
	for _, tc := range []struct {
		name, msg, want string
	}{
		{"single part GBK", stdHeader + "Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: base64\n\n" +
			b64(gbk("各单位：\r\n请报送。\r\n")) + "\n", "各单位：\n请报送。\n"},
		{"no content type", stdHeader + "\nhello\r\nworld\r\n", "hello\nworld\n"},
		{"first plain part of multipart/alternative", mixed(stdHeader,
			"Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain; charset=utf-8\n"+
				"Content-Transfer-Encoding: quoted-printable\n\n=E4=BD=A0=E5=A5=BD\n--alt\nContent-Type: text/html\n\n<p>x</p>\n--alt--\n",
			xlsxPart("", "; filename=a.xlsx")), "你好"},
		{"HTML only", stdHeader + "Content-Type: text/html; charset=utf-8\n\n<p>x</p>\n", ""},
		{"text attachment is no body", mixed(stdHeader,
			"Content-Type: text/plain; name=a.txt\nContent-Disposition: attachment\n\nfile\n"), ""},
		{"forwarded message's text is not the body", mixed(stdHeader,
			"Content-Type: message/rfc822\n\nFrom: x@y.cn\nSubject: s\n\ninner\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadMessage(strings.NewReader(tc.msg), Limits{})
			if err != nil && m == nil {
				t.Fatal(err)
			}
			if m.Text != tc.want {
				t.Errorf("text = %q, want %q", m.Text, tc.want)
			}
		})
	}
}
