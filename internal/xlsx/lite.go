package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"taizhang/internal/atomicfile"
)

// Lite writes small workbooks of one kind by thousands — receipts — without excelize: the
// package's fixed parts are written from templates, the styles from the few styles used, and
// the rows with the same row writer as Stream. A Lite book has text, number and date cells,
// column widths, row heights, merged cells, notes on cells and page setup; nothing else. Its
// bytes depend only on what was written (no time, no random ids).
type Lite struct {
	title, creator string
	sheets         []*LiteSheet
	styles         []Style // the cell formats, in the order first used; 0 is the default
	ids            map[Style]int
	last           Style // the style looked up last, and its id: neighbouring cells mostly share one
	lastID         int
	err            error
}

// LiteSheet is one sheet of a Lite book. Rows come in order.
type LiteSheet struct {
	l        *Lite
	name     string
	widths   map[int]float64
	rows     []byte
	next     int
	maxCol   int
	merges   []string
	notes    []liteNote
	print    *Print
	lastRow  int
	lastNote map[string]bool
}

type liteNote struct {
	col, row     int
	author, text string
}

// NewLite starts a workbook.
func NewLite() *Lite {
	return &Lite{styles: []Style{{}}, ids: map[Style]int{{}: 0}}
}

// SetProps sets the document's title and author.
func (l *Lite) SetProps(title, creator string) { l.title, l.creator = title, creator }

// Err is the first error met while building the book.
func (l *Lite) Err() error { return l.err }

func (l *Lite) fail(err error) {
	if err != nil && l.err == nil {
		l.err = err
	}
}

// Sheet adds a sheet; sheets are written in the order added.
func (l *Lite) Sheet(name string) *LiteSheet {
	for _, s := range l.sheets {
		if s.name == name {
			return s
		}
	}
	s := &LiteSheet{l: l, name: name, widths: map[int]float64{}, next: 1, lastNote: map[string]bool{}}
	l.sheets = append(l.sheets, s)
	return s
}

func (l *Lite) styleOf(st Style) int {
	if st == l.last {
		return l.lastID
	}
	id, ok := l.ids[st]
	if !ok {
		id = len(l.styles)
		l.styles = append(l.styles, st)
		l.ids[st] = id
	}
	l.last, l.lastID = st, id
	return id
}

// ColWidth sets a column's width.
func (s *LiteSheet) ColWidth(col int, width float64) { s.widths[col] = width }

// Merge merges a range of cells.
func (s *LiteSheet) Merge(c1, r1, c2, r2 int) {
	s.merges = append(s.merges, Cell(c1, r1)+":"+Cell(c2, r2))
}

// PrintSetup sets paper, orientation, scaling, repeated rows and footer, as Sheet.PrintSetup.
func (s *LiteSheet) PrintSetup(p Print) { s.print = &p }

// Comment attaches a note to a cell.
func (s *LiteSheet) Comment(col, row int, author, text string) {
	ref := Cell(col, row)
	if s.lastNote[ref] {
		return // one note a cell
	}
	s.lastNote[ref] = true
	s.notes = append(s.notes, liteNote{col, row, author, SafeText(text)})
}

// Row writes the next row; height 0 leaves the default.
func (s *LiteSheet) Row(height float64, cells ...Value) { s.RowAt(s.next, height, cells...) }

// RowAt writes row r, which must come after the rows written so far.
func (s *LiteSheet) RowAt(r int, height float64, cells ...Value) {
	if r < s.next || r > 1048576 {
		s.l.fail(fmt.Errorf("sheet %s: row %d out of order (next is %d)", s.name, r, s.next))
		return
	}
	var maxCol int
	s.rows, maxCol = appendRow(s.rows, r, height, cells, s.l.styleOf)
	s.maxCol = max(s.maxCol, maxCol)
	s.lastRow = r
	s.next = r + 1
}

// NextRow is the number of the row Row writes next.
func (s *LiteSheet) NextRow() int { return s.next }

// Grow makes room for about n more bytes of rows, so that writing them does not copy them
// again and again; it changes nothing written.
func (s *LiteSheet) Grow(n int) { s.rows = slices.Grow(s.rows, n) }

// Flush ends the sheet's rows (nothing to do: for the Stream's API).
func (s *LiteSheet) Flush() {}

// Close releases nothing: for the Book's API.
func (l *Lite) Close() {}

// Save writes the workbook to path through a temporary file and a rename.
func (l *Lite) Save(path string) error {
	data, err := l.Bytes()
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, 0o644, data)
}

