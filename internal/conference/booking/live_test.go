package booking_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"plp/ent/schema/pulid"
	"plp/internal/conference/booking"
	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
)

const watchSlots = `subscription($w: ID!) { slotsChanged(windowId: $w) { windowId slotIds refetch slots { id booked blocked } } }`

// wsMessage is a graphql-transport-ws message.
type wsMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

type slotsChanged struct {
	WindowID string
	SlotIDs  []string
	Refetch  bool
	Slots    []struct {
		ID      string
		Booked  int
		Blocked bool
	}
}

// subscribe opens a websocket to s as the client's account and subscribes
// to a window's slot changes; it returns the connection, acknowledged.
func subscribe(t *testing.T, s *apitest.Server, c *apitest.Client, window string) (context.Context, *websocket.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	conn, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + c.Token}}); err != nil {
		t.Fatal(err)
	}
	var ack wsMessage
	if err := wsjson.Read(ctx, conn, &ack); err != nil || ack.Type != "connection_ack" {
		t.Fatalf("after init: %+v, %v; want connection_ack", ack, err)
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe",
		"payload": map[string]any{"query": watchSlots, "variables": map[string]any{"w": window}}}); err != nil {
		t.Fatal(err)
	}
	// The subscription is registered when the server has read the message;
	// a ping round trip after it shows the server got that far.
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "ping"}); err != nil {
		t.Fatal(err)
	}
	return ctx, conn
}

// next reads the subscription's next event, skipping pongs.
func next(t *testing.T, ctx context.Context, conn *websocket.Conn) (slotsChanged, []apitest.Error) {
	t.Helper()
	for {
		var msg wsMessage
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			t.Fatalf("read subscription: %v", err)
		}
		switch msg.Type {
		case "pong", "ping":
			continue
		case "error":
			var errs []apitest.Error
			_ = json.Unmarshal(msg.Payload, &errs)
			return slotsChanged{}, errs
		case "next":
			var body struct {
				Data   struct{ SlotsChanged slotsChanged }
				Errors []apitest.Error
			}
			if err := json.Unmarshal(msg.Payload, &body); err != nil {
				t.Fatalf("decode %s: %v", msg.Payload, err)
			}
			return body.Data.SlotsChanged, body.Errors
		default:
			t.Fatalf("unexpected message %+v", msg)
		}
	}
}

// TestSlotsChangedPushesBookings: a family watching a window is told when
// another booking takes a slot, when a slot is blocked, and when a cancel
// frees it; someone of another school may not watch the window.
func TestSlotsChangedPushesBookings(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	ctx, conn := subscribe(t, b.s, b.s.As(t, b.Home.Family), b.window)
	waitPong(t, b.s, b.window, ctx, conn)

	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	ev, errs := next(t, ctx, conn)
	if len(errs) > 0 || ev.WindowID != b.window || !slices.Equal(ev.SlotIDs, []string{b.slots[0].ID}) ||
		len(ev.Slots) != 1 || ev.Slots[0].Booked != 1 {
		t.Fatalf("after booking: %+v %v; want slot %s with 1 seat booked", ev, errs, b.slots[0].ID)
	}

	b.advisor.MustDo(t, blockSlot, map[string]any{"id": b.slots[1].ID, "b": true}, nil)
	if ev, _ = next(t, ctx, conn); len(ev.Slots) != 1 || ev.Slots[0].ID != b.slots[1].ID || !ev.Slots[0].Blocked {
		t.Fatalf("after blocking: %+v; want slot %s blocked", ev, b.slots[1].ID)
	}

	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}}, nil)
	if ev, _ = next(t, ctx, conn); len(ev.Slots) != 1 || ev.Slots[0].ID != b.slots[0].ID || ev.Slots[0].Booked != 0 {
		t.Fatalf("after cancelling: %+v; want slot %s free again", ev, b.slots[0].ID)
	}

	// A refused booking changes nothing and announces nothing: the next
	// event is the one after it.
	b.s.As(t, b.Other.Family).MustFail(t, "NOT_FOUND", book, map[string]any{"in": map[string]any{"slotID": b.slots[2].ID, "studentID": b.Home.Student.ID}})
	b.book(t, b.fa, b.Home.Student.ID, b.slots[3].ID, nil)
	if ev, _ = next(t, ctx, conn); !slices.Equal(ev.SlotIDs, []string{b.slots[3].ID}) {
		t.Fatalf("after a refused booking and a good one: %+v; want only slot %s", ev, b.slots[3].ID)
	}

	octx, other := subscribe(t, b.s, b.s.As(t, b.Other.Family), b.window)
	if _, errs := next(t, octx, other); len(errs) == 0 || errs[0].Code() != "NOT_FOUND" {
		t.Fatalf("another school's family watching: %v; want NOT_FOUND", errs)
	}
}

