package requirements_test

import (
	"fmt"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/goal"
	"plp/ent/requirement"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/school/requirements"
)

const create = `mutation($in: CreateRequirementInput!) { createRequirement(input: $in) { requirement {
  id grade title kind area minCount pathway schoolYear dueOn dueAt yearStartsAt archivedAt } } }`

const update = `mutation($id: ID!, $in: UpdateRequirementInput!) { updateRequirement(id: $id, input: $in) { requirement { id grade kind area minCount dueAt } } }`

const archive = `mutation($id: ID!) { archiveRequirement(id: $id) { requirement { id archivedAt } } }`

const statuses = `query($id: ID!, $year: String) { node(id: $id) { ... on Student {
  requirements(schoolYear: $year) { requirement { id kind title } state completedAt } } } }`

const report = `query($s: ID!, $by: RequirementReportGroupBy!, $year: String) { requirementReport(schoolID: $s, groupBy: $by, schoolYear: $year) {
  schoolYear requirements { id } rows { grade advisorID requirement { id kind } assigned complete overdue } } }`

type apiRequirement struct {
	ID, Title, Kind, SchoolYear string
	Grade                       int
	Area                        *string
	MinCount                    *int
	Pathway                     *string
	DueOn, DueAt, YearStartsAt  time.Time
	ArchivedAt                  *time.Time
}

type apiStatus struct {
	Requirement struct{ ID, Kind, Title string }
	State       string
	CompletedAt *time.Time
}

