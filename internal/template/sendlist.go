package template

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strconv"

	"taizhang/internal/atomicfile"
	"taizhang/internal/xlsx"
)

// SendItem is one line of the send list: who gets which file at which address.
type SendItem struct {
	Unit    string
	File    string // path of the template
	Email   string
	Contact string
	Rows    int
}

// SendListName is the base name of the send list files (.csv and .xlsx).
const SendListName = "发送清单"

var sendHeader = []string{"单位", "文件", "电子邮箱", "联系人", "措施条数"}

func (it SendItem) record() []string {
	return []string{it.Unit, filepath.Base(it.File), it.Email, it.Contact, strconv.Itoa(it.Rows)}
}

// WriteSendList writes the send list for the office's mail merge as .csv (UTF-8 with a
// byte-order mark, so that Excel on Windows reads the Chinese) and as .xlsx, into dir.
func WriteSendList(dir, title string, items []SendItem) error {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(sendHeader)
	for _, it := range items {
		cw.Write(csvSafe(it.record()))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, SendListName+".csv"), 0o644, buf.Bytes()); err != nil {
		return err
	}
	b := xlsx.NewBook()
	defer b.Close()
	b.SetProps(title, "taizhang")
	s := b.Sheet(SendListName)
	head := xlsx.Style{Bold: true, HAlign: "center", Border: true, Fill: "DDEBF7"}
	cell := xlsx.Style{Border: true}
	widths := []float64{16, 24, 30, 12, 10}
	for i, h := range sendHeader {
		s.Text(i+1, 1, h, head)
		s.ColWidth(i+1, widths[i])
	}
	for r, it := range items {
		rec := it.record()
		for c := 0; c < 4; c++ {
			s.Text(c+1, r+2, rec[c], cell)
		}
		s.Int(5, r+2, it.Rows, cell)
	}
	s.Freeze(0, 1)
	s.PrintSetup(xlsx.Print{FitWidth: true})
	return b.Save(filepath.Join(dir, SendListName+".xlsx"))
}

// csvSafe keeps a spreadsheet from reading a field as a formula when the .csv is opened.
func csvSafe(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		if f != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(f[0])) {
			f = "'" + f
		}
		out[i] = f
	}
	return out
}
