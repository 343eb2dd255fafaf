// Package mailnet owns the office's own mailbox over the network: sending the messages
// package compose built (SMTP), checking that the settings work, and taking the units'
// returns out of the mailbox (IMAP), tracked by UIDVALIDITY and UID so that nothing is read
// twice and nothing is missed.
//
// It is written for the servers Chinese offices use: 163/126/yeah.net and Coremail 政务邮箱
// (which refuse SELECT with "Unsafe Login" unless the client sends the IMAP ID command, and
// want a client authorization code instead of the web password), QQ Mail, Exchange. Errors
// are *Error values whose text is Chinese an office can act on (check the 授权码, the port,
// the network); the password is never part of any error text.
//
// Every call takes a context: its deadline bounds all network I/O and cancelling it closes
// the connection, so nothing is left running. The password is passed in by the caller; this
// package never reads the environment, never prints and keeps no state between calls.
//
// It imports nothing of taizhang.
package mailnet
