package demo_test

import (
	"context"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/conference"
	"plp/ent/conferencewindow"
	"plp/ent/framework"
	"plp/ent/guardianship"
	"plp/ent/reflection"
	"plp/ent/schema/hook"
	"plp/ent/skill"
	"plp/ent/slot"
	"plp/ent/student"
	"plp/ent/waitlistentry"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/demo"
	"plp/internal/platform/auth"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
	"plp/internal/reminders"
	"plp/internal/school/skillframework"
)

func TestSeed(t *testing.T) {
	db := apitest.NewDB(t)
	ctx := viewer.SystemContext(context.Background())
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

	start, before := time.Now(), db.Statements()
	creds, err := demo.Seed(context.Background(), db.Client, now)
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	t.Logf("Seed on %s took %v and %d statements", apitest.Dialect(), time.Since(start).Round(time.Millisecond), db.Statements()-before)

	c := db.Client
	// count reads a Count result, failing the test on a query error.
	count := func(what string) func(int, error) int {
		return func(n int, err error) int {
			t.Helper()
			if err != nil {
				t.Fatalf("count %s: %v", what, err)
			}
			return n
		}
	}

	if n := count("schools")(c.School.Query().Count(ctx)); n != 1 {
		t.Errorf("schools = %d, want 1", n)
	}
	if n := count("students")(c.Student.Query().Count(ctx)); n != 60 {
		t.Errorf("students = %d, want 60", n)
	}
	for grade := 9; grade <= 12; grade++ {
		if n := count("students in a grade")(c.Student.Query().Where(student.Grade(grade)).Count(ctx)); n != 15 {
			t.Errorf("students in grade %d = %d, want 15", grade, n)
		}
	}
	// Seniors in the 2026-2027 school year graduate in June 2027.
	if n := count("seniors of 2027")(c.Student.Query().Where(student.Grade(12), student.GraduationYear(2027)).Count(ctx)); n != 15 {
		t.Errorf("grade 12 students graduating in 2027 = %d, want 15", n)
	}

	acc, err := c.Account.Query().Where(account.Email("student1@demo.plp.test")).Only(ctx)
	if err != nil {
		t.Fatalf("account student1@demo.plp.test: %v", err)
	}
	stu, err := c.Student.Query().Where(student.AccountID(acc.ID)).Only(ctx)
	if err != nil {
		t.Fatalf("student of account %s: %v", acc.ID, err)
	}
	isGuardian, err := c.Guardianship.Query().
		Where(guardianship.StudentID(stu.ID), guardianship.HasFamilyWith(account.Email("family1@demo.plp.test"))).
		Exist(ctx)
	if err != nil {
		t.Fatalf("guardianship of student1: %v", err)
	}
	if !isGuardian {
		t.Errorf("family1@demo.plp.test is not a guardian of student1")
	}

	students, err := c.Student.Query().
		WithGoals(func(q *ent.GoalQuery) { q.WithMilestones() }).
		All(ctx)
	if err != nil {
		t.Fatalf("students with goals: %v", err)
	}
	for _, s := range students {
		if len(s.Edges.Goals) < 2 {
			t.Errorf("student %s %s has %d goals, want at least 2", s.PreferredName, s.FamilyName, len(s.Edges.Goals))
		}
		for _, g := range s.Edges.Goals {
			ms := g.Edges.Milestones
			if len(ms) == 0 {
				t.Errorf("goal %q of %s has no milestones", g.Title, s.PreferredName)
				continue
			}
			done := 0
			for _, m := range ms {
				if m.DoneAt != nil {
					done++
					if m.DoneAt.After(now) {
						t.Errorf("milestone %q done at %v, after now", m.Title, m.DoneAt)
					}
				}
			}
			if want := hook.Progress(done, len(ms)); g.Progress != want {
				t.Errorf("goal %q progress = %d, want %d (%d of %d milestones done)", g.Title, g.Progress, want, done, len(ms))
			}
		}
	}

	fw, err := c.Framework.Query().Where(framework.Name(skillframework.VermontName)).Only(ctx)
	if err != nil {
		t.Fatalf("framework %q: %v", skillframework.VermontName, err)
	}
	if n := count("skills")(fw.QuerySkills().Where(skill.KindEQ(skill.KindTransferable)).Count(ctx)); n != 5 {
		t.Errorf("transferable skills in framework = %d, want 5", n)
	}

	window, err := c.ConferenceWindow.Query().Where(conferencewindow.Term("Fall 2026")).Only(ctx)
	if err != nil {
		t.Fatalf("conference window: %v", err)
	}
	if window.Term != "Fall 2026" {
		t.Errorf("window term = %q, want Fall 2026", window.Term)
	}
	slots, err := window.QuerySlots().All(ctx)
	if err != nil {
		t.Fatalf("slots: %v", err)
	}
	hosts := map[string]int{}
	for _, s := range slots {
		hosts[s.HostID.String()]++
	}
	if len(hosts) != 3 {
		t.Errorf("slots have %d hosts, want 3", len(hosts))
	}
	if n := count("booked conferences")(window.QueryConferences().Count(ctx)); n == 0 {
		t.Errorf("no conference booked")
	}

	checkWorkflows(t, db.Client, now)

	admin, err := c.Account.Query().Where(account.Email("admin@demo.plp.test")).Only(ctx)
	if err != nil {
		t.Fatalf("admin account: %v", err)
	}
	if ok, err := auth.CheckPassword(admin.PasswordHash, demo.Password); err != nil || !ok {
		t.Errorf("CheckPassword(admin, %q) = %v, %v; want true", demo.Password, ok, err)
	}
	if len(creds) == 0 || creds[0].Email != "admin@demo.plp.test" {
		t.Errorf("credentials = %+v, want admin@demo.plp.test first", creds)
	}

	// A second Seed collides on the demo emails and must leave nothing
	// behind: it is one transaction.
	if _, err := demo.Seed(context.Background(), db.Client, now); err == nil {
		t.Errorf("Seed on a seeded database succeeded, want an error")
	}
	if n := count("schools after a failed seed")(c.School.Query().Count(ctx)); n != 1 {
		t.Errorf("schools after a failed second seed = %d, want 1", n)
	}

	seeded, _, err := demo.SeedIfEmpty(context.Background(), db.Client, now)
	if err != nil {
		t.Fatalf("SeedIfEmpty on a seeded database: %v", err)
	}
	if seeded {
		t.Errorf("SeedIfEmpty seeded a database that has a school")
	}
}

