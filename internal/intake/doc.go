// Package intake reads what units send back: it walks the given files and folders, opens
// e-mails (.eml) and mailboxes (.mbox) for their attachments, tells a workbook from everything
// else (legacy .xls, encrypted, renamed .docx, zip bombs…) and reads a returned template's
// cells, identity and footer into plain data. It also owns what a return carries once read
// and checked (return.go: entries, contact, verdict), so that every later stage reads returns
// without importing the rules.
//
// It imports finding, mailbox, period, plan, template (for the layout) and xlsx/scan; validate,
// store and later stages import it, never the other way round (see internal/pipeline).
package intake
