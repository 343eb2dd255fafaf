package plan

import (
	"fmt"
	"strings"
	"unicode"

	"taizhang/internal/finding"
)

// FileName makes a unit's name safe as a file name on Windows and elsewhere: path separators,
// reserved characters and control characters become "_", leading dots and trailing dots or
// spaces are dropped, reserved device names get a suffix, and the length is bounded. It can
// never name a path outside the folder it is joined to. Different names may give the same
// file name ("市/区" and "市:区"): FileNames tells a set of units apart.
func FileName(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`<>:"/\|?*`, r), unicode.IsControl(r), r == 0xFFFD:
			return '_'
		}
		return r
	}, name)
	s = strings.TrimLeft(s, ". ")
	s = strings.TrimRight(s, ". ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60])
	}
	if s == "" {
		s = "_"
	}
	switch strings.ToUpper(strings.SplitN(s, ".", 2)[0]) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s += "_"
	}
	return s
}

// fileKey is the form in which file names are the same: Windows and macOS do not tell upper
// from lower case.
func fileKey(name string) string { return strings.ToLower(name) }

// FileNames gives each of a set of units a file name of its own (without extension). A unit
// whose FileName no other unit shares keeps it; of units that share one, the first in order
// keeps it and the others get "-2", "-3"… — so the names depend only on the set and its
// order, never on which of the units are written at a time.
func FileNames(units []string) map[string]string {
	out := make(map[string]string, len(units))
	taken := map[string]bool{}
	for _, u := range units {
		taken[fileKey(FileName(u))] = true // every plain name is kept for its first unit
	}
	first := map[string]bool{}
	for _, u := range units {
		if _, done := out[u]; done {
			continue
		}
		n := FileName(u)
		if k := fileKey(n); !first[k] {
			first[k] = true
			out[u] = n
			continue
		}
		for i := 2; ; i++ {
			c := fmt.Sprintf("%s-%d", n, i)
			if k := fileKey(c); !taken[k] {
				taken[k] = true
				out[u] = c
				break
			}
		}
	}
	return out
}

// checkFileNames reports units whose names give the same file name: their templates are told
// apart by a number, which the office should know when it mails them.
func checkFileNames(p *Plan, l *locations, fs *finding.List) {
	units := p.ReportingUnits()
	names := FileNames(units)
	firstOf := map[string]string{}
	for _, u := range units {
		k := fileKey(FileName(u))
		o, ok := firstOf[k]
		if !ok {
			firstOf[k] = u
			continue
		}
		fs.Addf(finding.FileNameClash, l.unit(u, hUnitName),
			"单位“%s”与“%s”作为文件名相同（%s）：两个单位的模板文件分别为 %s.xlsx 和 %s.xlsx，发送时请按发送清单核对；也可以修改其中一个单位的名称",
			u, o, FileName(u), names[o], names[u])
	}
}
