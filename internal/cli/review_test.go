package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/internal/review"
	"taizhang/internal/xlsx"
)

// fillReview writes a reviewer's cells into row 5 of a review workbook (its first measure) and
// saves it under another name.
func fillReview(t *testing.T, path, name string, cells map[int]string, date time.Time) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := xlsx.OpenBook(data)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s := b.Sheet(review.SheetReview)
	for col, v := range cells {
		s.SetString(col, review.HeaderRow+1, v)
	}
	if !date.IsZero() {
		s.SetDateKeep(12, review.HeaderRow+1, xlsx.Serial(date))
	}
	out := filepath.Join(filepath.Dir(path), name)
	if err := b.Save(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The review workbook from the command line: nothing to review writes nothing; the workbook
// is written next to the ledger; a filled one is applied once, a bad one records nothing
// (exit 1), a file that is not there is a usage error (exit 2).
func TestReviewCommands(t *testing.T) {
	s := newStory(t)
	s.now = time.Date(2022, 8, 3, 9, 0, 0, 0, time.UTC)
	book := filepath.Join(s.ws, "out", "2022-07", "销号审核表-2022年7月.xlsx")
	out, errs, code := s.cli("review", "--period", "2022-07")
	if code != ExitOK || !strings.Contains(out, "没有待审核销号的措施") || errs != "" {
		t.Fatalf("nothing to review: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(book); !os.IsNotExist(err) {
		t.Fatalf("a review workbook was written with nothing to review: %v", err)
	}
	jul := day("2022-07-31")
	path := s.ret("2022-07", "商务局", s.allDone("商务局", jul.AddDate(0, 0, -5)), nil, "jul/商务局.xlsx")
	if _, errs, code := s.cli("collect", "--period", "2022-07", path, "-q"); code != ExitOK {
		t.Fatalf("collect: exit %d %s", code, errs)
	}
	out, errs, code = s.cli("review", "--period", "2022-07")
	if code != ExitOK || !strings.Contains(out, "销号审核表："+book) || !strings.Contains(out, "taizhang review apply") {
		t.Fatalf("review: exit %d\n%s%s", code, out, errs)
	}
	first := rowsOf(t, book, review.SheetReview)[review.HeaderRow]
	key := "任务" + first[0] + "措施" + first[1]

	s.now = time.Date(2022, 8, 6, 9, 0, 0, 0, time.UTC)
	// 同意销号 without a 文号: nothing recorded, the cell named
	bad := fillReview(t, book, "审核表-缺文号.xlsx", map[int]string{9: review.Agree, 11: "李主任"}, day("2022-08-05"))
	out, errs, code = s.cli("review", "apply", bad)
	if code != ExitData || !strings.Contains(errs, "第5行「文号」栏（"+key+"）：同意销号须填写文号") || !strings.Contains(errs, "未登记") {
		t.Errorf("without 文号: exit %d\n%s%s", code, out, errs)
	}
	// a good one: recorded, with its source, the clerk noted
	good := fillReview(t, book, "销号审核表-已审核.xlsx", map[int]string{9: review.Agree, 10: "长整改办〔2022〕5号", 11: "李主任"}, day("2022-08-05"))
	out, errs, code = s.cli("review", "apply", good, "--by", "王五")
	if code != ExitOK || !strings.Contains(out, "已记录：销号 "+key+"，2022年8月5日，长整改办〔2022〕5号，审批人 李主任（经销号审核表审核，经办人王五）") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
	}
	if out, _, _ := s.cli("decisions"); !strings.Contains(out, "来自审核表：销号审核表-已审核.xlsx") {
		t.Errorf("decisions:\n%s", out)
	}
	// again: said, nothing new
	out, errs, code = s.cli("review", "apply", good)
	if code != ExitOK || !strings.Contains(out, "这个审核表已于 ") || !strings.Contains(out, "登记过，本次未重复记录") {
		t.Errorf("applied again: exit %d\n%s%s", code, out, errs)
	}
	if out, _, _ := s.cli("decisions", "--json"); strings.Count(out, `"kind": "close"`) != 1 {
		t.Errorf("decisions after applying twice:\n%s", out)
	}
	// not a review workbook (exit 1), no file at all (exit 2)
	if _, errs, code := s.cli("review", "apply", path); code != ExitData || !strings.Contains(errs, "进展填报模板") {
		t.Errorf("a unit's return applied: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("review", "apply", filepath.Join(s.dir, "没有这个文件.xlsx")); code != ExitUsage || !strings.Contains(errs, "找不到") {
		t.Errorf("a missing file: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("review", "apply", s.dir); code != ExitUsage || !strings.Contains(errs, "是文件夹") {
		t.Errorf("a folder: exit %d %s", code, errs)
	}
	if _, errs, code := s.cli("review"); code != ExitUsage || !strings.Contains(errs, "--period") {
		t.Errorf("no period: exit %d %s", code, errs)
	}
}
