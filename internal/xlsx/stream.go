package xlsx

import (
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"sync"
	"time"
)

// Stream writes a large sheet row by row with flat memory. The rows are written as
// SpreadsheetML straight into a deflate stream as they come (excelize's stream writer builds
// every cell through encoding/xml and was most of the time of a large ledger); when the book
// is written, the compressed rows are spliced into the sheet excelize writes, which carries
// everything else about the sheet: widths, panes, merges, filter, page setup.
//
// Set everything about the sheet (page setup, filter) on the Sheet, and column widths and
// panes on the stream, before the first row; merges may come at any time.
type Stream struct {
	b      *Book
	name   string
	next   int
	maxCol int
	buf    []byte // rows not yet handed to the compressor
	done   bool
	styles []styleID // the styles met so far: a few, looked up many times

	// the compressor runs beside the rows being built: it owns what follows until Flush
	chunks chan []byte
	free   chan []byte
	wait   chan error
	rows   bytes.Buffer  // the compressed rows
	zw     *flate.Writer // compresses into rows
	crc    uint32        // of the uncompressed rows
	size   int64         // uncompressed bytes of the rows
}

type styleID struct {
	st Style
	id int
}

const chunkSize = 64 << 10

// Value is one cell of a streamed row. V is a string (always written as text, never a
// formula), an int, a float64, a time.Time (a date) or nil (an empty styled cell). The zero
// Value is no cell at all: a gap in the row.
type Value struct {
	V any
	S Style
}

// Stream opens the named sheet (created with Sheet) for streaming.
func (b *Book) Stream(name string) *Stream {
	s := &Stream{b: b, name: name, next: 1}
	if _, ok := b.streams[name]; ok {
		b.fail(fmt.Errorf("sheet %s is streamed twice", name))
		return s
	}
	s.zw = flater(&s.rows)
	if b.streams == nil {
		b.streams = map[string]*Stream{}
	}
	b.streams[name] = s
	s.chunks, s.free, s.wait = make(chan []byte, 2), make(chan []byte, 3), make(chan error, 1)
	for i := 0; i < 3; i++ {
		c, _ := chunkPool.Get().([]byte)
		s.free <- c[:0]
	}
	s.buf = <-s.free
	go s.compress()
	return s
}

// chunkPool holds row buffers of ended streams; a cache, not state.
var chunkPool = sync.Pool{New: func() any { return make([]byte, 0, chunkSize+4096) }}

// flater is a fast compressor writing to w, from the pool when one is idle.
func flater(w io.Writer) *flate.Writer {
	if fw, ok := flaters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw
	}
	fw, _ := flate.NewWriter(w, flate.BestSpeed) // only fails for a bad level
	return fw
}

// compress deflates the chunks of rows as they come, then ends the rows with a sync flush.
func (s *Stream) compress() {
	var err error
	for c := range s.chunks {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, c)
		s.size += int64(len(c))
		if err == nil {
			_, err = s.zw.Write(c)
		}
		s.free <- c[:0]
	}
	if err == nil {
		// a sync flush ends the rows on a byte boundary without ending the deflate stream: the
		// sheet's tail follows them when the book is written
		err = s.zw.Flush()
	}
	s.wait <- err
}

// styleOf is the id of a style, from the stream's own short list when it was met before.
func (s *Stream) styleOf(st Style) int {
	for i := range s.styles {
		if s.styles[i].st == st {
			return s.styles[i].id
		}
	}
	id := s.b.style(st)
	if len(s.styles) < 32 {
		s.styles = append(s.styles, styleID{st, id})
	}
	return id
}

// ColWidth sets a column's width.
func (s *Stream) ColWidth(col int, width float64) {
	(&Sheet{b: s.b, name: s.name}).ColWidth(col, width)
}

// Freeze keeps the first cols columns and rows rows in view.
func (s *Stream) Freeze(cols, rows int) {
	(&Sheet{b: s.b, name: s.name}).Freeze(cols, rows)
}

// Merge merges a rectangle of rows already or yet to be written.
func (s *Stream) Merge(c1, r1, c2, r2 int) {
	s.b.fail(s.b.f.MergeCell(s.name, Cell(c1, r1), Cell(c2, r2)))
}

// Row writes the next row; height 0 leaves the default.
func (s *Stream) Row(height float64, cells ...Value) {
	s.RowAt(s.next, height, cells...)
}

// RowAt writes row r, which must come after the rows written so far (the rows between stay
// empty); height 0 leaves the default.
func (s *Stream) RowAt(r int, height float64, cells ...Value) {
	if s.zw == nil || s.done {
		s.b.fail(fmt.Errorf("sheet %s: row after the end of the stream", s.name))
		return
	}
	if r < s.next || r > 1048576 {
		s.b.fail(fmt.Errorf("sheet %s: row %d out of order (next is %d)", s.name, r, s.next))
		return
	}
	b, maxCol := appendRow(s.buf, r, height, cells, s.styleOf)
	s.maxCol = max(s.maxCol, maxCol)
	s.buf = b
	if len(b) >= chunkSize {
		s.chunks <- b
		s.buf = <-s.free
	}
	s.next = r + 1
}

