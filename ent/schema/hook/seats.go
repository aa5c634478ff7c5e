package hook

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "plp/ent"
	"plp/ent/account"
	"plp/ent/conference"
	enthook "plp/ent/hook"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Booking's database rules live here, as hooks, so that every path to a
// conference (bookConference, a move, a cancel, a job, the demo seed, a
// student's records deleted) keeps a slot's seat count true.
//
// A slot's booked column counts its active conferences. Taking a seat is
// one conditional UPDATE, "booked = booked + 1 WHERE booked < capacity AND
// NOT blocked", checked by rows affected: on PostgreSQL the row lock makes
// a concurrent second update wait and re-read the row; on SQLite the one
// writer runs transactions one at a time (_txlock=immediate). Either way no
// slot passes its capacity, and the loser is told CONFLICT. A joint
// conference (siblings booked together, one joint_id) is one seat: its
// first member in a slot takes the seat, its last member out frees it.

// activeStatus are the statuses that hold a seat.
func activeStatus(s conference.Status) bool {
	return s == conference.StatusBooked || s == conference.StatusConfirmed
}

// Seats keeps slots.booked in step with active conferences.
func Seats() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return enthook.ConferenceFunc(func(ctx context.Context, m *gen.ConferenceMutation) (ent.Value, error) {
			switch {
			case m.Op().Is(ent.OpCreate):
				status, ok := m.Status()
				if !ok {
					status = conference.DefaultStatus
				}
				slotID, _ := m.SlotID()
				if activeStatus(status) {
					id, _ := m.ID()
					joint, _ := m.JointID()
					held, err := groupHolds(ctx, m.Client(), joint, id, slotID)
					if err != nil {
						return nil, err
					}
					if !held {
						if err := takeSeat(ctx, m.Client(), slotID); err != nil {
							return nil, err
						}
					}
				}
			case m.Op().Is(ent.OpUpdateOne):
				if err := moveSeat(ctx, m); err != nil {
					return nil, err
				}
			case m.Op().Is(ent.OpUpdate):
				if _, ok := m.Status(); ok {
					return nil, fmt.Errorf("conference status changes one conference at a time, so seats stay counted")
				}
				if _, ok := m.SlotID(); ok {
					return nil, fmt.Errorf("conference slot changes one conference at a time, so seats stay counted")
				}
			case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
				if err := releaseDeleted(ctx, m); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// moveSeat takes the new seat before it frees the old one, so a move to a
// full slot fails with the old booking untouched.
func moveSeat(ctx context.Context, m *gen.ConferenceMutation) error {
	newSlot, slotChanged := m.SlotID()
	newStatus, statusChanged := m.Status()
	if !slotChanged && !statusChanged {
		return nil
	}
	oldSlot, err := m.OldSlotID(ctx)
	if err != nil {
		return fmt.Errorf("read conference slot: %w", err)
	}
	oldStatus, err := m.OldStatus(ctx)
	if err != nil {
		return fmt.Errorf("read conference status: %w", err)
	}
	if !slotChanged {
		newSlot = oldSlot
	}
	if !statusChanged {
		newStatus = oldStatus
	}
	joint, err := m.OldJointID(ctx)
	if err != nil {
		return fmt.Errorf("read conference group: %w", err)
	}
	var group pulid.ID
	if joint != nil {
		group = *joint
	}
	id, _ := m.ID()
	wasActive, isActive := activeStatus(oldStatus), activeStatus(newStatus)
	if isActive && (!wasActive || newSlot != oldSlot) {
		held, err := groupHolds(ctx, m.Client(), group, id, newSlot)
		if err != nil {
			return err
		}
		if !held {
			if err := takeSeat(ctx, m.Client(), newSlot); err != nil {
				return err
			}
		}
	}
	if wasActive && (!isActive || newSlot != oldSlot) {
		held, err := groupHolds(ctx, m.Client(), group, id, oldSlot)
		if err != nil || held {
			return err
		}
		return releaseSeat(ctx, m.Client(), oldSlot, 1)
	}
	return nil
}

// groupHolds reports whether another active conference of the joint group
// is in the slot: a group takes one seat however many children it has, so
// its first member in a slot takes the seat and its last one out frees it.
// Always false for a conference of one student (no group).
func groupHolds(ctx context.Context, c *gen.Client, group, self, slotID pulid.ID) (bool, error) {
	if group == "" {
		return false, nil
	}
	ok, err := c.Conference.Query().Where(
		conference.JointID(group), conference.IDNEQ(self), conference.SlotID(slotID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
	).Exist(viewer.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("look for the joint conference %s in slot %s: %w", group, slotID, err)
	}
	return ok, nil
}

// releaseDeleted frees the seats of active conferences being deleted.
func releaseDeleted(ctx context.Context, m *gen.ConferenceMutation) error {
	ids, err := m.IDs(ctx)
	if err != nil {
		return fmt.Errorf("find conferences to delete: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	sys := viewer.SystemContext(ctx)
	active := conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)
	gone, err := m.Client().Conference.Query().Where(conference.IDIn(ids...), active).
		Select(conference.FieldSlotID, conference.FieldJointID).All(sys)
	if err != nil {
		return fmt.Errorf("find seats of deleted conferences: %w", err)
	}
	// A joint group holds one seat: it is freed once, and only when no
	// member of the group stays in the slot.
	type groupSlot struct{ group, slot pulid.ID }
	var groups []pulid.ID
	seen := map[groupSlot]bool{}
	for _, c := range gone {
		if c.JointID != nil && !seen[groupSlot{*c.JointID, c.SlotID}] {
			seen[groupSlot{*c.JointID, c.SlotID}] = true
			groups = append(groups, *c.JointID)
		}
	}
	stays := map[groupSlot]bool{}
	if len(groups) > 0 {
		left, err := m.Client().Conference.Query().Where(conference.JointIDIn(groups...), conference.IDNotIn(ids...), active).
			Select(conference.FieldSlotID, conference.FieldJointID).All(sys)
		if err != nil {
			return fmt.Errorf("find joint conferences that stay: %w", err)
		}
		for _, c := range left {
			stays[groupSlot{*c.JointID, c.SlotID}] = true
		}
	}
	freed := map[pulid.ID]int{}
	var order []pulid.ID
	for _, c := range gone {
		if c.JointID != nil {
			k := groupSlot{*c.JointID, c.SlotID}
			if stays[k] || !seen[k] {
				continue
			}
			seen[k] = false // count the group once
		}
		if freed[c.SlotID] == 0 {
			order = append(order, c.SlotID)
		}
		freed[c.SlotID]++
	}
	for _, id := range order {
		if err := releaseSeat(ctx, m.Client(), id, freed[id]); err != nil {
			return err
		}
	}
	return nil
}

// seatFree matches a slot with a seat left.
func seatFree() predicate.Slot {
	return func(s *sql.Selector) {
		s.Where(sql.ColumnsLT(s.C(slot.FieldBooked), s.C(slot.FieldCapacity)))
	}
}

// takeSeat counts one more conference in the slot, or answers CONFLICT
// when it is full or blocked. It runs as the system: the conference
// mutation that asks for it has passed its own policy.
func takeSeat(ctx context.Context, c *gen.Client, id pulid.ID) error {
	n, err := c.Slot.Update().
		Where(slot.ID(id), slot.Blocked(false), seatFree()).
		AddBooked(1).
		Save(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("take a seat in slot %s: %w", id, err)
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "That slot is no longer available: someone booked it a moment ago, or it was blocked. Choose another time.")
	}
	return nil
}

// releaseSeat counts n fewer conferences in the slot.
func releaseSeat(ctx context.Context, c *gen.Client, id pulid.ID, n int) error {
	_, err := c.Slot.Update().
		Where(slot.ID(id), slot.BookedGTE(n)).
		AddBooked(-n).
		Save(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("free a seat in slot %s: %w", id, err)
	}
	return nil
}

// SlotRules checks a slot's times and guards a booked slot: no slot starts
// in the past (the system may record past ones, e.g. the demo's history);
// no two slots of one host overlap; a slot with bookings keeps its time,
// host and enough seats, and is not deleted: its families must be moved or
// cancelled first, which tells them.
func SlotRules() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return enthook.SlotFunc(func(ctx context.Context, m *gen.SlotMutation) (ent.Value, error) {
			switch {
			case m.Op().Is(ent.OpCreate):
				if err := checkSlotTimes(ctx, m, ""); err != nil {
					return nil, err
				}
			case m.Op().Is(ent.OpUpdateOne):
				if err := checkSlotUpdate(ctx, m); err != nil {
					return nil, err
				}
			case m.Op().Is(ent.OpUpdate):
				_, s := m.StartsAt()
				_, e := m.EndsAt()
				_, h := m.HostID()
				_, c := m.Capacity()
				if s || e || h || c {
					return nil, fmt.Errorf("slot times, hosts and capacity change one slot at a time, so each is checked")
				}
			case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
				ids, err := m.IDs(ctx)
				if err != nil {
					return nil, fmt.Errorf("find slots to delete: %w", err)
				}
				booked, err := m.Client().Slot.Query().Where(slot.IDIn(ids...), slot.BookedGT(0)).Exist(viewer.SystemContext(ctx))
				if err != nil {
					return nil, fmt.Errorf("look for bookings in slots: %w", err)
				}
				if booked {
					return nil, bookedSlot()
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

func bookedSlot() error {
	return apperr.New(apperr.Conflict, "This slot has a booking: move or cancel the conference first, so the family is told.")
}

func checkSlotUpdate(ctx context.Context, m *gen.SlotMutation) error {
	_, s := m.StartsAt()
	_, e := m.EndsAt()
	_, h := m.HostID()
	capacity, c := m.Capacity()
	if !s && !e && !h && !c {
		return nil
	}
	id, _ := m.ID()
	booked, err := m.OldBooked(ctx)
	if err != nil {
		return fmt.Errorf("read slot %s: %w", id, err)
	}
	if booked > 0 && (s || e || h) {
		return bookedSlot()
	}
	if c && capacity < booked {
		return apperr.Invalid("capacity", "The slot has %d bookings: its capacity cannot be less.", booked)
	}
	if s || e || h {
		return checkSlotTimes(ctx, m, id)
	}
	return nil
}

// checkSlotTimes refuses a slot in the past and one that overlaps another
// slot of the same host.
func checkSlotTimes(ctx context.Context, m *gen.SlotMutation, self pulid.ID) error {
	starts, ok1 := timeOf(ctx, m, slot.FieldStartsAt)
	ends, ok2 := timeOf(ctx, m, slot.FieldEndsAt)
	host, ok3 := m.HostID()
	if !ok3 && self != "" {
		old, err := m.OldHostID(ctx)
		if err != nil {
			return fmt.Errorf("read slot host: %w", err)
		}
		host, ok3 = old, true
	}
	if !ok1 || !ok2 || !ok3 {
		return nil // required fields: ent reports the missing one
	}
	if !viewer.FromContext(ctx).IsSystem() && starts.Before(clock.Now(ctx)) {
		return apperr.Invalid("startsAt", "A slot cannot start in the past (%s).", starts.UTC().Format(time.RFC3339))
	}
	if err := lockHost(ctx, m.Client(), host); err != nil {
		return err
	}
	q := m.Client().Slot.Query().Where(slot.HostID(host), slot.StartsAtLT(ends), slot.EndsAtGT(starts))
	if self != "" {
		q.Where(slot.IDNEQ(self))
	}
	clash, err := q.First(viewer.SystemContext(ctx))
	if gen.IsNotFound(err) {
		if SlotOverlapChecked != nil {
			SlotOverlapChecked()
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("look for overlapping slots: %w", err)
	}
	return apperr.New(apperr.Conflict, "This host already has a slot from %s to %s that overlaps it.",
		clash.StartsAt.UTC().Format(time.RFC3339), clash.EndsAt.UTC().Format(time.RFC3339))
}

// SlotOverlapChecked, when set, runs after a new slot's overlap check found
// nothing and before the slot is written: a test (not run in parallel)
// widens there the window in which two creations for one host race.
var SlotOverlapChecked func()

// lockHost serializes the slot writes of one host until the transaction
// ends. The overlap check reads, then the slot is written: two creations
// for one host at once would each find no overlap and both insert. On
// PostgreSQL the host's account row is locked (SELECT ... FOR UPDATE), so
// the second waits for the first to commit and then sees its slot; SQLite's
// single writer already runs the two one after the other.
func lockHost(ctx context.Context, c *gen.Client, host pulid.ID) error {
	_, err := c.Account.Query().Where(account.ID(host)).Unique(false).
		Modify(func(s *sql.Selector) {
			s.Select(s.C(account.FieldID))
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate()
			}
		}).
		Strings(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("lock host %s: %w", host, err)
	}
	return nil
}
