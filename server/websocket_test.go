package server_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"plp/internal/devtools/apitest"
)

// TestWebsocketSignsInFromConnectionInit runs an operation over the
// graphql-transport-ws protocol on /query: the token travels in the
// connection_init payload, and a bad one closes the connection.
func TestWebsocketSignsInFromConnectionInit(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	token := s.As(t, w.Home.Advisor).Token
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	dial := func(authorization string) *websocket.Conn {
		conn, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { conn.CloseNow() })
		if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": authorization}}); err != nil {
			t.Fatalf("connection_init: %v", err)
		}
		return conn
	}
	type message struct {
		Type    string         `json:"type"`
		ID      string         `json:"id"`
		Payload map[string]any `json:"payload"`
	}

	conn := dial("Bearer " + token)
	var msg message
	if err := wsjson.Read(ctx, conn, &msg); err != nil || msg.Type != "connection_ack" {
		t.Fatalf("after init: %+v, %v; want connection_ack", msg, err)
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": "{ viewer { account { email } } }"}}); err != nil {
		t.Fatal(err)
	}
	if err := wsjson.Read(ctx, conn, &msg); err != nil || msg.Type != "next" {
		t.Fatalf("after subscribe: %+v, %v; want next", msg, err)
	}
	if got := msg.Payload["data"]; !strings.Contains(toString(got), w.Home.Advisor.Email) {
		t.Errorf("payload %v, want the advisor's email", msg.Payload)
	}

	bad := dial("Bearer plp_forged")
	err := wsjson.Read(ctx, bad, &msg)
	if err == nil && msg.Type == "connection_ack" {
		t.Fatalf("a forged token was acknowledged")
	}
}

// TestWebsocketCloseCodes: a refused connection_init closes with the
// graphql-transport-ws codes, never 1000 (a normal close): 4401 for a
// missing, malformed, forged or expired token, 4403 for a disabled account.
func TestWebsocketCloseCodes(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	advisor := s.As(t, w.Home.Advisor).Token
	family := s.As(t, w.Home.Family).Token
	s.DB.Client.Account.UpdateOneID(w.Home.Family.ID).SetDisabled(true).ExecX(s.System())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	closeCode := func(payload map[string]any) (websocket.StatusCode, string) {
		t.Helper()
		conn, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		defer conn.CloseNow()
		if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": payload}); err != nil {
			t.Fatalf("connection_init: %v", err)
		}
		for {
			var msg map[string]any
			if err := wsjson.Read(ctx, conn, &msg); err != nil {
				var ce websocket.CloseError
				if errors.As(err, &ce) {
					return ce.Code, ce.Reason
				}
				t.Fatalf("read: %v", err)
			}
			if msg["type"] == "connection_ack" {
				return 0, "acknowledged"
			}
		}
	}
	for _, c := range []struct {
		name    string
		payload map[string]any
		want    websocket.StatusCode
	}{
		{"no token", map[string]any{}, 4401},
		{"not bearer", map[string]any{"Authorization": "Basic abc"}, 4401},
		{"forged", map[string]any{"Authorization": "Bearer plp_forged"}, 4401},
		{"disabled account", map[string]any{"Authorization": "Bearer " + family}, 4403},
		{"valid", map[string]any{"Authorization": "Bearer " + advisor}, 0},
	} {
		code, reason := closeCode(c.payload)
		if code != c.want {
			t.Errorf("%s: closed with %d %q, want %d", c.name, code, reason, c.want)
		}
		if c.want != 0 && reason == "" {
			t.Errorf("%s: close without a reason", c.name)
		}
	}
	at := s.Clock.Now()
	s.Clock.Advance(400 * 24 * time.Hour)
	if code, reason := closeCode(map[string]any{"Authorization": "Bearer " + advisor}); code != 4401 {
		t.Errorf("expired token (from %s): closed with %d %q, want 4401", at, code, reason)
	}
}

func toString(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case string:
			b.WriteString(x + " ")
		}
	}
	walk(v)
	return b.String()
}
