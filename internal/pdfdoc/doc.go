// Package pdfdoc is the only place that imports gofpdf: it sets official documents (GB/T
// 9704) — A4 pages with the standard type area, titles, headings and paragraphs in their fonts,
// page numbers "— N —" on the outer side, tables that run over pages, vector charts — with its
// own Chinese line breaking (gofpdf's drops a character at each break) and its own font
// handling: installed fonts found by file name, .ttc collections extracted, coverage checked
// character by character with fallback, an embedded CJK font as the last resort, and a
// placeholder (□) for a character no font has.
//
// It imports nothing of taizhang but its own fonts.
package pdfdoc
