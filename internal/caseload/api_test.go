package caseload_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/schema/hook"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

const caseloadQuery = `query($where: CaseloadFilter, $order: CaseloadOrder, $first: Int, $offset: Int) {
  caseload(where: $where, orderBy: $order, first: $first, offset: $offset) {
    totalCount
    rows {
      studentID preferredName familyName grade advisorID goals averageProgress overdueMilestones
      lastReflectionAt daysSinceReflection lastActivityAt evidence endorsements overdueRequirements
      goalsByStatusAndArea { status area count }
      skills { skillID level takenAt previousLevel change }
    }
  }
}`

// statementsQuery asks every level of the caseload with few fields, so a
// page of 500 stays under the query cost limit.
const statementsQuery = `query($order: CaseloadOrder, $first: Int) {
  caseload(orderBy: $order, first: $first) {
    totalCount
    rows { studentID pathways daysSinceReflection goalsByStatusAndArea { count } skills { change } }
  }
}`

type row struct {
	StudentID, PreferredName, FamilyName string
	Grade                                int
	AdvisorID                            *string
	Goals                                int
	AverageProgress                      *float64
	OverdueMilestones                    int
	LastReflectionAt, LastActivityAt     *time.Time
	DaysSinceReflection                  *int
	Evidence, Endorsements               int
	OverdueRequirements                  int
	GoalsByStatusAndArea                 []struct {
		Status, Area string
		Count        int
	}
	Skills []struct {
		SkillID, Level string
		PreviousLevel  *string
		Change         *int
	}
}

type page struct {
	Caseload struct {
		TotalCount int
		Rows       []row
	}
}

// seeder adds students to Home's counselor's caseload, as the system.
type seeder struct {
	t     *testing.T
	s     *apitest.Server
	w     *apitest.World
	sys   context.Context
	skill pulid.ID
	n     int
}

func newSeeder(t *testing.T, s *apitest.Server, w *apitest.World) *seeder {
	sys := s.System()
	fw := s.DB.Client.Framework.Create().SetSchoolID(w.Home.School.ID).SetName("Skills").SaveX(sys)
	sk := s.DB.Client.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-1").SetName("Communication").SaveX(sys)
	return &seeder{t: t, s: s, w: w, sys: sys, skill: sk.ID}
}

// students adds n students, each with two goals (one PRIVATE), an overdue
// milestone, a reflection, evidence and two self-assessments, in bulk.
func (x *seeder) students(n int) []*ent.Student {
	c := x.s.DB.Client
	now := x.s.Clock.Now()
	var builders []*ent.StudentCreate
	for range n {
		x.n++
		builders = append(builders, c.Student.Create().SetSchoolID(x.w.Home.School.ID).
			SetGivenName("Given").SetFamilyName(fmt.Sprintf("Bulk%04d", x.n)).SetPreferredName(fmt.Sprintf("Kid%04d", x.n)).
			SetGrade(9+x.n%4).SetGraduationYear(2030).SetCounselorID(x.w.Home.Counselor.ID).SetAdvisorID(x.w.Home.Advisor.ID))
	}
	students := c.Student.CreateBulk(builders...).SaveX(x.sys)
	var goals []*ent.GoalCreate
	var refl []*ent.ReflectionCreate
	var evs []*ent.EvidenceCreate
	var sas []*ent.SelfAssessmentCreate
	for i, st := range students {
		goals = append(goals,
			c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Career").SetStatus(goal.StatusActive).
				SetProgress(10*(i%10)).SetVisibility(goal.VisibilitySchool).SetUpdatedAt(now.AddDate(0, 0, -i%40)).
				SetNillablePathway(pathway.Typical("CAREER", 12, 10*(i%10))), // some in CTE, some in work-based learning
			c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaPersonal).SetTitle("Secret").SetProgress(100).SetVisibility(goal.VisibilityPrivate))
		refl = append(refl, c.Reflection.Create().SetStudentID(st.ID).SetBody("Thinking").SetCreatedAt(now.AddDate(0, 0, -i%40)))
		evs = append(evs, c.Evidence.Create().SetStudentID(st.ID).SetTitle("Work").SetKind("TEXT").SetBody("...").
			SetOccurredOn(now).SetVisibility(evidence.VisibilityFamily))
		sas = append(sas,
			c.SelfAssessment.Create().SetStudentID(st.ID).SetSkillID(x.skill).SetLevel("BEGINNING").SetTakenAt(now.AddDate(0, -6, 0)),
			c.SelfAssessment.Create().SetStudentID(st.ID).SetSkillID(x.skill).SetLevel("PROFICIENT").SetTakenAt(now.AddDate(0, 0, -3)))
	}
	saved := c.Goal.CreateBulk(goals...).SaveX(x.sys)
	var ms []*ent.MilestoneCreate
	for _, g := range saved {
		if g.Visibility == goal.VisibilitySchool {
			ms = append(ms, c.Milestone.Create().SetGoalID(g.ID).SetTitle("Draft").SetDue(now.AddDate(0, 0, -1)))
		}
	}
	// As a generator does (hook.BulkLoad), the goals keep the progress and
	// the last change set above: the milestone hook would derive progress
	// (0 of 1 done) and touch them.
	c.Milestone.CreateBulk(ms...).ExecX(hook.BulkLoad(x.sys))
	c.Reflection.CreateBulk(refl...).ExecX(x.sys)
	c.Evidence.CreateBulk(evs...).ExecX(x.sys)
	c.SelfAssessment.CreateBulk(sas...).ExecX(x.sys)
	return students
}

