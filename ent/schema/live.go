package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "plp/ent"
	"plp/ent/hook"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/conference/live"
	"plp/internal/platform/viewer"
)

// announceSlot tells the subscribers of a window (package availability)
// that one of its slots was added, changed or removed, on every path that
// writes a slot by itself: generateSlots, blockSlot, removeSlot, createSlot,
// updateSlot. Seats are counted by bulk updates inside a booking's
// transaction; package booking announces those with the booking.
func announceSlot() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.SlotFunc(func(ctx context.Context, m *gen.SlotMutation) (ent.Value, error) {
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
			return v, live.Changed(ctx, m.Client(), window, id)
		})
	}, ent.OpCreate|ent.OpUpdateOne|ent.OpDeleteOne)
}
