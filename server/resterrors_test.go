package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/privacy"
	"plp/internal/devtools/apitest"
	"plp/internal/plan/sharing"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
	"plp/server"
)

// restFixture is a server with what the REST routes need to be asked about.
type restFixture struct {
	s *apitest.Server
	w *apitest.World
	// tokens of Home's people, by role.
	admin, advisor, student, family string
	// evidence of Home's student with no file.
	bare string
}

func newRESTFixture(t *testing.T) *restFixture {
	t.Helper()
	s, _ := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	ev, err := s.DB.Client.Evidence.Create().SetStudentID(w.Home.Student.ID).SetTitle("Notes on paper").
		SetKind("IMAGE").SetOccurredOn(s.Clock.Now()).SetVisibility("SCHOOL").
		Save(s.System())
	if err != nil {
		t.Fatalf("create evidence: %v", err)
	}
	return &restFixture{s: s, w: w,
		admin: s.As(t, w.Home.Admin).Token, advisor: s.As(t, w.Home.Advisor).Token,
		student: s.As(t, w.Home.StudentAccount).Token, family: s.As(t, w.Home.Family).Token,
		bare: string(ev.ID)}
}

func (f *restFixture) request(method, path, token, body string) *http.Request {
	req, _ := http.NewRequest(method, f.s.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func (f *restFixture) get(path, token string) *http.Request {
	return f.request(http.MethodGet, path, token, "")
}

// restRefusal is one refusal of a REST route: a request, and the code (and
// so the status, one table) writeError answers it with.
type restRefusal struct {
	route string // the pattern server.go registers
	code  string
	why   string
	req   func(f *restFixture) *http.Request
}

// unsigned is a JWT whose header names a signing key: verifying it reads
// the keys.
var unsigned = func() string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"EdDSA","kid":"k1","typ":"JWT"}`)) + "." + enc([]byte(`{"jti":"x"}`)) + "." + enc([]byte("signature"))
}()

// restRefusals lists, for every REST route, each code it can answer. The
// INTERNAL rows run on a server whose tables the routes read are gone.
var restRefusals = []restRefusal{
	{"GET /export/students/{id}", "UNAUTHENTICATED", "no token", func(f *restFixture) *http.Request {
		return f.get("/export/students/"+string(f.w.Home.Student.ID), "")
	}},
	{"GET /export/students/{id}", "UNAUTHENTICATED", "an unknown token", func(f *restFixture) *http.Request {
		return f.get("/export/students/"+string(f.w.Home.Student.ID), "plp_unknown")
	}},
	{"GET /export/students/{id}", "NOT_FOUND", "an unknown student", func(f *restFixture) *http.Request {
		return f.get("/export/students/stu_01JD5V0000000000000000000", f.admin)
	}},
	{"GET /export/students/{id}", "FORBIDDEN", "an advisor", func(f *restFixture) *http.Request {
		return f.get("/export/students/"+string(f.w.Home.Student.ID), f.advisor)
	}},
	{"GET /export/students/{id}", "INTERNAL", "students unreadable", func(f *restFixture) *http.Request {
		return f.get("/export/students/"+string(f.w.Home.Student.ID), f.admin)
	}},

	{"GET /export/caseload.csv", "UNAUTHENTICATED", "no token", func(f *restFixture) *http.Request {
		return f.get("/export/caseload.csv", "")
	}},
	{"GET /export/caseload.csv", "BAD_USER_INPUT", "an unknown parameter", func(f *restFixture) *http.Request {
		return f.get("/export/caseload.csv?colour=red", f.admin)
	}},
	{"GET /export/caseload.csv", "FORBIDDEN", "another school's schoolID", func(f *restFixture) *http.Request {
		return f.get("/export/caseload.csv?schoolID="+string(f.w.Other.School.ID), f.admin)
	}},
	{"GET /export/caseload.csv", "INTERNAL", "students unreadable", func(f *restFixture) *http.Request {
		return f.get("/export/caseload.csv", f.admin)
	}},

	{"GET /files/evidence/{id}", "UNAUTHENTICATED", "no token", func(f *restFixture) *http.Request {
		return f.get("/files/evidence/"+f.bare, "")
	}},
	{"GET /files/evidence/{id}", "NOT_FOUND", "unknown evidence", func(f *restFixture) *http.Request {
		return f.get("/files/evidence/evd_01JD5V0000000000000000000", f.student)
	}},
	{"GET /files/evidence/{id}", "NOT_FOUND", "evidence with no file", func(f *restFixture) *http.Request {
		return f.get("/files/evidence/"+f.bare, f.student)
	}},
	{"GET /files/evidence/{id}", "INTERNAL", "evidence unreadable", func(f *restFixture) *http.Request {
		return f.get("/files/evidence/"+f.bare, f.student)
	}},

	{"GET /files/cover/{studentID}", "UNAUTHENTICATED", "no token", func(f *restFixture) *http.Request {
		return f.get("/files/cover/"+string(f.w.Home.Student.ID), "")
	}},
	{"GET /files/cover/{studentID}", "NOT_FOUND", "a student with no cover", func(f *restFixture) *http.Request {
		return f.get("/files/cover/"+string(f.w.Home.Student.ID), f.family)
	}},
	{"GET /files/cover/{studentID}", "NOT_FOUND", "another school's student", func(f *restFixture) *http.Request {
		return f.get("/files/cover/"+string(f.w.Other.Student.ID), f.family)
	}},
	{"GET /files/cover/{studentID}", "INTERNAL", "students unreadable", func(f *restFixture) *http.Request {
		return f.get("/files/cover/"+string(f.w.Home.Student.ID), f.family)
	}},

	{"GET /files/resources/{resourceID}", "UNAUTHENTICATED", "no token", func(f *restFixture) *http.Request {
		return f.get("/files/resources/res_01JD5V0000000000000000000", "")
	}},
	{"GET /files/resources/{resourceID}", "NOT_FOUND", "an unknown resource", func(f *restFixture) *http.Request {
		return f.get("/files/resources/res_01JD5V0000000000000000000", f.admin)
	}},
	{"GET /files/resources/{resourceID}", "INTERNAL", "resources unreadable", func(f *restFixture) *http.Request {
		return f.get("/files/resources/res_01JD5V0000000000000000000", f.admin)
	}},

	{"GET /shared/{token}", "NOT_FOUND", "a link nobody made", func(f *restFixture) *http.Request {
		return f.get("/shared/"+sharing.TokenPrefix+strings.Repeat("A", 43), "")
	}},
	{"GET /shared/{token}", "INTERNAL", "share links unreadable", func(f *restFixture) *http.Request {
		return f.get("/shared/"+sharing.TokenPrefix+strings.Repeat("A", 43), "")
	}},

	{"GET /shared/{token}/files/{n}", "NOT_FOUND", "a link nobody made", func(f *restFixture) *http.Request {
		return f.get("/shared/"+sharing.TokenPrefix+strings.Repeat("A", 43)+"/files/1", "")
	}},
	{"GET /shared/{token}/files/{n}", "INTERNAL", "share links unreadable", func(f *restFixture) *http.Request {
		return f.get("/shared/"+sharing.TokenPrefix+strings.Repeat("A", 43)+"/files/1", "")
	}},

	{"GET /calendar/{token}", "NOT_FOUND", "an unknown feed", func(f *restFixture) *http.Request {
		return f.get("/calendar/plpcal_unknown.ics", "")
	}},
	{"GET /calendar/{token}", "INTERNAL", "feeds unreadable", func(f *restFixture) *http.Request {
		return f.get("/calendar/plpcal_unknown.ics", "")
	}},

	{"GET /.well-known/jwks.json", "INTERNAL", "keys unreadable", func(f *restFixture) *http.Request {
		return f.get("/.well-known/jwks.json", "")
	}},

	{"POST /credentials/verify", "BAD_USER_INPUT", "an empty body", func(f *restFixture) *http.Request {
		return f.request(http.MethodPost, "/credentials/verify", "", "")
	}},
	{"POST /credentials/verify", "BAD_USER_INPUT", "JSON that does not parse", func(f *restFixture) *http.Request {
		return f.request(http.MethodPost, "/credentials/verify", "", `{"credential": `)
	}},
	{"POST /credentials/verify", "LIMIT_EXCEEDED", "a body over 64 KiB", func(f *restFixture) *http.Request {
		return f.request(http.MethodPost, "/credentials/verify", "", strings.Repeat("x", 65<<10))
	}},
	{"POST /credentials/verify", "INTERNAL", "keys unreadable", func(f *restFixture) *http.Request {
		return f.request(http.MethodPost, "/credentials/verify", "", unsigned)
	}},

	{"POST /unsubscribe/{token}", "INTERNAL", "notifications unreadable", func(f *restFixture) *http.Request {
		return f.request(http.MethodPost, "/unsubscribe/not-a-token", "", "")
	}},

	{"GET /sso/{provider}/start", "NOT_FOUND", "an unknown provider", func(f *restFixture) *http.Request {
		return f.get("/sso/sso_01JD5V0000000000000000000/start", "")
	}},
	{"GET /sso/{provider}/start", "INTERNAL", "providers unreadable", func(f *restFixture) *http.Request {
		return f.get("/sso/sso_01JD5V0000000000000000000/start", "")
	}},
	{"GET /sso/callback", "UNAUTHENTICATED", "a state never issued", func(f *restFixture) *http.Request {
		return f.get("/sso/callback?state=forged&code=x", "")
	}},
	{"GET /sso/callback", "UNAUTHENTICATED", "the provider's error", func(f *restFixture) *http.Request {
		return f.get("/sso/callback?error=access_denied", "")
	}},
	{"GET /sso/callback", "INTERNAL", "sign-ins unreadable", func(f *restFixture) *http.Request {
		return f.get("/sso/callback?state=forged&code=x", "")
	}},
}

// noRefusals are the routes with no row above, and why.
var noRefusals = map[string]string{
	"/query":                   "GraphQL: its errors follow the GraphQL-over-HTTP spec (guard.go, the error presenter)",
	"GET /healthz":             "answers 200 while the process runs",
	"GET /readyz":              "a 503 is a health report for load balancers, not a refusal",
	"GET /metrics":             "Prometheus scrapers: promhttp answers, and the token check, in plain text",
	"GET /graphiql":            "GraphiQL's page, static",
	"/":                        "the web app: its refusals are pages for people (web/app_test.go)",
	"GET /unsubscribe/{token}": "only asks: reads nothing, refuses nothing (POST unsubscribes)",
}

// TestRESTRefusals: every refusal of every REST route comes from
// writeError: the status of its code from one table, the body in the shape
// of a GraphQL error response (or a page, for the unsubscribe page), 401
// with WWW-Authenticate, INTERNAL with a generic message naming the request
// id and nothing of the cause.
func TestRESTRefusals(t *testing.T) {
	t.Parallel()
	ok, broken := newRESTFixture(t), newRESTFixture(t)
	// The tables the routes read go away under the broken server, as when
	// the database fails mid-flight: each route hits a database error.
	broken.s.FlushAudit(t)
	for _, table := range []string{"students", "evidences", "resources", "share_links", "calendar_feeds", "signing_keys", "notifications", "sso_providers", "sso_logins"} {
		if _, err := broken.s.DB.SQL.ExecContext(context.Background(), fmt.Sprintf("ALTER TABLE %s RENAME TO gone_%s", table, table)); err != nil {
			t.Fatalf("rename %s: %v", table, err)
		}
	}
	for _, c := range restRefusals {
		t.Run(c.route+" "+c.code+" "+c.why, func(t *testing.T) {
			f := ok
			if c.code == "INTERNAL" {
				f = broken
			}
			resp, err := f.s.HTTP.Do(c.req(f))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if want := statusOf(c.code); resp.StatusCode != want {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, want, body)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if c.code == "UNAUTHENTICATED" && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			message := ""
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				if !strings.HasPrefix(c.route, "POST /unsubscribe/") {
					t.Errorf("an HTML refusal from a route that is not a page: %s", body)
				}
				message = string(body)
			} else {
				e := decodeRefusal(t, resp, body)
				if e.Code() != c.code {
					t.Errorf("code %q, want %q", e.Code(), c.code)
				}
				message = e.Message
			}
			if message == "" {
				t.Error("no message")
			}
			if c.code == "INTERNAL" {
				id := resp.Header.Get("X-Request-ID")
				if id == "" || !strings.Contains(message, "logged as request "+id) {
					t.Errorf("INTERNAL message %q does not name the request id %q", message, id)
				}
				if strings.Contains(strings.ToLower(message), "gone_") || strings.Contains(strings.ToLower(message), "table") {
					t.Errorf("INTERNAL message leaks the cause: %q", message)
				}
			}
		})
	}
}

func decodeRefusal(t *testing.T, resp *http.Response, body []byte) apitest.Error {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var out struct {
		Data   *json.RawMessage `json:"data"`
		Errors []apitest.Error  `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 || out.Data != nil {
		t.Fatalf("body is not one GraphQL-shaped error (%v): %s", err, body)
	}
	return out.Errors[0]
}

// statusOf is the status of each code on the REST routes, as the README
// states it.
func statusOf(code string) int {
	return map[string]int{
		"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404, "BAD_USER_INPUT": 400,
		"CONFLICT": 409, "RATE_LIMITED": 429, "LIMIT_EXCEEDED": 413, "INTERNAL": 500,
	}[code]
}

// TestEveryRESTRouteHasItsRefusals reads the routes server.go registers:
// a new route needs its rows in restRefusals (or a reason in noRefusals),
// and every row names a route that exists.
func TestEveryRESTRouteHasItsRefusals(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "server.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			pattern, _ := strconv.Unquote(lit.Value)
			routes = append(routes, pattern)
		}
		return true
	})
	if len(routes) < 10 {
		t.Fatalf("found only %d routes in server.go: %v", len(routes), routes)
	}
	for _, r := range routes {
		_, exempt := noRefusals[r]
		has := slices.ContainsFunc(restRefusals, func(c restRefusal) bool { return c.route == r })
		switch {
		case exempt && has:
			t.Errorf("%s has refusal rows and is listed in noRefusals", r)
		case !exempt && !has:
			t.Errorf("%s has no row in restRefusals: add one per code it can answer (or say in noRefusals why it refuses nothing)", r)
		}
	}
	for _, c := range restRefusals {
		if !slices.Contains(routes, c.route) {
			t.Errorf("restRefusals names %q, which server.go does not register", c.route)
		}
	}
	for r := range noRefusals {
		if !slices.Contains(routes, r) {
			t.Errorf("noRefusals names %q, which server.go does not register", r)
		}
	}
}

