package mailnet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// State is how far a folder has been read: the folder's UIDVALIDITY and the highest UID
// taken. Store it after each Fetch; the zero State means nothing was read yet.
type State struct {
	UIDValidity uint32
	LastUID     uint32
}

// Message is one message taken from the folder.
type Message struct {
	UID          uint32
	InternalDate time.Time // when the server received it
	Size         int64     // as the server reports it
	// Raw is the whole message (BODY[]) as stored. Nil when TooLarge.
	Raw []byte
	// TooLarge is set for a message over Config.MaxMessageBytes: it was not loaded (Raw is
	// nil), and State moves past it all the same, so tell the office.
	TooLarge bool
}

// Mailbox is a logged-in IMAP connection with the folder selected, for one sitting: open
// it, fetch, move what was taken, close it. Its methods must not be called concurrently.
type Mailbox struct {
	cfg      Config
	sec      secrets
	c        *imapclient.Client
	conn     *conn
	what     string
	validity uint32
	coremail bool
	idSent   bool
	// emptyAtSelect: the folder had no message when selected (the count the client keeps
	// afterwards follows EXPUNGE responses, which some servers get wrong).
	emptyAtSelect bool
}

// IMAP ID (RFC 2971) this client sends after login: 163/126/yeah.net and Coremail refuse
// SELECT ("Unsafe Login") from clients that do not say who they are.
var clientID = imap.IDData{Name: "taizhang", Version: "1", Vendor: "taizhang"}

