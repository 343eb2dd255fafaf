package typeset

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jung-kurt/gofpdf"
)

// Series is one series of a chart: a value per category.
type Series struct {
	Name   string
	Color  Color // zero: taken from a fixed palette
	Values []float64
}

// BarChart is a stacked bar chart: a bar per category, a segment per series.
type BarChart struct {
	Caption    string // 图题, set below the chart
	Categories []string
	Series     []Series
	Horizontal bool    // bars run left to right, categories down the left side
	Percent    bool    // every bar is scaled to 100% (a proportion bar); segments show values
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

// PieChart is a pie with a legend of labels, values and shares.
type PieChart struct {
	Caption string
	Slices  []Slice
	Height  float64 // mm; 0: 55
}

// Slice is a slice of a pie.
type Slice struct {
	Label string
	Value float64
	Color Color // zero: from the palette
}

// palette gives the colours of series without one.
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

// chart styles
const (
	chartLabelSize = SizeSmall // 五号
	chartTickSize  = 9.0       // 小五
	chartGap       = 3.0       // mm around the chart
)

func (d *Doc) chartStyle(size float64) lineStyle { return lineStyle{role: RoleTable, size: size} }

// captionStyle is that of table and chart captions: 黑体 14 pt (4号).
func (d *Doc) captionStyle() lineStyle {
	return lineStyle{role: RoleHeading1, size: 14, bold: d.boldOf(RoleHeading1)}
}

// checkValues refuses what cannot be drawn honestly.
func checkValues(what string, cats []string, series []Series) error {
	if len(cats) == 0 {
		return fmt.Errorf("%s: no categories", what)
	}
	if len(series) == 0 {
		return fmt.Errorf("%s: no series", what)
	}
	for _, s := range series {
		if len(s.Values) != len(cats) {
			return fmt.Errorf("%s: series %q has %d values for %d categories", what, s.Name, len(s.Values), len(cats))
		}
		for _, v := range s.Values {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s: series %q: value %v cannot be drawn", what, s.Name, v)
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
	top = math.Ceil(max/step-1e-9) * step
	return top, step
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

// fmtValue writes a value with no more decimals than it needs (at most two).
func fmtValue(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// chartText draws a label; align is that of x: left end, centre or right end.
func (d *Doc) chartText(x, base float64, text string, st lineStyle, align Align) float64 {
	w := d.measure(st)(text)
	switch align {
	case AlignCenter:
		x -= w / 2
	case AlignRight:
		x -= w
	}
	d.drawLine(x, base, text, st, KindChart, 0, 0, 0)
	return w
}

// legend draws swatches and names centred in width from y; it returns its height.
func (d *Doc) legend(x, y, width float64, names []string, colors []Color, draw bool) float64 {
	st := d.chartStyle(chartLabelSize)
	m := d.measure(st)
	const sw, gap, sep = 3.5, 1.5, 6.0
	rowH := st.em() * 1.6
	// lay the items out in rows
	type item struct {
		i int
		w float64
	}
	var rows [][]item
	var cur []item
	curW := 0.0
	for i, n := range names {
		w := sw + gap + m(n)
		if len(cur) > 0 && curW+sep+w > width {
			rows = append(rows, cur)
			cur, curW = nil, 0
		}
		if len(cur) > 0 {
			curW += sep
		}
		cur = append(cur, item{i, w})
		curW += w
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	if !draw {
		return float64(len(rows)) * rowH
	}
	for r, row := range rows {
		total := 0.0
		for k, it := range row {
			if k > 0 {
				total += sep
			}
			total += it.w
		}
		ix := x + (width-total)/2
		top := y + float64(r)*rowH
		base := top + (rowH-st.em())/2 + 0.86*st.em()
		for _, it := range row {
			c := colors[it.i]
			d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
			d.pdf.Rect(ix, base-0.78*st.em()+(0.78*st.em()-sw)/2, sw, sw, "F")
			d.chartText(ix+sw+gap, base, names[it.i], st, AlignLeft)
			ix += it.w + sep
		}
	}
	return float64(len(rows)) * rowH
}

// caption draws a chart's caption centred below it; it returns its height.
func (d *Doc) chartCaption(text string, y float64, draw bool) float64 {
	if text == "" {
		return 0
	}
	st := d.captionStyle()
	m := d.measure(st)
	pitch := st.em() * 1.6
	lines := d.breaker(st, true).balanced(clean(text), d.w)
	if draw {
		for i, l := range lines {
			base := y + float64(i)*pitch + (pitch-st.em())/2 + 0.86*st.em()
			d.drawLine(d.x0+(d.w-m(l.text))/2, base, l.text, st, KindCaption, 0, 0, 0)
		}
	}
	return float64(len(lines)) * pitch
}

// fitPlot makes a chart of height h with a plot of plotH fit a page of the given height, by
// making the plot lower (not below 20 mm).
func fitPlot(plotH, h, page float64) (float64, float64, error) {
	over := h + chartGap - page
	if over <= 0 {
		return plotH, h, nil
	}
	if plotH-over < 20 {
		return plotH, h, fmt.Errorf("the labels leave no room for the plot on a page")
	}
	return plotH - over, h - over, nil
}

// chartBlock reserves h mm for a chart, on a new page when it does not fit; it returns the
// top of the block.
func (d *Doc) chartBlock(h float64) float64 {
	d.beginBlock(h + chartGap)
	d.y += chartGap
	if d.room(h) {
		d.y = d.y0
	}
	return d.y
}

func (d *Doc) rule(x1, y1, x2, y2, width float64, c Color) {
	d.pdf.SetDrawColor(int(c.R), int(c.G), int(c.B))
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y1, x2, y2)
}

func (d *Doc) fillRect(x, y, w, h float64, c Color) {
	d.pdf.SetFillColor(int(c.R), int(c.G), int(c.B))
	d.pdf.Rect(x, y, w, h, "F")
}

// labelColor is white on dark fills, black on light ones.
func labelColor(c Color) Color {
	lum := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
	if lum < 140 {
		return Color{255, 255, 255}
	}
	return Color{}
}

// The colours of grid lines and axes.
func gridColor() Color { return Color{210, 210, 210} }
func axisColor() Color { return Color{64, 64, 64} }

// BarChart draws a stacked bar chart. A chart whose categories do not fit a page continues on
// the next pages, on the same scale, each part with the legend, the axis and the caption
// (“（续）” after the first part); a horizontal chart first tries closer rows and smaller
// labels to stay on one page.
func (d *Doc) BarChart(c BarChart) {
	if !d.ok() {
		return
	}
	defer d.guard("bar chart")
	if err := checkValues("bar chart", c.Categories, c.Series); err != nil {
		d.fail(err)
		return
	}
	d.page()
	bc := &barChart{c: c}
	bc.names = make([]string, len(c.Series))
	bc.colors = make([]Color, len(c.Series))
	for i, s := range c.Series {
		bc.names[i], bc.colors[i] = clean(s.Name), seriesColor(s, i)
	}
	bc.totals = make([]float64, len(c.Categories))
	maxTotal := 0.0
	for i := range c.Categories {
		for _, s := range c.Series {
			bc.totals[i] += s.Values[i]
		}
		maxTotal = math.Max(maxTotal, bc.totals[i])
	}
	bc.top, bc.step = niceScale(maxTotal, allIntegers(c.Series))
	if c.Percent {
		bc.top, bc.step = 100, 20
	}
	bc.tst = d.chartStyle(chartTickSize)
	if len(c.Series) > 1 || c.Series[0].Name != "" {
		bc.legendH = d.legend(0, 0, d.w, bc.names, bc.colors, false) + 2
	}
	if c.Unit != "" && !c.Percent {
		bc.unit = "（" + clean(c.Unit) + "）"
	}
	if c.Horizontal {
		d.hbars(bc)
	} else {
		d.vbars(bc)
	}
}

// barChart is a bar chart being drawn, in parts when it runs over pages.
type barChart struct {
	c           BarChart
	names       []string
	colors      []Color
	totals      []float64
	top, step   float64
	tst         lineStyle // ticks and values
	legendH     float64
	unit        string
	part, parts int
}

func (bc *barChart) scaled(si, ci int) float64 {
	v := bc.c.Series[si].Values[ci]
	if bc.c.Percent {
		if bc.totals[ci] == 0 {
			return 0
		}
		return v / bc.totals[ci] * 100
	}
	return v
}

func (bc *barChart) tick(v float64) string {
	if bc.c.Percent {
		return fmtValue(v) + "%"
	}
	return fmtValue(v)
}

// caption is the caption of the current part.
func (bc *barChart) caption() string {
	if bc.c.Caption != "" && bc.part > 0 {
		return bc.c.Caption + "（续）"
	}
	return bc.c.Caption
}

// hbars draws a horizontal bar chart: rows of 8 mm at least; when the categories do not fit a
// page, closer rows, then smaller labels, then parts on several pages.
func (d *Doc) hbars(bc *barChart) {
	c := bc.c
	tst := bc.tst
	tickH := tst.em()*1.6 + 1
	capH := d.chartCaption(bc.caption(), 0, false)
	// the label size, the labels and the rows' heights at it
	layout := func(size float64) (lineStyle, float64, [][]brokenLine, []float64, []float64) {
		lst := d.chartStyle(size)
		lm := d.measure(lst)
		lp := lst.em() * 1.3
		labelW := 0.0
		for _, cat := range c.Categories {
			labelW = math.Max(labelW, lm(clean(cat)))
		}
		labelW = math.Min(labelW, d.w*0.3) + 2
		br := d.breaker(lst, true)
		cats := make([][]brokenLine, len(c.Categories))
		rows := make([]float64, len(c.Categories))
		mins := make([]float64, len(c.Categories))
		for i, cat := range c.Categories {
			cats[i] = br.balanced(clean(cat), labelW-2)
			rows[i] = math.Max(8, float64(len(cats[i]))*lp+2)
			mins[i] = float64(len(cats[i]))*lp + 0.6
		}
		return lst, labelW, cats, rows, mins
	}
	frame := bc.legendH + tickH + capH + 2 // all but the plot
	page := d.h - d.heldHeight()           // a page, less the headings that go with the chart
	for _, size := range []float64{chartLabelSize, chartTickSize, 7.5} {
		lst, labelW, cats, rows, mins := layout(size)
		plotH, minH := 0.0, 0.0
		for i := range rows {
			plotH += rows[i]
			minH += mins[i]
		}
		if c.Height > plotH {
			k := c.Height / plotH
			for i := range rows {
				rows[i] *= k
			}
			plotH = c.Height
		}
		over := frame + plotH + chartGap - page
		if over > 0 && plotH-over < minH {
			continue
		}
		if over > 0 {
			k := (plotH - over) / plotH
			for i := range rows {
				rows[i] *= k
			}
		}
		bc.parts = 1
		d.hbarPart(bc, 0, len(rows), lst, labelW, cats, rows)
		return
	}
	// parts on several pages, labels in 小五, rows as close as they may be
	lst, labelW, cats, _, mins := layout(chartTickSize)
	rows := make([]float64, len(mins))
	for i := range rows {
		rows[i] = math.Max(mins[i]+1, 5)
	}
	room := d.h - chartGap - frame
	// the first part fills what is left of this page, if that is more than a few rows
	first := d.roomLeft() - chartGap - frame
	if first < math.Min(40, room/2) {
		first = page - chartGap - frame
	}
	cuts := []int{0} // the first category of each part
	for i, h, limit := 0, 0.0, first; i < len(rows); i++ {
		if h+rows[i] > limit && h > 0 {
			cuts, h, limit = append(cuts, i), 0, room
		}
		h += rows[i]
		if rows[i] > room {
			d.fail(fmt.Errorf("bar chart: the label of %q does not fit a page", c.Categories[i]))
			return
		}
	}
	bc.parts = len(cuts)
	for p, a := range cuts {
		b := len(rows)
		if p+1 < len(cuts) {
			b = cuts[p+1]
		}
		bc.part = p
		d.hbarPart(bc, a, b, lst, labelW, cats, rows)
		if d.err != nil {
			return
		}
	}
}

// hbarPart draws categories [a, b) of a horizontal bar chart as one block.
func (d *Doc) hbarPart(bc *barChart, a, b int, lst lineStyle, labelW float64, cats [][]brokenLine, rows []float64) {
	c := bc.c
	tst := bc.tst
	tm := d.measure(tst)
	lp := lst.em() * 1.3
	tickH := tst.em()*1.6 + 1
	capH := d.chartCaption(bc.caption(), 0, false)
	plotH := 0.0
	for _, r := range rows[a:b] {
		plotH += r
	}
	h := bc.legendH + plotH + tickH + capH + 2
	y := d.chartBlock(h)
	if bc.legendH > 0 {
		d.legend(d.x0, y, d.w, bc.names, bc.colors, true)
	}
	px0 := d.x0 + labelW + 1
	px1 := d.x0 + d.w - math.Max(tm(bc.tick(bc.top))/2, 8)
	py0 := y + bc.legendH
	py1 := py0 + plotH
	xs := func(v float64) float64 { return px0 + v/bc.top*(px1-px0) }
	for v := 0.0; v <= bc.top+1e-9; v += bc.step {
		x := xs(v)
		if v > 0 {
			d.rule(x, py0, x, py1, 0.15, gridColor())
		}
		d.chartText(x, py1+1+0.86*tst.em()+0.3*tst.em(), bc.tick(v), tst, AlignCenter)
	}
	if bc.unit != "" {
		d.chartText(px1+1, py1+1+0.86*tst.em()+0.3*tst.em(), bc.unit, tst, AlignLeft)
	}
	ry := py0
	for ci := a; ci < b; ci++ {
		rh := rows[ci]
		// category label, right-aligned next to the axis, centred on the row
		ly := ry + (rh-float64(len(cats[ci]))*lp)/2
		for k, l := range cats[ci] {
			d.chartText(px0-1.5, ly+float64(k)*lp+(lp-lst.em())/2+0.86*lst.em(), l.text, lst, AlignRight)
		}
		bh := math.Min(rh*0.6, 6)
		by := ry + (rh-bh)/2
		x := px0
		for si := range c.Series {
			w := bc.scaled(si, ci) / bc.top * (px1 - px0)
			if w <= 0 {
				continue
			}
			d.fillRect(x, by, w, bh, bc.colors[si])
			if s := fmtValue(c.Series[si].Values[ci]); tm(s)+1 <= w && tst.em() <= bh {
				st := tst
				st.color = labelColor(bc.colors[si])
				d.chartText(x+w/2, by+bh/2+0.35*tst.em(), s, st, AlignCenter)
			}
			x += w
		}
		if !c.Percent && len(c.Series) > 1 {
			d.chartText(x+1, by+bh/2+0.35*tst.em(), fmtValue(bc.totals[ci]), tst, AlignLeft)
		}
		ry += rh
	}
	d.rule(px0, py0, px0, py1, 0.3, axisColor())
	d.rule(px0, py1, px1, py1, 0.3, axisColor())
	d.chartCaption(bc.caption(), py1+tickH+2, true)
	d.y = y + h
	d.atTop = false
}

// minSlot is the narrowest a vertical bar's slot may be before the chart goes on in parts.
const minSlot = 8.0

// vbars draws a vertical bar chart, in parts of as many categories as fit across the page.
func (d *Doc) vbars(bc *barChart) {
	tm := d.measure(bc.tst)
	tickW := 0.0
	for v := 0.0; v <= bc.top+1e-9; v += bc.step {
		tickW = math.Max(tickW, tm(bc.tick(v)))
	}
	plotW := d.w - tickW - 4.5
	// slots wide enough for the longest label in two lines
	lm := d.measure(d.chartStyle(chartLabelSize))
	slot := minSlot
	for _, cat := range bc.c.Categories {
		slot = math.Max(slot, math.Min(lm(clean(cat))/2+1.5, 25))
	}
	per := max(1, int(plotW/slot))
	n := len(bc.c.Categories)
	bc.parts = (n + per - 1) / per
	per = (n + bc.parts - 1) / bc.parts // parts as even as they can be
	for p := 0; p*per < n; p++ {
		bc.part = p
		d.vbarPart(bc, p*per, min(n, (p+1)*per), tickW)
		if d.err != nil {
			return
		}
	}
}

// vbarPart draws categories [a, b) of a vertical bar chart as one block.
func (d *Doc) vbarPart(bc *barChart, a, b int, tickW float64) {
	c := bc.c
	tst := bc.tst
	tm := d.measure(tst)
	lst := d.chartStyle(chartLabelSize)
	lp := lst.em() * 1.3
	n := b - a
	px0 := d.x0 + tickW + 2.5
	px1 := d.x0 + d.w - 2
	slot := (px1 - px0) / float64(n)
	br := d.breaker(lst, true)
	cats := make([][]brokenLine, n)
	catLines := 1
	for i := range cats {
		cats[i] = br.balanced(clean(c.Categories[a+i]), slot-1)
		catLines = max(catLines, len(cats[i]))
	}
	catH := float64(catLines)*lp + 2
	plotH := c.Height
	if plotH <= 0 {
		plotH = 60
	}
	unitH := 0.0
	if bc.unit != "" {
		unitH = tst.em() * 1.6
	}
	capH := d.chartCaption(bc.caption(), 0, false)
	totalsH := lst.em() * 1.4
	h := bc.legendH + unitH + totalsH + plotH + catH + capH + 2
	var err error
	if plotH, h, err = fitPlot(plotH, h, d.h); err != nil {
		d.fail(fmt.Errorf("bar chart: %w", err))
		return
	}
	y := d.chartBlock(h)
	if bc.legendH > 0 {
		d.legend(d.x0, y, d.w, bc.names, bc.colors, true)
	}
	if bc.unit != "" {
		d.chartText(px0-2.5, y+bc.legendH+0.86*tst.em(), bc.unit, tst, AlignLeft)
	}
	py0 := y + bc.legendH + unitH + totalsH
	py1 := py0 + plotH
	ys := func(v float64) float64 { return py1 - v/bc.top*plotH }
	for v := 0.0; v <= bc.top+1e-9; v += bc.step {
		yy := ys(v)
		if v > 0 {
			d.rule(px0, yy, px1, yy, 0.15, gridColor())
		}
		d.chartText(px0-1.5, yy+0.35*tst.em(), bc.tick(v), tst, AlignRight)
	}
	bw := math.Min(slot*0.55, 16)
	for i := 0; i < n; i++ {
		ci := a + i
		cx := px0 + slot*(float64(i)+0.5)
		yb := py1
		for si := range c.Series {
			hh := bc.scaled(si, ci) / bc.top * plotH
			if hh <= 0 {
				continue
			}
			d.fillRect(cx-bw/2, yb-hh, bw, hh, bc.colors[si])
			if s := fmtValue(c.Series[si].Values[ci]); hh >= tst.em()*1.1 && tm(s)+1 <= bw {
				st := tst
				st.color = labelColor(bc.colors[si])
				d.chartText(cx, yb-hh/2+0.35*tst.em(), s, st, AlignCenter)
			}
			yb -= hh
		}
		if !c.Percent {
			d.chartText(cx, yb-1.2, fmtValue(bc.totals[ci]), lst, AlignCenter)
		}
		for k, l := range cats[i] {
			d.chartText(cx, py1+1+float64(k)*lp+(lp-lst.em())/2+0.86*lst.em(), l.text, lst, AlignCenter)
		}
	}
	d.rule(px0, py0-totalsH/2, px0, py1, 0.3, axisColor())
	d.rule(px0, py1, px1, py1, 0.3, axisColor())
	d.chartCaption(bc.caption(), py1+catH+2, true)
	d.y = y + h
	d.atTop = false
}

// LineChart draws a line chart.
func (d *Doc) LineChart(c LineChart) {
	if !d.ok() {
		return
	}
	defer d.guard("line chart")
	if err := checkValues("line chart", c.Categories, c.Series); err != nil {
		d.fail(err)
		return
	}
	d.page()
	names := make([]string, len(c.Series))
	colors := make([]Color, len(c.Series))
	maxV := 0.0
	for i, s := range c.Series {
		names[i], colors[i] = clean(s.Name), seriesColor(s, i)
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	top, step := niceScale(maxV, allIntegers(c.Series))
	lst := d.chartStyle(chartLabelSize)
	tst := d.chartStyle(chartTickSize)
	tm := d.measure(tst)
	lp := lst.em() * 1.3
	legendH := d.legend(0, 0, d.w, names, colors, false) + 2
	tickW := 0.0
	for v := 0.0; v <= top+1e-9; v += step {
		tickW = math.Max(tickW, tm(fmtValue(v)))
	}
	n := len(c.Categories)
	px0 := d.x0 + tickW + 2.5
	px1 := d.x0 + d.w - 2
	slot := (px1 - px0) / float64(n)
	cats := make([][]brokenLine, n)
	catLines := 1
	for i, cat := range c.Categories {
		cats[i] = d.breaker(lst, true).balanced(clean(cat), slot-0.5)
		catLines = max(catLines, len(cats[i]))
	}
	catH := float64(catLines)*lp + 2
	plotH := c.Height
	if plotH <= 0 {
		plotH = 60
	}
	unitH := tst.em() * 1.6
	capH := d.chartCaption(c.Caption, 0, false)
	h := legendH + unitH + plotH + catH + capH + 2
	var err error
	if plotH, h, err = fitPlot(plotH, h, d.h); err != nil {
		d.fail(fmt.Errorf("line chart: %w", err))
		return
	}
	y := d.chartBlock(h)
	d.legend(d.x0, y, d.w, names, colors, true)
	if c.Unit != "" {
		d.chartText(px0-2.5, y+legendH+0.86*tst.em(), "（"+clean(c.Unit)+"）", tst, AlignLeft)
	}
	py0 := y + legendH + unitH
	py1 := py0 + plotH
	ys := func(v float64) float64 { return py1 - v/top*plotH }
	for v := 0.0; v <= top+1e-9; v += step {
		yy := ys(v)
		if v > 0 {
			d.rule(px0, yy, px1, yy, 0.15, gridColor())
		}
		d.chartText(px0-1.5, yy+0.35*tst.em(), fmtValue(v), tst, AlignRight)
	}
	for ci := range c.Categories {
		cx := px0 + slot*(float64(ci)+0.5)
		d.rule(cx, py1, cx, py1+1, 0.3, axisColor())
		for k, l := range cats[ci] {
			d.chartText(cx, py1+1.5+float64(k)*lp+(lp-lst.em())/2+0.86*lst.em(), l.text, lst, AlignCenter)
		}
	}
	d.rule(px0, py0, px0, py1, 0.3, axisColor())
	d.rule(px0, py1, px1, py1, 0.3, axisColor())
	for si, s := range c.Series {
		col := colors[si]
		d.pdf.SetDrawColor(int(col.R), int(col.G), int(col.B))
		d.pdf.SetLineWidth(0.5)
		for ci := 1; ci < n; ci++ {
			d.pdf.Line(px0+slot*(float64(ci)-0.5), ys(s.Values[ci-1]), px0+slot*(float64(ci)+0.5), ys(s.Values[ci]))
		}
		d.pdf.SetFillColor(int(col.R), int(col.G), int(col.B))
		for ci, v := range s.Values {
			cx := px0 + slot*(float64(ci)+0.5)
			d.pdf.Circle(cx, ys(v), 0.8, "F")
			if c.ShowValues {
				d.chartText(cx, ys(v)-1.6, fmtValue(v), tst, AlignCenter)
			}
		}
	}
	d.chartCaption(c.Caption, py1+catH+2, true)
	d.y = y + h
	d.atTop = false
}

// PieChart draws a pie chart with its legend on the right.
func (d *Doc) PieChart(c PieChart) {
	if !d.ok() {
		return
	}
	defer d.guard("pie chart")
	total := 0.0
	for _, s := range c.Slices {
		if s.Value < 0 || math.IsNaN(s.Value) || math.IsInf(s.Value, 0) {
			d.fail(fmt.Errorf("pie chart: slice %q: value %v cannot be drawn", s.Label, s.Value))
			return
		}
		total += s.Value
	}
	if len(c.Slices) == 0 {
		d.fail(fmt.Errorf("pie chart: no slices"))
		return
	}
	d.page()
	size := c.Height
	if size <= 0 {
		size = 55
	}
	lst := d.chartStyle(chartLabelSize)
	lp := lst.em() * 1.7
	legendH := float64(len(c.Slices)) * lp
	capH := d.chartCaption(c.Caption, 0, false)
	body := math.Max(size, legendH)
	h := body + capH + 2
	if over := h + chartGap - d.h; over > 0 {
		if size-over < 20 || legendH > d.h-capH-2-chartGap {
			d.fail(fmt.Errorf("pie chart: %d slices do not fit a page", len(c.Slices)))
			return
		}
		size = math.Min(size, d.h-capH-2-chartGap)
		body = math.Max(size, legendH)
		h = body + capH + 2
	}
	y := d.chartBlock(h)
	r := size / 2
	cx, cy := d.x0+d.w*0.32, y+body/2
	colors := make([]Color, len(c.Slices))
	for i, s := range c.Slices {
		colors[i] = s.Color
		if colors[i] == (Color{}) {
			colors[i] = palette(i)
		}
	}
	if total == 0 {
		g := gridColor()
		d.pdf.SetDrawColor(int(g.R), int(g.G), int(g.B))
		d.pdf.SetLineWidth(0.3)
		d.pdf.Circle(cx, cy, r, "D")
		d.chartText(cx, cy+0.35*lst.em(), "无数据", lst, AlignCenter)
	} else {
		a := 90.0 // from twelve o'clock, clockwise
		for i, s := range c.Slices {
			sweep := s.Value / total * 360
			if sweep <= 0 {
				continue
			}
			pts := pieSector(cx, cy, r, a, a-sweep)
			col := colors[i]
			d.pdf.SetFillColor(int(col.R), int(col.G), int(col.B))
			d.pdf.SetDrawColor(255, 255, 255)
			d.pdf.SetLineWidth(0.4)
			style := "FD"
			if sweep >= 359.999 {
				style = "F"
			}
			d.pdf.Polygon(pts, style)
			a -= sweep
		}
	}
	// legend: swatch, label, value and share
	lx := d.x0 + d.w*0.58
	ly := y + (body-legendH)/2
	for i, s := range c.Slices {
		base := ly + float64(i)*lp + (lp-lst.em())/2 + 0.86*lst.em()
		d.fillRect(lx, base-0.78*lst.em()+(0.78*lst.em()-3.5)/2, 3.5, 3.5, colors[i])
		share := ""
		if total > 0 {
			share = "（" + fmtValue(math.Round(s.Value/total*1000)/10) + "%）"
		}
		d.chartText(lx+5, base, clean(s.Label)+"  "+fmtValue(s.Value)+share, lst, AlignLeft)
	}
	d.chartCaption(c.Caption, y+body+2, true)
	d.y = y + h
	d.atTop = false
}

// pieSector is the outline of a sector from angle a0 to a1 (degrees, counter-clockwise from
// three o'clock; y grows downwards on the page).
func pieSector(cx, cy, r, a0, a1 float64) []gofpdf.PointType {
	pts := []gofpdf.PointType{{X: cx, Y: cy}}
	steps := int(math.Ceil(math.Abs(a0-a1)/2)) + 1
	for i := 0; i <= steps; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(steps)) * math.Pi / 180
		pts = append(pts, gofpdf.PointType{X: cx + r*math.Cos(a), Y: cy - r*math.Sin(a)})
	}
	return pts
}
