package scan

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// A small XML tokenizer for the parts of a workbook, several times faster than encoding/xml
// (measured: it is most of the cost of reading a return). It reads what spreadsheet programs
// write — elements, attributes, text, the five predefined entities and character references,
// CDATA, comments, processing instructions — and refuses a document type declaration, so no
// entity can expand. Names are compared by their local part (no namespace resolution, which
// the parts do not need). Nesting deeper than maxDepth, a bad entity, or a document that ends
// inside a tag is an error.

const maxDepth = 128

var errXML = errors.New("malformed XML")

type tokKind int

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

type xmlAttr struct {
	name  []byte // local name
	value []byte // raw, entities not decoded
}

type xmlTok struct {
	data  []byte
	pos   int
	depth int
	kind  tokKind
	name  []byte    // local name of a start or end tag
	attrs []xmlAttr // of a start tag
	empty bool      // a start tag that closes itself: an end token follows
	text  []byte    // raw text (entities not decoded), or CDATA
	cdata bool
	pend  bool // the end of an empty element is pending
}

func newXMLTok(data []byte) *xmlTok {
	return &xmlTok{data: data}
}

func local(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (t *xmlTok) fail(what string) error {
	return fmt.Errorf("%w at byte %d: %s", errXML, t.pos, what)
}

// next reads the next token.
func (t *xmlTok) next() (tokKind, error) {
	if t.pend {
		t.pend = false
		t.kind = tokEnd
		t.depth--
		return tokEnd, nil
	}
	d := t.data
	for {
		if t.pos >= len(d) {
			if t.depth > 0 {
				return tokEOF, t.fail("unexpected end")
			}
			t.kind = tokEOF
			return tokEOF, nil
		}
		if d[t.pos] != '<' {
			end := bytes.IndexByte(d[t.pos:], '<')
			if end < 0 {
				end = len(d) - t.pos
			}
			t.text, t.cdata = d[t.pos:t.pos+end], false
			t.pos += end
			t.kind = tokText
			return tokText, nil
		}
		rest := d[t.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest, []byte("?>"))
			if end < 0 {
				return tokEOF, t.fail("unterminated processing instruction")
			}
			t.pos += end + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return tokEOF, t.fail("unterminated comment")
			}
			t.pos += 4 + end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest[9:], []byte("]]>"))
			if end < 0 {
				return tokEOF, t.fail("unterminated CDATA")
			}
			t.text, t.cdata = rest[9:9+end], true
			t.pos += 9 + end + 3
			t.kind = tokText
			return tokText, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return tokEOF, t.fail("document type declarations are not accepted")
		case bytes.HasPrefix(rest, []byte("</")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return tokEOF, t.fail("unterminated end tag")
			}
			t.name = local(bytes.TrimRight(rest[2:end], " \t\r\n"))
			t.pos += end + 1
			t.depth--
			if t.depth < 0 {
				return tokEOF, t.fail("end tag without start")
			}
			t.kind = tokEnd
			return tokEnd, nil
		}
		return t.startTag()
	}
}

func (t *xmlTok) startTag() (tokKind, error) {
	d := t.data
	i := t.pos + 1
	start := i
	for i < len(d) && !isSpace(d[i]) && d[i] != '>' && d[i] != '/' {
		i++
	}
	if i == start || i >= len(d) {
		return tokEOF, t.fail("bad start tag")
	}
	t.name = local(d[start:i])
	t.attrs = t.attrs[:0]
	for {
		for i < len(d) && isSpace(d[i]) {
			i++
		}
		if i >= len(d) {
			return tokEOF, t.fail("unterminated start tag")
		}
		if d[i] == '>' {
			t.empty = false
			i++
			break
		}
		if d[i] == '/' {
			if i+1 >= len(d) || d[i+1] != '>' {
				return tokEOF, t.fail("bad empty tag")
			}
			t.empty = true
			i += 2
			break
		}
		ns := i
		for i < len(d) && d[i] != '=' && !isSpace(d[i]) && d[i] != '>' && d[i] != '/' {
			i++
		}
		name := d[ns:i]
		for i < len(d) && isSpace(d[i]) {
			i++
		}
		if i >= len(d) || d[i] != '=' {
			return tokEOF, t.fail("attribute without value")
		}
		i++
		for i < len(d) && isSpace(d[i]) {
			i++
		}
		if i >= len(d) || (d[i] != '"' && d[i] != '\'') {
			return tokEOF, t.fail("unquoted attribute")
		}
		q := d[i]
		end := bytes.IndexByte(d[i+1:], q)
		if end < 0 {
			return tokEOF, t.fail("unterminated attribute")
		}
		t.attrs = append(t.attrs, xmlAttr{name: local(name), value: d[i+1 : i+1+end]})
		i += end + 2
		if len(t.attrs) > 256 {
			return tokEOF, t.fail("too many attributes")
		}
	}
	t.pos = i
	t.depth++
	if t.depth > maxDepth {
		return tokEOF, t.fail("nesting too deep")
	}
	t.pend = t.empty
	t.kind = tokStart
	return tokStart, nil
}

// attr is an attribute's decoded value, "" when absent.
func (t *xmlTok) attr(name string) string {
	for _, a := range t.attrs {
		if string(a.name) == name {
			v, err := unescape(a.value)
			if err != nil {
				return ""
			}
			return v
		}
	}
	return ""
}

// attrRaw is an attribute's raw value (entities not decoded), nil when absent: for values
// that are numbers or names, read without making a string.
func (t *xmlTok) attrRaw(name string) []byte {
	for _, a := range t.attrs {
		if string(a.name) == name {
			return a.value
		}
	}
	return nil
}

// attrInt reads an attribute holding a non-negative decimal number; ok=false when it is absent
// or not such a number (entities included: a number has none).
func (t *xmlTok) attrInt(name string) (n int, present, ok bool) {
	v := t.attrRaw(name)
	if v == nil {
		return 0, false, false
	}
	if len(v) == 0 || len(v) > 9 {
		return 0, true, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, true, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true, true
}

// is reports whether the current tag has the local name.
func (t *xmlTok) is(name string) bool { return string(t.name) == name }

// textValue is the current text, entities decoded.
func (t *xmlTok) textValue() (string, error) {
	if t.cdata {
		return string(t.text), nil
	}
	return unescape(t.text)
}

// unescape decodes the predefined entities and character references; anything else is an
// error. Invalid UTF-8 is replaced.
func unescape(b []byte) (string, error) {
	if bytes.IndexByte(b, '&') < 0 {
		if utf8.Valid(b) {
			return string(b), nil
		}
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD"))), nil
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '&' {
			out = append(out, c)
			i++
			continue
		}
		end := bytes.IndexByte(b[i:], ';')
		if end < 0 || end > 12 {
			return "", errXML
		}
		ent := string(b[i+1 : i+end])
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return "", errXML
			}
			var n uint64
			var err error
			if ent[1] == 'x' || ent[1] == 'X' {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				return "", errXML
			}
			out = utf8.AppendRune(out, rune(n))
		}
		i += end + 1
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return string(out), nil
}
