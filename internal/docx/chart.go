package docx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Series is one series of a chart: a value per category.
type Series struct {
	Name   string
	Color  Color // zero: taken from a fixed palette
	Values []float64
}

// BarChart is a bar chart: a bar per category, a segment per series (stacked), or a bar per
// series side by side (Clustered).
type BarChart struct {
	Caption    string // 图题, set below the chart
	Categories []string
	Series     []Series
	Horizontal bool    // bars run left to right, categories down the left side
	Percent    bool    // every bar is scaled to 100% (a proportion bar); segments show values
	Clustered  bool    // the series' bars side by side rather than stacked
	Unit       string  // of the values, shown with the axis, e.g. "项"
	Height     float64 // mm of the plot; 0: chosen from the number of categories
}

// LineChart draws a line per series over the categories (months, say).
type LineChart struct {
	Caption    string
	Categories []string
	Series     []Series
	Unit       string
	Height     float64 // mm of the plot; 0: 60
	ShowValues bool    // write each point's value above it
}

// palette gives the colours of series without one (internal/typeset's).
func palette(i int) Color {
	p := [...]Color{{68, 114, 196}, {237, 125, 49}, {112, 173, 71}, {255, 192, 0}, {91, 155, 213}, {165, 165, 165}, {158, 72, 14}, {38, 68, 120}}
	return p[i%len(p)]
}

func seriesColor(s Series, i int) Color {
	if s.Color == (Color{}) {
		return palette(i)
	}
	return s.Color
}

// checkValues refuses what cannot be written.
func checkValues(cats []string, series []Series) error {
	if len(cats) == 0 {
		return fmt.Errorf("no categories")
	}
	if len(series) == 0 {
		return fmt.Errorf("no series")
	}
	for _, s := range series {
		if len(s.Values) != len(cats) {
			return fmt.Errorf("series %q has %d values for %d categories", clean(s.Name), len(s.Values), len(cats))
		}
		for _, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("series %q: value %v cannot be drawn", clean(s.Name), v)
			}
		}
	}
	return nil
}

// niceScale is the top of an axis and its step for values up to max: steps of 1, 2 or 5
// times a power of ten, about five of them; whole numbers for counts.
func niceScale(max float64, integers bool) (top, step float64) {
	if max <= 0 {
		return 1, 1
	}
	raw := max / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	if integers && step < 1 {
		step = 1
	}
	return math.Ceil(max/step-1e-9) * step, step
}