type apiReport struct {
	RequirementReport struct {
		SchoolYear   string
		Requirements []struct{ ID string }
		Rows         []struct {
			Grade                       *int
			AdvisorID                   *string
			Requirement                 struct{ ID, Kind string }
			Assigned, Complete, Overdue int
		}
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// newRequirement creates a requirement as the client and returns it.
func newRequirement(t *testing.T, c *apitest.Client, in map[string]any) apiRequirement {
	t.Helper()
	var out struct {
		CreateRequirement struct{ Requirement apiRequirement }
	}
	c.MustDo(t, create, map[string]any{"in": in}, &out)
	return out.CreateRequirement.Requirement
}

func statusesOf(t *testing.T, c *apitest.Client, id pulid.ID, year any) map[string]apiStatus {
	t.Helper()
	var out struct {
		Node *struct{ Requirements []apiStatus }
	}
	c.MustDo(t, statuses, map[string]any{"id": id, "year": year}, &out)
	if out.Node == nil {
		t.Fatalf("student %s not readable", id)
	}
	m := map[string]apiStatus{}
	for _, s := range out.Node.Requirements {
		m[s.Requirement.Kind] = s
	}
	return m
}

// TestRequirements: an admin sets requirements of grade 10 for 2026-2027;
// each student's state is derived from their plan (PRIVATE items count,
// last year's do not); bad input and other people are refused and change
// nothing; archiving and rolling over.
func TestRequirements(t *testing.T) {
	s := apitest.NewServer(t) // clock at 2026-11-23 14:00 UTC: school year 2026-2027
	w := apitest.NewWorld(t, s.DB)
	home, st := w.Home, w.Home.Student
	sys := s.System()
	c := s.DB.Client
	admin := s.As(t, home.Admin)
	school := home.School.ID

	base := func(kind string, due string) map[string]any {
		return map[string]any{"schoolID": school, "grade": 10, "title": kind + " by " + due, "kind": kind, "dueOn": due}
	}
	annual := newRequirement(t, admin, base("ANNUAL_PLAN_UPDATE", "2026-11-30T00:00:00Z"))
	career := base("GOAL_IN_AREA", "2026-10-15T00:00:00-04:00")
	career["area"] = "CAREER"
	careerReq := newRequirement(t, admin, career)
	refl := base("REFLECTION_COUNT", "2027-03-01T00:00:00Z")
	refl["minCount"] = 2
	newRequirement(t, admin, refl)
	selfReq := newRequirement(t, admin, base("SELF_ASSESSMENT", "2026-11-01T00:00:00Z"))
	newRequirement(t, admin, base("ANNUAL_REVIEW_SIGNED", "2027-05-01T00:00:00Z"))
	conf := newRequirement(t, admin, base("CONFERENCE_HELD", "2026-12-15T00:00:00Z"))

	// The due date is the calendar day as written, due at the end of that day
	// at the school (America/New_York); the year is the one holding it.
	ny, _ := time.LoadLocation("America/New_York")
	if annual.SchoolYear != "2026-2027" || !annual.DueAt.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, ny)) ||
		!annual.DueOn.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, ny)) || !annual.YearStartsAt.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, ny)) {
		t.Errorf("annual update = %+v", annual)
	}
	if !careerReq.DueOn.Equal(time.Date(2026, 10, 15, 0, 0, 0, 0, ny)) || careerReq.Area == nil || *careerReq.Area != "CAREER" {
		t.Errorf("career goal = %+v", careerReq)
	}

	// Bad input and other people: a clear error each, nothing changes.
	before := c.Requirement.Query().CountX(sys)
	bad := func(code, field string, in map[string]any) {
		t.Helper()
		e := admin.MustFail(t, code, create, map[string]any{"in": in})
		if field != "" && e.Field() != field {
			t.Errorf("%v: field %q, want %q (%s)", in, e.Field(), field, e.Message)
		}
	}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	bad("BAD_USER_INPUT", "grade", with(base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z"), "grade", 13))
	bad("BAD_USER_INPUT", "grade", with(base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z"), "grade", -1))
	bad("BAD_USER_INPUT", "dueOn", base("SELF_ASSESSMENT", "2026-05-01T00:00:00Z")) // 2025-2026 has ended
	bad("BAD_USER_INPUT", "dueOn", with(base("SELF_ASSESSMENT", "x"), "dueOn", nil))
	bad("BAD_USER_INPUT", "area", base("GOAL_IN_AREA", "2027-01-01T00:00:00Z"))
	bad("BAD_USER_INPUT", "", with(base("GOAL_IN_AREA", "2027-01-01T00:00:00Z"), "area", "HOBBIES"))
	bad("BAD_USER_INPUT", "area", with(base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z"), "area", "CAREER"))
	bad("BAD_USER_INPUT", "minCount", base("REFLECTION_COUNT", "2027-01-01T00:00:00Z"))
	bad("BAD_USER_INPUT", "minCount", with(base("REFLECTION_COUNT", "2027-01-01T00:00:00Z"), "minCount", 0))
	bad("BAD_USER_INPUT", "title", with(base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z"), "title", " "))
	for _, a := range []*ent.Account{home.Advisor, home.Counselor, home.StudentAccount, home.Family} {
		s.As(t, a).MustFail(t, "FORBIDDEN", create, map[string]any{"in": base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z")})
	}
	other := s.As(t, w.Other.Admin)
	other.MustFail(t, "NOT_FOUND", create, map[string]any{"in": base("SELF_ASSESSMENT", "2027-01-01T00:00:00Z")})
	other.MustFail(t, "NOT_FOUND", update, map[string]any{"id": conf.ID, "in": map[string]any{"grade": 9}})
	other.MustFail(t, "NOT_FOUND", archive, map[string]any{"id": conf.ID})
	s.As(t, home.Advisor).MustFail(t, "NOT_FOUND", archive, map[string]any{"id": conf.ID})
	admin.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": careerReq.ID, "in": map[string]any{"clearArea": true}})
	admin.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": careerReq.ID, "in": map[string]any{"grade": 14}})
	admin.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": careerReq.ID, "in": map[string]any{"clearDueOn": true}})
	if after := c.Requirement.Query().CountX(sys); after != before {
		t.Fatalf("refusals changed the requirements: %d, then %d", before, after)
	}
	if r := c.Requirement.GetX(sys, pulid.ID(careerReq.ID)); r.Grade != 10 || r.Area == nil || r.DueOn == nil {
		t.Fatalf("refused updates changed the requirement: %+v", r)
	}

	// Nothing in the plan yet: due ones DUE, past ones OVERDUE.
	got := statusesOf(t, s.As(t, home.StudentAccount), st.ID, nil)
	if len(got) != 6 || got["GOAL_IN_AREA"].State != "OVERDUE" || got["ANNUAL_PLAN_UPDATE"].State != "DUE" ||
		got["SELF_ASSESSMENT"].State != "OVERDUE" || got["CONFERENCE_HELD"].State != "DUE" {
		t.Fatalf("empty plan: %+v", got)
	}

	// The plan: a PRIVATE career goal set in September, a reflection of last
	// school year and one of this, and a completed conference.
	created := day(2026, 9, 1)
	c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Apprenticeship").SetStatus(goal.StatusActive).
		SetVisibility(goal.VisibilityPrivate).SetCreatedAt(created).SetUpdatedAt(created).ExecX(sys)
	c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCivic).SetTitle("Old").SetStatus(goal.StatusSetAside).
		SetCreatedAt(day(2025, 9, 1)).SetUpdatedAt(day(2025, 9, 1)).ExecX(sys)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("Last year").SetCreatedAt(day(2026, 5, 1)).SetUpdatedAt(day(2026, 5, 1)).ExecX(sys)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("This year").SetCreatedAt(day(2026, 10, 2)).SetUpdatedAt(day(2026, 10, 2)).ExecX(sys)
	win := c.ConferenceWindow.Create().SetSchoolID(school).SetTerm("Fall 2026").
		SetOpensAt(day(2026, 11, 1)).SetClosesAt(day(2026, 11, 20)).SaveX(sys)
	sl := c.Slot.Create().SetWindowID(win.ID).SetHostID(home.Advisor.ID).SetStartsAt(day(2026, 11, 10)).
		SetEndsAt(day(2026, 11, 10).Add(20 * time.Minute)).SaveX(sys)
	c.Conference.Create().SetStudentID(st.ID).SetWindowID(win.ID).SetSlotID(sl.ID).SetStatus(conference.StatusCompleted).ExecX(sys)

	for name, a := range map[string]*ent.Account{"student": home.StudentAccount, "family": home.Family, "advisor": home.Advisor, "admin": home.Admin} {
		got = statusesOf(t, s.As(t, a), st.ID, nil)
		if g := got["GOAL_IN_AREA"]; g.State != "COMPLETE" || g.CompletedAt == nil || !g.CompletedAt.Equal(created) {
			t.Errorf("%s: career goal (a PRIVATE one counts) = %+v", name, g)
		}
		if g := got["ANNUAL_PLAN_UPDATE"]; g.State != "COMPLETE" || g.CompletedAt == nil || !g.CompletedAt.Equal(created) {
			t.Errorf("%s: annual update (the first change this year) = %+v", name, g)
		}
		if g := got["REFLECTION_COUNT"]; g.State != "DUE" || g.CompletedAt != nil {
			t.Errorf("%s: 1 of 2 reflections (last year's does not count) = %+v", name, g)
		}
		if g := got["CONFERENCE_HELD"]; g.State != "COMPLETE" || !g.CompletedAt.Equal(day(2026, 11, 10)) {
			t.Errorf("%s: conference = %+v", name, g)
		}
		if got["SELF_ASSESSMENT"].State != "OVERDUE" || got["ANNUAL_REVIEW_SIGNED"].State != "DUE" {
			t.Errorf("%s: %+v", name, got)
		}
	}
	// A partner reads the student, not the school's requirements.
	partner := s.As(t, home.Partner)
	if got := statusesOf(t, partner, st.ID, nil); len(got) != 0 {
		t.Errorf("partner sees requirements: %+v", got)
	}
	var listed struct{ Requirements struct{ TotalCount int } }
	partner.MustDo(t, `{ requirements { totalCount } }`, nil, &listed)
	if listed.Requirements.TotalCount != 0 {
		t.Errorf("partner lists %d requirements", listed.Requirements.TotalCount)
	}
	other.MustFail(t, "NOT_FOUND", statuses, map[string]any{"id": st.ID})

	// A second reflection meets REFLECTION_COUNT when it is written.
	c.Reflection.Create().SetStudentID(st.ID).SetBody("Again").SetCreatedAt(day(2026, 11, 2)).SetUpdatedAt(day(2026, 11, 2)).ExecX(sys)
	got = statusesOf(t, s.As(t, home.StudentAccount), st.ID, nil)
	if g := got["REFLECTION_COUNT"]; g.State != "COMPLETE" || !g.CompletedAt.Equal(day(2026, 11, 2)) {
		t.Errorf("2 of 2 reflections = %+v", g)
	}
	// Another year asked for by name: none set there.
	if got := statusesOf(t, s.As(t, home.StudentAccount), st.ID, "2027-2028"); len(got) != 0 {
		t.Errorf("2027-2028: %+v", got)
	}
	s.As(t, home.StudentAccount).MustFail(t, "BAD_USER_INPUT", statuses, map[string]any{"id": st.ID, "year": "2026"})

	// The report: a second grade-10 student with nothing, of no advisor.
	c.Student.Create().SetSchoolID(school).SetGivenName("Ada").SetFamilyName("Two").SetPreferredName("Ada").
		SetGrade(10).SetGraduationYear(2029).ExecX(sys)
	var rep apiReport
	admin.MustDo(t, report, map[string]any{"s": school, "by": "GRADE"}, &rep)
	byKind := map[string]int{}
	for i, r := range rep.RequirementReport.Rows {
		if r.Grade == nil || *r.Grade != 10 || r.Assigned != 2 {
			t.Errorf("row %d = %+v", i, r)
		}
		byKind[r.Requirement.Kind] = i
	}
	rows := rep.RequirementReport.Rows
	if rep.RequirementReport.SchoolYear != "2026-2027" || len(rows) != 6 {
		t.Fatalf("report = %+v", rep)
	}
	for kind, want := range map[string][2]int{ // complete, overdue
		"GOAL_IN_AREA": {1, 1}, "SELF_ASSESSMENT": {0, 2}, "REFLECTION_COUNT": {1, 0}, "CONFERENCE_HELD": {1, 0},
		"ANNUAL_PLAN_UPDATE": {1, 0}, "ANNUAL_REVIEW_SIGNED": {0, 0},
	} {
		if r := rows[byKind[kind]]; r.Complete != want[0] || r.Overdue != want[1] {
			t.Errorf("%s: complete %d overdue %d, want %v", kind, r.Complete, r.Overdue, want)
		}
	}
	admin.MustDo(t, report, map[string]any{"s": school, "by": "ADVISOR"}, &rep)
	if rows := rep.RequirementReport.Rows; len(rows) != 12 || rows[0].AdvisorID == nil || *rows[0].AdvisorID != string(home.Advisor.ID) ||
		rows[0].Assigned != 1 || rows[11].AdvisorID != nil {
		t.Errorf("by advisor = %+v", rows)
	}
	for _, a := range []*ent.Account{home.StudentAccount, home.Family, home.Partner} {
		s.As(t, a).MustFail(t, "FORBIDDEN", report, map[string]any{"s": school, "by": "GRADE"})
	}
	other.MustFail(t, "FORBIDDEN", report, map[string]any{"s": school, "by": "GRADE"})
	admin.MustFail(t, "BAD_USER_INPUT", report, map[string]any{"s": school, "by": "GRADE", "year": "26-27"})

	// Archiving: the requirement applies to nobody.
	admin.MustDo(t, archive, map[string]any{"id": selfReq.ID}, nil)
	admin.MustDo(t, archive, map[string]any{"id": selfReq.ID}, nil) // twice changes nothing
	if got := statusesOf(t, s.As(t, home.StudentAccount), st.ID, nil); len(got) != 5 {
		t.Errorf("after archiving: %+v", got)
	}
	admin.MustFail(t, "CONFLICT", update, map[string]any{"id": selfReq.ID, "in": map[string]any{"grade": 9}})
	// Moving a requirement to grade 9 takes it off grade 10.
	admin.MustDo(t, update, map[string]any{"id": conf.ID, "in": map[string]any{"grade": 9}}, nil)
	if got := statusesOf(t, s.As(t, home.StudentAccount), st.ID, nil); len(got) != 4 {
		t.Errorf("after moving one to grade 9: %+v", got)
	}
	// Changing the kind: GOAL_IN_AREA to REFLECTION_COUNT drops the area.
	var changed struct {
		UpdateRequirement struct{ Requirement apiRequirement }
	}
	admin.MustDo(t, update, map[string]any{"id": careerReq.ID, "in": map[string]any{"kind": "REFLECTION_COUNT", "minCount": 3}}, &changed)
	if r := changed.UpdateRequirement.Requirement; r.Area != nil || r.MinCount == nil || *r.MinCount != 3 {
		t.Errorf("changed kind: %+v", r)
	}

	// Rolling over copies the active ones to 2027-2028, once.
	const roll = `mutation($s: ID!, $y: String!) { rollOverRequirements(schoolID: $s, schoolYear: $y) { requirements { id schoolYear dueOn } } }`
	var rolled struct {
		RollOverRequirements struct{ Requirements []apiRequirement }
	}
	s.As(t, home.Advisor).MustFail(t, "FORBIDDEN", roll, map[string]any{"s": school, "y": "2026-2027"})
	admin.MustDo(t, roll, map[string]any{"s": school, "y": "2026-2027"}, &rolled)
	if got := rolled.RollOverRequirements.Requirements; len(got) != 5 || got[0].SchoolYear != "2027-2028" {
		t.Errorf("rolled over: %+v", got)
	}
	admin.MustDo(t, roll, map[string]any{"s": school, "y": "2026-2027"}, &rolled)
	if got := rolled.RollOverRequirements.Requirements; len(got) != 0 {
		t.Errorf("rolled over twice: %+v", got)
	}
	if n := c.Requirement.Query().Where(requirement.SchoolYear("2027-2028"), requirement.DueOnEQ(time.Date(2027, 11, 30, 0, 0, 0, 0, ny).UTC())).CountX(sys); n != 1 {
		t.Errorf("annual update due 2027-11-30: %d", n)
	}
}

// TestRequirementStatements: the report and a student's list cost the same
// number of SQL statements for 5 and 60 students.
func TestRequirementStatements(t *testing.T) {
	s := apitest.NewServer(t, apitest.QuietAudit())
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	school := w.Home.School.ID
	admin := s.As(t, w.Home.Admin)
	for _, kind := range []string{"ANNUAL_PLAN_UPDATE", "REFLECTION_COUNT", "SELF_ASSESSMENT", "ANNUAL_REVIEW_SIGNED", "CONFERENCE_HELD", "GOAL_IN_AREA"} {
		in := map[string]any{"schoolID": school, "grade": 10, "title": kind, "kind": kind, "dueOn": "2026-11-01T00:00:00Z"}
		switch kind {
		case "REFLECTION_COUNT":
			in["minCount"] = 2
		case "GOAL_IN_AREA":
			in["area"] = "CAREER"
		}
		newRequirement(t, admin, in)
	}
	n := 0
	add := func(count int) {
		for range count {
			n++
			st := c.Student.Create().SetSchoolID(school).SetGivenName("Kid").SetFamilyName(fmt.Sprintf("N%03d", n)).
				SetPreferredName("Kid").SetGrade(10).SetGraduationYear(2029).SetAdvisorID(w.Home.Advisor.ID).SaveX(sys)
			if n%2 == 0 {
				c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Career").SetStatus(goal.StatusActive).
					SetCreatedAt(day(2026, 9, 1)).SetUpdatedAt(day(2026, 9, 1)).ExecX(sys)
				c.Reflection.Create().SetStudentID(st.ID).SetBody("r").SetCreatedAt(day(2026, 9, 2)).ExecX(sys)
			}
		}
	}
	var counts []int64
	var rep apiReport
	for _, total := range []int{5, 60} {
		add(total - n)
		r := admin.MustDo(t, report, map[string]any{"s": school, "by": "GRADE"}, &rep)
		counts = append(counts, r.Statements)
		var goals int
		for _, row := range rep.RequirementReport.Rows {
			if row.Requirement.Kind == "GOAL_IN_AREA" {
				goals = row.Complete
				if row.Assigned != total+1 || row.Overdue != total+1-goals {
					t.Errorf("%d students: %+v", total, row)
				}
			}
		}
		if goals != total/2 {
			t.Errorf("%d students: %d career goals, want %d", total, goals, total/2)
		}
	}
	if counts[0] != counts[1] {
		t.Errorf("report statements for 5 and 60 students: %v; want the same", counts)
	}
	t.Logf("statements per report: %v", counts)
	// The caseload's figure too (requirements.OverdueCounts joined).
	var cl struct {
		Caseload struct {
			TotalCount int
			Rows       []struct{ OverdueRequirements int }
		}
	}
	r := admin.MustDo(t, `{ caseload(where: {overdueRequirement: true}, orderBy: {field: OVERDUE_REQUIREMENTS, direction: DESC}, first: 100) {
	  totalCount rows { overdueRequirements } } }`, nil, &cl)
	if cl.Caseload.TotalCount != 61 || cl.Caseload.Rows[0].OverdueRequirements != 6 || cl.Caseload.Rows[60].OverdueRequirements != 4 {
		t.Errorf("caseload: %d rows, first %+v", cl.Caseload.TotalCount, cl.Caseload.Rows[:2])
	}
	t.Logf("caseload statements with requirements: %d", r.Statements)
	_ = requirements.ByGrade
}
