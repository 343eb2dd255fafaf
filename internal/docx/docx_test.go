package docx

import (
	"bytes"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func build(t *testing.T, d *Doc) *pkg {
	t.Helper()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return openPkg(t, b)
}

// documents are the shapes of document the structure checks run on.
func documents() map[string]func() *Doc {
	return map[string]func() *Doc{
		"sample": func() *Doc { d, _ := sample(); return d },
		"empty":  func() *Doc { return New(Config{}) },
		"no page numbers": func() *Doc {
			d := New(Config{NoPageNumbers: true})
			d.Paragraph("正文。")
			d.LandscapeSection()
			d.Table(Table{Columns: []Column{{Header: "甲"}}, Rows: [][]Cell{Cells("一")}})
			return d
		},
		"only a table": func() *Doc {
			d := New(Config{})
			d.Table(Table{Columns: []Column{{Header: "甲"}, {Header: "乙"}}, Rows: [][]Cell{Cells("一", "二")}})
			return d
		},
		"only a chart, landscape": func() *Doc {
			d := New(Config{FirstPageNumber: 3})
			d.LandscapeSection()
			d.LineChart(LineChart{Categories: []string{"1月"}, Series: []Series{{Name: "甲", Values: []float64{1}}}})
			return d
		},
		"sections back and forth": func() *Doc {
			d := New(Config{})
			d.LandscapeSection()
			d.PortraitSection()
			d.Paragraph("一")
			d.LandscapeSection()
			d.Table(Table{Columns: []Column{{Header: "甲"}}})
			d.LandscapeSection()
			d.Table(Table{Columns: []Column{{Header: "乙"}}})
			d.PortraitSection()
			d.NewPage()
			d.Paragraph("二")
			return d
		},
	}
}

// TestPackage checks what Word checks before it calls a file corrupt: every part is
// well-formed XML, [Content_Types].xml names exactly the parts there are, every relationship
// points at a part there is, every part but the content types and the relationships is
// reached by one, and every r:id in a part is one of its relationships.
func TestPackage(t *testing.T) {
	for name, mk := range documents() {
		t.Run(name, func(t *testing.T) {
			p := build(t, mk())
			if p.names[0] != "[Content_Types].xml" {
				t.Errorf("first part is %s, want [Content_Types].xml", p.names[0])
			}
			for _, want := range []string{"_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
				"word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml"} {
				if _, ok := p.files[want]; !ok {
					t.Errorf("%s missing", want)
				}
			}
			parsed := map[string]*node{}
			for _, n := range p.names {
				parsed[n] = p.parse(t, n)
			}

			// content types: an Override for every part that is not a relationships part, and
			// none for a part that is not there
			overrides := map[string]string{}
			for _, o := range parsed["[Content_Types].xml"].all("Override") {
				name := strings.TrimPrefix(o.attr["PartName"], "/")
				if _, ok := p.files[name]; !ok {
					t.Errorf("content type for %s, which is not in the package", name)
				}
				if _, dup := overrides[name]; dup {
					t.Errorf("two content types for %s", name)
				}
				overrides[name] = o.attr["ContentType"]
			}
			defaults := map[string]bool{}
			for _, d := range parsed["[Content_Types].xml"].all("Default") {
				defaults[d.attr["Extension"]] = true
			}
			if !defaults["rels"] {
				t.Error("no default content type for .rels")
			}
			for _, n := range p.names {
				if n == "[Content_Types].xml" || strings.HasSuffix(n, ".rels") {
					continue
				}
				if overrides[n] == "" {
					t.Errorf("%s has no content type of its own", n)
				}
			}

			// relationships
			reached := map[string]int{}
			for _, rn := range p.names {
				if !strings.HasSuffix(rn, ".rels") {
					continue
				}
				src := sourceOf(rn)
				if _, ok := p.files[src]; src != "" && !ok {
					t.Errorf("%s belongs to %s, which is not in the package", rn, src)
				}
				ids := map[string]bool{}
				for _, r := range parsed[rn].all("Relationship") {
					id, target := r.attr["Id"], r.attr["Target"]
					if ids[id] {
						t.Errorf("%s: id %s twice", rn, id)
					}
					ids[id] = true
					if r.attr["TargetMode"] == "External" {
						continue
					}
					full := path.Join(path.Dir(src), target)
					if strings.HasPrefix(target, "/") {
						full = strings.TrimPrefix(target, "/")
					}
					if _, ok := p.files[full]; !ok {
						t.Errorf("%s: %s points at %s, which is not in the package", rn, id, full)
					}
					reached[full]++
				}
				// every r:id in the source part resolves
				if src != "" {
					parsed[src].walk(func(n *node) {
						for k, v := range n.attr {
							if strings.HasPrefix(k, "r:") && !ids[v] {
								t.Errorf("%s: <%s %s=%q>: no such relationship", src, n.name, k, v)
							}
						}
					})
				}
			}
			for _, n := range p.names {
				if n == "[Content_Types].xml" || strings.HasSuffix(n, ".rels") {
					continue
				}
				if reached[n] != 1 {
					t.Errorf("%s is the target of %d relationships, want 1", n, reached[n])
				}
			}
			// a part with r:id attributes has a relationships part
			for _, n := range p.names {
				if strings.HasSuffix(n, ".xml") && bytes.Contains(p.files[n], []byte(` r:id="`)) {
					if _, ok := p.files[relsFor(n)]; !ok {
						t.Errorf("%s uses relationships but has no %s", n, relsFor(n))
					}
				}
			}
			// every style used is defined
			styles := map[string]bool{}
			for _, s := range parsed["word/styles.xml"].all("w:style") {
				styles[s.attr["w:styleId"]] = true
			}
			for _, n := range p.names {
				if strings.HasPrefix(n, "word/") && strings.HasSuffix(n, ".xml") {
					for _, ps := range parsed[n].all("w:pStyle") {
						if !styles[ps.attr["w:val"]] {
							t.Errorf("%s: style %q is not defined", n, ps.attr["w:val"])
						}
					}
				}
			}
			// the body ends with the last section's properties
			body := parsed["word/document.xml"].child("w:body")
			if body == nil || len(body.kids) == 0 || body.kids[len(body.kids)-1].name != "w:sectPr" {
				t.Error("the body does not end with w:sectPr")
			}
			// every table cell holds a paragraph, and two tables never touch
			for _, tc := range parsed["word/document.xml"].all("w:tc") {
				if tc.child("w:p") == nil {
					t.Error("a table cell without a paragraph")
				}
			}
			for i := 1; body != nil && i < len(body.kids); i++ {
				if body.kids[i].name == "w:tbl" && body.kids[i-1].name == "w:tbl" {
					t.Error("two tables next to each other")
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := sample()
	b, _ := sample()
	ab, err := a.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	bb, _ := b.Bytes()
	if !bytes.Equal(ab, bb) {
		t.Fatal("the same document gave different bytes")
	}
	again, _ := a.Bytes()
	if !bytes.Equal(ab, again) {
		t.Fatal("writing twice gave different bytes")
	}
	var w bytes.Buffer
	if err := a.Write(&w); err != nil || !bytes.Equal(w.Bytes(), ab) {
		t.Fatalf("Write differs from Bytes (%v)", err)
	}
	p := openPkg(t, ab)
	for _, n := range p.names {
		if m := p.heads[n].Modified; !m.Equal(sampleDate) {
			t.Errorf("%s: time %v, want %v", n, m, sampleDate)
		}
	}
	core := string(p.files["docProps/core.xml"])
	if !strings.Contains(core, "2023-09-30T12:00:00Z") || !strings.Contains(core, "<dc:title>长白山") {
		t.Errorf("core.xml: %s", core)
	}
	// another date, other bytes; no date, 2000-01-01
	later := New(Config{Date: sampleDate.Add(24 * time.Hour)})
	first := New(Config{Date: sampleDate})
	lb, _ := later.Bytes()
	fb, _ := first.Bytes()
	if bytes.Equal(lb, fb) {
		t.Error("the date does not change the bytes")
	}
	zb, _ := New(Config{}).Bytes()
	if !strings.Contains(string(openPkg(t, zb).files["docProps/core.xml"]), "2000-01-01T00:00:00Z") {
		t.Error("a zero date is not written as 2000-01-01")
	}
}

func TestTextSafety(t *testing.T) {
	hostile := "a<b>&c\"d'e]]>\x00\x01\x08\x0b\x0c\x1f\x7f\u0085\uFFFE\uFFFF" + string([]byte{0xff, 0xfe}) + "𠮷野家\r\nx\ty"
	d := New(Config{Title: "标题<&>\x00", Author: "办公室&"})
	d.Title(hostile)
	d.Paragraph(hostile)
	d.Text(hostile, TextOptions{Align: AlignRight})
	d.Table(Table{Caption: hostile, Columns: []Column{{Header: hostile}}, Rows: [][]Cell{{{Text: hostile}}}})
	d.BarChart(BarChart{Caption: hostile, Categories: []string{hostile}, Series: []Series{{Name: hostile, Values: []float64{1}}}, Unit: hostile})
	p := build(t, d)
	for _, n := range p.names {
		p.parse(t, n) // well-formed
		for _, r := range string(p.files[n]) {
			if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0xFFFE || r == 0xFFFF || r == 0x7F || r == 0x85 {
				t.Errorf("%s: holds %U", n, r)
			}
		}
	}
	doc := p.parse(t, "word/document.xml")
	paras := doc.path("w:body").all("w:p")
	// Title keeps the text in one paragraph, "\n" a line break; Paragraph makes a paragraph of
	// each line, as typeset does
	want := "a<b>&c\"d'e]]>\uFFFD𠮷野家\nx\ty"
	if got := paras[0].texts(); got != want {
		t.Errorf("title: %q, want %q", got, want)
	}
	var texts []string
	for _, p := range paras {
		texts = append(texts, p.texts())
	}
	joined := strings.Join(texts, "|")
	if !strings.Contains(joined, "|a<b>&c\"d'e]]>\uFFFD𠮷野家|x\ty|") {
		t.Errorf("paragraphs: %q", joined)
	}
	cells := doc.all("w:tc")
	if got := cells[1].texts(); got != want {
		t.Errorf("cell: %q, want %q", got, want)
	}
	if len(cells[1].all("w:br")) != 1 {
		t.Error("a newline in a cell is not a w:br")
	}
	chart := string(p.files["word/charts/chart1.xml"])
	if !strings.Contains(chart, "a&lt;b&gt;&amp;c&quot;d&apos;e]]&gt;\uFFFD𠮷野家 x y") {
		t.Errorf("chart labels: %s", chart)
	}
	if !strings.Contains(string(p.files["docProps/core.xml"]), "<dc:title>标题&lt;&amp;&gt;</dc:title>") {
		t.Errorf("core: %s", p.files["docProps/core.xml"])
	}
}

// TestFonts: no theme font anywhere (WPS substitutes them: 黑体 would become 等线), every run
// names its fonts itself, the font table gives each font a fallback.
func TestFonts(t *testing.T) {
	d, _ := sample()
	p := build(t, d)
	for _, n := range p.names {
		root := p.parse(t, n)
		root.walk(func(e *node) {
			for k, v := range e.attr {
				if strings.Contains(strings.ToLower(k), "theme") {
					t.Errorf("%s: <%s %s>: a theme attribute", n, e.name, k)
				}
				if k == "typeface" && (v == "" || strings.HasPrefix(v, "+")) {
					t.Errorf("%s: typeface %q", n, v)
				}
			}
			if strings.Contains(strings.ToLower(e.name), "theme") {
				t.Errorf("%s: <%s>", n, e.name)
			}
		})
		if !strings.HasPrefix(n, "word/document") && !strings.HasPrefix(n, "word/footer") {
			continue
		}
		runs := root.all("w:r")
		if len(runs) == 0 {
			t.Errorf("%s: no runs", n)
		}
		for i, r := range runs {
			f := r.path("w:rPr", "w:rFonts")
			if f == nil {
				t.Errorf("%s: run %d (%q) has no w:rFonts", n, i, r.texts())
				continue
			}
			for _, a := range []string{"w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"} {
				if f.attr[a] == "" {
					t.Errorf("%s: run %d (%q): no %s", n, i, r.texts(), a)
				}
			}
			if f.attr["w:hint"] != "eastAsia" {
				t.Errorf("%s: run %d: hint %q", n, i, f.attr["w:hint"])
			}
		}
	}
	// the roles' fonts
	doc := p.parse(t, "word/document.xml")
	fontOf := func(text string) string {
		for _, r := range doc.all("w:r") {
			if strings.HasPrefix(r.texts(), text) {
				return r.path("w:rPr", "w:rFonts").attr["w:eastAsia"] + " " + r.path("w:rPr", "w:sz").attr["w:val"]
			}
		}
		return "not found"
	}
	for text, want := range map[string]string{
		"长白山保护开发区第二轮": "方正小标宋简体 44", "一、总体进展": "黑体 32", "（一）报送情况": "楷体_GB2312 32",
		"截至2023年9月30日": "仿宋_GB2312 32", "第1责任单位": "宋体 18", "序号": "黑体 18",
	} {
		if got := fontOf(text); got != want {
			t.Errorf("%s: %s, want %s", text, got, want)
		}
	}
	// fallbacks
	alt := map[string]string{}
	for _, f := range p.parse(t, "word/fontTable.xml").all("w:font") {
		if a := f.child("w:altName"); a != nil {
			alt[f.attr["w:name"]] = a.attr["w:val"]
		}
		if c := f.child("w:charset"); c == nil || c.attr["w:val"] != "86" {
			t.Errorf("font %s: charset is not 86 (GB2312)", f.attr["w:name"])
		}
	}
	for font, want := range map[string]string{"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "宋体": "SimSun", "黑体": "SimHei", "仿宋": "FangSong", "楷体": "KaiTi"} {
		if alt[font] != want {
			t.Errorf("font table: %s falls back to %q, want %q", font, alt[font], want)
		}
	}
	// the defaults name their fonts too
	st := p.parse(t, "word/styles.xml")
	if f := st.path("w:docDefaults", "w:rPrDefault", "w:rPr", "w:rFonts"); f == nil || f.attr["w:eastAsia"] != "仿宋_GB2312" {
		t.Error("docDefaults: no East Asian font")
	}
	for _, s := range st.all("w:style") {
		if s.attr["w:type"] == "paragraph" {
			if f := s.path("w:rPr", "w:rFonts"); f == nil || f.attr["w:eastAsia"] == "" {
				t.Errorf("style %s: no East Asian font", s.attr["w:styleId"])
			}
		}
	}
	// fonts can be renamed
	d2 := New(Config{Fonts: Fonts{Body: "仿宋", Heading2: " "}})
	d2.Paragraph("正文")
	d2.Heading(2, "（一）")
	doc2 := build(t, d2).parse(t, "word/document.xml")
	rs := doc2.all("w:r")
	if got := rs[0].path("w:rPr", "w:rFonts").attr["w:eastAsia"]; got != "仿宋" {
		t.Errorf("body font %q, want 仿宋", got)
	}
	if got := rs[1].path("w:rPr", "w:rFonts").attr["w:eastAsia"]; got != "楷体_GB2312" {
		t.Errorf("a blank font name gave %q, want the default", got)
	}
}

func attrInt(t *testing.T, n *node, name string) int {
	t.Helper()
	if n == nil {
		t.Fatalf("no element for %s", name)
	}
	v, err := strconv.Atoi(n.attr[name])
	if err != nil {
		t.Fatalf("<%s %s=%q>", n.name, name, n.attr[name])
	}
	return v
}

func mm(twips int) float64 { return float64(twips) * 25.4 / 1440 }

// TestPage checks GB/T 9704's page in both orientations, the grid, and the footers.
func TestPage(t *testing.T) {
	d, _ := sample()
	p := build(t, d)
	doc := p.parse(t, "word/document.xml")
	sects := doc.all("w:sectPr")
	if len(sects) != 2 {
		t.Fatalf("%d sections, want 2", len(sects))
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.1 {
			t.Errorf("%s: %.2f mm, want %.2f", what, got, want)
		}
	}
	for i, s := range sects {
		land := i == 1
		sz, mar := s.child("w:pgSz"), s.child("w:pgMar")
		w, h := attrInt(t, sz, "w:w"), attrInt(t, sz, "w:h")
		top, left, right, bottom := attrInt(t, mar, "w:top"), attrInt(t, mar, "w:left"), attrInt(t, mar, "w:right"), attrInt(t, mar, "w:bottom")
		if !land {
			if w != 11906 || h != 16838 || sz.attr["w:orient"] != "" {
				t.Errorf("portrait page %d × %d %q", w, h, sz.attr["w:orient"])
			}
			near("top margin", mm(top), 37)
			near("left margin", mm(left), 28)
			near("type area width", mm(w-left-right), 156)
			near("type area height", mm(h-top-bottom), 225)
		} else {
			if w != 16838 || h != 11906 || sz.attr["w:orient"] != "landscape" {
				t.Errorf("landscape page %d × %d %q", w, h, sz.attr["w:orient"])
			}
			near("type area width", mm(w-left-right), 225)
			near("type area height", mm(h-top-bottom), 156)
			if left != right {
				t.Errorf("landscape type area not centred: %d, %d", left, right)
			}
		}
		// the page number's line: its middle 7 mm below the type area
		footer := attrInt(t, mar, "w:footer")
		near("page number below the type area", mm(bottom-footer-footerLine/2), 7)

		g := s.child("w:docGrid")
		if g.attr["w:type"] != "linesAndChars" || g.attr["w:linePitch"] != "580" {
			t.Errorf("grid %v", g.attr)
		}
		cs := attrInt(t, g, "w:charSpace")
		pitch := 16 + float64(cs)/4096 // pt, as Word reads it
		width := float64(w-left-right) / 20
		if n := int(width / pitch); !land && n != 28 {
			t.Errorf("charSpace %d: %d characters a line, want 28", cs, n)
		}
		if n := (h - top - bottom) / 580; !land && n != 22 {
			t.Errorf("%d lines a page, want 22", n)
		}
		// footers on both sides, numbers going on
		var types []string
		for _, f := range s.all("w:footerReference") {
			types = append(types, f.attr["w:type"])
		}
		slices.Sort(types)
		if !slices.Equal(types, []string{"default", "even"}) {
			t.Errorf("footers %v", types)
		}
		if n := s.child("w:pgNumType"); n == nil || n.attr["w:start"] != "" {
			t.Error("page numbers restart")
		}
	}
	if !strings.Contains(string(p.files["word/settings.xml"]), "<w:evenAndOddHeaders/>") {
		t.Error("settings: odd and even footers are not on")
	}
	// odd pages: right, a character in; even pages: left
	for file, want := range map[string][2]string{"word/footer1.xml": {"right", "w:right"}, "word/footer2.xml": {"left", "w:left"}} {
		f := p.parse(t, file)
		pp := f.child("w:p")
		if jc := pp.path("w:pPr", "w:jc"); jc == nil || jc.attr["w:val"] != want[0] {
			t.Errorf("%s: not %s", file, want[0])
		}
		if ind := pp.path("w:pPr", "w:ind"); ind == nil || ind.attr[want[1]] != "280" {
			t.Errorf("%s: not a character in", file)
		}
		if got := pp.texts(); got != "— 1 —" {
			t.Errorf("%s: %q", file, got)
		}
		if it := f.all("w:instrText"); len(it) != 1 || strings.TrimSpace(it[0].text) != "PAGE" {
			t.Errorf("%s: no PAGE field", file)
		}
		for _, r := range f.all("w:r") {
			if sz := r.path("w:rPr", "w:sz"); sz.attr["w:val"] != "28" {
				t.Errorf("%s: size %s, want 28 (4号)", file, sz.attr["w:val"])
			}
		}
	}
	// a first page number
	d2 := New(Config{FirstPageNumber: 5})
	d2.Paragraph("一")
	d2.LandscapeSection()
	d2.Paragraph("二")
	ss := build(t, d2).parse(t, "word/document.xml").all("w:sectPr")
	if ss[0].child("w:pgNumType").attr["w:start"] != "5" || ss[1].child("w:pgNumType").attr["w:start"] != "" {
		t.Error("FirstPageNumber: not on the first section only")
	}
}

// TestBlocks checks the paragraphs' settings: indents, grid, alignment, page breaks.
func TestBlocks(t *testing.T) {
	d := New(Config{})
	d.Title("标题")
	d.Subtitle("副标题")
	d.Heading(1, "一、总体")
	d.Paragraph("正文")
	d.NewPage()
	d.Text("落款", TextOptions{Align: AlignRight, RightIndent: 4})
	d.Text("注", TextOptions{Size: 12, Indent: 2})
	d.NewPage()
	d.Table(Table{Columns: []Column{{Header: "甲"}}})
	doc := build(t, d).parse(t, "word/document.xml")
	var ps []*node
	for _, k := range doc.path("w:body").kids {
		if k.name == "w:p" {
			ps = append(ps, k)
		}
	}
	get := func(i int, names ...string) map[string]string {
		if n := ps[i].path(append([]string{"w:pPr"}, names...)...); n != nil {
			return n.attr
		}
		return nil
	}
	var texts []string
	for _, p := range ps {
		texts = append(texts, p.texts())
	}
	// title, subtitle directly under it, an empty line, heading, paragraph, 落款, 注, the
	// paragraph holding the page break before the table, the one after the table
	if want := []string{"标题", "副标题", "", "一、总体", "正文", "落款", "注", "", ""}; !slices.Equal(texts, want) {
		t.Fatalf("paragraphs %q, want %q", texts, want)
	}
	if get(0, "w:jc")["w:val"] != "center" || get(0, "w:snapToGrid")["w:val"] != "0" {
		t.Error("title: not centred off the grid")
	}
	if get(2, "w:spacing")["w:line"] != "580" {
		t.Error("the empty line under the subtitle is not a line of the grid")
	}
	if get(3, "w:keepNext") == nil || get(3, "w:outlineLvl")["w:val"] != "0" || get(3, "w:ind")["w:firstLineChars"] != "200" {
		t.Errorf("heading: %v %v", get(3, "w:outlineLvl"), get(3, "w:ind"))
	}
	if get(4, "w:ind")["w:firstLineChars"] != "200" || get(4, "w:jc")["w:val"] != "both" || get(4, "w:spacing")["w:lineRule"] != "exact" || get(4, "w:spacing")["w:line"] != "580" {
		t.Error("paragraph: not indented two characters, justified, 29 pt exactly")
	}
	if get(5, "w:pageBreakBefore") == nil || get(5, "w:jc")["w:val"] != "right" || get(5, "w:ind")["w:rightChars"] != "400" {
		t.Errorf("落款: %v %v", get(5, "w:jc"), get(5, "w:ind"))
	}
	if get(6, "w:snapToGrid")["w:val"] != "0" || get(6, "w:spacing")["w:line"] != "360" || get(6, "w:ind")["w:firstLine"] != "480" {
		t.Errorf("小四 text: %v %v", get(6, "w:spacing"), get(6, "w:ind"))
	}
	if get(7, "w:pageBreakBefore") == nil {
		t.Error("no page break before the table")
	}
	// 3号 text is set a little tighter (see bodyPara); other text is not
	for i, want := range map[int]string{1: "-8", 3: "-8", 4: "-8", 5: "-8", 0: "", 6: ""} {
		sp := ps[i].path("w:r", "w:rPr", "w:spacing")
		got := ""
		if sp != nil {
			got = sp.attr["w:val"]
		}
		if got != want {
			t.Errorf("paragraph %d (%s): character spacing %q, want %q", i, texts[i], got, want)
		}
	}
}

func TestTables(t *testing.T) {
	d, _ := sample()
	doc := build(t, d).parse(t, "word/document.xml")
	tbls := doc.all("w:tbl")
	if len(tbls) != 2 {
		t.Fatalf("%d tables, want 2", len(tbls))
	}
	for i, tb := range tbls {
		area := areaWidth
		if i == 1 {
			area = landAreaWidth
		}
		sum := 0
		for _, g := range tb.path("w:tblGrid").all("w:gridCol") {
			sum += attrInt(t, g, "w:w")
		}
		if sum != area {
			t.Errorf("table %d: columns add up to %d twips, the type area is %d", i+1, sum, area)
		}
		if w := tb.path("w:tblPr", "w:tblW"); w.attr["w:type"] != "dxa" || attrInt(t, w, "w:w") != area {
			t.Errorf("table %d: tblW %v", i+1, w.attr)
		}
		if l := tb.path("w:tblPr", "w:tblLayout"); l == nil || l.attr["w:type"] != "fixed" {
			t.Errorf("table %d: layout not fixed", i+1)
		}
		if tb.path("w:tblPr", "w:tblBorders", "w:insideH") == nil {
			t.Errorf("table %d: no borders", i+1)
		}
		cols := tb.path("w:tblGrid").all("w:gridCol")
		for ri, tr := range tb.all("w:tr") {
			cells := tr.all("w:tc")
			if len(cells) != len(cols) {
				t.Fatalf("table %d row %d: %d cells for %d columns", i+1, ri, len(cells), len(cols))
			}
			for ci, tc := range cells {
				if attrInt(t, tc.path("w:tcPr", "w:tcW"), "w:w") != attrInt(t, cols[ci], "w:w") {
					t.Errorf("table %d row %d cell %d: tcW differs from gridCol", i+1, ri, ci)
				}
				if tc.path("w:p", "w:pPr", "w:snapToGrid").attr["w:val"] != "0" {
					t.Errorf("table %d row %d cell %d: on the grid", i+1, ri, ci)
				}
			}
			header := tr.path("w:trPr", "w:tblHeader") != nil
			if header != (ri == 0) {
				t.Errorf("table %d row %d: tblHeader %v", i+1, ri, header)
			}
			if tr.path("w:trPr", "w:cantSplit") == nil {
				t.Errorf("table %d row %d: a short row may split", i+1, ri)
			}
		}
	}
	// the red cells: fill, white bold text
	var found bool
	for _, tc := range tbls[0].all("w:tc") {
		if shd := tc.path("w:tcPr", "w:shd"); shd != nil && shd.attr["w:fill"] == "FF0000" {
			rpr := tc.path("w:p", "w:r", "w:rPr")
			found = rpr.child("w:b") != nil && rpr.child("w:color").attr["w:val"] == "FFFFFF"
			break
		}
	}
	if !found {
		t.Error("no red cell with white bold text")
	}

	// a long row may split, a short one not
	long := strings.Repeat("整改措施的进展情况。", 30)
	d2 := New(Config{})
	d2.Table(Table{Columns: []Column{{Header: "甲"}, {Header: "乙"}}, Rows: [][]Cell{Cells("短", "短"), Cells("短", long), Cells("一\n二\n三\n四\n五\n六\n七")}})
	rows := build(t, d2).parse(t, "word/document.xml").all("w:tr")
	for i, want := range []bool{true, true, false, false} {
		if got := rows[i].path("w:trPr", "w:cantSplit") != nil; got != want {
			t.Errorf("row %d: cantSplit %v, want %v", i, got, want)
		}
	}
}

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		name string
		cols []Column
		want []int
		err  string
	}{
		{"equal", []Column{{}, {}, {}}, []int{2948, 2948, 2948}, ""},
		{"weights", []Column{{Weight: 1}, {Weight: 3}}, []int{2211, 6633}, ""},
		{"fixed and weighted", []Column{{Width: 20}, {Weight: 1}, {Weight: 1}}, []int{1134, 3855, 3855}, ""},
		{"rounding", []Column{{Weight: 1}, {Weight: 1}, {Weight: 1}, {Weight: 1}, {Weight: 1}, {Weight: 1}, {Weight: 1}}, []int{1263, 1264, 1263, 1264, 1263, 1264, 1263}, ""},
		{"all fixed, narrower", []Column{{Width: 30}, {Width: 40}}, []int{1701, 2268}, ""},
		{"too wide", []Column{{Width: 100}, {Width: 60}}, nil, "columns are 160.0 mm wide"},
		{"negative", []Column{{Weight: -1}}, nil, "bad width"},
		{"NaN", []Column{{Width: math.NaN()}}, nil, "bad width"},
		{"too narrow", []Column{{Width: 150}, {Header: "窄"}}, nil, `column "窄" is too narrow`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := columnWidths(tt.cols, areaWidth, 12)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func(d *Doc)
		err  string
	}{
		{"no columns", func(d *Doc) { d.Table(Table{}) }, "table 1: no columns"},
		{"too many cells", func(d *Doc) { d.Table(Table{Columns: []Column{{}}, Rows: [][]Cell{Cells("a", "b")}}) }, "row 1 has 2 cells for 1 columns"},
		{"no categories", func(d *Doc) { d.BarChart(BarChart{Series: []Series{{}}}) }, "bar chart: no categories"},
		{"no series", func(d *Doc) { d.LineChart(LineChart{Categories: []string{"a"}}) }, "line chart: no series"},
		{"short series", func(d *Doc) {
			d.BarChart(BarChart{Categories: []string{"a", "b"}, Series: []Series{{Name: "甲", Values: []float64{1}}}})
		}, `series "甲" has 1 values for 2 categories`},
		{"infinite", func(d *Doc) {
			d.LineChart(LineChart{Categories: []string{"a"}, Series: []Series{{Values: []float64{math.Inf(1)}}}})
		}, "cannot be drawn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Config{})
			d.Paragraph("前")
			tt.do(d)
			d.Paragraph("后") // does nothing after the error
			if d.Err() == nil || !strings.Contains(d.Err().Error(), tt.err) {
				t.Fatalf("Err() = %v, want %q", d.Err(), tt.err)
			}
			if _, err := d.Bytes(); err == nil {
				t.Error("Bytes after an error")
			}
			if err := d.Write(&bytes.Buffer{}); err == nil {
				t.Error("Write after an error")
			}
			if len(d.body) != 1 {
				t.Errorf("%d blocks after the error, want 1", len(d.body))
			}
		})
	}
}

func TestCharts(t *testing.T) {
	d, _ := sample()
	p := build(t, d)
	doc := p.parse(t, "word/document.xml")
	type want struct{ kind, dir, grouping string }
	wants := []want{{"c:barChart", "bar", "stacked"}, {"c:barChart", "bar", "percentStacked"}, {"c:lineChart", "", "standard"}}
	for i, w := range wants {
		name := "word/charts/chart" + strconv.Itoa(i+1) + ".xml"
		c := p.parse(t, name)
		plot := c.path("c:chart", "c:plotArea", w.kind)
		if plot == nil {
			t.Fatalf("%s: no %s", name, w.kind)
		}
		if w.dir != "" && plot.child("c:barDir").attr["val"] != w.dir {
			t.Errorf("%s: barDir %s", name, plot.child("c:barDir").attr["val"])
		}
		if plot.child("c:grouping").attr["val"] != w.grouping {
			t.Errorf("%s: grouping %s", name, plot.child("c:grouping").attr["val"])
		}
		if c.child("c:externalData") != nil {
			t.Errorf("%s: refers to a workbook", name)
		}
		for _, ser := range plot.all("c:ser") {
			cats := ser.path("c:cat", "c:strRef", "c:strCache")
			vals := ser.path("c:val", "c:numRef", "c:numCache")
			if cats == nil || vals == nil {
				t.Fatalf("%s: a series without cached values", name)
			}
			n := cats.child("c:ptCount").attr["val"]
			if vals.child("c:ptCount").attr["val"] != n || strconv.Itoa(len(cats.all("c:pt"))) != n || strconv.Itoa(len(vals.all("c:pt"))) != n {
				t.Errorf("%s: cached points do not match", name)
			}
			if ser.path("c:spPr") == nil || len(ser.path("c:spPr").all("a:srgbClr")) == 0 {
				t.Errorf("%s: a series without its colour", name)
			}
		}
	}
	c1 := string(p.files["word/charts/chart1.xml"])
	for _, s := range []string{`<c:v>经发局</c:v>`, `<c:v>序时推进</c:v>`, `<a:srgbClr val="5B9BD5"/>`, `<c:orientation val="maxMin"/>`, `<c:crosses val="max"/>`, `（条）`} {
		if !strings.Contains(c1, s) {
			t.Errorf("chart 1 lacks %s", s)
		}
	}
	// each chart is a paragraph of its own, kept with its caption below
	ps := doc.path("w:body").all("w:p")
	n := 0
	for i, pp := range ps {
		if pp.all("c:chart") == nil {
			continue
		}
		n++
		if pp.path("w:pPr", "w:keepNext") == nil || !strings.HasPrefix(ps[i+1].texts(), "图"+strconv.Itoa(n)+"  ") {
			t.Errorf("chart %d: caption %q", n, ps[i+1].texts())
		}
		ext := pp.all("wp:extent")[0]
		if cx := attrInt(t, ext, "cx"); cx != int(math.Round(mm(areaWidth)*emuPerMM)) {
			t.Errorf("chart %d: %d EMU wide", n, cx)
		}
		if sp := pp.path("w:pPr", "w:spacing"); sp.attr["w:lineRule"] != "auto" {
			t.Errorf("chart %d: its line is not as high as the chart", n)
		}
	}
	if n != 3 {
		t.Errorf("%d charts in the body, want 3", n)
	}
	// clustered, upright
	d2 := New(Config{})
	d2.BarChart(BarChart{Categories: []string{"a", "b"}, Clustered: true, Series: []Series{{Name: "甲", Values: []float64{1, 2}}, {Name: "乙", Values: []float64{3, 0}}}})
	c := build(t, d2).parse(t, "word/charts/chart1.xml").path("c:chart", "c:plotArea", "c:barChart")
	if c.child("c:barDir").attr["val"] != "col" || c.child("c:grouping").attr["val"] != "clustered" || c.child("c:overlap").attr["val"] != "0" {
		t.Error("clustered column chart")
	}
}

func TestBalanceTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"关于整改进展情况的报告", "关于整改进展情况的报告"},
		{"长白山保护开发区第二轮中央生态环境保护督察反馈问题整改进展情况的报告",
			"长白山保护开发区第二轮中央生态环境\n保护督察反馈问题整改进展情况的报告"},
		// no line starts with a closing mark, a number is kept whole
		{"关于2023年第三季度生态环境保护督察整改工作进展情况（第12期）的通报",
			"关于2023年第三季度生态环境保护督\n察整改工作进展情况（第12期）的通报"},
		{"甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊",
			"甲乙丙丁戊己庚辛壬癸甲乙丙丁戊\n己庚辛壬癸甲乙丙丁戊己庚辛壬癸\n甲乙丙丁戊己庚辛壬癸甲乙丙丁戊"},
		{"已经\n断好的标题", "已经\n断好的标题"},
		{strings.Repeat("A", 60), strings.Repeat("A", 60)}, // one word: left to Word
	}
	for _, tt := range tests {
		got := balanceTitle(tt.in, float64(areaWidth)/(SizeTitle*twipsPerPt))
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(tt.in, "\n", "") {
			t.Errorf("%s: characters lost", tt.in)
		}
	}
}
