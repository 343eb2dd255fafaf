package mailbox

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
)

// TNEF ([MS-OXTNEF]) is how Outlook and Exchange wrap a message's attachments in one
// "winmail.dat" (application/ms-tnef) part. This reads the attachments out of it: each
// starts with attAttachRendData; its name is PR_ATTACH_LONG_FILENAME from attAttachment (the
// MAPI properties) or else attAttachTitle, its bytes attAttachData, or, for an attached
// message, the embedded message's own attachments.

const (
	tnefSignature = 0x223E9F78

	lvlMessage    = 1
	lvlAttachment = 2

	attOemCodepage    = 0x00069007
	attAttachRendData = 0x00069002
	attAttachTitle    = 0x00018010
	attAttachData     = 0x0006800F
	attAttachment     = 0x00069005

	maxTNEFProps = 10000 // properties in one attribute
)

// IsTNEF reports whether data starts like a TNEF stream (winmail.dat).
func IsTNEF(data []byte) bool { return isTNEF(data) }

func isTNEF(data []byte) bool {
	return len(data) >= 6 && binary.LittleEndian.Uint32(data) == tnefSignature
}

// ReadTNEF reads the attachments out of a TNEF stream (winmail.dat), at most
// lim.MaxMessageBytes of it and lim.MaxAttachments attachments; an attached message gives
// its own attachments, down to lim.MaxDepth. Problems that did not stop reading are in the
// warnings; the error is set when r is no TNEF, or when nothing could be read.
func ReadTNEF(r io.Reader, lim Limits) ([]Attachment, []error, error) {
	lim = lim.withDefaults()
	n := lim.MaxMessageBytes
	if n < math.MaxInt64 {
		n++
	}
	data, err := io.ReadAll(io.LimitReader(r, n))
	if err != nil {
		return nil, nil, fmt.Errorf("read tnef: %w", err)
	}
	if int64(len(data)) > lim.MaxMessageBytes {
		return nil, nil, tooLarge(lim.MaxMessageBytes)
	}
	if !isTNEF(data) {
		return nil, nil, fmt.Errorf("%w: no TNEF signature", ErrNotMessage)
	}
	p := &parser{lim: lim, msg: &Message{}}
	p.tnef(data, 0)
	if len(p.msg.Attachments) == 0 && len(p.msg.Warnings) > 0 {
		return nil, p.msg.Warnings, p.msg.Warnings[0]
	}
	return p.msg.Attachments, p.msg.Warnings, nil
}

// tnefAttachment is one attachment as its attributes come.
type tnefAttachment struct {
	title    string // attAttachTitle
	long     string // PR_ATTACH_LONG_FILENAME
	mime     string // PR_ATTACH_MIME_TAG
	data     []byte
	haveData bool
	embedded []byte // PR_ATTACH_DATA_OBJ of an attached message: a TNEF of its own
}

// tnef reads the attachments of the TNEF stream data into p.msg. depth counts the
// containers around it.
func (p *parser) tnef(data []byte, depth int) {
	if !isTNEF(data) {
		p.warn("", ErrMalformed, "no TNEF signature")
		return
	}
	b := data[6:] // signature and legacy key
	var cp uint32
	var cur *tnefAttachment
	flush := func() {
		if cur == nil {
			return
		}
		a := cur
		cur = nil
		if a.embedded != nil && !a.haveData {
			if depth+1 >= p.lim.MaxDepth {
				p.warn("", ErrTooDeep, "attached message inside %d levels not opened", depth+1)
				return
			}
			p.tnef(a.embedded, depth+1)
			return
		}
		if !a.haveData {
			return
		}
		name := a.long
		if name == "" {
			name = a.title
		}
		mt, _ := parseValue(a.mime)
		if !strings.Contains(mt, "/") {
			mt = "application/octet-stream"
		}
		p.file(strings.TrimSpace(name), mt, a.data, depth)
	}
	for len(b) > 0 {
		if len(b) < 9 {
			p.warn("", ErrTruncated, "TNEF attribute header cut off")
			break
		}
		level := b[0]
		id := binary.LittleEndian.Uint32(b[1:])
		size := binary.LittleEndian.Uint32(b[5:])
		if uint64(size)+2 > uint64(len(b)-9) {
			p.warn("", ErrTruncated, "TNEF attribute %08X of %d bytes cut off", id, size)
			break
		}
		val := b[9 : 9+size]
		b = b[9+size+2:] // the checksum is not checked: a wrong one still has the data
		switch {
		case level == lvlMessage && id == attOemCodepage && len(val) >= 4:
			cp = binary.LittleEndian.Uint32(val)
		case level == lvlAttachment && id == attAttachRendData:
			flush()
			cur = &tnefAttachment{}
		case level == lvlAttachment && cur != nil && id == attAttachTitle:
			cur.title = codepageText(val, cp)
		case level == lvlAttachment && cur != nil && id == attAttachData:
			cur.data, cur.haveData = append([]byte(nil), val...), true
		case level == lvlAttachment && cur != nil && id == attAttachment:
			p.tnefProps(val, cp, cur)
		}
		if p.full {
			break
		}
	}
	flush()
}

