package store

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