// appendRow appends row r as SpreadsheetML: each cell with its style's id, text always as an
// inline string (never a formula), dates as serials. It returns the last column written.
func appendRow(b []byte, r int, height float64, cells []Value, styleOf func(Style) int) ([]byte, int) {
	maxCol := 0
	row := strconv.Itoa(r)
	b = append(b, `<row r="`...)
	b = append(b, row...)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, min(height, 409), 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, c := range cells {
		if c.V == nil && c.S == (Style{}) {
			continue
		}
		maxCol = i + 1
		st := c.S
		if _, ok := c.V.(time.Time); ok && st.NumFmt == "" {
			st.NumFmt = "yyyy-mm-dd"
		}
		b = append(b, `<c r="`...)
		b = append(b, colName(i+1)...)
		b = append(b, row...)
		b = append(b, `" s="`...)
		b = strconv.AppendInt(b, int64(styleOf(st)), 10)
		b = append(b, '"')
		switch v := c.V.(type) {
		case string:
			if v == "" {
				b = append(b, `/>`...)
				break
			}
			b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
			b = appendEscaped(b, SafeText(v))
			b = append(b, `</t></is></c>`...)
		case int:
			b = append(b, `><v>`...)
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, `</v></c>`...)
		case int64:
			b = append(b, `><v>`...)
			b = strconv.AppendInt(b, v, 10)
			b = append(b, `</v></c>`...)
		case float64:
			b = appendNumber(b, v)
		case time.Time:
			b = appendNumber(b, excelSerial(v))
		case nil:
			b = append(b, `/>`...)
		default:
			b = append(b, ` t="inlineStr"><is><t xml:space="preserve">`...)
			b = appendEscaped(b, SafeText(fmt.Sprint(v)))
			b = append(b, `</t></is></c>`...)
		}
	}
	b = append(b, `</row>`...)
	return b, maxCol
}

// colNames are the first columns' letters, made once.
var colNames = func() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = ColName(i + 1)
	}
	return out
}()

func colName(col int) string {
	if col <= len(colNames) {
		return colNames[col-1]
	}
	return ColName(col)
}

// appendNumber writes the rest of a number cell; a value that is not a number leaves the cell
// empty.
func appendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, `/>`...)
	}
	b = append(b, `><v>`...)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	return append(b, `</v></c>`...)
}

// appendEscaped appends text escaped for XML character data (SafeText has removed what XML
// cannot hold).
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// NextRow is the number of the row Row writes next.
func (s *Stream) NextRow() int { return s.next }

// Flush ends the sheet.
func (s *Stream) Flush() {
	if s.zw == nil || s.done {
		return
	}
	if len(s.buf) > 0 {
		s.chunks <- s.buf
	} else {
		chunkPool.Put(s.buf[:0])
	}
	close(s.chunks)
	s.b.fail(<-s.wait)
	for i := 0; i < 2; i++ { // the buffers the compressor gave back
		chunkPool.Put((<-s.free)[:0])
	}
	if len(s.free) > 0 {
		chunkPool.Put((<-s.free)[:0])
	}
	flaters.Put(s.zw)
	s.done = true
	s.buf, s.free, s.zw = nil, nil, nil
}

// dimension is the range the rows cover, "" when there are none.
func (s *Stream) dimension() string {
	if s.next == 1 || s.maxCol == 0 {
		return ""
	}
	return "A1:" + Cell(s.maxCol, s.next-1)
}

// splice makes the sheet's part from the part excelize wrote (with no rows) and the streamed
// rows: the head up to <sheetData>, the rows, the rest. The three are deflated separately and
// joined — the rows end with a sync flush, so the joined stream is one valid deflate stream —
// and the checksum is combined from the pieces', so the rows are never inflated again.
func (s *Stream) splice(part []byte) (data []byte, crc uint32, size int64, err error) {
	if !s.done {
		return nil, 0, 0, fmt.Errorf("sheet %s: stream not flushed", s.name)
	}
	var head, tail []byte
	for _, empty := range []string{"<sheetData></sheetData>", "<sheetData/>"} {
		if i := bytes.Index(part, []byte(empty)); i >= 0 {
			head = append(append([]byte{}, part[:i]...), "<sheetData>"...)
			tail = append([]byte("</sheetData>"), part[i+len(empty):]...)
			break
		}
	}
	if head == nil {
		return nil, 0, 0, fmt.Errorf("sheet %s: cells written outside its stream", s.name)
	}
	if dim := s.dimension(); dim != "" {
		head = setDimension(head, dim)
	}
	var out bytes.Buffer
	out.Grow(len(head)/4 + s.rows.Len() + len(tail)/4 + 64)
	zw := flater(&out)
	defer flaters.Put(zw)
	zw.Write(head)
	if err := zw.Flush(); err != nil {
		return nil, 0, 0, err
	}
	out.Write(s.rows.Bytes())
	zw.Reset(&out)
	zw.Write(tail)
	if err := zw.Close(); err != nil {
		return nil, 0, 0, err
	}
	crc = crc32Combine(crc32.ChecksumIEEE(head), s.crc, s.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	return out.Bytes(), crc, int64(len(head)) + s.size + int64(len(tail)), nil
}

// setDimension replaces the ref of the head's dimension element.
func setDimension(head []byte, ref string) []byte {
	i := bytes.Index(head, []byte("<dimension "))
	if i < 0 {
		return head
	}
	j := bytes.Index(head[i:], []byte("ref=\""))
	if j < 0 {
		return head
	}
	start := i + j + len("ref=\"")
	end := bytes.IndexByte(head[start:], '"')
	if end < 0 {
		return head
	}
	out := append(append(append([]byte{}, head[:start]...), ref...), head[start+end:]...)
	return out
}
