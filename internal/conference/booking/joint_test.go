package booking_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/internal/conference/ical"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/reminders"
)

const (
	bookJoint   = `mutation($in: BookJointConferenceInput!) { bookJointConference(input: $in) { conferences { id status jointID sequence slot { id } student { id } } } }`
	allowJoint  = `mutation($id: ID!, $n: Int!) { updateConferenceWindow(id: $id, input: {jointMaxStudents: $n}) { conferenceWindow { id jointMaxStudents } } }`
	setCapacity = `mutation($id: ID!, $n: Int!) { updateSlot(id: $id, input: {capacity: $n}) { slot { id capacity } } }`
)

type jointConference struct {
	ID, Status string
	JointID    *string
	Sequence   int
	Slot       struct{ ID string }
	Student    struct{ ID string }
}

// sibling adds a child of the Home family (S's younger brother) with a
// second household of his own: a father who is not S's guardian.
func sibling(t *testing.T, b *bookingWorld) (*ent.Student, *ent.Account) {
	t.Helper()
	sys := b.s.System()
	c := b.s.DB.Client
	kid := c.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName("Kit").SetFamilyName("Home").SetPreferredName("Kit").
		SetGrade(9).SetGraduationYear(2030).SetAdvisorID(b.Home.Advisor.ID).SaveX(sys)
	c.Guardianship.Create().SetStudentID(kid.ID).SetFamilyID(b.Home.Family.ID).SetRelationship("parent").ExecX(sys)
	father := c.Account.Create().SetEmail("kits.father@home.plp.test").SetName("Kit's Father").SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
	c.Membership.Create().SetAccountID(father.ID).SetSchoolID(b.Home.School.ID).SetRole(membership.RoleFamily).ExecX(sys)
	c.Guardianship.Create().SetStudentID(kid.ID).SetFamilyID(father.ID).SetRelationship("father").ExecX(sys)
	return kid, father
}

func (b *bookingWorld) bookJoint(t *testing.T, c *apitest.Client, slotID string, students ...pulid.ID) []jointConference {
	t.Helper()
	var out struct {
		BookJointConference struct{ Conferences []jointConference }
	}
	c.MustDo(t, bookJoint, map[string]any{"in": map[string]any{"slotID": slotID, "studentIDs": students}}, &out)
	return out.BookJointConference.Conferences
}

// active counts the active conferences of the students in the window.
func (b *bookingWorld) active(t *testing.T, students ...pulid.ID) int {
	t.Helper()
	return b.s.DB.Client.Conference.Query().Where(conference.StudentIDIn(students...),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).CountX(b.s.System())
}

