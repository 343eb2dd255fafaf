package mailbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/mail"
	"strings"
	"time"
)

// Attachment is one file taken out of a message.
type Attachment struct {
	// Name is the decoded file name made safe to save: base name only (no / \ or .. parts),
	// no control or format characters, no characters Windows forbids, NFC. Never empty: a
	// part without a usable name is called "附件-N" (N counts the message's attachments from
	// 1) plus an extension guessed from the content type or the data.
	Name string
	// RawName is the name as decoded, before it was made safe; empty when the part had none.
	RawName string
	// ContentType is the media type in lower case, without parameters.
	ContentType string
	Data        []byte
	// Truncated is set when the message ended before this part did: Data may be incomplete.
	Truncated bool
	// ForwardedFrom is, for an attachment inside a forwarded message (message/rfc822), the
	// address that message was from: the unit, when a colleague forwarded its return.
	ForwardedFrom string
}

// Message is what is read of one e-mail.
type Message struct {
	From      string    // address only, lower-cased (e.g. "jfj@cbs.gov.cn")
	FromName  string    // decoded display name
	Subject   string    // decoded
	Date      time.Time // zero when missing or unparseable
	MessageID string    // without the angle brackets
	// Text is the body: the first text/plain part that is not an attachment, outside any
	// forwarded message, decoded to UTF-8 with "\n" line ends. Empty when there is none (an
	// HTML-only message).
	Text        string
	Attachments []Attachment
	// Warnings are problems that did not stop reading: a truncated part, a guessed
	// boundary, a limit that was hit. Each wraps one of this package's Err values; only the
	// first 20 are kept.
	Warnings []error
}

// Limits bound what one message may cost. A zero field takes its default.
type Limits struct {
	MaxMessageBytes int64 // refuse a message larger than this (default 64 MiB)
	MaxAttachments  int   // keep at most this many attachments per message (default 100)
	MaxDepth        int   // multipart and forwarded-message nesting (default 10, at most 100)
}

// Defaults for a zero Limits field.
const (
	DefaultMaxMessageBytes = 64 << 20
	DefaultMaxAttachments  = 100
	DefaultMaxDepth        = 10
	maxDepthCap            = 100 // parsing recurses per level; keep the stack small
)

func (l Limits) withDefaults() Limits {
	if l.MaxMessageBytes <= 0 {
		l.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if l.MaxAttachments <= 0 {
		l.MaxAttachments = DefaultMaxAttachments
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	l.MaxDepth = min(l.MaxDepth, maxDepthCap)
	return l
}

// Causes of errors and warnings, for errors.Is.
var (
	ErrTooLarge           = errors.New("message too large")
	ErrNotMessage         = errors.New("not an e-mail message")
	ErrTruncated          = errors.New("truncated")
	ErrMalformed          = errors.New("malformed")
	ErrTooDeep            = errors.New("nesting too deep")
	ErrTooManyAttachments = errors.New("too many attachments")
)

// ReadMessage parses one RFC 5322 message (an .eml file), reading at most
// lim.MaxMessageBytes.
//
// A damaged message (missing boundary, truncated, nested too deep) gives what could be read,
// with the problems in Message.Warnings; the error is non-nil only when no attachment could be
// recovered despite such problems, and the partial message is returned with it. A message
// that has no header at all, or is too large, returns a nil message and an error.
func ReadMessage(r io.Reader, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	n := lim.MaxMessageBytes
	if n < math.MaxInt64 {
		n++
	}
	data, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	if int64(len(data)) > lim.MaxMessageBytes {
		return nil, tooLarge(lim.MaxMessageBytes)
	}
	return parseMessage(data, lim)
}

func tooLarge(max int64) error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
}

// parseMessage parses a whole message held in memory. lim has its defaults. Everything the
// result holds is copied out of data, so the caller may reuse it.
func parseMessage(data []byte, lim Limits) (*Message, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimLeft(data, "\r\n") // some saved .eml files start with an empty line
	// An .eml saved out of an mbox may still start with its "From " postmark line.
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = nil
		}
	}
	h, body := parseHeader(data)
	if len(h) == 0 {
		return nil, fmt.Errorf("%w: no header fields", ErrNotMessage)
	}
	msg := &Message{
		Subject:   cleanText(decodeWords(headerText(h.get("subject")))),
		MessageID: strings.Trim(strings.TrimSpace(headerText(h.get("message-id"))), "<>"),
	}
	msg.From, msg.FromName = parseAddress(headerText(h.get("from")))
	if d := strings.TrimSpace(headerText(h.get("date"))); d != "" {
		if t, err := mail.ParseDate(d); err == nil {
			msg.Date = t
		}
	}
	p := &parser{lim: lim, msg: msg}
	p.entity(body, h, "", 0, "text/plain")
	if len(msg.Warnings) > 0 && len(msg.Attachments) == 0 {
		return msg, msg.Warnings[0]
	}
	return msg, nil
}

// cleanText turns control characters (tabs and line breaks left by folding) into spaces.
func cleanText(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s))
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7F && r < 0xA0) }

// parseAddress splits a From value into the lower-cased address and the decoded display
// name. It accepts what clients write, not only RFC 5322: quoted encoded words, raw 8-bit
// names, "addr (name)", several addresses (the first is taken).
func parseAddress(s string) (addr, name string) {
	lt := -1
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case c == '<' && !inQuote:
			lt = i
		}
		if lt >= 0 {
			break
		}
	}
	if lt >= 0 {
		rest := s[lt+1:]
		if gt := strings.IndexByte(rest, '>'); gt >= 0 {
			rest = rest[:gt]
		}
		addr = rest
		name = s[:lt]
	} else {
		for _, f := range strings.Fields(s) {
			if strings.Contains(f, "@") {
				addr = strings.Trim(f, "<>,;\"'")
				break
			}
		}
		if i := strings.IndexByte(s, '('); i >= 0 {
			name = s[i+1:]
			if j := strings.LastIndexByte(name, ')'); j >= 0 {
				name = name[:j]
			}
		}
	}
	addr = strings.ToLower(strings.TrimSpace(addr))
	addr = strings.TrimPrefix(addr, "mailto:")
	name = strings.TrimSpace(name)
	if len(name) >= 2 && name[0] == '"' {
		name = unquote(name[1:])
	}
	return addr, cleanText(decodeWords(name))
}

// unquote reads a quoted string whose opening quote is already consumed, up to the closing
// quote or the end.
func unquote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String()
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bodyText gives text "\n" line ends and drops a byte-order mark.
func bodyText(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
