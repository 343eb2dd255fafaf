package report

import (
	"strings"
	"unicode"
)

// FreeSection is a section of the office's own words: its title (numbered in the report like
// the others) and its paragraphs.
type FreeSection struct {
	Title      string
	Paragraphs []string
}

// DefaultFreeTitle is the title of free paragraphs written before any 【title】 line.
const DefaultFreeTitle = "下步工作"

// ParseFree reads the office's free paragraphs (进展报告下步工作.txt): plain text, no template
// syntax. A line that is a title in 【】 (“【下步工作】”, “【存在的主要问题】”) starts a section
// with that title; every other non-empty line is a paragraph of the section it is in
// (paragraphs before the first title belong to 下步工作). Blank lines, a byte-order mark,
// Windows line ends, and spaces around lines (the two-character indent people type, too) do not
// matter. A section without paragraphs is left out.
func ParseFree(text string) []FreeSection {
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out []FreeSection
	cur := -1
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimFunc(line, unicode.IsSpace)
		if line == "" {
			continue
		}
		if t, ok := freeTitle(line); ok {
			out = append(out, FreeSection{Title: t})
			cur = len(out) - 1
			continue
		}
		if cur < 0 {
			out = append(out, FreeSection{Title: DefaultFreeTitle})
			cur = 0
		}
		out[cur].Paragraphs = append(out[cur].Paragraphs, line)
	}
	kept := out[:0]
	for _, s := range out {
		if len(s.Paragraphs) > 0 {
			kept = append(kept, s)
		}
	}
	return kept
}

// freeTitle tells a 【title】 line and its title, without a numbering the office may have
// typed (“【五、下步工作】”): the report numbers its sections itself.
func freeTitle(line string) (string, bool) {
	if !strings.HasPrefix(line, "【") || !strings.HasSuffix(line, "】") {
		return "", false
	}
	t := strings.TrimFunc(strings.TrimSuffix(strings.TrimPrefix(line, "【"), "】"), unicode.IsSpace)
	if t == "" || strings.ContainsAny(t, "【】") {
		return "", false
	}
	if i := strings.Index(t, "、"); i > 0 && strings.Trim(t[:i], "一二三四五六七八九十0123456789") == "" {
		t = strings.TrimFunc(t[i+len("、"):], unicode.IsSpace)
	}
	return t, t != ""
}
