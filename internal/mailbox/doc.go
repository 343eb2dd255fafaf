// Package mailbox owns reading e-mail — one message (.eml), a mailbox file (.mbox), an
// Outlook .msg file (ReadMsg) or a TNEF winmail.dat (ReadTNEF) — into messages and their
// attachments: the units' returns arrive as mail, this is where they are taken out of it.
//
// It is written for the mail Chinese government offices actually receive: file names and
// subjects encoded in GBK, GB2312 (read as GBK, since clients mislabel), GB18030, UTF-8 or
// Big5, as RFC 2047 encoded words (also inside quoted parameters, split over several words
// or folded lines, the way Foxmail, QQ Mail and Outlook write them), as RFC 2231 parameters
// with continuations, or as raw 8-bit bytes; forwarded mails (message/rfc822, or attached as
// .eml or .msg files) and winmail.dat parts are opened and their attachments count too. In
// .msg files and TNEF, 8-bit strings are read in the file's code page (GBK when it says
// none).
//
// Input is outside input: nothing here panics, a message is read only up to
// Limits.MaxMessageBytes, nesting and attachment counts are bounded, attachment names are
// reduced to a safe base name, and a damaged message gives up what could be read.
//
// It imports nothing of taizhang (mscfb reads the compound files under .msg); it never
// prints and never touches the file system. Its test fixtures for the binary formats come
// from internal/fixture, a writer of them.
package mailbox
