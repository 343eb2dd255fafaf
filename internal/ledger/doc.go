// Package ledger owns the consolidated ledger (台账): it merges the plan with every unit's
// current accepted return of a period, applies the status and light rules (rules.go, the one
// place they live), compares with the previous period that has returns, and writes the ledger
// workbook. The same inputs give the same workbook, byte for byte.
//
// It imports plan, deadline, intake (the return as data), period, store, template and xlsx, never
// the rules of validate; report and cli import it (see internal/pipeline).
package ledger
