package report_test

import (
	"context"
	"testing"

	"taizhang/internal/docx"
)

// Setting the report tells its progress in blocks and table rows, never backwards, ending at
// the total; the same in both formats.
func TestProgressOfSetting(t *testing.T) {
	c := build(t, sampleLedger(t), input)
	rows := 0
	for _, b := range c.Blocks {
		if b.Table != nil {
			rows += len(b.Table.Rows)
		}
	}
	for _, format := range []string{"PDF", "Word"} {
		var last, total, calls int
		c.Progress = func(done, n int) {
			if done < last || done > n || (total != 0 && n != total) {
				t.Errorf("%s: %d of %d after %d of %d", format, done, n, last, total)
			}
			last, total = done, n
			calls++
		}
		var err error
		if format == "PDF" {
			_, err = c.PDF(context.Background(), embedded)
		} else {
			_, err = c.Word(context.Background(), docx.Fonts{})
		}
		if err != nil {
			t.Fatal(err)
		}
		if total != len(c.Blocks)+rows || last != total || calls < len(c.Blocks) {
			t.Errorf("%s: ended at %d of %d after %d calls; %d blocks, %d rows", format, last, total, calls, len(c.Blocks), rows)
		}
	}
}
