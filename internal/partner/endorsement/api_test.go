package endorsement_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/notification"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/partner/endorsement"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
)

const requestFields = `id status message expiresAt respondedAt declineReason partnerID
  evidence { id title }
  endorsement { id statement skills { id name } }`

const requestMutation = `mutation($in: RequestEndorsementInput!) {
  requestEndorsement(input: $in) { endorsementRequest { ` + requestFields + ` } }
}`

const endorseMutation = `mutation($in: EndorseEvidenceInput!) {
  endorseEvidence(input: $in) { endorsement { id statement issuedAt revokedAt partner { id name } skills { id name } request { status } } }
}`

const declineMutation = `mutation($in: DeclineEndorsementRequestInput!) {
  declineEndorsementRequest(input: $in) { endorsementRequest { ` + requestFields + ` } }
}`

const withdrawMutation = `mutation($id: ID!) {
  withdrawEndorsementRequest(requestID: $id) { endorsementRequest { id status } }
}`

const evidenceEndorsements = `query($id: ID!) { node(id: $id) { ... on Evidence {
  endorsements { id statement partner { name } skills { name } }
  endorsementRequests { id status declineReason }
} } }`

type apiRequest struct {
	ID, Status, PartnerID  string
	Message, DeclineReason *string
	ExpiresAt              time.Time
	RespondedAt            *time.Time
	Evidence               struct{ ID, Title string }
	Endorsement            *struct {
		ID, Statement string
		Skills        []struct{ ID, Name string }
	}
}

type apiEndorsement struct {
	ID, Statement string
	IssuedAt      time.Time
	RevokedAt     *time.Time
	Partner       struct{ ID, Name string }
	Skills        []struct{ ID, Name string }
	Request       struct{ Status string }
}

// fixture is Home's student with evidence at each visibility and a skill.
type fixture struct {
	s        *apitest.Server
	w        *apitest.World
	sys      context.Context
	shared   pulid.ID // PARTNERS
	family   pulid.ID // FAMILY: partners do not see it
	skill    pulid.ID
	student  *apitest.Client
	partner  *apitest.Client
	familyC  *apitest.Client
	advisor  *apitest.Client
	outsider *apitest.Client // the other school's partner
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	f := &fixture{s: s, w: w, sys: s.System()}
	f.shared = f.evidence(t, "Bridge model", evidence.VisibilityPartners)
	f.family = f.evidence(t, "Family trip", evidence.VisibilityFamily)
	fw := s.DB.Client.Framework.Create().SetSchoolID(w.Home.School.ID).SetName("Transferable skills").SaveX(f.sys)
	f.skill = s.DB.Client.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-2").SetName("Problem solving").SaveX(f.sys).ID
	f.student, f.partner = s.As(t, w.Home.StudentAccount), s.As(t, w.Home.Partner)
	f.familyC, f.advisor = s.As(t, w.Home.Family), s.As(t, w.Home.Advisor)
	f.outsider = s.As(t, w.Other.Partner)
	return f
}

func (f *fixture) evidence(t *testing.T, title string, vis evidence.Visibility) pulid.ID {
	t.Helper()
	return f.s.DB.Client.Evidence.Create().SetStudentID(f.w.Home.Student.ID).SetTitle(title).SetKind("TEXT").SetBody("...").
		SetOccurredOn(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)).SetVisibility(vis).SaveX(f.sys).ID
}

func (f *fixture) request(t *testing.T, evidenceID pulid.ID, extra map[string]any) apiRequest {
	t.Helper()
	in := map[string]any{"evidenceID": evidenceID, "partnerID": f.w.Home.Partner.ID, "message": "Could you vouch for my bridge?"}
	for k, v := range extra {
		in[k] = v
	}
	var out struct {
		RequestEndorsement struct{ EndorsementRequest apiRequest }
	}
	f.student.MustDo(t, requestMutation, map[string]any{"in": in}, &out)
	return out.RequestEndorsement.EndorsementRequest
}

