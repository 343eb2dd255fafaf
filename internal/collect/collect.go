// Package collect runs the intake of one batch of inputs: walk the paths, read and check
// every input in parallel, archive the bytes, and record every outcome in the workspace's
// store in batches — in the order of the inputs, so that the same inputs always give the
// same records. Collecting the same inputs again changes nothing.
//
// It imports intake, validate, store, plan, period, finding and xlsx/scan (for the run's part
// cache); the command line imports it. The import order is in internal/pipeline.
package collect

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/validate"
	"taizhang/internal/xlsx/scan"
)

// Options say what to collect and how.
type Options struct {
	Paths    []string
	Period   period.Period // the period collected; zero accepts each template's own
	Now      time.Time
	Workers  int  // files read at once; 0 = the number of CPUs
	DryRun   bool // check only: nothing archived or recorded
	Limits   intake.Limits
	Progress func(done, total int) // called as entries finish; may be nil
	// Received says, by canonical path (intake.Canonical), when the office's mail server
	// received an input fetched from it; the others were received Now.
	Received map[string]time.Time
}

// Status says what collecting did with an input.
const (
	StatusNew       = "new"       // recorded now
	StatusDuplicate = "duplicate" // the same bytes were received before from elsewhere: recorded as a duplicate
	StatusAgain     = "again"     // this very input was collected before: nothing changed
)

// Outcome is what became of one input.
type Outcome struct {
	Input  intake.Input // without its bytes
	Result *intake.Return
	Record *store.Record // nil in a dry run
	Status string
	Digest string
}

// Verdict is the outcome's verdict as users read it: accepted or rejected.
func (o *Outcome) Verdict() string {
	if o.Record != nil {
		return o.Record.Verdict
	}
	return o.Result.Verdict
}

// Findings are the outcome's findings: the record's (a duplicate's say so), else the check's.
func (o *Outcome) Findings() finding.List {
	if o.Record != nil {
		return o.Record.Findings
	}
	return o.Result.Findings
}

// Summary is the result of a run.
type Summary struct {
	Outcomes []Outcome
	Skipped  []intake.Skipped
	Total    int // the files and folders' entries found
	Done     int // those done: all of them unless the run was interrupted
}

// Counts returns files, accepted, rejected, errors, warnings.
func (s *Summary) Counts() (files, accepted, rejected, errs, warns int) {
	for i := range s.Outcomes {
		o := &s.Outcomes[i]
		files++
		if o.Verdict() == intake.Accepted {
			accepted++
		} else {
			rejected++
		}
		fs := o.Findings()
		errs += fs.Count(finding.Error)
		warns += fs.Count(finding.Warning)
	}
	return
}

// NewRecords are the ids of the records this run added that need a receipt: new returns, and
// duplicates that are wrong for this period (last month's file sent again).
func (s *Summary) NewRecords() []int64 {
	var ids []int64
	for _, o := range s.Outcomes {
		if o.Record == nil {
			continue
		}
		if o.Status == StatusNew || (o.Status == StatusDuplicate && o.Record.Verdict == intake.Rejected) {
			ids = append(ids, o.Record.ID)
		}
	}
	return ids
}

type item struct {
	input  intake.Input // with its bytes: they are archived with the record
	result *intake.Return
	digest string
	size   int64
}

// MissingError says that a path given to collect does not exist: a mistyped path is a mistake
// of the command, not an input, so nothing is recorded.
type MissingError struct{ Path string }

func (e *MissingError) Error() string { return "no such file or folder: " + e.Path }

// Memory is bounded by design: the bytes of the files being read and checked (lookAheadBytes,
// counted by their size on disk, besides at most 4 files a worker) and of the records waiting to
// be written (batchBytes for the batch being filled and as much for the one being written) —
// whatever the number and size of the inputs.
const lookAheadBytes = 64 << 20

