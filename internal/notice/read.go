package notice

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// MaxNoticeBytes bounds what is read of a notice file and of a .docx's document part.
const MaxNoticeBytes = 32 << 20

// ErrFormat marks input that is not a notice the tool can read (wrong kind of file). Callers
// treat it as a usage error: the user gave the wrong file.
var ErrFormat = errors.New("unsupported notice format")

// FormatError says what the file is and what was expected, in the users' words.
type FormatError struct {
	Name string
	What string // e.g. "旧版 Word 文档（.doc）"
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("%s 是%s，无法读取：请提供纯文本（.txt，UTF-8 或 GBK 编码）或 Word 文档（.docx）", e.Name, e.What)
}

func (e *FormatError) Unwrap() error { return ErrFormat }

// Text returns the notice's text from a file's bytes: UTF-8, UTF-16 (with a byte-order mark)
// or GB18030/GBK plain text, or the paragraphs of a Word .docx. name is only used in messages
// and to tell a .docx from text.
func Text(name string, data []byte) (string, error) {
	base := filepath.Base(name)
	if len(data) > MaxNoticeBytes {
		return "", &FormatError{Name: base, What: fmt.Sprintf("过大的文件（%d 字节）", len(data))}
	}
	switch {
	case len(data) == 0:
		return "", &FormatError{Name: base, What: "空文件"}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return docxText(base, data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", &FormatError{Name: base, What: "旧版 Office 文档（.doc/.wps），请另存为 .docx"}
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "", &FormatError{Name: base, What: "PDF 文件"}
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "", &FormatError{Name: base, What: "RTF 文档，请另存为 .docx"}
	}
	text, err := decodeText(data)
	if err != nil {
		return "", &FormatError{Name: base, What: "二进制文件或未知编码的文件"}
	}
	return text, nil
}

// decodeText detects the encoding of plain text. Valid UTF-8 wins (GB18030 bytes are almost
// never valid UTF-8 for Chinese text); then UTF-16 by its byte-order mark; then GB18030, a
// superset of GBK and GB2312. Text with NUL bytes or many control characters is binary.
func decodeText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", err
		}
		return checkText(string(out))
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(data) {
		return checkText(string(data))
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", err
	}
	return checkText(string(out))
}

// checkText refuses text that looks binary: NUL bytes, replacement characters or many control
// characters.
func checkText(s string) (string, error) {
	ctrl, total := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == 0 || r == utf8.RuneError:
			return "", errors.New("binary content")
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f':
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*50 > total {
		return "", errors.New("binary content")
	}
	return s, nil
}

// docxText extracts paragraph text from word/document.xml: one line per w:p, w:tab as a tab,
// w:br as a line break. Tables come out cell by cell, one paragraph per line.
func docxText(base string, data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", &FormatError{Name: base, What: "损坏的压缩文件"}
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
		if f.Name == "xl/workbook.xml" {
			return "", &FormatError{Name: base, What: "Excel 工作簿"}
		}
	}
	if doc == nil {
		return "", &FormatError{Name: base, What: "不含正文的压缩文件（不是 Word .docx）"}
	}
	rc, err := doc.Open()
	if err != nil {
		return "", &FormatError{Name: base, What: "损坏的 Word 文档"}
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxNoticeBytes + 1}
	text, err := paragraphs(lr)
	if lr.N <= 0 {
		return "", &FormatError{Name: base, What: "正文过大的 Word 文档"}
	}
	if err != nil {
		return "", &FormatError{Name: base, What: "损坏的 Word 文档"}
	}
	return text, nil
}

func paragraphs(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
}
