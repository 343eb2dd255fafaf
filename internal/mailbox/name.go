package mailbox

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes is the longest name most file systems accept.
const maxNameBytes = 255

// safeName makes an attachment's decoded name safe to save: the base name only (a sender's
// "C:\x\经发局.xlsx" or "../../etc/passwd" keeps "经发局.xlsx" and "passwd"), without a drive
// letter, control or format characters (bidi overrides that disguise an extension
// included), with Windows' forbidden characters replaced by "_", without leading spaces or
// trailing spaces and dots, not a Windows device name, NFC, at most 255 bytes with the
// extension kept. An empty result becomes "附件-n" plus an extension guessed from the media
// type mt or the data.
func safeName(raw string, n int, mt string, data []byte) string {
	s := raw
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	if len(s) >= 2 && s[1] == ':' && ('a' <= s[0]|0x20 && s[0]|0x20 <= 'z') {
		s = s[2:]
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	s = strings.TrimLeft(s, " ")
	s = strings.TrimRight(s, " .")
	s = truncateName(s)
	s = strings.TrimRight(s, " .")
	if s == "" {
		return "附件-" + strconv.Itoa(n) + guessExt(mt, data)
	}
	if isDeviceName(s) {
		s = "_" + s
	}
	return s
}

// truncateName cuts a name to maxNameBytes on a character boundary, keeping a short
// extension.
func truncateName(s string) string {
	if len(s) <= maxNameBytes {
		return s
	}
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= 16 {
		s, ext = s[:i], s[i:]
	}
	limit := maxNameBytes - len(ext)
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit] + ext
}

// isDeviceName reports names Windows reserves for devices, whatever the extension.
func isDeviceName(s string) bool {
	stem, _, _ := strings.Cut(s, ".")
	switch strings.ToUpper(strings.TrimSpace(stem)) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}

// guessExt gives a file extension for an attachment that came without a name: from its
// media type, else from the data's signature; ".bin" when neither tells.
func guessExt(mt string, data []byte) string {
	switch mt {
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return ".xlsx"
	case "application/vnd.ms-excel.sheet.macroenabled.12":
		return ".xlsm"
	case "application/vnd.ms-excel", "application/excel", "application/x-excel", "application/x-msexcel":
		return ".xls"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "application/msword":
		return ".doc"
	case "application/pdf":
		return ".pdf"
	case "application/zip", "application/x-zip-compressed":
		return ".zip"
	case "application/x-rar-compressed", "application/vnd.rar":
		return ".rar"
	case "application/x-7z-compressed":
		return ".7z"
	case "text/csv":
		return ".csv"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "message/rfc822":
		return ".eml"
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		switch {
		case bytes.Contains(data, []byte("xl/workbook.xml")):
			return ".xlsx"
		case bytes.Contains(data, []byte("word/document.xml")):
			return ".docx"
		}
		return ".zip"
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		switch {
		case bytes.Contains(data, []byte("W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00")):
			return ".xls"
		case bytes.Contains(data, []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00")):
			return ".doc"
		}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return ".pdf"
	}
	return ".bin"
}
