package compose

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Address is one mailbox: a display name (any text, may be empty) and the address itself
// (ASCII, "jfj@cbs.gov.cn").
type Address struct {
	Name string
	Addr string
}

// Attachment is one file to attach. ContentType is guessed from the name's extension when
// empty.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Encoding is the transfer encoding of the text body.
type Encoding int

const (
	Base64          Encoding = iota // compact for Chinese text; the default
	QuotedPrintable                 // readable for mostly-ASCII text
)

// Message is what Build writes.
type Message struct {
	From    Address
	To      []Address
	Cc      []Address
	Subject string
	Date    time.Time // required: the caller owns the clock
	// MessageID is written without angle brackets; when empty Build makes a random one in
	// the From address's domain (NewID). Use StableID for one that depends only on inputs.
	MessageID string
	// InReplyTo and References thread a reply: the Message-ID (without angle brackets) of
	// the message answered, and the chain of IDs before it. When InReplyTo is set and
	// References is empty, References is InReplyTo.
	InReplyTo  string
	References []string
	Text       string // the plain-text body; line ends are written as CRLF
	TextAs     Encoding
	// Attachments in order; names are written as RFC 2047 encoded words where needed.
	Attachments []Attachment
	// Draft adds "X-Unsent: 1": Outlook (and Foxmail) open such an .eml as a message to send.
	Draft bool
}

// Errors Build returns, for errors.Is.
var (
	ErrAddress = errors.New("invalid address")
	ErrField   = errors.New("invalid field")
)

// maxLine is the longest line Build writes (RFC 2047 asks for 76 in lines with encoded
// words; RFC 5322 recommends 78).
const maxLine = 76