// Run collects the inputs into the workspace (or only checks them, with DryRun). When ctx
// ends, no further input is begun: the inputs already read are recorded (each record with its
// original, in one transaction per batch), and the summary of what was done is returned with
// ctx's error. Collecting the same inputs again then records the rest.
func Run(ctx context.Context, w *store.Workspace, p *plan.Plan, opts Options) (*Summary, error) {
	if opts.Limits.MaxFile == 0 {
		opts.Limits = intake.DefaultLimits
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for _, path := range opts.Paths {
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, &MissingError{Path: path}
		}
	}
	rules, err := newContext(w, p, opts.Period)
	if err != nil {
		return nil, err
	}
	entries, skipped := intake.Walk(opts.Paths)
	sum := &Summary{Skipped: skipped}

	results := make([]chan []item, len(entries))
	for i := range results {
		results[i] = make(chan []item, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] <- process(entries[i], rules, opts)
			}
		}()
	}
	// a bounded look-ahead keeps memory flat however many and however large the files are: an
	// entry is handed to a worker only when fewer than 4×workers entries, and fewer than
	// lookAheadBytes of files, wait for the recorder. Entries are handed in order; when ctx
	// ends no more are handed, and fed says how many were.
	sem := make(chan struct{}, 4*workers)
	budget := newBudget(lookAheadBytes)
	weights := make([]int64, len(entries))
	fed := make(chan struct{})
	handed := 0
	go func() {
		defer close(fed)
		defer close(jobs)
		for i := range entries {
			weights[i] = weight(entries[i], opts.Limits)
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if !budget.take(ctx, weights[i]) || ctx.Err() != nil {
				return
			}
			jobs <- i
			handed = i + 1
		}
	}()
	rec := &recorder{w: w, now: opts.Now, received: opts.Received, dry: opts.DryRun, period: opts.Period, seen: map[string][]*store.Record{},
		inputs: map[store.Input]*store.Record{}}
	if !opts.DryRun {
		known, err := w.LoadKnown()
		if err != nil {
			<-fed
			wg.Wait()
			return nil, fmt.Errorf("read earlier intake: %w", err)
		}
		rec.known = known
		rec.start()
	}
	var firstErr error
	interrupted := false
	for i := range entries {
		var items []item
		select {
		case items = <-results[i]:
		case <-fed:
			if i >= handed {
				interrupted = true
			} else {
				items = <-results[i]
			}
		}
		if interrupted {
			break
		}
		<-sem
		for _, it := range items {
			o, err := rec.add(it)
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if !opts.DryRun {
				o.Result.Entries = nil // recorded: not kept in memory for the rest of the run
			}
			sum.Outcomes = append(sum.Outcomes, o)
		}
		budget.give(weights[i]) // its bytes are in the batch now, bounded there
		sum.Done = i + 1
		if opts.Progress != nil {
			opts.Progress(i+1, len(entries))
		}
	}
	wg.Wait()
	if err := rec.finish(); err != nil && firstErr == nil {
		firstErr = err
	}
	// ids are known only after the batch was written
	for i := range sum.Outcomes {
		if r := sum.Outcomes[i].Record; r != nil && r.ID == 0 && firstErr == nil {
			return sum, fmt.Errorf("record of %s has no id", sum.Outcomes[i].Input.Source())
		}
	}
	if firstErr == nil && interrupted {
		firstErr = ctx.Err()
	}
	sum.Total = len(entries)
	return sum, firstErr
}

// process reads and checks the inputs of one entry.
func process(e intake.Found, ctx *validate.Context, opts Options) []item {
	var out []item
	intake.Open(e, opts.Limits, func(in intake.Input) {
		it := item{input: in}
		if in.Data != nil {
			it.digest = store.Digest(in.Data)
			it.size = int64(len(in.Data))
		}
		it.result = validate.Check(&in, ctx)
		if opts.DryRun {
			it.input.Data = nil
		}
		out = append(out, it)
	})
	return out
}

