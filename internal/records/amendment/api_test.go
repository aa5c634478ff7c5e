package amendment_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/internal/devtools/apitest"
)

const requestFields = `id status subjectID subjectType reason requesterID studentID resolution resolvedByID resolvedAt
  history { status note actorID at }
  events { id }`

const requestMutation = `mutation($in: RequestAmendmentInput!) {
  requestAmendment(input: $in) { amendmentRequest { ` + requestFields + ` } }
}`

const resolveMutation = `mutation($in: ResolveAmendmentInput!) {
  resolveAmendment(input: $in) { amendmentRequest { ` + requestFields + ` } }
}`

const statementMutation = `mutation($in: AddAmendmentStatementInput!) {
  addAmendmentStatement(input: $in) { amendmentRequest { ` + requestFields + ` } }
}`

const nodeQuery = `query($id: ID!) { node(id: $id) { ... on AmendmentRequest { ` + requestFields + ` } } }`

type apiEvent struct {
	Status, Note, ActorID string
	At                    time.Time
}

type apiRequest struct {
	ID, Status, SubjectID, SubjectType, Reason, RequesterID, StudentID string
	Resolution, ResolvedByID                                           *string
	ResolvedAt                                                         *time.Time
	History                                                            []apiEvent
	Events                                                             []struct{ ID string }
}

// payload decodes the one mutation payload or node of a response.
func payload(tb testing.TB, r *apitest.Response) apiRequest {
	tb.Helper()
	var data map[string]json.RawMessage
	if err := json.Unmarshal(r.Data, &data); err != nil {
		tb.Fatalf("decode %s: %v", r.Data, err)
	}
	for _, raw := range data {
		var out struct {
			AmendmentRequest *apiRequest
		}
		if err := json.Unmarshal(raw, &out); err == nil && out.AmendmentRequest != nil {
			return *out.AmendmentRequest
		}
		var node apiRequest
		if err := json.Unmarshal(raw, &node); err != nil {
			tb.Fatalf("decode %s: %v", raw, err)
		}
		return node
	}
	tb.Fatalf("no data in %s", r.Data)
	return apiRequest{}
}

