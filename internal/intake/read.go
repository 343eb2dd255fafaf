package intake

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"taizhang/internal/finding"
	"taizhang/internal/template"
	"taizhang/internal/xlsx/scan"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// encryptionInfo is the name of the stream an encrypted OOXML file carries inside its OLE
// container, as UTF-16LE in the directory.
var encryptionInfo = utf16le("EncryptionInfo")

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// Workbook is a returned workbook's content as read: its sheets, the identity sheet's
// name/value pairs and the fill sheet's rows.
type Workbook struct {
	Sheets      []scan.SheetInfo
	HasIdentity bool
	Identity    [][2]string
	HasFill     bool
	Fill        []scan.Row
	FillMerges  []scan.MergeArea
	Date1904    bool
	Pictures    map[string]scan.Picture // pictures pasted into the fill sheet's cells (WPS), by ID
	PictureErr  error                   // why a picture the fill sheet shows could not be read
}

// MergedEnd is the last column of the merged range that starts at a cell of the fill sheet, or
// the column itself.
func (wb *Workbook) MergedEnd(col, row int) int {
	for _, m := range wb.FillMerges {
		if m.Col1 == col && m.Row1 == row {
			return m.Col2
		}
	}
	return col
}

// Read tells what the bytes are and, for an .xlsx, reads it. Anything that is not a readable
// .xlsx workbook gives a file finding instead; a panic while reading is one too. cache, shared
// by the reads of one run, may be nil.
func Read(data []byte, lim scan.Limits, cache *scan.Cache) (wb *Workbook, f *finding.Finding) {
	if f := classify(data); f != nil {
		return nil, f
	}
	defer func() {
		if r := recover(); r != nil {
			wb, f = nil, problem(finding.Corrupt, "文件内容异常，无法读取（%v）：请重新保存后报送", r)
		}
	}()
	sc, err := scan.Scan(data, lim, func(name string) bool { return name == template.SheetFill || name == template.SheetIdentity }, cache)
	if err != nil {
		return nil, scanProblem(err)
	}
	wb = &Workbook{Sheets: sc.Sheets, Date1904: sc.Date1904, Pictures: sc.Pictures, PictureErr: sc.PictureErr}
	if rows, ok := sc.Rows[template.SheetIdentity]; ok {
		wb.HasIdentity = true
		for _, r := range rows {
			var k, v string
			if c := r.Cell(1); c != nil {
				k = c.Value
			}
			if c := r.Cell(2); c != nil {
				v = c.Value
			}
			wb.Identity = append(wb.Identity, [2]string{k, v})
		}
	}
	if rows, ok := sc.Rows[template.SheetFill]; ok {
		wb.HasFill = true
		cleanCells(rows) // what later stages print and write is printable text
		wb.Fill = rows
		wb.FillMerges = sc.Merges[template.SheetFill]
	}
	return wb, nil
}

func scanProblem(err error) *finding.Finding {
	switch {
	case errors.Is(err, scan.ErrTooLarge):
		return problem(finding.TooLarge, "工作簿解压后过大或行数过多（%v），可能是压缩炸弹：拒收", shortErr(err))
	case errors.Is(err, scan.ErrNotZip):
		return problem(finding.Corrupt, "压缩包结构损坏（可能下载不完整）：请重新保存后报送")
	}
	return problem(finding.Corrupt, "工作簿内容损坏，无法读取（%v）：请用 Excel 或 WPS 打开后另存为 .xlsx 再报送", shortErr(err))
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// classify looks at the bytes before any parsing: empty, legacy or encrypted OLE, PDF, text,
// HTML, and zip packages that are not workbooks.
func classify(data []byte) *finding.Finding {
	switch {
	case len(data) == 0:
		return problem(finding.Corrupt, "文件是空的（0 字节）：可能下载或保存失败，请重新报送")
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, encryptionInfo) {
			return problem(finding.Encrypted, "工作簿设置了打开密码：请取消密码（文件→信息→保护工作簿）后重新报送")
		}
		return problem(finding.NotXLSX, "这是旧版 Excel（.xls）或 WPS（.et）格式的文件：请另存为 .xlsx 后重新报送")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return problem(finding.NotXLSX, "这是 PDF 文件，不是工作簿：请报送填好的 .xlsx 模板")
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return problem(finding.NotXLSX, "这是 RTF 文档，不是工作簿：请报送填好的 .xlsx 模板")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return classifyZip(data)
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	if strings.Contains(head, "<html") || strings.Contains(head, "<table") || strings.Contains(head, "<?xml") {
		return problem(finding.NotXLSX, "这是网页或 XML 格式的表格（常见于系统导出的 .xls）：请用 Excel 或 WPS 另存为 .xlsx")
	}
	if isText(data) {
		return problem(finding.NotXLSX, "这是文本或 .csv 文件，不是工作簿：请在下发的 .xlsx 模板中填写后报送")
	}
	return problem(finding.NotXLSX, "无法识别的文件格式，不是 .xlsx 工作簿：请另存为 .xlsx 后重新报送")
}

func classifyZip(data []byte) *finding.Finding {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return problem(finding.Corrupt, "压缩包结构损坏（可能下载不完整）：请重新保存后报送")
	}
	has := func(prefix string) bool {
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, prefix) {
				return true
			}
		}
		return false
	}
	switch {
	case has("xl/") || has("/xl/"):
		return nil
	case has("word/"):
		return problem(finding.NotXLSX, "这是 Word 文档（.docx），不是工作簿：请在下发的 .xlsx 模板中填写后报送")
	case has("ppt/"):
		return problem(finding.NotXLSX, "这是 PowerPoint 文档，不是工作簿：请在下发的 .xlsx 模板中填写后报送")
	case has("mimetype"):
		return problem(finding.NotXLSX, "这是 OpenDocument 格式（.ods 等）：请另存为 .xlsx 后重新报送")
	}
	return problem(finding.NotXLSX, "这是压缩包，不是工作簿：请直接报送填好的 .xlsx 模板")
}

// isText tells text (UTF-8, GB18030, a .csv) from binary: no NUL bytes and few control
// characters in the first kilobytes.
func isText(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' {
			ctrl++
		}
	}
	return ctrl*20 < len(head) || utf8.Valid(head) && ctrl == 0
}

// Describe names an input for messages: "经发局.xlsx" or "经发局.eml › 进展.xlsx".
func Describe(in *Input) string {
	if in.Attachment != "" {
		return fmt.Sprintf("%s › %s", baseOf(in.Path), in.Attachment)
	}
	return baseOf(in.Path)
}

func baseOf(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	return p[i+1:]
}
