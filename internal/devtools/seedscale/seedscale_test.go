package seedscale_test

import (
	"context"
	"testing"

	"plp/ent"
	"plp/ent/membership"
	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/viewer"
)

// TestGenerateDistrict seeds 60 students in schools of 25 and reads the
// result back through the API, as the generated people: the data must be
// usable, not just present.
func TestGenerateDistrict(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	ctx := context.Background()
	var reports int
	res, err := seedscale.Generate(ctx, s.DB, seedscale.Options{
		Students: 60, SchoolSize: 25, Now: s.Clock.Now(), Seed: 7,
		Progress: func(p seedscale.Progress) {
			reports++
			if p.Fraction <= 0 || p.Fraction > 1 {
				t.Errorf("progress fraction %v outside (0, 1]", p.Fraction)
			}
		},
	})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if res.Schools != 3 || res.Students != 60 || len(res.SchoolIDs) != 3 {
		t.Fatalf("generated %d schools and %d students, want 3 and 60", res.Schools, res.Students)
	}
	if reports < 3*11 {
		t.Errorf("heard %d progress reports, want one per step of each school at least", reports)
	}
	// Proportions: 2-4 goals and 2-4 milestones per goal, 1-3 evidence and
	// reflections, two self-assessments per transferable skill, a slot per
	// student, 1-2 guardians per student and fewer families than students.
	between := func(what string, got, lo, hi int) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %d, want %d..%d", what, got, lo, hi)
		}
	}
	between("goals", res.Goals, 2*60, 4*60)
	between("milestones", res.Milestones, 2*res.Goals, 4*res.Goals)
	between("evidence", res.Evidence, 60, 3*60)
	between("reflections", res.Reflections, 60, 3*60)
	between("guardianships", res.Guardianships, 60, 2*60)
	if res.SelfAssessments != 60*2*5 || res.Slots != 60 {
		t.Errorf("self-assessments %d, slots %d: want 600 and 60", res.SelfAssessments, res.Slots)
	}

	sys := viewer.SystemContext(ctx)
	c := s.DB.Client
	families, err := c.Membership.Query().Where(membership.RoleEQ(membership.RoleFamily)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	between("family accounts", families, 30, res.Guardianships)
	// Progress was set in bulk, not by the milestone hook: it must be what
	// the hook would have written.
	goals, err := c.Goal.Query().WithMilestones().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goals {
		done := 0
		for _, m := range g.Edges.Milestones {
			if m.DoneAt != nil {
				done++
			}
		}
		if want := hook.Progress(done, len(g.Edges.Milestones)); g.Progress != want {
			t.Fatalf("goal %s has progress %d, its milestones say %d", g.ID, g.Progress, want)
		}
	}

	// A generated student signs in with the documented password and reads
	// their own plan.
	stu, err := c.Student.Query().WithAccount().First(sys)
	if err != nil {
		t.Fatal(err)
	}
	student := s.SignIn(t, stu.Edges.Account.Email, seedscale.Password)
	var page struct {
		Node struct {
			PreferredName string
			Guardianships []struct{ Relationship string }
			Goals         struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Progress   int
						Milestones []struct{ Title string }
					}
				}
			}
			SelfAssessments struct{ TotalCount int }
		}
	}
	student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Student { preferredName
		goals(first: 10) { totalCount edges { node { progress milestones { title } } } }
		selfAssessments { totalCount } } } }`, map[string]any{"id": stu.ID}, &page)
	if page.Node.PreferredName != stu.PreferredName || page.Node.Goals.TotalCount < 2 || page.Node.SelfAssessments.TotalCount != 10 {
		t.Fatalf("student's own plan reads %+v", page.Node)
	}
	for _, e := range page.Node.Goals.Edges {
		if n := len(e.Node.Milestones); n < 2 || n > 4 {
			t.Errorf("a goal has %d milestones, want 2..4", n)
		}
	}

	// A family with two children sees both; a counselor sees their caseload.
	links, err := c.Guardianship.Query().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	children := map[pulid.ID]int{}
	var siblings *ent.Account
	for _, g := range links {
		if children[g.FamilyID]++; children[g.FamilyID] == 2 && siblings == nil {
			if siblings, err = c.Account.Get(sys, g.FamilyID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if siblings == nil {
		t.Fatal("no family has two children at a school: a quarter should")
	}
	var kids struct {
		Students struct{ TotalCount int }
	}
	s.SignIn(t, siblings.Email, seedscale.Password).MustDo(t, `{ students { totalCount } }`, nil, &kids)
	if kids.Students.TotalCount < 2 {
		t.Errorf("a family with two children sees %d students", kids.Students.TotalCount)
	}
	counselor, err := c.Account.Get(sys, *stu.CounselorID)
	if err != nil {
		t.Fatal(err)
	}
	s.SignIn(t, counselor.Email, seedscale.Password).MustDo(t, `{ students { totalCount } }`, nil, &kids)
	if kids.Students.TotalCount != 25 {
		t.Errorf("a counselor of a 25-student school sees %d students, want 25", kids.Students.TotalCount)
	}
}