// Open connects to cfg.IMAP, logs in with cfg.User and password, sends ID when the server
// supports it (or looks like Coremail) and selects cfg.Folder.
func Open(ctx context.Context, cfg Config, password string) (*Mailbox, error) {
	m, err := open(ctx, cfg, password)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// open is Open that also returns the closed mailbox on an error after connecting, for what
// was learnt about the server.
func open(ctx context.Context, cfg Config, password string) (*Mailbox, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.IMAP == "" {
		return nil, configError("没有设置 IMAP（收信）服务器")
	}
	m := &Mailbox{cfg: cfg, sec: newSecrets(cfg.User, password), what: "IMAP 服务器 " + cfg.IMAP}
	if err := m.login(ctx, password); err != nil {
		m.Close()
		return m, err
	}
	if err := m.selectFolder(ctx); err != nil {
		m.Close()
		return m, err
	}
	return m, nil
}

// do runs one exchange under ctx and classifies its error.
func (m *Mailbox) do(ctx context.Context, step string, f func() error) error {
	leave := m.conn.enter(ctx)
	err := f()
	leave()
	if err != nil {
		return m.fail(ctx, err, step)
	}
	return nil
}

func (m *Mailbox) fail(ctx context.Context, err error, step string) error {
	e := classify(ctx, err, m.sec, m.what, step)
	var me *Error
	if errors.As(e, &me) && me.Kind == KindAuth && m.coremail {
		me.Msg += "（这台服务器是 Coremail/网易邮箱：必须用授权码）"
	}
	return e
}

func (m *Mailbox) login(ctx context.Context, password string) error {
	nc, rec, err := dial(ctx, m.cfg, m.cfg.IMAP)
	if err != nil {
		return m.fail(ctx, err, "连接")
	}
	m.conn = rec
	opts := &imapclient.Options{TLSConfig: m.cfg.tlsConfig(m.cfg.IMAP)}
	err = m.do(ctx, "连接", func() error {
		if m.cfg.Security == SecurityStartTLS {
			c, err := imapclient.NewStartTLS(nc, opts)
			if err != nil {
				nc.Close()
				return err
			}
			m.c = c
		} else {
			m.c = imapclient.New(nc, opts)
		}
		return m.c.WaitGreeting()
	})
	if err != nil {
		if m.c == nil {
			nc.Close()
		}
		return err
	}
	m.coremail = isCoremail(m.cfg.IMAP, m.conn.greetingLine(), m.c.Caps())
	if m.c.State() == imap.ConnStateAuthenticated {
		return m.sendID(ctx) // PREAUTH
	}
	err = m.do(ctx, "登录", func() error {
		caps := m.c.Caps()
		if caps.Has(imap.CapLoginDisabled) && caps.Has(imap.AuthCap("PLAIN")) {
			return m.c.Authenticate(sasl.NewPlainClient("", m.cfg.User, password))
		}
		if caps.Has(imap.CapLoginDisabled) {
			return &Error{Kind: KindAuth, Msg: m.what + "：服务器在未加密时不允许登录。请用 tls（993）或 starttls（143）"}
		}
		return m.c.Login(m.cfg.User, password).Wait()
	})
	if err != nil {
		return err
	}
	// Capabilities may change after login: Caps asks again when the login response did not
	// carry them.
	m.coremail = m.coremail || isCoremail(m.cfg.IMAP, "", m.c.Caps())
	return m.sendID(ctx)
}

func (m *Mailbox) sendID(ctx context.Context) error {
	if !m.c.Caps().Has(imap.CapID) && !m.coremail {
		return nil
	}
	err := m.do(ctx, "发送 ID", func() error {
		_, err := m.c.ID(&clientID).Wait()
		return err
	})
	if err != nil && (IsKind(err, KindTimeout) || IsKind(err, KindCanceled)) {
		return err
	}
	m.idSent = err == nil
	return nil // a server that refuses ID may still work; SELECT tells
}

func (m *Mailbox) selectFolder(ctx context.Context) error {
	var data *imap.SelectData
	err := m.do(ctx, "打开文件夹", func() error {
		var err error
		data, err = m.c.Select(m.cfg.Folder, nil).Wait()
		return err
	})
	if err != nil {
		if IsKind(err, KindFolder) {
			err.(*Error).Msg = fmt.Sprintf("%s：文件夹“%s”不存在或无法打开，请核对文件夹名（收件箱是 INBOX）", m.what, m.cfg.Folder)
		}
		return err
	}
	if data.UIDValidity == 0 {
		return &Error{Kind: KindProtocol, Msg: m.what + "：服务器没有给出文件夹的 UIDVALIDITY，无法记录收取进度"}
	}
	m.validity = data.UIDValidity
	m.emptyAtSelect = data.NumMessages == 0
	return nil
}

// UIDValidity is the selected folder's UIDVALIDITY.
func (m *Mailbox) UIDValidity() uint32 { return m.validity }

// Close logs out and closes the connection. It is safe to call more than once.
func (m *Mailbox) Close() error {
	if m.c == nil {
		if m.conn != nil {
			m.conn.Close()
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	leave := m.conn.enter(ctx)
	_ = m.c.Logout().Wait() // the server may already have gone: nothing to do about it
	_ = m.c.Close()
	leave()
	m.c = nil
	return nil
}

// Fetch opens the mailbox, fetches the messages newer than since (see Mailbox.Fetch) and
// closes it.
func Fetch(ctx context.Context, cfg Config, password string, since State) ([]Message, State, error) {
	m, err := Open(ctx, cfg, password)
	if err != nil {
		return nil, since, err
	}
	defer m.Close()
	return m.Fetch(ctx, since)
}

// fetchBatch is how many messages one UID FETCH of bodies asks for.
const fetchBatch = 20

// Fetch returns the messages with a UID above since.LastUID, in UID order, each loaded
// with BODY.PEEK[] (the whole message; it stays unread), and the State to store.
//
// When since.UIDValidity is not the folder's (the folder was re-created, or since is the
// zero State), UIDs from before mean nothing: every message in the folder is returned and
// the State has the new UIDVALIDITY. The caller decides what to do with messages it may
// have taken before (compare Message-IDs, or ask the office).
//
// Messages over Config.MaxMessageBytes are returned with TooLarge and no Raw, without being
// loaded. One call loads at most Config.MaxFetchBytes; the State then stops at the last
// message loaded, and the next call goes on from there: call Fetch until it returns no
// message. Bodies are fetched 20 messages at a time; on an error the messages of the
// batches completed before it are returned with the State up to them, so progress is
// never lost.
func (m *Mailbox) Fetch(ctx context.Context, since State) ([]Message, State, error) {
	st := since
	first := since.LastUID + 1
	if since.UIDValidity != m.validity {
		st = State{UIDValidity: m.validity}
		first = 1
	}
	if first == 0 { // LastUID was the largest UID there is
		return nil, st, nil
	}
	if mb := m.c.Mailbox(); m.emptyAtSelect && mb != nil && mb.NumMessages == 0 {
		return nil, st, nil // some servers answer "UID FETCH 1:*" in an empty folder with BAD
	}

	// First what there is: UIDs, sizes and dates, without bodies.
	var metas []*imapclient.FetchMessageBuffer
	err := m.do(ctx, "读取邮件列表", func() error {
		var err error
		set := imap.UIDSet{imap.UIDRange{Start: imap.UID(first), Stop: 0}} // first:*
		metas, err = m.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true}).Collect()
		return err
	})
	if err != nil {
		return nil, since, err
	}
	// "n:*" includes the newest message even when its UID is below n.
	metas = slices.DeleteFunc(metas, func(b *imapclient.FetchMessageBuffer) bool { return uint32(b.UID) < first })
	slices.SortFunc(metas, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })

	var out []Message
	var loaded int64
	for i := 0; i < len(metas); {
		// One batch: up to fetchBatch messages, not past MaxFetchBytes (but at least one).
		var batch []Message
		var want imap.UIDSet
		for ; i < len(metas) && len(batch) < fetchBatch; i++ {
			b := metas[i]
			msg := Message{UID: uint32(b.UID), InternalDate: b.InternalDate, Size: b.RFC822Size}
			if b.RFC822Size > m.cfg.MaxMessageBytes {
				msg.TooLarge = true
			} else {
				if loaded > 0 && loaded+b.RFC822Size > m.cfg.MaxFetchBytes {
					break
				}
				loaded += b.RFC822Size
				want.AddNum(b.UID)
			}
			batch = append(batch, msg)
		}
		if len(batch) == 0 {
			break
		}
		if len(want) > 0 {
			if err := m.fetchBodies(ctx, want, batch); err != nil {
				return out, st, err
			}
		}
		for _, msg := range batch {
			if msg.Raw == nil && !msg.TooLarge {
				// Gone between the two fetches (expunged by another client): skip it.
				msg.Raw = nil
				st.LastUID = msg.UID
				continue
			}
			out = append(out, msg)
			st.LastUID = msg.UID
		}
		if i < len(metas) && loaded+metas[i].RFC822Size > m.cfg.MaxFetchBytes && metas[i].RFC822Size <= m.cfg.MaxMessageBytes {
			break
		}
	}
	return out, st, nil
}