// TestAmendmentAPI walks a request through the API: asked by the family,
// refused to those without the right, declined by the advisor, answered
// with a statement, read back in order by the family and staff, and
// written down in the audit trail.
func TestAmendmentAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	home, other := w.Home, w.Other
	sys := s.System()
	newGoal := func(vis goal.Visibility) *ent.Goal {
		t.Helper()
		g, err := s.DB.Client.Goal.Create().SetStudentID(home.Student.ID).SetArea(goal.AreaCareer).
			SetTitle("Internship at the makerspace").SetVisibility(vis).Save(sys)
		must(t, err)
		return g
	}
	familyGoal, partnersGoal := newGoal(goal.VisibilityFamily), newGoal(goal.VisibilityPartners)
	ev, err := s.DB.Client.Evidence.Create().SetStudentID(home.Student.ID).SetTitle("Portfolio").SetKind(evidence.KindLink).
		SetURL("https://example.org/robin").SetOccurredOn(s.Clock.Now()).SetVisibility(evidence.VisibilityFamily).Save(sys)
	must(t, err)
	// 17 today: amendments are the family's to ask.
	must(t, s.DB.Client.Student.UpdateOneID(home.Student.ID).SetBirthDate(turns18Monday).Exec(sys))

	family, advisor := s.As(t, home.Family), s.As(t, home.Advisor)
	ask := func(subject, reason string) map[string]any {
		return map[string]any{"in": map[string]any{"subjectID": subject, "reason": reason}}
	}

	// The family asks about a goal of their child: OPEN, with one event.
	req := payload(t, family.MustDo(t, requestMutation, ask(string(familyGoal.ID), "The internship was at the library, not the makerspace."), nil))
	if req.Status != "OPEN" || req.SubjectID != string(familyGoal.ID) || req.SubjectType != "Goal" ||
		req.RequesterID != string(home.Family.ID) || req.StudentID != string(home.Student.ID) || req.ResolvedAt != nil {
		t.Errorf("new request %+v", req)
	}
	if len(req.History) != 1 || len(req.Events) != 1 || req.History[0].Status != "OPEN" ||
		req.History[0].Note != "The internship was at the library, not the makerspace." || req.History[0].ActorID != string(home.Family.ID) {
		t.Errorf("history of a new request %+v, events %+v", req.History, req.Events)
	}
	family.MustFail(t, "CONFLICT", requestMutation, ask(string(familyGoal.ID), "Again."))

	t.Run("who may not ask", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			who     *ent.Account
			subject ent.Noder
			code    string
		}{
			{"partner, goal not shared with partners", home.Partner, familyGoal, "BAD_USER_INPUT"},
			{"partner, goal shared with partners", home.Partner, partnersGoal, "FORBIDDEN"},
			{"another school's admin", other.Admin, familyGoal, "BAD_USER_INPUT"},
			{"another family", other.Family, familyGoal, "BAD_USER_INPUT"},
			{"another family, the student", other.Family, home.Student, "BAD_USER_INPUT"},
			{"student under 18", home.StudentAccount, ev, "FORBIDDEN"},
			{"advisor", home.Advisor, ev, "FORBIDDEN"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := subjectID(tc.subject)
				e := s.As(t, tc.who).MustFail(t, tc.code, requestMutation, ask(id, "Wrong."))
				if tc.code == "BAD_USER_INPUT" {
					if e.Field() != "subjectID" || !strings.Contains(e.Message, "No record with that ID that you can see") {
						t.Errorf("error %q on field %q", e.Message, e.Field())
					}
				}
			})
		}
		// An unknown ID answers exactly as one out of reach.
		unknown := s.As(t, other.Family).MustFail(t, "BAD_USER_INPUT", requestMutation, ask("goal_01JD5V2K9Q8M1W3X4Y5Z6A7B8C", "Wrong."))
		hidden := s.As(t, other.Family).MustFail(t, "BAD_USER_INPUT", requestMutation, ask(string(familyGoal.ID), "Wrong."))
		if unknown.Message != hidden.Message || unknown.Field() != hidden.Field() {
			t.Errorf("unknown: %q; hidden: %q", unknown.Message, hidden.Message)
		}
		family.MustFail(t, "BAD_USER_INPUT", requestMutation, ask(string(ev.ID), " "))
	})

	t.Run("student at 18", func(t *testing.T) {
		must(t, s.DB.Client.Student.UpdateOneID(home.Student.ID).SetBirthDate(turns18Today).Exec(sys))
		got := payload(t, s.As(t, home.StudentAccount).MustDo(t, requestMutation, ask(string(ev.ID), "The link is to an old portfolio."), nil))
		if got.Status != "OPEN" || got.RequesterID != string(home.StudentAccount.ID) || got.SubjectType != "Evidence" {
			t.Errorf("student's request %+v", got)
		}
		// The advisor corrects the record and says so.
		done := payload(t, advisor.MustDo(t, resolveMutation, map[string]any{"in": map[string]any{
			"requestID": got.ID, "decision": "AMENDED", "resolution": "Link updated."}}, nil))
		if done.Status != "AMENDED" || done.ResolvedByID == nil || *done.ResolvedByID != string(home.Advisor.ID) ||
			done.ResolvedAt == nil || !done.ResolvedAt.Equal(s.Clock.Now()) || len(done.History) != 2 || done.History[1].Status != "AMENDED" {
			t.Errorf("amended request %+v", done)
		}
		// Amended: no statement of disagreement.
		s.As(t, home.StudentAccount).MustFail(t, "CONFLICT", statementMutation, map[string]any{"in": map[string]any{
			"requestID": got.ID, "statement": "I disagree."}})
	})

	resolve := func(decision string, resolution any) map[string]any {
		in := map[string]any{"requestID": req.ID, "decision": decision}
		if resolution != nil {
			in["resolution"] = resolution
		}
		return map[string]any{"in": in}
	}
	// Only staff of the student decide; the family sees the request but
	// may not; others do not see it at all.
	family.MustFail(t, "FORBIDDEN", resolveMutation, resolve("AMENDED", nil))
	s.As(t, home.Partner).MustFail(t, "NOT_FOUND", resolveMutation, resolve("AMENDED", nil))
	s.As(t, other.Admin).MustFail(t, "NOT_FOUND", resolveMutation, resolve("AMENDED", nil))
	// Declining needs a reason the family can read.
	e := advisor.MustFail(t, "BAD_USER_INPUT", resolveMutation, resolve("DECLINED", nil))
	if e.Field() != "resolution" {
		t.Errorf("declined without resolution: field %q", e.Field())
	}
	advisor.MustFail(t, "BAD_USER_INPUT", resolveMutation, resolve("OPEN", "x")) // not a decision
	s.Clock.Advance(time.Hour)
	declined := payload(t, advisor.MustDo(t, resolveMutation, resolve("DECLINED", "The placement records show the makerspace."), nil))
	if declined.Status != "DECLINED" || declined.Resolution == nil || *declined.Resolution != "The placement records show the makerspace." {
		t.Errorf("declined request %+v", declined)
	}
	advisor.MustFail(t, "CONFLICT", resolveMutation, resolve("AMENDED", nil))
	s.As(t, home.Admin).MustFail(t, "CONFLICT", resolveMutation, resolve("DECLINED", "Still no."))

	// The family answers with a statement; only they can.
	statement := func(text string) map[string]any {
		return map[string]any{"in": map[string]any{"requestID": req.ID, "statement": text}}
	}
	advisor.MustFail(t, "FORBIDDEN", statementMutation, statement("Noted."))
	s.As(t, other.Family).MustFail(t, "NOT_FOUND", statementMutation, statement("Hi."))
	s.Clock.Advance(time.Hour)
	payload(t, family.MustDo(t, statementMutation, statement("Robin spent the term at the library; we have the timesheets."), nil))

	// The history reads in order, the same for the family, the staff and
	// the student; the requester sees their request.
	wantHistory := []apiEvent{
		{"OPEN", "The internship was at the library, not the makerspace.", string(home.Family.ID), time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)},
		{"DECLINED", "The placement records show the makerspace.", string(home.Advisor.ID), time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)},
		{"DECLINED", "Robin spent the term at the library; we have the timesheets.", string(home.Family.ID), time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)},
	}
	for _, who := range []*ent.Account{home.Family, home.Advisor, home.Counselor, home.Admin, home.StudentAccount} {
		got := payload(t, s.As(t, who).MustDo(t, nodeQuery, map[string]any{"id": req.ID}, nil))
		if got.ID != req.ID || len(got.History) != len(wantHistory) || len(got.Events) != len(wantHistory) {
			t.Fatalf("%s reads %+v", who.Email, got)
		}
		for i, want := range wantHistory {
			if ev := got.History[i]; ev.Status != want.Status || ev.Note != want.Note || ev.ActorID != want.ActorID || !ev.At.Equal(want.At) {
				t.Errorf("%s: event %d is %+v, want %+v", who.Email, i, ev, want)
			}
		}
	}
	for _, who := range []*ent.Account{home.Partner, other.Admin, other.Family} {
		s.As(t, who).MustFail(t, "NOT_FOUND", nodeQuery, map[string]any{"id": req.ID})
	}

	// The trail has each change, by whom, without the words.
	s.FlushAudit(t)
	var log struct {
		StudentAccessLog struct {
			Edges []struct {
				Node struct{ Action, SubjectType, SubjectID, ActorID, Detail string }
			}
		}
	}
	s.As(t, home.Admin).MustDo(t, `query($id: ID!, $where: AuditEventWhereInput) {
	  studentAccessLog(studentID: $id, where: $where) { edges { node { action subjectType subjectID actorID detail } } }
	}`, map[string]any{"id": home.Student.ID, "where": map[string]any{
		"subjectID": req.ID, "actionIn": []string{"CREATE", "UPDATE"}}}, &log)
	type entry struct{ action, actor string }
	var got []entry
	for _, e := range log.StudentAccessLog.Edges {
		n := e.Node
		got = append(got, entry{n.Action, n.ActorID})
		if n.SubjectType != "AmendmentRequest" || strings.Contains(n.Detail, "library") || strings.Contains(n.Detail, "makerspace") {
			t.Errorf("audit event %+v", n)
		}
	}
	want := []entry{ // newest first
		{string(auditevent.ActionUpdate), string(home.Family.ID)},
		{string(auditevent.ActionUpdate), string(home.Advisor.ID)},
		{string(auditevent.ActionCreate), string(home.Family.ID)},
	}
	if len(got) != len(want) {
		t.Fatalf("audit trail of the request: %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("audit event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func subjectID(n ent.Noder) string {
	switch n := n.(type) {
	case *ent.Goal:
		return string(n.ID)
	case *ent.Evidence:
		return string(n.ID)
	case *ent.Student:
		return string(n.ID)
	}
	panic("unexpected subject")
}
