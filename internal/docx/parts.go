package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	relT  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// Relationship ids of the document part: the fixed parts first, then a chart each.
const (
	relStyles     = "rId1"
	relSettings   = "rId2"
	relFontTable  = "rId3"
	relFooterOdd  = "rId4"
	relFooterEven = "rId5"
	firstChartRel = 6
)

func chartRel(n int) string { return "rId" + strconv.Itoa(firstChartRel+n-1) }

func chartPart(n int) string { return "word/charts/chart" + strconv.Itoa(n) + ".xml" }

// part is a file of the package.
type part struct {
	name, contentType string
	data              string
}

// parts lists the package's files in the order they are written.
func (d *Doc) parts() []part {
	ps := []part{
		{"_rels/.rels", "", d.packageRels()},
		{"docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml", d.app()},
		{"docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", d.core()},
		{"word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", d.document()},
		{"word/_rels/document.xml.rels", "", d.documentRels()},
		{"word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", d.styles()},
		{"word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml", settings()},
		{"word/fontTable.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml", d.fontTable()},
	}
	if !d.cfg.NoPageNumbers {
		ps = append(ps,
			part{"word/footer1.xml", contentFooter, d.footer(false)},
			part{"word/footer2.xml", contentFooter, d.footer(true)})
	}
	for i, c := range d.charts {
		ps = append(ps, part{chartPart(i + 1), "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", c})
	}
	ct := part{"[Content_Types].xml", "", contentTypes(ps)}
	return append([]part{ct}, ps...)
}

const contentFooter = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

// pack writes the package: the parts in a fixed order, each with the document's date.
func (d *Doc) pack(w io.Writer) error {
	z := zip.NewWriter(w)
	for _, p := range d.parts() {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: d.cfg.Date})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.data); err != nil {
			return err
		}
	}
	return z.Close()
}

func contentTypes(ps []part) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for _, p := range ps {
		if p.contentType != "" {
			b.WriteString(`<Override PartName="/` + p.name + `" ContentType="` + p.contentType + `"/>`)
		}
	}
	b.WriteString(`</Types>`)
	return b.String()
}

func rels(rs [][3]string) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsRel + `">`)
	for _, r := range rs {
		b.WriteString(`<Relationship Id="` + r[0] + `" Type="` + r[1] + `" Target="` + r[2] + `"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func (d *Doc) packageRels() string {
	return rels([][3]string{
		{"rId1", relT + "officeDocument", "word/document.xml"},
		{"rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"},
		{"rId3", relT + "extended-properties", "docProps/app.xml"},
	})
}

func (d *Doc) documentRels() string {
	rs := [][3]string{
		{relStyles, relT + "styles", "styles.xml"},
		{relSettings, relT + "settings", "settings.xml"},
		{relFontTable, relT + "fontTable", "fontTable.xml"},
	}
	if !d.cfg.NoPageNumbers {
		rs = append(rs, [3]string{relFooterOdd, relT + "footer", "footer1.xml"}, [3]string{relFooterEven, relT + "footer", "footer2.xml"})
	}
	for i := range d.charts {
		rs = append(rs, [3]string{chartRel(i + 1), relT + "chart", strings.TrimPrefix(chartPart(i+1), "word/")})
	}
	return rels(rs)
}

func (d *Doc) core() string {
	date := d.cfg.Date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	for _, f := range [][2]string{{"dc:title", d.cfg.Title}, {"dc:subject", d.cfg.Subject}, {"dc:creator", d.cfg.Author}, {"cp:lastModifiedBy", d.cfg.Author}} {
		if v := oneLine(f[1]); v != "" {
			b.WriteString("<" + f[0] + ">" + esc(v) + "</" + f[0] + ">")
		}
	}
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

func (d *Doc) app() string {
	return xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>taizhang</Application><DocSecurity>0</DocSecurity></Properties>`
}

// document is word/document.xml: the blocks, each section's properties in its last paragraph,
// the last section's at the end of the body.
func (d *Doc) document() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>`)
	first := true
	sectPr := func(b *strings.Builder, s section) {
		d.sectPr(b, s.landscape, first)
		first = false
	}
	for _, bl := range d.body {
		if bl.p != nil {
			writePara(&b, bl.p, sectPr)
		} else {
			b.WriteString(bl.tbl)
		}
	}
	sectPr(&b, section{landscape: d.landscape})
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// sectPr writes a section's page: A4 upright or turned, GB/T 9704's margins, the footers with
// the page number (odd and even), page numbers going on from the section before (the first
// starts at FirstPageNumber), and the document grid of 29 pt lines and 28 characters.
func (d *Doc) sectPr(b *strings.Builder, landscape, first bool) {
	b.WriteString("<w:sectPr>")
	if !d.cfg.NoPageNumbers {
		b.WriteString(`<w:footerReference w:type="even" r:id="` + relFooterEven + `"/>`)
		b.WriteString(`<w:footerReference w:type="default" r:id="` + relFooterOdd + `"/>`)
	}
	b.WriteString(`<w:type w:val="nextPage"/>`)
	if landscape {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, pageHeight, pageWidth)
		fmt.Fprintf(b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
			landMarginTop, landMarginRight, landMarginBottom, landMarginLeft, landFooterDist)
	} else {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d"/>`, pageWidth, pageHeight)
		fmt.Fprintf(b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
			marginTop, marginRight, marginBottom, marginLeft, footerDistance)
	}
	if first && d.cfg.FirstPageNumber != 1 {
		fmt.Fprintf(b, `<w:pgNumType w:fmt="decimal" w:start="%d"/>`, d.cfg.FirstPageNumber)
	} else {
		b.WriteString(`<w:pgNumType w:fmt="decimal"/>`)
	}
	b.WriteString(`<w:cols w:space="425"/>`)
	fmt.Fprintf(b, `<w:docGrid w:type="linesAndChars" w:linePitch="%d" w:charSpace="%d"/>`, linePitch, charSpace)
	b.WriteString("</w:sectPr>")
}

