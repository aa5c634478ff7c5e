package booking

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/conferencewindow"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/ent/waitlistentry"
	"plp/internal/conference/live"
	"plp/internal/conference/slots"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// OfferHold is how long an offered slot is held for the family on the
// waitlist; never past the window's cut-off before the slot starts.
const OfferHold = 12 * time.Hour

// JoinInput is a family's wish to be offered a time in a full window.
type JoinInput struct {
	WindowID, StudentID pulid.ID
	// Earliest and Latest bound the starts the family can take; nil is open.
	Earliest, Latest *time.Time
}

// Join puts the student on the window's waitlist. It returns NOT_FOUND for a
// window or student the viewer cannot see; FORBIDDEN for a guardian without
// can_book; BAD_USER_INPUT for a range that ends before it starts or, for
// families, a window that is not open; CONFLICT when the student already has
// a conference in the window or is already waiting.
func Join(ctx context.Context, c *ent.Client, in JoinInput) (*ent.WaitlistEntry, error) {
	v := viewer.FromContext(ctx)
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(in.WindowID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference window %s: %w", in.WindowID, err)
	}
	if isFamily(v, w.SchoolID) {
		now := clock.Now(ctx)
		if now.Before(w.OpensAt) || !now.Before(w.ClosesAt) {
			return nil, apperr.Invalid("windowID", "The waitlist is open while booking is, from %s to %s.",
				w.OpensAt.UTC().Format(time.RFC3339), w.ClosesAt.UTC().Format(time.RFC3339))
		}
	}
	if in.Earliest != nil && in.Latest != nil && in.Latest.Before(*in.Earliest) {
		return nil, apperr.Invalid("latest", "latest must not be before earliest.")
	}
	stu, err := c.Student.Query().Where(student.ID(in.StudentID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load student %s: %w", in.StudentID, err)
	}
	booked, err := c.Conference.Query().Where(conference.StudentID(stu.ID), conference.WindowID(w.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("look for an active conference: %w", err)
	}
	if booked {
		return nil, apperr.New(apperr.Conflict, "This student already has a conference in this window.")
	}
	e, err := c.WaitlistEntry.Create().
		SetWindowID(w.ID).
		SetStudentID(stu.ID).
		SetFamilyID(v.AccountID).
		SetNillableEarliest(in.Earliest).
		SetNillableLatest(in.Latest).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "This student is already on the waitlist of this window.")
	}
	if err != nil {
		return nil, fmt.Errorf("join waitlist: %w", err)
	}
	return e, nil
}

// Leave takes a waiting or offered entry off the waitlist; an offered slot
// goes to the next family waiting. CONFLICT when it is no longer live.
func Leave(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.WaitlistEntry, error) {
	e, err := c.WaitlistEntry.Query().Where(waitlistentry.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load waitlist entry %s: %w", id, err)
	}
	if e.Status != waitlistentry.StatusWaiting && e.Status != waitlistentry.StatusOffered {
		return nil, apperr.New(apperr.Conflict, "This waitlist entry is %s.", e.Status)
	}
	left, err := c.WaitlistEntry.UpdateOneID(id).SetStatus(waitlistentry.StatusWithdrawn).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("leave waitlist: %w", err)
	}
	if e.OfferedSlotID != nil && e.Status == waitlistentry.StatusOffered {
		if err := OfferFreed(ctx, c, *e.OfferedSlotID); err != nil {
			return nil, err
		}
	}
	return left, nil
}

// heldFor returns the student a slot is held for by a live offer, if any.
func heldFor(ctx context.Context, c *ent.Client, slotID pulid.ID) (*ent.WaitlistEntry, error) {
	e, err := c.WaitlistEntry.Query().Where(
		waitlistentry.OfferedSlotID(slotID),
		waitlistentry.StatusEQ(waitlistentry.StatusOffered),
		waitlistentry.OfferExpiresAtGT(clock.Now(ctx).UTC()),
	).First(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look for an offer on slot %s: %w", slotID, err)
	}
	return e, nil
}

// settleWaitlist marks the student's live entry in the window booked.
func settleWaitlist(ctx context.Context, c *ent.Client, studentID, windowID pulid.ID) error {
	_, err := c.WaitlistEntry.Update().Where(
		waitlistentry.StudentID(studentID), waitlistentry.WindowID(windowID),
		waitlistentry.StatusIn(waitlistentry.StatusWaiting, waitlistentry.StatusOffered),
	).SetStatus(waitlistentry.StatusBooked).Save(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("settle waitlist of %s: %w", studentID, err)
	}
	return nil
}