// TestWriteErrorTable: each code's status, including those no route
// answers today, and errors classified as the GraphQL API classifies them.
func TestWriteErrorTable(t *testing.T) {
	codes := []apperr.Code{apperr.Unauthenticated, apperr.Forbidden, apperr.NotFound, apperr.BadUserInput,
		apperr.Conflict, apperr.RateLimited, apperr.LimitExceeded, apperr.Internal}
	cases := map[string]struct {
		err  error
		code apperr.Code
	}{
		"ent not found":  {&ent.NotFoundError{}, apperr.NotFound},
		"privacy denial": {fmt.Errorf("read goal: %w", privacy.Deny), apperr.Forbidden},
		"a plain error":  {errors.New("pq: connection refused to 10.0.0.7"), apperr.Internal},
		"wrapped":        {fmt.Errorf("load: %w", apperr.New(apperr.Conflict, "Taken.")), apperr.Conflict},
	}
	for _, c := range codes {
		cases[string(c)] = struct {
			err  error
			code apperr.Code
		}{apperr.New(c, "Because."), c}
	}
	cases["rate limited, with a wait"] = struct {
		err  error
		code apperr.Code
	}{auth.TooMany("downloads", auth.Rate{N: 5, Per: time.Minute}, 1500*time.Millisecond), apperr.RateLimited}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			server.WriteError(rec, httptest.NewRequest(http.MethodGet, "/x", nil), c.err)
			if want := statusOf(string(c.code)); rec.Code != want {
				t.Errorf("status %d, want %d", rec.Code, want)
			}
			e := decodeRefusal(t, rec.Result(), rec.Body.Bytes())
			if e.Code() != string(c.code) {
				t.Errorf("code %s, want %s", e.Code(), c.code)
			}
			if strings.Contains(e.Message, "10.0.0.7") {
				t.Errorf("the cause reached the client: %q", e.Message)
			}
			if name == "rate limited, with a wait" && rec.Header().Get("Retry-After") != "2" {
				t.Errorf("Retry-After %q, want 2 (seconds, rounded up)", rec.Header().Get("Retry-After"))
			}
		})
	}
}
