package cli

import (
	"taizhang/internal/ledger"
	"taizhang/internal/store"
)

// writeReport renders the period's progress report; "" when reports are not available.
func writeReport(env *Env, w *store.Workspace, l *ledger.Ledger, out string) (string, error) {
	return "", nil
}
