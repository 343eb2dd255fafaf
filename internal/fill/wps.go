package fill

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
)

// PasteCellPictures makes a saved workbook look as WPS writes one whose cells hold pasted
// pictures (单元格图片). The cells must hold =_xlfn.DISPIMG("ID",1) already (SetFormula); this
// adds, for each ID, the picture to xl/cellimages.xml (an etc:cellImage whose xdr:cNvPr is named
// by the ID and whose a:blip embeds xl/media/cellimageN.png through
// xl/_rels/cellimages.xml.rels), the workbook's relationship to that part and the content
// types. It follows the file format as WPS documents it: there is no WPS here to make one.
func PasteCellPictures(data []byte, pics map[string][]byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(pics))
	for id := range pics {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var images, rels strings.Builder
	images.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData">`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, id := range ids {
		fmt.Fprintf(&images, `<etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="%d" name="%s" descr="图片"/>`+
			`<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>`+
			`<xdr:blipFill><a:blip r:embed="rId%d"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>`+
			`<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1440000" cy="1080000"/></a:xfrm>`+
			`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage>`, i+2, id, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/cellimage%d.png"/>`, i+1, i+1)
	}
	images.WriteString(`</etc:cellImages>`)
	rels.WriteString(`</Relationships>`)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name string, b []byte) error {
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		switch f.Name {
		case "xl/_rels/workbook.xml.rels":
			b = bytes.Replace(b, []byte("</Relationships>"), []byte(`<Relationship Id="rIdWpsCellImages" `+
				`Type="http://www.wps.cn/officeDocument/2020/cellImage" Target="cellimages.xml"/></Relationships>`), 1)
		case "[Content_Types].xml":
			add := `<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/>`
			if !bytes.Contains(b, []byte(`Extension="png"`)) {
				add += `<Default Extension="png" ContentType="image/png"/>`
			}
			b = bytes.Replace(b, []byte("</Types>"), []byte(add+"</Types>"), 1)
		}
		if err := put(f.Name, b); err != nil {
			return nil, err
		}
	}
	if err := put("xl/cellimages.xml", []byte(images.String())); err != nil {
		return nil, err
	}
	if err := put("xl/_rels/cellimages.xml.rels", []byte(rels.String())); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if err := put(fmt.Sprintf("xl/media/cellimage%d.png", i+1), pics[id]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