// TestSlotsChangedByJobs: a change a scheduled job makes reaches the
// watching families too: the waitlist-offers job, run as ` + "`plp serve`" + ` runs it
// (through the server's notifier), lets an offer expire and frees its slot.
func TestSlotsChangedByJobs(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	waiting, _, kid := b.family(t, "waiting")
	waiting.MustDo(t, join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": kid}}, nil)
	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}}, nil) // offered to "waiting"

	at(b.s, b.s.Clock.Now().Add(booking.OfferHold+time.Minute))
	ctx, conn := subscribe(t, b.s, b.s.As(t, b.Home.Family), b.window)
	waitPong(t, b.s, b.window, ctx, conn)
	job, _ := jobs.Find("waitlist-offers")
	summary, err := jobs.RunOnce(context.Background(), jobs.Env{Client: b.s.DB.Client, Now: b.s.Clock.Now, SlotChanges: b.s.SlotChanges}, job, false)
	if err != nil || !strings.HasPrefix(summary, "1 ") {
		t.Fatalf("waitlist-offers: %q, %v; want one offer expired", summary, err)
	}
	ev, errs := next(t, ctx, conn)
	if len(errs) > 0 || !slices.Equal(ev.SlotIDs, []string{b.slots[0].ID}) || len(ev.Slots) != 1 || ev.Slots[0].Booked != 0 {
		t.Fatalf("after the offer expired: %+v %v; want slot %s announced, free", ev, errs, b.slots[0].ID)
	}
}

// TestSlotsChangedAcrossServers: on PostgreSQL a booking made through one
// server process reaches a family watching through another (LISTEN/NOTIFY).
func TestSlotsChangedAcrossServers(t *testing.T) {
	t.Parallel()
	if apitest.Dialect() != "postgres" {
		t.Skip("SQLite runs one server process; across processes is PostgreSQL's LISTEN/NOTIFY")
	}
	b := newBookingWorld(t)
	when := time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC)
	b.at(t, when)
	second := apitest.NewServerOn(t, b.s.DB)
	at(second, when)
	ctx, conn := subscribe(t, second, second.As(t, b.Home.Family), b.window)
	waitPong(t, second, b.window, ctx, conn)

	b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)
	ev, errs := next(t, ctx, conn)
	if len(errs) > 0 || !slices.Equal(ev.SlotIDs, []string{b.slots[0].ID}) || len(ev.Slots) != 1 || ev.Slots[0].Booked != 1 {
		t.Fatalf("on the second server: %+v %v; want slot %s booked", ev, errs, b.slots[0].ID)
	}
}

// TestSlotsChangedAfterListenerReconnects: while a server's LISTEN
// connection is down (terminated from the database's side) a booking made
// through another server is announced to no one there; once the listener
// is back, the family watching through that server gets the window as it
// is now, marked refetch, so the booking is not lost in silence.
func TestSlotsChangedAfterListenerReconnects(t *testing.T) {
	t.Parallel()
	if apitest.Dialect() != "postgres" {
		t.Skip("SQLite runs one server process and no LISTEN connection; a subscriber that falls behind is TestSubscriberThatFallsBehindIsTold in live")
	}
	b := newBookingWorld(t)
	when := time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC)
	b.at(t, when)
	second := apitest.NewServerOn(t, b.s.DB)
	at(second, when)
	ctx, conn := subscribe(t, second, second.As(t, b.Home.Family), b.window)
	waitPong(t, second, b.window, ctx, conn)

	// Every LISTEN connection of this test's database goes; each server's
	// listener waits a second before it reconnects.
	var ended int
	if err := b.s.DB.SQL.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`).Scan(&ended); err != nil {
		t.Fatal(err)
	}
	if ended == 0 {
		t.Fatal("no LISTEN connection to terminate: the test would prove nothing")
	}
	b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)

	ev, errs := next(t, ctx, conn)
	if len(errs) > 0 || !ev.Refetch || len(ev.Slots) != len(b.slots) {
		t.Fatalf("after the listener came back: %+v %v; want refetch with all %d slots", ev, errs, len(b.slots))
	}
	for _, s := range ev.Slots {
		if want := map[bool]int{true: 1, false: 0}[s.ID == b.slots[0].ID]; s.Booked != want {
			t.Errorf("slot %s after refetch has %d booked, want %d", s.ID, s.Booked, want)
		}
	}
}

// waitPong waits for the pong that follows the subscribe message, then for
// the subscription to watch the window on s (gqlgen runs the subscription's
// resolver in a goroutine of its own, which may start after the pong), so
// the subscription is in place before the test changes anything.
func waitPong(t *testing.T, s *apitest.Server, window string, ctx context.Context, conn *websocket.Conn) {
	t.Helper()
	var msg wsMessage
	if err := wsjson.Read(ctx, conn, &msg); err != nil || msg.Type != "pong" {
		t.Fatalf("waiting for pong: %+v %v", msg, err)
	}
	for s.Slots.Watching(pulid.ID(window)) == 0 {
		if ctx.Err() != nil {
			t.Fatalf("the subscription never watched window %s", window)
		}
		time.Sleep(time.Millisecond)
	}
}
