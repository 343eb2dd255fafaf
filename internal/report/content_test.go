package report_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/report"
	"taizhang/internal/synth"
	"taizhang/templates"
)

// prose is the content's running text: everything but tables.
func prose(c *report.Content) []report.Block {
	var out []report.Block
	for _, b := range c.Blocks {
		if b.Kind != report.Table && b.Kind != report.BarChart && b.Kind != report.LineChart && b.Kind != report.Spacer {
			out = append(out, b)
		}
	}
	return out
}

var zeroCount = regexp.MustCompile(`(^|[^0-9.])0(条|项|个|天)`)

// The report says only what the data shows: no zero counts listed, no promise the office did
// not make, no “0天后到期”, nothing left as “<no value>” — for the sample and for a plan where
// nobody has reported.
func TestReportClaims(t *testing.T) {
	per := period.MustParse("2022-08")
	nobody, err := ledger.Build(synth.Plan(12, 4, 2), noReturns{}, per, per.Last())
	if err != nil {
		t.Fatal(err)
	}
	for name, l := range map[string]*ledger.Ledger{"sample": sampleLedger(t), "nobody reported": nobody} {
		t.Run(name, func(t *testing.T) {
			c := build(t, l, input)
			for _, b := range prose(c) {
				for _, bad := range []string{"<no value>", "已督促", "0天后到期", "，，", "，。"} {
					if strings.Contains(b.Text, bad) {
						t.Errorf("%q says %q", b.Text, bad)
					}
				}
				if zeroCount.MatchString(b.Text) {
					t.Errorf("a zero count: %q", b.Text)
				}
			}
		})
	}
}

// An office's own copy of the wording that names a field this version does not have prints
// nothing there.
func TestReportOldWording(t *testing.T) {
	l := sampleLedger(t)
	wording := `{{define "标题"}}关于{{.地区}}整改进展情况的报告{{end}}{{define "副标题"}}{{.旧字段}}{{end}}` +
		`{{define "总体进展"}}已完成{{.措施.已完成}}条{{.不存在的字段}}。{{end}}`
	c := build(t, l, report.Input{Wording: wording})
	for _, b := range c.Blocks {
		if strings.Contains(b.Text, "no value") || b.Kind == report.Subtitle {
			t.Errorf("%v block %q", b.Kind, b.Text)
		}
	}
	if !strings.Contains(strings.Join(c.Texts(), ""), "已完成30条。") {
		t.Error("the office's wording is not used")
	}
}

// Section 三 has its two parts, 楷体 headings (level 2); every red row names the units that
// make it red and why, and sums up the others.
func TestReportAlerts(t *testing.T) {
	l := sampleLedger(t)
	c := build(t, l, input)
	var subs []string
	var red *report.TableBlock
	for i, b := range c.Blocks {
		if b.Kind == report.Heading && b.Level == 2 {
			subs = append(subs, b.Text)
			if strings.Contains(b.Text, "红灯") {
				for _, n := range c.Blocks[i:] {
					if n.Kind == report.Table {
						red = n.Table
						break
					}
				}
			}
		}
	}
	if want := []string{"（一）红灯事项", "（二）预警事项"}; !reflect.DeepEqual(subs, want) {
		t.Fatalf("level-2 headings %q, want %q", subs, want)
	}
	col := -1
	for i, h := range red.Columns {
		if h.Header == "责任单位情况" {
			col = i
		}
	}
	reds := 0
	for _, m := range l.Alerts() {
		if m.Verdict.Light == ledger.Red {
			reds++
		}
	}
	if col < 0 || len(red.Rows) != reds {
		t.Fatalf("red table: column %d, %d rows for %d red items", col, len(red.Rows), reds)
	}
	why := regexp.MustCompile(`^[^：]+：(滞后|未报送|逾期未完成)(、(滞后|逾期未完成))?$`)
	others := regexp.MustCompile(`^其余\d+个单位[^，]+(，\d+个单位[^，]+)*$`)
	summarised := false
	for _, row := range red.Rows {
		lines := strings.Split(row[col].Text, "\n")
		if !why.MatchString(lines[0]) {
			t.Errorf("%s: %q does not name a unit and why", row[0].Text, lines[0])
		}
		for _, ln := range lines[1:] {
			if others.MatchString(ln) {
				summarised = true
			} else if !why.MatchString(ln) {
				t.Errorf("%s: %q", row[0].Text, ln)
			}
		}
	}
	if !summarised {
		t.Error("no row sums up the other units")
	}
	for _, want := range []string{"池西区：滞后、逾期未完成\n其余3个单位已完成", "农业水利局：未报送"} {
		found := false
		for _, row := range red.Rows {
			found = found || strings.Contains(row[col].Text, want)
		}
		if !found {
			t.Errorf("no row says %q", want)
		}
	}
}