// OfferFreed offers a slot with a free seat to the first family waiting in
// its window for a matching time, in the caller's transaction: the entry
// becomes OFFERED, the slot is held for it until the offer expires, and the
// family gets a waitlist_offer notification. Nothing happens when the slot
// is full, blocked, too soon (past the cut-off), already held, or nobody
// waits for its time. As the system: the offer goes to another family.
func OfferFreed(ctx context.Context, c *ent.Client, slotID pulid.ID) error {
	sys := viewer.SystemContext(ctx)
	now := clock.Now(ctx).UTC()
	s, err := c.Slot.Query().Where(slot.ID(slotID)).Only(sys)
	if err != nil {
		return fmt.Errorf("load slot %s: %w", slotID, err)
	}
	if s.Blocked || s.Booked >= s.Capacity {
		return nil
	}
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(s.WindowID)).Only(sys)
	if err != nil {
		return fmt.Errorf("load window %s: %w", s.WindowID, err)
	}
	cutoff := s.StartsAt.Add(-time.Duration(w.CancelCutoffHours) * time.Hour)
	if !now.Before(cutoff) || !now.Before(w.ClosesAt) {
		return nil
	}
	if held, err := heldFor(ctx, c, s.ID); err != nil || held != nil {
		return err
	}
	next, err := c.WaitlistEntry.Query().Where(
		waitlistentry.WindowID(w.ID),
		waitlistentry.StatusEQ(waitlistentry.StatusWaiting),
		waitlistentry.Or(waitlistentry.EarliestIsNil(), waitlistentry.EarliestLTE(s.StartsAt)),
		waitlistentry.Or(waitlistentry.LatestIsNil(), waitlistentry.LatestGTE(s.StartsAt)),
	).Order(waitlistentry.ByCreatedAt(), waitlistentry.ByID()).First(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find the next family waiting: %w", err)
	}
	expires := now.Add(OfferHold)
	if expires.After(cutoff) {
		expires = cutoff
	}
	if err := c.WaitlistEntry.UpdateOneID(next.ID).
		SetStatus(waitlistentry.StatusOffered).
		SetOfferedSlotID(s.ID).
		SetOfferExpiresAt(expires).
		Exec(sys); err != nil {
		return fmt.Errorf("offer slot %s to %s: %w", s.ID, next.ID, err)
	}
	// Held for one family: no longer free for the others watching.
	if err := live.Changed(ctx, c, s.WindowID, s.ID); err != nil {
		return err
	}
	stu, err := c.Student.Query().Where(student.ID(next.StudentID)).Only(sys)
	if err != nil {
		return fmt.Errorf("load student %s: %w", next.StudentID, err)
	}
	loc, err := slots.Location(sys, c, stu.SchoolID)
	if err != nil {
		return err
	}
	name := stu.PreferredName
	if name == "" {
		name = stu.GivenName
	}
	payload := map[string]any{
		"waitlistEntryID": string(next.ID),
		"slotID":          string(s.ID),
		"studentID":       string(stu.ID),
		"studentName":     name,
		"term":            w.Term,
		"startsAt":        s.StartsAt.UTC().Format(time.RFC3339),
		"endsAt":          s.EndsAt.UTC().Format(time.RFC3339),
		"timezone":        loc.String(),
		"offerExpiresAt":  expires.Format(time.RFC3339),
	}
	// Every guardian who receives mail hears of it, as with a booking; the
	// one who asked, even when staff asked for the family.
	gs, err := guardiansOf(ctx, c, stu.ID)
	if err != nil {
		return err
	}
	recipients := []pulid.ID{next.FamilyID}
	for _, g := range gs {
		if g.ReceivesMail && g.FamilyID != next.FamilyID {
			recipients = append(recipients, g.FamilyID)
		}
	}
	return send(ctx, c, stu.SchoolID, outbox.KindWaitlistOffer, recipients, payload, string(next.ID), string(s.ID))
}

// ExpireOffers ends the offers that have expired, as the system (a job
// calls it; so does every booking change in the window), and offers each
// freed slot to the next family waiting. It returns how many expired.
func ExpireOffers(ctx context.Context, c *ent.Client) (int, error) {
	sys := viewer.SystemContext(ctx)
	expired, err := c.WaitlistEntry.Query().Where(
		waitlistentry.StatusEQ(waitlistentry.StatusOffered),
		waitlistentry.OfferExpiresAtLTE(clock.Now(ctx).UTC()),
	).All(sys)
	if err != nil {
		return 0, fmt.Errorf("find expired offers: %w", err)
	}
	for _, e := range expired {
		if err := c.WaitlistEntry.UpdateOneID(e.ID).SetStatus(waitlistentry.StatusExpired).Exec(sys); err != nil {
			return 0, fmt.Errorf("expire offer %s: %w", e.ID, err)
		}
		if e.OfferedSlotID != nil {
			// Free again, unless the next family is offered it below.
			if err := live.Changed(ctx, c, e.WindowID, *e.OfferedSlotID); err != nil {
				return 0, err
			}
			if err := OfferFreed(ctx, c, *e.OfferedSlotID); err != nil {
				return 0, err
			}
		}
	}
	return len(expired), nil
}

