package server_test

import (
	"context"
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
