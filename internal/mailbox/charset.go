package mailbox

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// canonicalCharset reduces a charset label to one name per decoder, so that "GB2312" and
// "gbk" words can be joined. GB2312 and its aliases are GBK: clients label GBK text as
// gb2312 all the time. Unknown labels come back lower-cased.
func canonicalCharset(label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if i := strings.IndexByte(label, '*'); i >= 0 { // RFC 2231 language suffix: utf-8*zh-cn
		label = label[:i]
	}
	switch label {
	case "gbk", "gb2312", "gb_2312", "gb_2312-80", "gb2312-80", "x-gbk", "cp936", "ms936",
		"windows-936", "euc-cn", "x-euc-cn", "chinese", "csgb2312", "csgbk", "iso-ir-58":
		return "gbk"
	case "gb18030", "gb-18030":
		return "gb18030"
	case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "big5-hkscs", "cp950":
		return "big5"
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819", "iso-ir-100":
		return "iso-8859-1"
	case "windows-1252", "cp1252":
		return "windows-1252"
	case "utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii", "":
		return "utf-8"
	}
	return label
}

// charsetEncoding returns the decoder for a charset label, or nil for UTF-8, ASCII and
// labels it does not know (those are detected from the bytes).
func charsetEncoding(label string) encoding.Encoding {
	switch canonicalCharset(label) {
	case "gbk":
		return simplifiedchinese.GBK
	case "gb18030":
		return simplifiedchinese.GB18030
	case "big5":
		return traditionalchinese.Big5
	case "iso-8859-1":
		return charmap.ISO8859_1
	case "windows-1252":
		return charmap.Windows1252
	}
	return nil
}

// decodeCharset turns bytes in the labelled charset into text. Valid UTF-8 is read as UTF-8
// whatever the label says: clients send UTF-8 labelled gb2312 or iso-8859-1, and text in
// those charsets is almost never valid UTF-8 by chance. Other bytes are read in the
// labelled charset, or detected (see detectText) when the label is UTF-8 or unknown.
func decodeCharset(label string, b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	enc := charsetEncoding(label)
	if enc == nil {
		return detectText(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return detectText(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// detectText reads bytes of unknown charset: valid UTF-8 stays UTF-8 (GB18030 text is
// almost never valid UTF-8), anything else is read as GB18030, a superset of GBK and GB2312.
// The result is always valid UTF-8.
func detectText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}