func allIntegers(series []Series) bool {
	for _, s := range series {
		for _, v := range s.Values {
			if v != math.Trunc(v) {
				return false
			}
		}
	}
	return true
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// BarChart adds a native bar chart (c:barChart) with its caption below it.
func (d *Doc) BarChart(c BarChart) {
	if d.err != nil {
		return
	}
	if err := checkValues(c.Categories, c.Series); err != nil {
		d.fail(fmt.Errorf("bar chart: %w", err))
		return
	}
	grouping := "stacked"
	switch {
	case c.Percent:
		grouping = "percentStacked"
	case c.Clustered:
		grouping = "clustered"
	}
	var top, step float64
	if !c.Percent {
		maxV := 0.0
		for ci := range c.Categories {
			sum := 0.0
			for _, s := range c.Series {
				if c.Clustered {
					sum = math.Max(sum, s.Values[ci])
				} else {
					sum += math.Max(s.Values[ci], 0)
				}
			}
			maxV = math.Max(maxV, sum)
		}
		top, step = niceScale(maxV, allIntegers(c.Series))
	}
	plotH := c.Height
	if plotH <= 0 || math.IsNaN(plotH) {
		n := float64(len(c.Categories))
		if c.Clustered {
			n *= float64(len(c.Series)) * 0.6
		}
		if c.Horizontal {
			plotH = math.Max(12, 8*n)
		} else {
			plotH = 60
		}
	}
	var b strings.Builder
	chartStart(&b)
	b.WriteString(`<c:barChart><c:barDir val="`)
	if c.Horizontal {
		b.WriteString("bar")
	} else {
		b.WriteString("col")
	}
	b.WriteString(`"/><c:grouping val="` + grouping + `"/><c:varyColors val="0"/>`)
	for i, s := range c.Series {
		col := seriesColor(s, i)
		d.serStart(&b, i, s)
		b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="` + col.hex() + `"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr><c:invertIfNegative val="0"/>`)
		if c.Percent {
			// the counts in the segments; none on an empty segment
			b.WriteString("<c:dLbls>")
			for pi, v := range s.Values {
				if v == 0 {
					b.WriteString(`<c:dLbl><c:idx val="` + strconv.Itoa(pi) + `"/><c:delete val="1"/></c:dLbl>`)
				}
			}
			b.WriteString(`<c:numFmt formatCode="General" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
			d.txPr(&b, SizeSmall, labelColor(col))
			b.WriteString(`<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
		}
		d.serData(&b, c.Categories, i, s)
		b.WriteString("</c:ser>")
	}
	gap, overlap := "60", "100"
	if c.Clustered {
		gap, overlap = "80", "0"
	}
	b.WriteString(`<c:gapWidth val="` + gap + `"/><c:overlap val="` + overlap + `"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`)
	catPos, valPos := "b", "l"
	if c.Horizontal {
		catPos, valPos = "l", "b"
	}
	// horizontal bars: the first category at the top, the value axis still at the bottom
	d.catAx(&b, catPos, c.Horizontal)
	unit := ""
	if !c.Percent {
		unit = c.Unit
	}
	d.valAx(&b, valPos, top, step, c.Percent, c.Horizontal, unit)
	legend := len(c.Series) > 1 || c.Series[0].Name != ""
	d.chartEnd(&b, legend)
	h := plotH + 22
	if legend {
		h += 8
	}
	d.addChart(b.String(), h, c.Caption)
}

// LineChart adds a native line chart (c:lineChart) with its caption below it.
func (d *Doc) LineChart(c LineChart) {
	if d.err != nil {
		return
	}
	if err := checkValues(c.Categories, c.Series); err != nil {
		d.fail(fmt.Errorf("line chart: %w", err))
		return
	}
	maxV := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	top, step := niceScale(maxV, allIntegers(c.Series))
	plotH := c.Height
	if plotH <= 0 || math.IsNaN(plotH) {
		plotH = 60
	}
	var b strings.Builder
	chartStart(&b)
	b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	for i, s := range c.Series {
		col := seriesColor(s, i).hex()
		d.serStart(&b, i, s)
		b.WriteString(`<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="` + col + `"/></a:solidFill><a:round/></a:ln></c:spPr>`)
		b.WriteString(`<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="` + col + `"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="` + col + `"/></a:solidFill></a:ln></c:spPr></c:marker>`)
		if c.ShowValues {
			b.WriteString(`<c:dLbls><c:numFmt formatCode="General" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
			d.txPr(&b, sizeTick, Color{})
			b.WriteString(`<c:dLblPos val="t"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
		}
		d.serData(&b, c.Categories, i, s)
		b.WriteString(`<c:smooth val="0"/></c:ser>`)
	}
	b.WriteString(`<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>`)
	d.catAx(&b, "b", false)
	d.valAx(&b, "l", top, step, false, false, c.Unit)
	d.chartEnd(&b, true)
	d.addChart(b.String(), plotH+30, c.Caption)
}

const chartNS = `xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func chartStart(b *strings.Builder) {
	b.WriteString(xmlHeader + `<c:chartSpace ` + chartNS + `>`)
	b.WriteString(`<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>`)
	b.WriteString(`<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>`)
}

// chartEnd closes the plot area, and writes the legend and the text properties: every text of
// the chart in the table font, named for Latin and East Asian text alike (no theme font).
func (d *Doc) chartEnd(b *strings.Builder, legend bool) {
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>`)
	if legend {
		b.WriteString(`<c:legend><c:legendPos val="b"/><c:overlay val="0"/>`)
		d.txPr(b, SizeSmall, Color{})
		b.WriteString(`</c:legend>`)
	}
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>`)
	d.txPr(b, SizeSmall, Color{})
	b.WriteString(`</c:chartSpace>`)
}

// txPr writes text properties of a chart element.
func (d *Doc) txPr(b *strings.Builder, size float64, col Color) {
	f := esc(d.fonts[RoleTable])
	b.WriteString(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="` + strconv.Itoa(int(math.Round(size*100))) + `" b="0">`)
	b.WriteString(`<a:solidFill><a:srgbClr val="` + col.hex() + `"/></a:solidFill>`)
	b.WriteString(`<a:latin typeface="` + f + `"/><a:ea typeface="` + f + `"/><a:cs typeface="` + f + `"/></a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`)
}

// labelColor is the colour of a label on a fill: white on dark fills.
func labelColor(c Color) Color {
	if 0.299*float64(c.R)+0.587*float64(c.G)+0.114*float64(c.B) < 140 {
		return Color{255, 255, 255}
	}
	return Color{}
}

// column is the spreadsheet column of series i (A holds the categories): the references the
// caches stand for, as Word writes them.
func column(i int) string {
	s := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

func (d *Doc) serStart(b *strings.Builder, i int, s Series) {
	col := column(i + 1)
	fmt.Fprintf(b, `<c:ser><c:idx val="%d"/><c:order val="%d"/><c:tx><c:strRef><c:f>Sheet1!$%s$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>%s</c:v></c:pt></c:strCache></c:strRef></c:tx>`,
		i, i, col, esc(oneLine(s.Name)))
}

// serData writes the categories and values of a series, cached.
func (d *Doc) serData(b *strings.Builder, cats []string, i int, s Series) {
	n := len(cats)
	fmt.Fprintf(b, `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%d</c:f><c:strCache><c:ptCount val="%d"/>`, n+1, n)
	for i, c := range cats {
		fmt.Fprintf(b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, esc(oneLine(c)))
	}
	b.WriteString(`</c:strCache></c:strRef></c:cat>`)
	col := column(i + 1)
	fmt.Fprintf(b, `<c:val><c:numRef><c:f>Sheet1!$%s$2:$%s$%d</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="%d"/>`, col, col, n+1, n)
	for i, v := range s.Values {
		fmt.Fprintf(b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, num(v))
	}
	b.WriteString(`</c:numCache></c:numRef></c:val>`)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(clean(s), "\n", " ")), " ")
}

func (d *Doc) catAx(b *strings.Builder, pos string, reversed bool) {
	orient := "minMax"
	if reversed {
		orient = "maxMin"
	}
	b.WriteString(`<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="` + orient + `"/></c:scaling><c:delete val="0"/><c:axPos val="` + pos + `"/>`)
	b.WriteString(`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`)
	b.WriteString(`<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="404040"/></a:solidFill></a:ln></c:spPr>`)
	d.txPr(b, SizeSmall, Color{})
	b.WriteString(`<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)
}

// valAx writes the value axis; crossMax puts it at the far end of a reversed category axis
// (the bottom of a horizontal bar chart).
func (d *Doc) valAx(b *strings.Builder, pos string, top, step float64, percent, crossMax bool, unit string) {
	b.WriteString(`<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/>`)
	if !percent && top > 0 {
		b.WriteString(`<c:max val="` + num(top) + `"/><c:min val="0"/>`)
	}
	b.WriteString(`</c:scaling><c:delete val="0"/><c:axPos val="` + pos + `"/>`)
	b.WriteString(`<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D2D2D2"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`)
	if unit = oneLine(unit); unit != "" {
		f := esc(d.fonts[RoleTable])
		b.WriteString(`<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900" b="0"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="900" b="0"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:latin typeface="` + f + `"/><a:ea typeface="` + f + `"/><a:cs typeface="` + f + `"/></a:rPr><a:t>`)
		b.WriteString(esc("（" + unit + "）"))
		b.WriteString(`</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`)
	}
	format := "General"
	if percent {
		format = "0%"
	}
	b.WriteString(`<c:numFmt formatCode="` + format + `" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`)
	b.WriteString(`<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>`)
	d.txPr(b, sizeTick, Color{})
	crosses := "autoZero"
	if crossMax {
		crosses = "max"
	}
	b.WriteString(`<c:crossAx val="1001"/><c:crosses val="` + crosses + `"/><c:crossBetween val="between"/>`)
	if !percent && step > 0 {
		b.WriteString(`<c:majorUnit val="` + num(step) + `"/>`)
	}
	b.WriteString(`</c:valAx>`)
}

// addChart adds a chart part and the paragraph that shows it, as wide as the type area and h
// mm high (at most the type area's height less room for the caption), then the caption.
func (d *Doc) addChart(xml string, h float64, caption string) {
	d.charts = append(d.charts, xml)
	n := len(d.charts)
	areaH := float64(areaHeight)
	if d.landscape {
		areaH = landAreaHeight
	}
	h = math.Min(h, areaH/twipsPerMM-20)
	cx := int(math.Round(float64(d.areaWidth()) / twipsPerMM * emuPerMM))
	cy := int(math.Round(h * emuPerMM))
	caption = clean(caption)
	name := "图表 " + strconv.Itoa(n)
	var g strings.Builder
	fmt.Fprintf(&g, `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`, cx, cy)
	fmt.Fprintf(&g, `<wp:docPr id="%d" name="%s" descr="%s"/><wp:cNvGraphicFramePr/>`, n, esc(name), esc(oneLine(caption)))
	fmt.Fprintf(&g, `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="%s"/></a:graphicData></a:graphic></wp:inline></w:drawing>`, chartRel(n))
	r := run{raw: g.String(), font: d.fonts[RoleTable], size: SizeSmall}
	p := &para{style: "Chart", keepNext: caption != "", line: 240, lineRule: "auto", align: AlignCenter, alignSet: true, runs: []run{r}, mark: r}
	d.add(p)
	if caption != "" {
		cp := d.textPara(caption, RoleHeading1, SizeCaption, false)
		cp.style = "Caption"
		cp.line = int(math.Round(1.6 * SizeCaption * twipsPerPt))
		cp.align, cp.alignSet = AlignCenter, true
		d.add(cp)
	}
}
