package booking_test

import (
	"strings"
	"testing"
	"time"
)

// TestFamilyBookingsNeverOverlap: siblings with different advisors cannot
// be booked at overlapping times (CONFLICT naming the other booking, by
// child only to someone who may see that child), in any order, by booking
// or by moving; back to back is fine.
func TestFamilyBookingsNeverOverlap(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	kit, father := sibling(t, b)
	b.s.DB.Client.Student.UpdateOneID(kit.ID).SetAdvisorID(b.Home.Counselor.ID).ExecX(b.s.System())
	// The advisor's slots are 15:00, 15:25, 15:50 … on 12 November; the
	// counselor's 15:10, 15:35, 16:00.
	theirs := generateSlots(t, b.admin, b.window, b.Home.Counselor.ID, day("2026-11-12", "15:10", "16:20"))
	robin := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)

	e := b.fa.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": theirs[0].ID, "studentID": kit.ID}})
	for _, want := range []string{"Robin already has a conference at that time", "3:00 PM", robin.ID} {
		if !strings.Contains(e.Message, want) {
			t.Errorf("overlap message %q lacks %q", e.Message, want)
		}
	}
	// Kit's father is not Robin's guardian: he is not told Robin's name.
	e = b.s.As(t, father).MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": theirs[0].ID, "studentID": kit.ID}})
	if strings.Contains(e.Message, "Robin") {
		t.Errorf("the father is told of Robin: %q", e.Message)
	}
	// 16:00 touches nothing of Robin's (15:00-15:20): booked; then Robin
	// cannot move to 15:50, which overlaps it.
	b.book(t, b.fa, kit.ID, theirs[2].ID, nil)
	e = b.fa.MustFail(t, "CONFLICT", move, map[string]any{"in": map[string]any{"conferenceID": robin.ID, "slotID": b.slots[2].ID}})
	if !strings.Contains(e.Message, "Kit already has a conference") {
		t.Errorf("move overlap message %q", e.Message)
	}
	// 15:25-15:45 overlaps nothing of Kit's: fine.
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": robin.ID, "slotID": b.slots[1].ID}}, nil)
}
