// Package report writes the monthly progress report for the leadership group's meeting, as an
// official document (GB/T 9704) in two formats from the same content: a PDF through
// internal/typeset and an editable Word document through internal/docx.
//
// Build makes the content once from a period's ledger — the narrative from the editable
// wording template, the units' reporting, the red and yellow items, the office's decisions,
// charts, the office's own free paragraphs (下步工作), the 附件说明 and the 落款, and the full
// ledger as the annex on landscape pages — as a small neutral model of blocks (Content).
// Content.PDF and Content.Word render it; they decide nothing a reader reads.
//
// It imports decision, ledger, period, plan, typeset and docx; only the command line imports it.
package report