func TestSeedIfEmptySeedsEmptyDatabase(t *testing.T) {
	db := apitest.NewDB(t)
	seeded, creds, err := demo.SeedIfEmpty(context.Background(), db.Client, time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("SeedIfEmpty: %v", err)
	}
	if !seeded || len(creds) != 6 {
		t.Errorf("SeedIfEmpty = %v with %d credentials, want true with 6 (one per role)", seeded, len(creds))
	}
}

// checkWorkflows: a fresh demo shows every conference workflow (issue 19):
// siblings, a child in two households, a Spanish-speaking family, an
// interpreter request in a slot held for it, last term's completed
// conferences with reflections linked, a waitlist, and reflection
// reminders that fire at once.
func checkWorkflows(t *testing.T, c *ent.Client, now time.Time) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	gs, err := c.Guardianship.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	children, guardians := map[string]int{}, map[string]int{}
	for _, g := range gs {
		children[g.FamilyID.String()]++
		guardians[g.StudentID.String()]++
	}
	siblings, households := false, false
	for _, n := range children {
		siblings = siblings || n > 1
	}
	for _, n := range guardians {
		households = households || n > 1
	}
	if !siblings || !households {
		t.Errorf("siblings %v, a child in two households %v", siblings, households)
	}
	if n, err := c.Account.Query().Where(account.PreferredLanguage("es")).Count(ctx); err != nil || n == 0 {
		t.Errorf("Spanish-speaking accounts: %d (%v)", n, err)
	}
	held, err := c.Conference.Query().Where(conference.InterpreterLanguage("es"),
		conference.HasSlotWith(slot.InterpreterLanguage("es"))).Count(ctx)
	if err != nil || held == 0 {
		t.Errorf("conferences with a Spanish interpreter in a slot held for Spanish: %d (%v)", held, err)
	}
	if n, err := c.WaitlistEntry.Query().Where(waitlistentry.StatusEQ(waitlistentry.StatusWaiting)).Count(ctx); err != nil || n == 0 {
		t.Errorf("waitlist entries: %d (%v)", n, err)
	}
	past, err := c.Conference.Query().Where(conference.StatusEQ(conference.StatusCompleted),
		conference.HasReflectionsWith(reflection.SourceEQ(reflection.SourceConference)), conference.NextStepsNEQ("")).Count(ctx)
	if err != nil || past == 0 {
		t.Errorf("completed conferences with records and reflections: %d (%v)", past, err)
	}
	r, err := reminders.ReflectionReminders(clock.NewContext(ctx, func() time.Time { return now }), c, reminders.Options{BaseURL: "https://demo.plp.test", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Written == 0 {
		t.Errorf("no reflection reminder fires on a fresh demo: %s", r)
	}
}
