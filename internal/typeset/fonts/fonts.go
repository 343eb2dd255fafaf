// Package fonts holds the Chinese TrueType fonts built into the program, so that a document
// can be set on a machine with no Chinese fonts installed: AR PL SungtiL GB (宋体,
// gbsn00lp.ttf) and AR PL KaitiM GB (楷体, gkai00mp.ttf), both covering GB 2312 and ASCII,
// from Debian's fonts-arphic-gbsn00lp and fonts-arphic-gkai00mp 2.11-16. They are under the
// Arphic Public License (ARPHICPL.TXT, kept unaltered as the licence requires), which allows
// copying and redistribution; see README.md.
//
// It owns only the font data and imports nothing.
package fonts

import _ "embed"

//go:embed gbsn00lp.ttf
var song string

//go:embed gkai00mp.ttf
var kai string

//go:embed ARPHICPL.TXT
var licence string

// Song returns AR PL SungtiL GB (宋体), a TrueType font file.
func Song() string { return song }

// Kai returns AR PL KaitiM GB (楷体), a TrueType font file.
func Kai() string { return kai }

// Licence returns the Arphic Public License the fonts are distributed under, unaltered.
func Licence() string { return licence }
