package template

import "taizhang/internal/plan"

// FileName makes a unit's name (or any text a unit controls) safe as a file name: see
// plan.FileName, where the rule lives so that the plan's check can tell which units' file
// names collide.
func FileName(name string) string { return plan.FileName(name) }

// FileNames gives each of a set of units a file name of its own, different even when their
// names differ only in characters a file name cannot hold (see plan.FileNames).
func FileNames(units []string) map[string]string { return plan.FileNames(units) }
