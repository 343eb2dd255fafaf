// Package plan owns the rectification plan (整改方案): its model (tasks, measures, units,
// settings), the plan workbook (任务清单.xlsx) that is the office's editable source of truth,
// checking an edited plan, and comparing two plans. Reading a published notice into a plan is
// package notice's work.
//
// It may import deadline, finding, xlsx and atomicfile; nothing later in the pipeline
// (notice, template, intake, ledger, report, cli) may be imported here.
package plan
