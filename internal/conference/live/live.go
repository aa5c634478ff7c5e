// Package live pushes slot changes to the pages that watch a
// conference window, so a family's booking page updates as others book.
//
// A change is announced by the code that makes it (booking, slots), inside
// its transaction, through the Notifier the server puts on the context:
// Local publishes to this process's Broker once the transaction commits
// (SQLite, where there is one process); Postgres sends NOTIFY in the
// transaction, which PostgreSQL delivers on commit to every server process
// that LISTENs (Listen), and each republishes to its own Broker. Either way
// a rolled-back change is never announced. Subscribers (the slotsChanged
// subscription) read from the Broker.
package live

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"plp/ent"
	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// Channel is the PostgreSQL notification channel.
const Channel = "plp_slots"

// Change is a window some of whose slots changed (booked, freed, blocked,
// added or removed). A Resync change names no slots: changes of the window
// may have been missed (the LISTEN connection was re-established, or the
// subscriber fell behind), so its subscribers read the window anew.
type Change struct {
	WindowID pulid.ID   `json:"w"`
	SlotIDs  []pulid.ID `json:"s"`
	Resync   bool       `json:"-"`
}

// Broker fans changes out to the subscribers of each window, in-process.
type Broker struct {
	mu   sync.Mutex
	subs map[pulid.ID]map[chan Change]struct{}
}

// NewBroker returns a broker with no subscribers.
func NewBroker() *Broker { return &Broker{subs: map[pulid.ID]map[chan Change]struct{}{}} }

// Subscribe returns the changes of a window until ctx ends, when the
// channel is closed.
func (b *Broker) Subscribe(ctx context.Context, window pulid.ID) <-chan Change {
	ch := make(chan Change, 16)
	b.mu.Lock()
	if b.subs[window] == nil {
		b.subs[window] = map[chan Change]struct{}{}
	}
	b.subs[window][ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		delete(b.subs[window], ch)
		if len(b.subs[window]) == 0 {
			delete(b.subs, window)
		}
		b.mu.Unlock()
		close(ch)
	}()
	return ch
}

// Watching is how many subscribers watch the window now.
func (b *Broker) Watching(window pulid.ID) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[window])
}

// Publish sends a change to the window's subscribers. It never blocks:
// a subscriber that has fallen 16 changes behind gets, in place of all it
// has not read, one Resync, so it misses nothing without being told.
func (b *Broker) Publish(c Change) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[c.WindowID] {
		deliver(ch, c)
	}
}

// Resync tells every subscriber of every window to read its window anew:
// the changes announced while this process was not listening are lost.
func (b *Broker) Resync() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for window, subs := range b.subs {
		for ch := range subs {
			deliver(ch, Change{WindowID: window, Resync: true})
		}
	}
}

// deliver sends c to ch, or, when ch is full, replaces what ch holds with
// one Resync (a Resync covers every change before it). Only the broker
// sends on ch, under its lock, so the drained channel has room.
func deliver(ch chan Change, c Change) {
	select {
	case ch <- c:
		return
	default:
	}
drain:
	for {
		select {
		case <-ch:
		default:
			break drain
		}
	}
	ch <- Change{WindowID: c.WindowID, Resync: true}
}

// Notifier announces a change made in the caller's transaction: the slot
// hooks of the schemas (hook.AnnounceSlot) and booking announce through the
// one on the context. Local and Postgres implement it.
type Notifier = hook.SlotNotifier

// NewContext returns ctx whose changes go to n.
func NewContext(ctx context.Context, n Notifier) context.Context {
	return hook.WithSlotNotifier(ctx, n)
}

// Changed announces that slots of a window changed, through the context's
// notifier; with none (a command, a test of the domain alone) it does
// nothing.
func Changed(ctx context.Context, c *ent.Client, window pulid.ID, slots ...pulid.ID) error {
	return hook.SlotsChanged(ctx, c, window, slots...)
}

// Local publishes to a Broker once the transaction commits.
type Local struct{ Broker *Broker }

// SlotsChanged implements Notifier.
func (l Local) SlotsChanged(ctx context.Context, _ *ent.Client, window pulid.ID, slots []pulid.ID) error {
	change := Change{WindowID: window, SlotIDs: slots}
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		l.Broker.Publish(change)
		return nil
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			l.Broker.Publish(change)
			return nil
		})
	})
	return nil
}

// Postgres sends NOTIFY in the transaction: PostgreSQL delivers it on
// commit, to every process that listens.
type Postgres struct{}

// SlotsChanged implements Notifier.
func (Postgres) SlotsChanged(ctx context.Context, c *ent.Client, window pulid.ID, slots []pulid.ID) error {
	payload, err := json.Marshal(Change{WindowID: window, SlotIDs: slots})
	if err != nil {
		return fmt.Errorf("encode slot change: %w", err)
	}
	if _, err := c.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload)); err != nil {
		return fmt.Errorf("notify slot change: %w", err)
	}
	return nil
}

// Listen LISTENs on one connection of db and publishes every change to b,
// until ctx ends; it reconnects after an error, a second later. Each time
// it starts listening it tells every subscriber to read its window anew
// (Broker.Resync): a change committed while it was not listening was
// announced to no one here, and one read after LISTEN covers it.
func Listen(ctx context.Context, db *sql.DB, b *Broker, log *slog.Logger) {
	for ctx.Err() == nil {
		err := listenOnce(ctx, db, b)
		if ctx.Err() != nil {
			return
		}
		log.WarnContext(ctx, "slot change listener stopped; reconnecting", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func listenOnce(ctx context.Context, db *sql.DB, b *Broker) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("take a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		pc := sc.Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+Channel); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		b.Resync()
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				return fmt.Errorf("wait for notification: %w", err)
			}
			var c Change
			if err := json.Unmarshal([]byte(n.Payload), &c); err == nil {
				b.Publish(c)
			}
		}
	})
}
