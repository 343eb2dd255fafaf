// Package store owns the workspace: its folder layout, the signing key, the plan copy, the
// embedded SQLite database (modernc.org/sqlite, pure Go) with every intake record and the
// cells of every return, the content-addressed archive of received files, and the lock that
// keeps two runs from writing at once.
//
// It imports plan, finding, atomicfile; not intake, ledger or anything later: those stages
// hand it plain records.
package store
