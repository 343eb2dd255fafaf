package mailbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net/mail"
	"sort"
	"strings"

	"github.com/richardlehane/mscfb"
)

// oleMagic starts every OLE compound file: .msg, and old .xls and .doc.
var oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")

// Bounds of a .msg on top of Limits: the compound file's entries, and the bytes read out of
// its streams in all (a hostile file can point many streams at the same sectors).
const (
	maxMsgEntries = 20000
	msgReadFactor = 4 // read at most 4 times the file's size, plus 1 MiB
)

// ReadMsg parses an Outlook .msg file (an OLE compound file of MAPI properties,
// [MS-OXMSG]): subject, sender, date, Message-ID, the plain-text body and the attachments
// (long file names, PR_ATTACH_LONG_FILENAME, preferred). An attached message (an e-mail
// dragged into another) gives its attachments too, with ForwardedFrom set, down to
// lim.MaxDepth; TNEF and .msg attachments are opened the same way.
//
// At most lim.MaxMessageBytes are read. The error follows ReadMessage: nil with Warnings
// for what could be read, an error with the partial message when problems left no
// attachment, an error alone when r is no .msg at all.
func ReadMsg(r io.Reader, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	n := lim.MaxMessageBytes
	if n < math.MaxInt64 {
		n++
	}
	data, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil {
		return nil, fmt.Errorf("read msg: %w", err)
	}
	if int64(len(data)) > lim.MaxMessageBytes {
		return nil, tooLarge(lim.MaxMessageBytes)
	}
	msg := &Message{}
	p := &parser{lim: lim, msg: msg}
	if err := p.msgFile(data, 0, true); err != nil {
		return nil, err
	}
	if len(msg.Warnings) > 0 && len(msg.Attachments) == 0 {
		return msg, msg.Warnings[0]
	}
	return msg, nil
}

// msgTree is a compound file's streams by path ("a/b/name"), with the storages' children.
type msgTree struct {
	streams map[string][]byte
}

// readTree reads every stream of the compound file in data, within the bounds.
func readTree(data []byte) (t *msgTree, err error) {
	defer func() {
		// mscfb is not written for hostile input; a panic in it is a damaged file here.
		if v := recover(); v != nil {
			t, err = nil, fmt.Errorf("%w: compound file: %v", ErrMalformed, v)
		}
	}()
	if !bytes.HasPrefix(data, oleMagic) {
		return nil, fmt.Errorf("%w: no OLE compound file signature", ErrNotMessage)
	}
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: compound file: %v", ErrMalformed, err)
	}
	t = &msgTree{streams: map[string][]byte{}}
	budget := int64(msgReadFactor)*int64(len(data)) + 1<<20
	for i := 0; ; i++ {
		f, err := doc.Next()
		if err == io.EOF || f == nil {
			break
		}
		if err != nil {
			return t, fmt.Errorf("%w: compound file: %v", ErrMalformed, err)
		}
		if i >= maxMsgEntries {
			return t, fmt.Errorf("%w: more than %d entries", ErrTooManyAttachments, maxMsgEntries)
		}
		if f.Size <= 0 || f.FileInfo().IsDir() {
			continue
		}
		size := min(f.Size, int64(len(data)), budget)
		b, rerr := io.ReadAll(io.LimitReader(f, size))
		budget -= int64(len(b))
		t.streams[strings.Join(append(append([]string(nil), f.Path...), f.Name), "/")] = b
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			continue // a damaged stream: what was read is kept
		}
		if budget <= 0 {
			return t, fmt.Errorf("%w: compound file streams larger than the file allows", ErrMalformed)
		}
	}
	return t, nil
}

// props are one object's MAPI properties: fixed values from its __properties_version1.0
// stream, variable ones from its __substg1.0_ streams.
type props struct {
	t      *msgTree
	prefix string // the object's storage path with a trailing "/", "" for the message
	fixed  map[uint16]uint64
	cp     uint32 // code page of PT_STRING8 values
}

func (t *msgTree) props(prefix string, headerLen int, cp uint32) props {
	p := props{t: t, prefix: prefix, fixed: map[uint16]uint64{}, cp: cp}
	b := t.streams[prefix+"__properties_version1.0"]
	if len(b) >= headerLen {
		b = b[headerLen:]
	} else {
		b = nil
	}
	for ; len(b) >= 16; b = b[16:] {
		tag := binary.LittleEndian.Uint32(b)
		if n := fixedSize(uint16(tag)); n > 0 && n <= 8 {
			p.fixed[uint16(tag>>16)] = binary.LittleEndian.Uint64(b[8:])
		}
	}
	if v, ok := p.fixed[prMessageCodepage]; ok && v != 0 {
		p.cp = uint32(v)
	} else if v, ok := p.fixed[prInternetCPID]; ok && v != 0 {
		p.cp = uint32(v)
	}
	return p
}

