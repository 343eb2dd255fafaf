// Package intake reads what units send back: it walks the given files and folders, opens
// e-mails (.eml) and mailboxes (.mbox) for their attachments, tells a workbook from everything
// else (legacy .xls, encrypted, renamed .docx, zip bombs…) and reads a returned template's
// cells, identity and footer into plain data. It also owns the catalogue of finding codes for
// returns (codes.go), so that every message lives in one place.
//
// It imports finding, mailbox, template (for the layout) and xlsx; validate, store and later
// stages import it, never the other way round.
package intake
