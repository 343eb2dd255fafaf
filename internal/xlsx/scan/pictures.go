package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// WPS stores a picture pasted into a cell (单元格图片) outside the sheet: the cell holds the
// formula =_xlfn.DISPIMG("ID_…",1), and the workbook part xl/cellimages.xml lists the pictures,
// each an etc:cellImage with an xdr:pic whose xdr:cNvPr names the ID and whose a:blip embeds the
// media by a relationship of xl/_rels/cellimages.xml.rels. Excel and LibreOffice show #NAME?.

// Picture is a picture stored in a cell.
type Picture struct {
	Name string // the media part's file name, e.g. image1.png
	Data []byte
}

var reDispImg = regexp.MustCompile(`(?i)^\s*(?:_xlfn\.)?DISPIMG\(\s*"([^"]{1,200})"\s*(?:,\s*\d+\s*)?\)\s*$`)

// PictureID is the picture a DISPIMG formula shows, or "" for any other formula.
func PictureID(formula string) string {
	if m := reDispImg.FindStringSubmatch(formula); m != nil {
		return m[1]
	}
	return ""
}

// pictures reads the cell pictures that the wanted sheets show. A picture that cannot be read is
// left out, with the reason in err: the sheet's text is still good.
func (s *scanner) pictures(wbPath string, rels map[string]string, ids map[string]bool) (map[string]Picture, error) {
	name := s.related(wbPath, rels, "cellimages.xml")
	if name == "" {
		if _, ok := s.files["xl/cellimages.xml"]; !ok {
			return nil, fmt.Errorf("%w: no cell pictures part", ErrCorrupt)
		}
		name = "xl/cellimages.xml"
	}
	t, err := s.part(name)
	if err != nil {
		return nil, err
	}
	embeds := map[string]string{} // picture ID → relationship id
	var id string
	for {
		k, err := t.next()
		if err != nil {
			return nil, xmlErr(name, err)
		}
		if k == tokEOF {
			break
		}
		switch {
		case k == tokStart && t.is("cellImage"):
			id = ""
		case k == tokStart && t.is("cNvPr"):
			id = t.attr("name")
		case k == tokStart && t.is("blip") && ids[id]:
			if e := t.attr("embed"); e != "" {
				embeds[id] = e
			}
		}
	}
	dir, file := path.Split(name)
	relName := dir + "_rels/" + file + ".rels"
	if _, ok := s.files[relName]; !ok {
		return nil, fmt.Errorf("%w: no relationships of %s", ErrCorrupt, name)
	}
	picRels, err := s.parseRels(relName, strings.TrimSuffix(dir, "/"))
	if err != nil {
		return nil, err
	}
	out := map[string]Picture{}
	var errs []error
	for id, rel := range embeds {
		target := picRels[rel]
		if target == "" {
			errs = append(errs, fmt.Errorf("%w: picture %s has no media", ErrCorrupt, id))
			continue
		}
		data, err := s.read(target)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[id] = Picture{Name: path.Base(target), Data: data}
	}
	return out, errors.Join(errs...)
}

// read reads a whole part's bytes, within the limits.
func (s *scanner) read(name string) ([]byte, error) {
	rc, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, rc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
