package booking_test

import (
	"strings"
	"testing"
	"time"

	"plp/ent/conference"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

const (
	setStatus = `mutation($id: ID!, $s: ConferenceStatus!) { setConferenceStatus(id: $id, status: $s) { conference { id status } } }`
	feedback  = `mutation($id: ID!, $f: String!) { leaveConferenceFeedback(input: {conferenceID: $id, feedback: $f}) { conference { id familyFeedback studentFeedback } } }`
	adopt     = `mutation($in: AdoptNextStepsInput!) { adoptNextSteps(input: $in) { conference { id nextSteps } goals { id title area status student { id } } } }`
	inviteTo  = `mutation($id: ID!, $a: ID!) { inviteToConference(conferenceID: $id, accountID: $a) { conference { id } } }`
	readConf  = `query($id: ID!) { node(id: $id) { ... on Conference { id notes notesShared questions questionsPrivate familyFeedback studentFeedback } } }`
)

type confView struct {
	Node struct {
		Notes, Questions                *string
		NotesShared, QuestionsPrivate   bool
		FamilyFeedback, StudentFeedback string
	}
}

// TestConferenceRecord follows a conference after booking: private and
// shared notes and questions, the status moves, feedback from the family
// and the student, next steps that become goals in one mutation, and a
// partner the student invites.
func TestConferenceRecord(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	home := b.Home
	sys := b.s.System()
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	stuClient := b.s.As(t, home.StudentAccount)

	conf := b.book(t, b.fa, home.Student.ID, b.slots[0].ID, map[string]any{"questions": "Is she keeping up in chemistry?", "questionsPrivate": true})
	view := func(who string) confView {
		t.Helper()
		var out confView
		client := map[string]*apitest.Client{"family": b.fa, "student": stuClient, "advisor": b.advisor}[who]
		client.MustDo(t, readConf, map[string]any{"id": conf.ID}, &out)
		return out
	}
	// Private questions: the host and the family read them, the student not.
	if v := view("advisor"); v.Node.Questions == nil || !strings.Contains(*v.Node.Questions, "chemistry") {
		t.Errorf("advisor reads questions %v", v.Node.Questions)
	}
	if v := view("family"); v.Node.Questions == nil {
		t.Errorf("family does not read its own questions")
	}
	if v := view("student"); v.Node.Questions != nil {
		t.Errorf("student reads private questions %q", *v.Node.Questions)
	}

	// The host's notes: private until shared.
	b.advisor.MustDo(t, `mutation($id: ID!) { updateConference(id: $id, input: {notes: "Strong on lab safety; needs a study plan."}) { conference { id } } }`,
		map[string]any{"id": conf.ID}, nil)
	if v := view("advisor"); v.Node.Notes == nil {
		t.Errorf("host does not read their notes")
	}
	if v := view("family"); v.Node.Notes != nil {
		t.Errorf("family reads private notes %q", *v.Node.Notes)
	}
	if v := view("student"); v.Node.Notes != nil {
		t.Errorf("student reads private notes %q", *v.Node.Notes)
	}
	// Sharing is the host's: the family's update finds nothing it may change.
	b.fa.MustFail(t, "NOT_FOUND", `mutation($id: ID!) { updateConference(id: $id, input: {notesShared: true}) { conference { id } } }`,
		map[string]any{"id": conf.ID})
	b.advisor.MustDo(t, `mutation($id: ID!) { updateConference(id: $id, input: {notesShared: true}) { conference { id } } }`,
		map[string]any{"id": conf.ID}, nil)
	if v := view("family"); v.Node.Notes == nil || v.Node.NotesShared != true {
		t.Errorf("family does not read shared notes: %+v", v.Node)
	}

	// Status: the family confirms; nobody completes before the start; the
	// family never records the outcome.
	b.fa.MustDo(t, setStatus, map[string]any{"id": conf.ID, "s": "CONFIRMED"}, nil)
	b.fa.MustFail(t, "CONFLICT", setStatus, map[string]any{"id": conf.ID, "s": "CONFIRMED"})
	b.advisor.MustFail(t, "CONFLICT", setStatus, map[string]any{"id": conf.ID, "s": "COMPLETED"})
	b.advisor.MustFail(t, "BAD_USER_INPUT", setStatus, map[string]any{"id": conf.ID, "s": "CANCELLED"})
	b.fa.MustFail(t, "CONFLICT", feedback, map[string]any{"id": conf.ID, "f": "Too early"})
	b.at(t, b.slots[0].StartsAt.Add(30*time.Minute))
	stuClient = b.s.As(t, home.StudentAccount)
	b.fa.MustFail(t, "FORBIDDEN", setStatus, map[string]any{"id": conf.ID, "s": "COMPLETED"})
	b.advisor.MustDo(t, setStatus, map[string]any{"id": conf.ID, "s": "COMPLETED"}, nil)
	b.advisor.MustFail(t, "CONFLICT", setStatus, map[string]any{"id": conf.ID, "s": "NO_SHOW"})
	if seats, active := b.booked(t, b.slots[0].ID); seats != 0 || active != 0 {
		t.Errorf("a completed conference still holds %d seats (%d active)", seats, active)
	}

	// Feedback: each their own.
	b.fa.MustDo(t, feedback, map[string]any{"id": conf.ID, "f": "We learned a lot."}, nil)
	stuClient.MustDo(t, feedback, map[string]any{"id": conf.ID, "f": "I was nervous but it went well."}, nil)
	b.advisor.MustFail(t, "FORBIDDEN", feedback, map[string]any{"id": conf.ID, "f": "Not mine to give"})
	if v := view("advisor"); v.Node.FamilyFeedback != "We learned a lot." || v.Node.StudentFeedback != "I was nervous but it went well." {
		t.Errorf("feedback reads %+v", v.Node)
	}

	// Next steps become goals in one mutation; the student cannot do it.
	in := map[string]any{"conferenceID": conf.ID, "steps": []map[string]any{
		{"title": "Make a chemistry study plan", "area": "ACADEMIC", "why": "To keep up in lab."},
		{"title": "Shadow a pharmacist", "area": "CAREER", "targetDate": "2027-01-15T00:00:00Z"},
	}}
	stuClient.MustFail(t, "FORBIDDEN", adopt, map[string]any{"in": in})
	var adopted struct {
		AdoptNextSteps struct {
			Conference struct{ NextSteps string }
			Goals      []struct {
				ID, Title, Area, Status string
				Student                 struct{ ID string }
			}
		}
	}
	b.advisor.MustDo(t, adopt, map[string]any{"in": in}, &adopted)
	goals := adopted.AdoptNextSteps.Goals
	if len(goals) != 2 || goals[0].Title != "Make a chemistry study plan" || goals[1].Area != "CAREER" ||
		goals[0].Status != "ACTIVE" || goals[0].Student.ID != string(home.Student.ID) {
		t.Errorf("goals %+v", goals)
	}
	if !strings.Contains(adopted.AdoptNextSteps.Conference.NextSteps, "Shadow a pharmacist") {
		t.Errorf("next steps %q", adopted.AdoptNextSteps.Conference.NextSteps)
	}
	if n := b.s.DB.Client.Goal.Query().Where(goal.StudentID(home.Student.ID), goal.TitleIn("Make a chemistry study plan", "Shadow a pharmacist")).CountX(sys); n != 2 {
		t.Errorf("%d goals in the plan, want 2", n)
	}
	// A step without a title adds nothing, not even the others.
	b.advisor.MustFail(t, "BAD_USER_INPUT", adopt, map[string]any{"in": map[string]any{"conferenceID": conf.ID,
		"steps": []map[string]any{{"title": "Fine", "area": "CIVIC"}, {"title": " ", "area": "CIVIC"}}}})
	if n := b.s.DB.Client.Goal.Query().Where(goal.Title("Fine")).CountX(sys); n != 0 {
		t.Errorf("a refused adoptNextSteps left %d goals", n)
	}

	// The student invites their partner; not the other school's partner,
	// nor a family member.
	stuClient.MustDo(t, inviteTo, map[string]any{"id": conf.ID, "a": home.Partner.ID}, nil)
	stuClient.MustFail(t, "BAD_USER_INPUT", inviteTo, map[string]any{"id": conf.ID, "a": b.Other.Partner.ID})
	b.fa.MustFail(t, "FORBIDDEN", inviteTo, map[string]any{"id": conf.ID, "a": home.Counselor.ID})
	stuClient.MustDo(t, inviteTo, map[string]any{"id": conf.ID, "a": home.Counselor.ID}, nil)
	ids := b.s.DB.Client.Conference.Query().Where(conference.ID(pulid.ID(conf.ID))).QueryAttendees().IDsX(sys)
	found := map[pulid.ID]bool{}
	for _, id := range ids {
		found[id] = true
	}
	if !found[home.Partner.ID] || !found[home.Counselor.ID] {
		t.Errorf("attendees %v lack the partner or counselor", ids)
	}
}

// TestInterpreterNeedsAndBookingReport checks the school's lists: the
// interpreters needed per language and time (with interpreter blocks), and
// booked and unbooked advisees per advisor.
func TestInterpreterNeedsAndBookingReport(t *testing.T) {
	t.Parallel()
	b := newBookingWorld(t)
	home := b.Home
	sys := b.s.System()
	c := b.s.DB.Client
	// A second advisee with their own family, who books in a Nepali
	// interpreter block; and a third who has not booked.
	kid := c.Student.Create().SetSchoolID(home.School.ID).SetGivenName("Bishnu").SetFamilyName("Gurung").SetPreferredName("Bishnu").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(home.Advisor.ID).SaveX(sys)
	late := c.Student.Create().SetSchoolID(home.School.ID).SetGivenName("Zoe").SetFamilyName("Zeller").SetPreferredName("Zoe").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(home.Advisor.ID).SaveX(sys)
	block := generateSlots(t, b.advisor, b.window, home.Advisor.ID, map[string]any{"date": "2026-11-13", "from": "15:00", "to": "15:30"})
	c.Slot.UpdateOneID(pulid.ID(block[0].ID)).SetInterpreterLanguage("ne").ExecX(sys)
	b.at(t, time.Date(2026, 10, 21, 12, 0, 0, 0, time.UTC))
	b.book(t, b.fa, home.Student.ID, b.slots[1].ID, map[string]any{"interpreterLanguage": "es"})
	b.book(t, b.advisor, kid.ID, block[0].ID, map[string]any{"interpreterLanguage": "ne", "accommodations": "Ground floor room"})

	var needs struct {
		InterpreterNeeds []struct {
			Language     string
			StartsAt     time.Time
			ReservedSlot bool
			Conference   struct{ ID string }
		}
	}
	r := b.admin.MustDo(t, `query($w: ID!) { interpreterNeeds(windowID: $w) { language startsAt reservedSlot conference { id accommodations } } }`,
		map[string]any{"w": b.window}, &needs)
	got := needs.InterpreterNeeds
	if len(got) != 2 || got[0].Language != "es" || got[0].ReservedSlot || got[1].Language != "ne" || !got[1].ReservedSlot ||
		!got[1].StartsAt.Equal(block[0].StartsAt) {
		t.Errorf("interpreter needs %+v", got)
	}
	if r.Statements > 6 {
		t.Errorf("interpreterNeeds ran %d statements", r.Statements)
	}
	b.fa.MustFail(t, "FORBIDDEN", `query($w: ID!) { interpreterNeeds(windowID: $w) { language } }`, map[string]any{"w": b.window})

	var report struct {
		BookingReport []struct {
			Advisor          struct{ ID string }
			Booked, Unbooked []struct{ ID string }
		}
	}
	b.advisor.MustDo(t, `query($w: ID!) { bookingReport(windowID: $w) { advisor { id } booked { id } unbooked { id } } }`,
		map[string]any{"w": b.window}, &report)
	if len(report.BookingReport) != 1 {
		t.Fatalf("report %+v", report)
	}
	row := report.BookingReport[0]
	ids := func(xs []struct{ ID string }) string {
		var out []string
		for _, x := range xs {
			out = append(out, x.ID)
		}
		return strings.Join(out, ",")
	}
	if row.Advisor.ID != string(home.Advisor.ID) || len(row.Booked) != 2 || ids(row.Unbooked) != string(late.ID) {
		t.Errorf("report row %+v", row)
	}
	b.s.As(t, home.StudentAccount).MustFail(t, "FORBIDDEN", `query($w: ID!) { bookingReport(windowID: $w) { advisor { id } } }`, map[string]any{"w": b.window})
}
