package intake

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"taizhang/internal/mailbox"
	"taizhang/internal/xlsx/scan"
)

// Printable makes text a unit controls — a sender, a subject, an attachment's or a file's
// name, a cell — safe to print on a terminal and to write into a receipt: control characters
// (ESC and so the terminal's escape sequences, BEL, BS, a lone CR, C1 controls such as CSI)
// are removed, CR LF becomes LF, the bidirectional overrides, embeddings, isolates and marks
// (which reorder what is shown, "进展\u202excod.xlsx") are removed, line and paragraph
// separators become LF, and invalid UTF-8 becomes U+FFFD. New lines and tabs stay. It is the
// one place the rule lives: intake applies it to all it reads, and printers apply it again to
// what they print.
func Printable(s string) string {
	if printable(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == 0x2028 || r == 0x2029:
			return '\n'
		case hostile(r):
			return -1
		}
		return r
	}, s)
}

// PrintableLine is Printable for a value shown on one line: new lines and tabs become spaces,
// so a subject cannot start a line of output of its own.
func PrintableLine(s string) string {
	s = Printable(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// hostile reports the characters Printable removes.
func hostile(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r < 0xA0: // C0 (not LF, tab: see Printable), DEL, C1
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // bidi
		return true
	}
	return false
}

// printable is Printable's quick answer: most text has nothing to remove.
func printable(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || hostile(r) || r == 0x2028 || r == 0x2029 {
			return false
		}
		i += n
	}
	return true
}

// cleanMessage makes what an e-mail says about itself printable: the sender, its name, the
// subject, the Message-ID and the attachments' names.
func cleanMessage(msg *mailbox.Message) {
	msg.From, msg.FromName = PrintableLine(msg.From), PrintableLine(msg.FromName)
	msg.Subject, msg.MessageID = PrintableLine(msg.Subject), PrintableLine(msg.MessageID)
	for i := range msg.Attachments {
		msg.Attachments[i].Name = PrintableLine(msg.Attachments[i].Name)
	}
}

// cleanCells makes the cells' text and formulas printable, in place. Excel's escapes for
// control characters (_x001B_) are decoded first, so that what they stand for is removed too.
func cleanCells(rows []scan.Row) {
	for i := range rows {
		for j := range rows[i].Cells {
			c := &rows[i].Cells[j]
			c.Value = cleanCell(c.Value)
			c.Formula = cleanCell(c.Formula)
		}
	}
}

// CellText is a cell's text as every stage reads it: spreadsheet escapes decoded, then
// Printable. Readers of the tool's own workbooks (the review workbook) read cells as returns'
// cells are read.
func CellText(s string) string { return cleanCell(s) }

func cleanCell(s string) string {
	if strings.Contains(s, "_x") {
		s = decodeEscapes(s)
	}
	return Printable(s)
}

var reEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// decodeEscapes turns the _xHHHH_ escapes spreadsheet programs write for characters XML
// cannot hold (control characters) back into characters ("_x005F_" is a literal "_").
func decodeEscapes(s string) string {
	return reEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:6], 16, 32)
		if err != nil || !utf8.ValidRune(rune(n)) {
			return m
		}
		return string(rune(n))
	})
}
