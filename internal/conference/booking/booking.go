// Package booking is family self-booking of student-led conferences: book
// a slot for a child, move it, cancel it.
//
// Who may book is the Conference privacy policy: a guardian with can_book
// for that child (rule.GuardianBooks), or the student's staff on the
// family's behalf. The rules of the workflow are here: families book while
// the window is open, and move or cancel no later than the window's
// cut-off before the start; a slot in the past is never booked; one active
// conference per student per window.
//
// The database keeps the counts true under any concurrency (ent/schema/
// hook/seats.go): a conditional update of the slot's seat count, checked by rows
// affected, and a partial unique index on the student's active conference
// in a window. A move takes the new seat before it frees the old one, in
// one transaction, so a move to a full slot leaves the booking as it was.
//
// Every booking, move and cancel writes one Notification row per guardian
// who receives mail (both households of a child), in the same transaction,
// with the calendar invite in its payload; the dispatcher sends them.
package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/conferencewindow"
	"plp/ent/guardianship"
	"plp/ent/predicate"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/conference/live"
	"plp/internal/conference/slots"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// MaxText is the longest accommodations or questions text, in bytes.
const MaxText = 2000

// BookInput is a booking of a slot for a student.
type BookInput struct {
	SlotID, StudentID pulid.ID
	Requests
}

// Requests are what a family asks for when it books, the same for every
// child of a joint conference.
type Requests struct {
	// InterpreterLanguage is a language tag (es, ne, so) when the family
	// needs an interpreter.
	InterpreterLanguage string
	// Accommodations is what the family needs to take part.
	Accommodations string
	// Questions are the family's questions and topics for the agenda;
	// QuestionsPrivate keeps them for the host only.
	Questions        string
	QuestionsPrivate bool
}