// TestJointConference: a family books one slot for two children where the
// window allows it; the pair takes one seat, gets one invite per guardian
// (both households), moves and cancels as one; every refusal leaves
// nothing booked.
func TestJointConference(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	sys := b.s.System()
	c := b.s.DB.Client
	robin := b.Home.Student.ID
	kit, father := sibling(t, b)
	in := func(slot string, students ...pulid.ID) map[string]any {
		return map[string]any{"in": map[string]any{"slotID": slot, "studentIDs": students}}
	}

	// The window allows no joint conferences until the school says so.
	e := b.fa.MustFail(t, "BAD_USER_INPUT", bookJoint, in(b.slots[0].ID, robin, kit.ID))
	if e.Field() != "studentIDs" || !strings.Contains(e.Message, "does not hold joint conferences") {
		t.Errorf("not allowed: %s %q", e.Field(), e.Message)
	}
	b.fa.MustFail(t, "NOT_FOUND", allowJoint, map[string]any{"id": b.window, "n": 2})
	b.admin.MustDo(t, allowJoint, map[string]any{"id": b.window, "n": 2}, nil)

	// Bad input: one child, a child twice, too many children, a child who
	// is not theirs, children of two schools.
	b.fa.MustFail(t, "BAD_USER_INPUT", bookJoint, in(b.slots[0].ID, robin))
	b.fa.MustFail(t, "BAD_USER_INPUT", bookJoint, in(b.slots[0].ID, robin, robin))
	third := c.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName("Ada").SetPreferredName("Ada").SetFamilyName("Home").
		SetGrade(11).SetGraduationYear(2028).SetAdvisorID(b.Home.Advisor.ID).SaveX(sys)
	c.Guardianship.Create().SetStudentID(third.ID).SetFamilyID(b.Home.Family.ID).SetRelationship("parent").ExecX(sys)
	e = b.fa.MustFail(t, "BAD_USER_INPUT", bookJoint, in(b.slots[0].ID, robin, kit.ID, third.ID))
	if !strings.Contains(e.Message, "at most 2") {
		t.Errorf("too many: %q", e.Message)
	}
	b.fa.MustFail(t, "NOT_FOUND", bookJoint, in(b.slots[0].ID, robin, b.Other.Student.ID))
	c.Membership.Create().SetAccountID(b.Home.Family.ID).SetSchoolID(b.Other.School.ID).SetRole(membership.RoleFamily).ExecX(sys)
	c.Guardianship.Create().SetStudentID(b.Other.Student.ID).SetFamilyID(b.Home.Family.ID).SetRelationship("parent").ExecX(sys)
	b.fa = b.s.As(t, b.Home.Family) // the new membership is read at sign-in
	e = b.fa.MustFail(t, "BAD_USER_INPUT", bookJoint, in(b.slots[0].ID, robin, b.Other.Student.ID))
	if !strings.Contains(e.Message, "different schools") {
		t.Errorf("two schools: %q", e.Message)
	}
	// A guardian who may not book for one of the children; a guardian of
	// only one of them.
	c.Guardianship.Update().Where(guardianship.StudentID(kit.ID), guardianship.FamilyID(b.Home.Family.ID)).SetCanBook(false).ExecX(sys)
	b.fa.MustFail(t, "FORBIDDEN", bookJoint, in(b.slots[0].ID, robin, kit.ID))
	c.Guardianship.Update().SetCanBook(true).ExecX(sys)
	b.s.As(t, father).MustFail(t, "NOT_FOUND", bookJoint, in(b.slots[0].ID, kit.ID, robin))
	// One child already booked in the window: nothing is booked for the other.
	single := b.book(t, b.fa, third.ID, b.slots[1].ID, nil)
	e = b.fa.MustFail(t, "CONFLICT", bookJoint, in(b.slots[0].ID, kit.ID, third.ID))
	if !strings.Contains(e.Message, "Ada already has a conference") {
		t.Errorf("already booked: %q", e.Message)
	}
	// A full slot.
	e = b.fa.MustFail(t, "CONFLICT", bookJoint, in(b.slots[1].ID, robin, kit.ID))
	if n := b.active(t, robin, kit.ID); n != 0 {
		t.Fatalf("%d conferences after the refusals, want none", n)
	}
	if seats, active := b.booked(t, b.slots[0].ID); seats != 0 || active != 0 {
		t.Errorf("slot 0 after the refusals: %d seats, %d active", seats, active)
	}

	// The joint booking: one conference per child, one joint ID, one seat.
	got := b.bookJoint(t, b.fa, b.slots[0].ID, robin, kit.ID)
	if len(got) != 2 || got[0].Student.ID != string(robin) || got[1].Student.ID != string(kit.ID) {
		t.Fatalf("booked %+v", got)
	}
	if got[0].JointID == nil || got[1].JointID == nil || *got[0].JointID != *got[1].JointID || got[0].Status != "BOOKED" {
		t.Fatalf("joint IDs %+v", got)
	}
	joint := *got[0].JointID
	if seats, active := b.booked(t, b.slots[0].ID); seats != 1 || active != 2 {
		t.Errorf("slot 0: %d seats, %d active, want one seat for two children", seats, active)
	}
	// One confirmation per guardian: the mother of both children once, the
	// father of Kit once; the host and Robin (Kit has no account) once; one
	// invite for the pair.
	var sent []*ent.Notification
	to := map[pulid.ID]int{}
	for _, n := range b.notifications(t, "conference_booked") {
		if n.Payload["jointID"] == joint {
			sent = append(sent, n)
			to[n.RecipientID]++
		}
	}
	if len(sent) != 4 || to[b.Home.Family.ID] != 1 || to[father.ID] != 1 || to[b.Home.Advisor.ID] != 1 || to[b.Home.StudentAccount.ID] != 1 {
		t.Fatalf("booking notifications to %v, want the mother, the father, the host and Robin once each", to)
	}
	uid := checkJointInvite(t, sent[0].Payload, "REQUEST", 0, b.slots[0], joint)
	// The children's names, which each template joins in its language.
	if fmt.Sprint(sent[0].Payload["studentName"]) != "[Robin Kit]" {
		t.Errorf("studentName %v", sent[0].Payload["studentName"])
	}

	// The calendar feed shows the pair as one event.
	var made struct{ CreateCalendarFeed struct{ URL *string } }
	b.fa.MustDo(t, createFeed, map[string]any{"s": b.Home.School.ID}, &made)
	status, body := b.s.Get(t, pathOf(t, *made.CreateCalendarFeed.URL))
	feed, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if status != 200 || err != nil {
		t.Fatalf("feed: %d %v", status, err)
	}
	uids := map[string]int{}
	for _, ev := range feed.Events() {
		uids[ev.Id()]++
	}
	if uids[uid] != 1 || uids[ical.UID(got[0].ID)]+uids[ical.UID(got[1].ID)] != 0 || len(uids) != 2 {
		t.Errorf("feed events %v, want the pair once (UID %s) and Ada's:\n%s", uids, uid, body)
	}

	// A slot of two seats holds the pair and one more family.
	b.advisor.MustDo(t, setCapacity, map[string]any{"id": b.slots[2].ID, "n": 2}, nil)
	var moved struct {
		MoveConference struct{ Conference apiConference }
	}
	// Moving Kit's conference moves Robin's too.
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": got[1].ID, "slotID": b.slots[2].ID}}, &moved)
	if m := moved.MoveConference.Conference; m.Slot.ID != b.slots[2].ID || m.Sequence != 1 {
		t.Errorf("moved %+v", m)
	}
	for _, conf := range c.Conference.Query().Where(conference.JointID(pulid.ID(joint))).AllX(sys) {
		if string(conf.SlotID) != b.slots[2].ID || conf.Sequence != 1 {
			t.Errorf("after the move, %s is in %s with sequence %d", conf.ID, conf.SlotID, conf.Sequence)
		}
	}
	for i, want := range [][2]int{{0, 0}, {1, 1}, {1, 2}} {
		if seats, active := b.booked(t, b.slots[i].ID); seats != want[0] || active != want[1] {
			t.Errorf("after the move, slot %d: %d seats, %d active, want %v", i, seats, active, want)
		}
	}
	movedMail := b.notifications(t, "conference_moved")
	if len(movedMail) != 4 {
		t.Fatalf("%d move notifications, want 4 (two guardians, the host, the student)", len(movedMail))
	}
	if got := checkJointInvite(t, movedMail[0].Payload, "REQUEST", 1, b.slots[2], joint); got != uid {
		t.Errorf("UID changed on the move: %s, was %s", got, uid)
	}
	// Ada, their sister, may not join them there: a family's bookings
	// never overlap. The second seat goes to another family; then the
	// slot is full.
	e = b.fa.MustFail(t, "CONFLICT", move, map[string]any{"in": map[string]any{"conferenceID": single.ID, "slotID": b.slots[2].ID}})
	if !strings.Contains(e.Message, "Robin already has a conference at that time") && !strings.Contains(e.Message, "Kit already has a conference at that time") {
		t.Errorf("overlap with the pair: %q", e.Message)
	}
	lone := c.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName("Lee").SetPreferredName("Lee").SetFamilyName("Else").
		SetGrade(9).SetGraduationYear(2030).SetAdvisorID(b.Home.Advisor.ID).SaveX(sys)
	b.advisor.MustDo(t, book, map[string]any{"in": map[string]any{"slotID": b.slots[2].ID, "studentID": lone.ID}}, nil)
	if seats, active := b.booked(t, b.slots[2].ID); seats != 2 || active != 3 {
		t.Errorf("slot 2 with the pair and Lee: %d seats, %d active, want 2 and 3", seats, active)
	}
	last := c.Student.Create().SetSchoolID(b.Home.School.ID).SetGivenName("Max").SetPreferredName("Max").SetFamilyName("Else").
		SetGrade(9).SetGraduationYear(2030).SetAdvisorID(b.Home.Advisor.ID).SaveX(sys)
	b.advisor.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[2].ID, "studentID": last.ID}})

	// Cancelling Robin's conference cancels the pair, frees their one seat
	// and sends one cancellation per guardian.
	var cancelled struct {
		CancelConference struct{ Conference apiConference }
	}
	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": got[0].ID}}, &cancelled)
	if cc := cancelled.CancelConference.Conference; cc.Status != "CANCELLED" || cc.Sequence != 2 {
		t.Errorf("cancelled %+v", cc)
	}
	if n := b.active(t, robin, kit.ID); n != 0 {
		t.Errorf("%d of the pair still active after the cancel", n)
	}
	if seats, active := b.booked(t, b.slots[2].ID); seats != 1 || active != 1 {
		t.Errorf("slot 2 after the cancel: %d seats, %d active, want Ada's one", seats, active)
	}
	cancelMail := b.notifications(t, "conference_cancelled")
	if len(cancelMail) != 4 {
		t.Fatalf("%d cancel notifications, want 4 (two guardians, the host, the student)", len(cancelMail))
	}
	if got := checkJointInvite(t, cancelMail[0].Payload, "CANCEL", 2, b.slots[2], joint); got != uid {
		t.Errorf("UID changed on the cancel: %s, was %s", got, uid)
	}
	b.fa.MustFail(t, "CONFLICT", cancel, map[string]any{"in": map[string]any{"conferenceID": got[1].ID}})
	// The children book again, one by one or together.
	b.bookJoint(t, b.fa, b.slots[3].ID, robin, kit.ID)
}