// fetchBodies loads BODY.PEEK[] of the UIDs in want into the matching messages of batch,
// each read at most up to MaxMessageBytes (a server may report a smaller size than it
// sends: the rest is discarded and the message marked TooLarge).
func (m *Mailbox) fetchBodies(ctx context.Context, want imap.UIDSet, batch []Message) error {
	byUID := make(map[uint32]*Message, len(batch))
	for i := range batch {
		byUID[batch[i].UID] = &batch[i]
	}
	section := &imap.FetchItemBodySection{Peek: true} // BODY.PEEK[]: the whole message
	return m.do(ctx, "收取邮件", func() error {
		cmd := m.c.Fetch(want, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
		for {
			data := cmd.Next()
			if data == nil {
				break
			}
			var uid uint32
			var body []byte
			var tooLarge bool
			for {
				item := data.Next()
				if item == nil {
					break
				}
				switch it := item.(type) {
				case imapclient.FetchItemDataUID:
					uid = uint32(it.UID)
				case imapclient.FetchItemDataBodySection:
					if it.Literal == nil {
						continue
					}
					b, err := io.ReadAll(io.LimitReader(it.Literal, m.cfg.MaxMessageBytes+1))
					if err != nil {
						cmd.Close()
						return err
					}
					if int64(len(b)) > m.cfg.MaxMessageBytes {
						tooLarge, b = true, nil
						if _, err := io.Copy(io.Discard, it.Literal); err != nil {
							cmd.Close()
							return err
						}
					}
					body = b
				}
			}
			if msg := byUID[uid]; msg != nil {
				switch {
				case tooLarge:
					msg.TooLarge, msg.Raw = true, nil
				case body != nil:
					msg.Raw = body
				}
			}
		}
		return cmd.Close()
	})
}

// Move moves the message uid of the selected folder (as returned by Fetch with this
// mailbox's UIDVALIDITY) to folder, creating the folder when it is missing. It uses MOVE
// when the server has it; else COPY, STORE \Deleted and UID EXPUNGE of just that UID
// (UIDPLUS). Without UIDPLUS the copy is kept and the original only marked \Deleted,
// unless it is the folder's only deleted message: an EXPUNGE would remove others too.
func (m *Mailbox) Move(ctx context.Context, validity, uid uint32, folder string) error {
	if validity != m.validity {
		return &Error{Kind: KindChanged, Msg: fmt.Sprintf("%s：文件夹“%s”已被重建（UIDVALIDITY 由 %d 变为 %d），邮件编号已失效，没有移动", m.what, m.cfg.Folder, validity, m.validity)}
	}
	if folder == "" || strings.ContainsAny(folder, "\r\n\x00") {
		return configError("目标文件夹名为空或含有控制字符")
	}
	if err := m.ensureFolder(ctx, folder); err != nil {
		return err
	}
	set := imap.UIDSetNum(imap.UID(uid))
	caps := m.c.Caps()
	if caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2) {
		return m.do(ctx, "移动邮件", func() error {
			_, err := m.c.Move(set, folder).Wait()
			return err
		})
	}
	if err := m.do(ctx, "复制邮件", func() error {
		_, err := m.c.Copy(set, folder).Wait()
		return err
	}); err != nil {
		return err
	}
	if err := m.do(ctx, "标记删除", func() error {
		return m.c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	}); err != nil {
		return err
	}
	if caps.Has(imap.CapUIDPlus) {
		return m.do(ctx, "删除原邮件", func() error { return m.c.UIDExpunge(set).Close() })
	}
	var deleted *imap.SearchData
	if err := m.do(ctx, "查找已删除邮件", func() error {
		var err error
		deleted, err = m.c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
		return err
	}); err != nil {
		return err
	}
	if uids := deleted.AllUIDs(); len(uids) == 1 && uint32(uids[0]) == uid {
		return m.do(ctx, "删除原邮件", func() error { return m.c.Expunge().Close() })
	}
	return nil
}

// ensureFolder creates folder unless it exists.
func (m *Mailbox) ensureFolder(ctx context.Context, folder string) error {
	var list []*imap.ListData
	if err := m.do(ctx, "列出文件夹", func() error {
		var err error
		list, err = m.c.List("", folder, nil).Collect()
		return err
	}); err != nil {
		return err
	}
	for _, l := range list {
		if l.Mailbox == folder || strings.EqualFold(folder, "INBOX") && strings.EqualFold(l.Mailbox, "INBOX") {
			return nil
		}
	}
	err := m.do(ctx, "新建文件夹", func() error { return m.c.Create(folder, nil).Wait() })
	var ie *imap.Error
	if err != nil && errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists {
		return nil
	}
	if err != nil && IsKind(err, KindProtocol) {
		err.(*Error).Msg = fmt.Sprintf("%s：无法新建文件夹“%s”", m.what, folder)
	}
	return err
}
