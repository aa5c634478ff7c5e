// Package slots cuts a conference window's bookable slots from each host's
// availability, and lets hosts and admins block and remove them.
//
// Availability is given in the school's local time: a date and one or more
// ranges of that day ("15:00" to "18:00"). Each range is resolved to instants
// in the school's time zone once, at its start and end, and then cut in
// absolute time (slot length, then buffer). On the day clocks fall back or
// spring forward a range therefore holds exactly the slots its real length
// allows: no wall-clock time is skipped into a lost slot or repeated into a
// doubled one, and ranges on days either side of the change keep their
// local times.
//
// Who may do what is the Slot privacy policy (a host their own slots, an
// admin any of the school's); the rules of slots themselves (not in the
// past, no overlap for one host, a booked slot kept) are the Slot hooks in
// ent/schema/hook/seats.go, so createSlot and updateSlot obey them too.
package slots

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/conferencewindow"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/ent/slot"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// MaxSlots is the most slots one generation creates.
const MaxSlots = 500

// Range is a host's availability on one day, in the school's local time.
type Range struct {
	// Date is the day, as YYYY-MM-DD.
	Date string
	// From and To are times of day as HH:MM; To is after From.
	From, To string
}

// GenerateInput is a host's availability in a window and how to cut it.
type GenerateInput struct {
	WindowID, HostID pulid.ID
	Ranges           []Range
	// SlotMinutes and BufferMinutes default to the window's.
	SlotMinutes, BufferMinutes *int
	// Capacity defaults to 1.
	Capacity *int
	// Location and VideoURL default to the window's.
	Location, VideoURL  *string
	InterpreterLanguage *string
}

// span is one range resolved to instants.
type span struct {
	from, to time.Time
	index    int
}

// Generate creates the slots that fit in the ranges, in the caller's
// transaction. It returns NOT_FOUND for a window the viewer cannot see;
// BAD_USER_INPUT (field ranges) for a malformed date or time, a range that
// ends before it starts, ranges that overlap each other, or no slot at
// all; and the errors of the Slot rules: BAD_USER_INPUT (startsAt) for a
// slot in the past, CONFLICT for one that overlaps a slot the host already
// has, FORBIDDEN when the viewer may not keep the host's slots.
func Generate(ctx context.Context, c *ent.Client, in GenerateInput) ([]*ent.Slot, error) {
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(in.WindowID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference window %s: %w", in.WindowID, err)
	}
	loc, err := Location(ctx, c, w.SchoolID)
	if err != nil {
		return nil, err
	}
	length, buffer := w.SlotMinutes, w.BufferMinutes
	if in.SlotMinutes != nil {
		length = *in.SlotMinutes
	}
	if in.BufferMinutes != nil {
		buffer = *in.BufferMinutes
	}
	if length < 5 || length > 240 {
		return nil, apperr.Invalid("slotMinutes", "A slot is 5 to 240 minutes long.")
	}
	if buffer < 0 || buffer > 120 {
		return nil, apperr.Invalid("bufferMinutes", "The buffer between slots is 0 to 120 minutes.")
	}
	spans, err := resolve(in.Ranges, loc)
	if err != nil {
		return nil, err
	}
	var builders []*ent.SlotCreate
	for _, sp := range spans {
		for at := sp.from; !at.Add(time.Duration(length) * time.Minute).After(sp.to); at = at.Add(time.Duration(length+buffer) * time.Minute) {
			b := c.Slot.Create().
				SetWindowID(w.ID).
				SetHostID(in.HostID).
				SetStartsAt(at.UTC()).
				SetEndsAt(at.Add(time.Duration(length) * time.Minute).UTC()).
				SetNillableCapacity(in.Capacity).
				SetNillableInterpreterLanguage(in.InterpreterLanguage)
			if in.Location != nil {
				b.SetLocation(*in.Location)
			} else if w.Location != "" {
				b.SetLocation(w.Location)
			}
			if in.VideoURL != nil {
				b.SetVideoURL(*in.VideoURL)
			} else if w.VideoURL != "" {
				b.SetVideoURL(w.VideoURL)
			}
			builders = append(builders, b)
		}
	}
	if len(builders) == 0 {
		return nil, apperr.Invalid("ranges", "No slot of %d minutes fits in these ranges.", length)
	}
	if len(builders) > MaxSlots {
		return nil, apperr.Invalid("ranges", "These ranges make %d slots; at most %d at a time.", len(builders), MaxSlots)
	}
	created, err := c.Slot.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create %d slots: %w", len(builders), err)
	}
	return created, nil
}