func (f *fixture) count(t *testing.T) (requests, endorsements int) {
	t.Helper()
	return f.s.DB.Client.EndorsementRequest.Query().CountX(f.sys), f.s.DB.Client.Endorsement.Query().CountX(f.sys)
}

// TestEndorsementFlow walks a request through the API: asked by the
// student, seen by the partner, endorsed with a statement and a skill, and
// seen on the evidence by the student, family and advisor, never by
// another school; wrong moves are refused and change nothing.
func TestEndorsementFlow(t *testing.T) {
	f := newFixture(t)
	home := f.w.Home

	req := f.request(t, f.shared, nil)
	if req.Status != "PENDING" || req.Evidence.Title != "Bridge model" || req.PartnerID != string(home.Partner.ID) {
		t.Fatalf("new request = %+v", req)
	}
	if want := f.s.Clock.Now().Add(endorsement.DefaultTTL); !req.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want %v (30 days)", req.ExpiresAt, want)
	}
	// The partner is told, through the outbox, once.
	n := f.s.DB.Client.Notification.Query().Where(notification.RecipientID(home.Partner.ID), notification.Kind(outbox.KindEndorsementRequested)).AllX(f.sys)
	if len(n) != 1 || n[0].IdempotencyKey != outbox.KindEndorsementRequested+":"+req.ID {
		t.Fatalf("notifications to the partner = %+v", n)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if mail, err := tpl.Render(n[0].Kind, "en", outbox.View{Data: n[0].Payload}); err != nil ||
		mail.Subject != `Robin asks you to endorse "Bridge model"` || !strings.Contains(mail.Text, "by Wednesday, December 23, 2026") {
		t.Errorf("the partner's mail (%v): %s\n%s", err, mail.Subject, mail.Text)
	}

	// Refusals, each leaving nothing behind.
	requests, endorsements := f.count(t)
	in := func(e, p pulid.ID) map[string]any {
		return map[string]any{"in": map[string]any{"evidenceID": e, "partnerID": p}}
	}
	if e := f.student.MustFail(t, "CONFLICT", requestMutation, in(f.shared, home.Partner.ID)); !strings.Contains(e.Message, "pending") {
		t.Errorf("second pending request: %s", e.Message)
	}
	if e := f.student.MustFail(t, "BAD_USER_INPUT", requestMutation, in(f.family, home.Partner.ID)); e.Field() != "evidenceID" {
		t.Errorf("evidence not shared with partners: field %q (%s)", e.Field(), e.Message)
	}
	if e := f.student.MustFail(t, "BAD_USER_INPUT", requestMutation, in(f.evidence(t, "Poster", evidence.VisibilityPartners), f.w.Other.Partner.ID)); e.Field() != "partnerID" {
		t.Errorf("not my partner: field %q (%s)", e.Field(), e.Message)
	}
	f.familyC.MustFail(t, "FORBIDDEN", requestMutation, in(f.shared, home.Partner.ID))
	f.partner.MustFail(t, "FORBIDDEN", requestMutation, in(f.shared, home.Partner.ID))
	f.outsider.MustFail(t, "BAD_USER_INPUT", requestMutation, in(f.shared, f.w.Other.Partner.ID))
	f.student.MustFail(t, "BAD_USER_INPUT", requestMutation, map[string]any{"in": map[string]any{
		"evidenceID": f.evidence(t, "Essay", evidence.VisibilityPartners), "partnerID": home.Partner.ID, "expiresAt": f.s.Clock.Now().Add(time.Hour)}})

	// The partner sees the request, and the evidence it names.
	var list struct {
		EndorsementRequests struct{ Edges []struct{ Node apiRequest } }
	}
	f.partner.MustDo(t, `{ endorsementRequests(where: {status: PENDING}) { edges { node { `+requestFields+` } } } }`, nil, &list)
	if len(list.EndorsementRequests.Edges) != 1 || list.EndorsementRequests.Edges[0].Node.Evidence.Title != "Bridge model" {
		t.Fatalf("partner's pending requests = %+v", list)
	}
	f.outsider.MustDo(t, `{ endorsementRequests { edges { node { id } } } }`, nil, &list)
	if len(list.EndorsementRequests.Edges) != 0 {
		t.Errorf("another school's partner sees %+v", list)
	}

	// Only the partner asked answers.
	endorse := func(statement string, skills ...pulid.ID) map[string]any {
		return map[string]any{"in": map[string]any{"requestID": req.ID, "statement": statement, "skillIDs": skills}}
	}
	f.outsider.MustFail(t, "NOT_FOUND", endorseMutation, endorse("Good"))
	f.familyC.MustFail(t, "FORBIDDEN", endorseMutation, endorse("Good"))
	f.student.MustFail(t, "FORBIDDEN", endorseMutation, endorse("Good"))
	if e := f.partner.MustFail(t, "BAD_USER_INPUT", endorseMutation, endorse("   ")); e.Field() != "statement" {
		t.Errorf("empty statement: field %q", e.Field())
	}
	if r, e := f.count(t); r != requests || e != endorsements {
		t.Fatalf("refusals changed rows: %d requests, %d endorsements; want %d, %d", r, e, requests, endorsements)
	}

	var out struct {
		EndorseEvidence struct{ Endorsement apiEndorsement }
	}
	f.partner.MustDo(t, endorseMutation, endorse("Robin designed and load-tested the bridge on her own.", f.skill), &out)
	got := out.EndorseEvidence.Endorsement
	if got.Request.Status != "ENDORSED" || got.Partner.ID != string(home.Partner.ID) || len(got.Skills) != 1 || got.Skills[0].Name != "Problem solving" ||
		!got.IssuedAt.Equal(f.s.Clock.Now()) {
		t.Fatalf("endorsement = %+v", got)
	}
	// A second answer is refused: the request is no longer pending.
	f.partner.MustFail(t, "CONFLICT", endorseMutation, endorse("Again"))
	f.partner.MustFail(t, "CONFLICT", declineMutation, map[string]any{"in": map[string]any{"requestID": req.ID, "reason": "Changed my mind"}})
	f.student.MustFail(t, "CONFLICT", withdrawMutation, map[string]any{"id": req.ID})
	if _, e := f.count(t); e != endorsements+1 {
		t.Errorf("endorsements = %d, want %d", e, endorsements+1)
	}
	// The student hears of it.
	given := f.s.DB.Client.Notification.Query().Where(notification.IdempotencyKey(outbox.KindEndorsementGiven + ":" + req.ID)).AllX(f.sys)
	if len(given) != 1 || given[0].RecipientID != home.StudentAccount.ID {
		t.Fatalf("notifications to the student = %+v", given)
	}
	if mail, err := tpl.Render(given[0].Kind, "es", outbox.View{Data: given[0].Payload}); err != nil ||
		!strings.Contains(mail.Subject, "avaló «Bridge model»") || !strings.Contains(mail.Text, home.Partner.Name) {
		t.Errorf("the student's mail (%v): %s\n%s", err, mail.Subject, mail.Text)
	}

	// Seen on the evidence by the student, the family and the advisor, with
	// the partner's name; not by another school.
	for name, c := range map[string]*apitest.Client{"student": f.student, "family": f.familyC, "advisor": f.advisor, "partner": f.partner} {
		var ev struct {
			Node struct {
				Endorsements []struct {
					ID, Statement string
					Partner       struct{ Name string }
					Skills        []struct{ Name string }
				}
			}
		}
		query := evidenceEndorsements
		if name == "family" { // partners are not the family's contacts
			query = strings.Replace(query, "partner { name }", "partnerID", 1)
		}
		c.MustDo(t, query, map[string]any{"id": f.shared}, &ev)
		if len(ev.Node.Endorsements) != 1 || (name != "family" && ev.Node.Endorsements[0].Partner.Name != home.Partner.Name) ||
			!strings.Contains(ev.Node.Endorsements[0].Statement, "load-tested") {
			t.Errorf("%s sees endorsements %+v", name, ev.Node.Endorsements)
		}
	}
	r := f.s.As(t, f.w.Other.Admin).Do(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": got.ID})
	if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("other school reads the endorsement: %s %+v", r.Data, r.Errors)
	}
}

