package requirements_test

import (
	"testing"

	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
)

// TestPathwayRequirements: "a work-based learning reflection" and "service
// learning evidence" as requirements. A reflection counts when it is on a
// goal or a piece of evidence in the pathway and written in the school
// year; other pathways and last year's work do not. Bad input is refused
// and changes nothing; a roll-over keeps the pathway.
func TestPathwayRequirements(t *testing.T) {
	s := apitest.NewServer(t) // clock at 2026-11-23 14:00 UTC: school year 2026-2027
	w := apitest.NewWorld(t, s.DB)
	home, st := w.Home, w.Home.Student
	sys := s.System()
	c := s.DB.Client
	admin := s.As(t, home.Admin)
	school := home.School.ID

	in := func(kind, path string) map[string]any {
		m := map[string]any{"schoolID": school, "grade": 10, "title": kind + " " + path, "kind": kind, "dueOn": "2027-04-01T00:00:00Z"}
		if path != "" {
			m["pathway"] = path
		}
		return m
	}
	wbl := newRequirement(t, admin, in("PATHWAY_REFLECTION", "WORK_BASED_LEARNING"))
	if wbl.Pathway == nil || *wbl.Pathway != "WORK_BASED_LEARNING" || wbl.Kind != "PATHWAY_REFLECTION" {
		t.Fatalf("created %+v", wbl)
	}
	newRequirement(t, admin, in("PATHWAY_EVIDENCE", "SERVICE_LEARNING"))

	// Bad input: a clear error naming the field, and nothing changes.
	before := c.Requirement.Query().CountX(sys)
	for _, bad := range []map[string]any{in("PATHWAY_REFLECTION", ""), in("PATHWAY_EVIDENCE", ""), in("SELF_ASSESSMENT", "CTE")} {
		if e := admin.MustFail(t, "BAD_USER_INPUT", create, map[string]any{"in": bad}); e.Field() != "pathway" {
			t.Errorf("%v: field %q, want pathway (%s)", bad, e.Field(), e.Message)
		}
	}
	admin.MustFail(t, "BAD_USER_INPUT", create, map[string]any{"in": in("PATHWAY_REFLECTION", "HOBBIES")})
	if e := admin.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": wbl.ID, "in": map[string]any{"clearPathway": true}}); e.Field() != "pathway" {
		t.Errorf("clearing the pathway of a PATHWAY_REFLECTION: field %q (%s)", e.Field(), e.Message)
	}
	if after := c.Requirement.Query().CountX(sys); after != before {
		t.Fatalf("refusals changed the requirements: %d, then %d", before, after)
	}
	if r := c.Requirement.GetX(sys, pulid.ID(wbl.ID)); r.Pathway == nil || *r.Pathway != pathway.WorkBasedLearning {
		t.Fatalf("a refused update changed the pathway: %+v", r)
	}

	student := s.As(t, home.StudentAccount)
	state := func(kind string) apiStatus {
		t.Helper()
		return statusesOf(t, student, st.ID, nil)[kind]
	}
	if g := state("PATHWAY_REFLECTION"); g.State != "DUE" || g.CompletedAt != nil {
		t.Fatalf("empty plan: %+v", g)
	}

	// Work that does not count: a reflection on a CTE goal, one on
	// work-based learning evidence from last school year, service-learning
	// evidence from last school year.
	cte := pathway.CTE
	wb := pathway.WorkBasedLearning
	service := pathway.ServiceLearning
	cteGoal := c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Welding").SetStatus(goal.StatusActive).
		SetPathway(cte).SaveX(sys)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("Welding class").SetGoalID(cteGoal.ID).
		SetCreatedAt(day(2026, 9, 20)).SetUpdatedAt(day(2026, 9, 20)).ExecX(sys)
	internship := c.Evidence.Create().SetStudentID(st.ID).SetTitle("Internship log").SetKind(evidence.KindText).
		SetOccurredOn(day(2026, 5, 1)).SetPathway(wb).SetVisibility(evidence.VisibilityPrivate).SaveX(sys)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("Last spring").SetEvidenceID(internship.ID).
		SetCreatedAt(day(2026, 5, 2)).SetUpdatedAt(day(2026, 5, 2)).ExecX(sys)
	c.Evidence.Create().SetStudentID(st.ID).SetTitle("Food shelf").SetKind(evidence.KindText).SetOccurredOn(day(2026, 4, 1)).
		SetPathway(service).SetCreatedAt(day(2026, 4, 1)).SetUpdatedAt(day(2026, 4, 1)).ExecX(sys)
	if g := state("PATHWAY_REFLECTION"); g.State != "DUE" {
		t.Fatalf("another pathway and last year counted: %+v", g)
	}
	if g := state("PATHWAY_EVIDENCE"); g.State != "DUE" {
		t.Fatalf("last year's service evidence counted: %+v", g)
	}

	// A reflection this year on the (PRIVATE) internship evidence: met then.
	onEvidence := day(2026, 10, 10)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("What I learned at the shop").SetEvidenceID(internship.ID).
		SetCreatedAt(onEvidence).SetUpdatedAt(onEvidence).ExecX(sys)
	if g := state("PATHWAY_REFLECTION"); g.State != "COMPLETE" || g.CompletedAt == nil || !g.CompletedAt.Equal(onEvidence) {
		t.Fatalf("reflection on work-based learning evidence: %+v", g)
	}
	// An earlier one on a work-based learning goal: met from that one.
	onGoal := day(2026, 10, 5)
	wbGoal := c.Goal.Create().SetStudentID(st.ID).SetArea(goal.AreaCareer).SetTitle("Internship").SetStatus(goal.StatusActive).
		SetPathway(wb).SaveX(sys)
	c.Reflection.Create().SetStudentID(st.ID).SetBody("Starting out").SetGoalID(wbGoal.ID).
		SetCreatedAt(onGoal).SetUpdatedAt(onGoal).ExecX(sys)
	for _, a := range []*apitest.Client{student, s.As(t, home.Family), s.As(t, home.Advisor)} {
		var out struct {
			Node *struct{ Requirements []apiStatus }
		}
		a.MustDo(t, statuses, map[string]any{"id": st.ID, "year": nil}, &out)
		for _, g := range out.Node.Requirements {
			if g.Requirement.Kind == "PATHWAY_REFLECTION" && (g.State != "COMPLETE" || !g.CompletedAt.Equal(onGoal)) {
				t.Errorf("reflection on a work-based learning goal: %+v", g)
			}
		}
	}
	// Service-learning evidence added this year.
	added := day(2026, 11, 2)
	c.Evidence.Create().SetStudentID(st.ID).SetTitle("Trail crew").SetKind(evidence.KindText).SetOccurredOn(added).
		SetPathway(service).SetCreatedAt(added).SetUpdatedAt(added).ExecX(sys)
	if g := state("PATHWAY_EVIDENCE"); g.State != "COMPLETE" || !g.CompletedAt.Equal(added) {
		t.Fatalf("service-learning evidence this year: %+v", g)
	}

	// The report counts it; a roll-over keeps the pathway.
	var rep apiReport
	admin.MustDo(t, report, map[string]any{"s": school, "by": "GRADE"}, &rep)
	for _, row := range rep.RequirementReport.Rows {
		if row.Requirement.ID == wbl.ID && (row.Complete != 1 || row.Overdue != 0) {
			t.Errorf("report row %+v", row)
		}
	}
	const roll = `mutation($s: ID!, $y: String!) { rollOverRequirements(schoolID: $s, schoolYear: $y) { requirements { id kind pathway schoolYear } } }`
	var rolled struct {
		RollOverRequirements struct {
			Requirements []struct {
				ID, Kind, SchoolYear string
				Pathway              *string
			}
		}
	}
	admin.MustDo(t, roll, map[string]any{"s": school, "y": "2026-2027"}, &rolled)
	found := 0
	for _, r := range rolled.RollOverRequirements.Requirements {
		if r.Kind == "PATHWAY_REFLECTION" {
			found++
			if r.Pathway == nil || *r.Pathway != "WORK_BASED_LEARNING" || r.SchoolYear != "2027-2028" {
				t.Errorf("rolled over %+v", r)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d PATHWAY_REFLECTION copies, want 1", found)
	}
}
