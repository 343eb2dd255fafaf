package mailbox

import "strings"

// maxCharsetLen bounds the charset label of an encoded word; longer is not an encoded word.
const maxCharsetLen = 64

// encodedWord is one =?charset?B|Q?text?= found in s; end is the index after its "?=".
type encodedWord struct {
	charset string
	b       bool // B (base64) encoding, else Q
	text    string
	end     int
}

// parseWord reads the encoded word starting at s[i:], which begins with "=?". Each step
// stops at the next '?', so scanning many broken words stays linear.
func parseWord(s string, i int) (encodedWord, bool) {
	j := i + 2
	k := strings.IndexByte(s[j:min(len(s), j+maxCharsetLen+1)], '?')
	if k <= 0 {
		return encodedWord{}, false
	}
	charset := s[j : j+k]
	if strings.ContainsAny(charset, " \t\r\n") {
		return encodedWord{}, false
	}
	j += k + 1
	if j+1 >= len(s) || s[j+1] != '?' {
		return encodedWord{}, false
	}
	var isB bool
	switch s[j] {
	case 'B', 'b':
		isB = true
	case 'Q', 'q':
	default:
		return encodedWord{}, false
	}
	j += 2
	t := strings.IndexByte(s[j:], '?')
	if t < 0 || j+t+1 >= len(s) || s[j+t+1] != '=' {
		return encodedWord{}, false
	}
	return encodedWord{charset: charset, b: isB, text: s[j : j+t], end: j + t + 2}, true
}

// decodeWords decodes RFC 2047 encoded words anywhere in s (valid UTF-8 text), leniently, as
// mail clients need: words inside quoted strings and next to other text are decoded; white
// space between two words is dropped; the bytes of adjacent words in the same charset are
// joined before the charset is decoded, so a Chinese character split across two words (or a
// base64 quantum split across them) comes out whole. A malformed word stays as written.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	var out strings.Builder
	var run wordRun
	last, i := 0, 0
	for i < len(s) {
		k := strings.Index(s[i:], "=?")
		if k < 0 {
			break
		}
		k += i
		w, ok := parseWord(s, k)
		if !ok {
			i = k + 1
			continue
		}
		between := s[last:k]
		if !run.active || !isSpace(between) {
			run.flush(&out)
			out.WriteString(between)
		} else if !sameCharset(run.charset, w.charset) {
			run.flush(&out) // white space between words is dropped even when charsets differ
		}
		run.add(w)
		last, i = w.end, w.end
	}
	run.flush(&out)
	out.WriteString(s[last:])
	return out.String()
}

// wordRun collects the bytes of adjacent encoded words in one charset.
type wordRun struct {
	active  bool
	charset string
	raw     []byte
	b64     []byte // base64 text of B words whose quantum was split, waiting for the rest
}

func (r *wordRun) add(w encodedWord) {
	if !r.active {
		r.active = true
		r.charset = w.charset
	}
	if !w.b {
		r.raw = appendBase64(r.raw, r.b64)
		r.b64 = r.b64[:0]
		r.raw = appendQ(r.raw, w.text)
		return
	}
	r.b64 = append(r.b64, w.text...)
	n := 0
	for _, c := range []byte(w.text) {
		if base64Value(c) >= 0 {
			n++
		}
	}
	if strings.Contains(w.text, "=") || n%4 == 0 {
		r.raw = appendBase64(r.raw, r.b64)
		r.b64 = r.b64[:0]
	}
}

func (r *wordRun) flush(out *strings.Builder) {
	if !r.active {
		return
	}
	r.raw = appendBase64(r.raw, r.b64)
	out.WriteString(decodeCharset(r.charset, r.raw))
	*r = wordRun{raw: r.raw[:0], b64: r.b64[:0]}
}

func sameCharset(a, b string) bool {
	return canonicalCharset(a) == canonicalCharset(b)
}

func isSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// appendQ decodes the Q encoding: "_" is a space, =XX a byte, anything else itself.
func appendQ(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
			dst = append(dst, ' ')
		case c == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
