package booking_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/notification"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/devtools/apitest"
)

const (
	createWindow = `mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`
	generate     = `mutation($in: GenerateSlotsInput!) { generateSlots(input: $in) { slots { id startsAt endsAt capacity location } } }`
	book         = `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id status slot { id } sequence questions questionsPrivate interpreterLanguage accommodations attendees { id } } } }`
	move         = `mutation($in: MoveConferenceInput!) { moveConference(input: $in) { conference { id status slot { id } sequence } } }`
	cancel       = `mutation($in: CancelConferenceInput!) { cancelConference(input: $in) { conference { id status sequence cancelledAt } } }`
	removeSlot   = `mutation($id: ID!) { removeSlot(id: $id) { deletedID slot { id blocked } } }`
	blockSlot    = `mutation($id: ID!, $b: Boolean!) { blockSlot(id: $id, blocked: $b) { slot { id blocked } } }`
)

type apiSlot struct {
	ID               string
	StartsAt, EndsAt time.Time
	Capacity         int
	Location         string
}

type apiConference struct {
	ID, Status       string
	Slot             struct{ ID string }
	Sequence         int
	Questions        *string
	QuestionsPrivate bool
	Attendees        []struct{ ID string }
}

// at sets the test server's clock to t.
func at(s *apitest.Server, t time.Time) { s.Clock.Advance(t.Sub(s.Clock.Now())) }

func newWindow(t *testing.T, admin *apitest.Client, school pulid.ID, opens, closes time.Time) string {
	t.Helper()
	var out struct {
		CreateConferenceWindow struct{ ConferenceWindow struct{ ID string } }
	}
	admin.MustDo(t, createWindow, map[string]any{"in": map[string]any{
		"schoolID": school, "term": "Fall conferences", "opensAt": opens, "closesAt": closes,
		"slotMinutes": 20, "bufferMinutes": 5, "location": "Advisory room", "cancelCutoffHours": 24,
	}}, &out)
	return out.CreateConferenceWindow.ConferenceWindow.ID
}

