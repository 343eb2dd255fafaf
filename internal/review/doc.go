// Package review owns the office's review workbook (销号审核表), for offices that decide in
// Excel rather than on the command line: Build lists the measures of a period's ledger that
// every responsible unit reports 已完成 and that are not closed, with each unit's 完成时间 and
// 佐证材料 and the evidence files linked to them, and leaves four input columns — 审核意见
// (同意销号 / 暂缓), 文号, 审核人, 日期 — for the reviewer; Check reads a filled one back (an
// outside file: size limits, never a panic), verifies its signed identity (package seal, kind
// "review") and checks it cell by cell; Apply turns its 同意销号 rows into 销号 decisions
// recorded through register, all of them or none.
//
// The layout (sheet names, header texts, where rows start) is described once, in layout.go,
// and used by both the writer and the reader. It imports ledger, register, store and the
// packages below them; only the command line imports it.
package review