// TestJointAndSingleRaceForOneSeat: twenty families, each with three
// children, fire a joint booking for two of them and a single booking for
// the third at one single-seat slot, all at once over HTTP: exactly one
// request wins, the slot counts one seat, and every other request is told
// CONFLICT.
func TestJointAndSingleRaceForOneSeat(t *testing.T) {
	t.Parallel()
	const families = 20
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	home := w.Home.School.ID
	now := s.Clock.Now()
	window := c.ConferenceWindow.Create().SetSchoolID(home).SetTerm("Rush hour").SetJointMaxStudents(3).
		SetOpensAt(now.Add(-time.Hour)).SetClosesAt(now.AddDate(0, 0, 14)).SaveX(sys)
	start := now.AddDate(0, 0, 7).Truncate(time.Hour)
	seat := c.Slot.Create().SetWindowID(window.ID).SetHostID(w.Home.Advisor.ID).SetStartsAt(start).SetEndsAt(start.Add(20 * time.Minute)).SaveX(sys)

	type request struct {
		client *apitest.Client
		query  string
		vars   map[string]any
	}
	var requests []request
	for f := range families {
		acc := c.Account.Create().SetEmail(fmt.Sprintf("family%d@home.plp.test", f)).SetName(fmt.Sprintf("Family %d", f)).
			SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
		c.Membership.Create().SetAccountID(acc.ID).SetSchoolID(home).SetRole(membership.RoleFamily).ExecX(sys)
		var kids []pulid.ID
		for k := range 3 {
			kid := c.Student.Create().SetSchoolID(home).SetGivenName(fmt.Sprintf("Kid %d", k)).SetPreferredName(fmt.Sprintf("Kid %d", k)).SetFamilyName(fmt.Sprintf("F%d", f)).
				SetGrade(9).SetGraduationYear(2030).SetAdvisorID(w.Home.Advisor.ID).SaveX(sys)
			c.Guardianship.Create().SetStudentID(kid.ID).SetFamilyID(acc.ID).SetRelationship("parent").ExecX(sys)
			kids = append(kids, kid.ID)
		}
		fc := s.As(t, acc)
		requests = append(requests,
			request{fc, bookJoint, map[string]any{"in": map[string]any{"slotID": seat.ID, "studentIDs": kids[:2]}}},
			request{fc, book, map[string]any{"in": map[string]any{"slotID": seat.ID, "studentID": kids[2]}}})
	}
	codes := make([]string, len(requests))
	var wg sync.WaitGroup
	begin := make(chan struct{})
	for i, r := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-begin
			if resp := r.client.Do(t, r.query, r.vars); len(resp.Errors) > 0 {
				codes[i] = resp.Errors[0].Code() + " " + resp.Errors[0].Message
			}
		}()
	}
	close(begin)
	wg.Wait()
	won, winner := 0, -1
	for i, code := range codes {
		switch {
		case code == "":
			won, winner = won+1, i
		case !strings.HasPrefix(code, "CONFLICT "):
			t.Errorf("request %d: %s, want success or CONFLICT", i, code)
		}
	}
	if won != 1 {
		t.Fatalf("%d requests won the one seat, want 1", won)
	}
	active := c.Conference.Query().Where(conference.SlotID(seat.ID),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).AllX(sys)
	wantActive := 1
	if winner%2 == 0 {
		wantActive = 2 // the joint booking won: two children, one seat
	}
	if len(active) != wantActive {
		t.Errorf("%d conferences in the slot, want %d (winner %d)", len(active), wantActive, winner)
	}
	if got := c.Slot.GetX(sys, seat.ID); got.Booked != 1 {
		t.Errorf("slot counts %d seats, want 1", got.Booked)
	}
	t.Logf("winner: request %d (%s) on %s", winner, map[bool]string{true: "joint", false: "single"}[winner%2 == 0], apitest.Dialect())
}

