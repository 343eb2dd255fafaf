package store

import (
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// schema is the database's structure. Every statement is idempotent.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS plans(
		id INTEGER PRIMARY KEY,
		fingerprint TEXT NOT NULL,
		sha256 TEXT NOT NULL,
		installed_at TEXT NOT NULL,
		changes TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE TABLE IF NOT EXISTS intake(
		id INTEGER PRIMARY KEY,
		received_at TEXT NOT NULL,
		source TEXT NOT NULL,
		attachment TEXT NOT NULL DEFAULT '',
		sender TEXT NOT NULL DEFAULT '',
		sender_name TEXT NOT NULL DEFAULT '',
		subject TEXT NOT NULL DEFAULT '',
		message_id TEXT NOT NULL DEFAULT '',
		sent_at TEXT NOT NULL DEFAULT '',
		sha256 TEXT NOT NULL,
		size INTEGER NOT NULL,
		unit TEXT NOT NULL DEFAULT '',
		period TEXT NOT NULL DEFAULT '',
		collected TEXT NOT NULL DEFAULT '',
		as_of TEXT NOT NULL DEFAULT '',
		verdict TEXT NOT NULL,
		duplicate_of INTEGER REFERENCES intake(id),
		superseded_by INTEGER REFERENCES intake(id),
		errors INTEGER NOT NULL,
		warnings INTEGER NOT NULL,
		findings TEXT NOT NULL,
		filler TEXT NOT NULL DEFAULT '',
		phone TEXT NOT NULL DEFAULT '',
		checker TEXT NOT NULL DEFAULT '',
		fill_date TEXT NOT NULL DEFAULT '',
		receipt TEXT NOT NULL DEFAULT '',
		entries TEXT NOT NULL DEFAULT '[]'
	)`,
	`CREATE TABLE IF NOT EXISTS archive(
		sha256 TEXT PRIMARY KEY,
		data BLOB NOT NULL
	) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS plan_cache(
		key TEXT PRIMARY KEY,
		data BLOB NOT NULL
	) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS evidence(
		id INTEGER PRIMARY KEY,
		record_id INTEGER NOT NULL REFERENCES intake(id),
		kind TEXT NOT NULL,
		name TEXT NOT NULL,
		sha256 TEXT NOT NULL,
		size INTEGER NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS evidence_record ON evidence(record_id)`,
	`CREATE TABLE IF NOT EXISTS issued(
		period TEXT NOT NULL,
		unit TEXT NOT NULL,
		issued_at TEXT NOT NULL,
		due TEXT NOT NULL,
		file TEXT NOT NULL DEFAULT '',
		PRIMARY KEY(period, unit)
	) WITHOUT ROWID`,
	// the office's decisions (销号, 延期, 撤销销号): append-only, a decision is undone by another
	`CREATE TABLE IF NOT EXISTS decisions(
		id INTEGER PRIMARY KEY,
		kind TEXT NOT NULL,
		task INTEGER NOT NULL,
		measure INTEGER NOT NULL,
		day TEXT NOT NULL,
		doc TEXT NOT NULL,
		approver TEXT NOT NULL DEFAULT '',
		note TEXT NOT NULL DEFAULT '',
		due_to TEXT NOT NULL DEFAULT '',
		forced INTEGER NOT NULL DEFAULT 0,
		evidence TEXT NOT NULL DEFAULT '[]',
		source TEXT NOT NULL DEFAULT '',
		source_sha256 TEXT NOT NULL DEFAULT '',
		recorded_at TEXT NOT NULL
	)`,
	`CREATE TRIGGER IF NOT EXISTS decisions_kept BEFORE DELETE ON decisions
		BEGIN SELECT RAISE(ABORT, 'decisions are kept: record another decision instead'); END`,
	`CREATE TRIGGER IF NOT EXISTS decisions_unchanged BEFORE UPDATE ON decisions
		BEGIN SELECT RAISE(ABORT, 'decisions are kept: record another decision instead'); END`,
	// the mail the tool wrote and sent (send templates|receipts|reminders): one row per message,
	// its draft in out/mail/PERIOD; result draft, sending, sent or failed
	`CREATE TABLE IF NOT EXISTS mail_sent(
		id INTEGER PRIMARY KEY,
		kind TEXT NOT NULL,
		period TEXT NOT NULL,
		unit TEXT NOT NULL,
		key TEXT NOT NULL,
		record_id INTEGER NOT NULL DEFAULT 0,
		message_id TEXT NOT NULL,
		recipients TEXT NOT NULL,
		subject TEXT NOT NULL,
		draft TEXT NOT NULL,
		created_at TEXT NOT NULL,
		attempted_at TEXT NOT NULL DEFAULT '',
		sent_at TEXT NOT NULL DEFAULT '',
		attempts INTEGER NOT NULL DEFAULT 0,
		result TEXT NOT NULL,
		error TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE INDEX IF NOT EXISTS mail_sent_period ON mail_sent(period)`,
	// how far fetch has read each IMAP folder, and every message it took
	`CREATE TABLE IF NOT EXISTS mail_folders(
		folder TEXT PRIMARY KEY,
		uid_validity INTEGER NOT NULL,
		last_uid INTEGER NOT NULL
	) WITHOUT ROWID`,
	`CREATE TABLE IF NOT EXISTS mail_fetched(
		folder TEXT NOT NULL,
		uid_validity INTEGER NOT NULL,
		uid INTEGER NOT NULL,
		file TEXT NOT NULL DEFAULT '',
		sha256 TEXT NOT NULL DEFAULT '',
		size INTEGER NOT NULL,
		received_at TEXT NOT NULL,
		fetched_at TEXT NOT NULL,
		too_large INTEGER NOT NULL DEFAULT 0,
		collected INTEGER NOT NULL DEFAULT 0,
		moved_to TEXT NOT NULL DEFAULT '',
		PRIMARY KEY(folder, uid_validity, uid)
	) WITHOUT ROWID`,
	`CREATE INDEX IF NOT EXISTS mail_fetched_digest ON mail_fetched(folder, sha256)`,
	`CREATE INDEX IF NOT EXISTS intake_period_unit ON intake(period, unit)`,
	`CREATE INDEX IF NOT EXISTS intake_collected ON intake(collected)`,
}

// indexes are made after the columns are added (an older workspace gets them then).
var indexes = []string{
	// one record per input and collected period: the same input collected for the same period
	// again changes nothing; for another period it is judged again
	`DROP INDEX IF EXISTS intake_source`,
	`CREATE UNIQUE INDEX IF NOT EXISTS intake_input ON intake(sha256, source, attachment, collected)`,
}

// openDB opens the database, making it first if need be. The database holds every return,
// the units' contacts and the originals: it is made readable by the office's account only
// (0600, like the key), and SQLite makes its -wal and -shm files with the database's mode.
func openDB(path string) (*sql.DB, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	f.Close()
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(1)
	for _, s := range schema {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			return nil, fmt.Errorf("prepare database: %w", err)
		}
	}
	if err := addColumns(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("upgrade database: %w", err)
	}
	for _, s := range indexes {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			return nil, fmt.Errorf("upgrade database: %w", err)
		}
	}
	return db, nil
}

// added are columns later versions added to tables; a workspace made by an earlier version
// gets them when it is opened.
var added = []struct{ table, column, decl string }{
	{"intake", "collected", "TEXT NOT NULL DEFAULT ''"},
	{"intake", "entries", "TEXT NOT NULL DEFAULT '[]'"},
	{"intake", "mail_date", "TEXT NOT NULL DEFAULT ''"},
	{"intake", "due", "TEXT NOT NULL DEFAULT ''"},
	{"intake", "withdrawn_at", "TEXT NOT NULL DEFAULT ''"},
	{"intake", "withdrawn_by", "TEXT NOT NULL DEFAULT ''"},
	{"intake", "withdrawn_reason", "TEXT NOT NULL DEFAULT ''"},
	{"issued", "rows", "INTEGER NOT NULL DEFAULT -1"}, // -1: issued before rows were kept
}

func addColumns(db *sql.DB) error {
	have := map[string]bool{}
	for _, table := range []string{"intake", "issued"} {
		rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			have[table+"."+n] = true
		}
		rows.Close()
	}
	for _, c := range added {
		if !have[c.table+"."+c.column] {
			if _, err := db.Exec(`ALTER TABLE ` + c.table + ` ADD COLUMN ` + c.column + ` ` + c.decl); err != nil {
				return err
			}
		}
	}
	return nil
}
