package caseload_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/schema/pathway"
	"plp/internal/devtools/apitest"
)

// TestPathways sets the flexible pathway of goals and evidence through the
// API and filters by it wherever a counselor looks: goals, evidence, the
// caseload, its summary and its CSV. A PRIVATE goal or evidence never puts
// a student in a pathway for staff.
func TestPathways(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	x := newSeeder(t, s, w)
	c := s.DB.Client
	student := s.As(t, w.Home.StudentAccount)
	counselor := s.As(t, w.Home.Counselor)
	a := w.Home.Student
	// b and c have nothing but what this test gives them.
	bc := c.Student.CreateBulk(
		c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Bea").SetFamilyName("Private").SetPreferredName("Bea").
			SetGrade(11).SetGraduationYear(2028).SetCounselorID(w.Home.Counselor.ID),
		c.Student.Create().SetSchoolID(w.Home.School.ID).SetGivenName("Cal").SetFamilyName("Service").SetPreferredName("Cal").
			SetGrade(12).SetGraduationYear(2027).SetCounselorID(w.Home.Counselor.ID),
	).SaveX(x.sys)
	b, cal := bc[0], bc[1]
	// b's pathway work is all PRIVATE.
	de := pathway.DualEnrollment
	c.Goal.Create().SetStudentID(b.ID).SetArea(goal.AreaAcademic).SetTitle("College calculus").
		SetVisibility(goal.VisibilityPrivate).SetPathway(de).ExecX(x.sys)
	c.Evidence.Create().SetStudentID(b.ID).SetTitle("Calculus midterm").SetKind(evidence.KindText).SetBody("...").
		SetOccurredOn(s.Clock.Now()).SetVisibility(evidence.VisibilityPrivate).SetPathway(de).ExecX(x.sys)

	// The student sets pathways on their own goals; update changes and clears them.
	const createGoal = `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id pathway } } }`
	const updateGoal = `mutation($id: ID!, $in: UpdateGoalInput!) { updateGoal(id: $id, input: $in) { goal { id pathway } } }`
	type goalOut struct {
		ID      string
		Pathway *string
	}
	var cg struct{ CreateGoal struct{ Goal goalOut } }
	student.MustDo(t, createGoal, map[string]any{"in": map[string]any{"studentID": a.ID, "area": "CAREER",
		"title": "Finish the welding program", "visibility": "SCHOOL", "pathway": "CTE"}}, &cg)
	if p := cg.CreateGoal.Goal.Pathway; p == nil || *p != "CTE" {
		t.Fatalf("created goal's pathway = %v, want CTE", p)
	}
	student.MustDo(t, createGoal, map[string]any{"in": map[string]any{"studentID": a.ID, "area": "ACADEMIC",
		"title": "English 1010 at the community college", "visibility": "SCHOOL", "pathway": "DUAL_ENROLLMENT"}}, &cg)
	var ug struct{ UpdateGoal struct{ Goal goalOut } }
	student.MustDo(t, updateGoal, map[string]any{"id": cg.CreateGoal.Goal.ID, "in": map[string]any{"pathway": "VIRTUAL_LEARNING"}}, &ug)
	if p := ug.UpdateGoal.Goal.Pathway; p == nil || *p != "VIRTUAL_LEARNING" {
		t.Errorf("updated goal's pathway = %v, want VIRTUAL_LEARNING", p)
	}
	student.MustDo(t, updateGoal, map[string]any{"id": cg.CreateGoal.Goal.ID, "in": map[string]any{"clearPathway": true}}, &ug)
	if p := ug.UpdateGoal.Goal.Pathway; p != nil {
		t.Errorf("cleared goal's pathway = %v, want null (the regular classroom)", *p)
	}
	student.MustFail(t, "BAD_USER_INPUT", createGoal, map[string]any{"in": map[string]any{"studentID": a.ID, "area": "CAREER",
		"title": "Rocketry", "pathway": "ROCKETRY"}})

	// Staff record evidence from a pathway, and change it.
	const createEvidence = `mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id pathway } } }`
	const updateEvidence = `mutation($id: ID!, $in: UpdateEvidenceInput!) { updateEvidence(id: $id, input: $in) { evidence { id pathway } } }`
	type evOut struct {
		ID      string
		Pathway *string
	}
	var ce struct{ CreateEvidence struct{ Evidence evOut } }
	counselor.MustDo(t, createEvidence, map[string]any{"in": map[string]any{"studentID": cal.ID, "title": "Food shelf hours",
		"kind": "TEXT", "body": "40 hours", "occurredOn": "2026-11-01T00:00:00Z", "visibility": "SCHOOL", "pathway": "WORK_BASED_LEARNING"}}, &ce)
	if p := ce.CreateEvidence.Evidence.Pathway; p == nil || *p != "WORK_BASED_LEARNING" {
		t.Fatalf("created evidence's pathway = %v", p)
	}
	var ue struct{ UpdateEvidence struct{ Evidence evOut } }
	counselor.MustDo(t, updateEvidence, map[string]any{"id": ce.CreateEvidence.Evidence.ID, "in": map[string]any{"pathway": "SERVICE_LEARNING"}}, &ue)
	if p := ue.UpdateEvidence.Evidence.Pathway; p == nil || *p != "SERVICE_LEARNING" {
		t.Errorf("updated evidence's pathway = %v", p)
	}

	// Goal and evidence filters, as the counselor sees them.
	count := func(query string, where map[string]any) int {
		var out map[string]struct{ TotalCount int }
		counselor.MustDo(t, query, map[string]any{"where": where}, &out)
		for _, v := range out {
			return v.TotalCount
		}
		return -1
	}
	const goals = `query($where: GoalWhereInput) { goals(where: $where) { totalCount } }`
	const evidenceQ = `query($where: EvidenceWhereInput) { evidence(where: $where) { totalCount } }`
	for _, tc := range []struct {
		query string
		where map[string]any
		want  int
	}{
		{goals, map[string]any{"pathway": "CTE"}, 1},
		{goals, map[string]any{"pathway": "DUAL_ENROLLMENT"}, 0}, // b's is PRIVATE, a's was cleared
		{goals, map[string]any{"pathwayIn": []string{"CTE", "VIRTUAL_LEARNING"}}, 1},
		{goals, map[string]any{"pathwayIsNil": true, "studentID": a.ID}, 1},
		{evidenceQ, map[string]any{"pathway": "SERVICE_LEARNING"}, 1},
		{evidenceQ, map[string]any{"pathway": "DUAL_ENROLLMENT"}, 0},
	} {
		if got := count(tc.query, tc.where); got != tc.want {
			t.Errorf("%.30s where %v: %d, want %d", tc.query, tc.where, got, tc.want)
		}
	}

	// The caseload: the filter, and each row's pathways.
	const q = `query($where: CaseloadFilter) { caseload(where: $where, first: 100) { totalCount rows { studentID pathways } } }`
	type prow struct {
		StudentID string
		Pathways  []string
	}
	caseload := func(where map[string]any) (int, []prow) {
		var out struct {
			Caseload struct {
				TotalCount int
				Rows       []prow
			}
		}
		counselor.MustDo(t, q, map[string]any{"where": where}, &out)
		return out.Caseload.TotalCount, out.Caseload.Rows
	}
	ids := func(rows []prow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.StudentID)
		}
		slices.Sort(out)
		return out
	}
	if n, rows := caseload(map[string]any{"pathway": "CTE"}); n != 1 || !slices.Equal(ids(rows), []string{string(a.ID)}) ||
		!slices.Equal(rows[0].Pathways, []string{"CTE"}) {
		t.Errorf("caseload in CTE: %d %+v", n, rows)
	}
	if n, rows := caseload(map[string]any{"pathway": "SERVICE_LEARNING"}); n != 1 || !slices.Equal(ids(rows), []string{string(cal.ID)}) {
		t.Errorf("caseload in service learning (by evidence): %d %+v", n, rows)
	}
	if n, rows := caseload(map[string]any{"pathway": "DUAL_ENROLLMENT"}); n != 0 {
		t.Errorf("a PRIVATE goal and evidence put a student in dual enrollment for staff: %d %+v", n, rows)
	}
	_, all := caseload(nil)
	for _, r := range all {
		if r.StudentID == string(b.ID) && len(r.Pathways) != 0 {
			t.Errorf("b's row shows PRIVATE pathways: %v", r.Pathways)
		}
	}
	counselor.MustFail(t, "BAD_USER_INPUT", q, map[string]any{"where": map[string]any{"pathway": "ROCKETRY"}})

	// The summary narrows the same way.
	var sum struct{ CaseloadSummary []struct{ Students int } }
	counselor.MustDo(t, `query($where: CaseloadFilter) { caseloadSummary(where: $where) { students } }`,
		map[string]any{"where": map[string]any{"pathway": "SERVICE_LEARNING"}}, &sum)
	if len(sum.CaseloadSummary) != 1 || sum.CaseloadSummary[0].Students != 1 {
		t.Errorf("summary in service learning: %+v", sum.CaseloadSummary)
	}

	// The CSV export takes the same filter, and names an unknown pathway.
	get := func(query string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/export/caseload.csv"+query, nil)
		req.Header.Set("Authorization", "Bearer "+counselor.Token)
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	status, body := get("?pathway=CTE")
	if status != http.StatusOK {
		t.Fatalf("csv in CTE: %d %s", status, body)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := len(records[0]) - 2 // pathways, then overdue_requirements
	if len(records) != 2 || records[0][last] != "pathways" || records[1][0] != string(a.ID) || records[1][last] != "CTE" {
		t.Errorf("csv in CTE: %v", records)
	}
	if status, body := get("?pathway=ROCKETRY"); status != http.StatusBadRequest ||
		!strings.Contains(body, "BAD_USER_INPUT") || !strings.Contains(body, "Unknown pathway") {
		t.Errorf("csv with an unknown pathway: %d %s", status, body)
	}
}