// checkJointInvite checks a joint invite as checkInvite does, and that its
// UID is the group's and it names both children; it returns the UID.
func checkJointInvite(t *testing.T, payload map[string]any, method string, sequence int, sl apiSlot, joint string) string {
	t.Helper()
	text, _ := payload["ics"].(string)
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse invite: %v\n%s", err, text)
	}
	if !strings.Contains(text, "METHOD:"+method) {
		t.Errorf("invite is not METHOD:%s:\n%s", method, text)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Id() != ical.UID(joint) {
		t.Errorf("UID %s, want the group's %s", ev.Id(), ical.UID(joint))
	}
	if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != fmt.Sprint(sequence) {
		t.Errorf("SEQUENCE %v, want %d", p, sequence)
	}
	if start, err := ev.GetStartAt(); err != nil || !start.Equal(sl.StartsAt) {
		t.Errorf("DTSTART %s (%v), want %s", start, err, sl.StartsAt)
	}
	if p := ev.GetProperty(ics.ComponentPropertySummary); p == nil || !strings.Contains(p.Value, "Robin and Kit") {
		t.Errorf("SUMMARY %v, want both children", p)
	}
	return ev.Id()
}

// TestJointConferenceReminders: before a joint conference each attendee is
// reminded once per reminder time, not once per child: the guardian of
// both children gets one message naming both, with the group's invite (the
// UID of the booking's, so calendars update the one event).
func TestJointConferenceReminders(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	b.admin.MustDo(t, allowJoint, map[string]any{"id": b.window, "n": 2}, nil)
	kit, father := sibling(t, b)
	b.bookJoint(t, b.fa, b.slots[0].ID, b.Home.Student.ID, kit.ID)
	uid := func(cal string) string {
		for _, line := range strings.Split(cal, "\n") {
			if strings.HasPrefix(line, "UID:") {
				return strings.TrimSpace(line)
			}
		}
		return ""
	}
	booked := b.notifications(t, outbox.KindConferenceBooked)
	if len(booked) == 0 || uid(fmt.Sprint(booked[0].Payload["ics"])) == "" {
		t.Fatalf("booking notifications %+v", booked)
	}
	want := uid(fmt.Sprint(booked[0].Payload["ics"]))

	// A day before (the 24-hour reminder is due), twice: one run's worth.
	b.at(t, b.slots[0].StartsAt.Add(-23*time.Hour))
	ctx := clock.NewContext(context.Background(), b.s.Clock.Now)
	for range 2 {
		if _, err := reminders.ConferenceReminders(ctx, b.s.DB.Client, reminders.ConferenceOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	per := map[pulid.ID]int{}
	for _, n := range b.notifications(t, outbox.KindConferenceReminder) {
		per[n.RecipientID]++
		if name := fmt.Sprint(n.Payload["studentName"]); !strings.Contains(name, " and ") {
			t.Errorf("reminder to %s names %q, want both children", n.RecipientID, name)
		}
		if got := uid(fmt.Sprint(n.Payload["ics"])); got != want {
			t.Errorf("reminder invite %q, want the booking's %q", got, want)
		}
	}
	for who, id := range map[string]pulid.ID{"guardian of both": b.Home.Family.ID, "Kit's father": father.ID,
		"host": b.Home.Advisor.ID, "Robin": b.Home.StudentAccount.ID} {
		if per[id] != 1 {
			t.Errorf("%s: %d reminders, want 1", who, per[id])
		}
	}
	if len(per) != 4 {
		t.Errorf("reminded %d people, want 4: %v", len(per), per)
	}
}
