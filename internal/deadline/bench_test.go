package deadline

import (
	"strings"
	"testing"
	"time"
)

// Long and repetitive inputs must take linear time: each of these took minutes or more when
// a part of the scanner re-read its input.
func TestLongInputs(t *testing.T) {
	inputs := map[string]string{
		"numerals":       strings.Repeat("一", 200000),
		"quoted":         strings.Repeat("“十", 100000),
		"digits":         strings.Repeat("1", 200000),
		"spaced digits":  strings.Repeat("1 ", 100000),
		"dates":          strings.Repeat("2022年8月底前，", 20000),
		"relative years": strings.Repeat("明年3月底前", 30000),
		"year ends":      strings.Repeat("今年底前，", 40000),
		"rules":          strings.Repeat("每", 100000),
		"years":          strings.Repeat("年", 100000),
	}
	for name, s := range inputs {
		start := time.Now()
		Find(s, Context{Year: 2022})
		Parse(s, Context{Year: 2022})
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s (%d bytes) took %v", name, len(s), d)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("2023年10月下旬至11月", Context{Year: 2023})
	}
}

func BenchmarkFind(b *testing.B) {
	for b.Loop() {
		Find(seedTask20M1, Context{Year: 2022})
	}
}
