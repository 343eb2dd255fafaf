package xlsx

import (
	"math"
	"strings"
	"testing"
)

func TestTextUnits(t *testing.T) {
	for _, tc := range []struct {
		text string
		want float64
	}{
		{"", 0}, {"abc", 3}, {"整改", 4}, {"整改abc", 7}, {"“按期完成”", 12}, {"（一）", 6}, {"𠀀", 2}, {"한국", 4},
	} {
		if got := TextUnits(tc.text); got != tc.want {
			t.Errorf("TextUnits(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestLines(t *testing.T) {
	long := strings.Repeat("整改", 25) // 100 units
	for _, tc := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1}, {"a\n\nb", 10, 3}, {"a\n", 10, 2}, {long, 44, int(math.Ceil(100 * 1.04 / 43.2))}, {long + "\n" + long, 44, 6},
	} {
		if got := Lines(tc.text, tc.width, 11); got != tc.want {
			t.Errorf("Lines(%q, %v) = %d, want %d", tc.text, tc.width, got, tc.want)
		}
	}
}
