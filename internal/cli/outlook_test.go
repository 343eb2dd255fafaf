package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/compose"
	"taizhang/internal/intake"
	"taizhang/internal/mailtest/fixture"
	"taizhang/internal/period"
)

// Returns the way Outlook users send them: an Outlook .msg file saved to the inbox folder, a
// winmail.dat (TNEF) saved from a message Outlook sent in its own format, and a message
// forwarded as an attachment (message/rfc822). Each is opened, and the return inside is
// recorded for its unit like any other. The .msg and winmail.dat are built from their file
// formats ([MS-OXMSG], [MS-OXTNEF]) by package fixture: there is no Outlook here.
func TestReturnsFromOutlook(t *testing.T) {
	s := newStory(t)
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.Local)
	jul := period.MustParse("2022-07")
	book := func(unit string) []byte {
		data, err := os.ReadFile(s.ret("2022-07", unit, s.form(unit, jul.Last(), nil), nil, "filled/"+unit+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	inbox := filepath.Join(s.dir, "收件箱")
	os.MkdirAll(inbox, 0o755)

	msg, err := fixture.MSG(fixture.Msg{Subject: "回复：2022年7月进展填报", SenderName: "经发局", SenderSMTP: "jfj@cbs.example.cn",
		MessageID: "<outlook-1@cbs.example.cn>", Submit: time.Date(2022, 8, 2, 1, 0, 0, 0, time.UTC), Body: "请查收。\r\n",
		Attachments: []fixture.MsgAttachment{{LongName: "经发局-2022年7月进展填报.xlsx", ShortName: "经发局~1.XLS",
			MimeTag: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: book("经发局")}}})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(inbox, "回复 2022年7月进展填报.msg"), msg, 0o644)
	os.WriteFile(filepath.Join(inbox, "winmail.dat"), fixture.TNEF([]fixture.TNEFAttachment{
		{Title: "商务局~1.XLS", LongName: "商务局-2022年7月进展填报.xlsx", Data: book("商务局")}}), 0o644)

	inner, err := compose.Build(compose.Message{From: compose.Address{Name: "河长办", Addr: "hzb@cbs.example.cn"},
		To: []compose.Address{{Addr: "someone@cbs.example.cn"}}, Subject: "河长办7月进展", Date: time.Date(2022, 8, 2, 10, 0, 0, 0, time.Local),
		MessageID: "inner-1@cbs.example.cn", Text: "附件是7月进展。",
		Attachments: []compose.Attachment{{Name: "河长办-2022年7月进展填报.xlsx", Data: book("河长办")}}})
	if err != nil {
		t.Fatal(err)
	}
	fwd := "From: =?UTF-8?B?5rKz6ZW/5Yqe?= <hzb@cbs.example.cn>\r\nTo: zgb@cbs.example.cn\r\nSubject: Fw: 7月进展\r\n" +
		"Date: Wed, 03 Aug 2022 08:00:00 +0800\r\nMessage-ID: <fwd-1@cbs.example.cn>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n转发给整改办。\r\n" +
		"--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + string(inner) + "\r\n--b1--\r\n"
	os.WriteFile(filepath.Join(inbox, "转发.eml"), []byte(fwd), 0o644)

	out, errs, code := s.cli("collect", "--period", "2022-07", inbox, "--json", "--no-receipts")
	if code != ExitOK {
		t.Fatalf("collect: exit %d\n%s\n%s", code, out, errs)
	}
	var v struct {
		Files []struct {
			Unit    string `json:"unit"`
			Verdict string `json:"verdict"`
			Sender  string `json:"sender"`
			File    string `json:"file"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]string{}
	for _, f := range v.Files {
		got[f.Unit] = f.Verdict + " " + f.Sender
	}
	for unit, from := range map[string]string{"经发局": "jfj@cbs.example.cn", "商务局": "", "河长办": "hzb@cbs.example.cn"} {
		if !strings.HasPrefix(got[unit], intake.Accepted) || !strings.Contains(got[unit], from) {
			t.Errorf("%s: %q, want accepted from %q (all: %v)", unit, got[unit], from, got)
		}
	}
	if len(v.Files) != 3 {
		t.Errorf("%d inputs, want 3: %s", len(v.Files), fmt.Sprint(got))
	}
}
