package server_test

import (
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/server"
)

// TestWaitlistPosition: each family sees its own place in line, first come
// first; an offered entry has none; the places of the others move up.
func TestWaitlistPosition(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx, c := s.System(), s.DB.Client
	admin := s.As(t, w.Home.Admin)
	var win struct {
		CreateConferenceWindow struct{ ConferenceWindow struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "term": "Fall", "opensAt": apitest.Start.Add(-time.Hour),
			"closesAt": apitest.Start.Add(10 * 24 * time.Hour), "slotMinutes": 25, "bufferMinutes": 5, "cancelCutoffHours": 24}}, &win)
	window := win.CreateConferenceWindow.ConferenceWindow.ID
	var gen struct {
		GenerateSlots struct{ Slots []struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: GenerateSlotsInput!) { generateSlots(input: $in) { slots { id } } }`,
		map[string]any{"in": map[string]any{"windowID": window, "hostID": w.Home.Advisor.ID,
			"ranges": []map[string]any{{"date": "2026-12-01", "from": "15:00", "to": "15:30"}}}}, &gen)
	advisor := s.As(t, w.Home.Advisor)
	// The one time is taken by another student's family.
	other := c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Kim").SetFamilyName("Other").SetPreferredName("Kim").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(w.Home.Advisor.ID).SaveX(ctx)
	var booked struct {
		BookConference struct{ Conference struct{ ID string } }
	}
	advisor.MustDo(t, `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
		map[string]any{"in": map[string]any{"slotID": gen.GenerateSlots.Slots[0].ID, "studentID": other.ID}}, &booked)
	// Staff put a third student on the list first, then Robin's family joins.
	third := c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Lee").SetFamilyName("Third").SetPreferredName("Lee").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(w.Home.Advisor.ID).SaveX(ctx)
	join := `mutation($w: ID!, $s: ID!) { joinWaitlist(input: {windowID: $w, studentID: $s}) { waitlistEntry { id position } } }`
	var first, second struct {
		JoinWaitlist struct {
			WaitlistEntry struct {
				ID       string
				Position *int
			}
		}
	}
	advisor.MustDo(t, join, map[string]any{"w": window, "s": third.ID}, &first)
	s.Clock.Advance(time.Minute)
	family := s.As(t, w.Home.Family)
	family.MustDo(t, join, map[string]any{"w": window, "s": w.Home.Student.ID}, &second)
	if p := first.JoinWaitlist.WaitlistEntry.Position; p == nil || *p != 1 {
		t.Errorf("first in line at %v, want 1", p)
	}
	if p := second.JoinWaitlist.WaitlistEntry.Position; p == nil || *p != 2 {
		t.Fatalf("second in line at %v, want 2", p)
	}
	// The family reads it through the student, and sees only its own entry.
	mine := func() []struct {
		Status   string
		Position *int
	} {
		var out struct {
			Node struct {
				Waitlist []struct {
					Status   string
					Position *int
				}
			}
		}
		family.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student { waitlist { status position } } } }`,
			map[string]any{"id": w.Home.Student.ID}, &out)
		return out.Node.Waitlist
	}
	if got := mine(); len(got) != 1 || got[0].Position == nil || *got[0].Position != 2 {
		t.Fatalf("Student.waitlist %+v, want one entry at 2", got)
	}
	// The time frees: the first in line is offered it (no place any more),
	// and Robin moves up to 1.
	advisor.MustDo(t, `mutation($id: ID!) { cancelConference(input: {conferenceID: $id}) { conference { id } } }`,
		map[string]any{"id": booked.BookConference.Conference.ID}, nil)
	var offered struct {
		Node struct {
			Status   string
			Position *int
		}
	}
	advisor.MustDo(t, `query($id: ID!) { node(id: $id) { ... on WaitlistEntry { status position } } }`,
		map[string]any{"id": first.JoinWaitlist.WaitlistEntry.ID}, &offered)
	if offered.Node.Status != "OFFERED" || offered.Node.Position != nil {
		t.Errorf("offered entry %+v, want OFFERED without a place", offered.Node)
	}
	if got := mine(); len(got) != 1 || got[0].Position == nil || *got[0].Position != 1 {
		t.Errorf("after the offer, Robin's entry %+v, want 1", got)
	}
}

// TestSignInProviders: anyone sees the buttons (name and school), nothing
// of a provider's configuration.
func TestSignInProviders(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.KeySecret = "sso-test" }))
	w := apitest.NewWorld(t, s.DB)
	p := newTestProvider(t)
	var conf struct {
		ConfigureSSOProvider struct{ Provider struct{ ID string } }
	}
	s.As(t, w.Home.Admin).MustDo(t, `mutation($s: ID!, $i: String!) { configureSSOProvider(input: {school: $s, name: "District Google", issuer: $i, clientID: "plp", clientSecret: "plp-secret", allowedDomains: ["home.plp.test"]}) { provider { id } } }`,
		map[string]any{"s": w.Home.School.ID, "i": p.issuer}, &conf)
	var out struct {
		SignInProviders []struct{ ID, Name, SchoolName, StartURL string }
	}
	s.Anonymous().MustDo(t, `{ signInProviders { id name schoolName startURL } }`, nil, &out)
	id := conf.ConfigureSSOProvider.Provider.ID
	if len(out.SignInProviders) != 1 || out.SignInProviders[0].ID != id || out.SignInProviders[0].Name != "District Google" ||
		out.SignInProviders[0].SchoolName != w.Home.School.Name || out.SignInProviders[0].StartURL != "/sso/"+id+"/start" {
		t.Errorf("providers %+v", out.SignInProviders)
	}
}

// TestUpdateMySettings: a person changes their own language and mail, and
// nobody else's; a bad language tag is BAD_USER_INPUT.
func TestUpdateMySettings(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	family := s.As(t, w.Home.Family)
	var out struct {
		UpdateMySettings struct {
			Account struct {
				ID, PreferredLanguage string
				MailOptOut            bool
			}
		}
	}
	family.MustDo(t, `mutation { updateMySettings(input: {preferredLanguage: "es", mailOptOut: true}) { account { id preferredLanguage mailOptOut } } }`, nil, &out)
	a := out.UpdateMySettings.Account
	if a.ID != string(w.Home.Family.ID) || a.PreferredLanguage != "es" || !a.MailOptOut {
		t.Errorf("after the change %+v", a)
	}
	family.MustDo(t, `mutation { updateMySettings(input: {mailOptOut: false}) { account { preferredLanguage mailOptOut } } }`, nil, &out)
	if a := out.UpdateMySettings.Account; a.PreferredLanguage != "es" || a.MailOptOut {
		t.Errorf("only mailOptOut should change: %+v", a)
	}
	family.MustFail(t, "BAD_USER_INPUT", `mutation { updateMySettings(input: {preferredLanguage: "not a language!"}) { account { id } } }`, nil)
	s.Anonymous().MustFail(t, "UNAUTHENTICATED", `mutation { updateMySettings(input: {mailOptOut: true}) { account { id } } }`, nil)
	// The other family's account is untouched.
	if other := s.DB.Client.Account.GetX(s.System(), w.Other.Family.ID); other.MailOptOut {
		t.Errorf("another account changed")
	}
}
