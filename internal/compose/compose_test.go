package compose

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/mailbox"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var cst = time.FixedZone("CST", 8*3600)

// longName is a 40+ character Chinese attachment name, the kind that is split over several
// encoded words.
const longName = "关于报送2024年第三季度巡视整改落实情况台账及佐证材料的通知附件一：市经济发展局整改台账（第二批次汇总修订稿）.xlsx"

func cases() []struct {
	name string
	m    Message
} {
	date := time.Date(2024, 3, 4, 9, 30, 0, 0, cst)
	xlsx := []byte("PK\x03\x04 fake workbook xl/workbook.xml " + strings.Repeat("数据", 100))
	binary := make([]byte, 1000)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	return []struct {
		name string
		m    Message
	}{
		{"notice with long Chinese names", Message{
			From:      Address{"市整改办", "zgb@cbs.gov.cn"},
			To:        []Address{{"市经济发展局（综合科）", "jfj@cbs.gov.cn"}, {"", "backup@163.com"}},
			Cc:        []Address{{"Office \"A\"", "a@cbs.gov.cn"}},
			Subject:   "【请于3月10日前报送】关于报送2024年第一季度巡视整改落实情况台账的通知（经发局）",
			Date:      date,
			MessageID: StableID("cbs.gov.cn", "notice", "2024Q1", "经发局"),
			Text:      "各单位：\n\n请于3月10日前填报附件中的台账，并以附件形式回复本邮件。\n  行首空格与行尾空格  \n\n市整改办",
			Attachments: []Attachment{
				{Name: longName, Data: xlsx},
				{Name: "佐证材料.pdf", Data: binary},
				{Name: "readme.txt", ContentType: "text/plain", Data: []byte("line1\r\nline2\r\n")},
			},
			Draft: true,
		}},
		{"receipt as a reply, quoted-printable", Message{
			From:       Address{"市整改办", "zgb@cbs.gov.cn"},
			To:         []Address{{"经发局", "jfj@cbs.gov.cn"}},
			Subject:    "回执：经发局 2024年第一季度台账已收到",
			Date:       date.Add(48 * time.Hour),
			MessageID:  StableID("cbs.gov.cn", "receipt", "jfj"),
			InReplyTo:  "abc123@cbs.gov.cn",
			References: []string{"notice1@cbs.gov.cn", "abc123@cbs.gov.cn"},
			Text:       "经发局：\r\n你单位报送的台账已收到，共 12 项，其中 2 项需补充佐证。\r\n= 等号 =3D 不是编码\r\n" + strings.Repeat("很长的一行", 40),
			TextAs:     QuotedPrintable,
			Attachments: []Attachment{
				{Name: "回执-经发局.pdf", Data: binary},
			},
		}},
		{"plain ASCII, no attachment", Message{
			From:      Address{"", "office@example.org"},
			To:        []Address{{"Unit", "unit@example.org"}},
			Subject:   "Reminder: the ledger for March is due on Friday; please reply with the workbook attached, thanks",
			Date:      date,
			MessageID: "fixed@example.org",
			Text:      "Hello.\n",
		}},
		{"empty subject and body", Message{
			From:        Address{"整改办", "zgb@cbs.gov.cn"},
			To:          []Address{{"", "x@cbs.gov.cn"}},
			Date:        date,
			MessageID:   "empty@cbs.gov.cn",
			Attachments: []Attachment{{Name: "空.xlsx", Data: nil}},
		}},
	}
}