func generateSlots(t *testing.T, c *apitest.Client, window string, host pulid.ID, ranges ...map[string]any) []apiSlot {
	t.Helper()
	var out struct{ GenerateSlots struct{ Slots []apiSlot } }
	c.MustDo(t, generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": host, "ranges": ranges}}, &out)
	return out.GenerateSlots.Slots
}

func day(date, from, to string) map[string]any {
	return map[string]any{"date": date, "from": from, "to": to}
}

// TestGenerateSlotsAcrossDST cuts slots from several ranges a day in the
// school's time zone, on days either side of the 2026 fall-back in New York
// and across the change itself: local times hold on either side, and the
// night of the change has exactly the slots its real length allows, none
// lost and none doubled.
func TestGenerateSlotsAcrossDST(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	at(s, time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC))
	admin, advisor := s.As(t, w.Home.Admin), s.As(t, w.Home.Advisor)
	window := newWindow(t, admin, w.Home.School.ID, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC))

	got := generateSlots(t, advisor, window, w.Home.Advisor.ID,
		day("2026-10-30", "15:00", "16:00"), day("2026-10-30", "17:00", "18:00"),
		day("2026-11-01", "00:30", "03:00"),
		day("2026-11-02", "15:00", "16:00"))
	var starts []string
	for _, sl := range got {
		starts = append(starts, sl.StartsAt.UTC().Format("01-02 15:04"))
		if sl.EndsAt.Sub(sl.StartsAt) != 20*time.Minute {
			t.Errorf("slot %s lasts %s, want 20m", sl.ID, sl.EndsAt.Sub(sl.StartsAt))
		}
		if sl.Location != "Advisory room" || sl.Capacity != 1 {
			t.Errorf("slot %s: location %q capacity %d, want the window's room and 1", sl.ID, sl.Location, sl.Capacity)
		}
	}
	want := []string{
		// 15:00 and 17:00 EDT (UTC-4): two ranges of one afternoon.
		"10-30 19:00", "10-30 19:25", "10-30 21:00", "10-30 21:25",
		// 00:30 EDT to 03:00 EST is 3h30 of real time: eight slots every
		// 25 minutes, the hour from 01:00 to 02:00 local twice over.
		"11-01 04:30", "11-01 04:55", "11-01 05:20", "11-01 05:45", "11-01 06:10", "11-01 06:35", "11-01 07:00", "11-01 07:25",
		// 15:00 EST (UTC-5): the same local time as before the change.
		"11-02 20:00", "11-02 20:25",
	}
	if strings.Join(starts, ",") != strings.Join(want, ",") {
		t.Fatalf("slots start at\n%v\nwant\n%v", starts, want)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if l := got[len(got)-2].StartsAt.In(ny); l.Hour() != 15 || l.Minute() != 0 {
		t.Errorf("slot after the change starts at %s local, want 15:00", l)
	}

	// Overlaps with the host's own slots, and among the ranges, are refused.
	e := advisor.MustFail(t, "CONFLICT", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
		"ranges": []map[string]any{day("2026-11-02", "15:10", "16:00")}}})
	if !strings.Contains(e.Message, "overlaps") {
		t.Errorf("overlap message %q", e.Message)
	}
	e = advisor.MustFail(t, "BAD_USER_INPUT", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
		"ranges": []map[string]any{day("2026-11-03", "15:00", "16:00"), day("2026-11-03", "15:30", "17:00")}}})
	if e.Field() != "ranges" {
		t.Errorf("overlapping ranges: field %q, want ranges", e.Field())
	}
	advisor.MustFail(t, "CONFLICT", `mutation($in: CreateSlotInput!) { createSlot(input: $in) { slot { id } } }`,
		map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
			"startsAt": "2026-10-30T19:10:00Z", "endsAt": "2026-10-30T19:30:00Z"}})
	// Slots in the past are refused.
	e = advisor.MustFail(t, "BAD_USER_INPUT", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
		"ranges": []map[string]any{day("2026-10-01", "15:00", "16:00")}}})
	if e.Field() != "startsAt" {
		t.Errorf("past slot: field %q, want startsAt", e.Field())
	}
	// Malformed ranges.
	for _, r := range []map[string]any{day("2026-13-01", "15:00", "16:00"), day("2026-11-04", "3pm", "16:00"), day("2026-11-04", "16:00", "15:00")} {
		advisor.MustFail(t, "BAD_USER_INPUT", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
			"ranges": []map[string]any{r}}})
	}
	// Another host's slots are not the advisor's to cut; the admin's are.
	advisor.MustFail(t, "BAD_USER_INPUT", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Counselor.ID,
		"ranges": []map[string]any{day("2026-11-04", "15:00", "16:00")}}})
	if n := len(generateSlots(t, admin, window, w.Home.Counselor.ID, day("2026-11-04", "15:00", "16:00"))); n != 2 {
		t.Errorf("admin cut %d slots for the counselor, want 2", n)
	}
	s.As(t, w.Home.Family).MustFail(t, "FORBIDDEN", generate, map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Family.ID,
		"ranges": []map[string]any{day("2026-11-05", "15:00", "16:00")}}})
}

// bookingWorld is Home with an open window and the advisor's slots.
type bookingWorld struct {
	*apitest.World
	s                  *apitest.Server
	window             string
	slots              []apiSlot
	admin, advisor, fa *apitest.Client
}

func newBookingWorld(t *testing.T) *bookingWorld {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	at(s, time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC))
	b := &bookingWorld{World: w, s: s, admin: s.As(t, w.Home.Admin), advisor: s.As(t, w.Home.Advisor), fa: s.As(t, w.Home.Family)}
	b.window = newWindow(t, b.admin, w.Home.School.ID, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC))
	b.slots = generateSlots(t, b.advisor, b.window, w.Home.Advisor.ID, day("2026-11-12", "15:00", "17:00"), day("2026-11-20", "15:00", "16:00"))
	return b
}

// at sets the clock and signs everyone in again (sessions expire).
func (b *bookingWorld) at(t *testing.T, when time.Time) {
	t.Helper()
	at(b.s, when)
	b.admin, b.advisor, b.fa = b.s.As(t, b.Home.Admin), b.s.As(t, b.Home.Advisor), b.s.As(t, b.Home.Family)
}

func (b *bookingWorld) book(t *testing.T, c *apitest.Client, student pulid.ID, slotID string, extra map[string]any) apiConference {
	t.Helper()
	in := map[string]any{"slotID": slotID, "studentID": student}
	for k, v := range extra {
		in[k] = v
	}
	var out struct {
		BookConference struct{ Conference apiConference }
	}
	c.MustDo(t, book, map[string]any{"in": in}, &out)
	return out.BookConference.Conference
}