// TestCaseloadFigures reads the figures of a caseload, with filters and
// ordering, and who may ask.
func TestCaseloadFigures(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	x := newSeeder(t, s, w)
	students := x.students(12)
	counselor := s.As(t, w.Home.Counselor)

	var all page
	counselor.MustDo(t, caseloadQuery, map[string]any{"first": 100}, &all)
	// Twelve bulk students and the World's student.
	if all.Caseload.TotalCount != 13 || len(all.Caseload.Rows) != 13 {
		t.Fatalf("caseload has %d rows of %d, want 13", len(all.Caseload.Rows), all.Caseload.TotalCount)
	}
	byID := map[string]row{}
	for _, r := range all.Caseload.Rows {
		byID[r.StudentID] = r
	}
	r := byID[string(students[3].ID)]
	// The PRIVATE goal counts nowhere; the SCHOOL one at 30%.
	if r.Goals != 1 || r.AverageProgress == nil || *r.AverageProgress != 30 || r.OverdueMilestones != 1 || r.Evidence != 1 ||
		r.DaysSinceReflection == nil || *r.DaysSinceReflection != 3 || len(r.GoalsByStatusAndArea) != 1 ||
		r.GoalsByStatusAndArea[0].Status != "ACTIVE" || r.GoalsByStatusAndArea[0].Area != "CAREER" {
		t.Errorf("row of student 3 = %+v", r)
	}
	if len(r.Skills) != 1 || r.Skills[0].Level != "PROFICIENT" || r.Skills[0].PreviousLevel == nil ||
		*r.Skills[0].PreviousLevel != "BEGINNING" || r.Skills[0].Change == nil || *r.Skills[0].Change != 2 {
		t.Errorf("skills of student 3 = %+v", r.Skills)
	}
	if home := byID[string(w.Home.Student.ID)]; home.Goals != 0 || home.AverageProgress != nil || home.LastReflectionAt != nil || home.DaysSinceReflection != nil {
		t.Errorf("row of a student with nothing = %+v", home)
	}

	// Ordering by a figure, with nulls first ascending.
	var ordered page
	counselor.MustDo(t, caseloadQuery, map[string]any{"order": map[string]any{"field": "AVERAGE_PROGRESS", "direction": "DESC"}, "first": 3}, &ordered)
	if got := ordered.Caseload.Rows; len(got) != 3 || *got[0].AverageProgress != 90 || *got[1].AverageProgress != 80 || *got[2].AverageProgress != 70 {
		t.Errorf("ordered by progress desc: %+v", got)
	}
	counselor.MustDo(t, caseloadQuery, map[string]any{"order": map[string]any{"field": "LAST_REFLECTION"}, "first": 2}, &ordered)
	if got := ordered.Caseload.Rows; got[0].StudentID != string(w.Home.Student.ID) || got[1].DaysSinceReflection == nil || *got[1].DaysSinceReflection != 11 {
		t.Errorf("ordered by last reflection: %+v", got)
	}

	// Filters.
	filter := func(where map[string]any) page {
		var p page
		counselor.MustDo(t, caseloadQuery, map[string]any{"where": where, "first": 100}, &p)
		return p
	}
	if p := filter(map[string]any{"grade": 10}); p.Caseload.TotalCount != 4 { // 9+n%4 == 10 for three bulk students, and the World's
		t.Errorf("grade 10: %d", p.Caseload.TotalCount)
	}
	if p := filter(map[string]any{"area": "PERSONAL"}); p.Caseload.TotalCount != 0 { // only PRIVATE goals are PERSONAL
		t.Errorf("area PERSONAL (private goals only): %d", p.Caseload.TotalCount)
	}
	if p := filter(map[string]any{"area": "CAREER"}); p.Caseload.TotalCount != 12 {
		t.Errorf("area CAREER: %d", p.Caseload.TotalCount)
	}
	// Stalled 7 days: students whose goal and reflection are more than 7
	// days old (8 to 11 days: 4), and the World's student, who has neither.
	if p := filter(map[string]any{"stalledDays": 7}); p.Caseload.TotalCount != 5 {
		t.Errorf("stalled 7 days: %d", p.Caseload.TotalCount)
	}
	if p := filter(map[string]any{"advisorID": w.Other.Advisor.ID}); p.Caseload.TotalCount != 0 {
		t.Errorf("advisor of another school: %d", p.Caseload.TotalCount)
	}
	// Plan requirements: grade 10 owes 2 reflections by 1 November; every
	// student has one, so the four of grade 10 are overdue.
	s.As(t, w.Home.Admin).MustDo(t, `mutation($in: CreateRequirementInput!) { createRequirement(input: $in) { requirement { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "grade": 10, "title": "Two reflections",
			"kind": "REFLECTION_COUNT", "minCount": 2, "dueOn": "2026-11-01T00:00:00Z"}}, nil)
	if p := filter(map[string]any{"overdueRequirement": true}); p.Caseload.TotalCount != 4 || p.Caseload.Rows[0].OverdueRequirements != 1 {
		t.Errorf("overdue requirement: %+v", p.Caseload)
	}
	if p := filter(map[string]any{"overdueRequirement": false}); p.Caseload.TotalCount != 9 || p.Caseload.Rows[0].OverdueRequirements != 0 {
		t.Errorf("no overdue requirement: %d", p.Caseload.TotalCount)
	}
	counselor.MustDo(t, caseloadQuery, map[string]any{"order": map[string]any{"field": "OVERDUE_REQUIREMENTS", "direction": "DESC"}, "first": 5}, &ordered)
	if got := ordered.Caseload.Rows; got[3].OverdueRequirements != 1 || got[4].OverdueRequirements != 0 {
		t.Errorf("ordered by overdue requirements: %+v", got)
	}

	// Who may ask.
	for _, a := range []*ent.Account{w.Home.StudentAccount, w.Home.Family, w.Home.Partner} {
		s.As(t, a).MustFail(t, "FORBIDDEN", caseloadQuery, nil)
	}
	other := s.As(t, w.Other.Admin)
	var theirs page
	other.MustDo(t, caseloadQuery, nil, &theirs)
	if theirs.Caseload.TotalCount != 1 || theirs.Caseload.Rows[0].StudentID != string(w.Other.Student.ID) {
		t.Errorf("other school's admin sees %+v", theirs)
	}
	other.MustFail(t, "FORBIDDEN", caseloadQuery, map[string]any{"where": map[string]any{"schoolID": w.Home.School.ID}})
	// The advisor sees the same students; an unknown filter or order is bad input.
	counselor.MustFail(t, "BAD_USER_INPUT", caseloadQuery, map[string]any{"where": map[string]any{"mood": "sad"}})
	counselor.MustFail(t, "BAD_USER_INPUT", caseloadQuery, map[string]any{"order": map[string]any{"field": "HAPPINESS"}})
	counselor.MustFail(t, "LIMIT_EXCEEDED", statementsQuery, map[string]any{"first": 501})
}

// TestCaseloadStatements: the caseload costs the same number of SQL
// statements for 5, 50 and 500 students.
func TestCaseloadStatements(t *testing.T) {
	s := apitest.NewServer(t, apitest.QuietAudit())
	w := apitest.NewWorld(t, s.DB)
	x := newSeeder(t, s, w)
	counselor := s.As(t, w.Home.Counselor)
	// A plan requirement, so each row's overdueRequirements is derived too.
	s.As(t, w.Home.Admin).MustDo(t, `mutation($in: CreateRequirementInput!) { createRequirement(input: $in) { requirement { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "grade": 10, "title": "Two reflections",
			"kind": "REFLECTION_COUNT", "minCount": 2, "dueOn": "2026-11-01T00:00:00Z"}}, nil)
	var counts []int64
	for _, total := range []int{5, 50, 500} {
		x.students(total - x.n)
		var p page
		r := counselor.MustDo(t, statementsQuery, map[string]any{"first": 500, "order": map[string]any{"field": "OVERDUE_MILESTONES", "direction": "DESC"}}, &p)
		if p.Caseload.TotalCount != total+1 {
			t.Fatalf("caseload of %d has %d rows", total, p.Caseload.TotalCount)
		}
		counts = append(counts, r.Statements)
		s.FlushAudit(t) // the trail holds one READ per student, written in batches after the request
	}
	if counts[0] != counts[1] || counts[1] != counts[2] {
		t.Errorf("statements for 5, 50, 500 students: %v; want the same", counts)
	}
	t.Logf("statements per caseload page: %v", counts)
}

// TestCaseloadCSV streams the same rows as CSV; bad parameters and another
// school are refused before the first byte.
func TestCaseloadCSV(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	x := newSeeder(t, s, w)
	x.students(30)
	token := s.As(t, w.Home.Counselor).Token
	get := func(query, tok string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/export/caseload.csv"+query, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := get("?grade=10&orderBy=AVERAGE_PROGRESS&direction=DESC&overdueRequirement=false", token)
	if status != http.StatusOK {
		t.Fatalf("csv: %d %s", status, body)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1+9 || records[0][0] != "student_id" || records[1][3] != "10" || records[0][16] != "overdue_requirements" ||
		records[1][16] != "0" { // 8 bulk of grade 10, and the World's student; no requirements set
		t.Errorf("csv rows = %d: %v", len(records), records[:2])
	}
	if status, body := get("?overdueRequirement=maybe", token); status != http.StatusBadRequest || !strings.Contains(body, "overdueRequirement") {
		t.Errorf("overdueRequirement=maybe: %d %s", status, body)
	}
	if false {
		t.Errorf("csv rows = %d: %v", len(records), records[:2])
	}
	if status, body := get("?mood=sad", token); status != http.StatusBadRequest || !strings.Contains(body, "BAD_USER_INPUT") {
		t.Errorf("unknown parameter: %d %s", status, body)
	}
	if status, body := get("?schoolID="+string(w.Home.School.ID), s.As(t, w.Other.Admin).Token); status != http.StatusForbidden {
		t.Errorf("another school's caseload: %d %s", status, body)
	}
	if status, _ := get("", s.As(t, w.Home.Family).Token); status != http.StatusForbidden {
		t.Errorf("family: %d", status)
	}
	if status, _ := get("", ""); status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", status)
	}
}

// TestCaseloadSummary sums the same figures by grade and by advisor, in one
// statement whatever the number of students.
func TestCaseloadSummary(t *testing.T) {
	s := apitest.NewServer(t, apitest.QuietAudit())
	w := apitest.NewWorld(t, s.DB)
	x := newSeeder(t, s, w)
	x.students(12)
	counselor := s.As(t, w.Home.Counselor)
	const summary = `query($by: CaseloadGroupBy!, $where: CaseloadFilter) { caseloadSummary(groupBy: $by, where: $where) {
	  grade advisorID students averageProgress goals overdueMilestones stalled neverReflected evidence endorsements } }`
	type srow struct {
		Grade                                                                               *int
		AdvisorID                                                                           *string
		Students, Goals, OverdueMilestones, Stalled, NeverReflected, Evidence, Endorsements int
		AverageProgress                                                                     *float64
	}
	var out struct{ CaseloadSummary []srow }
	small := counselor.MustDo(t, summary, map[string]any{"by": "GRADE", "where": map[string]any{"stalledDays": 7}}, &out)
	if len(out.CaseloadSummary) != 4 {
		t.Fatalf("grades = %+v", out.CaseloadSummary)
	}
	total, stalled, never := 0, 0, 0
	for _, r := range out.CaseloadSummary {
		total += r.Students
		stalled += r.Stalled
		never += r.NeverReflected
	}
	// 12 bulk students and the World's; stalled as in TestCaseloadFigures.
	if total != 13 || stalled != 5 || never != 1 {
		t.Errorf("by grade: %d students, %d stalled, %d never reflected: %+v", total, stalled, never, out.CaseloadSummary)
	}
	g10 := out.CaseloadSummary[1]
	if *g10.Grade != 10 || g10.Students != 4 || g10.Goals != 3 || g10.OverdueMilestones != 3 || g10.Evidence != 3 {
		t.Errorf("grade 10 = %+v", g10)
	}
	counselor.MustDo(t, summary, map[string]any{"by": "ADVISOR"}, &out)
	if len(out.CaseloadSummary) != 1 || *out.CaseloadSummary[0].AdvisorID != string(w.Home.Advisor.ID) || out.CaseloadSummary[0].Students != 13 {
		t.Errorf("by advisor = %+v", out.CaseloadSummary)
	}
	s.FlushAudit(t)
	x.students(100)
	large := counselor.MustDo(t, summary, map[string]any{"by": "GRADE"}, &out)
	if large.Statements != small.Statements {
		t.Errorf("summary of 113 students ran %d statements, of 13 ran %d", large.Statements, small.Statements)
	}
	s.As(t, w.Home.Family).MustFail(t, "FORBIDDEN", summary, map[string]any{"by": "GRADE"})
	counselor.MustFail(t, "BAD_USER_INPUT", summary, map[string]any{"by": "MOOD"})
}
