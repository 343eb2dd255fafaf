// Package compose owns writing e-mail: a Message (addresses, subject, a plain-text body,
// attachments, reply threading) becomes the RFC 5322 bytes that are saved as an .eml draft
// and sent as they are, so the draft an office opens in Foxmail or Outlook and the message
// that goes out are the same bytes.
//
// It writes what the clients Chinese offices use read, not only what the standards say:
// non-ASCII names and subjects as RFC 2047 UTF-8 encoded words, attachment names as encoded
// words in both Content-Type name= and Content-Disposition filename= (QQ Mail and Outlook
// show "Untitled" for RFC 2231-only names), long values split into several words so that no
// line is longer than 76 characters, CRLF line ends, and X-Unsent: 1 for drafts so that
// Outlook opens them ready to send.
//
// It is a sibling of package mailbox rather than part of it: mailbox reads hostile input
// and must stay small and lenient, compose writes trusted input and is strict (a bad address
// or a control character is an error, not something to guess around). Its tests read every
// message back with mailbox and with Python's email package.
//
// It imports nothing of taizhang; it never prints, touches no file and reads no clock: the
// date is given.
package compose
