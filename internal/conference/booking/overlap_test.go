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

const bookMany = `mutation($in: BookConferencesInput!) { bookConferences(input: $in) { conferences { id status slot { id } student { id } } } }`

// TestBookSiblingsBackToBack books two children with different hosts back
// to back in one step; a step that would overlap, or in which one child
// cannot be booked, books none of them.
func TestBookSiblingsBackToBack(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	kit, _ := sibling(t, b)
	b.s.DB.Client.Student.UpdateOneID(kit.ID).SetAdvisorID(b.Home.Counselor.ID).ExecX(b.s.System())
	theirs := generateSlots(t, b.admin, b.window, b.Home.Counselor.ID, day("2026-11-12", "15:10", "16:20"))
	pair := func(robinSlot, kitSlot string) map[string]any {
		return map[string]any{"in": map[string]any{"bookings": []map[string]any{
			{"studentID": b.Home.Student.ID, "slotID": robinSlot}, {"studentID": kit.ID, "slotID": kitSlot}},
			"interpreterLanguage": "es"}}
	}
	// 15:00-15:20 and 15:10-15:30 overlap: nothing is booked.
	e := b.fa.MustFail(t, "CONFLICT", bookMany, pair(b.slots[0].ID, theirs[0].ID))
	if !strings.Contains(e.Message, "Robin already has a conference at that time") {
		t.Errorf("overlap in one step: %q", e.Message)
	}
	if seats, active := b.booked(t, b.slots[0].ID); seats != 0 || active != 0 {
		t.Fatalf("a refused step booked Robin: %d seats, %d active", seats, active)
	}
	// 15:00-15:20 with the advisor, then 15:35 with the counselor.
	var out struct {
		BookConferences struct {
			Conferences []struct {
				ID, Status string
				Slot       struct{ ID string }
				Student    struct{ ID string }
			}
		}
	}
	b.fa.MustDo(t, bookMany, pair(b.slots[0].ID, theirs[1].ID), &out)
	got := out.BookConferences.Conferences
	if len(got) != 2 || got[0].Slot.ID != b.slots[0].ID || got[1].Slot.ID != theirs[1].ID || got[1].Student.ID != string(kit.ID) {
		t.Fatalf("booked %+v", got)
	}
	// Listed twice, or one of them already booked: nothing more is booked.
	b.fa.MustFail(t, "BAD_USER_INPUT", bookMany, map[string]any{"in": map[string]any{"bookings": []map[string]any{
		{"studentID": kit.ID, "slotID": theirs[2].ID}, {"studentID": kit.ID, "slotID": theirs[2].ID}}}})
	third := b.s.DB.Client.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName("Ada").SetPreferredName("Ada").SetFamilyName("Home").
		SetGrade(11).SetGraduationYear(2028).SetAdvisorID(b.Home.Advisor.ID).SaveX(b.s.System())
	b.s.DB.Client.Guardianship.Create().SetStudentID(third.ID).SetFamilyID(b.Home.Family.ID).SetRelationship("parent").ExecX(b.s.System())
	b.fa.MustFail(t, "CONFLICT", bookMany, map[string]any{"in": map[string]any{"bookings": []map[string]any{
		{"studentID": third.ID, "slotID": b.slots[4].ID}, {"studentID": kit.ID, "slotID": theirs[2].ID}}}})
	if seats, _ := b.booked(t, b.slots[4].ID); seats != 0 {
		t.Errorf("Ada was booked by a refused step")
	}
}
