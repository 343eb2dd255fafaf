package deadline

import (
	"strings"
	"testing"
	"time"
)

func TestProbeSpeed(t *testing.T) {
	for name, s := range map[string]string{
		"cn run":   strings.Repeat("一", 200000),
		"yearless": strings.Repeat("明年3月底前", 30000),
		"digits":   strings.Repeat("1", 200000),
		"dates":    strings.Repeat("2022年8月底前，", 20000),
		"quotes":   strings.Repeat("“十", 100000),
		"spaces":   strings.Repeat("1 ", 100000),
		"每":        strings.Repeat("每", 100000),
		"年":        strings.Repeat("年", 100000),
	} {
		st := time.Now()
		Find(s, Context{Year: 2022})
		Parse(s, Context{Year: 2022})
		t.Logf("%s (%d bytes): %v", name, len(s), time.Since(st))
	}
}
