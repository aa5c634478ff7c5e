package reminders_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/notification"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/internal/reminders"
)

type fixture struct {
	db    *database.DB
	w     *apitest.World
	clock *apitest.Clock
}

// Monday 23 November 2026, 09:00 in New York (the world's schools' zone).
var monday = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := apitest.NewDB(t)
	// The students joined at the start of term.
	w := apitest.NewWorldAt(t, db, time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC))
	return &fixture{db: db, w: w, clock: apitest.NewClock(monday)}
}

func (f *fixture) ctx() context.Context {
	return clock.NewContext(viewer.SystemContext(context.Background()), f.clock.Now)
}

func (f *fixture) remind(t *testing.T, dry bool) reminders.Result {
	t.Helper()
	r, err := reminders.ReflectionReminders(f.ctx(), f.db.Client, reminders.Options{BaseURL: "https://plp.example", DryRun: dry})
	if err != nil {
		t.Fatalf("reflection reminders: %v", err)
	}
	return r
}

func (f *fixture) outbox(t *testing.T, kind string) []*ent.Notification {
	t.Helper()
	ns, err := f.db.Client.Notification.Query().Where(notification.Kind(kind)).Order(ent.Asc(notification.FieldCreatedAt), ent.Asc(notification.FieldID)).All(f.ctx())
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestReflectionReminders(t *testing.T) {
	f := newFixture(t)
	ctx, c, home := f.ctx(), f.db.Client, f.w.Home
	for _, title := range []string{"Build a robot", "Read ten novels"} {
		c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaAcademic).
			SetTitle(title).SetStatus(goal.StatusActive).ExecX(ctx)
	}
	c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaAcademic).
		SetTitle("An old draft").SetStatus(goal.StatusDraft).ExecX(ctx)

	if r := f.remind(t, true); r.Written != 2 || len(f.outbox(t, "reflection_reminder")) != 0 {
		t.Fatalf("dry run: %+v wrote something", r)
	}
	if r := f.remind(t, false); r.Written != 2 || r.Schools != 2 {
		t.Fatalf("first run: %+v, want a reminder for each school's student", r)
	}
	if r := f.remind(t, false); r.Written != 0 || r.Duplicates != 2 {
		t.Fatalf("second run in the same period: %+v", r)
	}
	sent := f.outbox(t, "reflection_reminder")
	var mine *ent.Notification
	for _, n := range sent {
		if n.RecipientID == home.StudentAccount.ID {
			mine = n
		}
	}
	if mine == nil || mine.SchoolID != home.School.ID {
		t.Fatalf("no reminder for the home student: %+v", sent)
	}
	prompt, _ := mine.Payload["prompt"].(string)
	goalTitle, _ := mine.Payload["goal"].(string)
	if goalTitle != "Build a robot" && goalTitle != "Read ten novels" || !strings.Contains(prompt, goalTitle) {
		t.Errorf("prompt %q about %q: want one about an active goal", prompt, goalTitle)
	}
	if !mine.NotBefore.Equal(monday) {
		t.Errorf("at 09:00 local the reminder waits until %v", mine.NotBefore)
	}

	// The home student reflects; a cadence later only the other is due,
	// with a new prompt for the new period.
	c.Reflection.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetBody("I wired the motors.").
		SetCreatedAt(monday.Add(48 * time.Hour)).ExecX(ctx)
	f.clock.Advance(14 * 24 * time.Hour)
	if r := f.remind(t, false); r.Written != 1 {
		t.Fatalf("next period: %+v, want one reminder", r)
	}
	all := f.outbox(t, "reflection_reminder")
	if len(all) != 3 || all[2].RecipientID != f.w.Other.StudentAccount.ID {
		t.Fatalf("after the next period: %d reminders", len(all))
	}
	if all[2].IdempotencyKey == sent[0].IdempotencyKey || all[2].IdempotencyKey == sent[1].IdempotencyKey {
		t.Error("a new period reused a key")
	}
}

func TestQuietHoursInSchoolTimezone(t *testing.T) {
	f := newFixture(t)
	// 23:30 in New York is 04:30 UTC the next day: quiet until 07:00 New
	// York, 12:00 UTC.
	f.clock.Advance(time.Date(2026, 11, 24, 4, 30, 0, 0, time.UTC).Sub(monday))
	f.remind(t, false)
	for _, n := range f.outbox(t, "reflection_reminder") {
		if want := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC); !n.NotBefore.Equal(want) {
			t.Errorf("not before %v, want %v", n.NotBefore, want)
		}
	}
	// A school in Los Angeles: the same instant is 20:30 there.
	f.db.Client.School.UpdateOne(f.w.Other.School).SetTimezone("America/Los_Angeles").SetQuietHoursStart("21:00").ExecX(f.ctx())
	f.clock.Advance(14 * 24 * time.Hour)
	f.remind(t, false)
	for _, n := range f.outbox(t, "reflection_reminder") {
		if n.RecipientID == f.w.Other.StudentAccount.ID && n.NotBefore.After(f.clock.Now()) {
			t.Errorf("20:30 in Los Angeles is not quiet before 21:00, but the reminder waits until %v", n.NotBefore)
		}
	}
}