// booked returns a slot's seat count and its active conferences, as the
// database has them.
func (b *bookingWorld) booked(t *testing.T, slotID string) (int, int) {
	t.Helper()
	ctx := b.s.System()
	sl := b.s.DB.Client.Slot.Query().Where(slot.ID(pulid.ID(slotID))).OnlyX(ctx)
	n := b.s.DB.Client.Conference.Query().Where(conference.SlotID(pulid.ID(slotID)),
		conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed)).CountX(ctx)
	return sl.Booked, n
}

func (b *bookingWorld) notifications(t *testing.T, kind string) []*ent.Notification {
	t.Helper()
	return b.s.DB.Client.Notification.Query().Where(notification.Kind(kind)).
		Order(notification.ByCreatedAt()).AllX(b.s.System())
}

// TestFamilyBooking walks one family through booking, moving and
// cancelling, with every refusal the rules make, on the API.
func TestFamilyBooking(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	s, home := b.s, b.Home
	stu := home.Student.ID
	sys := b.s.System()

	// Before the window opens.
	e := b.fa.MustFail(t, "BAD_USER_INPUT", book, map[string]any{"in": map[string]any{"slotID": b.slots[0].ID, "studentID": stu}})
	if !strings.Contains(e.Message, "opens") {
		t.Errorf("before opening: %q", e.Message)
	}
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))

	// A second household: another guardian of the same child.
	other := s.DB.Client.Account.Create().SetEmail("second.home@home.plp.test").SetName("Second Home").SetPasswordHash(apitest.PasswordHash()).SaveX(sys)
	s.DB.Client.Membership.Create().SetAccountID(other.ID).SetSchoolID(home.School.ID).SetRole("FAMILY").ExecX(sys)
	s.DB.Client.Guardianship.Create().SetStudentID(stu).SetFamilyID(other.ID).SetRelationship("father").ExecX(sys)

	conf := b.book(t, b.fa, stu, b.slots[0].ID, map[string]any{"questions": "How is she doing in math?", "questionsPrivate": true,
		"interpreterLanguage": "es", "accommodations": "Wheelchair access"})
	if conf.Status != "BOOKED" || conf.Slot.ID != b.slots[0].ID || conf.Sequence != 0 || !conf.QuestionsPrivate {
		t.Fatalf("booked %+v", conf)
	}
	// The family sees only the accounts it may (itself and staff); the
	// database has everyone.
	attendees := map[string]bool{}
	for _, id := range s.DB.Client.Conference.Query().Where(conference.ID(pulid.ID(conf.ID))).QueryAttendees().IDsX(sys) {
		attendees[string(id)] = true
	}
	for _, who := range []*ent.Account{home.Family, other, home.StudentAccount, home.Advisor} {
		if !attendees[string(who.ID)] {
			t.Errorf("%s is not an attendee: %v", who.Email, attendees)
		}
	}
	if n := s.DB.Client.Student.Query().CountX(sys); n != 2 {
		t.Errorf("%d students, want 2: booking must not copy the student per household", n)
	}
	if seats, active := b.booked(t, b.slots[0].ID); seats != 1 || active != 1 {
		t.Errorf("slot 0: %d seats, %d active, want 1 and 1", seats, active)
	}
	// Both households are told, each with the invite, and the host and the
	// student.
	sent := b.notifications(t, "conference_booked")
	if len(sent) != 4 {
		t.Fatalf("%d booking notifications, want one per guardian, the host and the student", len(sent))
	}
	recipients := map[pulid.ID]bool{}
	for _, n := range sent {
		recipients[n.RecipientID] = true
	}
	if !recipients[home.Family.ID] || !recipients[other.ID] || !recipients[home.Advisor.ID] || !recipients[home.StudentAccount.ID] {
		t.Errorf("notified %v", recipients)
	}
	uid := checkInvite(t, sent[0].Payload, "REQUEST", 0, b.slots[0])

	// A second booking in the window, a child not theirs, a guardian who
	// may not book.
	e = b.fa.MustFail(t, "CONFLICT", book, map[string]any{"in": map[string]any{"slotID": b.slots[1].ID, "studentID": stu}})
	if !strings.Contains(e.Message, "already has a conference") {
		t.Errorf("second booking: %q", e.Message)
	}
	b.fa.MustFail(t, "NOT_FOUND", book, map[string]any{"in": map[string]any{"slotID": b.slots[1].ID, "studentID": b.Other.Student.ID}})
	s.DB.Client.Guardianship.Update().SetCanBook(false).ExecX(sys)
	s.As(t, other).MustFail(t, "FORBIDDEN", cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}})
	s.DB.Client.Guardianship.Update().SetCanBook(true).ExecX(sys)

	// Someone else's child takes slot 1; a move there is refused and the
	// booking stays where it was.
	kid := s.DB.Client.Student.Create().SetSchoolID(home.School.ID).SetGivenName("Sam").SetFamilyName("Other").
		SetPreferredName("Sam").SetGrade(10).SetGraduationYear(2029).SetAdvisorID(home.Advisor.ID).SaveX(sys)
	b.book(t, b.advisor, kid.ID, b.slots[1].ID, nil)
	e = b.fa.MustFail(t, "CONFLICT", move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[1].ID}})
	if seats, active := b.booked(t, b.slots[0].ID); seats != 1 || active != 1 {
		t.Errorf("after a refused move, slot 0: %d seats, %d active, want 1 and 1", seats, active)
	}
	if seats, active := b.booked(t, b.slots[1].ID); seats != 1 || active != 1 {
		t.Errorf("after a refused move, slot 1: %d seats, %d active, want 1 and 1", seats, active)
	}
	// A blocked slot is not bookable.
	b.advisor.MustDo(t, blockSlot, map[string]any{"id": b.slots[2].ID, "b": true}, nil)
	b.fa.MustFail(t, "CONFLICT", move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[2].ID}})
	b.advisor.MustDo(t, blockSlot, map[string]any{"id": b.slots[2].ID, "b": false}, nil)

	// The move: new seat taken, old freed, sequence raised, families told.
	var moved struct {
		MoveConference struct{ Conference apiConference }
	}
	b.fa.MustDo(t, move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[2].ID}}, &moved)
	if c := moved.MoveConference.Conference; c.Slot.ID != b.slots[2].ID || c.Sequence != 1 || c.Status != "BOOKED" {
		t.Errorf("moved %+v", c)
	}
	for i, want := range []int{0, 1, 1} {
		if seats, active := b.booked(t, b.slots[i].ID); seats != want || active != want {
			t.Errorf("after the move, slot %d: %d seats, %d active, want %d", i, seats, active, want)
		}
	}
	movedMail := b.notifications(t, "conference_moved")
	if len(movedMail) != 4 {
		t.Fatalf("%d move notifications, want 4 (two guardians, the host, the student)", len(movedMail))
	}
	if got := checkInvite(t, movedMail[0].Payload, "REQUEST", 1, b.slots[2]); got != uid {
		t.Errorf("UID changed on move: %s, was %s", got, uid)
	}

	// A booked slot is neither removed nor retimed silently.
	b.advisor.MustFail(t, "CONFLICT", removeSlot, map[string]any{"id": b.slots[2].ID})
	b.advisor.MustFail(t, "CONFLICT", `mutation($id: ID!) { updateSlot(id: $id, input: {startsAt: "2026-11-12T23:00:00Z", endsAt: "2026-11-12T23:20:00Z"}) { slot { id } } }`,
		map[string]any{"id": b.slots[2].ID})
	// A free slot is deleted.
	var removed struct{ RemoveSlot struct{ DeletedID *string } }
	b.advisor.MustDo(t, removeSlot, map[string]any{"id": b.slots[4].ID}, &removed)
	if removed.RemoveSlot.DeletedID == nil || *removed.RemoveSlot.DeletedID != b.slots[4].ID {
		t.Errorf("removeSlot of a free slot: %+v", removed)
	}

	// Cancel after the cut-off (24 hours before) is refused; before, it
	// frees the seat and sends a CANCEL with a higher sequence.
	b.at(t, b.slots[2].StartsAt.Add(-23*time.Hour))
	b.fa.MustFail(t, "CONFLICT", cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}})
	b.fa.MustFail(t, "CONFLICT", move, map[string]any{"in": map[string]any{"conferenceID": conf.ID, "slotID": b.slots[3].ID}})
	b.at(t, b.slots[2].StartsAt.Add(-25*time.Hour))
	var cancelled struct {
		CancelConference struct{ Conference apiConference }
	}
	b.fa.MustDo(t, cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}}, &cancelled)
	if c := cancelled.CancelConference.Conference; c.Status != "CANCELLED" || c.Sequence != 2 {
		t.Errorf("cancelled %+v", c)
	}
	if seats, active := b.booked(t, b.slots[2].ID); seats != 0 || active != 0 {
		t.Errorf("after cancel: %d seats, %d active", seats, active)
	}
	cancelMail := b.notifications(t, "conference_cancelled")
	if len(cancelMail) != 4 {
		t.Fatalf("%d cancel notifications, want 4 (two guardians, the host, the student)", len(cancelMail))
	}
	if got := checkInvite(t, cancelMail[0].Payload, "CANCEL", 2, b.slots[2]); got != uid {
		t.Errorf("UID changed on cancel: %s, was %s", got, uid)
	}
	b.fa.MustFail(t, "CONFLICT", cancel, map[string]any{"in": map[string]any{"conferenceID": conf.ID}})
	// A slot with only a cancelled conference keeps the history: blocked.
	var kept struct {
		RemoveSlot struct {
			DeletedID *string
			Slot      *struct {
				ID      string
				Blocked bool
			}
		}
	}
	b.advisor.MustDo(t, removeSlot, map[string]any{"id": b.slots[2].ID}, &kept)
	if kept.RemoveSlot.Slot == nil || !kept.RemoveSlot.Slot.Blocked {
		t.Errorf("removeSlot of a slot with history: %+v", kept)
	}

	// Booking again after the cancel works; after the window closes it
	// does not, for families.
	b.book(t, b.fa, stu, b.slots[3].ID, nil)
	b.at(t, time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC))
	e = b.fa.MustFail(t, "BAD_USER_INPUT", book, map[string]any{"in": map[string]any{"slotID": b.slots[5].ID, "studentID": kid.ID}})
	if !strings.Contains(e.Message, "closed") {
		t.Errorf("after closing: %q", e.Message)
	}
	// A slot that has started is refused to everyone.
	b.at(t, b.slots[5].StartsAt.Add(time.Minute))
	b.admin.MustFail(t, "BAD_USER_INPUT", book, map[string]any{"in": map[string]any{"slotID": b.slots[5].ID, "studentID": kid.ID}})
}

