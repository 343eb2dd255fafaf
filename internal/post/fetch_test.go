package post

import (
	"strings"
	"testing"
	"unicode"
)

// A saved message is named by its sender's address, kept to what is safe in a file name on
// every system; a From a unit wrote to harm (paths, control characters, very long) never
// reaches the name.
func TestSenderPart(t *testing.T) {
	for raw, want := range map[string]string{
		"From: 经发局 <jfj@cbs.gov.cn>\r\n\r\nbody":                  "-jfj@cbs.gov.cn",
		"From: =?UTF-8?B?57uP5Y+R5bGA?= <JFJ@cbs.gov.cn>\r\n\r\n": "-JFJ@cbs.gov.cn",
		"From: \"../../etc\" <a/../b@x.cn>\r\n\r\n":               "",
		"Subject: no sender\r\n\r\n":                              "",
		"not a message":                                           "",
		"From: <" + strings.Repeat("a", 300) + "@x.cn>\r\n\r\n":   "-" + strings.Repeat("a", 64),
	} {
		if got := senderPart([]byte(raw)); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
}

func FuzzSenderPart(f *testing.F) {
	f.Add([]byte("From: 经发局 <jfj@cbs.gov.cn>\r\n\r\nbody"))
	f.Add([]byte("From: a\x00b@c\r\n\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got := senderPart(raw)
		if len(got) > 65 || strings.ContainsAny(got, `/\:*?"<>|`) {
			t.Fatalf("unsafe name part %q", got)
		}
		for _, r := range got {
			if r >= 0x80 || unicode.IsControl(r) || unicode.IsSpace(r) {
				t.Fatalf("unsafe name part %q", got)
			}
		}
	})
}
