package typeset

// pdfpatch.go edits the PDF gofpdf wrote, for what gofpdf has no call for: the viewer
// preferences in the catalog (/PrintScaling /None, so that printing does not shrink the
// GB/T 9704 type area to the printer's margins) and the fonts' real names (gofpdf calls every
// font "utf8" + the family it was registered under). The file is edited in place and its
// cross-reference table rewritten for the moved objects, so the result is one plain PDF with
// one xref, as deterministic as what gofpdf wrote.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strconv"
)

// pdfEdit replaces del bytes at off with ins.
type pdfEdit struct {
	off, del int
	ins      string
}

var errPatch = errors.New("patch pdf: not the PDF gofpdf writes")

// patchPDF applies the viewer preferences and the font names to a PDF from gofpdf. fonts maps
// the names gofpdf wrote (without the slash) to the names to write.
func patchPDF(b []byte, fonts map[string]string) ([]byte, error) {
	xrefAt, entries, err := readXref(b)
	if err != nil {
		return nil, err
	}
	var edits []pdfEdit

	// the version: /PrintScaling is PDF 1.6
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || len(b) < 9 {
		return nil, errPatch
	}
	if v := b[7]; v >= '0' && v < '6' {
		edits = append(edits, pdfEdit{off: 7, del: 1, ins: "6"})
	}

	// the catalog is the last object gofpdf writes, just before the xref table
	last := entries[len(entries)-1]
	for _, off := range entries {
		if off > last {
			return nil, fmt.Errorf("%w: catalog", errPatch)
		}
	}
	cat := b[last:xrefAt]
	i := bytes.Index(cat, []byte("/Type /Catalog\n"))
	if i < 0 || bytes.Contains(cat, []byte("/ViewerPreferences")) {
		return nil, fmt.Errorf("%w: catalog", errPatch)
	}
	edits = append(edits, pdfEdit{off: last + i + len("/Type /Catalog\n"), ins: "/ViewerPreferences << /PrintScaling /None >>\n"})

	// font names: every "/BaseFont /old" and "/FontName /old" outside the streams (gofpdf
	// compresses the content and font streams, and writes these keys only in dictionaries)
	for _, key := range []string{"/BaseFont /", "/FontName /"} {
		for at := 0; ; {
			j := bytes.Index(b[at:], []byte(key))
			if j < 0 {
				break
			}
			start := at + j + len(key)
			end := start
			for end < len(b) && !isPDFDelim(b[end]) {
				end++
			}
			if name, ok := fonts[string(b[start:end])]; ok {
				edits = append(edits, pdfEdit{off: start, del: end - start, ins: name})
			}
			at = end
		}
	}
	return applyEdits(b, xrefAt, entries, edits)
}

// isPDFDelim tells the bytes that end a PDF name.
func isPDFDelim(c byte) bool {
	switch c {
	case ' ', '\n', '\r', '\t', '\f', 0, '/', '<', '>', '[', ']', '(', ')', '{', '}', '%':
		return true
	}
	return false
}

// readXref reads the cross-reference table of a PDF with one classic xref section, objects
// 1..n: the table's offset and the objects' offsets (not in order: gofpdf writes objects 1
// and 2 last but one), each checked to start "k 0 obj".
func readXref(b []byte) (int, []int, error) {
	tail := b[max(0, len(b)-64):]
	i := bytes.LastIndex(tail, []byte("startxref\n"))
	if i < 0 {
		return 0, nil, fmt.Errorf("%w: no startxref", errPatch)
	}
	rest := tail[i+len("startxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return 0, nil, fmt.Errorf("%w: startxref", errPatch)
	}
	xrefAt, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || xrefAt <= 0 || xrefAt >= len(b) || !bytes.HasPrefix(b[xrefAt:], []byte("xref\n0 ")) {
		return 0, nil, fmt.Errorf("%w: xref offset", errPatch)
	}
	p := xrefAt + len("xref\n0 ")
	nl = bytes.IndexByte(b[p:], '\n')
	if nl < 0 {
		return 0, nil, fmt.Errorf("%w: xref", errPatch)
	}
	count, err := strconv.Atoi(string(b[p : p+nl]))
	if err != nil || count < 2 {
		return 0, nil, fmt.Errorf("%w: xref count", errPatch)
	}
	p += nl + 1
	if p+20*count > len(b) || string(b[p:p+20]) != "0000000000 65535 f \n" {
		return 0, nil, fmt.Errorf("%w: xref entries", errPatch)
	}
	entries := make([]int, 0, count-1)
	for k := 1; k < count; k++ {
		e := b[p+20*k : p+20*k+20]
		if string(e[10:]) != " 00000 n \n" {
			return 0, nil, fmt.Errorf("%w: xref entry %d", errPatch, k)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= xrefAt || !bytes.HasPrefix(b[off:], []byte(strconv.Itoa(k)+" 0 obj")) {
			return 0, nil, fmt.Errorf("%w: object %d", errPatch, k)
		}
		entries = append(entries, off)
	}
	return xrefAt, entries, nil
}

// applyEdits makes the edits (none inside the xref table or after it) and rewrites the
// offsets of the objects and of the xref table.
func applyEdits(b []byte, xrefAt int, entries []int, edits []pdfEdit) ([]byte, error) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off < edits[j].off })
	var out bytes.Buffer
	out.Grow(len(b) + 1024)
	pos := 0
	for _, e := range edits {
		if e.off < pos || e.off+e.del > xrefAt {
			return nil, fmt.Errorf("%w: overlapping edits", errPatch)
		}
		out.Write(b[pos:e.off])
		out.WriteString(e.ins)
		pos = e.off + e.del
	}
	out.Write(b[pos:xrefAt])
	// the new offset of an old one: edits wholly before it move it
	moved := func(off int) int {
		d := 0
		for _, e := range edits {
			if e.off+e.del <= off && e.off < off {
				d += len(e.ins) - e.del
			}
		}
		return off + d
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(entries)+1)
	for _, off := range entries {
		fmt.Fprintf(&out, "%010d 00000 n \n", moved(off))
	}
	// the trailer as it was, with the new startxref
	tr := b[xrefAt+len("xref\n0 \n")+len(strconv.Itoa(len(entries)+1))+20*(len(entries)+1):]
	i := bytes.LastIndex(tr, []byte("startxref\n"))
	if i < 0 {
		return nil, fmt.Errorf("%w: trailer", errPatch)
	}
	out.Write(tr[:i])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes(), nil
}

// subsetName is the name a PDF gives an embedded subset of a font: a tag of six capital
// letters, "+", the PostScript name. The tag comes from the name and the font's number in the
// document, so the same document gets the same tags.
func subsetName(ps string, n int) string {
	h := sha256.Sum256([]byte(ps + "#" + strconv.Itoa(n)))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + h[i]%26
	}
	return string(tag) + "+" + ps
}
