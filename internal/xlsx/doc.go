// Package xlsx is the fence around excelize: every workbook the tool writes or reads goes
// through it, so that the library's traps (shared/docs/pitfalls.md) are handled once — text
// always written as text, never as a formula; control characters and over-long cells made safe;
// styles cached; row heights estimated for wrapped Chinese text; zip-bomb limits and panics on
// hostile files turned into errors; dates read from serials, number formats and Chinese text;
// output bytes deterministic.
//
// It imports nothing of taizhang but atomicfile and its own reader, xlsx/scan (which reads
// outside workbooks without excelize).
package xlsx
