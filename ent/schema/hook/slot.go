package hook

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "plp/ent"
	enthook "plp/ent/hook"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/platform/viewer"
)

// SlotNotifier announces, inside the caller's transaction, that slots of a
// conference window changed (booked, freed, blocked, added or removed), so
// that the pages watching the window update. internal/conference/live
// implements it; the server puts one on every request's context and jobs on
// theirs (live.NewContext).
type SlotNotifier interface {
	SlotsChanged(ctx context.Context, c *gen.Client, window pulid.ID, slots []pulid.ID) error
}

type slotNotifierKey struct{}

// WithSlotNotifier returns ctx whose slot changes go to n.
func WithSlotNotifier(ctx context.Context, n SlotNotifier) context.Context {
	return context.WithValue(ctx, slotNotifierKey{}, n)
}

// SlotsChanged announces that slots of a window changed, through the
// context's notifier; with none (a command, a test of the domain alone) it
// does nothing.
func SlotsChanged(ctx context.Context, c *gen.Client, window pulid.ID, slots ...pulid.ID) error {
	n, _ := ctx.Value(slotNotifierKey{}).(SlotNotifier)
	if n == nil || len(slots) == 0 {
		return nil
	}
	return n.SlotsChanged(ctx, c, window, slots)
}

// AnnounceSlot tells the subscribers of a window that one of its slots was
// added, changed or removed, on every path that writes a slot by itself:
// generateSlots, blockSlot, removeSlot, createSlot, updateSlot. Seats are
// counted by bulk updates inside a booking's transaction; package booking
// announces those with the booking.
func AnnounceSlot() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return enthook.SlotFunc(func(ctx context.Context, m *gen.SlotMutation) (ent.Value, error) {
			var window pulid.ID
			id, _ := m.ID()
			if m.Op().Is(ent.OpDeleteOne) {
				w, err := m.Client().Slot.Query().Where(slot.ID(id)).Select(slot.FieldWindowID).String(viewer.SystemContext(ctx))
				if err != nil {
					return nil, fmt.Errorf("read the window of slot %s: %w", id, err)
				}
				window = pulid.ID(w)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if s, ok := v.(*gen.Slot); ok {
				window, id = s.WindowID, s.ID
			}
			return v, SlotsChanged(ctx, m.Client(), window, id)
		})
	}, ent.OpCreate|ent.OpUpdateOne|ent.OpDeleteOne)
}
