package browsertest_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plp/internal/devtools/browsertest"
)

const goodPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Book a conference</title></head>
<body><main><h1>Book a conference</h1>
<p id="who">%s</p>
<p id="script">no script ran</p>
<form method="post" action="/book">
<label for="name">Your name</label> <input id="name" name="name">
<button id="go" type="submit">Book</button>
</form>
<script src="/script.js"></script>
</main></body></html>`

const badPage = `<!doctype html>
<html><head><title>Bad</title></head>
<body><img src="/x.png"><input name="unlabelled">
<div style="width: 600px">too wide for a phone</div></body></html>`

// server is a real HTTP server on loopback with one page that passes every
// bar and one that breaks several.
func server(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		who := "nobody"
		if c, err := r.Cookie("who"); err == nil {
			who, _ = url.QueryUnescape(c.Value)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, goodPage, html.EscapeString(who+" / "+r.Header.Get("Accept-Language")))
	})
	mux.HandleFunc("GET /script.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.getElementById("script").textContent = "script ran";`)
	})
	mux.HandleFunc("POST /book", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: url.QueryEscape(r.FormValue("name")), Path: "/"})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, badPage)
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestAuditFindsWhatAReviewerWould(t *testing.T) {
	srv := server(t)
	tab := browsertest.Start(t).Tab(t)

	tab.Go(srv.URL + "/bad")
	var ids []string
	for _, v := range tab.Audit() {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe found %v on the bad page, want %s among them", ids, want)
		}
	}
	if extra := tab.Overflow(360); extra < 200 {
		t.Errorf("a 600 px block at 360 px overflows by %d px, want about 240", extra)
	}

	tab.Go(srv.URL + "/")
	if vs := tab.Audit(); len(vs) != 0 {
		t.Errorf("the good page has violations: %v", vs)
	}
	if extra := tab.Overflow(360); extra != 0 {
		t.Errorf("the good page overflows by %d px at 360 px", extra)
	}
}

func TestCheckWritesScreenshots(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(browsertest.ScreenshotEnv, dir)
	srv := server(t)
	tab := browsertest.Start(t).Tab(t)
	tab.Go(srv.URL + "/")
	tab.Check("booking page")
	for _, w := range browsertest.Widths {
		path := filepath.Join(dir, fmt.Sprintf("booking_page-%dpx.png", w))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("screenshot at %d px: %v", w, err)
		}
		if !strings.HasPrefix(string(b), "\x89PNG") {
			t.Errorf("%s is not a PNG", path)
		}
	}
}

func TestTabsArePeopleWithTheirOwnCookies(t *testing.T) {
	srv := server(t)
	b := browsertest.Start(t)
	ana, ben := b.Tab(t), b.Tab(t)

	ana.Go(srv.URL + "/")
	ana.Fill("#name", "Ana")
	if status := ana.Submit("#go"); status != http.StatusOK {
		t.Fatalf("after booking the page answered %d", status)
	}
	if got := ana.Text("#who"); !strings.HasPrefix(got, "Ana") {
		t.Errorf("Ana's page says %q after she booked", got)
	}
	ben.Go(srv.URL + "/")
	if got := ben.Text("#who"); !strings.HasPrefix(got, "nobody") {
		t.Errorf("Ben's page says %q: he sees Ana's cookie", got)
	}
	if got := ben.Text("#script"); got != "script ran" {
		t.Errorf("with scripts on, the page's script left %q", got)
	}
}

func TestNoScriptAndLanguage(t *testing.T) {
	srv := server(t)
	tab := browsertest.Start(t).Tab(t, browsertest.NoScript(), browsertest.Language("es-MX,es;q=0.9"))

	tab.Go(srv.URL + "/")
	if got := tab.Text("#script"); got != "no script ran" {
		t.Errorf("with scripts off, the page's script ran: %q", got)
	}
	if got := tab.Text("#who"); !strings.Contains(got, "es-MX") {
		t.Errorf("the page was asked for in %q, want es-MX", got)
	}
	tab.Fill("#name", "Lucía")
	tab.Submit("#go")
	if got := tab.Text("#who"); !strings.HasPrefix(got, "Lucía") {
		t.Errorf("a form without scripts did not submit: %q", got)
	}
	if vs := tab.Audit(); len(vs) != 0 {
		t.Errorf("axe with scripts off: %v", vs)
	}
}
