// Package fonts holds the CJK TrueType fonts embedded in the binary, so that reports render on
// a machine without Chinese fonts: AR PL SungtiL GB (宋体) and AR PL KaitiM GB (楷体), both under
// the Arphic Public License (LICENSE-ARPHIC.txt), which allows redistribution.
package fonts

import _ "embed"

// Song is AR PL SungtiL GB (gbsn00lp.ttf): GB2312 and Latin.
//
//go:embed gbsn00lp.ttf
var Song []byte

// Kai is AR PL KaitiM GB (gkai00mp.ttf): GB2312 and Latin.
//
//go:embed gkai00mp.ttf
var Kai []byte

// License is the fonts' licence text, shipped with them.
//
//go:embed LICENSE-ARPHIC.txt
var License string
