package pdfdoc

import (
	"fmt"
	"math"
)

// Charts drawn as vectors: lines, rectangles and text, no images.

// Series is one coloured part of a stacked bar or one line of a line chart.
type Series struct {
	Name   string
	Color  string // RRGGBB
	Values []float64
}

// Bars is a horizontal stacked bar chart: one bar per category.
type Bars struct {
	Title      string
	Categories []string
	Series     []Series
}

const chartPt = 9.0

func (d *Doc) setFill(hex string) {
	r, g, b := rgb(hex)
	d.pdf.SetFillColor(r, g, b)
}

// StackedBars draws the chart across the type area's width.
func (d *Doc) StackedBars(c Bars) {
	n := len(c.Categories)
	bar, gap := 5.0, 2.2
	labelW := 0.0
	for _, cat := range c.Categories {
		labelW = math.Max(labelW, d.measure(RoleTable, chartPt, cat))
	}
	labelW += 3
	plotW := d.w - labelW - 12
	height := 8 + float64(n)*(bar+gap) + 16
	d.room(height)
	d.Note(c.Title, 10.5, "C")
	maxV := 0.0
	for i := range c.Categories {
		sum := 0.0
		for _, s := range c.Series {
			if i < len(s.Values) {
				sum += s.Values[i]
			}
		}
		maxV = math.Max(maxV, sum)
	}
	if maxV == 0 {
		maxV = 1
	}
	step := niceStep(maxV)
	top := d.y + 2
	x0 := d.left + labelW
	// grid and axis ticks
	d.pdf.SetDrawColor(200, 200, 200)
	d.pdf.SetLineWidth(0.15)
	bottom := top + float64(n)*(bar+gap)
	for v := 0.0; v <= maxV+step/2; v += step {
		x := x0 + plotW*v/maxV
		d.pdf.Line(x, top, x, bottom)
		label := fmt.Sprintf("%g", v)
		d.draw(RoleTable, chartPt-1, x-d.measure(RoleTable, chartPt-1, label)/2, bottom+3.5, label, false)
	}
	for i, cat := range c.Categories {
		y := top + float64(i)*(bar+gap)
		d.draw(RoleTable, chartPt, x0-2-d.measure(RoleTable, chartPt, cat), y+bar*0.8, cat, false)
		x := x0
		for _, s := range c.Series {
			if i >= len(s.Values) || s.Values[i] == 0 {
				continue
			}
			w := plotW * s.Values[i] / maxV
			d.setFill(s.Color)
			d.pdf.Rect(x, y, w, bar, "F")
			if w > 4 {
				label := fmt.Sprintf("%g", s.Values[i])
				textColor(d, s.Color)
				d.draw(RoleTable, chartPt-1.5, x+(w-d.measure(RoleTable, chartPt-1.5, label))/2, y+bar*0.75, label, false)
				d.pdf.SetTextColor(0, 0, 0)
			}
			x += w
		}
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(x0, top, x0, bottom)
	d.y = bottom + 6
	d.legend(c.Series)
}

// legend draws coloured squares with the series' names on one line.
func (d *Doc) legend(series []Series) {
	total := 0.0
	for _, s := range series {
		total += 5 + d.measure(RoleTable, chartPt, s.Name) + 6
	}
	x := d.left + (d.w-total)/2
	for _, s := range series {
		d.setFill(s.Color)
		d.pdf.Rect(x, d.y, 3.5, 3.5, "F")
		d.draw(RoleTable, chartPt, x+5, d.y+3.2, s.Name, false)
		x += 5 + d.measure(RoleTable, chartPt, s.Name) + 6
	}
	d.y += 8
}

// ShareBar draws one bar divided by the series' first values, with counts and shares: the
// overall lights.
func (d *Doc) ShareBar(title string, series []Series) {
	d.room(28)
	d.Note(title, 10.5, "C")
	total := 0.0
	for _, s := range series {
		if len(s.Values) > 0 {
			total += s.Values[0]
		}
	}
	if total == 0 {
		total = 1
	}
	x, y, h := d.left, d.y+1, 9.0
	for _, s := range series {
		if len(s.Values) == 0 || s.Values[0] == 0 {
			continue
		}
		w := d.w * s.Values[0] / total
		d.setFill(s.Color)
		d.pdf.Rect(x, y, w, h, "F")
		label := fmt.Sprintf("%s %g（%.0f%%）", s.Name, s.Values[0], 100*s.Values[0]/total)
		if lw := d.measure(RoleTable, chartPt, label); lw < w-2 {
			textColor(d, s.Color)
			d.draw(RoleTable, chartPt, x+(w-lw)/2, y+h*0.68, label, false)
			d.pdf.SetTextColor(0, 0, 0)
		}
		x += w
	}
	d.y = y + h + 4
	d.legend(series)
}

// Line is a line chart: one value per category (a month).
type LineChart struct {
	Title      string
	Categories []string
	Series     Series
}

// Lines draws the chart.
func (d *Doc) LineChart(c LineChart) {
	height := 62.0
	d.room(height + 8)
	d.Note(c.Title, 10.5, "C")
	maxV := 0.0
	for _, v := range c.Series.Values {
		maxV = math.Max(maxV, v)
	}
	if maxV == 0 {
		maxV = 1
	}
	step := niceStep(maxV)
	maxV = math.Ceil(maxV/step) * step
	x0, top := d.left+12, d.y+2
	plotW, plotH := d.w-20, height-14
	bottom := top + plotH
	d.pdf.SetDrawColor(200, 200, 200)
	d.pdf.SetLineWidth(0.15)
	for v := 0.0; v <= maxV+step/2; v += step {
		y := bottom - plotH*v/maxV
		d.pdf.Line(x0, y, x0+plotW, y)
		label := fmt.Sprintf("%g", v)
		d.draw(RoleTable, chartPt-1, x0-2-d.measure(RoleTable, chartPt-1, label), y+1.2, label, false)
	}
	n := len(c.Categories)
	px := func(i int) float64 {
		if n == 1 {
			return x0 + plotW/2
		}
		return x0 + plotW*(0.06+0.88*float64(i)/float64(n-1))
	}
	r, g, b := rgb(c.Series.Color)
	d.pdf.SetDrawColor(r, g, b)
	d.pdf.SetLineWidth(0.6)
	for i := 1; i < n && i < len(c.Series.Values); i++ {
		d.pdf.Line(px(i-1), bottom-plotH*c.Series.Values[i-1]/maxV, px(i), bottom-plotH*c.Series.Values[i]/maxV)
	}
	d.setFill(c.Series.Color)
	for i, cat := range c.Categories {
		if i >= len(c.Series.Values) {
			break
		}
		y := bottom - plotH*c.Series.Values[i]/maxV
		d.pdf.Circle(px(i), y, 1.1, "F")
		label := fmt.Sprintf("%g", c.Series.Values[i])
		d.draw(RoleTable, chartPt, px(i)-d.measure(RoleTable, chartPt, label)/2, y-2.5, label, false)
		d.draw(RoleTable, chartPt, px(i)-d.measure(RoleTable, chartPt, cat)/2, bottom+5, cat, false)
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(x0, bottom, x0+plotW, bottom)
	d.y = bottom + 10
}

// niceStep is a round tick step giving about five ticks.
func niceStep(maxV float64) float64 {
	raw := maxV / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return math.Max(1, m*mag) // counts: whole ticks
		}
	}
	return math.Max(1, 10*mag)
}