func TestQuietUntil(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, tc := range []struct {
		at         time.Time
		start, end string
		want       time.Time
	}{
		{time.Date(2026, 11, 23, 21, 0, 0, 0, ny), "20:00", "07:00", time.Date(2026, 11, 24, 7, 0, 0, 0, ny)},
		{time.Date(2026, 11, 23, 6, 59, 0, 0, ny), "20:00", "07:00", time.Date(2026, 11, 23, 7, 0, 0, 0, ny)},
		{time.Date(2026, 11, 23, 7, 0, 0, 0, ny), "20:00", "07:00", time.Time{}},
		{time.Date(2026, 11, 23, 12, 30, 0, 0, ny), "12:00", "13:00", time.Date(2026, 11, 23, 13, 0, 0, 0, ny)},
		{time.Date(2026, 11, 23, 12, 30, 0, 0, ny), "08:00", "08:00", time.Time{}},
		// The night DST ends (1 November 2026): 07:00 is still 07:00 local.
		{time.Date(2026, 10, 31, 23, 0, 0, 0, ny), "20:00", "07:00", time.Date(2026, 11, 1, 7, 0, 0, 0, ny)},
	} {
		got, err := reminders.QuietUntil(tc.at, tc.start, tc.end)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("QuietUntil(%v, %s-%s) = %v, %v; want %v", tc.at, tc.start, tc.end, got, err, tc.want)
		}
	}
}

func TestFamilyDigest(t *testing.T) {
	f := newFixture(t)
	ctx, c, home := f.ctx(), f.db.Client, f.w.Home
	day := func(d int) time.Time { return time.Date(2026, 11, d, 15, 0, 0, 0, time.UTC) }
	// The week before Friday 20 November (New York).
	c.Goal.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetArea(goal.AreaCareer).
		SetTitle("Shadow an engineer").SetStatus(goal.StatusActive).SetCreatedAt(day(16)).ExecX(ctx)
	c.Evidence.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetTitle("Robot video").
		SetKind(evidence.KindVideo).SetOccurredOn(day(15)).SetVisibility(evidence.VisibilityFamily).SetCreatedAt(day(15)).ExecX(ctx)
	c.Evidence.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetTitle("My private journal").
		SetKind(evidence.KindText).SetOccurredOn(day(17)).SetVisibility(evidence.VisibilityPrivate).SetCreatedAt(day(17)).ExecX(ctx)
	// Before and after the week: not in this digest.
	c.Evidence.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetTitle("Old essay").
		SetKind(evidence.KindText).SetOccurredOn(day(10)).SetCreatedAt(day(10)).ExecX(ctx)
	c.Evidence.Create().SetStudentID(home.Student.ID).SetSchoolID(home.School.ID).SetTitle("Saturday sketch").
		SetKind(evidence.KindImage).SetOccurredOn(day(21)).SetCreatedAt(day(21)).ExecX(ctx)

	run := func() reminders.Result {
		r, err := reminders.FamilyDigest(ctx, c, reminders.Options{BaseURL: "https://plp.example"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := run(); r.Written != 1 || r.Considered != 2 {
		t.Fatalf("first run %+v: want one digest (the other family's child added nothing)", r)
	}
	if r := run(); r.Written != 0 || r.Duplicates != 1 {
		t.Fatalf("second run %+v", r)
	}
	ds := f.outbox(t, "family_digest")
	if len(ds) != 1 || ds[0].RecipientID != home.Family.ID {
		t.Fatalf("digests %+v", ds)
	}
	var titles []string
	items, _ := ds[0].Payload["items"].([]any)
	for _, it := range items {
		titles = append(titles, it.(map[string]any)["title"].(string))
	}
	if strings.Join(titles, "|") != "Robot video|Shadow an engineer" {
		t.Errorf("digest items %q: want the family-visible items of the week, oldest first", titles)
	}
	if !strings.HasSuffix(ds[0].IdempotencyKey, ":2026-11-20") {
		t.Errorf("key %q: want the week's Friday", ds[0].IdempotencyKey)
	}
	// Next Friday the Saturday sketch is in the next digest.
	f.clock.Advance(5 * 24 * time.Hour)
	ctx = f.ctx()
	if r := run(); r.Written != 1 {
		t.Fatalf("next week %+v", r)
	}
}

// A clock that jumps forward over several periods sends one reminder for
// the period it lands in, not one per missed period; jumping back sends
// nothing again.
func TestClockJumps(t *testing.T) {
	f := newFixture(t)
	if r := f.remind(t, false); r.Written != 2 {
		t.Fatalf("first run %+v", r)
	}
	f.clock.Advance(45 * 24 * time.Hour)
	if r := f.remind(t, false); r.Written != 2 {
		t.Fatalf("after a jump of three periods: %+v, want one reminder each", r)
	}
	f.clock.Advance(-45 * 24 * time.Hour)
	if r := f.remind(t, false); r.Written != 0 || r.Duplicates != 2 {
		t.Fatalf("after jumping back: %+v, want nothing new", r)
	}
	if n := len(f.outbox(t, "reflection_reminder")); n != 4 {
		t.Errorf("%d reminders, want 4", n)
	}
}
