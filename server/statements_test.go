package server_test

import (
	"fmt"
	"testing"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

// addStudents gives the school n more students, each with two goals of
// three milestones.
func addStudents(tb testing.TB, s *apitest.Server, school pulid.ID, n int) {
	tb.Helper()
	c, ctx := s.DB.Client, s.System()
	students := make([]*ent.StudentCreate, n)
	for i := range students {
		students[i] = c.Student.Create().SetSchoolID(school).
			SetGivenName(fmt.Sprintf("Student%d", i)).SetFamilyName("Test").SetPreferredName(fmt.Sprintf("S%d", i)).
			SetGrade(9 + i%4).SetGraduationYear(2027 + i%4)
	}
	created, err := c.Student.CreateBulk(students...).Save(ctx)
	if err != nil {
		tb.Fatalf("create students: %v", err)
	}
	var goals []*ent.GoalCreate
	for _, st := range created {
		for g := range 2 {
			goals = append(goals, c.Goal.Create().SetStudentID(st.ID).SetArea("ACADEMIC").SetTitle(fmt.Sprintf("Goal %d", g)))
		}
	}
	createdGoals, err := c.Goal.CreateBulk(goals...).Save(ctx)
	if err != nil {
		tb.Fatalf("create goals: %v", err)
	}
	var milestones []*ent.MilestoneCreate
	for _, g := range createdGoals {
		for m := range 3 {
			milestones = append(milestones, c.Milestone.Create().SetGoalID(g.ID).SetTitle(fmt.Sprintf("Step %d", m)).SetPosition(m))
		}
	}
	if err := c.Milestone.CreateBulk(milestones...).Exec(ctx); err != nil {
		tb.Fatalf("create milestones: %v", err)
	}
}

const nestedRead = `query($n: Int!) {
  students(first: $n, where: {hasGoals: true}) {
    edges { node { id preferredName
      goals(first: 10) { edges { node { id title
        milestones { id title } } } } } }
  }
}`

// TestNestedReadCostsOneStatementPerLevel holds DESIGN.md's rule: students →
// goals → milestones is one SQL statement per level, whether the page holds
// 5 students or 50.
func TestNestedReadCostsOneStatementPerLevel(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	addStudents(t, s, w.Home.School.ID, 50)
	admin := s.As(t, w.Home.Admin)

	count := func(n int) (int64, int) {
		var out struct {
			Students struct {
				Edges []struct {
					Node struct {
						Goals struct {
							Edges []struct {
								Node struct{ Milestones []struct{ ID string } }
							}
						}
					}
				}
			}
		}
		r := admin.MustDo(t, nestedRead, map[string]any{"n": n}, &out)
		milestones := 0
		for _, e := range out.Students.Edges {
			for _, g := range e.Node.Goals.Edges {
				milestones += len(g.Node.Milestones)
			}
		}
		return r.Statements, milestones
	}
	// The request also authenticates: the session joined to its account
	// and memberships, one statement before any resolver runs.
	const auth = 1
	small, smallMilestones := count(5)
	large, largeMilestones := count(50)
	if smallMilestones != 5*2*3 || largeMilestones != 50*2*3 {
		t.Fatalf("read %d and %d milestones, want 30 and 300", smallMilestones, largeMilestones)
	}
	t.Logf("5 students: %d statements; 50 students: %d statements (including %d for sign-in)", small, large, auth)
	if large != small {
		t.Errorf("50 students cost %d statements but 5 cost %d: some level runs one statement per row", large, small)
	}
	if want := int64(auth + 3); large > want {
		t.Errorf("students → goals → milestones cost %d statements, want at most %d (3 levels + %d for sign-in)", large, want, auth)
	}
}
