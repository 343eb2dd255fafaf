package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/intake"
	"taizhang/internal/period"
)

// Record is one intake record: an input and what became of it.
type Record struct {
	ID           int64
	ReceivedAt   time.Time // when the office received it: the collecting run's time
	Source       string    // the canonical path (and message number) it came from
	Attachment   string    // the attachment's name, for inputs from e-mail
	Sender       string
	SenderName   string
	Subject      string
	MessageID    string
	MailDate     time.Time // the e-mail's Date header as the sender wrote it; zero when none
	Sent         time.Time // when the unit sent it: MailDate within bounds, else ReceivedAt
	Digest       string    // SHA-256 of the bytes; "" when nothing could be read
	Size         int64
	Unit         string
	Period       period.Period // the template's period
	Collected    period.Period // the period the collecting run was for (zero when not given)
	AsOf         string
	Due          string // the template's 报送截止, YYYY-MM-DD; "" when unknown
	Verdict      string // intake.Accepted or intake.Rejected
	DuplicateOf  int64  // an earlier record this one repeats (same bytes, same judgement), 0 when none
	SupersededBy int64  // a later accepted return of the same unit and period, 0 when none
	Errors       int
	Warnings     int
	Findings     finding.List
	Contact      intake.Contact
	Receipt      string // the receipt written for it, "" when none yet
	Withdrawn    *Withdrawal
}

// Withdrawal says who withdrew a record (撤销), when and why. A withdrawn record and its
// original stay in the database for the audit, and count nowhere.
type Withdrawal struct {
	At     time.Time
	By     string
	Reason string
}

// Accepted reports whether the record is an accepted return.
func (r *Record) Accepted() bool { return r.Verdict == intake.Accepted }

// Counts reports whether the record may count for its period: accepted, not a repeat, not
// withdrawn (whether it is the one that counts also depends on later returns: SupersededBy).
func (r *Record) Counts() bool { return r.Accepted() && r.DuplicateOf == 0 && r.Withdrawn == nil }

// Late reports whether the return was sent after the 报送截止 signed into its template (the
// whole due day counts, in the office's time zone).
func (r *Record) Late() bool {
	due, err := time.ParseInLocation(time.DateOnly, r.Due, time.Local)
	if err != nil || r.Sent.IsZero() {
		return false
	}
	return !r.Sent.Before(due.AddDate(0, 0, 1))
}

// timeFormat has a fixed width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

const recordColumns = `id, received_at, source, attachment, sender, sender_name, subject, message_id, mail_date, sent_at, sha256, size,
	unit, period, collected, as_of, due, verdict, COALESCE(duplicate_of, 0), COALESCE(superseded_by, 0), errors, warnings, findings,
	filler, phone, checker, fill_date, receipt, withdrawn_at, withdrawn_by, withdrawn_reason`

func scanRecord(sc interface{ Scan(...any) error }) (*Record, error) {
	var r Record
	var received, mailDate, sent, findings, wAt, wBy, wWhy string
	err := sc.Scan(&r.ID, &received, &r.Source, &r.Attachment, &r.Sender, &r.SenderName, &r.Subject, &r.MessageID, &mailDate, &sent,
		&r.Digest, &r.Size, &r.Unit, &r.Period, &r.Collected, &r.AsOf, &r.Due, &r.Verdict, &r.DuplicateOf, &r.SupersededBy, &r.Errors, &r.Warnings,
		&findings, &r.Contact.Filler, &r.Contact.Phone, &r.Contact.Checker, &r.Contact.FillDate, &r.Receipt, &wAt, &wBy, &wWhy)
	if err != nil {
		return nil, err
	}
	r.ReceivedAt, r.MailDate, r.Sent = parseTime(received), parseTime(mailDate), parseTime(sent)
	if wAt != "" {
		r.Withdrawn = &Withdrawal{At: parseTime(wAt), By: wBy, Reason: wWhy}
	}
	if err := json.Unmarshal([]byte(findings), &r.Findings); err != nil {
		return nil, fmt.Errorf("record %d findings: %w", r.ID, err)
	}
	return &r, nil
}

