package web_test

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/storage"
	"plp/server"
	"plp/web"
	"plp/web/locale"
)

// studentServer is a test server whose files go to the test's own folder.
func studentServer(t *testing.T, opts ...apitest.Option) (*apitest.Server, *apitest.World) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "files")
	opts = append([]apitest.Option{func(c *server.Config) { c.StorageURL = storage.DirURL(dir) }}, opts...)
	s := apitest.NewServer(t, opts...)
	return s, apitest.NewWorld(t, s.DB)
}

// photo is a small PNG.
func photo(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postFile posts a form with one file as a browser does (multipart).
func (b *browser) postFile(path string, form url.Values, field, name, contentType string, data []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+name+`"`)
	h.Set("Content-Type", contentType)
	fw, _ := mw.CreatePart(h)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

var evidenceImage = regexp.MustCompile(`<img class="media" src="(/files/evidence/[A-Za-z0-9_]+)" alt="([^"]*)">`)

// TestStudentPlanWithoutJavaScript: a student signs in and, with plain
// forms, writes about themselves, picks colours and a cover, adds a
// section, sets a goal with steps and marks one done, writes a
// reflection, and adds a photo, which their timeline then shows inline.
func TestStudentPlanWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s, w := studentServer(t)
	b := newBrowser(t, s)
	home := b.signIn(w.Home.StudentAccount.Email)
	must(t, home, http.StatusOK, "My page", "Robin", `href="/goals"`, `href="/evidence/new"`)
	if strings.Contains(home.Body, "My children") {
		t.Errorf("a student's home is the family's")
	}

	p := b.post("/me/edit", url.Values{"name": {"Robbie"}, "pronouns": {"they/them"}, "identity": {"I build things."},
		"strengths": {"Drawing\n\n Building \n"}, "interests": {"Bridges"}, "learning": {""}})
	must(t, p, http.StatusOK, "About me is saved", "Robbie", "(they/them)", "I build things.", "<li>Drawing</li>", "<li>Building</li>", "<li>Bridges</li>")
	must(t, b.post("/me/edit", url.Values{"name": {" "}}), http.StatusUnprocessableEntity, "Enter the name you go by", `aria-invalid="true"`)
	must(t, b.post("/me/theme", url.Values{"theme": {"ocean"}}), http.StatusOK, "banner theme-ocean")
	must(t, b.post("/me/sections", url.Values{"title": {"My projects"}, "text": {"The bridge, the robot."}}), http.StatusOK,
		"Your section is added", "My projects", "The bridge, the robot.")
	p = b.postFile("/me/cover", nil, "cover", "me.png", "image/png", photo(t))
	must(t, p, http.StatusOK, "Your cover picture is saved", `class="cover" src="/files/cover/`+string(w.Home.Student.ID)+`"`)

	p = b.post("/goals/new", url.Values{"title": {"Build a bridge that holds 5 kg"}, "area": {"ACADEMIC"}, "visibility": {"FAMILY"}})
	must(t, p, http.StatusOK, "Your goal is saved", "School work", "Me, my school and my family", "0% done")
	goal := p.URL.Path
	must(t, b.post(goal+"/milestones", url.Values{"milestone": {"Sketch it"}, "due": {"2026-12-15"}}), http.StatusOK,
		"Sketch it", "by Tuesday, December 15, 2026")
	p = b.post(goal+"/milestones", url.Values{"milestone": {"Test it"}})
	must(t, p, http.StatusOK, "Test it", "0 of 2 steps done")
	done := regexp.MustCompile(`action="(` + regexp.QuoteMeta(goal) + `/milestones/[^"]+/done)"`).FindStringSubmatch(p.Body)
	if done == nil {
		t.Fatalf("no 'mark done' form:\n%s", p.Body)
	}
	must(t, b.post(done[1], nil), http.StatusOK, "50% done", "Done: Sketch it")
	must(t, b.get("/goals"), http.StatusOK, "Build a bridge that holds 5 kg", "50% done", "1 of 2 steps done")

	must(t, b.post("/reflections/new", url.Values{"body": {""}}), http.StatusUnprocessableEntity, "Write your reflection")
	p = b.post("/reflections/new", url.Values{"body": {"The first bridge bent in the middle."}, "goal": {strings.TrimPrefix(goal, "/goals/")}})
	must(t, p, http.StatusOK, "Your reflection is saved", "The first bridge bent in the middle.", "Goals: Build a bridge")

	// The school's transferable skills, to link evidence to.
	ctx := s.System()
	fw := s.DB.Client.Framework.Create().SetName("Vermont transferable skills").SetSchoolID(w.Home.School.ID).SaveX(ctx)
	skill := s.DB.Client.Skill.Create().SetFrameworkID(fw.ID).SetSchoolID(w.Home.School.ID).SetCode("TS-COMM").
		SetName("Clear and effective communication").SetKind("TRANSFERABLE").SaveX(ctx)
	must(t, b.get("/evidence/new"), http.StatusOK, `name="skill" value="`+string(skill.ID)+`"`, "Clear and effective communication",
		`name="goal" value="`+strings.TrimPrefix(goal, "/goals/")+`"`)

	data := photo(t)
	p = b.postFile("/evidence/new", url.Values{"title": {"Bridge test"}, "description": {"The bridge holding two bricks"},
		"date": {"2026-11-20"}, "goal": {strings.TrimPrefix(goal, "/goals/")}, "skill": {string(skill.ID)}, "visibility": {"FAMILY"}},
		"file", "IMG_0001.png", "image/png", data)
	must(t, p, http.StatusOK, "Your evidence is on your timeline", "Bridge test", "Friday, November 20, 2026", "Seen by: Me, my school and my family",
		"Skills: Clear and effective communication")
	m := evidenceImage.FindStringSubmatch(p.Body)
	if m == nil || m[2] != "The bridge holding two bricks" {
		t.Fatalf("the timeline shows no photo with its description: %v\n%s", m, p.Body)
	}
	file := b.get(m[1])
	if file.Status != http.StatusOK || file.Body != string(data) || file.Header.Get("Content-Type") != "image/png" {
		t.Errorf("the photo by the session cookie: %d %s, %d bytes", file.Status, file.Header.Get("Content-Type"), len(file.Body))
	}
	if !strings.Contains(p.Body, "Goals: Build a bridge") {
		t.Errorf("the evidence does not name its goal")
	}
	// A video plays inline, from the same file route.
	p = b.postFile("/evidence/new", url.Values{"title": {"Bridge film"}, "date": {"2026-11-21"}}, "file", "clip.mp4", "video/mp4", mp4Head)
	must(t, p, http.StatusOK, "Your evidence is on your timeline", `<video class="media" controls preload="metadata" src="/files/evidence/`)
}

