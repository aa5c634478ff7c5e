package web_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/ent/evidence"
	"plp/ent/schema/pulid"
	"plp/ent/selfassessment"
	"plp/ent/skill"
	"plp/internal/conference/agenda"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/browsertest"
	"plp/web/gql"
	"plp/web/locale"
)

// studentPlan is a student with something in their plan: two transferable skills
// (one rated before, by the student and by the advisor), a photo shared
// with partners, and a conference next week whose agenda is built.
type studentPlan struct {
	s          *apitest.Server
	w          *apitest.World
	comm, solv pulid.ID // skills
	photo      pulid.ID // image evidence with its file
	conference string
}

func newStudentPlan(t *testing.T) *studentPlan {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	home := w.Home
	fw := c.Framework.Create().SetSchoolID(home.School.ID).SetName("Vermont transferable skills").SaveX(ctx)
	p := &studentPlan{s: s, w: w}
	p.comm = c.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-COMM").SetName("Clear and effective communication").
		SetKind(skill.KindTransferable).SetPosition(0).SaveX(ctx).ID
	p.solv = c.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-SOLVE").SetName("Creative and practical problem solving").
		SetKind(skill.KindTransferable).SetPosition(1).SaveX(ctx).ID
	rate := func(at time.Time, level selfassessment.Level, advisor bool) {
		q := c.SelfAssessment.Create().SetStudentID(home.Student.ID).SetSkillID(p.comm).SetLevel(level).SetTakenAt(at)
		if advisor {
			q.SetAssessor(selfassessment.AssessorAdvisor).SetAssessorID(home.Advisor.ID)
		}
		q.ExecX(ctx)
	}
	rate(time.Date(2025, 10, 1, 15, 0, 0, 0, time.UTC), selfassessment.LevelBeginning, false)
	rate(time.Date(2025, 10, 6, 15, 0, 0, 0, time.UTC), selfassessment.LevelDeveloping, true)
	rate(time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), selfassessment.LevelDeveloping, false)

	p.photo = c.Evidence.Create().SetStudentID(home.Student.ID).SetTitle("Bridge model").SetKind(evidence.KindImage).
		SetDescription("A balsa bridge holding a 5 kg weight").SetOccurredOn(apitest.Start.Add(-72 * time.Hour)).
		SetVisibility(evidence.VisibilityPartners).SaveX(ctx).ID
	c.Evidence.Create().SetStudentID(home.Student.ID).SetTitle("Why bridges stand").SetKind(evidence.KindText).
		SetBody("Trusses spread the load.").SetOccurredOn(apitest.Start.Add(-48 * time.Hour)).ExecX(ctx)
	uploadPNG(t, s, s.As(t, home.StudentAccount), p.photo)

	// A conference on 1 December, booked by the family, its agenda built.
	admin := s.As(t, home.Admin)
	var win struct {
		CreateConferenceWindow struct{ ConferenceWindow struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: CreateConferenceWindowInput!) { createConferenceWindow(input: $in) { conferenceWindow { id } } }`,
		map[string]any{"in": map[string]any{"schoolID": home.School.ID, "term": "Fall conferences",
			"opensAt": apitest.Start.Add(-time.Hour), "closesAt": apitest.Start.Add(10 * 24 * time.Hour),
			"slotMinutes": 25, "bufferMinutes": 5, "cancelCutoffHours": 24}}, &win)
	var gen struct {
		GenerateSlots struct{ Slots []struct{ ID string } }
	}
	admin.MustDo(t, `mutation($in: GenerateSlotsInput!) { generateSlots(input: $in) { slots { id } } }`,
		map[string]any{"in": map[string]any{"windowID": win.CreateConferenceWindow.ConferenceWindow.ID, "hostID": home.Advisor.ID,
			"ranges": []map[string]any{{"date": "2026-12-01", "from": "15:00", "to": "15:30"}}}}, &gen)
	var booked struct {
		BookConference struct{ Conference struct{ ID string } }
	}
	s.As(t, home.Family).MustDo(t, `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
		map[string]any{"in": map[string]any{"slotID": gen.GenerateSlots.Slots[0].ID, "studentID": home.Student.ID}}, &booked)
	p.conference = booked.BookConference.Conference.ID
	a := agenda.Agenda{BuiltAt: apitest.Start, Items: []agenda.Item{
		{Key: "welcome", Kind: agenda.KindWelcome, Title: "Welcome", Lines: []string{"Thank you for coming."}},
		{Key: "identity", Kind: agenda.KindIdentity, Title: "Who I am", Lines: []string{"I like building things."}},
		{Key: "next-steps", Kind: agenda.KindNextSteps, Title: "Next steps to agree"},
	}}
	c.Conference.UpdateOneID(pulid.ID(p.conference)).SetAgenda(a.JSON()).ExecX(ctx)
	return p
}

// uploadPNG stores a small photo as the evidence's file, through the API's
// multipart upload, as a phone would send it.
func uploadPNG(t *testing.T, s *apitest.Server, c *apitest.Client, id pulid.ID) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	ops, _ := json.Marshal(map[string]any{
		"query":     `mutation($id: ID!, $file: Upload!) { uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id } } }`,
		"variables": map[string]any{"id": id, "file": nil}})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", "bridge.png")
	_, _ = fw.Write(pic.Bytes())
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	if r := c.Send(t, req); len(r.Errors) > 0 {
		t.Fatalf("upload: %+v", r.Errors)
	}
}

// signInStudent signs in through the form and lands on next.
func signInToPlan(t *testing.T, tab *browsertest.Tab, p *studentPlan, next, wantH1 string) {
	t.Helper()
	tab.Go(p.s.URL + "/sign-in?next=" + next)
	tab.Fill("#email", p.w.Home.StudentAccount.Email)
	tab.Fill("#password", apitest.Password)
	if status := tab.Submit(`form[action="/sign-in"] button[type=submit]`); status != 200 {
		t.Fatalf("sign in answered %d", status)
	}
	if got := tab.Text("h1"); got != wantH1 {
		t.Fatalf("after signing in, the page is %q at %s", got, tab.URL())
	}
}

