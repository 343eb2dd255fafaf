package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"taizhang/internal/atomicfile"
	"taizhang/internal/period"
)

// MailSettings are the office mailbox's settings, kept in the workspace. The password is not
// among them: it comes from the environment, a prompt, or the password file.
type MailSettings struct {
	SMTP     string `json:"smtp,omitempty"` // host:port
	IMAP     string `json:"imap,omitempty"` // host:port
	User     string `json:"user,omitempty"`
	From     string `json:"from,omitempty"`
	Security string `json:"security,omitempty"` // tls, starttls or none
	Folder   string `json:"folder,omitempty"`   // the IMAP folder the returns arrive in
	CA       string `json:"ca,omitempty"`       // PEM of certificates to trust besides the system's
}

const mailKey = "mail"

// PasswordName is the file the mail password is saved in with `mail config --save-password`:
// readable by the office's account only, like the key.
const PasswordName = "taizhang.mail-password"

// MailSettings returns the mail settings; ok=false when none were made.
func (w *Workspace) MailSettings() (MailSettings, bool, error) {
	var s MailSettings
	v, err := w.meta(mailKey)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v == "") {
		return s, false, nil
	}
	if err != nil {
		return s, false, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, false, fmt.Errorf("read mail settings: %w", err)
	}
	return s, true, nil
}

// SetMailSettings replaces the mail settings.
func (w *Workspace) SetMailSettings(s MailSettings) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return w.setMeta(map[string]string{mailKey: string(data)})
}

// SavedPassword is the password saved with SavePassword; "" when none.
func (w *Workspace) SavedPassword() (string, error) {
	data, err := os.ReadFile(filepath.Join(w.Dir, PasswordName))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return strings.TrimRight(string(data), "\r\n"), err
}

