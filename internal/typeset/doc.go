// Package typeset sets official documents (公文, GB/T 9704-2012) as PDF. It owns everything
// about the printed page: the A4 geometry and the 22 × 28 grid, the fonts of each role and
// their discovery, loading and per-character fallback, Chinese line breaking (GB/T 15834
// 避头尾), headings and paragraphs, tables that run over pages, vector charts and page numbers.
//
// It is the only package that imports gofpdf (an archived library, kept behind this API so that
// it can be replaced), and it works around gofpdf's traps here, once: its MultiCell drops a
// character at each break of Chinese text (BreakLines replaces it); it reads only TrueType
// fonts with a format-4 cmap and trusts them blindly (every font is checked and rebuilt as a
// clean standalone TrueType font first, a face of a .ttc collection included; CFF fonts are
// refused with the reason); it cannot draw characters outside the BMP (they, and characters no
// font has, become a visible box and are listed by Doc.Missing); an unregistered style such
// as "B" breaks the whole document (no style is ever asked for; bold is emulated by stroking).
//
// The same content, configuration and date give the same bytes.
//
// It must not import other taizhang packages (only its own fonts); internal/report builds the
// progress report on it.
package typeset
