package live

import (
	"context"
	"fmt"
	"log/slog"

	"plp/ent"
	"plp/ent/conferencewindow"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
)

// Update is one change of a window as a subscriber sees it: every slot
// that changed, and those of them the subscriber may still read, as they
// are now. A Refetch update carries every slot of the window the
// subscriber may read, in place of what it had: changes may have been
// missed before it.
type Update struct {
	WindowID pulid.ID
	SlotIDs  []pulid.ID
	Slots    []*ent.Slot
	Refetch  bool
}

// Watch streams the changes of a window's slots to a subscriber until ctx
// ends. ctx carries the subscriber's viewer: the window must be one they
// may read (ent's NotFoundError otherwise), and each change is read back
// under their privacy rules, one query per change.
func Watch(ctx context.Context, c *ent.Client, b *Broker, windowID pulid.ID) (<-chan Update, error) {
	if _, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(windowID)).OnlyID(ctx); err != nil {
		return nil, err
	}
	changes := b.Subscribe(ctx, windowID)
	out := make(chan Update, 1)
	go func() {
		defer close(out)
		for change := range changes {
			which := slot.IDIn(change.SlotIDs...)
			if change.Resync {
				which = slot.WindowID(windowID)
			}
			slots, err := c.Slot.Query().Where(which).Order(ent.Asc(slot.FieldStartsAt)).All(ctx)
			if err != nil {
				if ctx.Err() == nil {
					slog.WarnContext(ctx, "read changed slots for a subscriber", "window", windowID, "err", fmt.Errorf("read slots: %w", err))
				}
				continue
			}
			u := Update{WindowID: change.WindowID, SlotIDs: change.SlotIDs, Slots: slots, Refetch: change.Resync}
			if change.Resync {
				u.SlotIDs = make([]pulid.ID, len(slots))
				for i, s := range slots {
					u.SlotIDs[i] = s.ID
				}
			}
			select {
			case out <- u:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
