package intake

import "testing"

func TestPrintable(t *testing.T) {
	cases := []struct{ in, text, line string }{
		{"经发局.xlsx", "经发局.xlsx", "经发局.xlsx"},
		{"a\x1b[2Jb\x07c\bd", "a[2Jbcd", "a[2Jbcd"},
		{"\x1b]0;title\x07x", "]0;titlex", "]0;titlex"},
		{"伪造\r接收", "伪造接收", "伪造接收"},
		{"第一行\r\n第二行\t完", "第一行\n第二行\t完", "第一行 第二行 完"},
		{"进展\u202excod.xlsx", "进展xcod.xlsx", "进展xcod.xlsx"},
		{"\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c", "", ""},
		{"\u009b31m红", "31m红", "31m红"},
		{"a\u2028b", "a\nb", "a b"},
		{"bad\xffutf8", "bad\uFFFDutf8", "bad\uFFFDutf8"},
		{"emoji 👍🏽 and ZWJ 👨\u200d👩", "emoji 👍🏽 and ZWJ 👨\u200d👩", "emoji 👍🏽 and ZWJ 👨\u200d👩"},
	}
	for _, c := range cases {
		if got := Printable(c.in); got != c.text {
			t.Errorf("Printable(%q) = %q, want %q", c.in, got, c.text)
		}
		if got := PrintableLine(c.in); got != c.line {
			t.Errorf("PrintableLine(%q) = %q, want %q", c.in, got, c.line)
		}
	}
	// Excel's escapes in cells are decoded before, so what they stand for goes too
	if got := cleanCell("已召开_x0001_专题_x001B_[2J会议_x005F_x0041_"); got != "已召开专题[2J会议_x0041_" {
		t.Errorf("cleanCell: %q", got)
	}
}
