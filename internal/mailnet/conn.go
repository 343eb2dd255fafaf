package mailnet

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"sync"
	"time"
)

// conn is a network connection whose deadlines never go past the current call's: the mail
// libraries set their own (30 s, 5 min…) and clear them, conn keeps each within the
// context's deadline, or within Timeout of now when the context has none. It also keeps the
// first line the server sent (the greeting), which tells Coremail servers apart.
type conn struct {
	net.Conn
	timeout time.Duration

	mu       sync.Mutex
	limit    time.Time // the current call's deadline; zero: none but timeout
	greeting []byte
	greeted  bool
}

// maxGreeting bounds the greeting kept: it is only looked at for a product name.
const maxGreeting = 512

func (c *conn) bound(t time.Time) time.Time {
	c.mu.Lock()
	limit := c.limit
	c.mu.Unlock()
	if limit.IsZero() {
		limit = time.Now().Add(c.timeout)
		if !t.IsZero() && t.After(time.Now()) {
			// The library asked for a longer wait than Timeout (a large literal): allow it,
			// the context still bounds the call.
			return t
		}
	}
	if t.IsZero() || t.After(limit) {
		return limit
	}
	return t
}

func (c *conn) SetDeadline(t time.Time) error      { return c.Conn.SetDeadline(c.bound(t)) }
func (c *conn) SetReadDeadline(t time.Time) error  { return c.Conn.SetReadDeadline(c.bound(t)) }
func (c *conn) SetWriteDeadline(t time.Time) error { return c.Conn.SetWriteDeadline(c.bound(t)) }

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if !c.greeted {
			rest := p[:n]
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				rest = rest[:i]
				c.greeted = true
			}
			rest = rest[:min(len(rest), maxGreeting-len(c.greeting))]
			c.greeting = append(c.greeting, rest...)
			if len(c.greeting) >= maxGreeting {
				c.greeted = true
			}
		}
		c.mu.Unlock()
	}
	return n, err
}

func (c *conn) greetingLine() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(bytes.TrimRight(c.greeting, "\r\n"))
}

// enter starts a call under ctx: deadlines are bounded by ctx's, and cancelling ctx closes
// the connection (which makes any blocked read or write return at once). The returned
// function ends the call; it reports whether ctx closed the connection.
func (c *conn) enter(ctx context.Context) (leave func() bool) {
	d, _ := ctx.Deadline()
	c.mu.Lock()
	c.limit = d
	c.mu.Unlock()
	_ = c.Conn.SetDeadline(c.bound(time.Time{}))
	stop := context.AfterFunc(ctx, func() { c.Conn.Close() })
	return func() bool {
		closed := !stop()
		c.mu.Lock()
		c.limit = time.Time{}
		c.mu.Unlock()
		return closed
	}
}

// dial connects to addr within ctx and cfg.Timeout. For SecurityTLS the TLS handshake is
// done here; the returned *conn is the layer the protocol client reads the greeting through
// (above TLS when there is TLS from the start).
func dial(ctx context.Context, cfg Config, addr string) (net.Conn, *conn, error) {
	d := net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Security != SecurityTLS {
		c := &conn{Conn: raw, timeout: cfg.Timeout}
		return c, c, nil
	}
	under := &conn{Conn: raw, timeout: cfg.Timeout}
	leave := under.enter(ctx)
	tc := tls.Client(under, cfg.tlsConfig(addr))
	err = tc.HandshakeContext(ctx)
	leave()
	if err != nil {
		raw.Close()
		return nil, nil, err
	}
	c := &conn{Conn: tc, timeout: cfg.Timeout}
	return c, c, nil
}
