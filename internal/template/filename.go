package template

import (
	"strings"
	"unicode"
)

// FileName makes a unit's name safe as a file name on Windows and elsewhere: path separators,
// reserved characters and control characters become "_", leading dots and trailing dots or
// spaces are dropped, reserved device names get a suffix, and the length is bounded. It can
// never name a path outside the folder it is joined to.
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
