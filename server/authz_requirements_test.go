package server_test

import (
	"context"
	"testing"
	"time"

	"plp/ent/requirement"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
	"plp/internal/school/requirements"
)

// requirementAuthzRows are the matrix rows of plan requirements: the
// school's admins create, change, archive and roll them over; its staff,
// students and families read them; partners and other schools do not.
func requirementAuthzRows(t *testing.T, s *apitest.Server, w *authzWorld, unique func() string) []authzRow {
	t.Helper()
	home := w.Home.School.ID
	// fresh is a new requirement of Home's grade 10, created by its admin.
	fresh := func() pulid.ID {
		ctx := clock.NewContext(viewer.SystemContext(context.Background()), s.Clock.Now)
		r, err := requirements.Create(ctx, s.DB.Client, home, requirements.Fields{
			Grade: 10, Title: "Requirement " + unique(), Kind: requirement.KindSelfAssessment,
			DueOn: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	one := fresh()
	return []authzRow{
		{"node requirement", readNode(func() pulid.ID { return one }), "YYYYY-YY-Y-"},
		{"list requirements", listHas(`{ requirements(first: 100) { edges { node { id } } } }`, func() pulid.ID { return one }), "YYYYY-YY-Y-"},
		{"createRequirement", mutate(`mutation($in: CreateRequirementInput!) { createRequirement(input: $in) { requirement { id } } }`,
			func() map[string]any {
				return map[string]any{"in": map[string]any{"schoolID": home, "grade": 10, "title": "Created " + unique(),
					"kind": "CONFERENCE_HELD", "dueOn": "2027-02-01T00:00:00Z"}}
			}), "Y----------"},
		{"updateRequirement", mutate(`mutation($id: ID!, $t: String!) { updateRequirement(id: $id, input: {title: $t}) { requirement { id } } }`,
			func() map[string]any { return map[string]any{"id": one, "t": "Renamed " + unique()} }), "Y----------"},
		{"archiveRequirement", mutate(`mutation($id: ID!) { archiveRequirement(id: $id) { requirement { id } } }`,
			func() map[string]any { return map[string]any{"id": fresh()} }), "Y----------"},
		{"rollOverRequirements", mutate(`mutation($s: ID!) { rollOverRequirements(schoolID: $s, schoolYear: "2026-2027") { requirements { id } } }`,
			func() map[string]any { return map[string]any{"s": home} }), "Y----------"},
	}
}