func (w *Workspace) records(query string, args ...any) ([]*Record, error) {
	rows, err := w.db.Query(`SELECT `+recordColumns+` FROM intake `+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Input identifies an input as collected: its bytes, its canonical source and attachment,
// and the period it was collected for. Collecting the same input for the same period again
// changes nothing; for another period it is judged again.
type Input struct {
	Digest, Source, Attachment string
	Collected                  period.Period
}

// Earlier is what a run needs to know of an earlier record with the same bytes.
type Earlier struct {
	ID         int64
	ReceivedAt time.Time
	Source     string
	Attachment string
	Unit       string
	Period     period.Period
	Verdict    string
	Counts     bool // accepted, not a repeat, not withdrawn
}

// Name is the earlier input's name as users know it.
func (e *Earlier) Name() string { return inputName(e.Source, e.Attachment) }

// Name is the input's name as the unit and the office know it: the attachment's, else the
// file's own (never the office's folders).
func (r *Record) Name() string { return inputName(r.Source, r.Attachment) }

func inputName(source, attachment string) string {
	if attachment != "" {
		return attachment
	}
	s := source
	if i := strings.LastIndex(s, "#"); i > 0 {
		s = s[:i]
	}
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// Known is what a run needs to know about earlier intake, loaded once: every input already
// recorded, and the earlier records of each digest (oldest first).
type Known struct {
	Seen     map[Input]int64      // input → its record
	ByDigest map[string][]Earlier // digest → the records with those bytes, oldest first
}

// LoadKnown reads what Known holds.
func (w *Workspace) LoadKnown() (*Known, error) {
	k := &Known{Seen: map[Input]int64{}, ByDigest: map[string][]Earlier{}}
	rows, err := w.db.Query(`SELECT id, sha256, source, attachment, collected, received_at, unit, period, verdict,
		COALESCE(duplicate_of, 0), withdrawn_at FROM intake ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Earlier
		var d, received, withdrawn string
		var collected period.Period
		var dup int64
		if err := rows.Scan(&e.ID, &d, &e.Source, &e.Attachment, &collected, &received, &e.Unit, &e.Period, &e.Verdict, &dup, &withdrawn); err != nil {
			return nil, err
		}
		k.Seen[Input{Digest: d, Source: e.Source, Attachment: e.Attachment, Collected: collected}] = e.ID
		if d == "" || withdrawn != "" {
			continue
		}
		e.ReceivedAt = parseTime(received)
		e.Counts = e.Verdict == intake.Accepted && dup == 0
		k.ByDigest[d] = append(k.ByDigest[d], e)
	}
	return k, rows.Err()
}

// Record returns one record by id.
func (w *Workspace) Record(id int64) (*Record, error) {
	rs, err := w.records(`WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, sql.ErrNoRows
	}
	return rs[0], nil
}

// Records returns the records of a period in the order received: those of its templates and
// those received while collecting it (last month's file sent this month, unreadable files).
func (w *Workspace) Records(period period.Period) ([]*Record, error) {
	return w.records(`WHERE period = ? OR collected = ? ORDER BY id`, period, period)
}

// AllRecords returns every record in the order received.
func (w *Workspace) AllRecords() ([]*Record, error) {
	return w.records(`ORDER BY id`)
}

// Current returns, per unit, the accepted return that counts for the period: the last one
// received, not superseded and not withdrawn (repeats never count twice).
func (w *Workspace) Current(period period.Period) (map[string]*Record, error) {
	rs, err := w.records(`WHERE period = ? AND verdict = ? AND duplicate_of IS NULL AND superseded_by IS NULL AND withdrawn_at = '' ORDER BY id`, period, intake.Accepted)
	if err != nil {
		return nil, err
	}
	out := map[string]*Record{}
	for _, r := range rs {
		out[r.Unit] = r
	}
	return out, nil
}

// Periods lists the periods that have records, oldest first.
func (w *Workspace) Periods() ([]period.Period, error) {
	rows, err := w.db.Query(`SELECT DISTINCT period FROM intake WHERE period != '' ORDER BY period`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []period.Period
	for rows.Next() {
		var p period.Period
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Entries returns what a return reported, in row order. They are kept as one JSON value per
// record: a return is always read whole, and one value per record costs the database twenty
// times less than one row per measure.
func (w *Workspace) Entries(id int64) ([]intake.Entry, error) {
	var text string
	if err := w.db.QueryRow(`SELECT entries FROM intake WHERE id = ?`, id).Scan(&text); err != nil {
		return nil, err
	}
	var out []intake.Entry
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return nil, fmt.Errorf("record %d entries: %w", id, err)
	}
	return out, nil
}

// EarlierReturns maps each unit to its current accepted return of the latest period before
// the given one that has one: the returns whose progress a return of the period is compared
// with. One query for all units.
func (w *Workspace) EarlierReturns(period period.Period) (map[string]int64, error) {
	rows, err := w.db.Query(`SELECT unit, id FROM intake WHERE period < ? AND period != '' AND unit != '' AND verdict = ?
		AND duplicate_of IS NULL AND superseded_by IS NULL AND withdrawn_at = '' ORDER BY period DESC, id DESC`, period, intake.Accepted)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var unit string
		var id int64
		if err := rows.Scan(&unit, &id); err != nil {
			return nil, err
		}
		if _, ok := out[unit]; !ok {
			out[unit] = id
		}
	}
	return out, rows.Err()
}

// EntriesByKey returns what a return reported, by row key.
func (w *Workspace) EntriesByKey(id int64) (map[string]intake.Entry, error) {
	es, err := w.Entries(id)
	if err != nil {
		return nil, err
	}
	out := make(map[string]intake.Entry, len(es))
	for _, e := range es {
		out[e.Key()] = e
	}
	return out, nil
}

// SetReceipts notes the receipts written for records, in one transaction.
func (w *Workspace) SetReceipts(paths map[int64]string) error {
	if len(paths) == 0 {
		return nil
	}
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for id, p := range paths {
		if _, err := tx.Exec(`UPDATE intake SET receipt = ? WHERE id = ?`, p, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// SetReceipt notes the receipt written for a record.
func (w *Workspace) SetReceipt(id int64, path string) error {
	_, err := w.db.Exec(`UPDATE intake SET receipt = ? WHERE id = ?`, path, id)
	return err
}

// NewRecord is a record to insert with what the return reported, the file's bytes (nil when
// nothing could be read, or when the same bytes are archived already) and the evidence that
// came with it.
type NewRecord struct {
	Record   *Record
	Entries  []intake.Entry
	Data     []byte
	Evidence []NewEvidence
}

// NewEvidence is a file that came with a return — an attachment of its e-mail, the e-mail
// itself — to archive with the record.
type NewEvidence struct {
	Kind string // EvidenceAttachment, EvidenceMessage, EvidencePicture
	Name string
	Data []byte
}

// Kinds of evidence.
const (
	EvidenceAttachment = "attachment" // another attachment of the return's e-mail
	EvidenceMessage    = "message"    // the e-mail itself (.eml)
	EvidencePicture    = "picture"    // a picture pasted into a cell
)

// Insert adds records in one transaction — all or none — with their originals and evidence,
// sets their ids, and lets the last accepted return of a unit and period (in the order
// received) supersede the earlier ones.
func (w *Workspace) Insert(batch []NewRecord) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO intake(received_at, source, attachment, sender, sender_name, subject, message_id, mail_date, sent_at,
		sha256, size, unit, period, collected, as_of, due, verdict, duplicate_of, errors, warnings, findings, filler, phone, checker, fill_date, entries)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	arc, err := tx.Prepare(`INSERT INTO archive(sha256, data) VALUES(?, ?) ON CONFLICT(sha256) DO NOTHING`)
	if err != nil {
		return err
	}
	defer arc.Close()
	evi, err := tx.Prepare(`INSERT INTO evidence(record_id, kind, name, sha256, size) VALUES(?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer evi.Close()
	touched := map[[2]string]bool{}
	for _, nr := range batch {
		r := nr.Record
		if nr.Data != nil {
			if _, err := arc.Exec(r.Digest, nr.Data); err != nil {
				return fmt.Errorf("archive %s: %w", r.Source, err)
			}
		}
		fs, err := json.Marshal(r.Findings)
		if err != nil {
			return err
		}
		entries := nr.Entries
		if entries == nil {
			entries = []intake.Entry{}
		}
		es, err := json.Marshal(entries)
		if err != nil {
			return err
		}
		res, err := ins.Exec(formatTime(r.ReceivedAt), r.Source, r.Attachment, r.Sender, r.SenderName, r.Subject,
			r.MessageID, formatTime(r.MailDate), formatTime(r.Sent), r.Digest, r.Size, r.Unit, r.Period, r.Collected, r.AsOf, r.Due,
			r.Verdict, r.DuplicateOf, r.Errors, r.Warnings, string(fs), r.Contact.Filler, r.Contact.Phone, r.Contact.Checker,
			r.Contact.FillDate, string(es))
		if err != nil {
			return fmt.Errorf("insert record of %s: %w", r.Source, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, e := range nr.Evidence {
			d := Digest(e.Data)
			if _, err := arc.Exec(d, e.Data); err != nil {
				return fmt.Errorf("archive %s: %w", e.Name, err)
			}
			if _, err := evi.Exec(r.ID, e.Kind, e.Name, d, len(e.Data)); err != nil {
				return fmt.Errorf("evidence %s: %w", e.Name, err)
			}
		}
		if r.Counts() && r.Unit != "" {
			touched[[2]string{r.Unit, r.Period.String()}] = true
		}
	}
	contested, err := contestedPairs(tx, touched)
	if err != nil {
		return err
	}
	for _, up := range contested {
		if err := supersede(tx, up[0], up[1]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// counting is the condition of the records that may count for their period.
const counting = `verdict = 'accepted' AND duplicate_of IS NULL AND withdrawn_at = ''`

// contestedPairs are the units and periods among pairs that have more than one accepted
// return: only they have anything to supersede (records are never removed, so a pair with one
// accepted return never had a superseded one).
func contestedPairs(tx *sql.Tx, pairs map[[2]string]bool) ([][2]string, error) {
	all := make([][2]string, 0, len(pairs))
	for up := range pairs {
		all = append(all, up)
	}
	sort.Slice(all, func(i, j int) bool { return all[i][0] < all[j][0] || (all[i][0] == all[j][0] && all[i][1] < all[j][1]) })
	var out [][2]string
	const chunk = 200
	for len(all) > 0 {
		part := all[:min(chunk, len(all))]
		all = all[len(part):]
		var args []any
		values := make([]string, len(part))
		for i, up := range part {
			values[i] = "(?, ?)"
			args = append(args, up[0], up[1])
		}
		rows, err := tx.Query(`SELECT unit, period FROM intake WHERE `+counting+`
			AND (unit, period) IN (VALUES `+strings.Join(values, ", ")+`) GROUP BY unit, period HAVING count(*) > 1 ORDER BY unit, period`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var up [2]string
			if err := rows.Scan(&up[0], &up[1]); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, up)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// supersede makes the last accepted return of a unit and period received (the highest record
// number: the order the office received them, never a date the unit wrote) the one that
// counts, and marks the others as superseded by it. Withdrawn records supersede nothing and
// are superseded by nothing.
func supersede(tx *sql.Tx, unit, period string) error {
	if _, err := tx.Exec(`UPDATE intake SET superseded_by = NULL WHERE unit = ? AND period = ? AND superseded_by IS NOT NULL`, unit, period); err != nil {
		return err
	}
	var newest int64
	err := tx.QueryRow(`SELECT id FROM intake WHERE unit = ? AND period = ? AND `+counting+` ORDER BY id DESC LIMIT 1`, unit, period).Scan(&newest)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(`UPDATE intake SET superseded_by = ? WHERE unit = ? AND period = ? AND `+counting+` AND id != ?`, newest, unit, period, newest)
	return err
}

// ErrWithdrawn means the record was withdrawn before.
var ErrWithdrawn = errors.New("record already withdrawn")

// Withdraw marks a record as withdrawn (撤销) — by whom, when and why — and lets the unit's
// other returns of the period count again as if it had never been received. The record and
// its original stay for the audit.
func (w *Workspace) Withdraw(id int64, wd Withdrawal) (*Record, error) {
	r, err := w.Record(id)
	if err != nil {
		return nil, err
	}
	if r.Withdrawn != nil {
		return r, ErrWithdrawn
	}
	tx, err := w.db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE intake SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?, superseded_by = NULL WHERE id = ?`,
		formatTime(wd.At), wd.By, wd.Reason, id); err != nil {
		return nil, err
	}
	if r.Unit != "" && !r.Period.IsZero() {
		if err := supersede(tx, r.Unit, r.Period.String()); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return w.Record(id)
}

// Evidence is a file kept with a record.
type Evidence struct {
	ID     int64
	Record int64
	Kind   string
	Name   string
	Digest string
	Size   int64
}

// EvidenceOf lists the evidence kept with records, by record, in the order received.
func (w *Workspace) EvidenceOf(ids []int64) (map[int64][]Evidence, error) {
	out := map[int64][]Evidence{}
	err := queryIn(w.db, `SELECT id, record_id, kind, name, sha256, size FROM evidence WHERE record_id IN (%s) ORDER BY id`, ids,
		func(rows *sql.Rows) error {
			var e Evidence
			if err := rows.Scan(&e.ID, &e.Record, &e.Kind, &e.Name, &e.Digest, &e.Size); err != nil {
				return err
			}
			out[e.Record] = append(out[e.Record], e)
			return nil
		})
	return out, err
}

// Statement is what a unit last said about a measure in an accepted return.
type Statement struct {
	Entry  intake.Entry
	Period period.Period
	Record int64
}

// EarlierStatements maps each unit to what its accepted returns of the periods before the
// given one last said about each measure (by row key): the latest period's return that covers
// the measure wins. Returns that were superseded, repeated or withdrawn say nothing.
func (w *Workspace) EarlierStatements(p period.Period) (map[string]map[string]Statement, error) {
	return w.statementsBefore(p.String())
}

func (w *Workspace) statementsBefore(p string) (map[string]map[string]Statement, error) {
	rets, err := w.statementReturns(`SELECT id, unit, period, received_at FROM intake WHERE period < ? AND period != '' AND unit != '' AND `+counting+`
		AND superseded_by IS NULL ORDER BY period DESC, id DESC`, p)
	if err != nil {
		return nil, err
	}
	return w.statementsOf(rets)
}

// StatementsBy is what each unit had said of each measure in the accepted returns the office
// had received by the end of a day (in its time zone), of any period: what a 销号 decided that
// day rests on. Of a unit's returns of one period, the last received by then counts.
func (w *Workspace) StatementsBy(day time.Time) (map[string]map[string]Statement, error) {
	all, err := w.statementReturns(`SELECT id, unit, period, received_at FROM intake WHERE period != '' AND unit != '' AND ` + counting + `
		ORDER BY period DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	last := day.Format(time.DateOnly)
	seen := map[[2]string]bool{}
	var rets []statementReturn
	for _, r := range all {
		k := [2]string{r.unit, r.per.String()}
		if seen[k] || r.received.Local().Format(time.DateOnly) > last {
			continue
		}
		seen[k] = true
		rets = append(rets, r)
	}
	return w.statementsOf(rets)
}

type statementReturn struct {
	id       int64
	unit     string
	per      period.Period
	received time.Time
}

func (w *Workspace) statementReturns(query string, args ...any) ([]statementReturn, error) {
	rows, err := w.db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rets []statementReturn
	for rows.Next() {
		var r statementReturn
		var at string
		if err := rows.Scan(&r.id, &r.unit, &r.per, &at); err != nil {
			return nil, err
		}
		r.received = parseTime(at)
		rets = append(rets, r)
	}
	return rets, rows.Err()
}

// statementsOf is what the returns (latest period first) last said of each measure, by unit.
func (w *Workspace) statementsOf(rets []statementReturn) (map[string]map[string]Statement, error) {
	out := map[string]map[string]Statement{}
	for _, r := range rets {
		es, err := w.Entries(r.id)
		if err != nil {
			return nil, err
		}
		m := out[r.unit]
		if m == nil {
			m = map[string]Statement{}
			out[r.unit] = m
		}
		for _, e := range es {
			if _, ok := m[e.Key()]; !ok {
				m[e.Key()] = Statement{Entry: e, Period: r.per, Record: r.id}
			}
		}
	}
	return out, nil
}