func newContext(w *store.Workspace, p *plan.Plan, collected period.Period) (*validate.Context, error) {
	decided, err := w.Decisions()
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	plans := map[string]*plan.Plan{}
	earlier := map[period.Period]map[string]int64{} // period → unit → its earlier return
	prev := map[int64]map[string]intake.Entry{}     // record → what it reported, by row key
	ctx := &validate.Context{
		WorkspaceID: w.ID, Key: w.Key(), Plan: p, Period: collected, Cache: scan.NewCache(), Decisions: decided,
		PlanFor: func(fp string) *plan.Plan {
			mu.Lock()
			defer mu.Unlock()
			if q, ok := plans[fp]; ok {
				return q
			}
			var q *plan.Plan
			if data, ok, err := w.PlanByFingerprint(fp); err == nil && ok {
				if pp, _, err := plan.Read(data); err == nil {
					q = pp
				}
			}
			plans[fp] = q
			return q
		},
		Previous: func(unit string, per period.Period) map[string]intake.Entry {
			mu.Lock()
			defer mu.Unlock()
			ids, ok := earlier[per]
			if !ok {
				// one query for all units of a period; a unit without an earlier return then
				// costs nothing
				ids, _ = w.EarlierReturns(per)
				earlier[per] = ids
			}
			id, ok := ids[unit]
			if !ok {
				return nil
			}
			m, ok := prev[id]
			if !ok {
				m, _ = w.EntriesByKey(id)
				prev[id] = m
			}
			return m
		},
	}
	ctx.Prepare()
	return ctx, nil
}

// recorder turns checked inputs into records, in order, and writes them in batches. Batches
// are written by a writer goroutine while the next ones are read and checked; a record's id is
// known once its batch is confirmed written.
type recorder struct {
	w        *store.Workspace
	now      time.Time
	received map[string]time.Time // by canonical path: when the mail server received it
	dry      bool
	period   period.Period
	seen     map[string][]*store.Record                // digest → the records of this run with those bytes
	inputs   map[store.Input]*store.Record             // the inputs of this run
	known    *store.Known                              // what earlier runs recorded
	issued   map[period.Period]map[string]store.Issued // templates issued, by period, read when needed
	batch    []store.NewRecord
	bytes    int64 // of the batch's originals and evidence

	writes    chan []store.NewRecord // batches for the writer
	written   chan error             // the writer's answer for each batch, in order
	sent      int                    // batches handed to the writer
	confirmed int                    // batches whose answer was received
	batchOf   map[*store.Record]int  // a record of this run → the number of its batch
	err       error                  // the first failed write
}

const (
	batchSize  = 128      // records of a batch, at most
	batchBytes = 24 << 20 // and bytes of originals and evidence: a batch is written once either is reached
	inFlight   = 1        // batches handed to the writer and not yet confirmed
)

func (r *recorder) start() {
	r.writes = make(chan []store.NewRecord)
	r.written = make(chan error, inFlight)
	r.batchOf = map[*store.Record]int{}
	go func() {
		for b := range r.writes {
			r.written <- r.w.Insert(b)
		}
	}()
}

// send hands the current batch to the writer.
func (r *recorder) send() {
	if len(r.batch) == 0 {
		return
	}
	if r.sent-r.confirmed >= inFlight {
		r.wait(r.confirmed + 1)
	}
	r.writes <- r.batch
	r.sent++
	r.batch = make([]store.NewRecord, 0, batchSize)
	r.bytes = 0
}

// wait receives the writer's answers until batch n is confirmed.
func (r *recorder) wait(n int) {
	for r.confirmed < n {
		if err := <-r.written; err != nil && r.err == nil {
			r.err = err
		}
		r.confirmed++
	}
}

// settle waits until the record's batch is written, so that its id is known.
func (r *recorder) settle(rec *store.Record) error {
	n, ok := r.batchOf[rec]
	if !ok {
		return nil // recorded by an earlier run
	}
	if n > r.sent {
		r.send()
	}
	r.wait(n)
	return r.err
}