// TestBuildReadBack reads every message back with package mailbox: names, subject, sender,
// body and attachment bytes come back exactly.
func TestBuildReadBack(t *testing.T) {
	for _, tc := range cases() {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := Build(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			checkWire(t, raw)
			got, err := mailbox.ReadMessage(bytes.NewReader(raw), mailbox.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Warnings) > 0 {
				t.Errorf("warnings: %v", got.Warnings)
			}
			if got.Subject != tc.m.Subject {
				t.Errorf("subject = %q, want %q", got.Subject, tc.m.Subject)
			}
			if got.From != tc.m.From.Addr || got.FromName != tc.m.From.Name {
				t.Errorf("from = %q %q", got.FromName, got.From)
			}
			if got.MessageID != tc.m.MessageID {
				t.Errorf("message-id = %q, want %q", got.MessageID, tc.m.MessageID)
			}
			if !got.Date.Equal(tc.m.Date) {
				t.Errorf("date = %v, want %v", got.Date, tc.m.Date)
			}
			if want := wantText(tc.m.Text); got.Text != want {
				t.Errorf("text = %q, want %q", got.Text, want)
			}
			if len(got.Attachments) != len(tc.m.Attachments) {
				t.Fatalf("%d attachments, want %d", len(got.Attachments), len(tc.m.Attachments))
			}
			for i, a := range tc.m.Attachments {
				g := got.Attachments[i]
				if g.RawName != a.Name || g.Name != a.Name {
					t.Errorf("attachment %d name = %q (raw %q), want %q", i, g.Name, g.RawName, a.Name)
				}
				if !bytes.Equal(g.Data, a.Data) {
					t.Errorf("attachment %d data differs", i)
				}
			}
		})
	}
}

// wantText is the body as a reader gives it back: "\n" line ends, ending in one.
func wantText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// checkWire checks what every produced message must be on the wire: CRLF only, no line over
// 76 characters where there are encoded words (RFC 2047) and none over 998, 7-bit only.
func checkWire(t *testing.T, raw []byte) {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("does not end with CRLF")
	}
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: bare CR or LF: %q", i+1, line)
		}
		if len(line) > 998 || bytes.Contains(line, []byte("=?")) && len(line) > maxLine {
			t.Errorf("line %d: %d characters: %q", i+1, len(line), line)
		}
		for _, c := range line {
			if c >= 0x80 {
				t.Errorf("line %d: 8-bit byte: %q", i+1, line)
				break
			}
		}
	}
}

// pyReader reads one message with Python's email package (policy.default) and prints what a
// mail client would show.
const pyReader = `
import sys, json, base64, email
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
out = {"subject": str(m["subject"] or ""), "from": [], "to": [], "text": None, "attachments": [],
       "defects": [str(d) for d in m.defects], "unsent": str(m.get("x-unsent", ""))}
for f in ("from", "to"):
    h = m[f]
    if h is not None:
        out[f] = [[a.display_name, a.addr_spec] for a in h.addresses]
for part in m.walk():
    out["defects"] += [str(d) for d in part.defects]
    if part.is_multipart():
        continue
    if part.get_content_disposition() == "attachment":
        out["attachments"].append({
            "filename": part.get_filename(),
            "name": part.get_param("name"),
            "data": base64.b64encode(part.get_payload(decode=True) or b"").decode()})
    elif part.get_content_type() == "text/plain" and out["text"] is None:
        out["text"] = part.get_content().replace("\r\n", "\n")  # base64 keeps CRLF as data
print(json.dumps(out, ensure_ascii=False))
`

type pyResult struct {
	Subject     string      `json:"subject"`
	From        [][2]string `json:"from"`
	To          [][2]string `json:"to"`
	Text        *string     `json:"text"`
	Unsent      string      `json:"unsent"`
	Defects     []string    `json:"defects"`
	Attachments []struct {
		Filename string `json:"filename"`
		Name     any    `json:"name"`
		Data     string `json:"data"`
	} `json:"attachments"`
}

