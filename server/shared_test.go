package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/ent/auditevent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/ent/sharelink"
	"plp/internal/devtools/apitest"
)

// getShared fetches a share link's page anonymously and checks the headers
// every answer carries.
func getShared(t *testing.T, s *apitest.Server, path string) (int, []byte) {
	t.Helper()
	resp, err := s.HTTP.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control = %q", path, cc)
	}
	if rt := resp.Header.Get("X-Robots-Tag"); !strings.Contains(rt, "noindex") {
		t.Errorf("%s: X-Robots-Tag = %q", path, rt)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type = %q", path, ct)
	}
	return resp.StatusCode, body
}

// wantGone checks the one answer to a link that opens nothing.
func wantGone(t *testing.T, s *apitest.Server, path, why string) {
	t.Helper()
	status, body := getShared(t, s, path)
	var out struct {
		Errors []apitest.Error `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%s: body is not JSON: %s", why, body)
	}
	if status != http.StatusNotFound || len(out.Errors) != 1 || out.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("%s: got %d %s, want 404 NOT_FOUND", why, status, body)
	}
}

func TestSharedCollection(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	now := s.Clock.Now()
	home := w.Home.Student.ID
	ev := c.Evidence.Create().SetStudentID(home).SetTitle("Bridge essay").SetKind(evidence.KindText).
		SetBody("Trusses spread the load.").SetOccurredOn(now.Add(-72 * time.Hour)).SetVisibility(evidence.VisibilityPrivate).SaveX(sys)
	g := c.Goal.Create().SetStudentID(home).SetArea(goal.AreaCareer).SetTitle("Become an engineer").SetStatus(goal.StatusActive).SaveX(sys)
	c.Milestone.Create().SetGoalID(g.ID).SetTitle("Visit a firm").SetDoneAt(now).ExecX(sys)
	c.Milestone.Create().SetGoalID(g.ID).SetTitle("Apply for an internship").SetPosition(1).ExecX(sys)
	c.Goal.Create().SetStudentID(home).SetArea(goal.AreaWellness).SetTitle("Not in the collection").ExecX(sys)
	r := c.Reflection.Create().SetStudentID(home).SetPrompt("What surprised you?").SetBody("How much maths.").SaveX(sys)
	otherEv := c.Evidence.Create().SetStudentID(w.Other.Student.ID).SetTitle("Someone else's").SetKind(evidence.KindText).
		SetBody("...").SetOccurredOn(now).SaveX(sys)

	student := s.As(t, w.Home.StudentAccount)
	const create = `mutation($in: CreateCollectionInput!) { createCollection(input: $in) { collection { id title evidence { id } goals { id } reflections { id } } } }`
	in := map[string]any{"studentID": home, "title": "Engineering application", "audience": "Admissions",
		"evidenceIDs": []any{ev.ID}, "goalIDs": []any{g.ID}, "reflectionIDs": []any{r.ID}}
	var created struct {
		CreateCollection struct {
			Collection struct {
				ID                           string
				Evidence, Goals, Reflections []struct{ ID string }
			}
		}
	}
	student.MustDo(t, create, map[string]any{"in": in}, &created)
	col := created.CreateCollection.Collection
	if len(col.Evidence) != 1 || len(col.Goals) != 1 || len(col.Reflections) != 1 {
		t.Fatalf("collection = %+v", col)
	}

	// Another student's evidence is refused, on the field that named it.
	bad := map[string]any{"studentID": home, "title": "Borrowed", "evidenceIDs": []any{ev.ID, otherEv.ID}}
	if e := student.MustFail(t, "BAD_USER_INPUT", create, map[string]any{"in": bad}); e.Field() != "evidenceIDs" {
		t.Errorf("field = %q, want evidenceIDs", e.Field())
	}
	const update = `mutation($id: ID!, $in: UpdateCollectionInput!) { updateCollection(id: $id, input: $in) { collection { id } } }`
	if e := student.MustFail(t, "BAD_USER_INPUT", update, map[string]any{"id": col.ID, "in": map[string]any{"addEvidenceIDs": []any{otherEv.ID}}}); e.Field() != "addEvidenceIDs" {
		t.Errorf("field = %q, want addEvidenceIDs", e.Field())
	}

	// Family and the advisor can read the collection but not share it.
	const share = `mutation($in: ShareCollectionInput!) { shareCollection(input: $in) { shareLink { id startsAt endsAt } url token } }`
	for _, a := range []string{"family", "advisor"} {
		acc := w.Home.Family
		if a == "advisor" {
			acc = w.Home.Advisor
		}
		if r := s.As(t, acc).Do(t, share, map[string]any{"in": map[string]any{"collectionID": col.ID}}); len(r.Errors) == 0 {
			t.Errorf("%s shared the collection", a)
		}
	}
	// endsAt must come after startsAt.
	if e := student.MustFail(t, "BAD_USER_INPUT", share, map[string]any{"in": map[string]any{
		"collectionID": col.ID, "startsAt": now.Add(time.Hour), "endsAt": now.Add(time.Minute)}}); e.Field() != "endsAt" {
		t.Errorf("field = %q, want endsAt", e.Field())
	}

	var shared struct {
		ShareCollection struct {
			ShareLink  struct{ ID string }
			URL, Token string
		}
	}
	student.MustDo(t, share, map[string]any{"in": map[string]any{
		"collectionID": col.ID, "startsAt": now.Add(time.Hour), "endsAt": now.Add(48 * time.Hour)}}, &shared)
	link := shared.ShareCollection
	if !strings.HasPrefix(link.Token, "plps_") || link.URL != "/shared/"+link.Token {
		t.Fatalf("token %q, url %q", link.Token, link.URL)
	}
	row := c.ShareLink.Query().Where(sharelink.CollectionID(pulid.ID(col.ID))).OnlyX(sys)
	if len(row.TokenHash) == 0 || bytes.Equal(row.TokenHash, []byte(link.Token)) || bytes.Contains(row.TokenHash, []byte(link.Token[5:])) {
		t.Errorf("the token is stored in clear")
	}

	wantGone(t, s, link.URL, "before startsAt")
	wantGone(t, s, "/shared/plps_unknown", "unknown token")
	wantGone(t, s, link.URL[:len(link.URL)-1]+"A", "altered token")

	s.Clock.Advance(2 * time.Hour)
	for range 2 {
		status, body := getShared(t, s, link.URL)
		if status != http.StatusOK {
			t.Fatalf("view: %d %s", status, body)
		}
		var view struct {
			Title, Description, Audience, Student string
			Evidence                              []struct{ Title, Kind, Body, URL, OccurredOn string }
			Goals                                 []struct {
				Title, Area, Status string
				Progress            int
				Milestones          []struct {
					Title string
					Done  bool
				}
			}
			Reflections []struct{ Prompt, Body, CreatedAt string }
		}
		if err := json.Unmarshal(body, &view); err != nil {
			t.Fatal(err)
		}
		if view.Title != "Engineering application" || view.Audience != "Admissions" || view.Student != "Robin" {
			t.Errorf("view = %s", body)
		}
		if len(view.Evidence) != 1 || view.Evidence[0].Body != "Trusses spread the load." || view.Evidence[0].Kind != "TEXT" {
			t.Errorf("evidence = %+v", view.Evidence)
		}
		if len(view.Goals) != 1 || view.Goals[0].Title != "Become an engineer" || len(view.Goals[0].Milestones) != 2 ||
			!view.Goals[0].Milestones[0].Done || view.Goals[0].Milestones[1].Done {
			t.Errorf("goals = %+v", view.Goals)
		}
		if len(view.Reflections) != 1 || view.Reflections[0].Prompt != "What surprised you?" {
			t.Errorf("reflections = %+v", view.Reflections)
		}
		for _, leak := range []string{"Not in the collection", "Someone else", string(w.Home.Student.ID), "Home", "home.plp.test", "stu_", "goal_", "evi_"} {
			if strings.Contains(string(body), leak) {
				t.Errorf("the shared view shows %q: %s", leak, body)
			}
		}
	}

	// Each view is an audit event of the student, with no actor.
	s.FlushAudit(t)
	events := c.AuditEvent.Query().Where(auditevent.SubjectType("Collection"), auditevent.Detail("share link view")).AllX(sys)
	if len(events) != 2 {
		t.Fatalf("%d share link view events, want 2", len(events))
	}
	for _, e := range events {
		if e.Action != auditevent.ActionRead || e.ActorID != nil || e.StudentID == nil || *e.StudentID != home ||
			e.SchoolID != w.Home.School.ID || e.SubjectID != col.ID {
			t.Errorf("event = %+v", e)
		}
	}

	// Ended.
	s.Clock.Advance(47 * time.Hour)
	wantGone(t, s, link.URL, "after endsAt")

	// Revoked: a second link works until the student revokes it.
	student = s.As(t, w.Home.StudentAccount) // the first session has expired
	var second struct {
		ShareCollection struct {
			ShareLink  struct{ ID string }
			URL, Token string
		}
	}
	student.MustDo(t, share, map[string]any{"in": map[string]any{"collectionID": col.ID}}, &second)
	if status, body := getShared(t, s, second.ShareCollection.URL); status != http.StatusOK {
		t.Fatalf("second link: %d %s", status, body)
	}
	const revoke = `mutation($id: ID!) { revokeShareLink(id: $id) { shareLink { id revokedAt } } }`
	if r := s.As(t, w.Home.Family).Do(t, revoke, map[string]any{"id": second.ShareCollection.ShareLink.ID}); len(r.Errors) == 0 {
		t.Errorf("family revoked the link")
	}
	student.MustDo(t, revoke, map[string]any{"id": second.ShareCollection.ShareLink.ID}, nil)
	wantGone(t, s, second.ShareCollection.URL, "after revoke")

	s.FlushAudit(t)
	if n := c.AuditEvent.Query().Where(auditevent.Detail("share link view")).CountX(sys); n != 3 {
		t.Errorf("%d share link view events, want 3 (refusals record none)", n)
	}
}

// TestSharedCollectionQueryPageAndFiles: the collection a link opens is in
// the API for every client (Query.sharedCollection, no sign-in), with the
// file of each piece of evidence at a path of the link that names no ID;
// a browser asking /shared/{token} gets the app's page showing the photo,
// other clients JSON. Once the link is revoked, the query, the page and
// the file all answer NOT_FOUND.
func TestSharedCollectionQueryPageAndFiles(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	now := s.Clock.Now()
	home := w.Home.Student.ID
	photo := c.Evidence.Create().SetStudentID(home).SetTitle("Bridge model").SetKind(evidence.KindImage).
		SetDescription("A balsa bridge").SetOccurredOn(now.Add(-72 * time.Hour)).SaveX(sys)
	essay := c.Evidence.Create().SetStudentID(home).SetTitle("Why bridges stand").SetKind(evidence.KindText).
		SetBody("Trusses spread the load.").SetOccurredOn(now.Add(-24 * time.Hour)).SaveX(sys)
	student := s.As(t, w.Home.StudentAccount)
	pic := testPNG(t, 12, 9, 3, false)
	mustUpload(t, s, student, string(photo.ID), "bridge.png", pic)
	var created struct {
		CreateCollection struct{ Collection struct{ ID string } }
	}
	student.MustDo(t, `mutation($in: CreateCollectionInput!) { createCollection(input: $in) { collection { id } } }`,
		map[string]any{"in": map[string]any{"studentID": home, "title": "Portfolio", "evidenceIDs": []any{photo.ID, essay.ID}}}, &created)
	var shared struct {
		ShareCollection struct {
			ShareLink  struct{ ID string }
			URL, Token string
		}
	}
	student.MustDo(t, `mutation($in: ShareCollectionInput!) { shareCollection(input: $in) { shareLink { id } url token } }`,
		map[string]any{"in": map[string]any{"collectionID": created.CreateCollection.Collection.ID}}, &shared)
	link := shared.ShareCollection

	const query = `query($token: String!) { sharedCollection(token: $token) { title student endsAt
	  evidence { title kind description body fileURL contentType } } }`
	var out struct {
		SharedCollection struct {
			Title, Student string
			EndsAt         *string
			Evidence       []struct{ Title, Kind, Description, Body, FileURL, ContentType string }
		}
	}
	anon := s.Anonymous()
	anon.MustDo(t, query, map[string]any{"token": link.Token}, &out)
	got := out.SharedCollection
	if got.Title != "Portfolio" || got.Student != "Robin" || got.EndsAt != nil || len(got.Evidence) != 2 {
		t.Fatalf("sharedCollection = %+v", got)
	}
	ph, es := got.Evidence[0], got.Evidence[1]
	if ph.FileURL != link.URL+"/files/1" || ph.ContentType != "image/png" || ph.Description != "A balsa bridge" {
		t.Errorf("photo = %+v", ph)
	}
	if es.FileURL != "" || es.Body != "Trusses spread the load." {
		t.Errorf("essay = %+v", es)
	}
	for _, leak := range []string{"evi_", "stu_", "col_"} {
		if strings.Contains(ph.FileURL, leak) {
			t.Errorf("file URL %q names an ID", ph.FileURL)
		}
	}
	anon.MustFail(t, "NOT_FOUND", query, map[string]any{"token": "plps_nothing"})

	// The file, to anyone holding the link; no file at a place without one.
	status, body := s.Get(t, ph.FileURL)
	if status != http.StatusOK || !bytes.Equal(body, pic) {
		t.Errorf("shared file: %d, %d bytes", status, len(body))
	}
	for _, p := range []string{link.URL + "/files/2", link.URL + "/files/3", link.URL + "/files/0", link.URL + "/files/x", "/shared/plps_nothing/files/1"} {
		if status, _ := s.Get(t, p); status != http.StatusNotFound {
			t.Errorf("%s answered %d, want 404", p, status)
		}
	}

	// A browser gets the page, with the photo; an API client JSON.
	get := func(accept string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.URL+link.URL, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := get("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(page, `<img src="`+ph.FileURL+`" alt="A balsa bridge"`) || !strings.Contains(page, "Trusses spread the load.") {
		t.Errorf("page: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), page)
	}
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(resp.Header.Get("X-Robots-Tag"), "noindex") ||
		resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("page headers %v", resp.Header)
	}
	for _, accept := range []string{"", "application/json", "text/html, application/json", "*/*"} {
		if resp, body := get(accept); !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"fileURL":"`+ph.FileURL+`"`) {
			t.Errorf("Accept %q: %s %s", accept, resp.Header.Get("Content-Type"), body)
		}
	}

	student.MustDo(t, `mutation($id: ID!) { revokeShareLink(id: $id) { shareLink { id } } }`, map[string]any{"id": link.ShareLink.ID}, nil)
	anon.MustFail(t, "NOT_FOUND", query, map[string]any{"token": link.Token})
	if status, _ := s.Get(t, ph.FileURL); status != http.StatusNotFound {
		t.Errorf("the file of a revoked link answered %d", status)
	}
	if resp, _ := get("text/html"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the page of a revoked link answered %d", resp.StatusCode)
	}
}
