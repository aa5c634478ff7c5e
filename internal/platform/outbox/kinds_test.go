package outbox_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"plp/internal/platform/outbox"
)

// samples are the data of one message of each kind, as their writers
// give it.
var samples = map[string]map[string]any{
	outbox.KindMagicLink:     {"link": "https://plp.school.example/sign-in?token=abc", "validMinutes": 15},
	outbox.KindPasswordReset: {"link": "https://plp.school.example/reset-password?token=abc", "validMinutes": 30},
	outbox.KindInvitation: {"link": "https://plp.school.example/invitation?token=abc", "validDays": 7,
		"schoolName": "Green Mountain High", "inviterName": "Dana Admin", "ssoLinks": []any{"https://plp.school.example/sso/google/start"}},
	outbox.KindReflectionReminder: {"prompt": "What surprised you this week?", "goal": "Build a robot arm", "days": 14, "never": false, "link": "https://plp.school.example/"},
	outbox.KindFamilyDigest: {"student": "Robin", "link": "https://plp.school.example/",
		"items": []any{map[string]any{"kind": "goal", "title": "Build a robot arm"}, map[string]any{"kind": "evidence", "title": "First test"}}},
	outbox.KindConferenceBooked:    booked(),
	outbox.KindConferenceMoved:     booked(),
	outbox.KindConferenceCancelled: cancelled,
	outbox.KindConferenceReminder: {"studentName": "Robin", "hostName": "Ms. Rivera", "startsAt": "2026-12-01T15:00:00Z",
		"timezone": "America/New_York", "hoursBefore": 24, "location": "Room 12", "videoURL": "", "ics": ics},
	outbox.KindConferenceAgenda: {"studentName": "Robin", "startsAt": "2026-12-01T15:00:00Z", "timezone": "America/New_York",
		"items": []any{map[string]any{"title": "Goal: Build a robot arm", "lines": []any{"Progress: 50%"}}}},
	outbox.KindConferenceAgendaUpdate: {"studentName": "Robin", "startsAt": "2026-12-01T15:00:00Z", "timezone": "America/New_York",
		"items": []any{map[string]any{"title": "Goal: Build a robot arm", "lines": []any{"Progress: 60%"}}}},
	outbox.KindWaitlistOffer: {"studentName": "Robin", "term": "Fall 2026", "startsAt": "2026-12-01T15:00:00Z",
		"timezone": "America/New_York", "offerExpiresAt": "2026-11-24T15:00:00Z"},
	outbox.KindRequirementDue: {"title": "Self-assessment", "description": "Rate yourself on the transferable skills.",
		"due": "2026-12-01", "link": "https://plp.school.example/"},
	outbox.KindRequirementDueAdvisees: {"title": "Self-assessment", "due": "2026-12-01", "students": []any{"Ada Lovelace", "Robin Home"},
		"link": "https://plp.school.example/"},
	outbox.KindActionItemDue: {"title": "Adopt a PLP policy", "stepTitle": "Policy", "due": "2026-11-27T15:00:00Z",
		"timezone": "America/New_York", "status": "IN_PROGRESS"},
	outbox.KindEndorsementRequested: {"studentName": "Robin", "evidenceTitle": "Robot arm, first test",
		"message": "Could you endorse the design work?", "expiresAt": "2026-12-23T14:00:00Z", "timezone": "America/New_York"},
	outbox.KindEndorsementGiven: {"partnerName": "Sam Okafor", "evidenceTitle": "Robot arm, first test",
		"statement": "Robin explained the design clearly."},
	outbox.KindEndorsementDeclined: {"partnerName": "Sam Okafor", "evidenceTitle": "Robot arm, first test",
		"reason": "I did not see this work myself."},
}

// TestEveryKindRendersInEveryLanguage renders a message of each kind in
// English and Spanish: a subject, a text naming its data, no template
// residue, and in Spanish no English date. PLP_SHOW_MAIL=1 prints them.
func TestEveryKindRendersInEveryLanguage(t *testing.T) {
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range outbox.Kinds() {
		data, ok := samples[kind]
		if !ok {
			t.Errorf("no sample of %s: add one", kind)
			continue
		}
		for _, lang := range []string{"en", "es"} {
			m, err := tpl.Render(kind, lang, outbox.View{Name: "Alex", Data: data, BaseURL: "https://plp.school.example"})
			if err != nil {
				t.Errorf("%s in %s: %v", kind, lang, err)
				continue
			}
			if os.Getenv("PLP_SHOW_MAIL") != "" {
				t.Logf("--- %s (%s)\nSubject: %s\n\n%s", kind, m.Language, m.Subject, m.Text)
			}
			all := m.Subject + "\n" + m.Text + m.HTML
			if m.Language != lang || m.Subject == "" || strings.Contains(all, "<no value>") || strings.Contains(all, "{{") {
				t.Errorf("%s in %s: language %s, subject %q:\n%s", kind, lang, m.Language, m.Subject, m.Text)
			}
			if lang == "es" && (strings.Contains(all, "day,") || strings.Contains(all, "December") || strings.Contains(all, "November")) {
				t.Errorf("%s in Spanish says a date in English:\n%s", kind, all)
			}
		}
	}
}

// TestEnqueueRefusesWhatCannotBeSent: a kind not declared, or a message
// without the data its kind declares, is an error and writes nothing.
func TestEnqueueRefusesWhatCannotBeSent(t *testing.T) {
	f := newFixture(t, nil)
	home := f.w.Home
	partial := map[string]any{"studentName": "Robin", "term": "Fall 2026", "hostName": "Ms. Rivera", "startsAt": "2026-12-01T15:00:00Z"}
	for name, m := range map[string]outbox.Message{
		"not declared": {Kind: "generic", Data: map[string]any{"subject": "s", "text": "t"}},
		"data missing": {Kind: outbox.KindConferenceCancelled, Data: partial},
	} {
		m.SchoolID, m.RecipientID, m.Key = home.School.ID, home.Family.ID, "refused:"+name
		if got, err := outbox.Enqueue(f.ctx, f.db.Client, m); err == nil {
			t.Errorf("Enqueue, %s: %v and no error", name, got)
		}
		if _, err := outbox.EnqueueBatch(f.ctx, f.db.Client, []outbox.Message{m}); err == nil {
			t.Errorf("EnqueueBatch, %s: no error", name)
		}
	}
	if n := f.db.Client.Notification.Query().CountX(f.ctx); n != 0 {
		t.Errorf("%d rows written", n)
	}
	// A row the code no longer declares (written before an upgrade) is
	// given up at once, for the admins to see, not retried.
	f.db.Client.Notification.Create().SetSchoolID(home.School.ID).SetRecipientID(home.Family.ID).SetKind("generic").
		SetIdempotencyKey("old:1").SetPayload(map[string]any{"subject": "s"}).SetNotBefore(f.clock.Now()).ExecX(f.ctx)
	f.d.Sender = &outbox.FolderSender{Dir: t.TempDir()}
	if rep := f.dispatch(t); rep.Failed != 1 {
		t.Errorf("report %+v, want the old row given up", rep)
	}
	if row := f.row(t, "old:1"); row.FailedAt == nil || !strings.Contains(row.LastError, "generic") || len(row.Payload) == 0 {
		t.Errorf("old row: failed %v, error %q, payload %v", row.FailedAt, row.LastError, row.Payload)
	}
	if !slices.Contains(outbox.Kinds(), outbox.KindEndorsementGiven) {
		t.Error("Kinds does not list the endorsement kinds")
	}
}