// After the body: the 附件说明, then the 落款 — the office, and under it the 成文日期 in full,
// two characters right of the office's first character — and the annex marked 附件.
func TestReportClosing(t *testing.T) {
	l := sampleLedger(t)
	for _, c := range []struct {
		date time.Time
		want string
	}{{time.Time{}, "2022年8月31日"}, {time.Date(2022, 9, 5, 0, 0, 0, 0, time.UTC), "2022年9月5日"}} {
		in := input
		in.Date = c.date
		content := build(t, l, in)
		var kinds []report.Kind
		var sig []report.Block
		for _, b := range content.Blocks {
			switch b.Kind {
			case report.Attachments, report.Annex, report.AnnexTitle:
				kinds = append(kinds, b.Kind)
			case report.Signature:
				if len(sig) == 0 {
					kinds = append(kinds, b.Kind)
				}
				sig = append(sig, b)
			}
		}
		if want := []report.Kind{report.Attachments, report.Signature, report.Annex, report.AnnexTitle}; !reflect.DeepEqual(kinds, want) {
			t.Errorf("closing blocks %v, want %v", kinds, want)
		}
		var office []string
		for _, b := range sig[:len(sig)-1] {
			office = append(office, b.Text)
			if b.RightIndent != 2 || !b.Keep {
				t.Errorf("office line %q: right indent %v, keep %v", b.Text, b.RightIndent, b.Keep)
			}
		}
		if strings.Join(office, "") != "长白山保护开发区生态环境保护督察反馈问题整改工作领导小组办公室" || len(office) != 2 {
			t.Errorf("office %q", office)
		}
		date := sig[len(sig)-1]
		if date.Text != c.want || date.RightIndent <= 2 {
			t.Errorf("date %q, right indent %v", date.Text, date.RightIndent)
		}
		if got := period.DateLabel(content.Date); got != c.want {
			t.Errorf("the files' date is %s, want %s", got, c.want)
		}
	}
	c := build(t, l, input)
	for _, b := range c.Blocks {
		if b.Kind == report.Attachments && b.Text != "附件：整改台账（2022年8月）" {
			t.Errorf("附件说明 %q", b.Text)
		}
		if b.Kind == report.Annex && b.Text != "附件" {
			t.Errorf("annex mark %q", b.Text)
		}
	}
}

// The office's free paragraphs: a section per 【title】, numbered after the others; the
// built-in default when the workspace has none; nothing when the text is empty.
func TestReportFree(t *testing.T) {
	cases := []struct {
		text string
		want []report.FreeSection
	}{
		{"", nil},
		{"\uFEFF  一是加强调度。\r\n\r\n二是压实责任。\n", []report.FreeSection{{Title: "下步工作", Paragraphs: []string{"一是加强调度。", "二是压实责任。"}}}},
		{"【存在的主要问题】\n部分单位报送不及时。\n【五、下步工作】\n加强督办。\n【空的一节】\n",
			[]report.FreeSection{{Title: "存在的主要问题", Paragraphs: []string{"部分单位报送不及时。"}}, {Title: "下步工作", Paragraphs: []string{"加强督办。"}}}},
		{"【不是标题】的一段\n", []report.FreeSection{{Title: "下步工作", Paragraphs: []string{"【不是标题】的一段"}}}},
	}
	for _, c := range cases {
		if got := report.ParseFree(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseFree(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if s := report.ParseFree(templates.ReportFree); len(s) != 1 || s[0].Title != "下步工作" {
		t.Errorf("the built-in free paragraphs: %q", s)
	}

	l := sampleLedger(t)
	in := input
	in.Free = "【存在的主要问题】\n部分单位报送不及时。\n【下步工作】\n加强督办。"
	var headings []string
	for _, b := range build(t, l, in).Blocks {
		if b.Kind == report.Heading && b.Level == 1 {
			headings = append(headings, b.Text)
		}
	}
	want := []string{"一、总体进展", "二、各单位报送和推进情况", "三、预警和逾期事项", "四、验收销号和延期情况", "五、统计图", "六、存在的主要问题", "七、下步工作"}
	if !reflect.DeepEqual(headings, want) {
		t.Errorf("headings %q, want %q", headings, want)
	}
}

// A plan of more than ChartUnits units charts the ChartTop units with most red items and 其他.
func TestReportChartSummary(t *testing.T) {
	per := period.MustParse("2022-08")
	l, err := ledger.Build(synth.Plan(60, 4, 2), noReturns{}, per, per.Last())
	if err != nil {
		t.Fatal(err)
	}
	c, err := report.Build(context.Background(), l, input)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range c.Blocks {
		if b.Kind == report.BarChart && len(b.Bar.Categories) > 1 {
			cats := b.Bar.Categories
			if len(cats) != report.ChartTop+1 || cats[len(cats)-1] != "其他" || !strings.Contains(b.Bar.Caption, "其余") {
				t.Errorf("%d categories, last %q, caption %q", len(cats), cats[len(cats)-1], b.Bar.Caption)
			}
			total := 0.0
			for _, s := range b.Bar.Series {
				for _, v := range s.Values {
					total += v
				}
			}
			want := 0
			for _, u := range l.Units {
				for _, n := range u.Counts {
					want += n
				}
			}
			if int(total) != want {
				t.Errorf("the chart shows %v items, the units have %d", total, want)
			}
		}
	}
}