// checkInvite parses the payload's calendar with golang-ical and checks its
// method, sequence, UID and times (in the school's TZID); it returns the UID.
func checkInvite(t *testing.T, payload map[string]any, method string, sequence int, sl apiSlot) string {
	t.Helper()
	text, _ := payload["ics"].(string)
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse invite: %v\n%s", err, text)
	}
	if m := cal.CalendarProperties; len(m) == 0 {
		t.Fatalf("calendar has no properties:\n%s", text)
	}
	if !strings.Contains(text, "METHOD:"+method) {
		t.Errorf("invite is not METHOD:%s:\n%s", method, text)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	ev := events[0]
	if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != strconv.Itoa(sequence) {
		t.Errorf("SEQUENCE %v, want %d", p, sequence)
	}
	start, err := ev.GetStartAt()
	if err != nil || !start.Equal(sl.StartsAt) {
		t.Errorf("DTSTART %s (%v), want %s", start, err, sl.StartsAt)
	}
	end, err := ev.GetEndAt()
	if err != nil || !end.Equal(sl.EndsAt) {
		t.Errorf("DTEND %s (%v), want %s", end, err, sl.EndsAt)
	}
	if tz := ev.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "America/New_York" {
		t.Errorf("DTSTART TZID %v, want the school's", tz)
	}
	if p := ev.GetProperty(ics.ComponentPropertyLocation); p == nil || p.Value != "Advisory room" {
		t.Errorf("LOCATION %v", p)
	}
	if payload["conferenceID"] == nil || !strings.HasPrefix(ev.Id(), strings.ToLower(payload["conferenceID"].(string))) {
		t.Errorf("UID %q is not the conference's", ev.Id())
	}
	return ev.Id()
}
