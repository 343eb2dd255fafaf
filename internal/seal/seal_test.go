package seal

import (
	"strings"
	"testing"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func TestSignVerify(t *testing.T) {
	fields := []Field{{"workspace", "ws1"}, {"rows", "3.1,3.2"}}
	sig := Sign(key, "review", fields)
	if !Verify(key, "review", fields, sig) {
		t.Fatal("does not verify")
	}
	if got := string(Payload("review", fields)); got != "taizhang-review\nworkspace=3:ws1\nrows=7:3.1,3.2\n" {
		t.Errorf("payload %q", got)
	}
	cases := map[string]func() bool{
		"another kind":   func() bool { return Verify(key, "template", fields, sig) },
		"another key":    func() bool { return Verify([]byte("another key of thirty-two bytes!"), "review", fields, sig) },
		"a value edited": func() bool { return Verify(key, "review", []Field{{"workspace", "ws2"}, fields[1]}, sig) },
		"fields swapped": func() bool { return Verify(key, "review", []Field{fields[1], fields[0]}, sig) },
		// the length keeps a value from borrowing the next line
		"shifted": func() bool {
			return Verify(key, "review", []Field{{"workspace", "ws1\nrows=7:3.1,3.2"}}, Sign(key, "review", []Field{{"workspace", "ws1"}, {"rows", "3.1,3.2"}}))
		},
		"not hex":   func() bool { return Verify(key, "review", fields, "zz"+sig[2:]) },
		"truncated": func() bool { return Verify(key, "review", fields, sig[:62]) },
		"empty":     func() bool { return Verify(key, "review", fields, "") },
	}
	for name, verifies := range cases {
		if verifies() {
			t.Errorf("%s: verifies", name)
		}
	}
}

func TestPairs(t *testing.T) {
	m, err := Pairs([][2]string{{" kind ", "review"}, {"signature", "ab"}})
	if err != nil || m["kind"] != "review" || m["signature"] != "ab" {
		t.Errorf("%v %v", m, err)
	}
	if _, err := Pairs([][2]string{{"kind", "a"}, {"kind", "b"}, {"signature", "ab"}}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a field twice: %v", err)
	}
	if _, err := Pairs([][2]string{{"kind", "a"}}); err == nil {
		t.Error("no signature: no error")
	}
}
