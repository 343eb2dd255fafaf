package scan

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Scanning reads an outside workbook without excelize: only the parts needed (workbook,
// relationships, shared strings, styles' number formats and the wanted sheets), streaming, with
// hard limits on sizes and counts, formulas seen as formulas. It is the intake's reader: fast
// and safe on hostile files.

// Errors of scanning, to tell the user what is wrong with the file.
var (
	ErrNotZip   = errors.New("not a zip package")
	ErrTooLarge = errors.New("too large")
	ErrCorrupt  = errors.New("corrupt workbook")
)

// Limits bound a scan.
type Limits struct {
	MaxPart    int64 // uncompressed bytes of one part
	MaxTotal   int64 // uncompressed bytes of all parts read
	MaxRows    int   // rows of a wanted sheet
	MaxCols    int   // cells of a row
	MaxStrings int   // shared strings
	MaxRatio   int64 // uncompressed/compressed of a Part: above it is a zip bomb
}

// DefaultLimits suit a unit's return: a few hundred rows of text.
var DefaultLimits = Limits{MaxPart: 16 << 20, MaxTotal: 48 << 20, MaxRows: 20000, MaxCols: 200, MaxStrings: 200000, MaxRatio: 1000}

// SheetState is a sheet's visibility.
type SheetState string

// Sheet visibility states as stored in the workbook.
const (
	Visible    SheetState = "visible"
	Hidden     SheetState = "hidden"
	VeryHidden SheetState = "veryHidden"
)

// SheetInfo names a sheet of a scanned workbook.
type SheetInfo struct {
	Name  string
	State SheetState
	Part  string // the sheet's part in the package, e.g. xl/worksheets/sheet1.xml
}

// Cell is one cell: its column (1-based), its value as text (shared strings resolved,
// numbers as written), whether it holds a formula, and whether its number format is a date.
type Cell struct {
	Col     int
	Value   string
	Formula string // the formula text, without "="; "" when none
	Type    string // the cell's t attribute: "", "s", "str", "inlineStr", "b", "e", "n", "d"
	Date    bool   // the cell's style has a date number format
}

// Row is a row of cells in column order.
type Row struct {
	Row   int
	Cells []Cell
}

// Cell returns the cell in a column, or nil.
func (r *Row) Cell(col int) *Cell {
	for i := range r.Cells {
		if r.Cells[i].Col == col {
			return &r.Cells[i]
		}
	}
	return nil
}

// Result is what a scan found.
type Result struct {
	Sheets   []SheetInfo
	Date1904 bool
	Rows     map[string][]Row       // the wanted sheets' rows
	Merges   map[string][]MergeArea // the wanted sheets' merged ranges
	Pictures map[string]Picture     // the cell pictures (WPS) the wanted sheets show, by ID
	// PictureErr says why a picture a wanted sheet shows could not be read; the rows are good.
	PictureErr error
}

// MergeArea is a merged range, by its first and last column and row.
type MergeArea struct {
	Col1, Row1, Col2, Row2 int
}

type scanner struct {
	zr       *zip.Reader
	files    map[string]*zip.File
	lim      Limits
	cache    *Cache
	total    int64
	strings  []string
	dateXf   []bool
	date1904 bool
}

// Scan reads a workbook's bytes; want selects the sheets whose rows are read. cache, shared by
// the scans of a run, may be nil.
func Scan(data []byte, lim Limits, want func(name string) bool, cache *Cache) (*Result, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	s := &scanner{zr: zr, files: map[string]*zip.File{}, lim: lim, cache: cache}
	for _, f := range zr.File {
		s.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	wbPath, err := s.officeDocument()
	if err != nil {
		return nil, err
	}
	sheets, err := s.workbook(wbPath)
	if err != nil {
		return nil, err
	}
	rels, err := s.rels(wbPath)
	if err != nil {
		return nil, err
	}
	res := &Result{Date1904: s.date1904, Rows: map[string][]Row{}, Merges: map[string][]MergeArea{}}
	var wanted []SheetInfo
	for _, sh := range sheets {
		sh.Part = rels[sh.Part]
		res.Sheets = append(res.Sheets, sh)
		if want != nil && want(sh.Name) {
			wanted = append(wanted, sh)
		}
	}
	if len(wanted) == 0 {
		return res, nil
	}
	if err := s.sharedStrings(wbPath, rels); err != nil {
		return nil, err
	}
	if err := s.styles(wbPath, rels); err != nil {
		return nil, err
	}
	for _, sh := range wanted {
		if sh.Part == "" {
			return nil, fmt.Errorf("%w: sheet %s has no part", ErrCorrupt, sh.Name)
		}
		rows, merges, err := s.sheet(sh.Part)
		if err != nil {
			return nil, err
		}
		res.Rows[sh.Name] = rows
		res.Merges[sh.Name] = merges
	}
	ids := map[string]bool{}
	for _, rows := range res.Rows {
		for _, r := range rows {
			for _, c := range r.Cells {
				if id := PictureID(c.Formula); id != "" {
					ids[id] = true
				}
			}
		}
	}
	if len(ids) > 0 {
		res.Pictures, res.PictureErr = s.pictures(wbPath, rels, ids)
	}
	return res, nil
}

// open returns a reader of a part that fails once the part or the scan exceeds its limits.
func (s *scanner) open(name string) (io.ReadCloser, error) {
	f, ok := s.files[name]
	if !ok {
		return nil, fmt.Errorf("%w: missing part %s", ErrCorrupt, name)
	}
	if f.UncompressedSize64 > uint64(s.lim.MaxPart) {
		return nil, fmt.Errorf("%w: part %s is %d bytes", ErrTooLarge, name, f.UncompressedSize64)
	}
	if s.lim.MaxRatio > 0 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > uint64(s.lim.MaxRatio) && f.UncompressedSize64 > 1<<20 {
		return nil, fmt.Errorf("%w: part %s expands %d times", ErrTooLarge, name, f.UncompressedSize64/f.CompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	return &limited{rc: rc, s: s, left: s.lim.MaxPart + 1, name: name}, nil
}

type limited struct {
	rc   io.ReadCloser
	s    *scanner
	left int64
	name string
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%w: part %s over %d bytes", ErrTooLarge, l.name, l.s.lim.MaxPart)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	l.s.total += int64(n)
	if l.s.total > l.s.lim.MaxTotal {
		return n, errTotal(l.s)
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %s: %v", ErrCorrupt, l.name, err)
	}
	return n, err
}

func (l *limited) Close() error { return l.rc.Close() }

func errTotal(s *scanner) error {
	return fmt.Errorf("%w: over %d bytes uncompressed", ErrTooLarge, s.lim.MaxTotal)
}

// part reads a whole part (bounded by the limits) for the tokenizer.
func (s *scanner) part(name string) (*xmlTok, error) {
	rc, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	f := s.files[name]
	buf := bytes.NewBuffer(make([]byte, 0, min(f.UncompressedSize64, uint64(s.lim.MaxPart))+1))
	if _, err := buf.ReadFrom(rc); err != nil {
		return nil, err
	}
	return newXMLTok(buf.Bytes()), nil
}

func xmlErr(part string, err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrCorrupt) {
		return err
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, part, err)
}

// officeDocument finds the workbook part from the package relationships.
func (s *scanner) officeDocument() (string, error) {
	if _, ok := s.files["_rels/.rels"]; !ok {
		if _, ok := s.files["xl/workbook.xml"]; ok {
			return "xl/workbook.xml", nil
		}
		return "", fmt.Errorf("%w: no workbook part", ErrCorrupt)
	}
	rels, err := s.readRels("_rels/.rels", "")
	if err != nil {
		return "", err
	}
	for id, target := range rels {
		if strings.HasSuffix(id, "officeDocument") {
			return target, nil
		}
	}
	if _, ok := s.files["xl/workbook.xml"]; ok {
		return "xl/workbook.xml", nil
	}
	return "", fmt.Errorf("%w: no workbook part", ErrCorrupt)
}

// readRels reads a relationships part into id → target (resolved against base); for the
// package relationships, the type is used as the key so the office document can be found.
func (s *scanner) readRels(name, base string) (map[string]string, error) {
	return cached(s, "rels\x00"+base, name, func() (map[string]string, error) { return s.parseRels(name, base) })
}

func (s *scanner) parseRels(name, base string) (map[string]string, error) {
	t, err := s.part(name)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for {
		k, err := t.next()
		if err != nil {
			return nil, xmlErr(name, err)
		}
		if k == tokEOF {
			return out, nil
		}
		if k != tokStart || !t.is("Relationship") || t.attr("TargetMode") == "External" {
			continue
		}
		target := t.attr("Target")
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Clean(path.Join(base, target))
		}
		key := t.attr("Id")
		if base == "" {
			key = t.attr("Type")
		}
		out[key] = target
	}
}

// workbookPart is what a scan takes from the workbook part.
type workbookPart struct {
	sheets   []SheetInfo // part holds the relationship id
	date1904 bool
}

func (s *scanner) workbook(wbPath string) ([]SheetInfo, error) {
	wb, err := cached(s, "workbook", wbPath, func() (*workbookPart, error) { return s.parseWorkbook(wbPath) })
	if err != nil {
		return nil, err
	}
	s.date1904 = wb.date1904
	return wb.sheets, nil
}

func (s *scanner) parseWorkbook(wbPath string) (*workbookPart, error) {
	t, err := s.part(wbPath)
	if err != nil {
		return nil, err
	}
	out := &workbookPart{}
	for {
		k, err := t.next()
		if err != nil {
			return nil, xmlErr(wbPath, err)
		}
		if k == tokEOF {
			return out, nil
		}
		if k != tokStart {
			continue
		}
		switch {
		case t.is("workbookPr"):
			v := t.attr("date1904")
			out.date1904 = v == "1" || v == "true"
		case t.is("sheet"):
			st := SheetState(t.attr("state"))
			if st == "" {
				st = Visible
			}
			out.sheets = append(out.sheets, SheetInfo{Name: t.attr("name"), State: st, Part: t.attr("id")})
			if len(out.sheets) > 1000 {
				return nil, fmt.Errorf("%w: more than 1000 sheets", ErrTooLarge)
			}
		}
	}
}

func (s *scanner) rels(wbPath string) (map[string]string, error) {
	dir, file := path.Split(wbPath)
	name := dir + "_rels/" + file + ".rels"
	if _, ok := s.files[name]; !ok {
		return nil, fmt.Errorf("%w: no workbook relationships", ErrCorrupt)
	}
	return s.readRels(name, strings.TrimSuffix(dir, "/"))
}

// related finds the workbook's related part by its conventional name.
func (s *scanner) related(wbPath string, rels map[string]string, suffix string) string {
	for _, target := range rels {
		if strings.HasSuffix(strings.ToLower(target), suffix) {
			return target
		}
	}
	return ""
}

func (s *scanner) sharedStrings(wbPath string, rels map[string]string) error {
	name := s.related(wbPath, rels, "sharedstrings.xml")
	if name == "" {
		return nil
	}
	t, err := s.part(name)
	if err != nil {
		return err
	}
	var cur textAcc
	inSI, inT, inRPh := false, false, false
	for {
		k, err := t.next()
		if err != nil {
			return xmlErr(name, err)
		}
		switch k {
		case tokEOF:
			return nil
		case tokStart:
			switch {
			case t.is("si"):
				inSI = true
				cur.Reset()
			case t.is("t"):
				inT = inSI
			case t.is("rPh"):
				inRPh = true
			}
		case tokEnd:
			switch {
			case t.is("si"):
				inSI = false
				s.strings = append(s.strings, cur.value())
				if len(s.strings) > s.lim.MaxStrings {
					return fmt.Errorf("%w: more than %d shared strings", ErrTooLarge, s.lim.MaxStrings)
				}
			case t.is("t"):
				inT = false
			case t.is("rPh"):
				inRPh = false
			}
		case tokText:
			if inT && !inRPh {
				v, err := t.textValue()
				if err != nil {
					return xmlErr(name, err)
				}
				cur.add(v)
			}
		}
	}
}

// textAcc gathers the text pieces of one value: most values are one piece, kept as it is;
// only several pieces are joined.
type textAcc struct {
	first string
	n     int
	more  strings.Builder
}

func (a *textAcc) Reset() {
	a.first, a.n = "", 0
	a.more.Reset()
}

func (a *textAcc) add(v string) {
	switch a.n {
	case 0:
		a.first = v
	case 1:
		a.more.WriteString(a.first)
		a.more.WriteString(v)
	default:
		a.more.WriteString(v)
	}
	a.n++
}

// Len is the length of the text so far.
func (a *textAcc) Len() int {
	if a.n <= 1 {
		return len(a.first)
	}
	return a.more.Len()
}

func (a *textAcc) value() string {
	if a.n <= 1 {
		return a.first
	}
	return a.more.String()
}

// styles finds which cell formats (xf index) are dates: built-in date formats 14–22, 27–36,
// 45–47, 50–58 (the Chinese ones) and custom formats with date letters.
func (s *scanner) styles(wbPath string, rels map[string]string) error {
	name := s.related(wbPath, rels, "styles.xml")
	if name == "" {
		return nil
	}
	dateXf, err := cached(s, "styles", name, func() ([]bool, error) { return s.parseStyles(name) })
	s.dateXf = dateXf
	return err
}

func (s *scanner) parseStyles(name string) ([]bool, error) {
	t, err := s.part(name)
	if err != nil {
		return nil, err
	}
	var dateXf []bool
	custom := map[int]bool{}
	inCellXfs := false
	for {
		k, err := t.next()
		if err != nil {
			return nil, xmlErr(name, err)
		}
		switch k {
		case tokEOF:
			return dateXf, nil
		case tokStart:
			switch {
			case t.is("numFmt"):
				id, _ := strconv.Atoi(t.attr("numFmtId"))
				custom[id] = isDateFormat(t.attr("formatCode"))
			case t.is("cellXfs"):
				inCellXfs = true
			case t.is("xf") && inCellXfs:
				id, _ := strconv.Atoi(t.attr("numFmtId"))
				date, ok := custom[id]
				if !ok {
					date = builtinDate(id)
				}
				dateXf = append(dateXf, date)
				if len(dateXf) > 100000 {
					return nil, fmt.Errorf("%w: too many styles", ErrTooLarge)
				}
			}
		case tokEnd:
			if t.is("cellXfs") {
				inCellXfs = false
			}
		}
	}
}

func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat tells a custom number format that shows a date: it has y, m or d outside
// quotes and brackets, and is not only elapsed time.
func isDateFormat(code string) bool {
	inQuote, inBracket := false, false
	for _, r := range strings.ToLower(code) {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case r == 'y' || r == 'd' || r == '年' || r == '日':
			return true
		case r == 'm' && !strings.ContainsAny(code, "hs"):
			return true
		}
	}
	return false
}

// sheet reads a worksheet's rows and merged ranges.
func (s *scanner) sheet(name string) (rows []Row, merges []MergeArea, err error) {
	t, err := s.part(name)
	if err != nil {
		return nil, nil, err
	}
	var row *Row
	var cell *Cell
	var text textAcc
	inV, inF, inIS, inT, inRPh := false, false, false, false, false
	nextRow, nextCol := 1, 1
	for {
		k, err := t.next()
		if err != nil {
			return nil, nil, xmlErr(name, err)
		}
		switch k {
		case tokEOF:
			return rows, merges, nil
		case tokStart:
			switch {
			case t.is("row"):
				n := nextRow
				if v, present, ok := t.attrInt("r"); ok {
					n = v
					if n < 1 || n > 1048576 {
						return nil, nil, fmt.Errorf("%w: row number %d", ErrCorrupt, n)
					}
				} else if v := t.attr("r"); present && v != "" {
					if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1048576 {
						return nil, nil, fmt.Errorf("%w: row number %q", ErrCorrupt, v)
					}
				}
				if len(rows) >= s.lim.MaxRows {
					return nil, nil, fmt.Errorf("%w: more than %d rows", ErrTooLarge, s.lim.MaxRows)
				}
				rows = append(rows, Row{Row: n})
				row = &rows[len(rows)-1]
				nextRow, nextCol = n+1, 1
			case t.is("c"):
				if row == nil {
					return nil, nil, fmt.Errorf("%w: cell outside a row", ErrCorrupt)
				}
				col := nextCol
				if ref := t.attrRaw("r"); len(ref) > 0 {
					if bytes.IndexByte(ref, '&') >= 0 {
						col, err = refCol(t.attr("r"))
					} else {
						col, err = refCol(ref)
					}
					if err != nil {
						return nil, nil, err
					}
				}
				if len(row.Cells) >= s.lim.MaxCols {
					return nil, nil, fmt.Errorf("%w: more than %d cells in a row", ErrTooLarge, s.lim.MaxCols)
				}
				row.Cells = append(row.Cells, Cell{Col: col, Type: cellType(t)})
				cell = &row.Cells[len(row.Cells)-1]
				if i, _, ok := t.attrInt("s"); ok {
					if i < len(s.dateXf) {
						cell.Date = s.dateXf[i]
					}
				} else if st := t.attr("s"); st != "" {
					if i, err := strconv.Atoi(st); err == nil && i >= 0 && i < len(s.dateXf) {
						cell.Date = s.dateXf[i]
					}
				}
				nextCol = col + 1
			case t.is("v"):
				inV = cell != nil
				text.Reset()
			case t.is("f"):
				inF = cell != nil
				text.Reset()
				if cell != nil && cell.Formula == "" {
					cell.Formula = "(shared)" // a shared formula's follower has no text of its own
				}
			case t.is("is"):
				inIS = cell != nil
				text.Reset()
			case t.is("t"):
				inT = inIS && !inRPh
			case t.is("rPh"):
				// a phonetic reading: not part of the text (as in shared strings)
				inRPh, inT = inIS, false
			case t.is("mergeCell"):
				if m, ok := mergeArea(t.attr("ref")); ok && len(merges) < 10000 {
					merges = append(merges, m)
				}
			}
		case tokEnd:
			switch {
			case t.is("v"):
				if inV {
					cell.Value = text.value()
					inV = false
				}
			case t.is("f"):
				if inF {
					if f := text.value(); f != "" {
						cell.Formula = f
					}
					inF = false
				}
			case t.is("t"):
				inT = false
			case t.is("rPh"):
				inRPh = false
			case t.is("is"):
				if inIS {
					cell.Value = text.value()
					inIS, inRPh = false, false
				}
			case t.is("c"):
				// a shared-string cell without a value (<c t="s"/>) is valid and empty
				if cell != nil && cell.Type == "s" && cell.Value != "" {
					i, err := strconv.Atoi(cell.Value)
					if err != nil || i < 0 || i >= len(s.strings) {
						return nil, nil, fmt.Errorf("%w: shared string %q", ErrCorrupt, cell.Value)
					}
					cell.Value = s.strings[i]
				}
				cell = nil
			case t.is("row"):
				row = nil
			}
		case tokText:
			if inV || inF || (inIS && inT) {
				if text.Len()+len(t.text) > 256<<10 {
					return nil, nil, fmt.Errorf("%w: a cell over 256 KB", ErrTooLarge)
				}
				v, err := t.textValue()
				if err != nil {
					return nil, nil, xmlErr(name, err)
				}
				text.add(v)
			}
		}
	}
}

// cellTypes are the values of a cell's t attribute, so that reading one makes no string.
var cellTypes = []string{"s", "str", "inlineStr", "b", "e", "n", "d"}

// cellType is the current cell's t attribute.
func cellType(t *xmlTok) string {
	v := t.attrRaw("t")
	if v == nil {
		return ""
	}
	for _, ct := range cellTypes {
		if string(v) == ct {
			return ct
		}
	}
	return t.attr("t")
}

// refCol reads the column of an A1 reference.
func refCol[T ~string | ~[]byte](ref T) (int, error) {
	col := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a'+1)
		case c >= '0' && c <= '9':
			if col == 0 || col > 16384 {
				return 0, fmt.Errorf("%w: cell reference %q", ErrCorrupt, ref)
			}
			return col, nil
		default:
			return 0, fmt.Errorf("%w: cell reference %q", ErrCorrupt, ref)
		}
		if col > 16384 {
			return 0, fmt.Errorf("%w: cell reference %q", ErrCorrupt, ref)
		}
	}
	return 0, fmt.Errorf("%w: cell reference %q", ErrCorrupt, ref)
}

// mergeArea reads "A6:C6".
func mergeArea(ref string) (MergeArea, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return MergeArea{}, false
	}
	c1, r1, ok1 := splitRef(a)
	c2, r2, ok2 := splitRef(b)
	return MergeArea{c1, r1, c2, r2}, ok1 && ok2
}

func splitRef(ref string) (int, int, bool) {
	col, err := refCol(ref)
	if err != nil {
		return 0, 0, false
	}
	i := strings.IndexAny(ref, "0123456789")
	row, err := strconv.Atoi(ref[i:])
	return col, row, err == nil && row > 0
}
