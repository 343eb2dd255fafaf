package mailbox

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// parser walks the MIME tree of one message, collecting attachments and warnings into msg.
type parser struct {
	lim       Limits
	msg       *Message
	full      bool   // MaxAttachments reached and reported
	cut       int    // > 0 inside a part the message ended in
	forwarder string // sender of the innermost forwarded message being read
	haveText  bool   // the message's text was read (the first plain-text part)
}

// maxWarnings bounds Message.Warnings: a hostile message could have a broken part per line.
const maxWarnings = 20

func (p *parser) warn(path string, cause error, format string, args ...any) {
	if len(p.msg.Warnings) >= maxWarnings {
		return
	}
	p.msg.Warnings = append(p.msg.Warnings,
		fmt.Errorf("%s: %w: %s", where(path), cause, fmt.Sprintf(format, args...)))
}

// where names a part for messages: "message" for the top level, "part 2.1" below it
// (numbered the way IMAP numbers body parts).
func where(path string) string {
	if path == "" {
		return "message"
	}
	return "part " + path
}

func subPath(path string, n int) string {
	if path == "" {
		return strconv.Itoa(n)
	}
	return path + "." + strconv.Itoa(n)
}

// entity handles one MIME entity: its header h and body. depth counts the multiparts and
// forwarded messages around it; defType is the content type when the header gives none
// (message/rfc822 inside multipart/digest).
func (p *parser) entity(body []byte, h header, path string, depth int, defType string) {
	mt, ctParams := parseValue(headerText(h.get("content-type")))
	if !strings.Contains(mt, "/") {
		mt = defType
	}
	cte := headerText(h.get("content-transfer-encoding"))
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if depth >= p.lim.MaxDepth {
			p.warn(path, ErrTooDeep, "more than %d levels, the rest skipped", p.lim.MaxDepth)
			return
		}
		boundary := ctParams["boundary"] // as written: "=?" in a boundary is no encoded word
		if boundary == "" {
			boundary = guessBoundary(body)
			if boundary == "" {
				p.warn(path, ErrMalformed, "%s without boundary", mt)
				p.leaf(body, h, mt, ctParams, cte, depth)
				return
			}
			p.warn(path, ErrMalformed, "%s without boundary, guessed %q", mt, boundary)
		}
		sub := "text/plain"
		if mt == "multipart/digest" {
			sub = "message/rfc822"
		}
		p.multipart(body, boundary, path, depth+1, sub)
	case mt == "message/rfc822" || mt == "message/global":
		if depth >= p.lim.MaxDepth {
			p.warn(path, ErrTooDeep, "more than %d levels, the rest skipped", p.lim.MaxDepth)
			return
		}
		data, _ := decodeTransfer(cte, body)
		h2, body2 := parseHeader(data)
		if len(h2) == 0 {
			p.leaf(body, h, mt, ctParams, cte, depth) // not a message after all: keep it as a file
			return
		}
		outer := p.forwarder
		if from, _ := parseAddress(headerText(h2.get("from"))); from != "" {
			p.forwarder = from
		}
		p.entity(body2, h2, path, depth+1, "text/plain")
		p.forwarder = outer
	default:
		p.leaf(body, h, mt, ctParams, cte, depth)
	}
}

// leaf keeps a non-container part when it is an attachment: it has a disposition of
// attachment, a file name (in the disposition or as the content type's name), or an
// application/* type. Text bodies and inline images without a name are not attachments.
func (p *parser) leaf(body []byte, h header, mt string, ctParams params, cte string, depth int) {
	disp, dParams := parseValue(headerText(h.get("content-disposition")))
	raw := dParams.get("filename")
	if strings.TrimSpace(raw) == "" {
		raw = ctParams.get("name")
	}
	raw = strings.TrimSpace(raw)
	if disp != "attachment" && raw == "" && !strings.HasPrefix(mt, "application/") {
		if mt == "text/plain" && !p.haveText && p.forwarder == "" {
			p.haveText = true
			data, _ := decodeTransfer(cte, body)
			p.msg.Text = bodyText(decodeCharset(ctParams.get("charset"), data))
		}
		return
	}
	if len(p.msg.Attachments) >= p.lim.MaxAttachments {
		if !p.full {
			p.full = true
			p.msg.Warnings = append(p.msg.Warnings, fmt.Errorf("%w: more than %d, the rest skipped",
				ErrTooManyAttachments, p.lim.MaxAttachments)) // past maxWarnings too: it matters
		}
		return
	}
	data, fresh := decodeTransfer(cte, body)
	if !fresh {
		data = append([]byte(nil), data...) // never keep the whole message alive for one part
	}
	p.file(raw, mt, data, depth) // winmail.dat, .msg and .eml files are opened
}

// multipart splits body at its boundary lines and handles each part. A body cut off before
// the closing boundary still gives its parts, with a warning.
func (p *parser) multipart(body []byte, boundary, path string, depth int, defType string) {
	delim := []byte("--" + boundary)
	partStart := -1 // start of the current part's content, -1 before the first delimiter
	n := 0
	pos := 0
	for pos < len(body) {
		end, next := len(body), len(body)
		if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
			end, next = pos+i, pos+i+1
		}
		if isDelim, isClose := delimiter(body[pos:end], delim); isDelim {
			if partStart >= 0 {
				n++
				p.part(body[partStart:contentEnd(body, partStart, pos)], subPath(path, n), depth, defType)
			}
			if isClose {
				return
			}
			partStart = next
		}
		pos = next
	}
	if partStart < 0 {
		p.warn(path, ErrMalformed, "no part starts with boundary %q", boundary)
		return
	}
	n++
	p.cut++
	p.part(body[partStart:], subPath(path, n), depth, defType)
	p.cut--
	p.warn(path, ErrTruncated, "no closing boundary %q", boundary)
}

// contentEnd is where a part's content ends: the line break before the delimiter line at
// pos belongs to the delimiter.
func contentEnd(body []byte, start, pos int) int {
	end := pos
	if end > start && body[end-1] == '\n' {
		end--
		if end > start && body[end-1] == '\r' {
			end--
		}
	}
	return end
}

// delimiter reports whether line (without its line break) is "--boundary" or the closing
// "--boundary--", allowing trailing white space.
func delimiter(line, delim []byte) (isDelim, isClose bool) {
	if !bytes.HasPrefix(line, delim) {
		return false, false
	}
	rest := line[len(delim):]
	if bytes.HasPrefix(rest, []byte("--")) {
		isClose = true
		rest = rest[2:]
	}
	if len(bytes.Trim(rest, " \t\r")) != 0 {
		return false, false
	}
	return true, isClose
}

func (p *parser) part(content []byte, path string, depth int, defType string) {
	h, body := parseHeader(content)
	p.entity(body, h, path, depth, defType)
}

// guessBoundary finds the boundary of a multipart body whose header lost it: the first line
// that starts with "--".
func guessBoundary(body []byte) string {
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		line = bytes.TrimRight(line, " \t\r")
		if len(line) > 2 && bytes.HasPrefix(line, []byte("--")) {
			return string(line[2:])
		}
	}
	return ""
}