// Build writes m as an RFC 5322 message with CRLF line ends. With m.MessageID and m.Date
// set, the result depends only on m: the MIME boundary is derived from them.
func Build(m Message) ([]byte, error) {
	if err := checkAddress(m.From); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if len(m.To) == 0 && len(m.Cc) == 0 {
		return nil, fmt.Errorf("%w: no recipient", ErrAddress)
	}
	for _, list := range [][]Address{m.To, m.Cc} {
		for _, a := range list {
			if err := checkAddress(a); err != nil {
				return nil, fmt.Errorf("recipient: %w", err)
			}
		}
	}
	if m.Date.IsZero() {
		return nil, fmt.Errorf("%w: no date", ErrField)
	}
	if hasControl(m.Subject) || !utf8.ValidString(m.Subject) {
		return nil, fmt.Errorf("%w: control character or invalid UTF-8 in subject", ErrField)
	}
	id := m.MessageID
	if id == "" {
		id = NewID(domainOf(m.From.Addr))
	}
	if err := checkID(id); err != nil {
		return nil, fmt.Errorf("message-id: %w", err)
	}
	refs := m.References
	if len(refs) == 0 && m.InReplyTo != "" {
		refs = []string{m.InReplyTo}
	}
	if m.InReplyTo != "" {
		if err := checkID(m.InReplyTo); err != nil {
			return nil, fmt.Errorf("in-reply-to: %w", err)
		}
	}
	for _, r := range refs {
		if err := checkID(r); err != nil {
			return nil, fmt.Errorf("references: %w", err)
		}
	}
	for i, a := range m.Attachments {
		if strings.TrimSpace(a.Name) == "" || hasControl(a.Name) || !utf8.ValidString(a.Name) {
			return nil, fmt.Errorf("%w: attachment %d: name %q", ErrField, i+1, a.Name)
		}
		if a.ContentType != "" && !validMediaType(a.ContentType) {
			return nil, fmt.Errorf("%w: attachment %d: content type %q", ErrField, i+1, a.ContentType)
		}
	}

	var b bytes.Buffer
	b.WriteString("Date: " + m.Date.Format(time.RFC1123Z) + "\r\n")
	addressField(&b, "From", []Address{m.From})
	if len(m.To) > 0 {
		addressField(&b, "To", m.To)
	}
	if len(m.Cc) > 0 {
		addressField(&b, "Cc", m.Cc)
	}
	textField(&b, "Subject", m.Subject)
	b.WriteString("Message-ID: <" + id + ">\r\n")
	if m.InReplyTo != "" {
		b.WriteString("In-Reply-To: <" + m.InReplyTo + ">\r\n")
	}
	if len(refs) > 0 {
		idsField(&b, "References", refs)
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	if m.Draft {
		b.WriteString("X-Unsent: 1\r\n")
	}
	if len(m.Attachments) == 0 {
		textPart(&b, m.Text, m.TextAs)
		return b.Bytes(), nil
	}
	boundary := boundaryFor(id, m.Date)
	b.WriteString("Content-Type: multipart/mixed;\r\n\tboundary=\"" + boundary + "\"\r\n\r\n")
	b.WriteString("This is a multi-part message in MIME format.\r\n")
	b.WriteString("\r\n--" + boundary + "\r\n")
	textPart(&b, m.Text, m.TextAs)
	for _, a := range m.Attachments {
		b.WriteString("\r\n--" + boundary + "\r\n")
		attachmentPart(&b, a)
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

// Envelope gives the SMTP envelope of m: the From address and every recipient, each once.
func (m Message) Envelope() (from string, to []string) {
	seen := map[string]bool{}
	for _, list := range [][]Address{m.To, m.Cc} {
		for _, a := range list {
			k := strings.ToLower(a.Addr)
			if !seen[k] {
				seen[k] = true
				to = append(to, a.Addr)
			}
		}
	}
	return m.From.Addr, to
}

// NewID makes a random Message-ID (without angle brackets) in domain.
func NewID(domain string) string {
	var r [16]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(r[:]) + "@" + domainOrLocal(domain)
}

// StableID makes a Message-ID (without angle brackets) in domain that depends only on
// parts: the same notice to the same unit for the same period gets the same ID, so a draft
// written twice is the same draft and a reply can be matched to it.
func StableID(domain string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@" + domainOrLocal(domain)
}

func domainOrLocal(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if d == "" || checkID("x@"+d) != nil {
		return "localhost"
	}
	return d
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}

func boundaryFor(id string, date time.Time) string {
	sum := sha256.Sum256([]byte(id + "\x00" + date.UTC().Format(time.RFC3339Nano)))
	// "=_" appears in neither base64 nor quoted-printable output, so no body can contain
	// the boundary.
	return "----=_Part_" + hex.EncodeToString(sum[:12])
}

func checkAddress(a Address) error {
	if hasControl(a.Name) || !utf8.ValidString(a.Name) {
		return fmt.Errorf("%w: control character in name %q", ErrAddress, a.Name)
	}
	s := a.Addr
	if s == "" {
		return fmt.Errorf("%w: empty", ErrAddress)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7F || strings.IndexByte(`<>()[],;:\"`, c) >= 0 {
			return fmt.Errorf("%w: %q", ErrAddress, s)
		}
	}
	p, err := mail.ParseAddress(s)
	if err != nil || p.Address != s || strings.Count(s, "@") != 1 || strings.HasSuffix(s, "@") ||
		strings.HasPrefix(s, "@") {
		return fmt.Errorf("%w: %q", ErrAddress, s)
	}
	return nil
}

// checkID accepts an id-left "@" id-right without angle brackets, white space or controls.
func checkID(id string) error {
	if len(id) > 250 || strings.Count(id, "@") != 1 || strings.HasPrefix(id, "@") || strings.HasSuffix(id, "@") {
		return fmt.Errorf("%w: %q", ErrField, id)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7F || c == '<' || c == '>' {
			return fmt.Errorf("%w: %q", ErrField, id)
		}
	}
	return nil
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' })
}

func validMediaType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && isToken(typ) && isToken(sub)
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// textPart writes the header and body of the text/plain part.
func textPart(b *bytes.Buffer, text string, enc Encoding) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.ToValidUTF8(text, "\uFFFD")
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text = strings.ReplaceAll(text, "\n", "\r\n")
	b.WriteString("Content-Type: text/plain; charset=UTF-8\r\n")
	switch enc {
	case QuotedPrintable:
		b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		w := quotedprintable.NewWriter(b)
		_, _ = w.Write([]byte(text)) // writes to a bytes.Buffer do not fail
		_ = w.Close()
		if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			b.WriteString("\r\n")
		}
	default:
		b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
		base64Lines(b, []byte(text))
	}
}

func attachmentPart(b *bytes.Buffer, a Attachment) {
	ct := a.ContentType
	if ct == "" {
		ct = TypeByName(a.Name)
	}
	b.WriteString("Content-Type: " + strings.ToLower(ct) + ";\r\n")
	quotedParam(b, "\tname=", a.Name, "\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n")
	b.WriteString("Content-Disposition: attachment;\r\n")
	quotedParam(b, "\tfilename=", a.Name, "\r\n")
	b.WriteString("\r\n")
	base64Lines(b, a.Data)
}

// base64Lines writes data in base64, 76 characters a line, each line ended by CRLF.
func base64Lines(b *bytes.Buffer, data []byte) {
	const perLine = 57 // bytes that make 76 characters
	var line [76]byte
	for len(data) > 0 {
		n := min(perLine, len(data))
		base64.StdEncoding.Encode(line[:], data[:n])
		b.Write(line[:base64.StdEncoding.EncodedLen(n)])
		b.WriteString("\r\n")
		data = data[n:]
	}
}

// quotedParam writes prefix + a quoted parameter value + end. An ASCII value that fits stays
// as it is (quoted); any other is written as UTF-8 B encoded words inside the quotes, one
// per line, the way Outlook and Foxmail write long Chinese names.
func quotedParam(b *bytes.Buffer, prefix, value, end string) {
	if isPrintableASCII(value) && !strings.Contains(value, "=?") && len(prefix)+len(value)+3 <= maxLine {
		b.WriteString(prefix + `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(value) + `"` + end)
		return
	}
	// First line: prefix (a tab counts as one column) and the opening quote; every line
	// keeps room for the closing quote.
	words := bWords(value, maxLine-len(prefix)-2, maxLine-3)
	b.WriteString(prefix + `"`)
	for i, w := range words {
		if i > 0 {
			b.WriteString("\r\n ")
		}
		b.WriteString(w)
	}
	b.WriteString(`"` + end)
}

// textField writes an unstructured field (Subject): as it is when it is printable ASCII,
// folded at spaces; else as UTF-8 B encoded words, one per line.
func textField(b *bytes.Buffer, name, value string) {
	head := name + ": "
	if tokens := strings.Split(value, " "); isPrintableASCII(value) && !strings.Contains(value, "=?") &&
		longest(tokens) <= maxLine-len(head) {
		foldWords(b, head, tokens, " ")
		return
	}
	words := bWords(value, maxLine-len(head), maxLine-1)
	b.WriteString(head)
	for i, w := range words {
		if i > 0 {
			b.WriteString("\r\n ")
		}
		b.WriteString(w)
	}
	b.WriteString("\r\n")
}

// foldWords writes head and the tokens joined by sep, breaking the line before a token that
// would pass maxLine (a token longer than a line stays whole: lines may be up to 998).
func foldWords(b *bytes.Buffer, head string, tokens []string, sep string) {
	col := len(head)
	b.WriteString(head)
	for i, t := range tokens {
		switch {
		case i == 0:
		case col+len(sep)+len(t) > maxLine && col > 1:
			b.WriteString("\r\n ")
			col = 1
			if sep != " " {
				b.WriteString(strings.TrimSpace(sep))
				col += len(strings.TrimSpace(sep))
			}
		default:
			b.WriteString(sep)
			col += len(sep)
		}
		b.WriteString(t)
		col += len(t)
	}
	b.WriteString("\r\n")
}

// addressField writes an address list, one address per line when there are several.
func addressField(b *bytes.Buffer, name string, list []Address) {
	b.WriteString(name + ": ")
	col := len(name) + 2
	for i, a := range list {
		if i > 0 {
			b.WriteString(",\r\n ")
			col = 1
		}
		switch {
		case a.Name == "":
		case isPrintableASCII(a.Name) && !strings.Contains(a.Name, "=?"):
			q := `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a.Name) + `" `
			b.WriteString(q)
			col += len(q)
		default:
			words := bWords(a.Name, maxLine-col, maxLine-1)
			for j, w := range words {
				if j > 0 {
					b.WriteString("\r\n ")
					col = 1
				}
				b.WriteString(w)
				col += len(w)
			}
			if col+1+len(a.Addr)+3 > maxLine {
				b.WriteString("\r\n ")
				col = 1
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString("<" + a.Addr + ">")
		col += len(a.Addr) + 2
	}
	b.WriteString("\r\n")
}

func idsField(b *bytes.Buffer, name string, ids []string) {
	tokens := make([]string, len(ids))
	for i, id := range ids {
		tokens[i] = "<" + id + ">"
	}
	foldWords(b, name+": ", tokens, " ")
}

func longest(tokens []string) int {
	n := 0
	for _, t := range tokens {
		n = max(n, len(t))
	}
	return n
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7F {
			return false
		}
	}
	return true
}

// bWords encodes s as UTF-8 B encoded words: the first at most first characters long, the
// others at most rest (each at most 75, RFC 2047), split between characters so that every
// word decodes on its own.
func bWords(s string, first, rest int) []string {
	const overhead = len("=?UTF-8?B?") + len("?=")
	budget := func(n int) int { // bytes of text that fit in an encoded word of n characters
		n = min(n, 75) - overhead
		return max(n/4*3, 6) // at least two characters of any width: never an empty word
	}
	var words []string
	limit := budget(first)
	for len(s) > 0 {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n+size > limit && n > 0 {
				break
			}
			n += size
		}
		words = append(words, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
		limit = budget(rest)
	}
	if len(words) == 0 {
		words = []string{"=?UTF-8?B??="}
	}
	return words
}

// TypeByName gives the media type of a file name by its extension, for the kinds of files
// offices send; application/octet-stream for the rest. It does not consult the system's
// tables, so the result is the same on every machine.
func TypeByName(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".xlsm":
		return "application/vnd.ms-excel.sheet.macroenabled.12"
	case ".xls", ".et":
		return "application/vnd.ms-excel"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".doc", ".wps":
		return "application/msword"
	case ".pdf":
		return "application/pdf"
	case ".ofd":
		return "application/ofd"
	case ".zip":
		return "application/zip"
	case ".rar":
		return "application/vnd.rar"
	case ".7z":
		return "application/x-7z-compressed"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain"
	case ".csv":
		return "text/csv"
	}
	// .eml too: a message/rfc822 part may not be base64 (RFC 2046), and a reader opens it
	// as a forwarded message instead of keeping the file.
	return "application/octet-stream"
}