// TestBuildPython reads every message back with Python's email package, as a second,
// independent reader: what it shows is what the clients show.
func TestBuildPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: the second reader is not checked")
	}
	dir := t.TempDir()
	for i, tc := range cases() {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := Build(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "m"+string(rune('0'+i))+".eml")
			if err := os.WriteFile(file, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "-c", pyReader, file).Output()
			if err != nil {
				t.Fatalf("python: %v", err)
			}
			var got pyResult
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if len(got.Defects) > 0 {
				t.Errorf("python found defects: %v", got.Defects)
			}
			if got.Subject != tc.m.Subject {
				t.Errorf("subject = %q, want %q", got.Subject, tc.m.Subject)
			}
			if len(got.From) != 1 || got.From[0] != [2]string{tc.m.From.Name, tc.m.From.Addr} {
				t.Errorf("from = %q", got.From)
			}
			if len(got.To) != len(tc.m.To) {
				t.Errorf("to = %q", got.To)
			}
			for j, a := range tc.m.To {
				if j < len(got.To) && got.To[j] != [2]string{a.Name, a.Addr} {
					t.Errorf("to %d = %q, want %q", j, got.To[j], a)
				}
			}
			if want := wantText(tc.m.Text); got.Text == nil || *got.Text != want {
				t.Errorf("text = %q, want %q", deref(got.Text), want)
			}
			if wantUnsent := map[bool]string{true: "1"}[tc.m.Draft]; got.Unsent != wantUnsent {
				t.Errorf("X-Unsent = %q, want %q", got.Unsent, wantUnsent)
			}
			if len(got.Attachments) != len(tc.m.Attachments) {
				t.Fatalf("%d attachments, want %d", len(got.Attachments), len(tc.m.Attachments))
			}
			for j, a := range tc.m.Attachments {
				g := got.Attachments[j]
				if g.Filename != a.Name || g.Name != a.Name {
					t.Errorf("attachment %d: filename %q, name %v, want %q", j, g.Filename, g.Name, a.Name)
				}
				if g.Data != base64.StdEncoding.EncodeToString(a.Data) {
					t.Errorf("attachment %d: data differs", j)
				}
			}
		})
	}
}