// mp4Head is the start of an MP4 file: an ftyp box of brand isom.
var mp4Head = append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'}, make([]byte, 64)...)

// TestStudentUploadsOnPersistedQueries: in production with the app's
// allow-list, adding evidence (a multipart operation sent in process)
// and a cover picture are allowed.
func TestStudentUploadsOnPersistedQueries(t *testing.T) {
	t.Parallel()
	list, err := server.LoadPersistedQueries("gql/persisted.json")
	if err != nil {
		t.Fatal(err)
	}
	s, w := studentServer(t)
	dir := filepath.Join(t.TempDir(), "files")
	prod := apitest.NewServerOn(t, s.DB, apitest.Production(), func(c *server.Config) {
		c.PersistedQueries, c.StorageURL = list, storage.DirURL(dir)
	})
	b := newBrowser(t, prod)
	b.signIn(w.Home.StudentAccount.Email)
	p := b.postFile("/evidence/new", url.Values{"title": {"Bridge test"}, "date": {"2026-11-20"}}, "file", "a.png", "image/png", photo(t))
	must(t, p, http.StatusOK, "Your evidence is on your timeline", `<img class="media" src="/files/evidence/`)
	must(t, b.postFile("/me/cover", nil, "cover", "me.png", "image/png", photo(t)), http.StatusOK, "Your cover picture is saved")
}

