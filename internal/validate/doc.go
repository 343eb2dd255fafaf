// Package validate applies the rules to a returned workbook: whose it is (the signed
// identity), whether its structure is intact (rows, headers, prefilled text), and whether every
// cell the unit filled makes sense (status, dates, evidence, reasons, formulas, contacts).
// Each problem becomes a finding located to the sheet and cell and to the task and measure;
// errors reject the return, warnings only ask the office to look.
//
// It is pure: the same input and context give the same result. It imports intake, template,
// plan, period, finding, xlsx and xlsx/scan; collect imports it, and nothing that only reads
// returns does (store, ledger and receipt read intake.Return).
package validate
