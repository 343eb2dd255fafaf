package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

var update = flag.Bool("update", false, "rewrite the scripts' expected files")

func TestMain(m *testing.M) {
	if os.Getenv("TAIZHANG_TEST_MAIN") == "1" {
		// a child process of a test: the real command line
		os.Exit(Main())
	}
	testscript.Main(m, map[string]func(){
		"taizhang":  func() { os.Exit(Main()) },
		"tz-return": func() { os.Exit(fakeReturn(os.Args[1:])) },
	})
}

// TestScripts runs the command-line scripts in testdata/script: each carries its own inputs
// and checks exit codes, output and files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup: func(e *testscript.Env) error {
			for _, name := range []string{"notice-changbaishan-2022.txt", "任务清单.xlsx"} {
				data, err := os.ReadFile(filepath.Join("..", "..", "samples", name))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(e.WorkDir, name), data, 0o644); err != nil {
					return err
				}
			}
			// inputs a text file cannot carry: GBK text and a legacy Office file
			gbk, err := simplifiedchinese.GBK.NewEncoder().String(gbkNotice)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(e.WorkDir, "gbk.txt"), []byte(gbk), 0o644); err != nil {
				return err
			}
			ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
			if err := os.WriteFile(filepath.Join(e.WorkDir, "notice.doc"), ole, 0o644); err != nil {
				return err
			}
			e.Setenv("TAIZHANG_WORKSPACE", "")
			return nil
		},
	})
}

const gbkNotice = "整改任务清单\n一、垃圾收运体系不健全。\n责任单位：县住建局、各乡镇\n责任人：县住建局主要负责同志\n" +
	"督导单位：县委督查室\n整改目标：体系健全。\n整改时限：2023年上半年\n整改措施：\n（一）县住建局开展摸底。\n（二）各乡镇完善设施。\n"

// fakeReturn writes a unit's filled return for a workspace, as the unit would send it:
//
//	tz-return WORKSPACE PERIOD UNIT OUT [MISTAKE]
//
// MISTAKE is one of: status (a wrong status word), future (a completion date after the as-of
// date), late (滞后 without a reason), deleted (a deleted row), textdate (a date typed as text,
// which is fine).
func fakeReturn(args []string) int {
	if len(args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: tz-return WORKSPACE PERIOD UNIT OUT [MISTAKE]")
		return 2
	}
	w, err := store.Open(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer w.Close()
	p, _, err := plan.ReadFile(w.PlanPath())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	first, _ := time.Parse("2006-01", args[1])
	asOf := first.AddDate(0, 1, -1)
	unit := args[2]
	f := fill.Good(p, unit, asOf)
	rows := template.Rows(p, unit)
	var edit func(*fill.Book) error
	if len(args) > 4 {
		key := rows[len(rows)-1].Key()
		r := f.Rows[key]
		switch args[4] {
		case "status":
			r.Status = "完成"
		case "future":
			r.Status, r.Done, r.Evidence = plan.StatusDone, asOf.AddDate(0, 1, 0), "材料"
		case "late":
			r.Status, r.Problems, r.Next = plan.StatusBehind, "", ""
		case "textdate":
			r.Status, r.Done, r.DoneText, r.Evidence = plan.StatusDone, time.Time{}, asOf.Format("2006年1月2日"), "材料"
		case "deleted":
			edit = func(fb *fill.Book) error { return fb.DeleteRow(key) }
		default:
			fmt.Fprintln(os.Stderr, "unknown mistake", args[4])
			return 2
		}
		f.Rows[key] = r
	}
	data, err := fill.Return(template.Spec{Plan: p, Unit: unit, Period: period.MustParse(args[1]), AsOf: asOf, Due: asOf.AddDate(0, 0, 5),
		Workspace: w.ID, Key: w.Key(), Master: templates.ProgressMaster}, f, edit)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.MkdirAll(filepath.Dir(args[3]), 0o755)
	if err := os.WriteFile(args[3], data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
