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

// Report lists, per advisor, the advisees who have an active conference in
// the window and those who have not. Staff only; admins see every advisee
// of the school, an advisor or counselor those their rules let them read.
// Three statements: the students, the window's active conferences, the
// advisors.
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
	students, err := c.Student.Query().
		Where(student.SchoolID(w.SchoolID), student.AdvisorIDNotNil()).
		Order(student.ByFamilyName(), student.ByGivenName(), student.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list students: %w", err)
	}
	var bookedIDs []pulid.ID
	err = c.Conference.Query().Where(
		conference.WindowID(w.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed, conference.StatusCompleted),
	).Select(conference.FieldStudentID).Scan(viewer.SystemContext(ctx), &bookedIDs)
	if err != nil {
		return nil, fmt.Errorf("list booked students: %w", err)
	}
	booked := map[pulid.ID]bool{}
	for _, id := range bookedIDs {
		booked[id] = true
	}
	byAdvisor := map[pulid.ID]*AdvisorBookings{}
	var advisorIDs []pulid.ID
	for _, s := range students {
		id := *s.AdvisorID
		row := byAdvisor[id]
		if row == nil {
			row = &AdvisorBookings{Booked: []*ent.Student{}, Unbooked: []*ent.Student{}}
			byAdvisor[id] = row
			advisorIDs = append(advisorIDs, id)
		}
		if booked[s.ID] {
			row.Booked = append(row.Booked, s)
		} else {
			row.Unbooked = append(row.Unbooked, s)
		}
	}
	advisors, err := c.Account.Query().Where(account.IDIn(advisorIDs...)).All(ctx)
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
