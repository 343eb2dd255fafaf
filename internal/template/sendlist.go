package template

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strconv"
	"time"

	"taizhang/internal/atomicfile"
	"taizhang/internal/period"
	"taizhang/internal/xlsx"
)

// SendItem is one line of the send list: who gets which file at which address, by when.
type SendItem struct {
	Unit    string
	File    string // path of the template (its name is what the list shows)
	Email   string
	Contact string
	Phone   string
	Rows    int
	Due     string // 报送截止, YYYY-MM-DD
	Subject string // the suggested subject line
}

// SendListName is the base name of the send list files (.csv and .xlsx).
const SendListName = "发送清单"

// FileFor is the name of a unit's template of a period: "经发局-2022年8月进展填报.xlsx". The
// period is in the name so that a unit does not send last month's file by mistake; the hidden
// identity, not the name, still says whose template it is.
func FileFor(unit string, p period.Period) string { return FileForName(FileName(unit), p) }

// FileForName is the template file of a period for a unit's file name (FileNames, which tells
// apart units whose names make the same file name): "经发局-2022年8月进展填报.xlsx".
func FileForName(name string, p period.Period) string {
	return name + "-" + p.Label() + "进展填报.xlsx"
}

// Subject is the suggested subject line of the mail that sends a unit its template:
// "【2022年8月进展填报】经发局".
func Subject(unit string, p period.Period) string {
	return "【" + p.Label() + "进展填报】" + unit
}

var sendHeader = []string{"单位", "联系人", "联系电话", "电子邮箱", "文件", "邮件主题", "措施条数", "期次", "报送截止"}

func (it SendItem) record(p period.Period) []string {
	return []string{it.Unit, it.Contact, it.Phone, it.Email, filepath.Base(it.File), it.Subject, strconv.Itoa(it.Rows), p.Label(), it.Due}
}

// WriteSendList writes a period's send list for the office's mail merge as .csv (UTF-8 with
// a byte-order mark, so that Excel on Windows reads the Chinese; one header line, as mail
// merge wants) and as .xlsx (with a title, the period and the 报送截止 above the table),
// into dir. items are every unit the period's templates were issued to.
func WriteSendList(dir, planTitle string, p period.Period, items []SendItem) error {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(sendHeader)
	for _, it := range items {
		cw.Write(csvSafe(it.record(p)))
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
	title := planTitle + " " + p.Label() + "进展填报模板发送清单"
	b.SetProps(title, "taizhang")
	s := b.Sheet(SendListName)
	widths := []float64{16, 10, 16, 28, 36, 32, 9, 11, 12}
	for i, w := range widths {
		s.ColWidth(i+1, w)
	}
	s.Text(1, 1, title, xlsx.Style{Bold: true, Size: 14, HAlign: "center", Font: "黑体", Wrap: true})
	s.Merge(1, 1, len(sendHeader), 1)
	s.RowHeight(1, 36)
	dues := map[string]bool{}
	for _, it := range items {
		dues[it.Due] = true
	}
	sub := "期次：" + p.Label() + "    截至日期：" + period.DateLabel(p.Last())
	if len(dues) == 1 {
		for d := range dues {
			if t, err := time.Parse(time.DateOnly, d); err == nil {
				sub += "    报送截止：" + period.DateLabel(t)
			}
		}
	}
	sub += "    共 " + strconv.Itoa(len(items)) + " 个单位"
	s.Text(1, 2, sub, xlsx.Style{Bold: true})
	s.Merge(1, 2, len(sendHeader), 2)
	head := xlsx.Style{Bold: true, HAlign: "center", Border: true, Fill: "DDEBF7", Wrap: true}
	cell := xlsx.Style{Border: true, Wrap: true, VAlign: "top"}
	for i, h := range sendHeader {
		s.Text(i+1, 3, h, head)
	}
	for r, it := range items {
		rec := it.record(p)
		for c := range rec {
			if c == 6 {
				s.Int(c+1, r+4, it.Rows, cell)
				continue
			}
			s.Text(c+1, r+4, rec[c], cell)
		}
	}
	s.Freeze(0, 3)
	s.PrintSetup(xlsx.Print{Landscape: true, FitWidth: true, Margins: true, RepeatRows: "$3:$3"})
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
