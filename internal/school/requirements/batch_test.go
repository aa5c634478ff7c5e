package requirements_test

import (
	"fmt"
	"testing"

	"plp/ent/goal"
	"plp/internal/devtools/apitest"
)

// TestStudentRequirementsInAList: Student.requirements on every row of a
// list costs the same statements for 5 students as for 60 (the operation's
// loader reads them in one batch), and each student gets their own states.
func TestStudentRequirementsInAList(t *testing.T) {
	s := apitest.NewServer(t, apitest.QuietAudit())
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	school := w.Home.School.ID
	admin := s.As(t, w.Home.Admin)
	newRequirement(t, admin, map[string]any{"schoolID": school, "grade": 10, "title": "Career goal", "kind": "GOAL_IN_AREA",
		"area": "CAREER", "dueOn": "2026-11-01T00:00:00Z"})
	newRequirement(t, admin, map[string]any{"schoolID": school, "grade": 10, "title": "Reflect", "kind": "REFLECTION_COUNT",
		"minCount": 1, "dueOn": "2026-11-01T00:00:00Z"})
	newRequirement(t, admin, map[string]any{"schoolID": school, "grade": 11, "title": "Grade 11 only", "kind": "ANNUAL_PLAN_UPDATE",
		"dueOn": "2026-11-30T00:00:00Z"})

	const list = `query($n: Int!) { students(first: $n, where: {grade: 10, familyNameHasPrefix: "N"}, orderBy: {field: FAMILY_NAME}) {
	  edges { node { familyName requirements { requirement { title } state } } } } }`
	type apiList struct {
		Students struct {
			Edges []struct {
				Node struct {
					FamilyName   string
					Requirements []apiStatus
				}
			}
		}
	}
	n := 0
	var counts []int64
	for _, total := range []int{5, 60} {
		for n < total {
			n++
			st := c.Student.Create().SetSchoolID(school).SetGivenName("Kid").SetFamilyName(fmt.Sprintf("N%03d", n)).
				SetPreferredName("Kid").SetGrade(10).SetGraduationYear(2029).SetAdvisorID(w.Home.Advisor.ID).SaveX(sys)
			if n%2 == 0 {
				c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Career").SetStatus(goal.StatusActive).
					SetCreatedAt(day(2026, 9, 1)).SetUpdatedAt(day(2026, 9, 1)).ExecX(sys)
			}
		}
		var out apiList
		r := admin.MustDo(t, list, map[string]any{"n": total}, &out)
		counts = append(counts, r.Statements)
		if len(out.Students.Edges) != total {
			t.Fatalf("%d students listed, want %d", len(out.Students.Edges), total)
		}
		for i, e := range out.Students.Edges {
			got := map[string]string{}
			for _, st := range e.Node.Requirements {
				got[st.Requirement.Title] = st.State
			}
			wantGoal := "OVERDUE"
			if (i+1)%2 == 0 {
				wantGoal = "COMPLETE"
			}
			if len(got) != 2 || got["Career goal"] != wantGoal || got["Reflect"] != "OVERDUE" {
				t.Errorf("%s: %v; want the career goal %s and the reflection OVERDUE, and not grade 11's", e.Node.FamilyName, got, wantGoal)
			}
		}
	}
	if counts[0] != counts[1] {
		t.Errorf("statements for 5 and 60 students with their requirements: %v; want the same", counts)
	}
	t.Logf("statements per list: %v", counts)
}
