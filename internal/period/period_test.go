package period

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in    string
		ok    bool
		label string
		last  string
		due   string
		prev  string
		next  string
	}{
		{"2022-07", true, "2022年7月", "2022-07-31", "2022-08-05", "2022-06", "2022-08"},
		{"2022-02", true, "2022年2月", "2022-02-28", "2022-03-05", "2022-01", "2022-03"},
		{"2024-02", true, "2024年2月", "2024-02-29", "2024-03-05", "2024-01", "2024-03"},
		{"2022-12", true, "2022年12月", "2022-12-31", "2023-01-05", "2022-11", "2023-01"},
		{"2023-01", true, "2023年1月", "2023-01-31", "2023-02-05", "2022-12", "2023-02"},
		{"2022-13", false, "", "", "", "", ""},
		{"2022-00", false, "", "", "", "", ""},
		{"2022-7", false, "", "", "", "", ""},
		{"22-07", false, "", "", "", "", ""},
		{"2022/07", false, "", "", "", "", ""},
		{"2022-07-01", false, "", "", "", "", ""},
		{"０２２-07", false, "", "", "", "", ""},
		{"", false, "", "", "", "", ""},
		{"0000-01", false, "", "", "", "", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := Parse(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("Parse(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			}
			if !tc.ok {
				if !errors.Is(err, ErrFormat) {
					t.Errorf("error %v is not ErrFormat", err)
				}
				want := "期次“" + tc.in + "”格式不对：应为 YYYY-MM，如 2022-07"
				if err.Error() != want {
					t.Errorf("error %q, want %q", err, want)
				}
				return
			}
			if p.String() != tc.in || p.Label() != tc.label {
				t.Errorf("String %q Label %q", p.String(), p.Label())
			}
			if got := p.Last().Format(time.DateOnly); got != tc.last {
				t.Errorf("Last %s, want %s", got, tc.last)
			}
			if got := p.DefaultDue().Format(time.DateOnly); got != tc.due {
				t.Errorf("DefaultDue %s, want %s", got, tc.due)
			}
			if p.Prev().String() != tc.prev || p.Next().String() != tc.next {
				t.Errorf("Prev %s Next %s", p.Prev(), p.Next())
			}
			if !p.Prev().Before(p) || p.Before(p) || p.Next().Before(p) {
				t.Error("Before is wrong")
			}
			if !p.Contains(p.First()) || !p.Contains(p.Last()) || p.Contains(p.Last().AddDate(0, 0, 1)) {
				t.Error("Contains is wrong")
			}
			if Of(p.Last()) != p {
				t.Error("Of(Last) is another period")
			}
		})
	}
}

func TestZeroAndText(t *testing.T) {
	var z Period
	if !z.IsZero() || z.String() != "" || z.Label() != "" {
		t.Errorf("zero period %q %q", z.String(), z.Label())
	}
	type v struct {
		P Period `json:"p"`
		Z Period `json:"z"`
	}
	b, err := json.Marshal(v{P: MustParse("2022-08")})
	if err != nil || string(b) != `{"p":"2022-08","z":""}` {
		t.Fatalf("json %s %v", b, err)
	}
	var back v
	if err := json.Unmarshal(b, &back); err != nil || back.P != MustParse("2022-08") || !back.Z.IsZero() {
		t.Fatalf("back %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"p":"2022-13"}`), &back); err == nil {
		t.Error("a bad period was read")
	}
	if Label("2022-07") != "2022年7月" || Label("未识别") != "未识别" {
		t.Error("Label of stored text")
	}
}

func TestDays(t *testing.T) {
	if got := DateLabel(day("2022-07-31")); got != "2022年7月31日" {
		t.Errorf("DateLabel %s", got)
	}
	if d, err := ParseDay("截至日期", "2022-08-05"); err != nil || !d.Equal(day("2022-08-05")) {
		t.Errorf("ParseDay %v %v", d, err)
	}
	_, err := ParseDay("截至日期", "7月底")
	if err == nil || err.Error() != "截至日期“7月底”格式不对：应为 YYYY-MM-DD，如 2022-08-05" || !errors.Is(err, ErrFormat) {
		t.Errorf("ParseDay error %v", err)
	}
}
