// Package web is the app families (and, later, students) use, served by
// `plp serve` at /. Pages are rendered on the server (html/template, under
// page/) and work without JavaScript; htmx only improves them (the booking
// page drops slots others take while it is open).
//
// Every read and write goes through PLP's GraphQL API, in process, as the
// signed-in person (package gql): the app decides nothing about access, and
// the API's privacy rules, limits and audit trail apply as to any client.
// The session is the API's own bearer token, kept in the plp_session
// cookie; /query never reads that cookie (it stays bearer-only, so it needs
// no CSRF defence), the app's pages and the file routes do.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/internal/platform/clock"
	"plp/web/gql"
	"plp/web/locale"
	"plp/web/static"
)

// SessionCookie holds the signed-in person's session token.
const SessionCookie = "plp_session"

// ContentSecurityPolicy is sent with every page: no inline scripts, styles
// or handlers, no framing, forms post only here.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"

// Config is what the app needs from the server.
type Config struct {
	// GraphQL serves /query: the server's handler, guards included.
	GraphQL http.Handler
	// PublicURL is where people reach PLP; cookies are Secure unless it
	// is plain http (development).
	PublicURL string
	// Messages are a school's own catalogue files (web.<lang>.yaml), which
	// add to or override the built-in messages.
	Messages []string
	// MaxUploadBytes is the largest form with a file the app takes (the
	// API's upload limit; 32 MiB when zero).
	MaxUploadBytes int64
	Log            *slog.Logger
}

// App is the web app: an http.Handler for everything under /.
type App struct {
	api       graphql.Client
	cat       *locale.Catalog
	pages     map[string]*template.Template
	secure    bool
	base      string
	maxUpload int64
	log       *slog.Logger
	handler   http.Handler
}

//go:embed page/*.html
var pageFiles embed.FS

// New builds the app.
func New(cfg Config) (*App, error) {
	cat, err := locale.Load(cfg.Messages...)
	if err != nil {
		return nil, err
	}
	a := &App{
		api:       gql.Client(cfg.GraphQL),
		cat:       cat,
		secure:    !strings.HasPrefix(cfg.PublicURL, "http://"),
		base:      cfg.PublicURL,
		maxUpload: cfg.MaxUploadBytes,
		log:       cfg.Log,
	}
	if a.maxUpload <= 0 {
		a.maxUpload = 32 << 20
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.pages, err = parsePages(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+static.Prefix, static.Handler())
	a.routes(mux)
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, http.StatusForbidden, "ErrorCrossOrigin")
	}))
	a.handler = securityHeaders(a.switchLanguage(csrf.Handler(mux)))
	return a, nil
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }

func (a *App) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /sign-in", a.signInPage)
	mux.HandleFunc("POST /sign-in", a.signIn)
	mux.HandleFunc("POST /sign-in/link", a.signInWithLink)
	mux.HandleFunc("POST /sign-in/mail", a.mailLink)
	mux.HandleFunc("POST /sign-out", a.signOut)
	mux.HandleFunc("GET /invitation", acceptInvitation.page(a))
	mux.HandleFunc("POST /invitation", acceptInvitation.submit(a))
	mux.HandleFunc("GET /reset-password", resetPassword.page(a))
	mux.HandleFunc("POST /reset-password", resetPassword.submit(a))
	mux.HandleFunc("GET /forgot-password", a.forgotPage)
	mux.HandleFunc("POST /forgot-password", a.forgot)
	mux.HandleFunc("GET /book/{student}/{window}", a.bookPage)
	mux.HandleFunc("GET /book/{student}/{window}/slots", a.slotList)
	mux.HandleFunc("POST /book/{student}/{window}", a.book)
	mux.HandleFunc("POST /waitlist", a.joinWaitlist())
	mux.HandleFunc("POST /waitlist/{id}/leave", a.leaveWaitlist())
	mux.HandleFunc("GET /conferences", a.conferences)
	mux.HandleFunc("GET /conferences/{id}", a.conference)
	mux.HandleFunc("GET /conferences/{id}/invite.ics", a.invite)
	mux.HandleFunc("GET /conferences/{id}/move", a.movePage)
	mux.HandleFunc("POST /conferences/{id}/move", a.move)
	mux.HandleFunc("GET /conferences/{id}/cancel", a.cancelPage)
	mux.HandleFunc("POST /conferences/{id}/cancel", a.cancel())
	mux.HandleFunc("POST /calendar-feed", a.calendarFeed)
	a.studentPlanRoutes(mux)
	a.studentRoutes(mux)
	a.familyRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, http.StatusNotFound, "ErrorNotFound")
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// switchLanguage answers ?lang=xx on a GET: it keeps the choice in the
// plp_lang cookie and sends the reader back to the page without it.
func (a *App) switchLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		lang, ok := locale.Supported(q.Get("lang"))
		if r.Method != http.MethodGet || !q.Has("lang") {
			next.ServeHTTP(w, r)
			return
		}
		if ok {
			http.SetCookie(w, &http.Cookie{Name: locale.CookieName, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
		}
		q.Del("lang")
		u := *r.URL
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
	})
}

// session is one page request: who asks, in which language.
type session struct {
	token string
	ctx   context.Context
	me    *gql.MeResponse
	p     *locale.Printer
}

// anonymous is a session for the sign-in pages.
func (a *App) anonymous(r *http.Request) *session {
	return &session{ctx: gql.As(r.Context(), "", r), p: a.cat.For(locale.Choose(r, ""))}
}