// Bytes is the workbook's package.
func (l *Lite) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	n := 16 << 10
	for _, s := range l.sheets {
		n += len(s.rows) / 4 // compressed rows: room for them at once, or nearly
	}
	buf.Grow(n)
	if _, err := l.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// liteTime is the time of every part: the bytes depend on the content only.
var liteTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTo writes the package.
func (l *Lite) WriteTo(w io.Writer) (int64, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(l.sheets) == 0 {
		l.Sheet("Sheet1")
	}
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return &pooledFlate{flater(out)}, nil })
	put := func(name, body string) {
		if l.err != nil {
			return
		}
		if c, ok := liteFixed[name]; ok && c.body == body {
			// a part every book shares: compressed once
			fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: liteTime, CRC32: c.crc,
				CompressedSize64: uint64(len(c.deflated)), UncompressedSize64: uint64(len(body))}
			f, err := zw.CreateRaw(fh)
			if err == nil {
				_, err = f.Write(c.deflated)
			}
			l.fail(err)
			return
		}
		if shared[name] || strings.HasPrefix(name, "xl/worksheets/_rels/") {
			// a part many books share (the same sheets, the same styles): compressed once a run
			c := sharedPart(name, body)
			f, err := zw.CreateRaw(liteHeader(name, c))
			if err == nil {
				_, err = f.Write(c.deflated)
			}
			l.fail(err)
			return
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: liteTime})
		if err != nil {
			l.fail(err)
			return
		}
		_, err = f.Write(unsafe.Slice(unsafe.StringData(body), len(body))) // read only: no copy of the body
		l.fail(err)
	}
	put("[Content_Types].xml", l.contentTypes())
	put("_rels/.rels", liteRootRels)
	put("docProps/app.xml", liteApp)
	put("docProps/core.xml", xmlHead+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">`+
		`<dc:title>`+esc(l.title)+`</dc:title><dc:creator>`+esc(l.creator)+`</dc:creator></cp:coreProperties>`)
	put("xl/workbook.xml", l.workbook())
	put("xl/_rels/workbook.xml.rels", l.workbookRels())
	for i, s := range l.sheets {
		n := strconv.Itoa(i + 1)
		put("xl/worksheets/sheet"+n+".xml", s.xml(i+1))
		if len(s.notes) > 0 {
			put("xl/worksheets/_rels/sheet"+n+".xml.rels", xmlHead+`<Relationships xmlns="`+nsRels+`">`+
				`<Relationship Id="rId1" Type="`+nsDocRel+`/comments" Target="../comments`+n+`.xml"/>`+
				`<Relationship Id="rId2" Type="`+nsDocRel+`/vmlDrawing" Target="../drawings/vmlDrawing`+n+`.vml"/></Relationships>`)
			put("xl/comments"+n+".xml", s.commentsXML())
			put("xl/drawings/vmlDrawing"+n+".vml", s.vml(i+1))
		}
	}
	put("xl/styles.xml", l.stylesXML())
	put("xl/theme/theme1.xml", liteTheme)
	if l.err != nil {
		return cw.n, l.err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

const (
	xmlHead  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRels   = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsDocRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	ctPrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml."
)

func esc(s string) string { return string(appendEscaped(nil, SafeText(s))) }

// attrEscaper is made once: building a Replacer costs more than using it, and escAttr runs
// for every style of every receipt.
var attrEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")

func escAttr(s string) string { return attrEscaper.Replace(SafeText(s)) }

func (l *Lite) contentTypes() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctPrefix + `sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctPrefix + `styles+xml"/>` +
		`<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>`)
	for i, s := range l.sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + n + `.xml" ContentType="` + ctPrefix + `worksheet+xml"/>`)
		if len(s.notes) > 0 {
			b.WriteString(`<Override PartName="/xl/comments` + n + `.xml" ContentType="` + ctPrefix + `comments+xml"/>`)
		}
	}
	b.WriteString(`</Types>`)
	return b.String()
}

func (l *Lite) workbook() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsDocRel + `"><bookViews><workbookView/></bookViews><sheets>`)
	for i, s := range l.sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<sheet name="` + escAttr(s.name) + `" sheetId="` + n + `" r:id="rId` + n + `"/>`)
	}
	b.WriteString(`</sheets>`)
	var names []string
	for i, s := range l.sheets {
		if s.print != nil && s.print.RepeatRows != "" {
			names = append(names, `<definedName name="_xlnm.Print_Titles" localSheetId="`+strconv.Itoa(i)+`">'`+
				escAttr(quote(s.name))+`'!`+s.print.RepeatRows+`</definedName>`)
		}
	}
	if len(names) > 0 {
		b.WriteString(`<definedNames>` + strings.Join(names, "") + `</definedNames>`)
	}
	b.WriteString(`</workbook>`)
	return b.String()
}

