package store

import "fmt"

// PlanCacheEntries is how many plans the cache holds.
func (w *Workspace) PlanCacheEntries() int {
	var n int
	w.db.QueryRow(`SELECT count(*) FROM plan_cache`).Scan(&n)
	return n
}

// DamagePlanCache overwrites every cached plan with bytes that do not decode.
func (w *Workspace) DamagePlanCache() {
	w.db.Exec(`UPDATE plan_cache SET data = x'00ff00ff'`)
}

// LimitPages caps the database at n pages, so that the next write that needs more fails
// with SQLite's own "database or disk is full" (SQLITE_FULL), as on a full disk.
func (w *Workspace) LimitPages(n int) error {
	_, err := w.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, n))
	return err
}
