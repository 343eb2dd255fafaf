package mailnet_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"taizhang/internal/compose"
	"taizhang/internal/mailbox"
	"taizhang/internal/mailnet"
	"taizhang/internal/mailtest"
)

// TestRealServers sends three messages with long Chinese attachment names through Postfix
// to two users and fetches them through Dovecot: the bytes arrive as built, the names read
// back exactly, the state moves on, and a move to a new folder works on a real server. Two
// copies run in parallel, each with its own servers, to show that ports and folders do not
// clash.
func TestRealServers(t *testing.T) {
	for i := range 2 {
		t.Run(fmt.Sprint("servers", i), func(t *testing.T) {
			t.Parallel()
			realServers(t)
		})
	}
}

func realServers(t *testing.T) {
	office := mailtest.User{Addr: "zgb@cbs.test", Password: "office-授权码-1"}
	units := []mailtest.User{{Addr: "jfj@cbs.test", Password: "unit-pw-1"}, {Addr: "jyj@cbs.test", Password: "unit-pw-2"}}
	srv := mailtest.Start(t, append([]mailtest.User{office}, units...)...)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg := mailnet.Config{SMTP: srv.SMTP, IMAP: srv.IMAP, User: office.Addr, From: office.Addr,
		Security: mailnet.SecurityStartTLS, RootCAs: srv.RootCAs}

	if r := mailnet.Check(ctx, cfg, office.Password); !r.OK() {
		t.Fatalf("check:\n%s\n%s", r, srv.Logs())
	}
	if r := mailnet.Check(ctx, cfg, "wrong"); r.OK() || !mailnet.IsKind(r.SMTP.Err, mailnet.KindAuth) || !mailnet.IsKind(r.IMAP.Err, mailnet.KindAuth) {
		t.Errorf("check with a wrong password:\n%s", r)
	}

	type sent struct {
		raw  []byte
		name string
		to   string
	}
	var all []sent
	for i := 1; i <= 3; i++ {
		to := units[i%2].Addr
		name := fmt.Sprintf("关于报送2024年第一季度巡视整改落实情况台账的通知附件%d：市经济发展局整改台账（修订稿）.xlsx", i)
		raw, err := compose.Build(compose.Message{
			From:        compose.Address{Name: "市整改办", Addr: office.Addr},
			To:          []compose.Address{{Name: "单位", Addr: to}},
			Subject:     fmt.Sprintf("请报送整改台账（第%d次）", i),
			Date:        time.Date(2024, 3, 4, 9, 30, i, 0, time.FixedZone("CST", 8*3600)),
			MessageID:   compose.StableID("cbs.test", t.Name(), fmt.Sprint(i)),
			Text:        "请于3月10日前报送。",
			Attachments: []compose.Attachment{{Name: name, Data: bytes.Repeat([]byte(fmt.Sprint(i)), 50000)}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := mailnet.Send(ctx, cfg, office.Password, raw, "", []string{to}); err != nil {
			t.Fatalf("send %d: %v\n%s", i, err, srv.Logs())
		}
		all = append(all, sent{raw, name, to})
	}
	// A wrong password is refused by Postfix (through Dovecot's SASL) with the 授权码 hint.
	if err := mailnet.Send(ctx, cfg, "wrong", all[0].raw, "", []string{units[0].Addr}); !mailnet.IsKind(err, mailnet.KindAuth) {
		t.Errorf("send with a wrong password: %v", err)
	}

	for ui, u := range units {
		var want []sent
		for _, s := range all {
			if s.to == u.Addr {
				want = append(want, s)
			}
		}
		if err := srv.Delivered(ctx, u.Addr, len(want)); err != nil {
			t.Fatalf("%v\n%s", err, srv.Logs())
		}
		ucfg := cfg
		ucfg.User = u.Addr
		msgs, st, err := mailnet.Fetch(ctx, ucfg, u.Password, mailnet.State{})
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != len(want) || st.LastUID != msgs[len(msgs)-1].UID || st.UIDValidity == 0 {
			t.Fatalf("%s: %d messages, state %+v", u.Addr, len(msgs), st)
		}
		for i, m := range msgs {
			// The servers add their trace fields above the message; the message itself is
			// the bytes that were built.
			if !bytes.HasSuffix(m.Raw, want[i].raw) {
				t.Errorf("%s message %d: the built bytes are not at the end of what was stored", u.Addr, i+1)
			}
			got, err := mailbox.ReadMessage(bytes.NewReader(m.Raw), mailbox.Limits{})
			if err != nil || len(got.Attachments) != 1 || got.Attachments[0].Name != want[i].name || got.From != office.Addr {
				t.Fatalf("%s message %d: %v %+v", u.Addr, i+1, err, got)
			}
		}
		again, st2, err := mailnet.Fetch(ctx, ucfg, u.Password, st)
		if err != nil || len(again) != 0 || st2 != st {
			t.Errorf("%s fetch again: %d, %+v, %v", u.Addr, len(again), st2, err)
		}
		if ui == 0 {
			m, err := mailnet.Open(ctx, ucfg, u.Password)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Move(ctx, st.UIDValidity, msgs[0].UID, "已收取"); err != nil {
				t.Errorf("move: %v", err)
			}
			left, _, err := m.Fetch(ctx, mailnet.State{})
			m.Close()
			if err != nil || len(left) != len(msgs)-1 {
				t.Errorf("after the move: %d messages, %v", len(left), err)
			}
			moved, _, err := mailnet.Fetch(ctx, mailnet.Config{IMAP: srv.IMAP, User: u.Addr, Security: mailnet.SecurityStartTLS,
				RootCAs: srv.RootCAs, Folder: "已收取"}, u.Password, mailnet.State{})
			if err != nil || len(moved) != 1 || !bytes.Equal(moved[0].Raw, msgs[0].Raw) {
				t.Errorf("the moved message: %d, %v", len(moved), err)
			}
		}
	}
	t.Logf("send, deliver, fetch and move took %v", time.Since(start).Round(time.Millisecond))
}
