package store

import (
	"database/sql"
	"encoding/json"
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
	ReceivedAt   time.Time
	Source       string // the path (and message number) it came from
	Attachment   string // the attachment's name, for inputs from e-mail
	Sender       string
	SenderName   string
	Subject      string
	MessageID    string
	Sent         time.Time // the e-mail's date or the file's time: orders a unit's returns
	Digest       string    // SHA-256 of the bytes; "" when nothing could be read
	Size         int64
	Unit         string
	Period       period.Period // the template's period
	Collected    period.Period // the period the collecting run was for (zero when not given)
	AsOf         string
	Verdict      string // intake.Accepted or intake.Rejected
	DuplicateOf  int64  // the record with the same bytes received first, 0 when none
	SupersededBy int64  // a newer accepted return of the same unit and period, 0 when none
	Errors       int
	Warnings     int
	Findings     finding.List
	Contact      intake.Contact
	Receipt      string // the receipt written for it, "" when none yet
}

// Accepted reports whether the record is an accepted return.
func (r *Record) Accepted() bool { return r.Verdict == intake.Accepted }

// timeFormat has a fixed width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

const recordColumns = `id, received_at, source, attachment, sender, sender_name, subject, message_id, sent_at, sha256, size,
	unit, period, collected, as_of, verdict, COALESCE(duplicate_of, 0), COALESCE(superseded_by, 0), errors, warnings, findings,
	filler, phone, checker, fill_date, receipt`

func scanRecord(sc interface{ Scan(...any) error }) (*Record, error) {
	var r Record
	var received, sent, findings string
	err := sc.Scan(&r.ID, &received, &r.Source, &r.Attachment, &r.Sender, &r.SenderName, &r.Subject, &r.MessageID, &sent,
		&r.Digest, &r.Size, &r.Unit, &r.Period, &r.Collected, &r.AsOf, &r.Verdict, &r.DuplicateOf, &r.SupersededBy, &r.Errors, &r.Warnings,
		&findings, &r.Contact.Filler, &r.Contact.Phone, &r.Contact.Checker, &r.Contact.FillDate, &r.Receipt)
	if err != nil {
		return nil, err
	}
	r.ReceivedAt, _ = time.Parse(timeFormat, received)
	r.Sent, _ = time.Parse(timeFormat, sent)
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

// Known is what a run needs to know about earlier intake, loaded once: every (digest, source,
// attachment) already recorded, and the first record of each digest.
type Known struct {
	Seen  map[[3]string]int64 // digest, source, attachment → record id
	First map[string]*Record  // digest → the first record with it (no duplicates)
}

// LoadKnown reads what Known holds.
func (w *Workspace) LoadKnown() (*Known, error) {
	k := &Known{Seen: map[[3]string]int64{}, First: map[string]*Record{}}
	rows, err := w.db.Query(`SELECT id, sha256, source, attachment FROM intake`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var d, src, att string
		if err := rows.Scan(&id, &d, &src, &att); err != nil {
			rows.Close()
			return nil, err
		}
		k.Seen[[3]string{d, src, att}] = id
	}
	rows.Close()
	firsts, err := w.records(`WHERE duplicate_of IS NULL AND sha256 != '' AND id IN (SELECT MIN(id) FROM intake WHERE duplicate_of IS NULL GROUP BY sha256)`)
	if err != nil {
		return nil, err
	}
	for _, r := range firsts {
		k.First[r.Digest] = r
	}
	return k, rows.Err()
}

// Recorded returns the record of exactly these bytes from exactly this source, if any:
// collecting the same input again changes nothing.
func (w *Workspace) Recorded(digest, source, attachment string) (*Record, error) {
	rs, err := w.records(`WHERE sha256 = ? AND source = ? AND attachment = ? LIMIT 1`, digest, source, attachment)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0], nil
}

// FirstWithDigest returns the first record of bytes with the digest, if any.
func (w *Workspace) FirstWithDigest(digest string) (*Record, error) {
	rs, err := w.records(`WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1`, digest)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0], nil
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

// Current returns, per unit, the accepted return that counts for the period: the newest one
// not superseded (duplicates never count twice).
func (w *Workspace) Current(period period.Period) (map[string]*Record, error) {
	rs, err := w.records(`WHERE period = ? AND verdict = ? AND duplicate_of IS NULL AND superseded_by IS NULL ORDER BY id`, period, intake.Accepted)
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
		AND duplicate_of IS NULL AND superseded_by IS NULL ORDER BY period DESC, id DESC`, period, intake.Accepted)
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

// Progress returns a record's progress texts by row key.
func (w *Workspace) Progress(id int64) (map[string]string, error) {
	es, err := w.Entries(id)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range es {
		out[e.Key()] = e.Progress
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

// NewRecord is a record to insert with what the return reported and the file's bytes (nil
// when nothing could be read, or for a duplicate whose bytes are archived already).
type NewRecord struct {
	Record  *Record
	Entries []intake.Entry
	Data    []byte
}

// Insert adds records in one transaction — all or none — sets their ids, and lets every newer
// accepted return supersede the older accepted ones of the same unit and period.
func (w *Workspace) Insert(batch []NewRecord) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO intake(received_at, source, attachment, sender, sender_name, subject, message_id, sent_at,
		sha256, size, unit, period, collected, as_of, verdict, duplicate_of, errors, warnings, findings, filler, phone, checker, fill_date, entries)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	arc, err := tx.Prepare(`INSERT INTO archive(sha256, data) VALUES(?, ?) ON CONFLICT(sha256) DO NOTHING`)
	if err != nil {
		return err
	}
	defer arc.Close()
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
		res, err := ins.Exec(r.ReceivedAt.UTC().Format(timeFormat), r.Source, r.Attachment, r.Sender, r.SenderName, r.Subject,
			r.MessageID, r.Sent.UTC().Format(timeFormat), r.Digest, r.Size, r.Unit, r.Period, r.Collected, r.AsOf, r.Verdict, r.DuplicateOf,
			r.Errors, r.Warnings, string(fs), r.Contact.Filler, r.Contact.Phone, r.Contact.Checker, r.Contact.FillDate, string(es))
		if err != nil {
			return fmt.Errorf("insert record of %s: %w", r.Source, err)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if r.Accepted() && r.DuplicateOf == 0 && r.Unit != "" {
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
		args := []any{intake.Accepted}
		values := make([]string, len(part))
		for i, up := range part {
			values[i] = "(?, ?)"
			args = append(args, up[0], up[1])
		}
		rows, err := tx.Query(`SELECT unit, period FROM intake WHERE verdict = ? AND duplicate_of IS NULL
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

// supersede marks every accepted return of a unit and period but the newest (by sending time,
// then by order received) as superseded by the newest.
func supersede(tx *sql.Tx, unit, period string) error {
	var newest int64
	err := tx.QueryRow(`SELECT id FROM intake WHERE unit = ? AND period = ? AND verdict = ? AND duplicate_of IS NULL
		ORDER BY sent_at DESC, id DESC LIMIT 1`, unit, period, intake.Accepted).Scan(&newest)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`UPDATE intake SET superseded_by = CASE WHEN id = ? THEN NULL ELSE ? END
		WHERE unit = ? AND period = ? AND verdict = ? AND duplicate_of IS NULL`, newest, newest, unit, period, intake.Accepted)
	return err
}