// finish writes what is left and waits for every batch.
func (r *recorder) finish() error {
	if r.dry {
		return nil
	}
	r.send()
	r.wait(r.sent)
	close(r.writes)
	return r.err
}

func (r *recorder) add(it item) (Outcome, error) {
	data := it.input.Data
	it.input.Data = nil // the outcome does not keep the bytes
	evidence := it.input.Evidence
	it.input.Evidence = nil
	o := Outcome{Input: it.input, Result: it.result, Digest: it.digest, Status: StatusNew}
	if r.dry {
		return o, nil
	}
	in := &it.input
	key := store.Input{Digest: it.digest, Source: in.Source(), Attachment: in.Attachment, Collected: r.period}
	if id, ok := r.known.Seen[key]; ok {
		prev, err := r.w.Record(id)
		if err != nil {
			return o, err
		}
		o.Record, o.Status = prev, StatusAgain
		return o, nil
	}
	if prev, ok := r.inputs[key]; ok {
		// the same file reached twice in one run (two spellings of one path)
		if err := r.settle(prev); err != nil {
			return o, err
		}
		o.Record, o.Status = prev, StatusAgain
		return o, nil
	}
	res := it.result
	received := r.now
	if t, ok := r.received[in.Canon]; ok && !t.IsZero() && t.Before(r.now) {
		received = t
	}
	rec := &store.Record{ReceivedAt: received, Source: in.Source(), Attachment: in.Attachment, Sender: in.Sender,
		SenderName: in.SenderName, Subject: in.Subject, MessageID: in.MessageID, MailDate: in.MailDate, Digest: it.digest,
		Size: it.size, Collected: r.period, Unit: res.Unit, Period: res.Period, AsOf: res.AsOf, Verdict: res.Verdict,
		Findings: res.Findings, Contact: res.Contact}
	if res.Identity != nil {
		rec.Due = res.Identity.Due
	}
	rec.Sent = r.sentAt(in.MailDate, rec)
	entries := res.Entries
	earlier, err := r.earlier(it.digest)
	if err != nil {
		return o, err
	}
	if len(earlier) > 0 {
		data = nil // the bytes are kept once
		var repeat *store.Earlier
		for i := range earlier {
			e := &earlier[i]
			if e.Verdict == rec.Verdict && e.Unit == rec.Unit && e.Period == rec.Period {
				repeat = e
				break
			}
		}
		switch {
		case repeat != nil:
			// the same return judged the same way before: it does not count twice
			rec.DuplicateOf = repeat.ID
			rec.Findings = append(finding.List{finding.New(finding.Duplicate, finding.Finding{},
				"与 %s 收到的 %s 完全相同：不重复保存，以先收到的为准", repeat.ReceivedAt.Local().Format("2006-01-02 15:04"), repeat.Name())},
				rec.Findings...)
			entries = nil
			o.Status = StatusDuplicate
		default:
			// judged anew for this collection (another period, a corrected plan…); a file
			// received before for its own period and sent again for this one is told so
			first := earlier[0]
			for i, f := range rec.Findings {
				if f.Code == finding.PeriodMismatch && first.Period == rec.Period && !r.period.IsZero() {
					rec.Findings[i].Message = fmt.Sprintf("这是%s的报送，与 %s 收到的文件完全相同；本次回收的是%s：请用%s下发的模板填报",
						rec.Period.Label(), first.ReceivedAt.Local().Format("2006-01-02"), r.period.Label(), r.period.Label())
				}
			}
		}
	}
	if rec.Findings == nil {
		rec.Findings = finding.List{}
	}
	rec.Errors, rec.Warnings = rec.Findings.Count(finding.Error), rec.Findings.Count(finding.Warning)
	o.Record = rec
	nr := store.NewRecord{Record: rec, Entries: entries, Data: data}
	for _, e := range evidence {
		kind := store.EvidenceAttachment
		if e.Message {
			kind = store.EvidenceMessage
		}
		nr.Evidence = append(nr.Evidence, store.NewEvidence{Kind: kind, Name: e.Name, Data: e.Data})
	}
	if rec.DuplicateOf == 0 {
		for _, p := range res.Pictures {
			nr.Evidence = append(nr.Evidence, store.NewEvidence{Kind: store.EvidencePicture, Name: p.Name, Data: p.Data})
		}
	}
	res.Pictures = nil // the outcome does not keep the bytes
	r.batch = append(r.batch, nr)
	r.bytes += int64(len(nr.Data))
	for _, e := range nr.Evidence {
		r.bytes += int64(len(e.Data))
	}
	r.batchOf[rec] = r.sent + 1
	if it.digest != "" {
		r.seen[it.digest] = append(r.seen[it.digest], rec)
	}
	r.inputs[key] = rec
	if len(r.batch) >= batchSize || r.bytes >= batchBytes {
		r.send()
	}
	return o, r.err
}

