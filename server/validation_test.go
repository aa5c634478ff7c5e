package server_test

import (
	"testing"

	"plp/internal/devtools/apitest"
)

// TestCrossFieldValidation covers rules that span two fields: each is
// refused with BAD_USER_INPUT naming the field to fix, and saves nothing.
func TestCrossFieldValidation(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)

	var win struct {
		CreateConferenceWindow struct{ ConferenceWindow struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "term": "Fall 2026", "opensAt": "2026-11-01T12:00:00Z", "closesAt": "2026-11-30T12:00:00Z"}}, &win)

	cases := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"window closes before it opens",
			`mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
			map[string]any{"in": map[string]any{"schoolID": w.Home.School.ID, "term": "Spring", "opensAt": "2027-03-10T12:00:00Z", "closesAt": "2027-03-01T12:00:00Z"}},
			"closesAt"},
		{"update moves the opening past the stored close",
			`mutation($id: ID!) { updateConferenceWindow(id: $id, input: {opensAt: "2026-12-15T00:00:00Z"}) { conferenceWindow { id } } }`,
			map[string]any{"id": win.CreateConferenceWindow.ConferenceWindow.ID},
			"closesAt"},
		{"slot ends when it starts",
			`mutation($in: CreateSlotInput!) { createSlot(input: $in) { slot { id } } }`,
			map[string]any{"in": map[string]any{"windowID": win.CreateConferenceWindow.ConferenceWindow.ID, "hostID": w.Home.Advisor.ID, "startsAt": "2026-12-01T20:00:00Z", "endsAt": "2026-12-01T20:00:00Z"}},
			"endsAt"},
		{"school's own area without a name",
			`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
			map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "SCHOOL", "title": "Capstone"}},
			"areaName"},
		{"partnership ends before it starts",
			`mutation($in: CreatePartnershipInput!) { createPartnership(input: $in) { partnership { id } } }`,
			map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "partnerID": w.Home.Partner.ID, "organization": "Farm", "startsOn": "2026-09-01T00:00:00Z", "endsOn": "2026-08-01T00:00:00Z"}},
			"endsOn"},
	}
	for _, tc := range cases {
		e := admin.MustFail(t, "BAD_USER_INPUT", tc.query, tc.vars)
		if e.Field() != tc.field {
			t.Errorf("%s: field %q, want %q (message %q)", tc.name, e.Field(), tc.field, e.Message)
		}
	}
	var counts struct {
		ConferenceWindows struct{ TotalCount int }
		Goals             struct{ TotalCount int }
	}
	admin.MustDo(t, `{ conferenceWindows { totalCount } goals { totalCount } }`, nil, &counts)
	if counts.ConferenceWindows.TotalCount != 1 || counts.Goals.TotalCount != 0 {
		t.Errorf("refused input saved rows: %+v", counts)
	}
	// A one-day partnership is fine.
	admin.MustDo(t, `mutation($in: CreatePartnershipInput!) { createPartnership(input: $in) { partnership { id } } }`,
		map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "partnerID": w.Home.Partner.ID, "organization": "Job shadow day", "startsOn": "2026-09-01T00:00:00Z", "endsOn": "2026-09-01T00:00:00Z"}}, nil)
}
