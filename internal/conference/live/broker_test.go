package live

import (
	"context"
	"testing"

	"plp/ent/schema/pulid"
)

// TestSubscriberThatFallsBehindIsTold: a subscriber that has not read 16
// changes loses them, but in their place it reads one Resync, never
// silence; the changes after that come as they are.
func TestSubscriberThatFallsBehindIsTold(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := NewBroker()
	w := pulid.ID("cwn_1")
	ch := b.Subscribe(ctx, w)
	for i := range 20 {
		b.Publish(Change{WindowID: w, SlotIDs: []pulid.ID{pulid.ID("slt_" + string(rune('a'+i)))}})
	}
	got := <-ch
	if !got.Resync || got.WindowID != w {
		t.Fatalf("after 20 changes unread, the first read is %+v; want a Resync of %s", got, w)
	}
	for range 20 - 16 - 1 { // the changes after the one that found the buffer full
		if c := <-ch; c.Resync || len(c.SlotIDs) != 1 {
			t.Fatalf("after the Resync: %+v; want the later changes", c)
		}
	}
	select {
	case c := <-ch:
		t.Fatalf("the subscriber still reads %+v; the Resync covers the 17 before it", c)
	default:
	}
	b.Publish(Change{WindowID: w, SlotIDs: []pulid.ID{"slt_z"}})
	if got := <-ch; got.Resync || len(got.SlotIDs) != 1 {
		t.Fatalf("once caught up: %+v; want the change itself", got)
	}
}

// TestResyncReachesEveryWatchedWindow: when the process may have missed
// changes (its LISTEN connection came back), every subscriber of every
// window is told to read anew.
func TestResyncReachesEveryWatchedWindow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := NewBroker()
	a, c := b.Subscribe(ctx, "cwn_a"), b.Subscribe(ctx, "cwn_c")
	b.Resync()
	for _, ch := range []<-chan Change{a, c} {
		if got := <-ch; !got.Resync {
			t.Errorf("after Resync: %+v; want a Resync", got)
		}
	}
}
