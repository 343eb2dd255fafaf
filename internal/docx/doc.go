// Package docx writes official documents (公文, GB/T 9704-2012) as editable Word files
// (Office Open XML, .docx) that Word, WPS Office and LibreOffice open alike. Its document model
// follows internal/typeset's — Title, Subtitle, Heading, Paragraph, Text, Table, BarChart,
// LineChart, NewPage, LandscapeSection — so that the report can drive both with the same calls.
//
// It owns the few OOXML parts such a document needs and writes them itself (no docx library is
// used): the A4 page with GB/T 9704's margins and its 22 × 28 document grid, the fonts of each
// role named on every run (WPS replaces theme fonts and fonts left to a style: 黑体 would become
// 等线), fallbacks declared in the font table, tables with explicit column widths in
// w:tblGrid (which WPS reads) as well as in w:tblW (which Word reads) and a fixed layout, native
// charts with their values cached in the chart part (no embedded workbook), landscape sections
// and the page number "— N —" on the outer side. The same content, configuration and date give
// the same bytes.
//
// It imports only the standard library and no other taizhang package; internal/report adapts
// its calls to it.
package docx
