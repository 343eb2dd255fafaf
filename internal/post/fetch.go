package post

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"taizhang/internal/atomicfile"
	"taizhang/internal/collect"
	"taizhang/internal/intake"
	"taizhang/internal/mailnet"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
)

// FetchedDir is the workspace folder the messages taken from the mailbox are kept in, one
// folder per IMAP folder: mail/INBOX/1700000000-42-jfj@cbs.gov.cn.eml (UIDVALIDITY-UID-sender).
const FetchedDir = "mail"

// fetchBytes is how many bytes of messages one round of fetching holds at most.
const fetchBytes = 64 << 20

// FetchOptions say what to fetch and how to collect it.
type FetchOptions struct {
	Config   mailnet.Config
	Password string
	Period   period.Period // the period collected, as for collect
	MoveTo   string        // move the messages collected to this folder; "" leaves them
	Now      time.Time
	Progress func(done, total int) // collecting progress; may be nil
}

// FetchResult is what a fetch did.
type FetchResult struct {
	Taken    []store.Fetched // the messages taken from the mailbox now
	Again    int             // of them, those already taken before the folder was re-created: not collected again
	TooLarge []store.Fetched // taken now but over the size limit: not downloaded
	Summary  *collect.Summary
	Moved    int
	MoveErr  error // the first message that could not be moved (they stay where they are)
	// Lost are messages taken before whose saved file is gone from the workspace and that
	// the mailbox no longer has either: they cannot be collected (the office is told).
	Lost []store.Fetched
}

// Fetch takes the new messages from the office's mailbox and collects them as collect does
// with .eml files. Each message is saved under the workspace (FetchedDir) before the folder's
// state moves past it, in one transaction with its note, so a stopped run loses nothing;
// messages saved and not yet collected (a run stopped before) are collected first. Messages
// stay unread in the mailbox; with MoveTo those collected are moved there.
func Fetch(ctx context.Context, w *store.Workspace, p *plan.Plan, opts FetchOptions) (*FetchResult, error) {
	folder := opts.Config.Folder
	if folder == "" {
		folder = mailnet.DefaultFolder
	}
	res := &FetchResult{}
	if opts.Config.MaxFetchBytes == 0 {
		// memory is bounded by design: at most this many bytes of messages are held at once
		// (each batch is saved before the next is read), as collect bounds its look-ahead
		opts.Config.MaxFetchBytes = fetchBytes
	}
	mb, err := mailnet.Open(ctx, opts.Config, opts.Password)
	if err != nil {
		return res, err
	}
	defer mb.Close()
	if err := take(ctx, w, mb, folder, opts.Now, res); err != nil {
		return res, err
	}

	todo, err := w.Uncollected(folder)
	if err != nil {
		return res, err
	}
	if todo, err = restore(ctx, w, mb, todo, res); err != nil {
		return res, err
	}
	if len(todo) > 0 {
		paths := make([]string, len(todo))
		received := map[string]time.Time{}
		for i, f := range todo {
			paths[i] = filepath.Join(w.Dir, f.File)
			received[intake.Canonical(paths[i])] = f.ReceivedAt
		}
		sum, err := collect.Run(ctx, w, p, collect.Options{Paths: paths, Period: opts.Period, Now: opts.Now,
			Received: received, Progress: opts.Progress})
		res.Summary = sum
		if err != nil {
			return res, err
		}
		if err := w.MarkCollected(todo); err != nil {
			return res, err
		}
	} else {
		res.Summary = &collect.Summary{}
	}
	// a lost message is told once: its note stays, with nothing more to do
	if err := w.MarkCollected(res.Lost); err != nil {
		return res, err
	}

	if opts.MoveTo != "" && opts.MoveTo != folder {
		moving, err := w.Unmoved(folder)
		if err != nil {
			return res, err
		}
		for _, m := range moving {
			if err := mb.Move(ctx, m.UIDValidity, m.UID, opts.MoveTo); err != nil {
				if ctx.Err() != nil {
					return res, ctx.Err()
				}
				res.MoveErr = err
				break
			}
			if err := w.MarkMoved(m, opts.MoveTo); err != nil {
				return res, err
			}
			res.Moved++
		}
	}
	return res, nil
}

