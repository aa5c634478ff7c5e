package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/server"
)

// TestDirectoryOptOutWithholdsNames: once a family opts their child out of
// directory information, a partner sees "Name withheld" wherever the student
// appears; the family and staff still see the name.
func TestDirectoryOptOutWithholdsNames(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	family, partner, advisor := w.clients["family"], w.clients["partner"], w.clients["advisor"]
	student := map[string]any{"id": w.Home.Student.ID}

	family.MustDo(t, `mutation($id: ID!) { updateStudent(id: $id, input: {directoryOptOut: true}) { student { id } } }`, student, nil)
	// A family cannot use the same door to change anything else.
	family.MustFail(t, "FORBIDDEN", `mutation($id: ID!) { updateStudent(id: $id, input: {grade: 12}) { student { id } } }`, student)

	const byNode = `query($id: ID!) { node(id: $id) { ... on Student { preferredName givenName familyName } } }`
	const byEdge = `{ goals { edges { node { student { preferredName } } } } }`
	for name, c := range map[string]*apitest.Client{"partner": partner, "family": family, "advisor": advisor} {
		for _, q := range []string{byNode, byEdge} {
			vars := student
			if q == byEdge {
				vars = nil
			}
			r := c.MustDo(t, q, vars, nil)
			withheld := strings.Contains(string(r.Data), "Name withheld")
			if leaked := strings.Contains(string(r.Data), "Robin"); name == "partner" && (leaked || !withheld) {
				t.Errorf("partner sees %s, want the name withheld", r.Data)
			} else if name != "partner" && withheld {
				t.Errorf("%s sees the name withheld: %s", name, r.Data)
			}
		}
	}
}

// TestEligibleStudentWithdrawsFamilyAccess: at 18 a student can withdraw a
// family member's access; the family then reaches nothing of the plan, and
// gets it back when the student restores it. A younger student cannot.
func TestEligibleStudentWithdrawsFamilyAccess(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	student, family := w.clients["student"], w.clients["family"]
	ctx := s.System()
	g, err := s.DB.Client.Guardianship.Get(ctx, w.guardianship) // the family's
	if err != nil {
		t.Fatal(err)
	}
	const set = `mutation($id: ID!, $w: Boolean!) { setFamilyAccess(guardianshipID: $id, withdrawn: $w) { guardianship { accessWithdrawnAt } } }`
	args := func(withdrawn bool) map[string]any { return map[string]any{"id": g.ID, "w": withdrawn} }

	// Robin is 17: not yet.
	s.DB.Client.Student.UpdateOneID(w.Home.Student.ID).SetBirthDate(s.Clock.Now().AddDate(-17, 0, 0)).ExecX(ctx)
	student.MustFail(t, "NOT_FOUND", set, args(true))

	s.DB.Client.Student.UpdateOneID(w.Home.Student.ID).SetBirthDate(s.Clock.Now().AddDate(-18, 0, -1)).ExecX(ctx)
	student.MustDo(t, set, args(true), nil)
	family.MustFail(t, "NOT_FOUND", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.goals["FAMILY"]})
	var list struct{ Students struct{ TotalCount int } }
	family.MustDo(t, `{ students { totalCount } }`, nil, &list)
	if list.Students.TotalCount != 0 {
		t.Errorf("family still lists %d students after access was withdrawn", list.Students.TotalCount)
	}
	// The family cannot give itself access back.
	if r := family.Do(t, set, args(false)); len(r.Errors) == 0 {
		t.Errorf("the family restored its own access: %s", r.Data)
	}

	student.MustDo(t, set, args(false), nil)
	family.MustDo(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.goals["FAMILY"]}, nil)
}

