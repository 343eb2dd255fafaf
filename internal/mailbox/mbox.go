package mailbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MboxItem is one message of an mbox: Index counts from 1 in file order. Message and Err
// follow ReadMessage: Err alone when nothing could be read, both when only a partial message
// could be.
type MboxItem struct {
	Index   int
	Message *Message
	Raw     []byte // the message as stored (mbox quoting undone), nil when too large
	Err     error
}

// ReadMbox splits an mbox (mboxrd or mboxo) into messages and parses each. A message that
// fails to parse does not stop the others: its error is in its item. The error is only for
// reading r; the items read before it are returned with it. All messages are held in memory;
// ScanMbox handles one at a time.
func ReadMbox(r io.Reader, lim Limits) ([]MboxItem, error) {
	var items []MboxItem
	err := ScanMbox(r, lim, func(it MboxItem) error {
		items = append(items, it)
		return nil
	})
	return items, err
}

// ScanMbox reads an mbox message by message and calls fn with each, so that memory stays
// bounded by one message (lim.MaxMessageBytes). A message over the limit is skipped and
// reported in its item. An error from fn stops the scan and is returned as it is.
//
// A "From " line starts a message when it follows an empty line or the start of the file,
// or when it looks like a postmark (has a time): this keeps an unescaped "From " sentence
// in an mboxo body from splitting the message. Body lines ">From ", ">>From "... lose one
// ">" (mboxrd, and mboxo's only escape). Text before the first "From " line, if not blank,
// is read as a message too (an .eml given as an mbox).
func ScanMbox(r io.Reader, lim Limits, fn func(MboxItem) error) error {
	lim = lim.withDefaults()
	br := bufio.NewReaderSize(r, 64<<10)
	s := mboxSplitter{lim: lim, fn: fn, atLineStart: true, prevBlank: true}
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			if ferr := s.chunk(chunk); ferr != nil {
				return ferr
			}
		}
		switch {
		case err == nil || errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return s.emit()
		default:
			if ferr := s.emit(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("read mbox: %w", err)
		}
	}
}

// mboxSplitter gathers the lines of the current message.
type mboxSplitter struct {
	lim         Limits
	fn          func(MboxItem) error
	cur         []byte
	have        bool // a message has started
	tooLarge    bool // the current message went over the limit and is being skipped
	index       int
	atLineStart bool // the next chunk starts a line (long lines come in several chunks)
	prevBlank   bool // the previous line was empty (or there was none)
	inPostmark  bool // the rest of a long "From " line is still coming
}

func (s *mboxSplitter) chunk(chunk []byte) error {
	lineStart := s.atLineStart
	s.atLineStart = chunk[len(chunk)-1] == '\n'
	blank := lineStart && s.atLineStart && len(bytes.TrimRight(chunk, "\r\n")) == 0
	defer func() { s.prevBlank = blank }()
	if !lineStart && s.inPostmark {
		s.inPostmark = !s.atLineStart
		return nil
	}
	if lineStart && bytes.HasPrefix(chunk, []byte("From ")) && (s.prevBlank || looksLikePostmark(chunk)) {
		if err := s.emit(); err != nil {
			return err
		}
		s.have = true
		s.inPostmark = !s.atLineStart
		return nil
	}
	if lineStart {
		if i := countPrefix(chunk, '>'); i > 0 && bytes.HasPrefix(chunk[i:], []byte("From ")) {
			chunk = chunk[1:]
		}
	}
	if !s.have {
		if blank {
			return nil
		}
		s.have = true
	}
	if s.tooLarge {
		return nil
	}
	if int64(len(s.cur))+int64(len(chunk)) > s.lim.MaxMessageBytes {
		s.tooLarge = true
		s.cur = nil
		return nil
	}
	s.cur = append(s.cur, chunk...)
	return nil
}

// emit hands the gathered message to fn and starts afresh.
func (s *mboxSplitter) emit() error {
	if !s.have {
		return nil
	}
	s.index++
	it := MboxItem{Index: s.index}
	if s.tooLarge {
		it.Err = tooLarge(s.lim.MaxMessageBytes)
	} else {
		// The empty line before the next "From " separates messages; it is not content.
		data := s.cur
		if bytes.HasSuffix(data, []byte("\r\n\r\n")) {
			data = data[:len(data)-2]
		} else if bytes.HasSuffix(data, []byte("\n\n")) {
			data = data[:len(data)-1]
		}
		it.Message, it.Err = parseMessage(data, s.lim)
		it.Raw = data
	}
	s.cur, s.have, s.tooLarge = nil, false, false
	return s.fn(it)
}

func countPrefix(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

// looksLikePostmark reports whether a "From " line carries a time (hh:mm), as the
// postmark "From sender Mon Jan  2 15:04:05 2006" does and a sentence seldom does.
func looksLikePostmark(line []byte) bool {
	for i := 1; i+1 < len(line); i++ {
		if line[i] == ':' && isDigit(line[i-1]) && isDigit(line[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