// Book books the slot for the student in the caller's transaction.
//
// It returns NOT_FOUND for a slot or student the viewer cannot see (a child
// who is not theirs); FORBIDDEN for a guardian without can_book, or anyone
// who may not book for the student; BAD_USER_INPUT (slotID) for a slot in
// the past, or, for families, before the window opens or after it closes;
// BAD_USER_INPUT for a bad interpreter language or text too long; CONFLICT
// when the student already has a conference in the window, when the slot
// overlaps another conference of the family (naming it), or when the
// slot is full or blocked (also when others took it a moment before).
func Book(ctx context.Context, c *ent.Client, in BookInput) (*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	s, w, err := loadSlot(ctx, c, in.SlotID)
	if err != nil {
		return nil, err
	}
	if err := bookable(ctx, c, v, s, w); err != nil {
		return nil, err
	}
	if err := notHeld(ctx, c, s.ID, in.StudentID); err != nil {
		return nil, err
	}
	stu, err := c.Student.Query().Where(student.ID(in.StudentID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load student %s: %w", in.StudentID, err)
	}
	if stu.SchoolID != w.SchoolID {
		return nil, apperr.Invalid("slotID", "That slot belongs to another school's conferences.")
	}
	if err := in.Requests.validate(); err != nil {
		return nil, err
	}
	if err := hostOpen(ctx, c, v, s, w, []*ent.Student{stu}); err != nil {
		return nil, err
	}
	if err := interpreterHold(ctx, c, s, w, in.InterpreterLanguage); err != nil {
		return nil, err
	}
	existing, err := c.Conference.Query().Where(
		conference.StudentID(stu.ID), conference.WindowID(w.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
	).First(ctx)
	switch {
	case err == nil:
		return nil, alreadyBooked(ctx, c, existing, "This student")
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("look for an active conference: %w", err)
	}
	if err := familyOverlap(ctx, c, s, []pulid.ID{stu.ID}); err != nil {
		return nil, err
	}
	create := c.Conference.Create().
		SetStudentID(stu.ID).
		SetWindowID(w.ID).
		SetSlotID(s.ID).
		SetStatus(conference.StatusBooked).
		SetBookedByID(v.AccountID)
	in.Requests.set(create)
	conf, err := create.Save(ctx)
	if ent.IsConstraintError(err) {
		// Two guardians of one child at once: the partial unique index on
		// the active conference decides.
		return nil, apperr.New(apperr.Conflict, "This student already has a conference in this window: move it instead of booking another.")
	}
	if err != nil {
		return nil, fmt.Errorf("book slot %s for student %s: %w", s.ID, stu.ID, err)
	}
	if err := addAttendees(ctx, c, conf, stu, s.HostID); err != nil {
		return nil, err
	}
	if err := notify(ctx, c, conf, stu, outbox.KindConferenceBooked); err != nil {
		return nil, err
	}
	if err := live.Changed(ctx, c, w.ID, s.ID); err != nil {
		return nil, err
	}
	if err := settleWaitlist(ctx, c, stu.ID, w.ID); err != nil {
		return nil, err
	}
	return c.Conference.Get(ctx, conf.ID)
}

// Move moves an active conference to another slot of the same window.
// The new seat is taken before the old is freed; a full new slot answers
// CONFLICT and leaves the booking as it was. A joint conference moves as a
// whole: every child's conference, in the one transaction.
//
// It returns NOT_FOUND for a conference or slot the viewer cannot see;
// FORBIDDEN for a family without can_book (for each child of a joint
// conference); BAD_USER_INPUT (slotID) for a slot of another window, in the
// past, the same slot, or (families) a closed window; CONFLICT for a
// cancelled or finished conference, a move after the cut-off (families), a
// full or blocked slot, or a conference changed by someone else meanwhile.
func Move(ctx context.Context, c *ent.Client, id, slotID pulid.ID) (*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	conf, err := loadActive(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if conf.SlotID == slotID {
		return nil, apperr.Invalid("slotID", "The conference is already in that slot.")
	}
	s, w, err := loadSlot(ctx, c, slotID)
	if err != nil {
		return nil, err
	}
	if w.ID != conf.WindowID {
		return nil, apperr.Invalid("slotID", "Move to a slot of the same conference window.")
	}
	if err := bookable(ctx, c, v, s, w); err != nil {
		return nil, err
	}
	group, err := members(ctx, c, conf)
	if err != nil {
		return nil, err
	}
	if err := notHeldForGroup(ctx, c, s.ID, studentsOf(group)); err != nil {
		return nil, err
	}
	kids, err := c.Student.Query().Where(student.IDIn(studentsOf(group)...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load students: %w", err)
	}
	if err := hostOpen(ctx, c, v, s, w, kids); err != nil {
		return nil, err
	}
	if err := interpreterHold(ctx, c, s, w, conf.InterpreterLanguage); err != nil {
		return nil, err
	}
	moving := make([]pulid.ID, len(group))
	for i, m := range group {
		moving[i] = m.ID
	}
	if err := familyOverlap(ctx, c, s, studentsOf(group), moving...); err != nil {
		return nil, err
	}
	for _, m := range group {
		if err := familyMayBook(ctx, c, v, w.SchoolID, m.StudentID); err != nil {
			return nil, err
		}
	}
	if err := beforeCutoff(ctx, c, v, conf, w, "moved"); err != nil {
		return nil, err
	}
	freed := conf.SlotID
	for i, m := range group {
		// Conditional on the slot it was read in: a concurrent move or
		// cancel of the same conference makes this one fail, whole.
		group[i], err = c.Conference.UpdateOneID(m.ID).
			Where(conference.SlotID(freed), conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).
			SetSlotID(s.ID).
			AddSequence(1).
			Save(ctx)
		if ent.IsNotFound(err) {
			return nil, changedMeanwhile()
		}
		if err != nil {
			return nil, fmt.Errorf("move conference %s to slot %s: %w", m.ID, s.ID, err)
		}
	}
	if err := notifyGroup(ctx, c, group, outbox.KindConferenceMoved); err != nil {
		return nil, err
	}
	if err := live.Changed(ctx, c, w.ID, freed, s.ID); err != nil {
		return nil, err
	}
	if err := OfferFreed(ctx, c, freed); err != nil {
		return nil, err
	}
	return asked(group, id), nil
}

// Cancel cancels an active conference and frees its seat. A joint
// conference is cancelled as a whole: one child cannot be taken out of it
// (the family cancels it and books again).
//
// It returns NOT_FOUND for a conference the viewer cannot see; FORBIDDEN for
// a family without can_book (for each child of a joint conference);
// CONFLICT for a conference already cancelled or finished, a family's
// cancel after the cut-off, or a conference changed by someone else
// meanwhile.
func Cancel(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	conf, err := loadActive(ctx, c, id)
	if err != nil {
		return nil, err
	}
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(conf.WindowID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference window %s: %w", conf.WindowID, err)
	}
	group, err := members(ctx, c, conf)
	if err != nil {
		return nil, err
	}
	for _, m := range group {
		if err := familyMayBook(ctx, c, v, w.SchoolID, m.StudentID); err != nil {
			return nil, err
		}
	}
	if err := beforeCutoff(ctx, c, v, conf, w, "cancelled"); err != nil {
		return nil, err
	}
	now := clock.Now(ctx).UTC()
	for i, m := range group {
		group[i], err = c.Conference.UpdateOneID(m.ID).
			Where(conference.SlotID(conf.SlotID), conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).
			SetStatus(conference.StatusCancelled).
			SetCancelledAt(now).
			AddSequence(1).
			Save(ctx)
		if ent.IsNotFound(err) {
			return nil, changedMeanwhile()
		}
		if err != nil {
			return nil, fmt.Errorf("cancel conference %s: %w", m.ID, err)
		}
	}
	if err := notifyGroup(ctx, c, group, outbox.KindConferenceCancelled); err != nil {
		return nil, err
	}
	if err := live.Changed(ctx, c, conf.WindowID, conf.SlotID); err != nil {
		return nil, err
	}
	if err := OfferFreed(ctx, c, conf.SlotID); err != nil {
		return nil, err
	}
	return asked(group, id), nil
}

func changedMeanwhile() error {
	return apperr.New(apperr.Conflict, "This conference was moved or cancelled a moment ago by someone else; reload it and try again.")
}

// studentsOf are the students of conferences, in order.
func studentsOf(confs []*ent.Conference) []pulid.ID {
	ids := make([]pulid.ID, len(confs))
	for i, conf := range confs {
		ids[i] = conf.StudentID
	}
	return ids
}

// notifyGroup tells the families of a conference, or of a joint one, of a
// change.
func notifyGroup(ctx context.Context, c *ent.Client, group []*ent.Conference, kind string) error {
	found, err := c.Student.Query().Where(student.IDIn(studentsOf(group)...)).All(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("load students: %w", err)
	}
	byID := map[pulid.ID]*ent.Student{}
	for _, stu := range found {
		byID[stu.ID] = stu
	}
	students := make([]*ent.Student, len(group))
	for i, m := range group {
		if students[i] = byID[m.StudentID]; students[i] == nil {
			return fmt.Errorf("student %s of conference %s not found", m.StudentID, m.ID)
		}
	}
	if group[0].JointID == nil {
		return notify(ctx, c, group[0], students[0], kind)
	}
	return notifyJoint(ctx, c, group, students, kind)
}

// notHeld refuses a slot held by a live waitlist offer for another student.
func notHeld(ctx context.Context, c *ent.Client, slotID, studentID pulid.ID) error {
	held, err := heldFor(ctx, c, slotID)
	if err != nil {
		return err
	}
	if held != nil && held.StudentID != studentID {
		until := held.OfferExpiresAt.UTC().Format(time.RFC3339)
		if sl, err := c.Slot.Query().Where(slot.ID(slotID)).Only(viewer.SystemContext(ctx)); err == nil && held.OfferExpiresAt != nil {
			until = schoolTime(ctx, c, sl.SchoolID, *held.OfferExpiresAt)
		}
		return apperr.New(apperr.Conflict, "That slot is held for a family on the waitlist until %s; choose another time.", until)
	}
	return nil
}

// loadSlot reads a slot and its window with the columns the rules need.
func loadSlot(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Slot, *ent.ConferenceWindow, error) {
	s, err := c.Slot.Query().Where(slot.ID(id)).Only(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load slot %s: %w", id, err)
	}
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(s.WindowID)).Only(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load conference window %s: %w", s.WindowID, err)
	}
	return s, w, nil
}

// loadActive reads a conference that still holds its seat.
func loadActive(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.Conference, error) {
	conf, err := c.Conference.Query().Where(conference.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference %s: %w", id, err)
	}
	if conf.Status != conference.StatusBooked && conf.Status != conference.StatusConfirmed {
		return nil, apperr.New(apperr.Conflict, "This conference is %s: only a booked or confirmed conference can be moved or cancelled.", strings.ToLower(string(conf.Status)))
	}
	return conf, nil
}

// isFamily reports whether the viewer books at the school as a family
// member: anyone but the system and the school's own staff, whatever they
// are at other schools. The window's dates and cut-off bind them.
func isFamily(v *viewer.Viewer, school pulid.ID) bool {
	return !v.IsSystem() && !rule.IsStaffOf(v, school)
}

// bookable checks the slot's time and, for families, the window's dates.
// Capacity and blocks are the database's (the seat hook).
func bookable(ctx context.Context, c *ent.Client, v *viewer.Viewer, s *ent.Slot, w *ent.ConferenceWindow) error {
	now := clock.Now(ctx)
	if !s.StartsAt.After(now) {
		return apperr.Invalid("slotID", "That slot has already started; choose a later one.")
	}
	if !isFamily(v, w.SchoolID) {
		return nil
	}
	if now.Before(w.OpensAt) {
		return apperr.Invalid("slotID", "Booking for %s opens at %s.", w.Term, schoolTime(ctx, c, w.SchoolID, w.OpensAt))
	}
	if !now.Before(w.ClosesAt) {
		return apperr.Invalid("slotID", "Booking for %s closed at %s; contact the school to change a conference.", w.Term, schoolTime(ctx, c, w.SchoolID, w.ClosesAt))
	}
	return nil
}

// familyMayBook refuses a family member who may not book for the student
// of the school (the policy would hide the conference from the update; this
// says why).
func familyMayBook(ctx context.Context, c *ent.Client, v *viewer.Viewer, school, studentID pulid.ID) error {
	if !isFamily(v, school) {
		return nil
	}
	ok, err := rule.MayBook(ctx, c, studentID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "You are not allowed to book, move or cancel conferences for this student; ask the school.")
	}
	return nil
}

// beforeCutoff refuses a family's move or cancel later than the window's
// cut-off before the conference starts.
func beforeCutoff(ctx context.Context, c *ent.Client, v *viewer.Viewer, conf *ent.Conference, w *ent.ConferenceWindow, what string) error {
	if !isFamily(v, w.SchoolID) {
		return nil
	}
	starts, err := c.Slot.Query().Where(slot.ID(conf.SlotID)).Select(slot.FieldStartsAt).Only(ctx)
	if err != nil {
		return fmt.Errorf("load slot %s: %w", conf.SlotID, err)
	}
	cutoff := starts.StartsAt.Add(-time.Duration(w.CancelCutoffHours) * time.Hour)
	if !clock.Now(ctx).Before(cutoff) {
		return apperr.New(apperr.Conflict, "A conference can be %s up to %d hours before it starts (until %s); contact the school.",
			what, w.CancelCutoffHours, schoolTime(ctx, c, w.SchoolID, cutoff))
	}
	return nil
}

// set writes the requests on a conference being booked; blank ones are
// left unset.
func (r Requests) set(create *ent.ConferenceCreate) {
	create.SetQuestionsPrivate(r.QuestionsPrivate)
	if lang := strings.TrimSpace(r.InterpreterLanguage); lang != "" {
		create.SetInterpreterLanguage(lang)
	}
	if a := strings.TrimSpace(r.Accommodations); a != "" {
		create.SetAccommodations(a)
	}
	if q := strings.TrimSpace(r.Questions); q != "" {
		create.SetQuestions(q)
	}
}

func (r Requests) validate() error {
	if len(r.Accommodations) > MaxText {
		return apperr.Invalid("accommodations", "Accommodations are at most %d bytes.", MaxText)
	}
	if len(r.Questions) > MaxText {
		return apperr.Invalid("questions", "Questions are at most %d bytes.", MaxText)
	}
	return nil
}

// alreadyBooked tells the family when their child's conference is; who
// names the child.
func alreadyBooked(ctx context.Context, c *ent.Client, existing *ent.Conference, who string) error {
	s, err := c.Slot.Query().Where(slot.ID(existing.SlotID)).Select(slot.FieldStartsAt, slot.FieldSchoolID).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("load booked slot: %w", err)
	}
	if s == nil {
		return apperr.New(apperr.Conflict, "%s already has a conference in this window: move it instead of booking another.", who)
	}
	return apperr.New(apperr.Conflict, "%s already has a conference in this window, at %s: move it instead of booking another.",
		who, schoolTime(ctx, c, s.SchoolID, s.StartsAt))
}

// guardiansOf are the student's guardians now: both households.
func guardiansOf(ctx context.Context, c *ent.Client, studentID pulid.ID) ([]*ent.Guardianship, error) {
	gs, err := c.Guardianship.Query().Where(guardianship.StudentID(studentID), rule.CurrentGuardianship(ctx)).
		WithFamily().All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load guardians of %s: %w", studentID, err)
	}
	return gs, nil
}

// schoolTime writes t as people read it, in the school's time zone (the
// messages around it are English, and so is the date), or in UTC when the
// school's zone cannot be read.
func schoolTime(ctx context.Context, c *ent.Client, school pulid.ID, t time.Time) string {
	loc, err := slots.Location(viewer.SystemContext(ctx), c, school)
	if err != nil {
		return t.UTC().Format(time.RFC3339)
	}
	return outbox.DateTime(outbox.FallbackLanguage, t.In(loc))
}

// FreeSeat matches the slots with a free seat (fewer active conferences
// than seats), or with free false the full ones: the slots query's
// hasFreeSeat filter.
func FreeSeat(free bool) predicate.Slot {
	p := predicate.Slot(func(s *sql.Selector) {
		s.Where(sql.ColumnsLT(s.C(slot.FieldBooked), s.C(slot.FieldCapacity)))
	})
	if !free {
		return slot.Not(p)
	}
	return p
}