func (l *Lite) workbookRels() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<Relationships xmlns="` + nsRels + `">`)
	for i := range l.sheets {
		n := strconv.Itoa(i + 1)
		b.WriteString(`<Relationship Id="rId` + n + `" Type="` + nsDocRel + `/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
	}
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(l.sheets)+1) + `" Type="` + nsDocRel + `/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(l.sheets)+2) + `" Type="` + nsDocRel + `/theme" Target="theme/theme1.xml"/></Relationships>`)
	return b.String()
}

// xml is the sheet's part, its elements in the schema's order.
func (s *LiteSheet) xml(n int) string {
	var b strings.Builder
	b.Grow(len(s.rows) + 2048)
	b.WriteString(xmlHead + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsDocRel + `">`)
	if s.print != nil && s.print.FitWidth {
		b.WriteString(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	}
	if s.lastRow > 0 && s.maxCol > 0 {
		b.WriteString(`<dimension ref="A1:` + Cell(s.maxCol, s.lastRow) + `"/>`)
	}
	tab := ""
	if n == 1 {
		tab = ` tabSelected="1"`
	}
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"` + tab + `/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		cols := make([]int, 0, len(s.widths))
		for c := range s.widths {
			cols = append(cols, c)
		}
		sort.Ints(cols)
		b.WriteString(`<cols>`)
		for _, c := range cols {
			w := strconv.FormatFloat(s.widths[c], 'f', -1, 64)
			b.WriteString(`<col min="` + strconv.Itoa(c) + `" max="` + strconv.Itoa(c) + `" width="` + w + `" customWidth="1"/>`)
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	b.Write(s.rows)
	b.WriteString(`</sheetData>`)
	if len(s.merges) > 0 {
		b.WriteString(`<mergeCells count="` + strconv.Itoa(len(s.merges)) + `">`)
		for _, m := range s.merges {
			b.WriteString(`<mergeCell ref="` + m + `"/>`)
		}
		b.WriteString(`</mergeCells>`)
	}
	if p := s.print; p != nil {
		if p.Margins {
			b.WriteString(`<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>`)
		} else {
			b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
		}
		size, orient := "9", "portrait"
		if p.A3 {
			size = "8"
		}
		if p.Landscape {
			orient = "landscape"
		}
		fit := ""
		if p.FitWidth {
			fit = ` fitToWidth="1" fitToHeight="0"`
		}
		b.WriteString(`<pageSetup paperSize="` + size + `" orientation="` + orient + `"` + fit + `/>`)
		footer := p.Footer
		if footer == "" {
			footer = "&C第 &P 页，共 &N 页"
		}
		b.WriteString(`<headerFooter>`)
		if p.Header != "" {
			b.WriteString(`<oddHeader>` + esc(p.Header) + `</oddHeader>`)
		}
		b.WriteString(`<oddFooter>` + esc(footer) + `</oddFooter></headerFooter>`)
	}
	if len(s.notes) > 0 {
		b.WriteString(`<legacyDrawing r:id="rId2"/>`)
	}
	b.WriteString(`</worksheet>`)
	return b.String()
}

func (s *LiteSheet) commentsXML() string {
	var authors []string
	id := map[string]int{}
	for _, c := range s.notes {
		if _, ok := id[c.author]; !ok {
			id[c.author] = len(authors)
			authors = append(authors, c.author)
		}
	}
	var b strings.Builder
	b.WriteString(xmlHead + `<comments xmlns="` + nsMain + `"><authors>`)
	for _, a := range authors {
		b.WriteString(`<author>` + esc(a) + `</author>`)
	}
	b.WriteString(`</authors><commentList>`)
	for _, c := range s.notes {
		b.WriteString(`<comment ref="` + Cell(c.col, c.row) + `" authorId="` + strconv.Itoa(id[c.author]) + `"><text><r><t xml:space="preserve">` +
			esc(c.text) + `</t></r></text></comment>`)
	}
	b.WriteString(`</commentList></comments>`)
	return b.String()
}

// vml is the legacy drawing Excel needs to show the notes: one hidden box a note, beside its
// cell.
func (s *LiteSheet) vml(n int) string {
	var b strings.Builder
	b.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + strconv.Itoa(n) + `"/></o:shapelayout>` +
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
		`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`)
	for i, c := range s.notes {
		shape := n*1024 + i + 1
		col, row := c.col-1, c.row-1
		b.WriteString(`<v:shape id="_x0000_s` + strconv.Itoa(shape) + `" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:195pt;height:67.5pt;z-index:` +
			strconv.Itoa(i+1) + `;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>` +
			`<x:Anchor>` + fmt.Sprintf("%d, 15, %d, 2, %d, 31, %d, 1", col+1, max(row-1, 0), col+4, row+3) + `</x:Anchor>` +
			`<x:AutoFill>False</x:AutoFill><x:Row>` + strconv.Itoa(row) + `</x:Row><x:Column>` + strconv.Itoa(col) + `</x:Column></x:ClientData></v:shape>`)
	}
	b.WriteString(`</xml>`)
	return b.String()
}

// stylesXML writes the fonts, fills, borders, number formats and cell formats of the styles
// used, as Book's styles map Style to excelize's.
func (l *Lite) stylesXML() string {
	fonts := []string{`<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>`}
	fills := []string{`<fill><patternFill patternType="none"/></fill>`, `<fill><patternFill patternType="gray125"/></fill>`}
	borders := []string{`<border><left/><right/><top/><bottom/><diagonal/></border>`}
	var numFmts []string
	index := func(list *[]string, x string) int {
		for i, y := range *list {
			if y == x {
				return i
			}
		}
		*list = append(*list, x)
		return len(*list) - 1
	}
	fmtIDs := map[string]int{}
	var xfs strings.Builder
	for _, st := range l.styles {
		size := st.Size
		if size == 0 {
			size = 11
		}
		family := st.Font
		if family == "" {
			family = "宋体"
		}
		font := `<font>`
		if st.Bold {
			font += `<b/>`
		}
		font += `<sz val="` + strconv.FormatFloat(size, 'f', -1, 64) + `"/>`
		if st.Color != "" {
			font += `<color rgb="FF` + st.Color + `"/>`
		}
		font += `<name val="` + escAttr(family) + `"/><family val="3"/><charset val="134"/></font>`
		fontID := index(&fonts, font)
		fillID := 0
		if st.Fill != "" {
			fillID = index(&fills, `<fill><patternFill patternType="solid"><fgColor rgb="FF`+st.Fill+`"/><bgColor indexed="64"/></patternFill></fill>`)
		}
		borderID := 0
		if st.Border {
			side := `<color rgb="FF808080"/>`
			borderID = index(&borders, `<border><left style="thin">`+side+`</left><right style="thin">`+side+`</right><top style="thin">`+side+
				`</top><bottom style="thin">`+side+`</bottom><diagonal/></border>`)
		}
		numFmt := 0
		if st.NumFmt != "" {
			id, ok := fmtIDs[st.NumFmt]
			if !ok {
				id = 164 + len(fmtIDs)
				fmtIDs[st.NumFmt] = id
				numFmts = append(numFmts, `<numFmt numFmtId="`+strconv.Itoa(id)+`" formatCode="`+escAttr(st.NumFmt)+`"/>`)
			}
			numFmt = id
		}
		valign := st.VAlign
		if valign == "" {
			valign = "center"
		}
		align := `<alignment vertical="` + valign + `"`
		if st.HAlign != "" {
			align += ` horizontal="` + st.HAlign + `"`
		}
		if st.Wrap {
			align += ` wrapText="1"`
		}
		if st.Indent > 0 {
			align += ` indent="` + strconv.Itoa(st.Indent) + `"`
		}
		if st.ShrinkFit {
			align += ` shrinkToFit="1"`
		}
		align += `/>`
		locked := ""
		if st.Unlocked {
			locked = `<protection locked="0"/>`
		}
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="%d" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1">%s%s</xf>`,
			numFmt, fontID, fillID, borderID, align, locked)
	}
	var b strings.Builder
	b.WriteString(xmlHead + `<styleSheet xmlns="` + nsMain + `">`)
	if len(numFmts) > 0 {
		b.WriteString(`<numFmts count="` + strconv.Itoa(len(numFmts)) + `">` + strings.Join(numFmts, "") + `</numFmts>`)
	}
	b.WriteString(`<fonts count="` + strconv.Itoa(len(fonts)) + `">` + strings.Join(fonts, "") + `</fonts>`)
	b.WriteString(`<fills count="` + strconv.Itoa(len(fills)) + `">` + strings.Join(fills, "") + `</fills>`)
	b.WriteString(`<borders count="` + strconv.Itoa(len(borders)) + `">` + strings.Join(borders, "") + `</borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	b.WriteString(`<cellXfs count="` + strconv.Itoa(len(l.styles)) + `">` + xfs.String() + `</cellXfs>`)
	b.WriteString(`<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.String()
}

// liteTheme is a small Office theme: the colours and fonts programs fall back on, which some
// readers need to tell a cell's colours.
const liteTheme = xmlHead + `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="taizhang">` +
	`<a:themeElements><a:clrScheme name="taizhang">` +
	`<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>` +
	`<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>` +
	`<a:accent1><a:srgbClr val="5B9BD5"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>` +
	`<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>` +
	`<a:accent5><a:srgbClr val="4472C4"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>` +
	`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>` +
	`<a:fontScheme name="taizhang"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:majorFont>` +
	`<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
	`<a:fmtScheme name="taizhang"><a:fillStyleLst>` + liteFills + `</a:fillStyleLst><a:lnStyleLst>` +
	`<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>` +
	`<a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>` +
	`<a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>` +
	`<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
	`<a:bgFillStyleLst>` + liteFills + `</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`

const liteFills = `<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`

// fixedPart is a part every Lite book holds as it is, compressed once.
type fixedPart struct {
	body     string
	deflated []byte
	crc      uint32
}

var liteFixed = func() map[string]fixedPart {
	out := map[string]fixedPart{}
	for name, body := range map[string]string{"xl/theme/theme1.xml": liteTheme, "_rels/.rels": liteRootRels, "docProps/app.xml": liteApp} {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write([]byte(body))
		fw.Close()
		out[name] = fixedPart{body: body, deflated: b.Bytes(), crc: crc32.ChecksumIEEE([]byte(body))}
	}
	return out
}()

const (
	liteRootRels = xmlHead + `<Relationships xmlns="` + nsRels + `">` +
		`<Relationship Id="rId1" Type="` + nsDocRel + `/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + nsDocRel + `/extended-properties" Target="docProps/app.xml"/></Relationships>`
	liteApp = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>taizhang</Application></Properties>`
)

// shared are the parts whose body is the same in most books of a run — it depends only on the
// number of sheets and notes, or on the styles used — and is compressed once for all of them.
var shared = map[string]bool{"[Content_Types].xml": true, "xl/workbook.xml": true, "xl/_rels/workbook.xml.rels": true, "xl/styles.xml": true}

// The compressed shared parts, by name and body: a few hundred at most, each small.
var (
	sharedMu    sync.Mutex
	sharedParts = map[string]fixedPart{}
)

const (
	maxSharedParts = 256
	maxSharedBody  = 64 << 10
)

// sharedPart is a part's body compressed as the zip writer compresses it (the same pooled
// writer, one write, then Close), from the cache when it was compressed before.
func sharedPart(name, body string) fixedPart {
	key := name + "\x00" + body
	sharedMu.Lock()
	c, ok := sharedParts[key]
	sharedMu.Unlock()
	if ok {
		return c
	}
	var b bytes.Buffer
	fw := flater(&b)
	io.WriteString(fw, body) // a bytes.Buffer does not fail
	fw.Close()
	flaters.Put(fw)
	c = fixedPart{body: key[len(name)+1:], deflated: b.Bytes(), crc: crc32.ChecksumIEEE([]byte(body))} // the body kept once, in the key
	if len(body) <= maxSharedBody {
		sharedMu.Lock()
		if len(sharedParts) < maxSharedParts {
			sharedParts[key] = c
		}
		sharedMu.Unlock()
	}
	return c
}

// liteHeader is the header zip.Writer.CreateHeader writes for a part compressed as it
// compresses it, Modified liteTime, with the sizes and CRC the part's data descriptor gives:
// a part written raw from the cache is the same bytes as one compressed in place.
func liteHeader(name string, c fixedPart) *zip.FileHeader {
	var ext [9]byte // extended timestamp, as CreateHeader writes it for Modified
	binary.LittleEndian.PutUint16(ext[0:], 0x5455)
	binary.LittleEndian.PutUint16(ext[2:], 5)
	ext[4] = 1
	binary.LittleEndian.PutUint32(ext[5:], uint32(liteTime.Unix()))
	t := liteTime
	return &zip.FileHeader{
		Name: name, Method: zip.Deflate, Modified: liteTime,
		Flags:          0x8, // a data descriptor follows the data, as when compressed in place
		CreatorVersion: 20, ReaderVersion: 20,
		ModifiedDate: uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9),
		ModifiedTime: uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11),
		Extra:        ext[:],
		CRC32:        c.crc, CompressedSize64: uint64(len(c.deflated)), UncompressedSize64: uint64(len(c.body)),
	}
}
