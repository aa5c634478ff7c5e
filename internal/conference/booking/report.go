package booking

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/conference"
	"plp/ent/conferencewindow"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// InterpreterNeed is one conference whose family asked for an interpreter.
type InterpreterNeed struct {
	Language         string
	StartsAt, EndsAt time.Time
	Conference       *ent.Conference
	// ReservedSlot is true when the slot is an interpreter block for the
	// language.
	ReservedSlot bool
}

// AdvisorBookings are one advisor's advisees in a window.
type AdvisorBookings struct {
	Advisor          *ent.Account
	Booked, Unbooked []*ent.Student
}

// staffOnly refuses anyone but the staff of the window's school: NOT_FOUND
// for a window the viewer cannot see, FORBIDDEN for one they see in
// another capacity (a guardian, a partner).
func staffOnly(ctx context.Context, c *ent.Client, windowID pulid.ID) error {
	school, err := rule.SchoolOf(ctx, c, conferencewindow.Table, windowID)
	if ent.IsNotFound(err) {
		return apperr.New(apperr.NotFound, "No conference window with that ID that you can see.")
	}
	if err != nil {
		return fmt.Errorf("load conference window %s: %w", windowID, err)
	}
	if !rule.IsStaffOf(viewer.FromContext(ctx), school) {
		return apperr.New(apperr.Forbidden, "Only the school's staff see conference reports.")
	}
	return nil
}

// InterpreterNeeds lists the window's active conferences that asked for an
// interpreter, by language, then time: the school's list of interpreters to
// book. Two statements: the conferences and their slots. Staff only; each
// sees the conferences their privacy rules let them read.
func InterpreterNeeds(ctx context.Context, c *ent.Client, windowID pulid.ID) ([]*InterpreterNeed, error) {
	if err := staffOnly(ctx, c, windowID); err != nil {
		return nil, err
	}
	confs, err := c.Conference.Query().Where(
		conference.WindowID(windowID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
		conference.InterpreterLanguageNEQ(""),
	).WithSlot().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list interpreter requests of window %s: %w", windowID, err)
	}
	needs := make([]*InterpreterNeed, 0, len(confs))
	for _, conf := range confs {
		s := conf.Edges.Slot
		if s == nil {
			continue
		}
		needs = append(needs, &InterpreterNeed{
			Language: conf.InterpreterLanguage, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Conference: conf,
			ReservedSlot: s.InterpreterLanguage == conf.InterpreterLanguage,
		})
	}
	slices.SortFunc(needs, func(a, b *InterpreterNeed) int {
		return cmp.Or(cmp.Compare(a.Language, b.Language), a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.Conference.ID, b.Conference.ID))
	})
	return needs, nil
}

// Report lists, per host, the students with an active (or completed)
// conference in their slots, and per advisor, the advisees with none: a
// conference counts for its host, who may not be the student's advisor
// where the window opens other hosts. Staff only; admins see every
// student of the school, an advisor or counselor those their rules let
// them read (their advisees, and the students booked in their slots).
// Four statements: the window's conferences, their slots' hosts, the
// students, the hosts and advisors.
func Report(ctx context.Context, c *ent.Client, windowID pulid.ID) ([]*AdvisorBookings, error) {
	w, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(windowID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No conference window with that ID that you can see.")
	}
	if err != nil {
		return nil, fmt.Errorf("load conference window %s: %w", windowID, err)
	}
	if !rule.IsStaffOf(viewer.FromContext(ctx), w.SchoolID) {
		return nil, apperr.New(apperr.Forbidden, "Only the school's staff see conference reports.")
	}
	confs, err := c.Conference.Query().Where(
		conference.WindowID(w.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed, conference.StatusCompleted),
	).Select(conference.FieldStudentID, conference.FieldSlotID).
		WithSlot(func(q *ent.SlotQuery) { q.Select(slot.FieldHostID) }).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("list booked students: %w", err)
	}
	hostOf := map[pulid.ID]pulid.ID{}
	bookedIDs := make([]pulid.ID, 0, len(confs))
	for _, conf := range confs {
		if _, ok := hostOf[conf.StudentID]; !ok && conf.Edges.Slot != nil {
			hostOf[conf.StudentID] = conf.Edges.Slot.HostID
			bookedIDs = append(bookedIDs, conf.StudentID)
		}
	}
	students, err := c.Student.Query().
		Where(student.SchoolID(w.SchoolID), student.Or(student.AdvisorIDNotNil(), student.IDIn(bookedIDs...))).
		Order(student.ByFamilyName(), student.ByGivenName(), student.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list students: %w", err)
	}
	byAdvisor := map[pulid.ID]*AdvisorBookings{}
	var advisorIDs []pulid.ID
	row := func(id pulid.ID) *AdvisorBookings {
		r := byAdvisor[id]
		if r == nil {
			r = &AdvisorBookings{Booked: []*ent.Student{}, Unbooked: []*ent.Student{}}
			byAdvisor[id] = r
			advisorIDs = append(advisorIDs, id)
		}
		return r
	}
	for _, s := range students {
		if host, ok := hostOf[s.ID]; ok {
			r := row(host)
			r.Booked = append(r.Booked, s)
		} else if s.AdvisorID != nil {
			r := row(*s.AdvisorID)
			r.Unbooked = append(r.Unbooked, s)
		}
	}
	// Hosts and advisors are the school's staff, whom every staff member
	// may name: read as the system.
	advisors, err := c.Account.Query().Where(account.IDIn(advisorIDs...)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("load advisors: %w", err)
	}
	out := make([]*AdvisorBookings, 0, len(advisors))
	for _, a := range advisors {
		row := byAdvisor[a.ID]
		row.Advisor = a
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b *AdvisorBookings) int {
		return cmp.Or(cmp.Compare(a.Advisor.Name, b.Advisor.Name), cmp.Compare(a.Advisor.ID, b.Advisor.ID))
	})
	return out, nil
}
