package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// A shared part written raw from the cache must be the very bytes the zip writer makes when it
// compresses the part in place: receipts stay byte for byte what they were.
func TestSharedPartSameBytes(t *testing.T) {
	bodies := map[string]string{
		"xl/styles.xml":                       NewLite().stylesXML(),
		"xl/workbook.xml":                     xmlHead + `<workbook/>`,
		"[Content_Types].xml":                 "",
		"xl/worksheets/_rels/sheet2.xml.rels": xmlHead + `<Relationships xmlns="` + nsRels + `"/>`,
		"xl/_rels/workbook.xml.rels":          string(bytes.Repeat([]byte("<Relationship/>"), 5000)),
	}
	for name, body := range bodies {
		var inPlace, raw bytes.Buffer
		zw := zip.NewWriter(&inPlace)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return &pooledFlate{flater(out)}, nil })
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: liteTime})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, body)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ { // compressed, then from the cache
			raw.Reset()
			zw = zip.NewWriter(&raw)
			c := sharedPart(name, body)
			f, err = zw.CreateRaw(liteHeader(name, c))
			if err != nil {
				t.Fatal(err)
			}
			f.Write(c.deflated)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(inPlace.Bytes(), raw.Bytes()) {
				t.Fatalf("%s (pass %d): the raw part differs from the part compressed in place", name, i+1)
			}
		}
	}
}
