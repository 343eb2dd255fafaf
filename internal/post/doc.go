// Package post owns the office's mail loop: the letters it writes to the units (填报模板,
// 回执, 催报), each kept as an .eml draft in out/mail/PERIOD and sent over SMTP unless drafts
// only, with a sent log in the workspace so that no message goes out twice; and fetch, which
// takes the returns out of the office's IMAP mailbox and collects them exactly as collect does
// with .eml files.
//
// It sits above collect, receipt and ledger and below the command line: it knows which unit
// gets which file and why, and leaves the protocols to mailnet and the message format to
// compose.
package post
