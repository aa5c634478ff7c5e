package implementation_test

import (
	"testing"
	"time"
)

// Issue 20, point 15: results read as people read them, a survey taken on
// paper last year can be entered with its date, and an action item's owner
// is on the school's PLP team.
func TestSurveysForPeople(t *testing.T) {
	sv := newSurvey(t)
	admin := sv.clients["admin"]
	// This year's survey: 1, 2, 2 on the policy step (mean 5/3).
	for who, r := range map[string]string{"admin": "BEGINNING", "advisor": "DEVELOPING", "counselor": "DEVELOPING"} {
		sv.clients[who].MustDo(t, rateStep, map[string]any{"sv": sv.id, "st": sv.steps["policy.plp_policy"].ID, "r": r}, nil)
	}
	const closeSurvey = `mutation($id: ID!) { closeSurvey(id: $id) { survey { id } } }`
	admin.MustDo(t, closeSurvey, map[string]any{"id": sv.id}, nil)

	// Then last year's paper survey, dated when it was taken.
	const dated = `mutation($s: ID!, $t: String!, $at: Time) { startSurvey(input: {schoolID: $s, title: $t, takenAt: $at}) { survey { id takenAt } } }`
	lastYear := sv.s.Clock.Now().AddDate(-1, 0, 0).UTC().Truncate(time.Second)
	e := admin.MustFail(t, "BAD_USER_INPUT", dated, map[string]any{"s": sv.w.Home.School.ID, "t": "Next year", "at": sv.s.Clock.Now().Add(48 * time.Hour)})
	if e.Field() != "takenAt" {
		t.Fatalf("future date refused on %q", e.Field())
	}
	var paper struct {
		StartSurvey struct{ Survey struct{ ID, TakenAt string } }
	}
	admin.MustDo(t, dated, map[string]any{"s": sv.w.Home.School.ID, "t": "Spring (paper)", "at": lastYear}, &paper)
	if at, err := time.Parse(time.RFC3339, paper.StartSurvey.Survey.TakenAt); err != nil || !at.Equal(lastYear) {
		t.Fatalf("paper survey taken at %q, want %s", paper.StartSurvey.Survey.TakenAt, lastYear)
	}
	// Last year: 1, 1, 2 (mean 4/3).
	paperID := paper.StartSurvey.Survey.ID
	for who, r := range map[string]string{"admin": "BEGINNING", "advisor": "BEGINNING", "counselor": "DEVELOPING"} {
		sv.clients[who].MustDo(t, rateStep, map[string]any{"sv": paperID, "st": sv.steps["policy.plp_policy"].ID, "r": r}, nil)
	}
	admin.MustDo(t, closeSurvey, map[string]any{"id": paperID}, nil)

	var out resultOut
	admin.MustDo(t, surveyResult, map[string]any{"id": sv.id}, &out)
	if out.SurveyResult.Previous == nil || out.SurveyResult.Previous.Title != "Spring (paper)" {
		t.Fatalf("compared with %+v, want the paper survey", out.SurveyResult.Previous)
	}
	// Rounded to two decimals: 1.67 and a change of 0.33, not 1.6666666666666667.
	score, _, change, _ := out.step("policy.plp_policy")
	if score == nil || *score != 1.67 || change == nil || *change != 0.33 {
		t.Fatalf("score %v change %v, want 1.67 and 0.33", deref(score), deref(change))
	}
	if score, _, change := out.category("policy"); *score != 1.67 || *change != 0.33 {
		t.Fatalf("category score %v change %v", deref(score), deref(change))
	}

	// Owners are on the team: staff and those given PLP_TEAM, never a
	// partner or a family member who was not invited.
	const create = `mutation($in: CreateActionItemInput!) { createActionItem(input: $in) { actionItem { id owner { id } } } }`
	in := func(owner string) map[string]any {
		return map[string]any{"in": map[string]any{"stepID": sv.steps["policy.plp_policy"].ID, "title": "Draft the policy", "ownerID": owner}}
	}
	for _, outsider := range []string{string(sv.w.Home.Partner.ID), string(sv.w.Other.Admin.ID)} {
		if e := admin.MustFail(t, "BAD_USER_INPUT", create, in(outsider)); e.Field() != "ownerID" {
			t.Errorf("owner %s refused on %q", outsider, e.Field())
		}
	}
	var created struct {
		CreateActionItem struct{ ActionItem struct{ ID string } }
	}
	admin.MustDo(t, create, in(string(sv.w.Home.Family.ID)), &created) // on the team (newSurvey)
	admin.MustDo(t, create, in(string(sv.w.Home.Advisor.ID)), nil)
	const update = `mutation($id: ID!, $o: ID) { updateActionItem(id: $id, input: {ownerID: $o}) { actionItem { id } } }`
	if e := admin.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": created.CreateActionItem.ActionItem.ID, "o": sv.w.Home.Partner.ID}); e.Field() != "ownerID" {
		t.Errorf("update to a partner refused on %q", e.Field())
	}
	admin.MustDo(t, update, map[string]any{"id": created.CreateActionItem.ActionItem.ID, "o": sv.w.Home.Counselor.ID}, nil)
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