// SavePassword keeps the mail password in a file readable by the office's account only
// (0600); an empty password removes the file.
func (w *Workspace) SavePassword(pw string) error {
	path := filepath.Join(w.Dir, PasswordName)
	if pw == "" {
		err := os.Remove(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return atomicfile.WriteBytes(path, 0o600, []byte(pw))
}

// Results of a letter (a message the tool wrote).
const (
	LetterDraft   = "draft"   // written as a draft only: the office sends it itself
	LetterSending = "sending" // handed to the SMTP server, no answer recorded (the run was stopped)
	LetterSent    = "sent"    // the SMTP server accepted it
	LetterFailed  = "failed"  // the SMTP server refused it or could not be reached: sent again next time
)

// Letter is a message the tool wrote: a template, a receipt or a reminder to one unit.
type Letter struct {
	ID         int64
	Kind       string // template, receipt, reminder
	Period     period.Period
	Unit       string
	Key        string // what makes two messages the same message: never sent twice
	RecordID   int64  // the record a receipt answers; 0 otherwise
	MessageID  string
	Recipients string // the addresses, comma-separated
	Subject    string
	Draft      string // the .eml's name in out/mail/PERIOD
	Created    time.Time
	Attempted  time.Time // the last time it was handed to the SMTP server
	SentAt     time.Time
	Attempts   int
	Result     string
	Error      string // why the last attempt failed, in Chinese
}

const letterColumns = `id, kind, period, unit, key, record_id, message_id, recipients, subject, draft, created_at,
	attempted_at, sent_at, attempts, result, error`

func scanLetter(s interface{ Scan(...any) error }) (*Letter, error) {
	var l Letter
	var per, created, attempted, sent string
	if err := s.Scan(&l.ID, &l.Kind, &per, &l.Unit, &l.Key, &l.RecordID, &l.MessageID, &l.Recipients, &l.Subject,
		&l.Draft, &created, &attempted, &sent, &l.Attempts, &l.Result, &l.Error); err != nil {
		return nil, err
	}
	l.Period, _ = period.Parse(per)
	l.Created, l.Attempted, l.SentAt = parseTime(created), parseTime(attempted), parseTime(sent)
	return &l, nil
}

func (w *Workspace) letters(where string, args ...any) ([]*Letter, error) {
	rows, err := w.db.Query(`SELECT `+letterColumns+` FROM mail_sent WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Letters are the messages written for a period, the oldest first.
func (w *Workspace) Letters(p period.Period) ([]*Letter, error) { return w.letters(`period = ?`, p) }

// AddLetter records a message written now; it sets l.ID.
func (w *Workspace) AddLetter(l *Letter) error {
	res, err := w.db.Exec(`INSERT INTO mail_sent(kind, period, unit, key, record_id, message_id, recipients, subject, draft,
		created_at, result) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.Kind, l.Period, l.Unit, l.Key, l.RecordID,
		l.MessageID, l.Recipients, l.Subject, l.Draft, formatTime(l.Created), l.Result)
	if err != nil {
		return err
	}
	l.ID, err = res.LastInsertId()
	return err
}

// Sending records that a message is being handed to the SMTP server now. Committed before the
// server is contacted: if the run is killed before the answer is recorded, the letter stays
// LetterSending, which says that whether it went out cannot be known.
func (w *Workspace) Sending(l *Letter, at time.Time) error {
	l.Attempted, l.Attempts, l.Result = at, l.Attempts+1, LetterSending
	_, err := w.db.Exec(`UPDATE mail_sent SET attempted_at = ?, attempts = ?, result = ? WHERE id = ?`,
		formatTime(at), l.Attempts, l.Result, l.ID)
	return err
}

// SetResult records the outcome of handing a message to the SMTP server (LetterSent or
// LetterFailed with why), or that it was written as a draft only.
func (w *Workspace) SetResult(l *Letter, result, why string, at time.Time) error {
	l.Result, l.Error = result, why
	if result == LetterSent {
		l.SentAt = at
	}
	_, err := w.db.Exec(`UPDATE mail_sent SET result = ?, error = ?, sent_at = ? WHERE id = ?`,
		l.Result, l.Error, formatTime(l.SentAt), l.ID)
	return err
}

// FolderState is how far fetch has read an IMAP folder.
type FolderState struct {
	UIDValidity uint32
	LastUID     uint32
}

// FolderState returns how far fetch has read a folder; zero when never.
func (w *Workspace) FolderState(folder string) (FolderState, error) {
	var st FolderState
	err := w.db.QueryRow(`SELECT uid_validity, last_uid FROM mail_folders WHERE folder = ?`, folder).Scan(&st.UIDValidity, &st.LastUID)
	if errors.Is(err, sql.ErrNoRows) {
		return FolderState{}, nil
	}
	return st, err
}

// Fetched is a message fetch took from the office's mailbox: saved as File (under the
// workspace folder), unless it was over the size limit.
type Fetched struct {
	Folder      string
	UIDValidity uint32
	UID         uint32
	File        string // relative to the workspace; "" when TooLarge or taken before (nothing to collect)
	Digest      string // SHA-256 of the message; "" when TooLarge
	Size        int64
	ReceivedAt  time.Time // when the office's mail server received it (IMAP INTERNALDATE)
	FetchedAt   time.Time
	TooLarge    bool
	Collected   bool
	MovedTo     string
}

// RecordFetched records messages taken from a folder and the folder's new state in one
// transaction: the messages' files must be on disk before. A message taken again (the run
// before was stopped before this) keeps its row.
func (w *Workspace) RecordFetched(folder string, st FolderState, msgs []Fetched) error {
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, m := range msgs {
		if _, err := tx.Exec(`INSERT INTO mail_fetched(folder, uid_validity, uid, file, sha256, size, received_at, fetched_at, too_large)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, folder, m.UIDValidity, m.UID, m.File, m.Digest, m.Size,
			formatTime(m.ReceivedAt), formatTime(m.FetchedAt), m.TooLarge); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT INTO mail_folders(folder, uid_validity, last_uid) VALUES(?, ?, ?)
		ON CONFLICT(folder) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid`,
		folder, st.UIDValidity, st.LastUID); err != nil {
		return err
	}
	return tx.Commit()
}

func (w *Workspace) fetched(where string, args ...any) ([]Fetched, error) {
	rows, err := w.db.Query(`SELECT folder, uid_validity, uid, file, sha256, size, received_at, fetched_at, too_large, collected, moved_to
		FROM mail_fetched WHERE `+where+` ORDER BY fetched_at, uid_validity, uid`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Fetched
	for rows.Next() {
		var f Fetched
		var recv, at string
		if err := rows.Scan(&f.Folder, &f.UIDValidity, &f.UID, &f.File, &f.Digest, &f.Size, &recv, &at, &f.TooLarge, &f.Collected, &f.MovedTo); err != nil {
			return nil, err
		}
		f.ReceivedAt, f.FetchedAt = parseTime(recv), parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Uncollected are the messages fetched from a folder and saved but not yet collected (the
// run that fetched them was stopped), in the order they were received.
func (w *Workspace) Uncollected(folder string) ([]Fetched, error) {
	return w.fetched(`folder = ? AND file != '' AND collected = 0`, folder)
}

// Unmoved are the messages of a folder collected but not yet moved to another folder.
func (w *Workspace) Unmoved(folder string) ([]Fetched, error) {
	return w.fetched(`folder = ? AND file != '' AND collected = 1 AND moved_to = ''`, folder)
}

// MarkCollected records that fetched messages were collected.
func (w *Workspace) MarkCollected(msgs []Fetched) error {
	return w.markFetched(msgs, `UPDATE mail_fetched SET collected = 1 WHERE folder = ? AND uid_validity = ? AND uid = ?`)
}

// MarkMoved records that a fetched message was moved to another folder.
func (w *Workspace) MarkMoved(m Fetched, to string) error {
	_, err := w.db.Exec(`UPDATE mail_fetched SET moved_to = ? WHERE folder = ? AND uid_validity = ? AND uid = ?`,
		to, m.Folder, m.UIDValidity, m.UID)
	return err
}

func (w *Workspace) markFetched(msgs []Fetched, stmt string) error {
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, m := range msgs {
		if _, err := tx.Exec(stmt, m.Folder, m.UIDValidity, m.UID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// FetchedBefore reports whether a message with these bytes was taken from a folder before
// (under another UIDVALIDITY: the folder was re-created and its UIDs changed).
func (w *Workspace) FetchedBefore(folder, digest string) (bool, error) {
	var n int
	err := w.db.QueryRow(`SELECT count(*) FROM mail_fetched WHERE folder = ? AND sha256 = ?`, folder, digest).Scan(&n)
	return n > 0, err
}
