package store

import (
	"database/sql"
	"strings"
)

// inChunk is how many keys one IN (…) list holds: well under SQLite's variable limit.
const inChunk = 500

// queryIn runs query for keys, inChunk at a time: its "(%s)" is replaced by a list of
// placeholders for the chunk's keys, and each row is handed to scan.
func queryIn[K any](db *sql.DB, query string, keys []K, scan func(*sql.Rows) error) error {
	for len(keys) > 0 {
		part := keys[:min(inChunk, len(keys))]
		keys = keys[len(part):]
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		rows, err := db.Query(strings.Replace(query, "(%s)", "("+marks+")", 1), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}
