package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"taizhang/internal/atomicfile"
	"taizhang/internal/xlsx/scan"
)

// MaxCellRunes is Excel's limit for the text of one cell (32,767 UTF-16 units).
const MaxCellRunes = 32767

// Book is a workbook being written.
type Book struct {
	f       *excelize.File
	styles  map[Style]int
	sheets  []string
	fit     map[string]bool    // sheets printed to fit the page width
	streams map[string]*Stream // streamed sheets, by name
	err     error              // the first error of a setter; reported by Save/WriteTo
}

// NewBook starts an empty workbook. Sheets are added with Sheet.
func NewBook() *Book {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	return &Book{f: f, styles: map[Style]int{}, fit: map[string]bool{}}
}

// fastZip compresses with deflate's fastest level: a large ledger is written several times
// faster, for a file about a fifth larger. Compressors are reused: each costs more to make
// (its tables) than a small part costs to compress.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, ok := flaters.Get().(*flate.Writer)
		if !ok {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(out)
		}
		return &pooledFlate{fw}, nil
	})
	return zw
}

// flaters holds idle compressors; it is a cache, not state: any writer in it is as good as new.
var flaters sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flaters.Put(p.Writer)
	p.Writer = nil
	return err
}

func (b *Book) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// Err returns the first error met while building the book.
func (b *Book) Err() error { return b.err }

// Sheet returns the sheet with the name, creating it (the first one replaces the default sheet).
func (b *Book) Sheet(name string) *Sheet {
	for _, s := range b.sheets {
		if s == name {
			return &Sheet{b: b, name: name}
		}
	}
	if len(b.sheets) == 0 {
		b.fail(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.fail(err)
	}
	b.sheets = append(b.sheets, name)
	return &Sheet{b: b, name: name}
}

// SetActive makes the named sheet the one shown when the book opens.
func (b *Book) SetActive(name string) {
	idx, err := b.f.GetSheetIndex(name)
	b.fail(err)
	if idx >= 0 {
		b.f.SetActiveSheet(idx)
	}
}

// SetVeryHidden hides a sheet so that it cannot be unhidden from the spreadsheet's menus.
// excelize silently ignores this for the active sheet, so the first other sheet is activated
// first and the result is checked.
func (b *Book) SetVeryHidden(name string) {
	if b.f.GetSheetName(b.f.GetActiveSheetIndex()) == name {
		for _, s := range b.sheets {
			if s != name {
				b.SetActive(s)
				break
			}
		}
	}
	b.fail(b.f.SetSheetVisible(name, false, true))
	if v, err := b.f.GetSheetVisible(name); err != nil || v {
		b.fail(fmt.Errorf("sheet %s could not be hidden", name))
	}
}

// SetProps sets the document title and creator; no timestamps are written beyond excelize's
// fixed defaults, so the bytes depend only on the content.
func (b *Book) SetProps(title, creator string) {
	b.fail(b.f.SetDocProps(&excelize.DocProperties{
		Title:    title,
		Creator:  creator,
		Created:  "2000-01-01T00:00:00Z",
		Modified: "2000-01-01T00:00:00Z",
	}))
}

// WriteTo writes the workbook in a canonical form: zip entries sorted (content types first)
// with fixed times, so that the same content always gives the same bytes.
func (b *Book) WriteTo(w io.Writer) (int64, error) {
	if b.err != nil {
		return 0, b.err
	}
	var raw bytes.Buffer
	if err := b.f.Write(&raw); err != nil {
		return 0, fmt.Errorf("write workbook: %w", err)
	}
	data, err := b.canonicalZip(raw.Bytes())
	if err != nil {
		return 0, err
	}
	n, err := w.Write(data)
	return int64(n), err
}

// Bytes returns the workbook's canonical bytes.
func (b *Book) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes the workbook to path through a temporary file and a rename.
func (b *Book) Save(path string) error {
	data, err := b.Bytes()
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, 0o644, data)
}

