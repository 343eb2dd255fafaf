package samplegen

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"net/url"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Mail is an e-mail with one workbook attached, written the way mail clients write it.
type Mail struct {
	From, FromName, To, Subject string
	Date                        time.Time
	Name                        string // the attachment's name
	Charset                     string // "GBK": RFC 2047 words in GBK inside filename="…" (as Chinese clients send);
	// "UTF-8": RFC 2231 filename*=UTF-8''…
	Data []byte
}

// Bytes is the message in RFC 5322 form with CRLF line ends.
func (m Mail) Bytes() []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	w("From: %s <%s>", mime.BEncoding.Encode("UTF-8", m.FromName), m.From)
	w("To: %s", m.To)
	w("Subject: %s", mime.BEncoding.Encode("UTF-8", m.Subject))
	w("Date: %s", m.Date.Format(time.RFC1123Z))
	w("Message-ID: <%d.%s>", m.Date.Unix(), m.From)
	w("MIME-Version: 1.0")
	w(`Content-Type: multipart/mixed; boundary="=_taizhang_sample"`)
	w("")
	w("--=_taizhang_sample")
	w("Content-Type: text/plain; charset=UTF-8")
	w("Content-Transfer-Encoding: base64")
	w("")
	w("%s", base64.StdEncoding.EncodeToString([]byte("领导小组办公室：\n\n附件为本单位进展填报表，请查收。\n")))
	w("--=_taizhang_sample")
	switch m.Charset {
	case "GBK":
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(m.Name)
		enc := mime.BEncoding.Encode("GBK", gbk)
		w(`Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="%s"`, enc)
		w("Content-Transfer-Encoding: base64")
		w(`Content-Disposition: attachment; filename="%s"`, enc)
	default:
		w(`Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`)
		w("Content-Transfer-Encoding: base64")
		w(`Content-Disposition: attachment; filename*=UTF-8''%s`, url.PathEscape(m.Name))
	}
	w("")
	enc := base64.StdEncoding.EncodeToString(m.Data)
	for len(enc) > 76 {
		w("%s", enc[:76])
		enc = enc[76:]
	}
	w("%s", enc)
	w("--=_taizhang_sample--")
	return b.Bytes()
}