// TestEndorsementDeclineWithdrawExpire covers the other ends of a request.
func TestEndorsementDeclineWithdrawExpire(t *testing.T) {
	f := newFixture(t)

	// Declined with a reason, which the student reads on the evidence.
	req := f.request(t, f.shared, nil)
	f.partner.MustFail(t, "BAD_USER_INPUT", declineMutation, map[string]any{"in": map[string]any{"requestID": req.ID, "reason": ""}})
	var dec struct {
		DeclineEndorsementRequest struct{ EndorsementRequest apiRequest }
	}
	f.partner.MustDo(t, declineMutation, map[string]any{"in": map[string]any{"requestID": req.ID, "reason": "I only saw the first week."}}, &dec)
	if d := dec.DeclineEndorsementRequest.EndorsementRequest; d.Status != "DECLINED" || d.DeclineReason == nil || d.RespondedAt == nil {
		t.Fatalf("declined request = %+v", d)
	}
	var ev struct {
		Node struct {
			EndorsementRequests []struct {
				Status        string
				DeclineReason *string
			}
		}
	}
	f.student.MustDo(t, evidenceEndorsements, map[string]any{"id": f.shared}, &ev)
	if len(ev.Node.EndorsementRequests) != 1 || *ev.Node.EndorsementRequests[0].DeclineReason != "I only saw the first week." {
		t.Errorf("student sees %+v", ev.Node.EndorsementRequests)
	}

	// After a decline the student may ask again; then withdraw. Only the
	// student withdraws, and a withdrawn request cannot be answered.
	req = f.request(t, f.shared, nil)
	f.partner.MustFail(t, "FORBIDDEN", withdrawMutation, map[string]any{"id": req.ID})
	f.familyC.MustFail(t, "FORBIDDEN", withdrawMutation, map[string]any{"id": req.ID})
	var wd struct {
		WithdrawEndorsementRequest struct{ EndorsementRequest apiRequest }
	}
	f.student.MustDo(t, withdrawMutation, map[string]any{"id": req.ID}, &wd)
	if wd.WithdrawEndorsementRequest.EndorsementRequest.Status != "WITHDRAWN" {
		t.Fatalf("withdrawn = %+v", wd)
	}
	f.partner.MustFail(t, "CONFLICT", endorseMutation, map[string]any{"in": map[string]any{"requestID": req.ID, "statement": "Late"}})

	// Expiry: past its date a request cannot be answered, and the job
	// marks it EXPIRED (only it).
	req = f.request(t, f.shared, map[string]any{"expiresAt": f.s.Clock.Now().Add(48 * time.Hour)})
	other := f.request(t, f.evidence(t, "Robot", evidence.VisibilityPartners), nil)
	f.s.Clock.Advance(72 * time.Hour)
	f.partner = f.s.As(t, f.w.Home.Partner) // the session lapsed meanwhile
	e := f.partner.MustFail(t, "CONFLICT", endorseMutation, map[string]any{"in": map[string]any{"requestID": req.ID, "statement": "Late"}})
	if !strings.Contains(e.Message, "expired") {
		t.Errorf("expired: %s", e.Message)
	}
	ctx := clock.NewContext(f.sys, f.s.Clock.Now)
	n, err := endorsement.ExpireRequests(ctx, f.s.DB.Client)
	if err != nil || n != 1 {
		t.Fatalf("ExpireRequests = %d, %v; want 1", n, err)
	}
	statuses := map[pulid.ID]endorsementrequest.Status{}
	for _, r := range f.s.DB.Client.EndorsementRequest.Query().AllX(f.sys) {
		statuses[r.ID] = r.Status
	}
	if statuses[pulid.ID(req.ID)] != endorsementrequest.StatusExpired || statuses[pulid.ID(other.ID)] != endorsementrequest.StatusPending {
		t.Errorf("statuses after expiry: %v", statuses)
	}
	// The other request is still answered normally.
	f.partner.MustDo(t, endorseMutation, map[string]any{"in": map[string]any{"requestID": other.ID, "statement": "Built it with care."}}, nil)
}
