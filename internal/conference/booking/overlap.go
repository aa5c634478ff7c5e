package booking

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/guardianship"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/internal/conference/slots"
	"plp/internal/platform/apperr"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// familyOverlap refuses slot s for students when it overlaps, in time, an
// active conference of any child who shares a current guardian with one of
// them, in any window: a family's bookings never overlap (issue 19, point
// 4). Conferences in except (those being moved) do not count; slots that
// only touch (back to back) do not overlap. CONFLICT names the other
// booking, and its child when the viewer may see that child.
func familyOverlap(ctx context.Context, c *ent.Client, s *ent.Slot, students []pulid.ID, except ...pulid.ID) error {
	sys := viewer.SystemContext(ctx)
	families, err := c.Guardianship.Query().Where(guardianship.StudentIDIn(students...), rule.CurrentGuardianship(ctx)).
		Select(guardianship.FieldFamilyID).Strings(sys)
	if err != nil {
		return fmt.Errorf("load guardians: %w", err)
	}
	if len(families) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(families))
	for i, f := range families {
		ids[i] = pulid.ID(f)
	}
	other, err := c.Conference.Query().Where(
		conference.HasStudentWith(student.HasGuardianshipsWith(guardianship.FamilyIDIn(ids...), rule.CurrentGuardianship(ctx))),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed),
		conference.IDNotIn(except...),
		conference.HasSlotWith(slot.StartsAtLT(s.EndsAt), slot.EndsAtGT(s.StartsAt)),
	).WithSlot(func(q *ent.SlotQuery) { q.WithHost() }).Order(conference.ByID()).First(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look for an overlapping conference: %w", err)
	}
	who := "Another child of your family"
	if stu, err := c.Student.Query().Where(student.ID(other.StudentID)).Only(ctx); err == nil {
		who = displayName(stu)
	}
	os := other.Edges.Slot
	at := os.StartsAt.UTC().Format(time.RFC3339)
	if stu, err := c.Student.Query().Where(student.ID(other.StudentID)).Only(sys); err == nil {
		if loc, err := slots.Location(sys, c, stu.SchoolID); err == nil {
			at = outbox.DateTime(outbox.FallbackLanguage, os.StartsAt.In(loc))
		}
	}
	host := ""
	if h := os.Edges.Host; h != nil {
		host = " with " + h.Name
	}
	return apperr.New(apperr.Conflict, "%s already has a conference at that time: %s%s (conference %s). Choose a time that does not overlap it.",
		who, at, host, other.ID)
}
