package reminders_test

import (
	"strings"
	"testing"
	"time"

	"plp/ent/notification"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/outbox"
	"plp/internal/reminders"
)

// TestReflectionReminderStatesTheRealGap: a student who reflected (through
// the API) seven days before a run of the reminders, with a cadence of two
// days, is told "7 days", in English and in Spanish; one who never
// reflected is told how long ago they joined.
func TestReflectionReminderStatesTheRealGap(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorldAt(t, s.DB, time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC))
	sys := s.System()
	s.DB.Client.School.UpdateOneID(w.Home.School.ID).SetReminderCadenceDays(2).ExecX(sys)
	s.DB.Client.Account.UpdateOneID(w.Other.StudentAccount.ID).SetPreferredLanguage("es").ExecX(sys)
	s.As(t, w.Home.StudentAccount).MustDo(t, `mutation($in: CreateReflectionInput!) { createReflection(input: $in) { reflection { id } } }`,
		map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "body": "I wired the motors."}}, nil)
	s.Clock.Advance(7*24*time.Hour + time.Hour)
	if _, err := reminders.ReflectionReminders(s.System(), s.DB.Client, reminders.Options{BaseURL: "https://plp.example"}); err != nil {
		t.Fatal(err)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who        string
		recipient  pulid.ID
		lang, want string
	}{
		{"home", w.Home.StudentAccount.ID, "en", "It has been 7 days since your last reflection."},
		// Joined 1 September 12:00 UTC; the run is 30 November 15:00 UTC.
		{"other", w.Other.StudentAccount.ID, "es", "Se unió hace 90 días y aún no ha reflexionado."},
	} {
		n := s.DB.Client.Notification.Query().Where(notification.Kind(outbox.KindReflectionReminder),
			notification.RecipientID(c.recipient)).OnlyX(sys)
		out, err := tpl.Render(n.Kind, c.lang, outbox.View{Data: n.Payload})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.Text, c.want) {
			t.Errorf("%s reads:\n%s\nwant %q", c.who, out.Text, c.want)
		}
	}
}