// Close releases temporary files of the underlying library, and the compressors of streams
// that were never flushed.
func (b *Book) Close() {
	for _, st := range b.streams {
		st.Flush()
	}
	b.f.Close()
}

func (b *Book) canonicalZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("reread workbook: %w", err)
	}
	streamed, err := b.streamedParts(data)
	if err != nil {
		return nil, err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, c := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (c == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < c
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		if st := streamed[f.Name]; st != nil {
			if err := writeStreamed(zw, f, st); err != nil {
				return nil, err
			}
			continue
		}
		if f.Name != "[Content_Types].xml" {
			// compressed bytes copied as they are: no second deflate of a large ledger
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if body, err = sortContentTypes(body); err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// streamedParts maps the parts of the streamed sheets, as excelize wrote them, to their streams.
func (b *Book) streamedParts(data []byte) (map[string]*Stream, error) {
	if len(b.streams) == 0 {
		return nil, nil
	}
	lim := scan.Limits{MaxPart: 64 << 20, MaxTotal: 128 << 20, MaxRows: 1, MaxCols: 1, MaxStrings: 1, MaxRatio: 0}
	sc, err := scan.Scan(data, lim, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("reread workbook: %w", err)
	}
	out := map[string]*Stream{}
	for _, sh := range sc.Sheets {
		if st := b.streams[sh.Name]; st != nil {
			out[sh.Part] = st
		}
	}
	if len(out) != len(b.streams) {
		return nil, fmt.Errorf("reread workbook: %d of %d streamed sheets found", len(out), len(b.streams))
	}
	return out, nil
}

// writeStreamed writes a streamed sheet's part: excelize's part with the rows spliced in.
func writeStreamed(zw *zip.Writer, f *zip.File, st *Stream) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	part, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	data, crc, size, err := st.splice(part)
	if err != nil {
		return err
	}
	fh := f.FileHeader
	fh.Method = zip.Deflate
	fh.CRC32 = crc
	fh.CompressedSize64 = uint64(len(data))
	fh.UncompressedSize64 = uint64(size)
	fh.Flags &^= 0x8 // sizes are known: no data descriptor
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// SafeText makes text from outside safe to store in a cell: invalid UTF-8 replaced, control
// characters other than tab and newline removed, cut to Excel's limit. It never turns text into
// a formula: cells are always written with an explicit string type.
func SafeText(s string) string {
	if clean(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	if len(s) > MaxCellRunes && UTF16Len(s) > MaxCellRunes {
		n, cut := 0, len(s)
		for i, r := range s {
			w := 1
			if r > 0xFFFF {
				w = 2
			}
			if n+w > MaxCellRunes-8 {
				cut = i
				break
			}
			n += w
		}
		s = s[:cut] + "…（已截断）"
	}
	return s
}

// UTF16Len is the length of s in UTF-16 units: what a cell's limit of MaxCellRunes counts.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

type contentTypes struct {
	XMLName   xml.Name     `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []ctDefault  `xml:"Default"`
	Overrides []ctOverride `xml:"Override"`
}

type ctDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type ctOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// sortContentTypes orders the content types: excelize writes some of them in map order.
func sortContentTypes(body []byte) ([]byte, error) {
	var ct contentTypes
	if err := xml.Unmarshal(body, &ct); err != nil {
		return nil, fmt.Errorf("content types: %w", err)
	}
	sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	sort.Slice(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	out, err := xml.Marshal(ct)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// clean reports whether text needs no change: valid UTF-8, no control characters, short
// enough. Most text is, and checking is much cheaper than rewriting.
func clean(s string) bool {
	if len(s) > MaxCellRunes {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F {
			return false
		}
		if c == 0xC2 && i+1 < len(s) && s[i+1] < 0xA0 { // U+0080–U+009F
			return false
		}
		if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE { // U+FFFE, U+FFFF
			return false
		}
	}
	return utf8.ValidString(s)
}
