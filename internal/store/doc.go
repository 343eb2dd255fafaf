// Package store owns the workspace: its folder and output layout (layout.go), the signing key,
// the plan copy and its installation, the embedded SQLite database (modernc.org/sqlite, pure
// Go) with every intake record, the cells of every return and the original bytes of every
// received file, and the lock that keeps two runs from writing at once.
//
// It imports plan, intake (the return as data), finding, period, atomicfile and the built-in
// designs (templates); not validate, ledger or anything later: those stages hand it plain
// records (see internal/pipeline).
package store