// Waitlist lists the live entries of a window, first come first, as the
// viewer may see them.
func Waitlist(ctx context.Context, c *ent.Client, windowID pulid.ID) ([]*ent.WaitlistEntry, error) {
	es, err := c.WaitlistEntry.Query().Where(
		waitlistentry.WindowID(windowID),
		waitlistentry.StatusIn(waitlistentry.StatusWaiting, waitlistentry.StatusOffered),
	).Order(waitlistentry.ByCreatedAt(), waitlistentry.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list waitlist of %s: %w", windowID, err)
	}
	return es, nil
}

// Bookable returns the slots of a window that the student's family could
// book now, in time order: the slots of the hosts the window opens to the
// student (hostOpen: by default their advisor) that start after now, are
// not blocked, have a free seat, and are not held by a waitlist offer for
// another student (a slot held for this student is included). It returns
// NOT_FOUND for a student the viewer cannot see, and no slots when the
// window opens no host to the student (no advisor, none listed).
func Bookable(ctx context.Context, c *ent.Client, windowID, studentID pulid.ID) ([]*ent.Slot, error) {
	stu, err := c.Student.Query().Where(student.ID(studentID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load student %s: %w", studentID, err)
	}
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(windowID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference window %s: %w", windowID, err)
	}
	hosts, err := openHostsOf(ctx, c, w, stu)
	if err != nil {
		return nil, err
	}
	now := clock.Now(ctx).UTC()
	where := []predicate.Slot{slot.WindowID(windowID), slot.StartsAtGT(now), slot.Blocked(false)}
	if hosts != nil {
		if len(hosts) == 0 {
			return nil, nil
		}
		where = append(where, slot.HostIDIn(hosts...))
	}
	all, err := c.Slot.Query().Where(where...).Order(ent.Asc(slot.FieldStartsAt), ent.Asc(slot.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list slots of window %s: %w", windowID, err)
	}
	free := make([]*ent.Slot, 0, len(all))
	ids := make([]pulid.ID, 0, len(all))
	for _, s := range all {
		if s.Booked < s.Capacity {
			free = append(free, s)
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 {
		return free, nil
	}
	// Offers are read as the system: whose they are is not the viewer's
	// to see, only that the slot is taken for now.
	offers, err := c.WaitlistEntry.Query().Where(
		waitlistentry.OfferedSlotIDIn(ids...),
		waitlistentry.StatusEQ(waitlistentry.StatusOffered),
		waitlistentry.OfferExpiresAtGT(now),
	).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("look for offers in window %s: %w", windowID, err)
	}
	heldFor := map[pulid.ID]pulid.ID{}
	for _, e := range offers {
		if e.OfferedSlotID != nil {
			heldFor[*e.OfferedSlotID] = e.StudentID
		}
	}
	out := free[:0]
	for _, s := range free {
		if held, ok := heldFor[s.ID]; !ok || held == studentID {
			out = append(out, s)
		}
	}
	return out, nil
}

// Position is the entry's place in line among the families of its window
// still waiting, first come first as OfferFreed serves them (1 is next),
// or nil when the entry is no longer waiting. The count is the system's:
// it covers every family's entries and tells the viewer nothing else.
func Position(ctx context.Context, c *ent.Client, e *ent.WaitlistEntry) (*int, error) {
	if e.Status != waitlistentry.StatusWaiting {
		return nil, nil
	}
	ahead, err := c.WaitlistEntry.Query().Where(
		waitlistentry.WindowID(e.WindowID),
		waitlistentry.StatusEQ(waitlistentry.StatusWaiting),
		waitlistentry.Or(
			waitlistentry.CreatedAtLT(e.CreatedAt),
			waitlistentry.And(waitlistentry.CreatedAtEQ(e.CreatedAt), waitlistentry.IDLT(e.ID)),
		),
	).Count(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("place of %s in line: %w", e.ID, err)
	}
	n := ahead + 1
	return &n, nil
}

// WaitlistOf lists the student's live entries (waiting or offered) in
// every window, oldest first, as the viewer may see them.
func WaitlistOf(ctx context.Context, c *ent.Client, studentID pulid.ID) ([]*ent.WaitlistEntry, error) {
	es, err := c.WaitlistEntry.Query().Where(
		waitlistentry.StudentID(studentID),
		waitlistentry.StatusIn(waitlistentry.StatusWaiting, waitlistentry.StatusOffered),
	).Order(waitlistentry.ByCreatedAt(), waitlistentry.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list waitlist of student %s: %w", studentID, err)
	}
	return es, nil
}
