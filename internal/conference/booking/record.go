package booking

import (
	"context"
	"fmt"
	"strings"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/membership"
	"plp/ent/partnership"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/slot"
	"plp/internal/plan"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// The conference record: its status after booking, the host's notes, the
// family's and student's feedback, next steps that become goals, and who
// else the student invites.

// staffOf says whether the viewer is the system or staff of the school
// (rule.IsStaffOf): they read a conference's private parts.
func staffOf(v *viewer.Viewer, school pulid.ID) bool {
	return v.IsSystem() || rule.IsStaffOf(v, school)
}

// Notes returns the host's notes as the viewer may see them: staff always,
// the student and family once the host shares them.
func Notes(ctx context.Context, conf *ent.Conference) *string {
	if conf.Notes == "" {
		return nil
	}
	if conf.NotesShared || staffOf(viewer.FromContext(ctx), conf.SchoolID) {
		return &conf.Notes
	}
	return nil
}

// Questions returns the family's questions as the viewer may see them:
// staff and family always, the student unless the family kept them private.
func Questions(ctx context.Context, conf *ent.Conference) *string {
	if conf.Questions == "" {
		return nil
	}
	v := viewer.FromContext(ctx)
	if !conf.QuestionsPrivate || staffOf(v, conf.SchoolID) || v.Has(conf.SchoolID, viewer.RoleFamily) {
		return &conf.Questions
	}
	return nil
}

// SetStatus moves a conference along: BOOKED → CONFIRMED (the family or
// staff), BOOKED or CONFIRMED → COMPLETED or NO_SHOW (staff, once it has
// started). It returns NOT_FOUND for a conference the viewer cannot see;
// BAD_USER_INPUT (status) for CANCELLED (cancelConference does that) or
// BOOKED; FORBIDDEN for a family recording the outcome; CONFLICT for any
// other move, or an outcome before the start.
func SetStatus(ctx context.Context, c *ent.Client, id pulid.ID, to conference.Status) (*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	conf, err := c.Conference.Query().Where(conference.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference %s: %w", id, err)
	}
	from := conf.Status
	active := from == conference.StatusBooked || from == conference.StatusConfirmed
	switch to {
	case conference.StatusCancelled:
		return nil, apperr.Invalid("status", "Cancel with cancelConference: it frees the slot and tells the family.")
	case conference.StatusBooked:
		return nil, apperr.Invalid("status", "A conference is booked with bookConference.")
	case conference.StatusConfirmed:
		if from != conference.StatusBooked {
			return nil, apperr.New(apperr.Conflict, "Only a booked conference can be confirmed; this one is %s.", strings.ToLower(string(from)))
		}
		if err := familyMayBook(ctx, c, v, conf.SchoolID, conf.StudentID); err != nil {
			return nil, err
		}
	case conference.StatusCompleted, conference.StatusNoShow:
		if !staffOf(v, conf.SchoolID) {
			return nil, apperr.New(apperr.Forbidden, "Only staff record how a conference went.")
		}
		if !active {
			return nil, apperr.New(apperr.Conflict, "This conference is %s: only a booked or confirmed one can be completed or marked as a no-show.", strings.ToLower(string(from)))
		}
		s, err := c.Slot.Query().Where(slot.ID(conf.SlotID)).Select(slot.FieldStartsAt).Only(viewer.SystemContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("load slot %s: %w", conf.SlotID, err)
		}
		if clock.Now(ctx).Before(s.StartsAt) {
			return nil, apperr.New(apperr.Conflict, "The conference has not started yet.")
		}
	}
	conf, err = c.Conference.UpdateOneID(id).SetStatus(to).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("set conference %s to %s: %w", id, to, err)
	}
	return conf, nil
}