// footer is a footer with the page number "— N —" in 4号 宋体, half-width digits from a PAGE
// field: on odd pages at the right, on even pages at the left, one character in from the edge
// of the type area.
func (d *Doc) footer(even bool) string {
	font := d.fonts[RoleTable]
	p := &para{style: "Footer", line: footerLine, align: AlignRight, alignSet: true}
	em := int(SizePageNumber * twipsPerPt)
	if even {
		p.align, p.left = AlignLeft, em
	} else {
		p.right = em
	}
	r := func(text, raw string) run { return run{text: text, raw: raw, font: font, size: SizePageNumber} }
	p.mark = r("", "")
	p.runs = []run{
		r("— ", ""),
		r("", `<w:fldChar w:fldCharType="begin"/>`),
		r("", `<w:instrText xml:space="preserve"> PAGE </w:instrText>`),
		r("", `<w:fldChar w:fldCharType="separate"/>`),
		r("", `<w:t>`+strconv.Itoa(d.cfg.FirstPageNumber)+`</w:t>`),
		r("", `<w:fldChar w:fldCharType="end"/>`),
		r(" —", ""),
	}
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	writePara(&b, p, nil)
	b.WriteString(`</w:ftr>`)
	return b.String()
}

// settings.xml: odd and even footers; Chinese line breaking: punctuation not compressed (the
// grid holds), GB/T 15834's characters that may not start or end a line (Word's own list for
// Simplified Chinese, written out so that every program has the same); compatibility with
// Word 2013 and later.
func settings() string {
	return xmlHeader + `<w:settings xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
		`<w:zoom w:percent="100"/>` +
		`<w:defaultTabStop w:val="420"/>` +
		`<w:evenAndOddHeaders/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:noLineBreaksAfter w:lang="zh-CN" w:val="` + esc(noLineBreaksAfter) + `"/>` +
		`<w:noLineBreaksBefore w:lang="zh-CN" w:val="` + esc(noLineBreaksBefore) + `"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
		`</w:settings>`
}

// The characters a line may not end with (opening brackets and quotes) and may not start with
// (closing ones, and the marks that follow a character).
const (
	noLineBreaksAfter  = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
	noLineBreaksBefore = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠"
)

// fontInfo is how the font table describes a font: the font Word and WPS take when it is
// missing (w:altName), and its class, so that a substitute is of the same kind.
type fontInfo struct {
	alt, panose, family, pitch string
}

var knownFonts = map[string]fontInfo{
	"宋体":        {"SimSun", "02010600030101010101", "auto", "variable"},
	"黑体":        {"SimHei", "02010609060101010101", "modern", "fixed"},
	"仿宋":        {"FangSong", "02010609060101010101", "modern", "fixed"},
	"楷体":        {"KaiTi", "02010609060101010101", "modern", "fixed"},
	"仿宋_GB2312": {"仿宋", "02010609030101010101", "modern", "fixed"},
	"楷体_GB2312": {"楷体", "02010609030101010101", "modern", "fixed"},
	"方正小标宋简体":   {"宋体", "", "auto", "variable"},
	"方正小标宋_GBK": {"宋体", "", "auto", "variable"},
}

