package xlsx

import "testing"

func TestParsePartialDate(t *testing.T) {
	cases := []struct {
		in      string
		y, m, d int
		ok      bool
	}{
		{"2022年8月", 2022, 8, 0, true},
		{"2022年8月份", 2022, 8, 0, true},
		{"２０２２年８月", 2022, 8, 0, true},
		{"2022.8", 2022, 8, 0, true},
		{"2022-08", 2022, 8, 0, true},
		{"2022/8", 2022, 8, 0, true},
		{"8月15日", 0, 8, 15, true},
		{"8月15号", 0, 8, 15, true},
		{"8 月 15 日", 0, 8, 15, true},
		{"8月", 0, 8, 0, true},
		{"8月份", 0, 8, 0, true},
		{"15日", 0, 0, 0, false},
		{"七月中旬", 0, 0, 0, false},
		{"2022年8月中旬", 0, 0, 0, false},
		{"2022年13月", 0, 0, 0, false},
		{"2月30日", 0, 0, 0, false},
		{"2月29日", 0, 2, 29, true}, // a leap day is possible in some year: the year decides
		{"1800年8月", 0, 0, 0, false},
		{"8.15", 0, 0, 0, false},       // a number, or 8 August in some other notation: not clear
		{"2022年8月15日", 0, 0, 0, false}, // a whole date is not partial
		{"", 0, 0, 0, false},
	}
	for _, c := range cases {
		y, m, d, ok := ParsePartialDate(c.in)
		if ok != c.ok || y != c.y || m != c.m || d != c.d {
			t.Errorf("ParsePartialDate(%q) = %d,%d,%d,%v; want %d,%d,%d,%v", c.in, y, m, d, ok, c.y, c.m, c.d, c.ok)
		}
	}
}
