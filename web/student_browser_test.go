package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plp/internal/devtools/apitest"
	"plp/internal/devtools/browsertest"
)

// signInStudent signs in on the sign-in form and lands on the student's
// own page, whose heading is their name.
func signInStudent(t *testing.T, tab *browsertest.Tab, base, email string) {
	t.Helper()
	tab.Go(base + "/sign-in")
	tab.Fill("#email", email)
	tab.Fill("#password", apitest.Password)
	if status := tab.Submit(`form[action="/sign-in"] button[type=submit]`); status != 200 {
		t.Fatalf("sign in answered %d", status)
	}
	if got := tab.Text("h1"); got != "Robin" {
		t.Fatalf("after signing in, the page is %q at %s", got, tab.URL())
	}
}

// photoFile writes a small PNG for a file input.
func photoFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bridge.png")
	if err := os.WriteFile(path, photo(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// setText sets a text area the way typing would (browsertest's Fill
// cannot type into an empty one).
func setText(tab *browsertest.Tab, css, text string) {
	tab.Eval(`document.querySelector(`+jsQuote(css)+`).value = `+jsQuote(text)+`; true`, nil)
}

func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// addPhoto adds the photo as evidence through the form's file input and
// returns the notice the timeline shows.
func addPhoto(t *testing.T, tab *browsertest.Tab, base, title, description string) string {
	t.Helper()
	tab.Go(base + "/evidence/new")
	tab.Upload("#file", photoFile(t))
	tab.Fill("#title", title)
	setText(tab, "#description", description)
	tab.Eval(`document.querySelector("#date").value = "2026-11-20"; true`, nil)
	// Note whether the page's script sent the form, and how far its
	// progress went, where the next page can read it.
	tab.Eval(`sessionStorage.clear(); const send = XMLHttpRequest.prototype.send;
		XMLHttpRequest.prototype.send = function (body) {
			sessionStorage.setItem("sent", "xhr");
			this.upload.addEventListener("progress", e => sessionStorage.setItem("progress", String(document.querySelector("#upload-progress").value)));
			return send.call(this, body);
		}; true`, nil)
	if status := tab.Submit(`form[action="/evidence/new"] button[type=submit]`); status != 200 {
		t.Fatalf("adding evidence answered %d", status)
	}
	if !strings.HasSuffix(tab.URL(), "/timeline?done=evidence") {
		t.Fatalf("after adding evidence the page is %s: %s", tab.URL(), tab.Text("main"))
	}
	var sent struct {
		How      string `json:"how"`
		Progress string `json:"progress"`
	}
	tab.Eval(`({how: sessionStorage.getItem("sent") || "", progress: sessionStorage.getItem("progress") || ""})`, &sent)
	if sent.How != "xhr" || sent.Progress == "" {
		t.Errorf("the upload did not go through the progress script: %+v", sent)
	}
	return tab.Text(".notice")
}

// TestBrowserStudentAddsPhoto: a student adds a photo through the file
// input (the page's script sends it with a progress bar) and sees it on
// their timeline, loaded by the browser with their session cookie. Every
// page of theirs passes the accessibility and phone-width checks.
func TestBrowserStudentAddsPhoto(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s, w := studentServer(t)
	tab := br.Tab(t)
	signInStudent(t, tab, s.URL, w.Home.StudentAccount.Email)
	tab.Check("student-home-empty")

	tab.Go(s.URL + "/goals/new")
	tab.Check("student-goal-new")
	tab.Fill("#title", "Build a bridge that holds 5 kg")
	tab.Submit(`form[action="/goals/new"] button[type=submit]`)
	tab.Fill("#milestone", "Sketch it")
	tab.Submit(`form[action$="/milestones"] button[type=submit]`)
	tab.Fill("#milestone", "Test it")
	tab.Submit(`form[action$="/milestones"] button[type=submit]`)
	tab.Submit(`form[action$="/done"] button[type=submit]`)
	if got := tab.Text(".progress-line"); !strings.Contains(got, "50% done") {
		t.Errorf("after one of two steps: %q", got)
	}
	tab.Check("student-goal")
	tab.Go(s.URL + "/goals")
	tab.Check("student-goals")

	tab.Go(s.URL + "/evidence/new")
	tab.Check("student-evidence")
	var capture struct {
		Accept  string `json:"accept"`
		Capture bool   `json:"capture"`
	}
	tab.Eval(`({accept: document.querySelector("#file").accept, capture: document.querySelector("#file").hasAttribute("capture")})`, &capture)
	if capture.Accept != "image/*,video/*,audio/*" || !capture.Capture {
		t.Errorf("the camera input: %+v", capture)
	}
	if got := addPhoto(t, tab, s.URL, "Bridge test", "The bridge holding two bricks"); !strings.Contains(got, "on your timeline") {
		t.Errorf("notice %q", got)
	}
	var shown struct {
		Width int    `json:"width"`
		Alt   string `json:"alt"`
	}
	tab.Eval(`new Promise(done => { const img = document.querySelector("img.media");
		const answer = () => done({width: img.naturalWidth, alt: img.alt});
		img.complete ? answer() : (img.onload = answer, img.onerror = answer); })`, &shown)
	if shown.Width != 40 || shown.Alt != "The bridge holding two bricks" {
		t.Errorf("the photo on the timeline: %+v", shown)
	}
	tab.Check("student-timeline")

	tab.Go(s.URL + "/me/edit")
	tab.Check("student-about")
	setText(tab, "#identity", "I build things.")
	setText(tab, "#strengths", "Drawing\nBuilding")
	tab.Submit(`form[action="/me/edit"] button[type=submit]`)
	tab.Choose("#theme", "forest")
	tab.Submit(`form[action="/me/theme"] button[type=submit]`)
	tab.Upload("#cover", photoFile(t))
	tab.Submit(`form[action="/me/cover"] button[type=submit]`)
	tab.Fill("#section-title", "My projects")
	tab.Submit(`form[action="/me/sections"] button[type=submit]`)
	if got := tab.Text("main"); !strings.Contains(got, "I build things.") || !strings.Contains(got, "My projects") {
		t.Errorf("home after editing: %q", got)
	}
	if n := tab.Count(".banner.theme-forest img.cover"); n != 1 {
		t.Errorf("%d cover images in a forest banner", n)
	}
	tab.Check("student-home")
}

// TestBrowserStudentReflectsWithoutJavaScript: with JavaScript off, a
// student writes a reflection on a goal and finds it on their timeline.
func TestBrowserStudentReflectsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s, w := studentServer(t)
	tab := br.Tab(t, browsertest.NoScript())
	signInStudent(t, tab, s.URL, w.Home.StudentAccount.Email)
	tab.Go(s.URL + "/goals/new")
	tab.Fill("#title", "Read ten books")
	tab.Submit(`form[action="/goals/new"] button[type=submit]`)
	tab.Submit(`a[href^="/reflections/new?goal="]`)
	tab.Check("student-reflection")
	var chosen string
	tab.Eval(`document.querySelector("#goal").selectedOptions[0].text`, &chosen)
	if got := chosen; got != "Read ten books" {
		t.Errorf("the goal chosen is %q", got)
	}
	// An empty reflection is refused beside its field.
	tab.Submit(`form[action="/reflections/new"] button[type=submit]`)
	if got := tab.Text("#body-error"); got != "Write your reflection" {
		t.Errorf("error %q", got)
	}
	tab.Check("student-reflection-error")
	setText(tab, "#body", "I finished two books this month.")
	if status := tab.Submit(`form[action="/reflections/new"] button[type=submit]`); status != 200 {
		t.Fatalf("saving answered %d", status)
	}
	if got := tab.Text(".notice"); got != "Your reflection is saved." {
		t.Errorf("notice %q", got)
	}
	if got := tab.Text("article.item"); !strings.Contains(got, "I finished two books this month.") || !strings.Contains(got, "Read ten books") {
		t.Errorf("the timeline shows %q", got)
	}
}

// TestBrowserStudentSpanish: a Spanish-speaking student's pages are in
// Spanish, with Spanish dates.
func TestBrowserStudentSpanish(t *testing.T) {
	t.Parallel()
	br := browsertest.Start(t)
	s, w := studentServer(t)
	s.DB.Client.Account.UpdateOneID(w.Home.StudentAccount.ID).SetPreferredLanguage("es").ExecX(s.System())
	tab := br.Tab(t, browsertest.Language("es-MX,es;q=0.9"))
	signInStudent(t, tab, s.URL, w.Home.StudentAccount.Email)
	tab.Check("student-home-es")
	if got := addPhoto(t, tab, s.URL, "Prueba del puente", "El puente con dos ladrillos"); got != "Tu evidencia está en tu línea de tiempo." {
		t.Errorf("notice %q", got)
	}
	if got := tab.Text("article.item time"); got != "viernes, 20 de noviembre de 2026" {
		t.Errorf("date %q", got)
	}
	tab.Check("student-timeline-es")
	tab.Go(s.URL + "/evidence/new")
	tab.Check("student-evidence-es")
}
