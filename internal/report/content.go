package report

import "time"

// Content is the report as it reads, before it is set in a format: a sequence of blocks that
// both writers (PDF through internal/typeset, Word through internal/docx) render the same way.
// Everything a reader sees is decided here — the words, the numbers, where a title breaks —
// so that the two files cannot say different things.
type Content struct {
	Title  string    // the title on one line: the files' properties, messages
	Office string    // the issuing office (author in the files' properties)
	Date   time.Time // the document's date (its files' dates)
	Words  []string  // words that lines of titles, tables and charts must not break inside
	Blocks []Block
	// Progress, when not nil, is told of the work done while the content is set as a PDF or
	// a Word document: one unit a block, one a table row (the annex's rows are most of it).
	Progress func(done, total int)
}

// progress counts the work of setting the content once; nil when no one is told.
type progress struct {
	tell        func(done, total int)
	done, total int
}

func (c *Content) progress() *progress {
	if c.Progress == nil {
		return nil
	}
	p := &progress{tell: c.Progress}
	for _, b := range c.Blocks {
		p.total++
		if b.Kind == Table && b.Table != nil {
			p.total += len(b.Table.Rows)
		}
	}
	return p
}

// block is told that a block was set, rows a table's rows set so far.
func (p *progress) block() {
	if p != nil {
		p.done++
		p.tell(p.done, p.total)
	}
}

// rows is the hook a table is given: told of its rows set so far.
func (p *progress) rows() func(int) {
	if p == nil {
		return nil
	}
	base := p.done
	return func(n int) { p.tell(base+n, p.total) }
}

// tableDone moves past a table of n rows.
func (p *progress) tableDone(n int) {
	if p != nil {
		p.done += n
	}
}

// Kind is what a block is.
type Kind int

// The kinds of blocks.
const (
	// Title is the document's title; its lines are already broken ("\n").
	Title Kind = iota
	// Subtitle is the line under the title (the period and the as-of date).
	Subtitle
	// Heading is a numbered heading of Level 1 (“一、” 黑体) or 2 (“（一）” 楷体).
	Heading
	// Paragraph is body text; Keep keeps it on the page of what follows.
	Paragraph
	// Table is a table (Block.Table).
	Table
	// BarChart and LineChart are charts (Block.Bar, Block.Line).
	BarChart
	LineChart
	// Spacer is an empty line of the body; Keep keeps it with what follows.
	Spacer
	// Attachments is the 附件说明 after the body: left, indented two characters.
	Attachments
	// Signature is a line of the 落款 (the office, then the date): set right with RightIndent
	// characters free.
	Signature
	// Annex starts the annex on a new landscape page with its mark (附件, 3号黑体, top left).
	Annex
	// AnnexTitle is the annex's title, centred, its lines already broken.
	AnnexTitle
)

// Block is a piece of the report.
type Block struct {
	Kind        Kind
	Text        string
	Level       int     // of a heading
	Keep        bool    // kept on the page of what follows
	RightIndent float64 // characters free at the right (a signature line)
	Table       *TableBlock
	Bar         *BarChartBlock
	Line        *LineChartBlock
}

// Align is how the cells of a column are aligned.
type Align int

// Alignments.
const (
	Left Align = iota
	Center
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// TableBlock is a table: headers repeat on every page it runs over.
type TableBlock struct {
	Columns  []Column
	Rows     [][]Cell
	FontSize float64 // pt
}

// Column is a table column: its header, its share of the width, its cells' alignment.
type Column struct {
	Header string
	Weight float64
	Align  Align
}

// Cell is a table cell; "\n" breaks a line.
type Cell struct {
	Text  string
	Fill  *Color
	Color *Color // of the text; nil: black
	Bold  bool
}

// Series is one series of a chart.
type Series struct {
	Name   string
	Color  Color
	Values []float64
}

// BarChartBlock is a stacked bar chart.
type BarChartBlock struct {
	Caption    string
	Categories []string
	Series     []Series
	Horizontal bool
	Percent    bool
	Unit       string
}

// LineChartBlock is a line chart.
type LineChartBlock struct {
	Caption    string
	Categories []string
	Series     []Series
	Unit       string
	ShowValues bool
}

// Texts lists what a reader reads in the content, in order: every block's text and every
// header and cell of its tables (a header once), chart captions. It is what both files must
// hold, for the checks that they do.
func (c *Content) Texts() []string {
	var out []string
	for _, b := range c.Blocks {
		switch b.Kind {
		case Table:
			for _, col := range b.Table.Columns {
				out = append(out, col.Header)
			}
			for _, row := range b.Table.Rows {
				for _, cell := range row {
					out = append(out, cell.Text)
				}
			}
		case BarChart:
			out = append(out, b.Bar.Caption)
		case LineChart:
			out = append(out, b.Line.Caption)
		case Spacer:
		default:
			out = append(out, b.Text)
		}
	}
	return out
}
