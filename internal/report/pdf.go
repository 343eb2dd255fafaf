package report

import (
	"context"
	"io"

	"taizhang/internal/typeset"
)

// PDF is the report set as a PDF.
type PDF struct {
	Doc     *typeset.Doc
	Missing []rune // characters no font had, drawn as □
}

// Write writes the PDF.
func (p *PDF) Write(w io.Writer) error { return p.Doc.Output(w) }

// PDF sets the content as a PDF through internal/typeset; cfg chooses the fonts (the title,
// author, date and words are set here).
func (c *Content) PDF(ctx context.Context, cfg typeset.Config) (*PDF, error) {
	cfg.Title = c.Title
	cfg.Author = c.Office
	cfg.Date = c.Date
	cfg.Words = append(append([]string(nil), cfg.Words...), c.Words...)
	d, err := typeset.New(cfg)
	if err != nil {
		return nil, err
	}
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
				d.Text(b.Text, typeset.TextOptions{Align: typeset.AlignJustify, Indent: 2, KeepWithNext: true})
			} else {
				d.Paragraph(b.Text)
			}
		case Table:
			t := pdfTable(b.Table)
			t.Progress = prog.rows()
			d.Table(t)
			prog.tableDone(len(b.Table.Rows))
		case BarChart:
			d.BarChart(typeset.BarChart{Caption: b.Bar.Caption, Categories: b.Bar.Categories, Series: pdfSeries(b.Bar.Series),
				Horizontal: b.Bar.Horizontal, Percent: b.Bar.Percent, Unit: b.Bar.Unit})
		case LineChart:
			d.LineChart(typeset.LineChart{Caption: b.Line.Caption, Categories: b.Line.Categories, Series: pdfSeries(b.Line.Series),
				Unit: b.Line.Unit, ShowValues: b.Line.ShowValues})
		case Spacer:
			d.Spacer(1)
		case Attachments:
			d.Text(b.Text, typeset.TextOptions{Indent: 2, KeepWithNext: b.Keep})
		case Signature:
			d.Text(b.Text, typeset.TextOptions{Align: typeset.AlignRight, RightIndent: b.RightIndent, KeepWithNext: b.Keep})
		case Annex:
			d.LandscapeSection()
			d.Text(b.Text, typeset.TextOptions{Role: typeset.RoleHeading1})
		case AnnexTitle:
			d.Text(b.Text, typeset.TextOptions{Role: typeset.RoleTitle, Size: typeset.SizeBody, Align: typeset.AlignCenter, Balanced: true})
		}
	}
	prog.block()
	if err := d.Err(); err != nil {
		return nil, err
	}
	return &PDF{Doc: d, Missing: d.Missing()}, nil
}

func pdfTable(t *TableBlock) typeset.Table {
	out := typeset.Table{FontSize: t.FontSize}
	for _, c := range t.Columns {
		al := typeset.AlignLeft
		if c.Align == Center {
			al = typeset.AlignCenter
		}
		out.Columns = append(out.Columns, typeset.Column{Header: c.Header, Weight: c.Weight, Align: al})
	}
	for _, row := range t.Rows {
		cells := make([]typeset.Cell, len(row))
		for i, c := range row {
			cells[i] = typeset.Cell{Text: c.Text, Fill: pdfColor(c.Fill), Color: pdfColor(c.Color), Bold: c.Bold}
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

func pdfColor(c *Color) *typeset.Color {
	if c == nil {
		return nil
	}
	return &typeset.Color{R: c.R, G: c.G, B: c.B}
}

func pdfSeries(ss []Series) []typeset.Series {
	out := make([]typeset.Series, len(ss))
	for i, s := range ss {
		out[i] = typeset.Series{Name: s.Name, Color: typeset.Color{R: s.Color.R, G: s.Color.G, B: s.Color.B}, Values: s.Values}
	}
	return out
}