// earlier lists the records with the same bytes, oldest first: those of earlier runs, then
// those of this run (waiting for their ids).
func (r *recorder) earlier(digest string) ([]store.Earlier, error) {
	if digest == "" {
		return nil, nil
	}
	out := append([]store.Earlier(nil), r.known.ByDigest[digest]...)
	for _, rec := range r.seen[digest] {
		if err := r.settle(rec); err != nil {
			return nil, err
		}
		out = append(out, store.Earlier{ID: rec.ID, ReceivedAt: rec.ReceivedAt, Source: rec.Source, Attachment: rec.Attachment,
			Unit: rec.Unit, Period: rec.Period, Verdict: rec.Verdict, Counts: rec.Counts()})
	}
	return out, nil
}

// sentAt is when the unit sent a return: its e-mail's Date, but never after the office
// received it nor before its template was issued (a unit controls its Date header); a file
// that came on its own was sent when it was received.
func (r *recorder) sentAt(mailDate time.Time, rec *store.Record) time.Time {
	now := rec.ReceivedAt
	if mailDate.IsZero() || mailDate.After(now) {
		return now
	}
	floor := r.issuedAt(rec.Unit, rec.Period)
	if floor.After(now) {
		floor = now
	}
	if mailDate.Before(floor) {
		return floor
	}
	return mailDate
}

// issuedAt is when the unit's template of the period was issued, or the period's first day
// when the workspace has no note of it.
func (r *recorder) issuedAt(unit string, p period.Period) time.Time {
	if p.IsZero() {
		return time.Time{}
	}
	if r.issued == nil {
		r.issued = map[period.Period]map[string]store.Issued{}
	}
	m, ok := r.issued[p]
	if !ok {
		m, _ = r.w.IssuedIn(p)
		r.issued[p] = m
	}
	if it, ok := m[unit]; ok && !it.At.IsZero() {
		return it.At
	}
	return p.First()
}

// weight is how many bytes an entry may bring into memory: its size on disk (an e-mail's
// attachments decode to less than the message), at most what one input may be, and never
// less than a small file's share.
func weight(e intake.Found, lim intake.Limits) int64 {
	st, err := os.Stat(e.Path)
	if err != nil || e.Err != nil {
		return 1 << 10
	}
	return min(max(st.Size(), 1<<10), lim.MaxMail, lookAheadBytes)
}

// budget is a count of bytes taken in order by one goroutine and given back by another.
type budget struct {
	mu   sync.Mutex
	cond *sync.Cond
	left int64
}

func newBudget(n int64) *budget {
	b := &budget{left: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// take waits until n bytes are free and takes them; false when ctx ended first.
func (b *budget) take(ctx context.Context, n int64) bool {
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		b.cond.Broadcast()
		b.mu.Unlock()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.left < n && ctx.Err() == nil {
		b.cond.Wait()
	}
	if ctx.Err() != nil {
		return false
	}
	b.left -= n
	return true
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	b.left += n
	b.mu.Unlock()
	b.cond.Broadcast()
}