// TestAccessEndsWithGuardianshipAndPartnership: access follows the dates.
func TestAccessEndsWithGuardianshipAndPartnership(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	ctx := s.System()
	end := s.Clock.Now().Add(time.Hour)
	s.DB.Client.Guardianship.Update().SetEndsAt(end).ExecX(ctx)
	s.DB.Client.Partnership.Update().SetEndsOn(end).ExecX(ctx)
	node := map[string]any{"id": w.goals["PARTNERS"]}
	const q = `query($id: ID!) { node(id: $id) { id } }`
	w.clients["family"].MustDo(t, q, node, nil)
	w.clients["partner"].MustDo(t, q, node, nil)
	s.Clock.Advance(2 * time.Hour) // past the end, within the sessions' 12 hours
	w.clients["family"].MustFail(t, "NOT_FOUND", q, node)
	w.clients["partner"].MustFail(t, "NOT_FOUND", q, node)
}

// TestPartnersAreToldNotToRedisclose: every answer to a partner carries the
// FERPA redisclosure notice; answers to families and staff do not.
func TestPartnersAreToldNotToRedisclose(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	// A partner at one school who is staff at another reads as a partner
	// at the first: the notice goes with every answer to them.
	for name, want := range map[string]bool{"partner": true, "family": false, "advisor": false, "staffPartner": true, "staffFamily": false} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(`{"query":"{ goals { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.clients[name].Token)
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Extensions map[string]any }
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := body.Extensions["redisclosureNotice"] == server.RedisclosureNotice; got != want {
			t.Errorf("%s: notice present = %v, want %v (%v)", name, got, want, body.Extensions)
		}
	}
}

// TestUnderThirteenNeedsParentalConsent: a student under 13 cannot add to
// their plan until their family records consent.
func TestUnderThirteenNeedsParentalConsent(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	ctx := s.System()
	s.DB.Client.Student.UpdateOneID(w.Home.Student.ID).SetBirthDate(s.Clock.Now().AddDate(-12, 0, 0)).ExecX(ctx)
	const create = `mutation($s: ID!) { createReflection(input: {studentID: $s, body: "I built a birdhouse."}) { reflection { id } } }`
	args := map[string]any{"s": w.Home.Student.ID}
	e := w.clients["student"].MustFail(t, "FORBIDDEN", create, args)
	if !strings.Contains(e.Message, "consent") {
		t.Errorf("message %q does not say consent is needed", e.Message)
	}
	w.clients["family"].MustDo(t, `mutation($s: ID!, $at: Time!) { updateStudent(id: $s, input: {parentalConsentAt: $at}) { student { id } } }`,
		map[string]any{"s": w.Home.Student.ID, "at": s.Clock.Now()}, nil)
	w.clients["student"].MustDo(t, create, args, nil)
}

// TestCommentsAreSeenAsTheirItem: a comment sits on the item itself, so
// who sees the goal sees its comments, and nobody else.
func TestCommentsAreSeenAsTheirItem(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := newAuthzWorld(t, s)
	var out struct {
		AddComment struct{ Comment struct{ ID string } }
	}
	w.clients["advisor"].MustDo(t, `mutation($g: ID!) { addComment(input: {goalID: $g, body: "Ask the librarian about sources."}) { comment { id } } }`,
		map[string]any{"g": w.goals["FAMILY"]}, &out)
	id := out.AddComment.Comment.ID
	const onGoal = `query($g: ID!) { node(id: $g) { ... on Goal { comments { edges { node { id body author { name } } } } } } }`
	for who, want := range map[string]bool{"student": true, "family": true, "admin": true, "partner": false, "otherFamily": false} {
		r := w.clients[who].Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		if got := strings.Contains(string(r.Data), id); got != want {
			t.Errorf("%s sees the comment: %v, want %v", who, got, want)
		}
	}
	r := w.clients["family"].MustDo(t, onGoal, map[string]any{"g": w.goals["FAMILY"]}, nil)
	if !strings.Contains(string(r.Data), "librarian") {
		t.Errorf("the family does not see the comment on the goal: %s", r.Data)
	}
	// Neither both items nor none.
	e := w.clients["family"].MustFail(t, "BAD_USER_INPUT", `mutation($g: ID!, $e: ID!) { addComment(input: {goalID: $g, evidenceID: $e, body: "x"}) { comment { id } } }`,
		map[string]any{"g": w.goals["FAMILY"], "e": w.evidence["FAMILY"]})
	if e.Field() != "goalID" {
		t.Errorf("field %q", e.Field())
	}
}