func (p props) stream(id, typ uint16) ([]byte, bool) {
	b, ok := p.t.streams[fmt.Sprintf("%s__substg1.0_%04X%04X", p.prefix, id, typ)]
	return b, ok
}

// text is a string property: the Unicode form when there is one, else the 8-bit one in the
// object's code page.
func (p props) text(id uint16) string {
	if b, ok := p.stream(id, ptUnicode); ok {
		return utf16Text(b)
	}
	if b, ok := p.stream(id, ptString8); ok {
		return codepageText(b, p.cp)
	}
	return ""
}

func (p props) binary(id uint16) ([]byte, bool) { return p.stream(id, ptBinary) }

// msgFile reads the message whose streams are under prefix-less data (a whole .msg file)
// into p.msg: its header fields when top is set, and its attachments. depth counts the
// messages around it.
func (p *parser) msgFile(data []byte, depth int, top bool) error {
	t, err := readTree(data)
	if t == nil {
		return err
	}
	if err != nil {
		cause := ErrMalformed
		if errors.Is(err, ErrTooManyAttachments) {
			cause = ErrTooManyAttachments
		}
		p.warn("", cause, "%v", err)
	}
	p.msgObject(t, "", depth, top)
	return nil
}

// msgObject reads the message object stored under prefix: at the top the file's message
// (header 32 bytes), else an embedded one (header 24 bytes).
func (p *parser) msgObject(t *msgTree, prefix string, depth int, top bool) {
	headerLen := 24
	if prefix == "" {
		headerLen = 32
	}
	m := t.props(prefix, headerLen, 0)
	from, name := msgSender(m)
	if top {
		p.msg.Subject = cleanText(m.text(prSubject))
		p.msg.From, p.msg.FromName = from, cleanText(name)
		p.msg.MessageID = strings.Trim(strings.TrimSpace(m.text(prInternetMessageID)), "<>")
		p.msg.Text = bodyText(m.text(prBody))
		for _, id := range []uint16{prClientSubmitTime, prDeliveryTime} {
			if v, ok := m.fixed[id]; ok && p.msg.Date.IsZero() {
				p.msg.Date = filetime(v)
			}
		}
		if hdr := m.text(prTransportHeaders); hdr != "" {
			h, _ := parseHeader([]byte(hdr))
			if p.msg.From == "" {
				p.msg.From, p.msg.FromName = parseAddress(headerText(h.get("from")))
			}
			if p.msg.MessageID == "" {
				p.msg.MessageID = strings.Trim(strings.TrimSpace(headerText(h.get("message-id"))), "<>")
			}
			if d := strings.TrimSpace(headerText(h.get("date"))); d != "" && p.msg.Date.IsZero() {
				if tm, err := mail.ParseDate(d); err == nil {
					p.msg.Date = tm
				}
			}
		}
	}

	// Attachments are the storages "__attach_version1.0_#XXXXXXXX" right under prefix.
	seen := map[string]bool{}
	var atts []string
	for path := range t.streams {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok || !strings.HasPrefix(rest, "__attach_version1.0_#") {
			continue
		}
		dir, _, _ := strings.Cut(rest, "/")
		if !seen[dir] {
			seen[dir] = true
			atts = append(atts, dir)
		}
	}
	sort.Strings(atts)
	for _, dir := range atts {
		a := t.props(prefix+dir+"/", 8, m.cp)
		method, _ := a.fixed[prAttachMethod]
		if method == attachEmbeddedMsg {
			if depth+1 >= p.lim.MaxDepth {
				p.warn("", ErrTooDeep, "more than %d levels, the rest skipped", p.lim.MaxDepth)
				continue
			}
			sub := prefix + dir + "/__substg1.0_3701000D/"
			inner := t.props(sub, 24, m.cp)
			outer := p.forwarder
			if f, _ := msgSender(inner); f != "" {
				p.forwarder = f
			}
			p.msgObject(t, sub, depth+1, false)
			p.forwarder = outer
			continue
		}
		data, ok := a.binary(prAttachData)
		if !ok {
			continue // an OLE object or a link: nothing to save
		}
		raw := strings.TrimSpace(a.text(prAttachLongFilename))
		if raw == "" {
			raw = strings.TrimSpace(a.text(prAttachFilename))
		}
		if raw == "" {
			raw = strings.TrimSpace(a.text(prDisplayName))
		}
		mt, _ := parseValue(a.text(prAttachMimeTag))
		if !strings.Contains(mt, "/") {
			mt = "application/octet-stream"
		}
		p.file(raw, mt, append([]byte(nil), data...), depth)
	}
}