// TestStudentEvidenceRefusedLeavesNothing: a file the API refuses (a
// picture sent as a video) comes back beside the file field, with what the
// student typed, and no evidence without its file is left on the timeline.
func TestStudentEvidenceRefusedLeavesNothing(t *testing.T) {
	t.Parallel()
	s, w := studentServer(t)
	b := newBrowser(t, s)
	b.signIn(w.Home.StudentAccount.Email)
	p := b.postFile("/evidence/new", url.Values{"title": {"My film"}, "date": {"2026-11-20"}}, "file", "film.mp4", "video/mp4", photo(t))
	must(t, p, http.StatusUnprocessableEntity, "Error:", `id="file-error"`, `value="My film"`)
	must(t, b.get("/timeline"), http.StatusOK, "Nothing here yet")
	p = b.postFile("/evidence/new", url.Values{"title": {""}, "date": {"2026-11-20"}}, "file", "a.png", "image/png", photo(t))
	must(t, p, http.StatusUnprocessableEntity, "Enter a title")
	// Over the server's upload limit, the app says so before the API is
	// asked.
	small, sw := studentServer(t, func(c *server.Config) { c.MaxUploadBytes = 4000 })
	b = newBrowser(t, small)
	b.signIn(sw.Home.StudentAccount.Email)
	big := append(photo(t), make([]byte, 8000)...)
	p = b.postFile("/evidence/new", url.Values{"title": {"Big"}, "date": {"2026-11-20"}}, "file", "big.png", "image/png", big)
	must(t, p, http.StatusUnprocessableEntity, "The file is too big")
	must(t, b.get("/timeline"), http.StatusOK, "Nothing here yet")
}

// TestStudentMessagesInEveryLanguage: the messages the student's pages
// name by kind (areas, statuses, who sees, themes) exist in each language.
func TestStudentMessagesInEveryLanguage(t *testing.T) {
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range []string{"ACADEMIC", "CAREER", "PERSONAL", "CIVIC", "WELLNESS", "SCHOOL"} {
		ids = append(ids, "StudentArea_"+v)
	}
	for _, v := range []string{"DRAFT", "ACTIVE", "ACHIEVED", "REVISED", "SET_ASIDE"} {
		ids = append(ids, "StudentGoalStatus_"+v)
	}
	for _, v := range []string{"PRIVATE", "SCHOOL", "FAMILY", "PARTNERS"} {
		ids = append(ids, "StudentVisibility_"+v)
	}
	for _, v := range []string{"default", "ocean", "forest", "sunset", "night", "paper"} {
		ids = append(ids, "StudentTheme_"+v)
	}
	for _, id := range web.StudentNotices() {
		ids = append(ids, id)
	}
	for _, lang := range locale.Languages {
		for _, id := range ids {
			if !cat.For(lang).Has(id) {
				t.Errorf("%s: no message %s", lang, id)
			}
		}
	}
}

// TestStudentTimelinePages: the timeline shows 20 items, newest first,
// and links to the older ones.
func TestStudentTimelinePages(t *testing.T) {
	t.Parallel()
	s, w := studentServer(t)
	api := s.As(t, w.Home.StudentAccount)
	for i := range 21 {
		s.Clock.Advance(time.Minute)
		api.MustDo(t, `mutation($in: CreateReflectionInput!) { createReflection(input: $in) { reflection { id } } }`,
			map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "body": fmt.Sprintf("Reflection number %d.", i+1)}}, nil)
	}
	b := newBrowser(t, s)
	b.signIn(w.Home.StudentAccount.Email)
	p := b.get("/timeline")
	must(t, p, http.StatusOK, "Reflection number 21.", "Reflection number 2.", "Show older items")
	if strings.Contains(p.Body, "Reflection number 1.") {
		t.Fatalf("the first page holds the oldest item too")
	}
	older := regexp.MustCompile(`href="(/timeline\?after=[^"]+)"`).FindStringSubmatch(p.Body)
	if older == nil {
		t.Fatal("no link to older items")
	}
	p = b.get(html.UnescapeString(older[1]))
	must(t, p, http.StatusOK, "Reflection number 1.")
	if strings.Contains(p.Body, "Reflection number 2.") || strings.Contains(p.Body, "Show older items") {
		t.Errorf("the second page repeats items or offers more")
	}
}
