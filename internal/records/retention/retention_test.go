package retention_test

import (
	"context"
	"testing"
	"time"

	"plp/ent/goal"
	"plp/ent/student"
	"plp/internal/devtools/apitest"
	"plp/internal/records/retention"
)

// TestApplyDeletesWhatIsPastItsTime: expired sessions, old audit events and
// the plans of students long graduated go; the rest stays; a dry run only
// counts.
func TestApplyDeletesWhatIsPastItsTime(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	c := db.Client
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	ctx := apitest.SystemAt(now)

	// A plan whose student graduated in June 2022: past three years.
	old := c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Old").SetFamilyName("Grad").
		SetPreferredName("Old").SetGrade(12).SetGraduationYear(2022).SaveX(ctx)
	c.Goal.Create().SetStudentID(old.ID).SetArea(goal.AreaCareer).SetTitle("Get a job").ExecX(ctx)
	// Graduated June 2024: kept until mid-2027.
	recent := c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("New").SetFamilyName("Grad").
		SetPreferredName("New").SetGrade(12).SetGraduationYear(2024).SaveX(ctx)
	c.Session.Create().SetAccountID(w.Home.Admin.ID).SetTokenHash([]byte("old-session")).SetExpiresAt(now.Add(-40 * 24 * time.Hour)).ExecX(ctx)
	c.Session.Create().SetAccountID(w.Home.Admin.ID).SetTokenHash([]byte("new-session")).SetExpiresAt(now.Add(time.Hour)).ExecX(ctx)
	c.AuditEvent.Create().SetSchoolID(w.Home.School.ID).SetAction("READ").SetSubjectType("Goal").SetAt(now.AddDate(-8, 0, 0)).ExecX(ctx)
	c.AuditEvent.Create().SetSchoolID(w.Home.School.ID).SetAction("READ").SetSubjectType("Goal").SetAt(now.AddDate(-1, 0, 0)).ExecX(ctx)

	dry, err := retention.Apply(context.Background(), c, now, retention.DefaultPolicy(), true)
	if err != nil {
		t.Fatal(err)
	}
	if dry["Session"] != 1 || dry["AuditEvent"] != 1 || dry["GraduatedStudents"] != 1 {
		t.Errorf("dry run counted %v, want 1 session, 1 audit event, 1 graduated student", dry)
	}
	if c.Student.Query().Where(student.ID(old.ID)).ExistX(ctx) == false {
		t.Fatal("the dry run deleted")
	}

	report, err := retention.Apply(context.Background(), c, now, retention.DefaultPolicy(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("applied: %s", report)
	if c.Student.Query().Where(student.ID(old.ID)).ExistX(ctx) || c.Goal.Query().Where(goal.StudentID(old.ID)).ExistX(ctx) {
		t.Error("the long-graduated student's plan is still there")
	}
	if !c.Student.Query().Where(student.ID(recent.ID)).ExistX(ctx) || !c.Student.Query().Where(student.ID(w.Home.Student.ID)).ExistX(ctx) {
		t.Error("a plan within its time was deleted")
	}
	if n := c.Session.Query().CountX(ctx); n != 1 {
		t.Errorf("%d sessions left, want the live one", n)
	}
	if n := c.AuditEvent.Query().CountX(ctx); n != 1 {
		t.Errorf("%d audit events left, want the recent one", n)
	}
}