// LeaveFeedback keeps the viewer's feedback on a completed conference: the
// student's own, or a guardian's as the family's. It returns NOT_FOUND for a
// conference the viewer cannot see; CONFLICT before it is completed;
// BAD_USER_INPUT (feedback) for empty or too long text; FORBIDDEN for
// anyone but the student and their family.
func LeaveFeedback(ctx context.Context, c *ent.Client, id pulid.ID, feedback string) (*ent.Conference, error) {
	conf, err := c.Conference.Query().Where(conference.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference %s: %w", id, err)
	}
	if conf.Status != conference.StatusCompleted {
		return nil, apperr.New(apperr.Conflict, "Feedback is left once the conference is completed.")
	}
	feedback = strings.TrimSpace(feedback)
	if feedback == "" || len(feedback) > 4000 {
		return nil, apperr.Invalid("feedback", "Feedback is 1 to 4000 bytes of text.")
	}
	as, err := rule.Reach(ctx, c, conf.StudentID, rule.Self|rule.Family)
	if err != nil {
		return nil, err
	}
	update := c.Conference.UpdateOneID(id)
	switch {
	case as&rule.Self != 0:
		update.SetStudentFeedback(feedback)
	case as&rule.Family != 0:
		update.SetFamilyFeedback(feedback)
	default:
		return nil, apperr.New(apperr.Forbidden, "Feedback comes from the student and their family.")
	}
	conf, err = update.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("leave feedback on conference %s: %w", id, err)
	}
	return conf, nil
}

// AdoptNextSteps turns next steps into goals of the student's plan and
// keeps them on the conference as its next steps, in one transaction. Staff
// only: the conference's policy refuses others its update.
func AdoptNextSteps(ctx context.Context, c *ent.Client, id pulid.ID, steps []plan.NewGoal) (*ent.Conference, []*ent.Goal, error) {
	conf, err := c.Conference.Query().Where(conference.ID(id)).Only(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("load conference %s: %w", id, err)
	}
	if !staffOf(viewer.FromContext(ctx), conf.SchoolID) {
		return nil, nil, apperr.New(apperr.Forbidden, "Staff turn a conference's next steps into goals; the student adds their own goals with createGoal.")
	}
	if conf.Status == conference.StatusCancelled {
		return nil, nil, apperr.New(apperr.Conflict, "This conference was cancelled.")
	}
	lines := make([]string, 0, len(steps)+1)
	if prev := strings.TrimSpace(conf.NextSteps); prev != "" {
		lines = append(lines, prev)
	}
	for _, s := range steps {
		lines = append(lines, "- "+strings.TrimSpace(s.Title))
	}
	next := strings.Join(lines, "\n")
	if len(next) > 4000 {
		return nil, nil, apperr.Invalid("steps", "The conference's next steps would pass 4000 bytes.")
	}
	// The conference first: its policy lets only staff write it.
	conf, err = c.Conference.UpdateOneID(id).SetNextSteps(next).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("keep next steps on conference %s: %w", id, err)
	}
	goals, err := plan.CreateGoals(ctx, c, conf.StudentID, steps)
	if err != nil {
		return nil, nil, err
	}
	return conf, goals, nil
}

// Invite adds a community partner of the student, or a counselor of the
// school, to the conference's attendees. The student of the conference and
// staff invite. It returns NOT_FOUND for a conference the viewer cannot see;
// FORBIDDEN for anyone else; BAD_USER_INPUT (accountID) for an account that
// is neither the student's partner nor a counselor of the school.
func Invite(ctx context.Context, c *ent.Client, id, accountID pulid.ID) (*ent.Conference, error) {
	v := viewer.FromContext(ctx)
	conf, err := c.Conference.Query().Where(conference.ID(id)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("load conference %s: %w", id, err)
	}
	if !staffOf(v, conf.SchoolID) {
		as, err := rule.Reach(ctx, c, conf.StudentID, rule.Self)
		if err != nil {
			return nil, err
		}
		if as == 0 {
			return nil, apperr.New(apperr.Forbidden, "The student and their staff invite people to the conference.")
		}
	}
	sys := viewer.SystemContext(ctx)
	partner, err := c.Partnership.Query().Where(
		partnership.StudentID(conf.StudentID), partnership.PartnerID(accountID), rule.ActivePartnership(ctx),
	).Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("check partnership: %w", err)
	}
	counselor, err := c.Membership.Query().Where(
		membership.AccountID(accountID), membership.SchoolID(conf.SchoolID), membership.RoleEQ(membership.RoleCounselor),
	).Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("check counselor: %w", err)
	}
	if !partner && !counselor {
		return nil, apperr.Invalid("accountID", "Invite one of the student's community partners or a counselor of the school.")
	}
	// As the system: the student has been checked above, and may not read
	// the partner's account row the attendee link points to.
	if err := c.Conference.UpdateOneID(id).AddAttendeeIDs(accountID).Exec(sys); err != nil {
		return nil, fmt.Errorf("invite %s to conference %s: %w", accountID, id, err)
	}
	return c.Conference.Query().Where(conference.ID(id)).Only(ctx)
}
