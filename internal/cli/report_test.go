package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/store"
)

// docxBody is the XML of a .docx file's body.
func docxBody(t *testing.T, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The report's flags as parsed: -o with its format checked before anything is opened, --date.
func TestReportFlags(t *testing.T) {
	var got *ReportOptions
	run := func(args ...string) error {
		got = nil
		cmd := newCmdReport(&Env{IO: &IOStreams{Out: io.Discard, Err: io.Discard}}, func(o *ReportOptions) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		return cmd.Execute()
	}
	if err := run("--period", "2022-08", "--date", "2022-09-05", "-o", "a.docx"); err != nil || got == nil ||
		got.Date != time.Date(2022, 9, 5, 0, 0, 0, 0, time.UTC) || got.Out != "a.docx" {
		t.Errorf("parsed %+v, %v", got, err)
	}
	for _, out := range []string{"a.doc", "a", "a.pdf.txt"} {
		if err := run("--period", "2022-08", "-o", out); exitCode(err) != ExitUsage || got != nil {
			t.Errorf("-o %s: exit %d", out, exitCode(err))
		}
	}
}

// The Word document carries the 成文日期 given and the office's own free paragraphs; a file
// name the report cannot be written as exits 2 and writes nothing.
func TestReportWord(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	if _, errs, code := runCLI(t, "init", "-w", ws, "--plan", "../../samples/任务清单.xlsx"); code != 0 {
		t.Fatal(errs)
	}
	free := "【存在的主要问题】\n个别单位报送不及时。\n【下步工作】\n逐项督办红灯事项。\n"
	if err := os.WriteFile(filepath.Join(ws, store.FreeName), []byte(free), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "报告.docx")
	if _, errs, code := runCLI(t, "report", "-w", ws, "--period", "2022-07", "--no-system-fonts", "--date", "2022-08-05", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	body := docxBody(t, out)
	for _, want := range []string{"2022年8月5日", "五、存在的主要问题", "个别单位报送不及时。", "六、下步工作", "逐项督办红灯事项。",
		"附件：整改台账（2022年7月）", "长白山保护开发区生态环境保护督察", "（一）红灯事项", "（二）预警事项"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Word document lacks %q", want)
		}
	}
	for _, bad := range []string{"已督促", "<no value>", "&lt;no value&gt;"} {
		if strings.Contains(body, bad) {
			t.Errorf("the Word document says %q", bad)
		}
	}
	_, errs, code := runCLI(t, "report", "-w", ws, "--period", "2022-07", "-o", filepath.Join(t.TempDir(), "报告.wps"))
	if code != ExitUsage || !strings.Contains(errs, ".pdf 或 .docx") {
		t.Errorf("-o 报告.wps: exit %d, %s", code, errs)
	}
	// interrupted before anything is written: neither file, and exit 130
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	if code := Run(ctx, &IOStreams{In: strings.NewReader(""), Out: &o, Err: &e}, []string{"report", "-w", ws, "--period", "2022-08", "--no-system-fonts"}); code != ExitInterrupted {
		t.Errorf("interrupted: exit %d %s", code, e.String())
	}
	for _, f := range []string{store.PDF, store.Word} {
		if _, err := os.Stat(filepath.Join(ws, "out", "2022-08", "进展报告-2022年8月"+f)); err == nil {
			t.Errorf("an interrupted report wrote its %s", f)
		}
	}
}
