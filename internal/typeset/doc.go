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
// Lines of titles, captions, tables and charts break between words only: a built-in vocabulary
// of rectification reports, the caller's words (Config.Words: the plan's region and units),
// dates and ordinals; titles are evened into a trapezoid or a diamond (GB/T 9704), and a "\n"
// forces a break. Body text breaks between any two characters, on the 22 × 28 grid. A heading
// waits for what follows it and goes to the next page with it unless two lines of it fit; a
// table row of up to six lines is never split; tables and bar charts of any length run over
// pages. Landscape pages keep the page number where a portrait page has it on the sheet.
//
// gofpdf's output is patched once written: /ViewerPreferences << /PrintScaling /None >> in the
// catalog (so that printing does not shrink the type area) and the fonts' PostScript names as
// their PDF names, with the cross-reference table rewritten.
//
// The same content, configuration and date give the same bytes.
//
// It must not import other taizhang packages (only its own fonts); internal/report builds the
// progress report on it.
package typeset
