package mailbox

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"taizhang/internal/mailtest/fixture"
)

func mustMSG(t testing.TB, m fixture.Msg) []byte {
	t.Helper()
	b, err := fixture.MSG(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadMsg reads .msg files written by the fixture generator: Unicode and GBK strings,
// the SMTP sender of an Exchange account, long names, a stream outside the mini stream and
// an attached message.
func TestReadMsg(t *testing.T) {
	for _, gbkStrings := range []bool{false, true} {
		m := fixture.SampleMsg()
		m.GBK = gbkStrings
		got, err := ReadMsg(bytes.NewReader(mustMSG(t, m)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != m.Subject || got.From != "jfj@cbs.gov.cn" || got.FromName != "市经济发展局" ||
			got.MessageID != "20240304093000.1234@cbs.gov.cn" || !got.Date.Equal(m.Submit) ||
			got.Text != "整改办：\n附件是我局的台账，请查收。\n" {
			t.Errorf("gbk=%v: header %+v", gbkStrings, got)
		}
		want := []struct{ name, from string }{
			{fixture.LongName, ""}, {"佐证材料（照片）.jpg", ""}, {"会议纪要.pdf", "zhk@cbs.gov.cn"},
		}
		if len(got.Attachments) != len(want) || len(got.Warnings) > 0 {
			t.Fatalf("gbk=%v: attachments %s, warnings %v", gbkStrings, names(got), got.Warnings)
		}
		for i, w := range want {
			a := got.Attachments[i]
			if a.Name != w.name || a.ForwardedFrom != w.from {
				t.Errorf("gbk=%v: attachment %d = %q from %q, want %q from %q", gbkStrings, i, a.Name, a.ForwardedFrom, w.name, w.from)
			}
		}
		if a := got.Attachments[0]; !bytes.Equal(a.Data, fixture.XLSX) || a.ContentType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("first attachment %q %d bytes", a.ContentType, len(a.Data))
		}
		if !bytes.Equal(got.Attachments[1].Data, m.Attachments[1].Data) {
			t.Errorf("large attachment: %d bytes, want %d", len(got.Attachments[1].Data), len(m.Attachments[1].Data))
		}
	}
}

func TestReadMsgFallbacks(t *testing.T) {
	// No SMTP property (an old .msg): the sender and date come from the transport headers;
	// no long name: the short one.
	m := fixture.Msg{
		Subject:     "台账",
		Headers:     "From: =?GBK?B?" + b64(gbk("教育局")) + "?= <JYJ@cbs.gov.cn>\r\nDate: Mon, 4 Mar 2024 09:30:00 +0800\r\nMessage-ID: <h@x>\r\n",
		Attachments: []fixture.MsgAttachment{{ShortName: "TAIZHANG.XLS", Data: []byte{1}}},
	}
	got, err := ReadMsg(bytes.NewReader(mustMSG(t, m)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.From != "jyj@cbs.gov.cn" || got.FromName != "教育局" || got.MessageID != "h@x" ||
		!got.Date.Equal(time.Date(2024, 3, 4, 1, 30, 0, 0, time.UTC)) || names(got) != "[TAIZHANG.XLS]" {
		t.Errorf("%+v", got)
	}
}

func TestReadMsgFailures(t *testing.T) {
	good := mustMSG(t, fixture.SampleMsg())
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"not a compound file", []byte("From: x\r\n\r\n"), ErrNotMessage},
		{"empty", nil, ErrNotMessage},
		{"truncated header", good[:300], ErrMalformed},
		{"too large", good, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lim := Limits{}
			if tc.want == ErrTooLarge {
				lim.MaxMessageBytes = 1000
			}
			_, err := ReadMsg(bytes.NewReader(tc.data), lim)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	// Cut short: whatever is there is read, or it fails cleanly; never a panic.
	for n := 512; n < len(good); n += 509 {
		m, err := ReadMsg(bytes.NewReader(good[:n]), Limits{})
		checkMessage(t, good[:n], m, err)
	}
}

func TestReadMsgLimits(t *testing.T) {
	m := fixture.SampleMsg()
	for range 5 {
		m.Attachments = append(m.Attachments, m.Attachments[0])
	}
	got, err := ReadMsg(bytes.NewReader(mustMSG(t, m)), Limits{MaxAttachments: 3})
	if err != nil || len(got.Attachments) != 3 || !hasWarning(got, ErrTooManyAttachments) {
		t.Errorf("%v: %s %v", err, names(got), got.Warnings)
	}
	// Nested attached messages stop at MaxDepth.
	inner := &fixture.Msg{Subject: "0", Attachments: []fixture.MsgAttachment{{LongName: "deep.xlsx", Data: []byte{1}}}}
	for range 6 {
		inner = &fixture.Msg{Subject: "n", Attachments: []fixture.MsgAttachment{{Embedded: inner}}}
	}
	got, _ = ReadMsg(bytes.NewReader(mustMSG(t, *inner)), Limits{MaxDepth: 4})
	if len(got.Attachments) != 0 || !hasWarning(got, ErrTooDeep) {
		t.Errorf("deep: %s %v", names(got), got.Warnings)
	}
	got, _ = ReadMsg(bytes.NewReader(mustMSG(t, *inner)), Limits{})
	if names(got) != "[deep.xlsx]" {
		t.Errorf("deep within the limit: %s %v", names(got), got.Warnings)
	}
}

func TestReadTNEF(t *testing.T) {
	atts, warns, err := ReadTNEF(bytes.NewReader(fixture.TNEF(fixture.SampleTNEF())), Limits{})
	if err != nil || len(warns) > 0 {
		t.Fatal(err, warns)
	}
	var got []string
	for _, a := range atts {
		got = append(got, a.Name)
	}
	if want := fixture.LongName + "|说明.txt|内嵌附件.pdf"; strings.Join(got, "|") != want {
		t.Errorf("names %q, want %q", got, want)
	}
	if !bytes.Equal(atts[0].Data, fixture.XLSX) || string(atts[1].Data) != "GBK title only" {
		t.Error("data differs")
	}
	if _, _, err := ReadTNEF(strings.NewReader("not tnef"), Limits{}); !errors.Is(err, ErrNotMessage) {
		t.Errorf("not TNEF: %v", err)
	}
	full := fixture.TNEF(fixture.SampleTNEF())
	// Cut short anywhere: no panic, and what comes out is no more than went in.
	for n := 0; n < len(full); n++ {
		atts, warns, err := ReadTNEF(bytes.NewReader(full[:n]), Limits{})
		total := 0
		for _, a := range atts {
			total += len(a.Data)
		}
		if total > n || err != nil && len(atts) > 0 || n > 6 && n < len(full) && len(warns) == 0 && err == nil && len(atts) == 3 {
			t.Errorf("cut at %d: %d attachments, %d bytes, %v, %v", n, len(atts), total, warns, err)
		}
	}
}

// TestContainersInMail: a winmail.dat part, an attached .msg and an attached .eml are
// opened for their attachments.
func TestContainersInMail(t *testing.T) {
	tnef := fixture.TNEF(fixture.SampleTNEF())
	msg := mustMSG(t, fixture.SampleMsg())
	eml := crlf(mixed("From: wjw@cbs.gov.cn\nSubject: x\n", textPart, xlsxPart("", "; filename=\"=?UTF-8?B?"+b64([]byte("卫健委.xlsx"))+"?=\"")))
	m := mixed(stdHeader, textPart,
		"Content-Type: application/ms-tnef; name=winmail.dat\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=winmail.dat\n\n"+b64Lines(tnef)+"\n",
		"Content-Type: application/vnd.ms-outlook; name=return.msg\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=return.msg\n\n"+b64Lines(msg)+"\n",
		"Content-Type: application/octet-stream; name=fwd.eml\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=fwd.eml\n\n"+b64Lines([]byte(eml))+"\n",
	)
	got, err := ReadMessage(strings.NewReader(m), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[" + fixture.LongName + ", 说明.txt, 内嵌附件.pdf, " + fixture.LongName + ", 佐证材料（照片）.jpg, 会议纪要.pdf, 卫健委.xlsx]"
	if names(got) != want {
		t.Errorf("names %s\nwant %s\nwarnings %v", names(got), want, got.Warnings)
	}
	if got.Text != "please see the attachment\n" {
		t.Errorf("text %q", got.Text)
	}
	byName := map[string]string{}
	for _, a := range got.Attachments {
		byName[a.Name] = a.ForwardedFrom
	}
	if byName["卫健委.xlsx"] != "wjw@cbs.gov.cn" || byName["会议纪要.pdf"] != "zhk@cbs.gov.cn" || byName["佐证材料（照片）.jpg"] != "jfj@cbs.gov.cn" {
		t.Errorf("forwarded from: %v", byName)
	}
	// A broken winmail.dat is kept as the file it is.
	broken := mixed(stdHeader, "Content-Type: application/ms-tnef; name=winmail.dat\nContent-Transfer-Encoding: base64\n\n"+b64Lines(tnef[:8])+"\n")
	got, _ = ReadMessage(strings.NewReader(broken), Limits{})
	if names(got) != "[winmail.dat]" {
		t.Errorf("broken TNEF: %s", names(got))
	}
}