// resolve parses ranges into instants of loc and refuses overlaps among
// them (the Slot hook checks against slots already stored).
func resolve(ranges []Range, loc *time.Location) ([]span, error) {
	if len(ranges) == 0 {
		return nil, apperr.Invalid("ranges", "Give at least one range of availability.")
	}
	spans := make([]span, 0, len(ranges))
	for i, r := range ranges {
		day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(r.Date), loc)
		if err != nil {
			return nil, apperr.Invalid("ranges", "Range %d: date %q is not a date like 2026-11-02.", i+1, r.Date)
		}
		from, err := atClock(day, r.From, loc)
		if err != nil {
			return nil, apperr.Invalid("ranges", "Range %d: from %q is not a time like 15:00.", i+1, r.From)
		}
		to, err := atClock(day, r.To, loc)
		if err != nil {
			return nil, apperr.Invalid("ranges", "Range %d: to %q is not a time like 18:00.", i+1, r.To)
		}
		if !to.After(from) {
			return nil, apperr.Invalid("ranges", "Range %d on %s ends at %s, before it starts at %s.", i+1, r.Date, r.To, r.From)
		}
		spans = append(spans, span{from: from, to: to, index: i + 1})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	for i := 1; i < len(spans); i++ {
		if spans[i].from.Before(spans[i-1].to) {
			return nil, apperr.Invalid("ranges", "Ranges %d and %d overlap.", spans[i-1].index, spans[i].index)
		}
	}
	return spans, nil
}

// atClock is the instant of day at the wall-clock time hh:mm in loc. A time
// that does not exist (in a spring-forward gap) is taken as Go does, after
// the gap; one that exists twice (falling back) is its first occurrence.
func atClock(day time.Time, hhmm string, loc *time.Location) (time.Time, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(hhmm))
	if err != nil {
		return time.Time{}, err
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), 0, 0, loc), nil
}

// Location is the school's time zone.
func Location(ctx context.Context, c *ent.Client, schoolID pulid.ID) (*time.Location, error) {
	tz, err := c.School.Query().Where(school.ID(schoolID)).Select(school.FieldTimezone).String(ctx)
	if err != nil {
		return nil, fmt.Errorf("load school %s time zone: %w", schoolID, err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("school %s time zone %q: %w", schoolID, tz, err)
	}
	return loc, nil
}

// Block blocks or unblocks a slot: a blocked slot takes no new booking; the
// bookings it has stay.
func Block(ctx context.Context, c *ent.Client, id pulid.ID, blocked bool) (*ent.Slot, error) {
	s, err := c.Slot.UpdateOneID(id).SetBlocked(blocked).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("block slot %s: %w", id, err)
	}
	return s, nil
}

// Remove deletes a slot nobody has booked. A slot with an active booking
// is refused (CONFLICT: move or cancel it first, which tells the family);
// a slot that only has cancelled conferences keeps their history and is
// blocked instead, and returned.
func Remove(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Slot, error) {
	s, err := c.Slot.Query().Where(slot.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load slot %s: %w", id, err)
	}
	if s.Booked > 0 {
		return nil, apperr.New(apperr.Conflict, "This slot has a booking: move or cancel the conference first, so the family is told.")
	}
	// As the system: the host may not see every family's conference.
	past, err := c.Conference.Query().Where(conference.SlotID(id)).Exist(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("look for conferences in slot %s: %w", id, err)
	}
	if past {
		return Block(ctx, c, id, true)
	}
	if err := c.Slot.DeleteOneID(id).Exec(ctx); err != nil {
		return nil, fmt.Errorf("delete slot %s: %w", id, err)
	}
	return nil, nil
}