// TestBuildGolden pins the bytes of a draft: the output is deterministic for given inputs,
// and a change in what is written shows up in review. Refresh with -update.
func TestBuildGolden(t *testing.T) {
	raw, err := Build(cases()[0].m)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Build(cases()[0].m)
	if !bytes.Equal(raw, again) {
		t.Fatal("two builds of the same message differ")
	}
	golden := filepath.Join("testdata", "notice.eml")
	if *update {
		if err := os.WriteFile(golden, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(raw, want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, raw)
	}
}

func TestBuildHeaders(t *testing.T) {
	m := cases()[1].m
	raw, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	for _, want := range []string{
		"In-Reply-To: <abc123@cbs.gov.cn>\r\n",
		"References: <notice1@cbs.gov.cn> <abc123@cbs.gov.cn>\r\n",
		"Message-ID: <" + m.MessageID + ">\r\n",
		"Date: Wed, 06 Mar 2024 09:30:00 +0800\r\n",
		"MIME-Version: 1.0\r\n",
		"Content-Transfer-Encoding: quoted-printable\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(s, "X-Unsent") {
		t.Error("X-Unsent in a message that is not a draft")
	}
	// Both name= and filename= carry the encoded word.
	word := "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("回执-经发局.pdf")) + "?="
	if !strings.Contains(s, "\tname=\""+word+"\"") || !strings.Contains(s, "\tfilename=\""+word+"\"") {
		t.Errorf("name and filename not both %s:\n%s", word, s)
	}

	m.InReplyTo, m.References = "only@cbs.gov.cn", nil
	raw, _ = Build(m)
	if !strings.Contains(string(raw), "References: <only@cbs.gov.cn>\r\n") {
		t.Error("References not defaulted to In-Reply-To")
	}
}

func TestBuildRandomID(t *testing.T) {
	m := cases()[2].m
	m.MessageID = ""
	a, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(m)
	ma, _ := mailbox.ReadMessage(bytes.NewReader(a), mailbox.Limits{})
	mb, _ := mailbox.ReadMessage(bytes.NewReader(b), mailbox.Limits{})
	if ma.MessageID == mb.MessageID || !strings.HasSuffix(ma.MessageID, "@example.org") {
		t.Errorf("random IDs %q, %q", ma.MessageID, mb.MessageID)
	}
	if StableID("x.cn", "a", "bc") == StableID("x.cn", "ab", "c") {
		t.Error("StableID does not separate its parts")
	}
	if StableID("x.cn", "a") != StableID("x.cn", "a") {
		t.Error("StableID not stable")
	}
}

func TestBuildRefuses(t *testing.T) {
	good := cases()[2].m
	for _, tc := range []struct {
		name string
		edit func(*Message)
		want error
	}{
		{"no recipient", func(m *Message) { m.To = nil }, ErrAddress},
		{"bad from", func(m *Message) { m.From.Addr = "not an address" }, ErrAddress},
		{"header injection in address", func(m *Message) { m.To[0].Addr = "a@b.cn\r\nBcc: x@y.cn" }, ErrAddress},
		{"angle brackets in address", func(m *Message) { m.To[0].Addr = "<a@b.cn>" }, ErrAddress},
		{"non-ASCII address", func(m *Message) { m.To[0].Addr = "经发局@b.cn" }, ErrAddress},
		{"newline in name", func(m *Message) { m.To[0].Name = "a\nBcc: x@y.cn" }, ErrAddress},
		{"newline in subject", func(m *Message) { m.Subject = "a\r\nBcc: x@y.cn" }, ErrField},
		{"no date", func(m *Message) { m.Date = time.Time{} }, ErrField},
		{"bad message-id", func(m *Message) { m.MessageID = "a b@c" }, ErrField},
		{"bad in-reply-to", func(m *Message) { m.InReplyTo = "<x@y>" }, ErrField},
		{"empty attachment name", func(m *Message) { m.Attachments = []Attachment{{Name: " "}} }, ErrField},
		{"newline in attachment name", func(m *Message) { m.Attachments = []Attachment{{Name: "a\n.xlsx"}} }, ErrField},
		{"bad content type", func(m *Message) { m.Attachments = []Attachment{{Name: "a", ContentType: "text"}} }, ErrField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := good
			m.To = append([]Address(nil), good.To...)
			tc.edit(&m)
			if _, err := Build(m); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	m := Message{From: Address{"", "a@x.cn"}, To: []Address{{"", "b@x.cn"}, {"", "B@x.cn"}}, Cc: []Address{{"", "c@x.cn"}}}
	from, to := m.Envelope()
	if from != "a@x.cn" || strings.Join(to, ",") != "b@x.cn,c@x.cn" {
		t.Errorf("envelope %q %q", from, to)
	}
}

// FuzzBuild writes messages with arbitrary names, subjects and bodies: Build either refuses
// or writes a message that package mailbox reads back exactly.
func FuzzBuild(f *testing.F) {
	f.Add(longName, "关于报送台账", "正文\n第二行", []byte("data"), "经发局", false)
	f.Add("a\"b\\c.xlsx", "=?UTF-8?B?x?=", "=3D\r\n.\r\n", []byte{0, 255}, "", true)
	f.Fuzz(func(t *testing.T, name, subject, text string, data []byte, person string, qp bool) {
		m := Message{
			From:        Address{person, "zgb@cbs.gov.cn"},
			To:          []Address{{person, "jfj@cbs.gov.cn"}},
			Subject:     subject,
			Date:        time.Date(2024, 3, 4, 9, 30, 0, 0, cst),
			Text:        text,
			Attachments: []Attachment{{Name: name, Data: data}},
		}
		if qp {
			m.TextAs = QuotedPrintable
		}
		raw, err := Build(m)
		if err != nil {
			return
		}
		checkWire(t, raw)
		got, err := mailbox.ReadMessage(bytes.NewReader(raw), mailbox.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !utf8Valid(subject, person) {
			return // invalid UTF-8 is written as U+FFFD
		}
		if want := strings.TrimSpace(strings.Join(strings.Fields(subject), " ")); collapse(got.Subject) != want {
			t.Errorf("subject %q, want %q", got.Subject, subject)
		}
		if len(got.Attachments) != 1 || !bytes.Equal(got.Attachments[0].Data, data) {
			t.Fatalf("attachments %+v", got.Attachments)
		}
		if got.Attachments[0].RawName != strings.TrimSpace(name) && collapse(got.Attachments[0].RawName) != collapse(name) {
			t.Errorf("name %q, want %q", got.Attachments[0].RawName, name)
		}
		if strings.ToValidUTF8(text, "\uFFFD") == text && got.Text != wantText(text) {
			t.Errorf("text %q, want %q", got.Text, wantText(text))
		}
	})
}

func utf8Valid(ss ...string) bool {
	for _, s := range ss {
		if strings.ToValidUTF8(s, "\uFFFD") != s {
			return false
		}
	}
	return true
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func deref(p *string) string {
	if p == nil {
		return "<none>"
	}
	return *p
}