// take saves the folder's new messages under the workspace, batch by batch, each batch on
// disk before its note and the folder's new state are committed.
func take(ctx context.Context, w *store.Workspace, mb *mailnet.Mailbox, folder string, now time.Time, res *FetchResult) error {
	st, err := w.FolderState(folder)
	if err != nil {
		return err
	}
	dir := filepath.Join(w.Dir, FetchedDir, safeName(folder))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for {
		msgs, next, ferr := mb.Fetch(ctx, mailnet.State{UIDValidity: st.UIDValidity, LastUID: st.LastUID})
		var rows []store.Fetched
		var batch atomicfile.Batch
		for _, m := range msgs {
			f := store.Fetched{Folder: folder, UIDValidity: next.UIDValidity, UID: m.UID, Size: m.Size,
				ReceivedAt: m.InternalDate, FetchedAt: now, TooLarge: m.TooLarge}
			if f.ReceivedAt.IsZero() || f.ReceivedAt.After(now) {
				f.ReceivedAt = now
			}
			if m.TooLarge {
				res.TooLarge = append(res.TooLarge, f)
			} else {
				sum := sha256.Sum256(m.Raw)
				f.Digest = hex.EncodeToString(sum[:])
				seen, err := w.FetchedBefore(folder, f.Digest)
				if err != nil {
					return err
				}
				name := fmt.Sprintf("%d-%d%s.eml", f.UIDValidity, f.UID, senderPart(m.Raw))
				f.File = filepath.Join(FetchedDir, safeName(folder), name)
				if seen {
					// the same message, taken before the folder changed: noted, with no file,
					// nothing to collect
					f.File, f.Digest = "", ""
					res.Again++
				} else if err := batch.WriteBytes(filepath.Join(w.Dir, f.File), 0o600, m.Raw); err != nil {
					return err
				}
			}
			rows = append(rows, f)
			res.Taken = append(res.Taken, f)
		}
		if err := batch.Sync(); err != nil {
			return err
		}
		if len(rows) > 0 || next != (mailnet.State{UIDValidity: st.UIDValidity, LastUID: st.LastUID}) {
			st = store.FolderState{UIDValidity: next.UIDValidity, LastUID: next.LastUID}
			if err := w.RecordFetched(folder, st, rows); err != nil {
				return err
			}
		}
		if ferr != nil {
			return ferr
		}
		if len(msgs) == 0 {
			return nil
		}
	}
}

// safeName makes an IMAP folder's name a file name.
func safeName(folder string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, folder)
}

// restore takes again from the mailbox the messages saved before and not yet collected whose
// file is gone from the workspace (removed by hand): what cannot be taken again is Lost, the
// rest is returned to be collected.
func restore(ctx context.Context, w *store.Workspace, mb *mailnet.Mailbox, todo []store.Fetched, res *FetchResult) ([]store.Fetched, error) {
	var keep []store.Fetched
	for _, f := range todo {
		path := filepath.Join(w.Dir, f.File)
		if _, err := os.Stat(path); err == nil {
			keep = append(keep, f)
			continue
		}
		if f.UIDValidity != mb.UIDValidity() || f.UID == 0 {
			res.Lost = append(res.Lost, f)
			continue
		}
		msgs, _, err := mb.Fetch(ctx, mailnet.State{UIDValidity: f.UIDValidity, LastUID: f.UID - 1})
		if err != nil {
			return nil, err
		}
		if len(msgs) == 0 || msgs[0].UID != f.UID || msgs[0].Raw == nil {
			res.Lost = append(res.Lost, f)
			continue
		}
		if err := atomicfile.WriteBytes(path, 0o600, msgs[0].Raw); err != nil {
			return nil, err
		}
		keep = append(keep, f)
	}
	return keep, nil
}

// senderPart names a saved message by its sender's address, for the office reading the list of
// what was collected: "-jfj@cbs.gov.cn", only letters, digits and @._- kept, at most 64; ""
// when the message has no readable From.
func senderPart(raw []byte) string {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return ""
	}
	a, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, r := range a.Address {
		if b.Len() >= 64 {
			break
		}
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("@._-", r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "-" + b.String()
}
