package mailbox

import (
	"bytes"
	"strconv"
	"strings"
)

// field is one header field: its name in lower case and its value unfolded, still raw
// bytes (possibly 8-bit, possibly encoded words).
type field struct {
	name  string
	value []byte
}

type header []field

// get returns the raw value of the first field with the (lower-case) name.
func (h header) get(name string) []byte {
	for _, f := range h {
		if f.name == name {
			return f.value
		}
	}
	return nil
}

// parseHeader reads the header block at the start of b and returns it with the body. The
// header ends at the first empty line; a line that is neither a field nor a continuation
// also ends it and starts the body, so that a message missing the empty line still has one.
// Unfolding removes the line break and keeps the leading white space, as RFC 5322 says.
func parseHeader(b []byte) (header, []byte) {
	var h header
	pos := 0
	for pos < len(b) {
		next := len(b)
		end := len(b)
		if i := bytes.IndexByte(b[pos:], '\n'); i >= 0 {
			end = pos + i
			next = end + 1
		}
		line := bytes.TrimSuffix(b[pos:end], []byte("\r"))
		switch {
		case len(line) == 0:
			return h, b[next:]
		case line[0] == ' ' || line[0] == '\t':
			if len(h) > 0 {
				last := &h[len(h)-1]
				last.value = append(last.value, line...)
			}
		default:
			colon := bytes.IndexByte(line, ':')
			if colon <= 0 {
				return h, b[pos:]
			}
			name := bytes.TrimRight(line[:colon], " \t")
			if !validFieldName(name) {
				return h, b[pos:]
			}
			value := bytes.TrimLeft(line[colon+1:], " \t")
			h = append(h, field{
				name:  strings.ToLower(string(name)),
				value: append([]byte(nil), value...),
			})
		}
		pos = next
	}
	return h, nil
}

func validFieldName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7F {
			return false
		}
	}
	return true
}

// headerText turns a raw header value into text: ASCII and valid UTF-8 are kept, other 8-bit
// bytes are read as GB18030 (a superset of GBK and GB2312), which is what Chinese clients
// send when they put raw bytes in a header. Encoded words are left for decodeWords.
func headerText(raw []byte) string {
	return strings.TrimSpace(detectText(raw))
}

// maxContinuations bounds the RFC 2231 continuation sections read for one parameter.
const maxContinuations = 1000

// params holds the parameters of a Content-Type or Content-Disposition value as written:
// names in lower case, values unquoted but not yet decoded.
type params map[string]string

// parseValue splits a structured header value (already text) into its main value in lower
// case and its parameters. It is lenient: a missing ";" before the first parameter, unquoted
// values with spaces or non-ASCII text, an unterminated quoted string, and a backslash that
// escapes nothing (Windows paths) are all read the way the sender meant them. The first of
// two parameters with the same name wins.
func parseValue(s string) (string, params) {
	main, rest, _ := strings.Cut(s, ";")
	main = strings.TrimSpace(main)
	if i := strings.IndexAny(main, " \t"); i >= 0 {
		rest = main[i:] + ";" + rest
		main = main[:i]
	}
	ps := params{}
	i := 0
	for i < len(rest) {
		for i < len(rest) && (rest[i] == ';' || rest[i] == ' ' || rest[i] == '\t') {
			i++
		}
		start := i
		for i < len(rest) && rest[i] != '=' && rest[i] != ';' {
			i++
		}
		if i >= len(rest) || rest[i] == ';' {
			continue // a parameter without a value
		}
		name := strings.ToLower(strings.TrimSpace(rest[start:i]))
		i++ // '='
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t') {
			i++
		}
		var value string
		if i < len(rest) && rest[i] == '"' {
			var b strings.Builder
			i++
			for i < len(rest) && rest[i] != '"' {
				if rest[i] == '\\' && i+1 < len(rest) && (rest[i+1] == '"' || rest[i+1] == '\\') {
					i++
				}
				b.WriteByte(rest[i])
				i++
			}
			value = b.String()
			for i < len(rest) && rest[i] != ';' {
				i++
			}
		} else {
			start := i
			for i < len(rest) && rest[i] != ';' {
				i++
			}
			value = strings.TrimSpace(rest[start:i])
		}
		if _, dup := ps[name]; name != "" && !dup {
			ps[name] = value
		}
	}
	return strings.ToLower(main), ps
}

// get returns the decoded value of a parameter: the RFC 2231 forms (name*=charset'lang'%XX...,
// continuations name*0*=, name*1*=...) win over the plain name=, whose value may carry
// RFC 2047 encoded words.
func (ps params) get(name string) string {
	if v, ok := ps[name+"*"]; ok {
		return decodeWords(decodeExtended(v, true))
	}
	if _, ok0 := ps[name+"*0"]; ok0 || hasKey(ps, name+"*0*") {
		var raw []byte
		charset := ""
		for n := 0; n < maxContinuations; n++ {
			key := name + "*" + strconv.Itoa(n)
			if v, ok := ps[key+"*"]; ok {
				if n == 0 {
					var rest string
					charset, rest = splitExtended(v)
					v = rest
				}
				raw = append(raw, percentDecode(v)...)
			} else if v, ok := ps[key]; ok {
				raw = append(raw, v...)
			} else {
				break
			}
		}
		return decodeWords(decodeCharset(charset, raw))
	}
	return decodeWords(ps[name])
}

func hasKey(ps params, key string) bool {
	_, ok := ps[key]
	return ok
}

// decodeExtended decodes an RFC 2231 extended value: charset'language'percent-encoded.
func decodeExtended(v string, first bool) string {
	charset := ""
	if first {
		charset, v = splitExtended(v)
	}
	return decodeCharset(charset, percentDecode(v))
}

// splitExtended splits charset'language'value; without the two quotes the whole is the value.
func splitExtended(v string) (charset, rest string) {
	cs, after, ok := strings.Cut(v, "'")
	if !ok {
		return "", v
	}
	_, value, ok := strings.Cut(after, "'")
	if !ok {
		return "", v
	}
	return cs, value
}

// percentDecode decodes %XX escapes; a % not followed by two hex digits stays as it is.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}
