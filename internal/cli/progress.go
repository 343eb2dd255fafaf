package cli

import (
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is a bar on the error stream for long work — files read, receipts written, rows,
// templates — with the count, the rate and the time left. It is drawn only on a terminal and
// never with --quiet or --json; a nil Progress does nothing, so callers need not ask. The bar
// appears at the first step, when the total is known.
type Progress struct {
	mu         sync.Mutex // steps may come from several workers
	s          *IOStreams
	what, unit string
	bar        *progressbar.ProgressBar
}

// Progress is a bar for what is being done ("读取报送"), counted in unit ("份", "行").
func (s *IOStreams) Progress(quiet bool, what, unit string) *Progress {
	if s == nil || !s.ErrTTY || quiet {
		return nil
	}
	return &Progress{s: s, what: what, unit: unit}
}

// Step says that done of total steps are done.
func (p *Progress) Step(done, total int) {
	if p == nil || total < 2 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.s.Err),
			progressbar.OptionSetDescription(p.what),
			progressbar.OptionSetWidth(24),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(p.unit),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true),
			progressbar.OptionSetTheme(progressbar.Theme{Saucer: "█", SaucerPadding: "░", BarStart: "[", BarEnd: "]"}),
		)
	}
	p.bar.Set(done)
}

// Func is Step as a callback, nil when there is no bar.
func (p *Progress) Func() func(done, total int) {
	if p == nil {
		return nil
	}
	return p.Step
}

// Clear removes the bar, whether the work ended or was interrupted.
func (p *Progress) Clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Clear()
	}
}