// msgSender is the sender's SMTP address (lower case) and name of a message object: the
// SMTP address properties first (Exchange senders have an X.500 address in
// PR_SENDER_EMAIL_ADDRESS), then any address property that has an "@".
func msgSender(m props) (addr, name string) {
	for _, id := range []uint16{prSenderSMTP, prSentReprSMTP, prSenderEmail, prSentReprEmail} {
		if v := strings.TrimSpace(m.text(id)); strings.Contains(v, "@") && !strings.ContainsAny(v, " <>") {
			addr = strings.ToLower(v)
			break
		}
	}
	name = m.text(prSenderName)
	if name == "" {
		name = m.text(prSentReprName)
	}
	if name == addr {
		name = ""
	}
	return addr, name
}

// file keeps one attachment of a .msg or TNEF, opening it when it is itself a container
// (see container).
func (p *parser) file(raw, mt string, data []byte, depth int) {
	if p.container(raw, mt, data, depth) {
		return
	}
	if len(p.msg.Attachments) >= p.lim.MaxAttachments {
		if !p.full {
			p.full = true
			p.msg.Warnings = append(p.msg.Warnings, fmt.Errorf("%w: more than %d, the rest skipped",
				ErrTooManyAttachments, p.lim.MaxAttachments))
		}
		return
	}
	p.msg.Attachments = append(p.msg.Attachments, Attachment{
		Name:          safeName(raw, len(p.msg.Attachments)+1, mt, data),
		RawName:       raw,
		ContentType:   mt,
		Data:          data,
		Truncated:     p.cut > 0,
		ForwardedFrom: p.forwarder,
	})
}

// container opens an attachment that holds other attachments — a TNEF winmail.dat, an
// Outlook .msg, an .eml — and takes its attachments instead (those of an attached message
// with ForwardedFrom set). It reports false, to keep the file as it is, when the data is no
// such container, the depth is used up, or it holds nothing.
func (p *parser) container(raw, mt string, data []byte, depth int) bool {
	lower := strings.ToLower(raw)
	var kind string
	switch {
	case isTNEF(data) && (mt == "application/ms-tnef" || mt == "application/vnd.ms-tnef" ||
		strings.HasSuffix(lower, ".dat") || raw == "" || mt == "application/octet-stream"):
		kind = "tnef"
	case bytes.HasPrefix(data, oleMagic) && (strings.HasSuffix(lower, ".msg") || mt == "application/vnd.ms-outlook"):
		kind = "msg"
	case strings.HasSuffix(lower, ".eml") && looksLikeHeader(data):
		kind = "eml"
	default:
		return false
	}
	if depth+1 >= p.lim.MaxDepth {
		p.warn("", ErrTooDeep, "%s inside %d levels not opened", kind, depth+1)
		return false
	}
	before := len(p.msg.Attachments)
	switch kind {
	case "tnef":
		p.tnef(data, depth+1)
	case "msg":
		t, err := readTree(data)
		if t == nil {
			p.warn("", ErrMalformed, "attached .msg %q: %v", raw, err)
			return false
		}
		inner := t.props("", 32, 0)
		outer := p.forwarder
		if f, _ := msgSender(inner); f != "" {
			p.forwarder = f
		}
		p.msgObject(t, "", depth+1, false)
		p.forwarder = outer
	case "eml":
		h, body := parseHeader(data)
		outer := p.forwarder
		if from, _ := parseAddress(headerText(h.get("from"))); from != "" {
			p.forwarder = from
		}
		haveText := p.haveText
		p.haveText = true // the attached message's text is not this message's
		p.entity(body, h, "", depth+1, "text/plain")
		p.haveText = haveText
		p.forwarder = outer
	}
	return len(p.msg.Attachments) > before || p.full
}

// looksLikeHeader reports whether data starts with a header field (an attached .eml).
func looksLikeHeader(data []byte) bool {
	h, _ := parseHeader(data[:min(len(data), 4096)])
	return len(h) > 0 && (h.get("from") != nil || h.get("subject") != nil || h.get("content-type") != nil)
}