// signedIn returns the session of a signed-in person, or sends them to sign
// in (and back here after) and returns nil.
func (a *App) signedIn(w http.ResponseWriter, r *http.Request) *session {
	c, err := r.Cookie(SessionCookie)
	if err == nil && c.Value != "" {
		ctx := gql.As(r.Context(), c.Value, r)
		me, err := gql.Me(ctx, a.api)
		if err == nil {
			s := &session{token: c.Value, ctx: ctx, me: me, p: a.cat.For(locale.Choose(r, me.Viewer.Account.PreferredLanguage))}
			for _, m := range me.Viewer.Memberships {
				s.p = s.p.In(m.School.Timezone)
				break
			}
			return s
		}
		if code, _ := apiError(err); code != "UNAUTHENTICATED" {
			a.apiFailure(w, r, a.anonymous(r), err)
			return nil
		}
		a.clearSession(w)
	}
	next := r.URL.RequestURI()
	target := "/sign-in"
	if next != "/" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// setSession keeps the token as long as it works: Max-Age counts from the
// request's clock, so the cookie and the session end together.
func (a *App) setSession(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	maxAge := int(expires.Sub(clock.Now(r.Context())).Seconds())
	if maxAge <= 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
}

func (a *App) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
}

// FieldError is a problem with what was sent, shown in the error summary
// and beside its field.
type FieldError struct {
	Field, Message string
}

// View is what every page template reads.
type View struct {
	T           *locale.Printer
	Title       string
	Name        string
	SignedIn    bool
	Student     bool // the layout shows the student's menu
	SwitchURL   string
	SwitchLabel string
	CSS, JS     string
	Script      string // a page's own script (static.URL), if any
	Notice      string
	Errors      []FieldError
	Data        any
}

// ErrorFor is the message of the error about field, if any.
func (v *View) ErrorFor(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

func (a *App) view(r *http.Request, s *session, titleID string, data any) *View {
	v := &View{T: s.p, Title: s.p.T(titleID), Data: data, CSS: static.URL("app.css"), JS: static.URL("htmx.min.js")}
	if s.me != nil {
		v.SignedIn, v.Name, v.Student = true, s.me.Viewer.Account.Name, isStudent(s.me)
	}
	other := "es"
	if s.p.Lang == "es" {
		other = "en"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	v.SwitchURL = r.URL.Path + "?" + q.Encode()
	v.SwitchLabel = s.p.T("LanguageSwitch")
	return v
}

func (a *App) render(w http.ResponseWriter, status int, name string, v *View) {
	t, ok := a.pages[name]
	if !ok {
		panic("web: no page " + name)
	}
	if len(v.Errors) > 0 {
		v.Title = v.T.T("ErrorPrefix") + " " + v.Title
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := t.ExecuteTemplate(w, "page", v); err != nil {
		a.log.Error("render page", "page", name, "err", err)
	}
}

// fail shows an error page with one message.
func (a *App) fail(w http.ResponseWriter, r *http.Request, status int, messageID string) {
	s := a.anonymous(r)
	v := a.view(r, s, "ErrorTitle", nil)
	v.Notice = s.p.T(messageID)
	a.render(w, status, "error", v)
}

// apiError reads the code and the first error of a failed operation.
func apiError(err error) (string, FieldError) {
	var list gqlerror.List
	var httpErr *graphql.HTTPError
	switch {
	case errors.As(err, &httpErr):
		list = httpErr.Response.Errors
	case errors.As(err, &list):
	}
	if len(list) == 0 {
		return "INTERNAL", FieldError{}
	}
	e := list[0]
	code, _ := e.Extensions["code"].(string)
	field, _ := e.Extensions["field"].(string)
	return code, FieldError{Field: field, Message: e.Message}
}

// apiFailure answers an operation that failed in a way the page cannot
// show beside a field.
func (a *App) apiFailure(w http.ResponseWriter, r *http.Request, s *session, err error) {
	code, fe := apiError(err)
	status, msg := http.StatusInternalServerError, s.p.T("ErrorInternal")
	switch code {
	case "NOT_FOUND":
		status, msg = http.StatusNotFound, s.p.T("ErrorNotFound")
	case "FORBIDDEN":
		status, msg = http.StatusForbidden, fe.Message
	case "RATE_LIMITED":
		status, msg = http.StatusTooManyRequests, fe.Message
	case "BAD_USER_INPUT", "CONFLICT":
		status, msg = http.StatusBadRequest, fe.Message
	case "UNAUTHENTICATED":
		a.clearSession(w)
		http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
		return
	default:
		a.log.ErrorContext(r.Context(), "web: operation failed", "path", r.URL.Path, "err", err)
	}
	v := a.view(r, s, "ErrorTitle", nil)
	v.Notice = msg
	a.render(w, status, "error", v)
}

// localPath keeps a redirect target on this site.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(template.FuncMap{
		"args": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"deref": func(s *string) string {
			if s == nil {
				return ""
			}
			return *s
		},
	}).ParseFS(pageFiles, "page/layout.html", "page/_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(pageFiles, "page/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		if name == "page/layout.html" || strings.HasPrefix(name, "page/_") {
			continue // the layout, and partials every page may use
		}
		t, err := template.Must(layout.Clone()).ParseFS(pageFiles, name)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(strings.TrimPrefix(name, "page/"), ".html")] = t
	}
	return pages, nil
}
