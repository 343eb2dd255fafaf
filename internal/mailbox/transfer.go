package mailbox

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"
)

// decodeTransfer undoes a Content-Transfer-Encoding. 7bit, 8bit, binary and unknown
// encodings return the body as it is; fresh reports whether the result is a new slice
// rather than body itself.
func decodeTransfer(cte string, body []byte) (data []byte, fresh bool) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return decodeBase64(body), true
	case "quoted-printable":
		return decodeQP(body), true
	}
	return body, false
}

// base64Value is the value of a standard base64 digit, or -1.
func base64Value(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// quantum accumulates base64 digits four at a time.
type quantum struct {
	v [4]byte
	n int
}

// add appends one digit value, writing three bytes to dst when the quantum is full.
func (q *quantum) add(dst []byte, v int) []byte {
	q.v[q.n] = byte(v)
	q.n++
	if q.n == 4 {
		dst = q.flush(dst)
	}
	return dst
}

// flush writes what the digits so far encode (a lone digit encodes nothing) and resets.
func (q *quantum) flush(dst []byte) []byte {
	v := q.v
	switch q.n {
	case 2:
		dst = append(dst, v[0]<<2|v[1]>>4)
	case 3:
		dst = append(dst, v[0]<<2|v[1]>>4, v[1]<<4|v[2]>>2)
	case 4:
		dst = append(dst, v[0]<<2|v[1]>>4, v[1]<<4|v[2]>>2, v[2]<<6|v[3])
	}
	q.n = 0
	return dst
}

// appendBase64 decodes the base64 text of encoded words: non-digits are skipped, padding
// ends a quantum, missing padding is tolerated.
func appendBase64(dst, text []byte) []byte {
	var q quantum
	for _, c := range text {
		if c == '=' {
			dst = q.flush(dst)
			continue
		}
		if v := base64Value(c); v >= 0 {
			dst = q.add(dst, v)
		}
	}
	return q.flush(dst)
}

// decodeBase64 decodes a base64 body the way mail needs: any line breaks, white space,
// missing padding; a line with characters outside the alphabet after the data has started
// (a footer a list server or virus scanner appended) ends the data, as does a line that ends
// with padding. Padding inside a line ends a quantum and decoding goes on, for encoders that
// pad each chunk.
func decodeBase64(body []byte) []byte {
	out := make([]byte, 0, len(body)/4*3+3)
	var q quantum
	started := false
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		line = bytes.Trim(line, " \t\r")
		if len(line) == 0 {
			continue
		}
		if q.n == 0 && len(line)%4 == 0 && bytes.IndexByte(line, '=') < 0 {
			// The common case, a full line of digits, goes through the standard decoder.
			n := len(out)
			out = slices.Grow(out, len(line)/4*3)
			if m, err := base64.StdEncoding.Decode(out[n:n+len(line)/4*3], line); err == nil {
				out = out[:n+m]
				started = true
				continue
			}
			out = out[:n]
		}
		if !isBase64Line(line) {
			if started {
				break
			}
			continue
		}
		started = true
		padded := false
		for _, c := range line {
			if c == '=' {
				out = q.flush(out)
				padded = true
				continue
			}
			if v := base64Value(c); v >= 0 {
				padded = false
				out = q.add(out, v)
			}
		}
		if padded {
			break
		}
	}
	return q.flush(out)
}

func isBase64Line(line []byte) bool {
	for _, c := range line {
		if c != '=' && c != ' ' && c != '\t' && base64Value(c) < 0 {
			return false
		}
	}
	return true
}

// decodeQP decodes quoted-printable leniently: "=" at the end of a line is a soft break,
// =XX (either case) is a byte, a "=" followed by anything else stays as it is, and white
// space at the end of a line is dropped. Hard line breaks are kept as they were written.
func decodeQP(body []byte) []byte {
	out := make([]byte, 0, len(body))
	for len(body) > 0 {
		line, eol := body, []byte(nil)
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
			eol = []byte("\n")
			if bytes.HasSuffix(line, []byte("\r")) {
				line = line[:len(line)-1]
				eol = []byte("\r\n")
			}
		} else {
			body = nil
		}
		line = bytes.TrimRight(line, " \t")
		soft := false
		if bytes.HasSuffix(line, []byte("=")) {
			soft = true
			line = line[:len(line)-1]
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '=' && i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				out = append(out, unhex(line[i+1])<<4|unhex(line[i+2]))
				i += 2
				continue
			}
			out = append(out, c)
		}
		if !soft {
			out = append(out, eol...)
		}
	}
	return out
}
