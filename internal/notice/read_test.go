package notice

import (
	"archive/zip"
	"bytes"
	"errors"
	"html"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// docx builds a minimal Word document with one paragraph per line.
func docx(t testing.TB, text string) []byte {
	t.Helper()
	var body strings.Builder
	for _, line := range strings.Split(text, "\n") {
		// split each line into two runs, as Word does, to check runs are joined
		r := []rune(line)
		half := len(r) / 2
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(string(r[:half])) + `</w:t></w:r><w:r><w:t>` +
			html.EscapeString(string(r[half:])) + `</w:t></w:r></w:p>`)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<Types/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body.String() + `</w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

func TestNoticeEncodings(t *testing.T) {
	raw, err := os.ReadFile("testdata/notice-songjiang.txt")
	if err != nil {
		t.Fatal(err)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes(raw)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().Bytes(raw)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(raw)
	bom := append([]byte{0xEF, 0xBB, 0xBF}, raw...)
	crlf := bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))
	for name, data := range map[string][]byte{"utf8.txt": raw, "bom.txt": bom, "gbk.txt": gbk, "gb18030.txt": gb18030,
		"utf16.txt": utf16, "crlf.txt": crlf, "notice.docx": docx(t, string(raw))} {
		t.Run(name, func(t *testing.T) {
			text, err := Text(name, data)
			if err != nil {
				t.Fatal(err)
			}
			checkSongjiang(t, Parse(text))
		})
	}
}

func TestNoticeFormats(t *testing.T) {
	xlsxZip := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("xl/workbook.xml")
		w.Write([]byte("<workbook/>"))
		zw.Close()
		return buf.Bytes()
	}()
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty.txt":    {nil, "空文件"},
		"old.doc":      {append([]byte{0xD0, 0xCF, 0x11, 0xE0}, make([]byte, 100)...), ".doc"},
		"scan.pdf":     {[]byte("%PDF-1.5\n"), "PDF"},
		"binary.bin":   {[]byte{0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00}, "二进制"},
		"book.docx":    {xlsxZip, "Excel"},
		"broken.docx":  {[]byte("PK\x03\x04broken"), "损坏"},
		"rich.rtf":     {[]byte(`{\rtf1\ansi hello}`), "RTF"},
		"controls.txt": {bytes.Repeat([]byte{0x01, 0x02, 'a'}, 50), "二进制"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Text(name, c.data)
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, ErrFormat) {
				t.Fatalf("got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), name) {
				t.Errorf("message %q", err.Error())
			}
		})
	}
}

// FuzzParse: any text, no panic, and every measure belongs to a numbered task. The seeds are
// small pieces of the two notices (the tests above read them whole): the fuzzer minimizes
// each input it finds new coverage with, which on a whole notice took minutes per input and
// left it at a handful of executions a minute.
func FuzzParse(f *testing.F) {
	other, _ := os.ReadFile("testdata/notice-songjiang.txt")
	between := func(s, from, to string) string {
		i := strings.Index(s, from)
		j := strings.Index(s, to)
		if i < 0 || j < i {
			f.Fatalf("the notice has no %q before %q", from, to)
		}
		return s[i:j]
	}
	f.Add(between(string(other), "一、饮用水", "二、城乡"))
	f.Add(between(string(other), "二、城乡", "三、秸秆"))
	f.Add(between(string(other), "三、秸秆", "四、工业"))
	f.Add("附件:长白山整改任务清单\n长白山整改任务清单\n  一、思想认识仍有差距。\n  责任单位:长白山党工委、管委会,各区党委\n" +
		"  督导单位:办公室\n  整改时限:立整立改,长期坚持\n  整改措施:\n  (一)党工委宣传部、融媒体中心加大宣传。\n" +
		"  (二)经发局牵头,2022年6月底前完成。\n")
	f.Add("一、问题。\n责任单位：甲局、乙区\n整改时限：2022年9月底\n整改措施：（一）甲局牵头，2022年6月底前完成。（二）乙区做好工作。")
	f.Add("一、\n责任单位:\n整改措施:\n(一)")
	f.Fuzz(func(t *testing.T, text string) {
		res := Parse(text)
		for _, task := range res.Plan.Tasks {
			if task.No <= 0 {
				t.Fatalf("task number %d", task.No)
			}
			for i, m := range task.Measures {
				if m.No != i+1 {
					t.Fatalf("measure numbers not sequential")
				}
			}
		}
	})
}

// FuzzText: any bytes, no panic; an error is always a FormatError.
func FuzzText(f *testing.F) {
	f.Add([]byte("一、问题"))
	f.Add(docx(f, "一、问题\n责任单位：甲局"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Text("x.txt", data); err != nil && !errors.Is(err, ErrFormat) {
			t.Fatalf("error %v is not a format error", err)
		}
	})
}
