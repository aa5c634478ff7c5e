package booking_test

import (
	"testing"
	"time"

	"plp/ent"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/waitlistentry"
	"plp/internal/conference/booking"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
)

const (
	join  = `mutation($in: JoinWaitlistInput!) { joinWaitlist(input: $in) { waitlistEntry { id status } } }`
	leave = `mutation($id: ID!) { leaveWaitlist(id: $id) { waitlistEntry { id status } } }`
)

// family creates a guardian with a child of their own, advised by Home's
// advisor, and signs them in.
func (b *bookingWorld) family(t *testing.T, name string) (*apitest.Client, *ent.Account, pulid.ID) {
	t.Helper()
	sys := b.s.System()
	c := b.s.DB.Client
	acc := c.Account.Create().SetEmail(name + "@home.plp.test").SetName(name).SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
	c.Membership.Create().SetAccountID(acc.ID).SetSchoolID(b.Home.School.ID).SetRole(membership.RoleFamily).ExecX(sys)
	kid := c.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName(name).SetFamilyName("Kid").SetPreferredName(name).
		SetGrade(9).SetGraduationYear(2030).SetAdvisorID(b.Home.Advisor.ID).SaveX(sys)
	c.Guardianship.Create().SetStudentID(kid.ID).SetFamilyID(acc.ID).SetRelationship("parent").ExecX(sys)
	return b.s.As(t, acc), acc, kid.ID
}

func (b *bookingWorld) entry(t *testing.T, id string) *ent.WaitlistEntry {
	t.Helper()
	return b.s.DB.Client.WaitlistEntry.Query().Where(waitlistentry.ID(pulid.ID(id))).OnlyX(b.s.System())
}

// TestWaitlist: when a seat frees, the first family waiting for a matching
// time is offered it through the outbox and the slot is held for them;
// others are refused it until they book or the offer expires.
func TestWaitlist(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	conf := b.book(t, b.fa, b.Home.Student.ID, b.slots[0].ID, nil)

	early, _, earlyKid := b.family(t, "early")
	match, matchAcc, matchKid := b.family(t, "match")
	other, _, otherKid := b.family(t, "other")
	var joined struct {
		JoinWaitlist struct{ WaitlistEntry struct{ ID, Status string } }
	}
	// The first to join wants only times after the freed slot.
	early.MustDo(t, join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": earlyKid,
		"earliest": b.slots[0].StartsAt.Add(time.Hour)}}, nil)
	match.MustDo(t, join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": matchKid,
		"earliest": b.slots[0].StartsAt.Add(-time.Hour), "latest": b.slots[0].StartsAt}}, &joined)
	entryID := joined.JoinWaitlist.WaitlistEntry.ID
	match.MustFail(t, "CONFLICT", join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": matchKid}})
	b.fa.MustFail(t, "CONFLICT", join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": b.Home.Student.ID}})
	b.fa.MustFail(t, "NOT_FOUND", join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": matchKid}})

	// The cancel frees slot 0: the matching family is offered it.
	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}}, nil)
	e := b.entry(t, entryID)
	if e.Status != waitlistentry.StatusOffered || e.OfferedSlotID == nil || string(*e.OfferedSlotID) != b.slots[0].ID {
		t.Fatalf("entry after the cancel: %+v", e)
	}
	offers := b.notifications(t, outbox.KindWaitlistOffer)
	if len(offers) != 1 || offers[0].RecipientID != matchAcc.ID || offers[0].Payload["slotID"] != b.slots[0].ID {
		t.Fatalf("offers %+v", offers)
	}
	// Held: nobody else books it, staff included.
	other.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[0].ID, "studentID": otherKid}})
	b.advisor.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[0].ID, "studentID": otherKid}})
	// The family takes it; the entry is settled.
	b.book(t, match, matchKid, b.slots[0].ID, nil)
	if e := b.entry(t, entryID); e.Status != waitlistentry.StatusBooked {
		t.Errorf("entry after booking: %s", e.Status)
	}

	// An offer that expires: the slot is open to all again.
	var lateJoin struct {
		JoinWaitlist struct{ WaitlistEntry struct{ ID string } }
	}
	other.MustDo(t, join, map[string]any{"in": map[string]any{"windowID": b.window, "studentID": otherKid}}, &lateJoin)
	moved := b.book(t, b.fa, b.Home.Student.ID, b.slots[1].ID, nil)
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": moved.ID, "slotID": b.slots[2].ID}}, nil)
	// early waits since before other, but not for slot 1's time.
	lateID := lateJoin.JoinWaitlist.WaitlistEntry.ID
	if e := b.entry(t, lateID); e.Status != waitlistentry.StatusOffered || string(*e.OfferedSlotID) != b.slots[1].ID {
		t.Fatalf("late entry after the move: %+v", e)
	}
	b.at(t, b.s.Clock.Now().Add(booking.OfferHold+time.Minute))
	ctx := clock.NewContext(b.s.System(), b.s.Clock.Now)
	n, err := booking.ExpireOffers(ctx, b.s.DB.Client)
	if err != nil || n != 1 {
		t.Fatalf("ExpireOffers: %d, %v", n, err)
	}
	if e := b.entry(t, lateID); e.Status != waitlistentry.StatusExpired {
		t.Errorf("late entry after expiry: %s", e.Status)
	}
	// Leaving the waitlist.
	var left struct {
		LeaveWaitlist struct{ WaitlistEntry struct{ Status string } }
	}
	var earlyEntry string
	for _, e := range b.s.DB.Client.WaitlistEntry.Query().Where(waitlistentry.StudentID(earlyKid)).AllX(b.s.System()) {
		earlyEntry = string(e.ID)
	}
	other = b.s.SignIn(t, "other@home.plp.test", apitest.Password)
	other.MustFail(t, "NOT_FOUND", leave, map[string]any{"id": earlyEntry})
	early = b.s.SignIn(t, "early@home.plp.test", apitest.Password)
	early.MustDo(t, leave, map[string]any{"id": earlyEntry}, &left)
	if left.LeaveWaitlist.WaitlistEntry.Status != "WITHDRAWN" {
		t.Errorf("left: %+v", left)
	}
	early.MustFail(t, "CONFLICT", leave, map[string]any{"id": earlyEntry})
}