// tnefProps reads the MAPI properties of an attAttachment attribute ([MS-OXTNEF] 2.1.3.4)
// for the attachment's long name, media type and, for an attached message, its data.
func (p *parser) tnefProps(b []byte, cp uint32, a *tnefAttachment) {
	r := tnefReader{b: b}
	count := r.u32()
	if count > maxTNEFProps {
		p.warn("", ErrMalformed, "TNEF property count %d", count)
		return
	}
	for i := uint32(0); i < count && r.ok(); i++ {
		typ := r.u16()
		id := r.u16()
		if id >= 0x8000 { // a named property: GUID, then a number or a name
			r.skip(16)
			if kind := r.u32(); kind == 0 {
				r.skip(4)
			} else {
				r.skip(pad4(r.u32()))
			}
		}
		vals := r.values(typ)
		if !r.ok() {
			break
		}
		if len(vals) == 0 {
			continue
		}
		v := vals[0]
		switch id {
		case prAttachLongFilename:
			a.long = tnefString(typ, v, cp)
		case prAttachMimeTag:
			a.mime = tnefString(typ, v, cp)
		case prAttachData:
			if typ == ptObject && len(v) > 16 {
				a.embedded = v[16:] // after the interface ID: the attached message as TNEF
			} else if typ == ptBinary && !a.haveData {
				a.data, a.haveData = append([]byte(nil), v...), true
			}
		}
	}
	if !r.ok() {
		p.warn("", ErrTruncated, "TNEF attachment properties cut off")
	}
}

func tnefString(typ uint16, v []byte, cp uint32) string {
	switch typ {
	case ptUnicode:
		return utf16Text(v)
	case ptString8:
		return codepageText(v, cp)
	}
	return ""
}

// tnefReader reads little-endian values, stopping (ok false) at the end of b.
type tnefReader struct {
	b   []byte
	bad bool
}

func (r *tnefReader) ok() bool { return !r.bad }

func (r *tnefReader) take(n uint64) []byte {
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *tnefReader) skip(n uint32) { r.take(uint64(n)) }

func (r *tnefReader) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *tnefReader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

// values reads the value(s) of a property of type typ: fixed-size values are padded to 4
// bytes; variable ones (strings, binary, objects) are counted, each with its length,
// padded to 4; multi-valued types have a count first.
func (r *tnefReader) values(typ uint16) [][]byte {
	n := uint32(1)
	size := fixedSize(typ)
	if typ&ptMulti != 0 || size < 0 {
		n = r.u32()
	}
	if uint64(n) > uint64(len(r.b)) { // every value takes at least a byte (or a length)
		r.bad = true
		return nil
	}
	var out [][]byte
	for i := uint32(0); i < n && r.ok(); i++ {
		if size >= 0 {
			out = append(out, r.take(uint64(pad4(uint32(size)))))
			continue
		}
		l := r.u32()
		v := r.take(uint64(l))
		r.take(uint64(pad4(l) - l))
		out = append(out, v)
	}
	return out
}

func pad4(n uint32) uint32 {
	if n > math.MaxUint32-3 {
		return math.MaxUint32 // too long for any input: take fails
	}
	return (n + 3) &^ 3
}
