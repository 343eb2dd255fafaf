package docx

import "math"

// Lengths in OOXML: twips (1/20 pt) for the page and paragraphs, half-points for type sizes,
// EMU (1/360000 cm) for drawings.
const (
	twipsPerPt = 20
	twipsPerMM = 1440 / 25.4
	emuPerMM   = 36000
)

// twips converts millimetres to twips.
func twips(mm float64) int { return int(math.Round(mm * twipsPerMM)) }

// GB/T 9704-2012 geometry, in twips. The type area (版心) is 156 mm wide, 28 mm from the left
// (binding) edge and 37 mm from the top. Its height is 22 lines of 29 pt (w:linePitch 580):
// 12760 twips, 225.07 mm — Word and LibreOffice put a line on a page only when it fits whole,
// so a bottom margin of exactly 35 mm (1984 twips, leaving 12756) would give 21 lines. The
// bottom margin is therefore 34.93 mm.
const (
	pageWidth  = 11906 // A4, 210 mm
	pageHeight = 16838 // 297 mm

	marginTop  = 2098 // 37 mm
	marginLeft = 1587 // 28 mm
	areaWidth  = 8844 // 156 mm
	linePitch  = 580  // 29 pt
	gridLines  = 22
	gridChars  = 28
	areaHeight = gridLines * linePitch // 12760

	marginRight  = pageWidth - marginLeft - areaWidth  // 1475, 26 mm
	marginBottom = pageHeight - marginTop - areaHeight // 1980

	// Landscape pages (wide tables) keep the type area turned a quarter, 225 mm wide and
	// 156 mm high, centred across the page, 26 mm from the top — as internal/typeset sets them.
	landAreaWidth    = 12756 // 225 mm
	landAreaHeight   = areaWidth
	landMarginLeft   = (pageHeight - landAreaWidth) / 2                 // 2041, 36 mm
	landMarginRight  = pageHeight - landAreaWidth - landMarginLeft      // 2041
	landMarginTop    = 1474                                             // 26 mm
	landMarginBottom = pageWidth - landMarginTop - landAreaHeight       // 1588, 28 mm
	pageNumberDrop   = 397                                              // 7 mm: the page number's line lies this far below the type area
	footerLine       = 336                                              // the page number's line: 16.8 pt (1.2 × 4号), exact
	footerDistance   = marginBottom - pageNumberDrop - footerLine/2     // from the page's bottom edge to the footer's
	landFooterDist   = landMarginBottom - pageNumberDrop - footerLine/2 //
)

// Type sizes, in points: 2号 for the title, 3号 for body text and headings, 4号 for the page
// numbers and captions, 小四 for tables by default, 五号 and 小五 for chart labels.
const (
	SizeTitle      = 22.0
	SizeBody       = 16.0
	SizePageNumber = 14.0
	SizeCaption    = 14.0
	SizeTable      = 12.0
	SizeSmall      = 10.5
	sizeTick       = 9.0
)

// charSpace is the document grid's w:charSpace: the character pitch's difference from the body
// size (3号, 16 pt) in 1/4096 pt, so that 28 characters fill the 156 mm line. Word counts the
// characters of a line as the line's width over the pitch, rounded down: the pitch is rounded
// down too, or the line would hold 27.
var charSpace = int(math.Floor((float64(areaWidth)/gridChars/twipsPerPt - SizeBody) * 4096))

// charPitch is the grid's character pitch in twips: the width of a character of body text.
func charPitch() float64 { return float64(areaWidth) / gridChars }

// halfPoints is a type size as OOXML writes it.
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }
