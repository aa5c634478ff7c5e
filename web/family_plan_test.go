package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"plp/internal/conference/agenda"
	"plp/internal/devtools/apitest"
)

// plan is Robin's plan with a goal, a photo, a video, a reflection and a
// private piece of evidence the family must not see.
type plan struct {
	s                          *apitest.Server
	w                          *apitest.World
	goal, photo, video, secret string
}

func newPlan(t *testing.T, s *apitest.Server, w *apitest.World) *plan {
	t.Helper()
	student := s.As(t, w.Home.StudentAccount)
	p := &plan{s: s, w: w}
	var g struct {
		CreateGoal struct{ Goal struct{ ID string } }
	}
	student.MustDo(t, `mutation($s: ID!) { createGoal(input: {studentID: $s, area: CIVIC, title: "Serve on the youth council", why: "A voice for students", visibility: FAMILY}) { goal { id } } }`,
		map[string]any{"s": w.Home.Student.ID}, &g)
	p.goal = g.CreateGoal.Goal.ID
	evidence := func(title, kind, visibility string) string {
		var out struct {
			CreateEvidence struct{ Evidence struct{ ID string } }
		}
		student.MustDo(t, `mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id } } }`,
			map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "title": title, "kind": kind, "visibility": visibility,
				"occurredOn": "2026-11-01T00:00:00Z", "description": title + ", described"}}, &out)
		return out.CreateEvidence.Evidence.ID
	}
	p.photo = evidence("Council poster", "IMAGE", "FAMILY")
	uploadFile(t, s, student, p.photo, "poster.png", testPNG(t))
	p.video = evidence("My speech", "VIDEO", "FAMILY")
	uploadFile(t, s, student, p.video, "speech.mp4", testMP4())
	p.secret = evidence("Diary page", "TEXT", "PRIVATE")
	student.MustDo(t, `mutation($s: ID!) { createReflection(input: {studentID: $s, prompt: "What went well?", body: "My speech went well."}) { reflection { id } } }`,
		map[string]any{"s": w.Home.Student.ID}, nil)
	return p
}

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testMP4 is an MP4 file type box and filler: enough for the sniffer, and
// bytes to ask ranges of.
func testMP4() []byte {
	b := []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
	for i := range 4000 {
		b = append(b, byte(i))
	}
	return b
}

func uploadFile(t *testing.T, s *apitest.Server, c *apitest.Client, id, name string, data []byte) {
	t.Helper()
	ops, _ := json.Marshal(map[string]any{"query": `mutation($id: ID!, $file: Upload!) { uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id } } }`,
		"variables": map[string]any{"id": id, "file": nil}})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	if r := c.Send(t, req); len(r.Errors) > 0 {
		t.Fatalf("upload %s: %+v", name, r.Errors)
	}
}

// TestFamilySeesThePlanAndComments: the family's view of the plan shows
// the goal with its progress, the photo and the video inline, the
// reflection, and not the private evidence; a comment the family adds is
// on the page; a comment of the advisor's shows on home as new; the video
// answers a Range request (so it seeks) with the session cookie.
func TestFamilySeesThePlanAndComments(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	p := newPlan(t, s, w)
	b := newBrowser(t, s)
	b.signIn(w.Home.Family.Email)
	child := "/children/" + string(w.Home.Student.ID)
	pg := b.get(child)
	must(t, pg, http.StatusOK, "Robin&#39;s plan", "Serve on the youth council", "Being written", `<progress id="progress-`+p.goal,
		`<img class="media" src="/files/evidence/`+p.photo+`" alt="Council poster, described">`,
		`<video class="media" controls preload="metadata" src="/files/evidence/`+p.video+`"`, "My speech went well.")
	if strings.Contains(pg.Body, "Diary page") || strings.Contains(pg.Body, p.secret) {
		t.Errorf("the family sees private evidence")
	}
	// An empty comment says so beside its box.
	pg = b.post(child+"/comments", url.Values{"on": {"goal:" + p.goal}, "body": {"  "}})
	must(t, pg, http.StatusUnprocessableEntity, "Error:", `href="#comment-`+p.goal+`"`, "Write a comment")
	pg = b.post(child+"/comments", url.Values{"on": {"evidence:" + p.video}, "body": {"What a speech!"}})
	must(t, pg, http.StatusOK, "Your comment was added", "What a speech!", "home FAMILY")
	// The advisor's comment is new on the family's home; the family's own
	// is not counted.
	s.As(t, w.Home.Advisor).MustDo(t, `mutation($g: ID!) { addComment(input: {goalID: $g, body: "Great start"}) { comment { id } } }`,
		map[string]any{"g": p.goal}, nil)
	must(t, b.get("/"), http.StatusOK, "New comments on Robin&#39;s plan: 1", `href="`+child+`"`)

	// The video, by the session cookie, in ranges.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/files/evidence/"+p.video, nil)
	req.Header.Set("Range", "bytes=100-199")
	resp, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	want := testMP4()[100:200]
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Range") != "bytes 100-199/4024" || !bytes.Equal(body.Bytes(), want) {
		t.Errorf("range: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), body.Len())
	}
	if resp.Header.Get("Accept-Ranges") != "bytes" || resp.Header.Get("Content-Type") != "video/mp4" {
		t.Errorf("headers %v", resp.Header)
	}
	// Without the cookie: no file.
	resp, err = http.Get(s.URL + "/files/evidence/" + p.video)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out, the file answered %d", resp.StatusCode)
	}
	// Another school's family sees no such child.
	o := newBrowser(t, s)
	o.signIn(w.Other.Family.Email)
	if pg = o.get(child); pg.Status != http.StatusNotFound || strings.Contains(pg.Body, "youth council") {
		t.Errorf("another family opened the plan: %d", pg.Status)
	}
}

// TestFamilySignsTheAnnualReview: once the student has signed, home asks
// the family to sign; the button signs; a second signature is refused
// with the API's reason on the page.
func TestFamilySignsTheAnnualReview(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	b := newBrowser(t, s)
	b.signIn(w.Home.Family.Email)
	child := "/children/" + string(w.Home.Student.ID)
	if strings.Contains(b.get("/").Body, "annual review") {
		t.Errorf("home asks for a review the student has not signed")
	}
	s.As(t, w.Home.StudentAccount).MustDo(t, `mutation($s: ID!) { signAnnualReview(input: {studentID: $s}) { annualReview { id } } }`,
		map[string]any{"s": w.Home.Student.ID}, nil)
	must(t, b.get("/"), http.StatusOK, "Sign Robin&#39;s annual review", `href="`+child+`#review"`)
	pg := b.get(child)
	must(t, pg, http.StatusOK, "Annual review 2026-2027", "Robin signed on", "Sign the 2026-2027 review")
	pg = b.post(child+"/review", url.Values{})
	must(t, pg, http.StatusOK, "You signed the annual review", "You signed this review on Monday, November 23, 2026")
	if strings.Contains(b.get("/").Body, "annual review") {
		t.Errorf("home still asks for the signed review")
	}
	pg = b.post(child+"/review", url.Values{})
	must(t, pg, http.StatusConflict, "Error:", `href="#review"`)
}

// TestFamilySettings: language and mail, saved to the account; the pages
// follow the language at once.
func TestFamilySettings(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	b := newBrowser(t, s)
	b.signIn(w.Home.Family.Email)
	must(t, b.get("/settings"), http.StatusOK, `<option value="en" lang="en" selected>`, `name="mail" aria-describedby="mail-hint" checked`)
	pg := b.post("/settings", url.Values{"language": {"es"}})
	must(t, pg, http.StatusOK, `<html lang="es">`, "Se guardaron sus ajustes", `<option value="es" lang="es" selected>`)
	if strings.Contains(pg.Body, `name="mail" aria-describedby="mail-hint" checked`) {
		t.Errorf("mail still on")
	}
	acc := s.DB.Client.Account.GetX(s.System(), w.Home.Family.ID)
	if acc.PreferredLanguage != "es" || !acc.MailOptOut {
		t.Errorf("account %s, opt out %v", acc.PreferredLanguage, acc.MailOptOut)
	}
	b.post("/settings", url.Values{"language": {"en"}, "mail": {"on"}})
	if acc := s.DB.Client.Account.GetX(s.System(), w.Home.Family.ID); acc.PreferredLanguage != "en" || acc.MailOptOut {
		t.Errorf("back: account %s, opt out %v", acc.PreferredLanguage, acc.MailOptOut)
	}
}

// TestWaitlistPlaceAndOfferOnConferences: the conferences page shows the
// family's place in line, then the time held for them with a button that
// books it before the offer expires.
func TestWaitlistPlaceAndOfferOnConferences(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	taken := fillWindow(t, bk)
	b := newBrowser(t, bk.s)
	b.signIn(bk.w.Home.Family.Email)
	b.post("/waitlist", url.Values{"student": {string(bk.w.Home.Student.ID)}, "window": {bk.window}})
	must(t, b.get("/conferences"), http.StatusOK, "Waitlists", "You are number 1 in line", "Leave the waitlist")
	bk.s.As(t, bk.w.Home.Advisor).MustDo(t, `mutation($id: ID!) { cancelConference(input: {conferenceID: $id}) { conference { id } } }`,
		map[string]any{"id": taken[1]}, nil)
	pg := b.get("/conferences")
	must(t, pg, http.StatusOK, "A time is held for you: Tuesday, December 1, 2026, 3:30 pm", "Book it before Monday, November 23, 2026, 9:00 pm",
		`<input type="hidden" name="slot" value="`+bk.slots[1]+`"><button type="submit">Book Tuesday, December 1, 2026, 3:30 pm</button>`)
	pg = b.post(bk.bookPath(), url.Values{"slot": {bk.slots[1]}})
	must(t, pg, http.StatusOK, "Your conference is booked", "3:30 pm – 3:55 pm")
	if strings.Contains(b.get("/conferences").Body, "Waitlists") {
		t.Errorf("the waitlist is still shown after booking")
	}
}

// fillWindow books every time of the window for other students and
// returns the conferences.
func fillWindow(t *testing.T, bk *booking) []string {
	t.Helper()
	ctx, c := bk.s.System(), bk.s.DB.Client
	advisor := bk.s.As(t, bk.w.Home.Advisor)
	var taken []string
	for _, slot := range bk.slots {
		st := c.Student.Create().SetSchoolID(bk.w.Home.School.ID).SetGivenName("Kim").SetFamilyName("Other").SetPreferredName("Kim").
			SetGrade(10).SetGraduationYear(2029).SetAdvisorID(bk.w.Home.Advisor.ID).SaveX(ctx)
		var out struct {
			BookConference struct{ Conference struct{ ID string } }
		}
		advisor.MustDo(t, `mutation($in: BookConferenceInput!) { bookConference(input: $in) { conference { id } } }`,
			map[string]any{"in": map[string]any{"slotID": slot, "studentID": st.ID}}, &out)
		taken = append(taken, out.BookConference.Conference.ID)
	}
	return taken
}

// TestConferenceShowsTheStudentsAgenda: once built, the agenda the student
// arranged is on the family's conference page, without hidden items.
func TestConferenceShowsTheStudentsAgenda(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	newPlan(t, bk.s, bk.w)
	b := newBrowser(t, bk.s)
	b.signIn(bk.w.Home.Family.Email)
	pg := b.post(bk.bookPath(), url.Values{"slot": {bk.slots[0]}, "questions": {"How is Robin doing in maths?"}})
	m := conferencePath.FindStringSubmatch(pg.URL.Path)
	if m == nil {
		t.Fatalf("booked, landed at %s", pg.URL)
	}
	if strings.Contains(pg.Body, "The agenda Robin prepared") {
		t.Errorf("an agenda before it is built")
	}
	if _, err := agenda.Run(bk.s.System(), bk.s.DB.Client, agenda.Options{Days: 10, BaseURL: bk.s.URL}); err != nil {
		t.Fatal(err)
	}
	var items struct {
		Node struct{ AgendaItems []struct{ Key, Title string } }
	}
	student := bk.s.As(t, bk.w.Home.StudentAccount)
	student.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Conference { agendaItems { key title } } } }`, map[string]any{"id": m[1]}, &items)
	if len(items.Node.AgendaItems) < 2 {
		t.Fatalf("agenda %+v", items.Node.AgendaItems)
	}
	first, hidden := items.Node.AgendaItems[0], items.Node.AgendaItems[1]
	student.MustDo(t, `mutation($id: ID!, $h: String!) { arrangeAgenda(input: {conferenceID: $id, order: [], hidden: [$h]}) { conference { id } } }`,
		map[string]any{"id": m[1], "h": hidden.Key}, nil)
	pg = b.get("/conferences/" + m[1])
	must(t, pg, http.StatusOK, "The agenda Robin prepared", "<h3>"+first.Title+"</h3>")
	if strings.Contains(pg.Body, "<h3>"+hidden.Title+"</h3>") {
		t.Errorf("a hidden item %q is shown", hidden.Title)
	}
}

// TestFamilyPagesWeighLittle: each family page's first load (HTML, CSS
// and JS, gzip-compressed) is at most 100 KB.
func TestFamilyPagesWeighLittle(t *testing.T) {
	t.Parallel()
	bk := newBooking(t)
	newPlan(t, bk.s, bk.w)
	b := newBrowser(t, bk.s)
	pages := []string{"/sign-in"}
	b.signIn(bk.w.Home.Family.Email)
	pages = append(pages, "/", bk.bookPath(), "/conferences", "/settings", "/children/"+string(bk.w.Home.Student.ID))
	for _, path := range pages {
		pg := b.get(path)
		if pg.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, pg.Status)
		}
		total := gzipSize(t, []byte(pg.Body))
		for _, m := range staticAsset.FindAllStringSubmatch(pg.Body, -1) {
			asset := m[1]
			a := b.get(asset)
			if a.Status != http.StatusOK {
				t.Fatalf("%s: %s answered %d", path, asset, a.Status)
			}
			total += gzipSize(t, []byte(a.Body))
		}
		t.Logf("%s: %d bytes compressed", path, total)
		if total > 100*1024 {
			t.Errorf("%s weighs %d bytes compressed, over 100 KB", path, total)
		}
	}
}

var staticAsset = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// gzipSize is the size of b compressed as a server would send it.
func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.DefaultCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Len()
}
