package reminders_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/internal/platform/outbox"
	"plp/internal/reminders"
)

// conferenceAt books the home student's conference at start, made at
// booked, with the family, the student and the advisor attending.
func (f *fixture) conferenceAt(t *testing.T, start, booked time.Time) (*ent.Conference, *ent.Slot) {
	t.Helper()
	ctx, c, home := f.ctx(), f.db.Client, f.w.Home
	w := c.ConferenceWindow.Create().SetSchoolID(home.School.ID).SetTerm("Fall 2026").
		SetOpensAt(start.AddDate(0, 0, -30)).SetClosesAt(start.AddDate(0, 0, 1)).SaveX(ctx)
	s := c.Slot.Create().SetSchoolID(home.School.ID).SetWindowID(w.ID).SetHostID(home.Advisor.ID).
		SetStartsAt(start).SetEndsAt(start.Add(20 * time.Minute)).SetLocation("Room 12").SaveX(ctx)
	conf := c.Conference.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetWindowID(w.ID).SetSlotID(s.ID).
		AddAttendeeIDs(home.Family.ID, home.StudentAccount.ID, home.Advisor.ID).SetCreatedAt(booked).SaveX(ctx)
	return conf, s
}

func TestConferenceReminders(t *testing.T) {
	f := newFixture(t)
	start := monday.Add(72 * time.Hour) // Thursday 09:00 New York
	conf, s := f.conferenceAt(t, start, monday)
	var invited []string
	run := func() reminders.Result {
		t.Helper()
		r, err := reminders.ConferenceReminders(f.ctx(), f.db.Client, reminders.ConferenceOptions{
			Invite: func(_ context.Context, _ *ent.Client, c *ent.Conference) (string, error) {
				invited = append(invited, string(c.ID))
				return "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	at := func(d time.Duration) { f.clock.Advance(start.Add(d).Sub(f.clock.Now())) }

	at(-25 * time.Hour)
	if r := run(); r.Written != 0 {
		t.Fatalf("25h before: %+v", r)
	}
	at(-24 * time.Hour)
	if r := run(); r.Written != 3 {
		t.Fatalf("24h before: %+v, want one for each of 3 attendees", r)
	}
	at(-23 * time.Hour)
	if r := run(); r.Written != 0 || r.Duplicates != 3 {
		t.Fatalf("23h before: %+v", r)
	}
	at(-50 * time.Minute) // a run missed at -1h catches up
	if r := run(); r.Written != 3 || r.Duplicates != 3 {
		t.Fatalf("50 minutes before: %+v", r)
	}
	at(time.Minute)
	if r := run(); r.Considered != 0 {
		t.Fatalf("after the start: %+v", r)
	}
	rows := f.outbox(t, outbox.KindConferenceReminder)
	if len(rows) != 6 {
		t.Fatalf("%d reminders, want 6", len(rows))
	}
	if rows[0].Payload["ics"] == "" || rows[0].Payload["hoursBefore"].(float64) != 24 {
		t.Errorf("payload %v", rows[0].Payload)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for lang, when := range map[string]string{"en": "Thursday, November 26, 2026 at 9:00 AM EST", "es": "jueves 26 de noviembre de 2026 a las 9:00 EST"} {
		mail, err := tpl.Render(rows[0].Kind, lang, outbox.View{Name: "Sam", Data: rows[0].Payload})
		if err != nil || !strings.Contains(mail.Text, when) {
			t.Errorf("%s reminder (%v):\n%s", lang, err, mail.Text)
		}
	}

	// Moved to the next week: reminded again at the new time.
	f.db.Client.Slot.UpdateOne(s).SetStartsAt(start.AddDate(0, 0, 7)).SetEndsAt(start.AddDate(0, 0, 7).Add(20 * time.Minute)).ExecX(f.ctx())
	start = start.AddDate(0, 0, 7)
	at(-2 * time.Hour)
	if r := run(); r.Written != 3 {
		t.Fatalf("the moved conference, 2h before: %+v", r)
	}
	// Cancelled: nothing more.
	f.db.Client.Conference.UpdateOne(conf).SetStatus("CANCELLED").ExecX(f.ctx())
	at(-30 * time.Minute)
	if r := run(); r.Considered != 0 {
		t.Fatalf("cancelled: %+v", r)
	}
}

// Booked 3 hours before: the 24-hour reminder is skipped (the confirmation
// said it), the 1-hour one is sent.
func TestConferenceBookedLate(t *testing.T) {
	f := newFixture(t)
	start := monday.Add(3 * time.Hour)
	f.conferenceAt(t, start, monday)
	r, err := reminders.ConferenceReminders(f.ctx(), f.db.Client, reminders.ConferenceOptions{})
	if err != nil || r.Written != 0 {
		t.Fatalf("3h before: %+v %v", r, err)
	}
	f.clock.Advance(2*time.Hour + 10*time.Minute)
	r, err = reminders.ConferenceReminders(f.ctx(), f.db.Client, reminders.ConferenceOptions{})
	if err != nil || r.Written != 3 {
		t.Fatalf("50 minutes before: %+v %v", r, err)
	}
	for _, n := range f.outbox(t, outbox.KindConferenceReminder) {
		if ics, _ := n.Payload["ics"].(string); !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "Room 12") {
			t.Errorf("the reminder's invite: %q", ics)
		}
		if !strings.Contains(n.IdempotencyKey, ":1h0m0s:") {
			t.Errorf("key %s: want only 1-hour reminders", n.IdempotencyKey)
		}
	}
}
