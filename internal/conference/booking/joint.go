package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/conference/live"
	"plp/internal/platform/apperr"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// A joint conference is one meeting for several children of one family,
// where the window allows it (ConferenceWindow.joint_max_students). Each
// child has their own Conference, so the one-active-per-child-per-window
// index, the agenda, the notes and the record stay per child; the
// conferences share a joint_id, and the seat hook (ent/schema/hook/seats.go)
// counts the group as one seat of the slot. A move or a cancel of any of
// them acts on the whole group in one transaction (the new seat is taken
// before the old is freed); one child cannot be taken out of a group. The
// family gets one invite for the group (its UID is the joint_id's), once
// per guardian however many of the children are theirs.
//
// Hosts: as with a single booking, the window decides whose slots a family
// may book (open_hosts); a joint conference's host must be open to every
// child of it (hosts.go).

// JointInput is a booking of one slot for several children together.
type JointInput struct {
	SlotID     pulid.ID
	StudentIDs []pulid.ID
	Requests
}

// BookJoint books one slot for several children as one joint conference,
// in the caller's transaction: all of them or none.
//
// It returns BAD_USER_INPUT (studentIDs) when the window allows no joint
// conferences, for fewer than two children or more than the window allows,
// a child listed twice, or a child of another school; NOT_FOUND for a slot
// or child the viewer cannot see; FORBIDDEN for a child the guardian may
// not book for; the errors of Book for the slot's time and the requests;
// CONFLICT when a child already has a conference in the window, or the slot
// is full, blocked or held for another family.
func BookJoint(ctx context.Context, c *ent.Client, in JointInput) ([]*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	if len(in.StudentIDs) < 2 {
		return nil, apperr.Invalid("studentIDs", "A joint conference is for two or more children; book one child with bookConference.")
	}
	for i, id := range in.StudentIDs {
		if slices.Contains(in.StudentIDs[:i], id) {
			return nil, apperr.Invalid("studentIDs", "Each child is listed once; %s is listed twice.", id)
		}
	}
	s, w, err := loadSlot(ctx, c, in.SlotID)
	if err != nil {
		return nil, err
	}
	if w.JointMaxStudents < 2 {
		return nil, apperr.Invalid("studentIDs", "The school does not hold joint conferences in %s: book each child's conference, back to back if you like.", w.Term)
	}
	if len(in.StudentIDs) > w.JointMaxStudents {
		return nil, apperr.Invalid("studentIDs", "A joint conference in %s is for at most %d children.", w.Term, w.JointMaxStudents)
	}
	if err := bookable(ctx, c, v, s, w); err != nil {
		return nil, err
	}
	if err := in.Requests.validate(); err != nil {
		return nil, err
	}
	found, err := c.Student.Query().Where(student.IDIn(in.StudentIDs...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load students: %w", err)
	}
	byID := make(map[pulid.ID]*ent.Student, len(found))
	for _, stu := range found {
		byID[stu.ID] = stu
	}
	students := make([]*ent.Student, len(in.StudentIDs))
	for i, id := range in.StudentIDs {
		if students[i] = byID[id]; students[i] == nil {
			return nil, apperr.New(apperr.NotFound, "No student %s that you can see: check the children's IDs.", id)
		}
	}
	for _, stu := range students {
		if stu.SchoolID != students[0].SchoolID {
			return nil, apperr.Invalid("studentIDs", "%s and %s go to different schools: a joint conference is for children of one school.",
				displayName(students[0]), displayName(stu))
		}
	}
	if students[0].SchoolID != w.SchoolID {
		return nil, apperr.Invalid("slotID", "That slot belongs to another school's conferences.")
	}
	for _, stu := range students {
		if err := familyMayBook(ctx, c, v, w.SchoolID, stu.ID); err != nil {
			return nil, err
		}
	}
	if err := notHeldForGroup(ctx, c, s.ID, in.StudentIDs); err != nil {
		return nil, err
	}
	if err := hostOpen(ctx, c, v, s, w, students); err != nil {
		return nil, err
	}
	if err := interpreterHold(ctx, c, s, w, in.InterpreterLanguage); err != nil {
		return nil, err
	}
	existing, err := c.Conference.Query().Where(
		conference.StudentIDIn(in.StudentIDs...), conference.WindowID(w.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
	).First(ctx)
	switch {
	case err == nil:
		return nil, alreadyBooked(ctx, c, existing, displayName(byID[existing.StudentID]))
	case !ent.IsNotFound(err):
		return nil, fmt.Errorf("look for an active conference: %w", err)
	}
	if err := familyOverlap(ctx, c, s, in.StudentIDs); err != nil {
		return nil, err
	}
	joint := pulid.New("jnt")
	confs := make([]*ent.Conference, 0, len(students))
	for _, stu := range students {
		create := c.Conference.Create().
			SetStudentID(stu.ID).
			SetWindowID(w.ID).
			SetSlotID(s.ID).
			SetJointID(joint).
			SetStatus(conference.StatusBooked).
			SetBookedByID(v.AccountID)
		in.Requests.set(create)
		conf, err := create.Save(ctx)
		if ent.IsConstraintError(err) {
			return nil, apperr.New(apperr.Conflict, "%s already has a conference in this window (booked a moment ago): move it instead of booking another.", displayName(stu))
		}
		if err != nil {
			return nil, fmt.Errorf("book slot %s for student %s: %w", s.ID, stu.ID, err)
		}
		if err := addAttendees(ctx, c, conf, stu, s.HostID); err != nil {
			return nil, err
		}
		confs = append(confs, conf)
	}
	if err := notifyJoint(ctx, c, confs, students, outbox.KindConferenceBooked); err != nil {
		return nil, err
	}
	if err := live.Changed(ctx, c, w.ID, s.ID); err != nil {
		return nil, err
	}
	for _, stu := range students {
		if err := settleWaitlist(ctx, c, stu.ID, w.ID); err != nil {
			return nil, err
		}
	}
	ids := make([]pulid.ID, len(confs))
	for i, conf := range confs {
		ids[i] = conf.ID
	}
	got, err := c.Conference.Query().Where(conference.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read joint conference %s: %w", joint, err)
	}
	slices.SortFunc(got, func(a, b *ent.Conference) int {
		return slices.Index(in.StudentIDs, a.StudentID) - slices.Index(in.StudentIDs, b.StudentID)
	})
	return got, nil
}

// members are the conferences a move or cancel of conf acts on: conf
// alone, or every active conference of its joint group in booking order
// (the order the invite names the children).
func members(ctx context.Context, c *ent.Client, conf *ent.Conference) ([]*ent.Conference, error) {
	if conf.JointID == nil {
		return []*ent.Conference{conf}, nil
	}
	// As the system: the group is one booking; the caller's right to
	// change it is checked per child (familyMayBook) and by the policy on
	// each update.
	group, err := c.Conference.Query().Where(
		conference.JointID(*conf.JointID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
	).Order(conference.ByID()).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load joint conference %s: %w", *conf.JointID, err)
	}
	return group, nil
}

// asked is the conference of the group that the caller named.
func asked(group []*ent.Conference, id pulid.ID) *ent.Conference {
	for _, m := range group {
		if m.ID == id {
			return m
		}
	}
	return group[0]
}

// notHeldForGroup refuses a slot held by a live waitlist offer for a
// student not in the group.
func notHeldForGroup(ctx context.Context, c *ent.Client, slotID pulid.ID, students []pulid.ID) error {
	held, err := heldFor(ctx, c, slotID)
	if err != nil || held == nil || slices.Contains(students, held.StudentID) {
		return err
	}
	return notHeld(ctx, c, slotID, "")
}

func displayName(stu *ent.Student) string {
	if stu == nil {
		return "A child"
	}
	if stu.PreferredName != "" {
		return stu.PreferredName
	}
	return stu.GivenName
}

// names lists children for a message: "Ana", "Ana and Ben", "Ana, Ben and Cy".
func names(students []*ent.Student) string {
	n := make([]string, len(students))
	for i, stu := range students {
		n[i] = displayName(stu)
	}
	if len(n) < 2 {
		return strings.Join(n, "")
	}
	return strings.Join(n[:len(n)-1], ", ") + " and " + n[len(n)-1]
}
