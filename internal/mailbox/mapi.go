package mailbox

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// MAPI property types and the properties read from Outlook .msg files and TNEF
// (winmail.dat): [MS-OXCDATA] 2.11.1, [MS-OXPROPS].
const (
	ptShort   = 0x0002
	ptLong    = 0x0003
	ptFloat   = 0x0004
	ptDouble  = 0x0005
	ptCurr    = 0x0006
	ptAppTime = 0x0007
	ptError   = 0x000A
	ptBoolean = 0x000B
	ptObject  = 0x000D
	ptI8      = 0x0014
	ptString8 = 0x001E
	ptUnicode = 0x001F
	ptSysTime = 0x0040
	ptCLSID   = 0x0048
	ptBinary  = 0x0102
	ptMulti   = 0x1000

	prSubject            = 0x0037
	prClientSubmitTime   = 0x0039
	prSentReprName       = 0x0042
	prSentReprEmail      = 0x0065
	prTransportHeaders   = 0x007D
	prSenderName         = 0x0C1A
	prSenderEmail        = 0x0C1F
	prDeliveryTime       = 0x0E06
	prBody               = 0x1000
	prInternetMessageID  = 0x1035
	prDisplayName        = 0x3001
	prAttachData         = 0x3701
	prAttachFilename     = 0x3704
	prAttachMethod       = 0x3705
	prAttachLongFilename = 0x3707
	prAttachMimeTag      = 0x370E
	prInternetCPID       = 0x3FDE
	prMessageCodepage    = 0x3FFD
	prSenderSMTP         = 0x5D01
	prSentReprSMTP       = 0x5D02

	attachEmbeddedMsg = 5 // PR_ATTACH_METHOD: the attachment is a message
)

// fixedSize is the size of a value of a fixed-size property type, or -1 for variable ones.
func fixedSize(typ uint16) int {
	switch typ &^ ptMulti {
	case ptShort, ptBoolean:
		return 2
	case ptLong, ptFloat, ptError:
		return 4
	case ptDouble, ptCurr, ptAppTime, ptI8, ptSysTime:
		return 8
	case ptCLSID:
		return 16
	case 0x0000, 0x0001: // PT_UNSPECIFIED, PT_NULL
		return 0
	}
	return -1
}

// utf16Text decodes UTF-16LE bytes, up to a terminating NUL.
func utf16Text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return strings.ToValidUTF8(string(utf16.Decode(u)), "\uFFFD")
}

// codepageText decodes 8-bit text in a Windows code page, up to a NUL. Unknown or absent
// code pages are detected as in decodeCharset (UTF-8, else GB18030): this is mail from
// Chinese offices.
func codepageText(b []byte, cp uint32) string {
	if i := indexNUL(b); i >= 0 {
		b = b[:i]
	}
	var enc encoding.Encoding
	switch cp {
	case 936:
		enc = simplifiedchinese.GBK
	case 54936:
		enc = simplifiedchinese.GB18030
	case 950:
		enc = traditionalchinese.Big5
	case 932:
		enc = japanese.ShiftJIS
	case 949:
		enc = korean.EUCKR
	case 1252:
		enc = charmap.Windows1252
	case 28591:
		enc = charmap.ISO8859_1
	case 65001:
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	if enc == nil {
		return detectText(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return detectText(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

func indexNUL(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

// filetime converts a Windows FILETIME (100 ns since 1601) to a time; zero for values
// outside 1980–2200 (missing or garbage).
func filetime(v uint64) time.Time {
	const epochDiff = 116444736000000000 // 1601 to 1970 in 100 ns
	if v < epochDiff || v > 2e18 {       // 2e18 is past the year 7000: garbage
		return time.Time{}
	}
	t := time.Unix(0, 0).Add(time.Duration((v-epochDiff)/1e4) * time.Millisecond).UTC()
	if t.Year() < 1980 || t.Year() > 2200 {
		return time.Time{}
	}
	return t
}
