package server_test

import (
	"testing"

	"plp/ent/category"
	"plp/ent/schema/pulid"
	"plp/ent/step"
	"plp/ent/survey"
	"plp/internal/devtools/apitest"
	"plp/internal/school/implementation"
)

// authzRow is one row of the authorization matrix.
type authzRow = struct {
	name string
	op   authzOp
	want string
}

// implementationAuthzRows are the matrix rows of implementation planning:
// admins install the framework, add local steps and run surveys; the PLP
// team (here the school's staff, "otherAdvisor" included: Home's student
// and family are not invited) answers and edits the action plan; every
// member reads the framework.
func implementationAuthzRows(t *testing.T, s *apitest.Server, w *authzWorld, unique func() string) []authzRow {
	t.Helper()
	sys := s.System()
	c := s.DB.Client
	home := w.Home.School.ID
	if _, err := implementation.Install(sys, c, home, implementation.Vermont); err != nil {
		t.Fatal(err)
	}
	cat := c.Category.Query().Where(category.SchoolID(home), category.Key("practice")).OnlyX(sys)
	st := c.Step.Query().Where(step.SchoolID(home), step.Key("practice.advisory")).OnlyX(sys)
	res := st.QueryResources().FirstX(sys)
	// closeOpen closes every open survey, so a new one may start.
	closeOpen := func() {
		c.Survey.Update().Where(survey.SchoolID(home), survey.ClosedAtIsNil()).SetClosedAt(s.Clock.Now()).ExecX(sys)
	}
	// open returns an open survey with one answer.
	open := func() pulid.ID {
		if sv, err := c.Survey.Query().Where(survey.SchoolID(home), survey.ClosedAtIsNil()).First(sys); err == nil {
			return sv.ID
		}
		sv := c.Survey.Create().SetSchoolID(home).SetTitle("Survey " + unique()).SetTakenAt(s.Clock.Now()).SaveX(sys)
		c.SurveyResponse.Create().SetSurveyID(sv.ID).SetStepID(st.ID).SetRespondentID(w.Home.Admin.ID).SetRating("BEGINNING").ExecX(sys)
		return sv.ID
	}
	item := c.ActionItem.Create().SetStepID(st.ID).SetTitle("Protect advisory time").SaveX(sys)
	return []authzRow{
		{"node category", readNode(func() pulid.ID { return cat.ID }), "YYYYYYYY-YY"},
		{"node survey", readNode(open), "YYY----Y---"},
		{"node action item", readNode(func() pulid.ID { return item.ID }), "YYY----Y---"},
		{"installImplementationFramework", mutate(`mutation($s: ID!) { installImplementationFramework(schoolID: $s) { created } }`,
			func() map[string]any { return map[string]any{"s": home} }), "Y----------"},
		{"createStep", mutate(`mutation($c: ID!, $t: String!) { createStep(input: {categoryID: $c, title: $t}) { step { id } } }`,
			func() map[string]any { return map[string]any{"c": cat.ID, "t": "Local step " + unique()} }), "Y----------"},
		{"updateStep", mutate(`mutation($id: ID!) { updateStep(id: $id, input: {description: "Weekly, 40 minutes"}) { step { id } } }`,
			func() map[string]any { return map[string]any{"id": st.ID} }), "Y----------"},
		{"createResource", mutate(`mutation($s: ID!, $t: String!) { createResource(input: {stepID: $s, title: $t, kind: GUIDE}) { resource { id } } }`,
			func() map[string]any { return map[string]any{"s": st.ID, "t": "Our guide " + unique()} }), "Y----------"},
		{"updateResource", mutate(`mutation($id: ID!) { updateResource(id: $id, input: {audience: "advisors"}) { resource { id } } }`,
			func() map[string]any { return map[string]any{"id": res.ID} }), "Y----------"},
		{"removeResourceFile", mutate(`mutation($id: ID!) { removeResourceFile(resourceID: $id) { resource { id } } }`,
			func() map[string]any { return map[string]any{"id": res.ID} }), "Y----------"},
		{"startSurvey", mutate(`mutation($s: ID!, $t: String!) { startSurvey(input: {schoolID: $s, title: $t}) { survey { id } } }`,
			func() map[string]any { closeOpen(); return map[string]any{"s": home, "t": "Survey " + unique()} }), "Y----------"},
		{"closeSurvey", mutate(`mutation($id: ID!) { closeSurvey(id: $id) { survey { id } } }`,
			func() map[string]any { return map[string]any{"id": open()} }), "Y----------"},
		{"rateStep", mutate(`mutation($sv: ID!, $st: ID!) { rateStep(input: {surveyID: $sv, stepID: $st, rating: DEVELOPING}) { surveyResponse { id } } }`,
			func() map[string]any { return map[string]any{"sv": open(), "st": st.ID} }), "YYY----Y---"},
		{"suggestActionItems", mutate(`mutation($id: ID!) { suggestActionItems(surveyID: $id) { actionItems { id } } }`,
			func() map[string]any { return map[string]any{"id": open()} }), "YYY----Y---"},
		{"createActionItem", mutate(`mutation($s: ID!, $t: String!) { createActionItem(input: {stepID: $s, title: $t}) { actionItem { id } } }`,
			func() map[string]any { return map[string]any{"s": st.ID, "t": "Item " + unique()} }), "YYY----Y---"},
		{"updateActionItem", mutate(`mutation($id: ID!) { updateActionItem(id: $id, input: {status: IN_PROGRESS}) { actionItem { id } } }`,
			func() map[string]any { return map[string]any{"id": item.ID} }), "YYY----Y---"},
	}
}
