package scan_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"taizhang/internal/fill"
	"taizhang/internal/xlsx"
	"taizhang/internal/xlsx/scan"
	"testing"
)

// withPicture is a workbook whose B1 shows a picture the way WPS stores one (made from the file
// format by fill.PasteCellPictures: there is no WPS here).
func withPicture(t testing.TB, id string, pic []byte) []byte {
	t.Helper()
	b := xlsx.NewBook()
	defer b.Close()
	s := b.Sheet("进展填报")
	s.Text(1, 1, "佐证材料", xlsx.Style{})
	s.SetFormula(2, 1, `_xlfn.DISPIMG("`+id+`",1)`)
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if data, err = fill.PasteCellPictures(data, map[string][]byte{id: pic, "ID_OTHER": []byte("not shown")}); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPictureID(t *testing.T) {
	for in, want := range map[string]string{
		`_xlfn.DISPIMG("ID_6A1F",1)`:    "ID_6A1F",
		`DISPIMG("ID_6A1F",1)`:          "ID_6A1F",
		` _xlfn.dispimg( "ID_X" , 1 ) `: "ID_X",
		`_xlfn.DISPIMG("ID_X",1)+1`:     "",
		`HYPERLINK("x","y")`:            "",
		`(shared)`:                      "",
	} {
		if got := scan.PictureID(in); got != want {
			t.Errorf("PictureID(%q) = %q, want %q", in, got, want)
		}
	}
}

// Only the pictures a wanted sheet shows are read, with their bytes and media name.
func TestCellPictures(t *testing.T) {
	pic := []byte("\x89PNG\r\n\x1a\nphoto")
	sc, err := scan.Scan(withPicture(t, "ID_AB12", pic), scan.DefaultLimits, func(string) bool { return true }, nil)
	if err != nil || sc.PictureErr != nil {
		t.Fatal(err, sc.PictureErr)
	}
	if len(sc.Pictures) != 1 || !bytes.Equal(sc.Pictures["ID_AB12"].Data, pic) || sc.Pictures["ID_AB12"].Name != "cellimage1.png" {
		t.Errorf("pictures %+v", sc.Pictures)
	}
	// a picture over the limits is left out, and the rows are still read
	lim := scan.DefaultLimits
	lim.MaxPart = 64 << 10
	big := append([]byte("\x89PNG"), make([]byte, 100<<10)...)
	sc, err = scan.Scan(withPicture(t, "ID_AB12", big), lim, func(string) bool { return true }, nil)
	if err != nil || len(sc.Rows["进展填报"]) == 0 {
		t.Fatal(err)
	}
	if len(sc.Pictures) != 0 || !errors.Is(sc.PictureErr, scan.ErrTooLarge) {
		t.Errorf("pictures %d, error %v", len(sc.Pictures), sc.PictureErr)
	}
}

// FuzzCellPictures: whatever the picture parts hold, a scan neither panics nor fails the rows.
func FuzzCellPictures(f *testing.F) {
	f.Add([]byte(`<etc:cellImages><etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr name="ID_AB12"/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/></xdr:blipFill></xdr:pic></etc:cellImage></etc:cellImages>`),
		[]byte(`<Relationships><Relationship Id="rId1" Target="media/cellimage1.png"/></Relationships>`))
	f.Add([]byte(`<etc:cellImages><xdr:cNvPr name="ID_AB12"/><a:blip r:embed="rId1"/>`), []byte(`<Relationships><Relationship Id="rId1" Target="../../../etc/passwd"/></Relationships>`))
	base := withPicture(f, "ID_AB12", []byte("\x89PNG"))
	f.Fuzz(func(t *testing.T, images, rels []byte) {
		data, err := replaceParts(base, map[string][]byte{"xl/cellimages.xml": images, "xl/_rels/cellimages.xml.rels": rels})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scan.Scan(data, scan.DefaultLimits, func(string) bool { return true }, nil)
		if err != nil || len(sc.Rows["进展填报"]) == 0 {
			t.Fatalf("the rows were lost: %v", err)
		}
	})
}

// replaceParts rewrites a package with some parts' bytes replaced.
func replaceParts(data []byte, parts map[string][]byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		b, ok := parts[f.Name]
		if !ok {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			b, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return nil, err
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
