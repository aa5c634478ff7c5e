package requirements_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"plp/ent/evidence"
	"plp/ent/notification"
	"plp/ent/schema/pathway"
	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/school/requirements"
)

// TestRequirementReminders: the requirement-reminders job reminds the
// student of each unmet requirement due within 14 days, and their advisor
// of the advisees who have not met it, once per requirement and due date;
// met, far-off and overdue requirements are not reminded; a dry run writes
// nothing; a later run, once another requirement comes within the window,
// reminds of that one only.
func TestRequirementReminders(t *testing.T) {
	s := apitest.NewServer(t) // clock at 2026-11-23 14:00 UTC
	w := apitest.NewWorld(t, s.DB)
	home, st := w.Home, w.Home.Student
	sys := s.System()
	c := s.DB.Client
	admin := s.As(t, home.Admin)
	school := home.School.ID
	req := func(kind, title, due string, extra map[string]any) apiRequirement {
		in := map[string]any{"schoolID": school, "grade": 10, "title": title, "kind": kind, "dueOn": due}
		for k, v := range extra {
			in[k] = v
		}
		return newRequirement(t, admin, in)
	}
	self := req("SELF_ASSESSMENT", "Self-assessment", "2026-12-01T00:00:00Z", nil)
	req("REFLECTION_COUNT", "One reflection", "2026-12-01T00:00:00Z", map[string]any{"minCount": 1}) // Robin's met below
	req("CONFERENCE_HELD", "Overdue conference", "2026-11-20T00:00:00Z", nil)                        // overdue: not reminded
	later := req("PATHWAY_EVIDENCE", "Work-based learning evidence", "2027-01-15T00:00:00Z", map[string]any{"pathway": "WORK_BASED_LEARNING"})
	c.Reflection.Create().SetStudentID(st.ID).SetBody("This year").SetCreatedAt(day(2026, 10, 2)).SetUpdatedAt(day(2026, 10, 2)).ExecX(sys)
	// A second advisee, without an account: on the advisor's list only.
	c.Student.Create().SetSchoolID(school).SetGivenName("Ada").SetFamilyName("Noaccount").SetPreferredName("Ada").
		SetGrade(10).SetGraduationYear(2029).SetAdvisorID(home.Advisor.ID).ExecX(sys)

	type sent struct {
		recipient, key string
		students       []any
	}
	outbox := func() []sent {
		t.Helper()
		ns := c.Notification.Query().Where(notification.KindIn(outbox.KindRequirementDue, outbox.KindRequirementDueAdvisees)).
			Order(notification.ByIdempotencyKey()).AllX(sys)
		out := make([]sent, len(ns))
		for i, n := range ns {
			out[i] = sent{recipient: string(n.RecipientID), key: n.IdempotencyKey}
			if names, ok := n.Payload["students"].([]any); ok {
				out[i].students = names
			}
		}
		return out
	}
	run := func(dry bool) string {
		t.Helper()
		j, ok := jobs.Find("requirement-reminders")
		if !ok {
			t.Fatal("no requirement-reminders job")
		}
		summary, err := jobs.RunOnce(context.Background(), jobs.Env{Client: c, Now: s.Clock.Now}, j, dry)
		if err != nil {
			t.Fatal(err)
		}
		return summary
	}

	// Due on 1 December and unmet: the self-assessment by both advisees,
	// the reflection by Ada (Robin wrote one). Robin hears of the first; the
	// advisor gets a list for each.
	if summary := run(true); len(outbox()) != 0 || !strings.Contains(summary, "3 reminder(s) written") {
		t.Fatalf("a dry run: %q, outbox %v", summary, outbox())
	}
	run(false)
	got := outbox()
	if len(got) != 3 {
		t.Fatalf("reminders: %+v", got)
	}
	lists := 0
	for _, m := range got {
		if strings.Contains(m.key, later.ID) || !strings.HasSuffix(m.key, ":2026-12-01") {
			t.Errorf("reminded of the wrong requirement: %+v", m)
		}
		switch m.recipient {
		case string(home.StudentAccount.ID):
			if !strings.Contains(m.key, self.ID) {
				t.Errorf("Robin reminded of a requirement met: %+v", m)
			}
		case string(home.Advisor.ID):
			lists++
			want := 1
			if strings.Contains(m.key, self.ID) {
				want = 2
			}
			if len(m.students) != want || !slices.Contains(m.students, any("Ada Noaccount")) {
				t.Errorf("advisor's list %s: %v", m.key, m.students)
			}
		default:
			t.Errorf("reminder to %s", m.recipient)
		}
	}
	if lists != 2 {
		t.Errorf("advisor's lists: %d, want 2", lists)
	}
	// Again the same day: nothing new.
	if summary := run(false); len(outbox()) != 3 || !strings.Contains(summary, "0 reminder(s) written, 3 already written") {
		t.Fatalf("second run: %q, outbox %v", summary, outbox())
	}

	// 5 January: the January requirement comes within 14 days.
	s.Clock.Advance(day(2027, 1, 5).Sub(s.Clock.Now()))
	r, err := requirements.RemindDue(clock.NewContext(context.Background(), s.Clock.Now), c, requirements.RemindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requirements != 1 || r.Pending != 2 || r.Written != 2 {
		t.Errorf("5 January: %+v", r)
	}
	n := 0
	for _, m := range outbox() {
		if strings.Contains(m.key, later.ID) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("January reminders: %d, want 2 (student, advisor)", n)
	}
	// Once met, a student drops out: the advisor's list would be Ada alone,
	// under the key already written.
	c.Evidence.Create().SetStudentID(st.ID).SetTitle("Shop log").SetKind(evidence.KindText).SetOccurredOn(day(2027, 1, 4)).
		SetPathway(pathway.WorkBasedLearning).SetCreatedAt(day(2027, 1, 4)).SetUpdatedAt(day(2027, 1, 4)).ExecX(sys)
	r, err = requirements.RemindDue(clock.NewContext(context.Background(), s.Clock.Now), c, requirements.RemindOptions{DryRun: true})
	if err != nil || r.Pending != 1 || r.Written != 0 || r.Duplicates != 1 {
		t.Errorf("after the evidence: %+v, %v", r, err)
	}
	// An advisor whose account is disabled gets no list; the student still
	// hears.
	c.Account.UpdateOneID(home.Advisor.ID).SetDisabled(true).ExecX(sys)
	admin = s.As(t, home.Admin) // a new session, six weeks on
	second := req("SELF_ASSESSMENT", "Second self-assessment", "2027-01-12T00:00:00Z", nil)
	r, err = requirements.RemindDue(clock.NewContext(context.Background(), s.Clock.Now), c, requirements.RemindOptions{})
	if err != nil || r.Written != 1 {
		t.Errorf("with the advisor disabled: %+v, %v", r, err)
	}
	for _, m := range outbox() {
		if strings.Contains(m.key, second.ID) && m.recipient != string(home.StudentAccount.ID) {
			t.Errorf("reminder to %s", m.recipient)
		}
	}
}