// TestBrowserStudentPlanPages: a student, with JavaScript off, rates a
// skill with its evidence and sees their growth beside their advisor's;
// makes a collection of a photo and shares it (an anonymous browser sees
// the photo, and nothing once the link is turned off); asks a partner for
// an endorsement and, once given, downloads the credential; arranges the
// conference agenda with buttons and writes what they want to say; and
// downloads the portfolio. Every page passes Check.
func TestBrowserStudentPlanPages(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	p := newStudentPlan(t)
	tab := br.Tab(t, browsertest.NoScript())
	signInToPlan(t, tab, p, "/skills", "My skills")

	t.Run("skills", func(t *testing.T) {
		tab.Check("skills")
		comm := "#skill-" + string(p.comm)
		if got := tab.Text(comm + " dl.facts"); !strings.Contains(got, "Developing") {
			t.Errorf("before rating: %q", got)
		}
		// Two series over two terms: mine (a line) and my advisor's (one square).
		if n := tab.Count(comm + " svg.chart polyline"); n != 1 {
			t.Errorf("%d lines in the chart, want mine only (the advisor has one term)", n)
		}
		if n := tab.Count(comm + " svg.chart rect"); n != 2 { // the advisor's point and the legend
			t.Errorf("%d squares, want 2", n)
		}
		tab.Submit(comm + " button[type=submit]")
		if got := tab.Text(".summary"); !strings.Contains(got, "Choose how you are doing") {
			t.Fatalf("without a level: %q", got)
		}
		tab.Check("skills-error")
		tab.Click("#level-" + string(p.comm) + "-PROFICIENT")
		tab.Eval(`document.querySelector("#note-`+string(p.comm)+`").value = "I explained my bridge to the class."`, nil)
		tab.Choose("#evidence-"+string(p.comm), string(p.photo))
		tab.Submit(comm + " button[type=submit]")
		if got := tab.Text(".notice"); !strings.Contains(got, "saved") {
			t.Fatalf("after rating: %q", got)
		}
		facts := tab.Text(comm + " dl.facts")
		if !strings.Contains(facts, "Proficient") || !strings.Contains(facts, "Developing") || !strings.Contains(facts, "Bridge model") {
			t.Errorf("after rating: %q", facts)
		}
		rows := tab.Text(comm + " table tbody")
		if !strings.Contains(rows, "2026-2027 fall") || !strings.Contains(rows, "Proficient") {
			t.Errorf("growth rows: %q", rows)
		}
	})

	var shared string
	t.Run("collections", func(t *testing.T) {
		tab.Go(p.s.URL + "/collections")
		tab.Check("collections")
		tab.Fill("#title", "Engineering application")
		tab.Fill("#audience", "Vermont Technical College")
		tab.Submit(`form[action="/collections"] button`)
		if got := tab.Text(".notice"); !strings.Contains(got, "ready") {
			t.Fatalf("after creating: %q", got)
		}
		tab.Click("#add-" + string(p.photo))
		tab.Submit(`form[action$="/evidence"] button`)
		if n := tab.Count(`img[alt="A balsa bridge holding a 5 kg weight"]`); n != 1 {
			t.Errorf("the collection shows %d photos", n)
		}
		tab.Check("collection")
		tab.Submit(`form[action$="/share"] button`)
		// The link is shown at the server's public address.
		shown := tab.Text("#shared-url")
		at := strings.Index(shown, "/shared/plps_")
		if !strings.HasPrefix(shown, "http") || at < 0 {
			t.Fatalf("share link %q", shown)
		}
		shared = p.s.URL + shown[at:]
		tab.Check("collection-shared")

		// Someone with the link, not signed in, in another browser.
		visitor := br.Tab(t)
		if status := visitor.Go(shared); status != 200 {
			t.Fatalf("the shared page answered %d", status)
		}
		visitor.Check("shared")
		if got := visitor.Text("h1"); got != "Engineering application" {
			t.Errorf("shared page h1 %q", got)
		}
		var width int
		visitor.Eval(`(async () => { const i = document.querySelector('img[alt="A balsa bridge holding a 5 kg weight"]'); if (!i) return -1; await i.decode(); return i.naturalWidth; })()`, &width)
		if width != 40 {
			t.Errorf("the shared photo is %d px wide, want 40 (loaded)", width)
		}
		if strings.Contains(visitor.Text("main"), "Why bridges stand") {
			t.Errorf("the shared page shows evidence outside the collection")
		}

		tab.Submit(`form[action*="/links/"] button`)
		if got := tab.Text(".notice"); !strings.Contains(got, "turned off") {
			t.Fatalf("after revoking: %q", got)
		}
		if status := visitor.Go(shared); status != 404 {
			t.Errorf("a revoked link answered %d", status)
		}
	})

	t.Run("endorsements", func(t *testing.T) {
		tab.Go(p.s.URL + "/endorsements")
		tab.Check("endorsements")
		tab.Choose("#evidence", string(p.photo))
		tab.Choose("#partner", string(p.w.Home.Partner.ID))
		tab.Eval(`document.querySelector("#message").value = "Could you look at how I tested it?"`, nil)
		tab.Submit(`form[action="/endorsements"] button`)
		if got := tab.Text(".notice"); !strings.Contains(got, "sent") {
			t.Fatalf("after asking: %q", got)
		}
		// Asking twice is refused beside the field.
		tab.Choose("#evidence", string(p.photo))
		tab.Choose("#partner", string(p.w.Home.Partner.ID))
		tab.Submit(`form[action="/endorsements"] button`)
		if n := tab.Count(".summary"); n != 1 {
			t.Errorf("asking twice showed no error")
		}
		tab.Check("endorsements-error")

		// The partner endorses it.
		partner := p.s.As(t, p.w.Home.Partner)
		var reqs struct {
			EndorsementRequests struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		partner.MustDo(t, `{ endorsementRequests(first: 5) { edges { node { id } } } }`, nil, &reqs)
		if len(reqs.EndorsementRequests.Edges) != 1 {
			t.Fatalf("partner sees %d requests", len(reqs.EndorsementRequests.Edges))
		}
		partner.MustDo(t, `mutation($in: EndorseEvidenceInput!) { endorseEvidence(input: $in) { endorsement { id } } }`,
			map[string]any{"in": map[string]any{"requestID": reqs.EndorsementRequests.Edges[0].Node.ID,
				"statement": "Robin tested the bridge carefully and explained every failure.", "skillIDs": []any{p.comm}}}, nil)
		tab.Go(p.s.URL + "/endorsements")
		if got := tab.Text("blockquote.statement"); !strings.Contains(got, "tested the bridge carefully") {
			t.Errorf("statement %q", got)
		}
		if got := tab.Text("main"); !strings.Contains(got, "Clear and effective communication") || !strings.Contains(got, "/credentials/verify") {
			t.Errorf("endorsement lacks its skill or the verify address: %q", got)
		}
		tab.Check("endorsements-given")
		var jwt string
		tab.Eval(`fetch(document.querySelector('a[href$="/credential.jwt"]').href).then(r => r.text())`, &jwt)
		if strings.Count(jwt, ".") != 2 || !strings.HasPrefix(jwt, "ey") {
			t.Errorf("credential download %q", jwt)
		}
	})

	t.Run("agenda", func(t *testing.T) {
		tab.Go(p.s.URL + "/agenda")
		tab.Check("agenda")
		if got := tab.Text("ol.agenda > li h3"); got != "Welcome" {
			t.Fatalf("first item %q", got)
		}
		tab.Submit(`#item-` + p.conference + `-identity button[value=up]`)
		if got := tab.Text("ol.agenda > li h3"); got != "Who I am" {
			t.Errorf("after moving up, the first item is %q", got)
		}
		tab.Submit(`#item-` + p.conference + `-welcome button[value=hide]`)
		if got := tab.Text(`#item-` + p.conference + `-welcome h3`); !strings.Contains(got, "hidden") {
			t.Errorf("after hiding: %q", got)
		}
		var items struct {
			Node struct {
				AgendaItems []struct {
					Key    string
					Hidden bool
				}
			}
		}
		p.s.As(t, p.w.Home.Advisor).MustDo(t, `query($id: ID!) { node(id: $id) { ... on Conference { agendaItems { key hidden } } } }`,
			map[string]any{"id": p.conference}, &items)
		if got := items.Node.AgendaItems; len(got) != 3 || got[0].Key != "identity" || got[1].Key != "welcome" || !got[1].Hidden {
			t.Errorf("stored agenda %+v", got)
		}
		tab.Eval(`document.querySelector("#body-`+p.conference+`").value = "I want to talk about my bridge."`, nil)
		tab.Submit(`form[action$="/say"] button`)
		if got := tab.Text(".notice"); !strings.Contains(got, "Saved") {
			t.Fatalf("after writing: %q", got)
		}
		if got := tab.Text("main"); !strings.Contains(got, "I want to talk about my bridge.") {
			t.Errorf("what I said is not shown")
		}
		tab.Check("agenda-said")
	})

	t.Run("portfolio", func(t *testing.T) {
		// Robin is 18: the export is theirs to download.
		p.s.DB.Client.Student.UpdateOneID(p.w.Home.Student.ID).SetBirthDate(time.Date(2008, 5, 1, 0, 0, 0, 0, time.UTC)).ExecX(p.s.System())
		tab.Go(p.s.URL + "/portfolio")
		tab.Check("portfolio")
		var got struct {
			Status int    `json:"status"`
			Type   string `json:"type"`
		}
		tab.Eval(`fetch(document.querySelector("#portfolio-download").href).then(r => ({status: r.status, type: r.headers.get("Content-Type")}))`, &got)
		if got.Status != 200 || got.Type != "application/zip" {
			t.Errorf("portfolio download: %+v", got)
		}
	})

	t.Run("spanish", func(t *testing.T) {
		tab.Go(p.s.URL + "/skills?lang=es")
		if got := tab.Text("h1"); got != "Mis habilidades" {
			t.Errorf("Spanish skills page %q", got)
		}
		tab.Check("skills-es")
		tab.Go(p.s.URL + "/agenda")
		if got := tab.Text("section h2"); !strings.Contains(got, "martes, 1 de diciembre de 2026") {
			t.Errorf("Spanish agenda date %q", got)
		}
		tab.Go(p.s.URL + "/skills?lang=en")
	})
}

// TestPlanEnumMessages: every level, kind of evidence and state of an
// endorsement request has its words in every language.
func TestPlanEnumMessages(t *testing.T) {
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range gql.AllSelfAssessmentLevel {
		ids = append(ids, "Level"+string(l))
	}
	for _, k := range gql.AllEvidenceKind {
		ids = append(ids, "Kind"+string(k))
	}
	for _, s := range gql.AllEndorsementRequestStatus {
		ids = append(ids, "Endorsement"+string(s))
	}
	for _, lang := range locale.Languages {
		for _, id := range ids {
			if !cat.For(lang).Has(id) {
				t.Errorf("%s: no message %s", lang, id)
			}
		}
	}
}
