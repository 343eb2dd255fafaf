package report

import (
	"context"
	"io"
	"math"
	"strings"

	"taizhang/internal/docx"
	"taizhang/internal/typeset"
)

// Word is the report as an editable Word document.
type Word struct {
	Doc   *docx.Doc
	Fonts docx.Fonts // the font each role names
}

// Write writes the .docx file.
func (w *Word) Write(out io.Writer) error { return w.Doc.Write(out) }

// Word writes the content as a Word document through internal/docx; fonts names the fonts of
// the roles (empty names: GB/T 9704's, as Chinese offices' computers name them).
func (c *Content) Word(ctx context.Context, fonts docx.Fonts) (*Word, error) {
	d := docx.New(docx.Config{Title: c.Title, Author: c.Office, Date: c.Date, Fonts: fonts})
	prog := c.progress()
	for i, b := range c.Blocks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if i > 0 {
			prog.block()
		}
		switch b.Kind {
		case Title:
			d.Title(b.Text)
		case Subtitle:
			d.Subtitle(b.Text)
		case Heading:
			d.Heading(b.Level, b.Text)
		case Paragraph:
			if b.Keep {
				d.Text(b.Text, docx.TextOptions{Align: docx.AlignJustify, Indent: 2, KeepWithNext: true})
			} else {
				d.Paragraph(b.Text)
			}
		case Table:
			t := c.wordTable(b.Table, d.Width())
			t.Progress = prog.rows()
			d.Table(t)
			prog.tableDone(len(b.Table.Rows))
		case BarChart:
			d.BarChart(docx.BarChart{Caption: b.Bar.Caption, Categories: b.Bar.Categories, Series: wordSeries(b.Bar.Series),
				Horizontal: b.Bar.Horizontal, Percent: b.Bar.Percent, Unit: b.Bar.Unit})
		case LineChart:
			d.LineChart(docx.LineChart{Caption: b.Line.Caption, Categories: b.Line.Categories, Series: wordSeries(b.Line.Series),
				Unit: b.Line.Unit, ShowValues: b.Line.ShowValues})
		case Spacer:
			if b.Keep { // an empty line that holds on to what follows
				d.Text("", docx.TextOptions{KeepWithNext: true})
			} else {
				d.Spacer(1)
			}
		case Attachments:
			d.Text(b.Text, docx.TextOptions{Indent: 2, KeepWithNext: b.Keep})
		case Signature:
			d.Text(b.Text, docx.TextOptions{Align: docx.AlignRight, RightIndent: b.RightIndent, KeepWithNext: b.Keep})
		case Annex:
			d.LandscapeSection()
			d.Text(b.Text, docx.TextOptions{Role: docx.RoleHeading1})
		case AnnexTitle:
			d.Text(b.Text, docx.TextOptions{Role: docx.RoleTitle, Size: docx.SizeBody, Align: docx.AlignCenter})
		}
	}
	prog.block()
	if err := d.Err(); err != nil {
		return nil, err
	}
	return &Word{Doc: d, Fonts: fonts.Resolved()}, nil
}

// Table geometry of internal/docx, in mm: the cells' padding on either side.
const wordCellPad = 1.5

// wordTable sets a table's columns for a page width of area mm as internal/typeset sizes
// them: by weight, but no column narrower than the longest word of its header, and the headers
// broken between words (a word processor would break “应报措施” anywhere).
func (c *Content) wordTable(t *TableBlock, area float64) docx.Table {
	size := t.FontSize
	if size <= 0 {
		size = docx.SizeTable
	}
	em := size * 25.4 / 72
	n := len(t.Columns)
	widths, mins := make([]float64, n), make([]float64, n)
	total := 0.0
	for _, col := range t.Columns {
		total += col.Weight
	}
	for i, col := range t.Columns {
		widths[i] = area * col.Weight / total
		mins[i] = typeset.LongestWord(col.Header, c.Words)*em + 2*wordCellPad + 0.6
	}
	widths = fitWidths(widths, mins)
	out := docx.Table{FontSize: t.FontSize}
	for i, col := range t.Columns {
		al := docx.AlignLeft
		if col.Align == Center {
			al = docx.AlignCenter
		}
		header := strings.Join(typeset.BalanceWords(col.Header, (widths[i]-2*wordCellPad-0.3)/em, c.Words), "\n")
		dc := docx.Column{Header: header, Width: math.Floor(widths[i]*100) / 100, Align: al}
		if i == n-1 { // the last column takes what rounding leaves
			dc.Width, dc.Weight = 0, 1
		}
		out.Columns = append(out.Columns, dc)
	}
	for _, row := range t.Rows {
		cells := make([]docx.Cell, len(row))
		for i, cell := range row {
			cells[i] = docx.Cell{Text: cell.Text, Fill: wordColor(cell.Fill), Color: wordColor(cell.Color), Bold: cell.Bold}
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// fitWidths widens the columns narrower than their minimum, taking the width from the others
// in proportion to what they have above theirs; when the minimums do not all fit, the widths
// are left as they are.
func fitWidths(widths, mins []float64) []float64 {
	need, slack := 0.0, 0.0
	for i := range widths {
		if widths[i] < mins[i] {
			need += mins[i] - widths[i]
		} else {
			slack += widths[i] - mins[i]
		}
	}
	if need == 0 || need > slack {
		return widths
	}
	out := make([]float64, len(widths))
	for i := range widths {
		if widths[i] < mins[i] {
			out[i] = mins[i]
		} else {
			out[i] = widths[i] - need*(widths[i]-mins[i])/slack
		}
	}
	return out
}

func wordColor(c *Color) *docx.Color {
	if c == nil {
		return nil
	}
	return &docx.Color{R: c.R, G: c.G, B: c.B}
}

func wordSeries(ss []Series) []docx.Series {
	out := make([]docx.Series, len(ss))
	for i, s := range ss {
		out[i] = docx.Series{Name: s.Name, Color: docx.Color{R: s.Color.R, G: s.Color.G, B: s.Color.B}, Values: s.Values}
	}
	return out
}