// fontTable lists the fonts used, each with its fallback, and the fallbacks themselves down
// to the fonts every Chinese Windows has (宋体, 黑体, 仿宋, 楷体).
func (d *Doc) fontTable() string {
	var names []string
	seen := map[string]bool{}
	var addFont func(string)
	addFont = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		names = append(names, n)
		if fi, ok := knownFonts[n]; ok && knownFonts[fi.alt] != (fontInfo{}) {
			addFont(fi.alt)
		}
	}
	for _, r := range []Role{RoleTitle, RoleHeading1, RoleHeading2, RoleBody, RoleTable} {
		addFont(d.fonts[r])
	}
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:fonts xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	for _, n := range names {
		fi, ok := knownFonts[n]
		b.WriteString(`<w:font w:name="` + esc(n) + `">`)
		if ok {
			b.WriteString(`<w:altName w:val="` + esc(fi.alt) + `"/>`)
			if fi.panose != "" {
				b.WriteString(`<w:panose1 w:val="` + fi.panose + `"/>`)
			}
			b.WriteString(`<w:charset w:val="86"/><w:family w:val="` + fi.family + `"/><w:pitch w:val="` + fi.pitch + `"/>`)
		} else {
			b.WriteString(`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>`)
		}
		b.WriteString(`</w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

// styles.xml: the defaults and every paragraph style name their fonts (no theme fonts), so that
// text typed into the document by hand is set right too.
func (d *Doc) styles() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault>`)
	writeRPr(&b, run{font: d.fonts[RoleBody], size: SizeBody})
	b.WriteString(`</w:rPrDefault><w:pPrDefault><w:pPr><w:kinsoku/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:adjustRightInd w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="` + strconv.Itoa(linePitch) + `" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style := func(id, name string, def bool, ppr string, role Role, size float64) {
		b.WriteString(`<w:style w:type="paragraph"`)
		if def {
			b.WriteString(` w:default="1"`)
		}
		b.WriteString(` w:styleId="` + id + `"><w:name w:val="` + name + `"/>`)
		if !def {
			b.WriteString(`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>`)
		}
		keep := ""
		if rest, ok := strings.CutPrefix(ppr, "<w:keepNext/>"); ok {
			keep, ppr = "<w:keepNext/>", rest
		}
		b.WriteString(`<w:qFormat/><w:pPr>` + keep + `<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>` + ppr + `</w:pPr>`)
		r := run{font: d.fonts[role], size: size}
		if size == SizeBody {
			r.condense = bodyCondense
		}
		writeRPr(&b, r)
		b.WriteString(`</w:style>`)
	}
	body := `<w:spacing w:before="0" w:after="0" w:line="580" w:lineRule="exact"/><w:ind w:firstLine="` + strconv.Itoa(int(2*charPitch()+0.5)) + `" w:firstLineChars="200"/><w:jc w:val="both"/>`
	style("Normal", "Normal", true, `<w:spacing w:before="0" w:after="0" w:line="580" w:lineRule="exact"/><w:jc w:val="both"/>`, RoleBody, SizeBody)
	style("Title", "Title", false, `<w:spacing w:before="0" w:after="0" w:line="696" w:lineRule="exact"/><w:jc w:val="center"/>`, RoleTitle, SizeTitle)
	style("Subtitle", "Subtitle", false, `<w:jc w:val="center"/>`, RoleHeading2, SizeBody)
	style("Heading1", "heading 1", false, `<w:keepNext/>`+body+`<w:outlineLvl w:val="0"/>`, RoleHeading1, SizeBody)
	style("Heading2", "heading 2", false, `<w:keepNext/>`+body+`<w:outlineLvl w:val="1"/>`, RoleHeading2, SizeBody)
	style("Heading3", "heading 3", false, `<w:keepNext/>`+body+`<w:outlineLvl w:val="2"/>`, RoleBody, SizeBody)
	style("Heading4", "heading 4", false, `<w:keepNext/>`+body+`<w:outlineLvl w:val="3"/>`, RoleBody, SizeBody)
	style("Caption", "caption", false, `<w:spacing w:before="0" w:after="0" w:line="448" w:lineRule="exact"/><w:jc w:val="center"/>`, RoleHeading1, SizeCaption)
	style("Chart", "图表", false, `<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`, RoleTable, SizeSmall)
	style("TableText", "表格文字", false, `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`, RoleTable, SizeTable)
	style("Footer", "footer", false, `<w:spacing w:before="0" w:after="0" w:line="`+strconv.Itoa(footerLine)+`" w:lineRule="exact"/>`, RoleTable, SizePageNumber)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}
