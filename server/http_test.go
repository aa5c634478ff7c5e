package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"plp/internal/devtools/apitest"
)

func TestGraphQLOverHTTP(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)

	t.Run("GET", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/query?query="+url.QueryEscape(`{ viewer { account { email } } }`), nil)
		r := c.Send(t, req)
		if r.Status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), w.Home.Admin.Email) {
			t.Fatalf("GET query: status %d, errors %v, data %s", r.Status, r.Errors, r.Data)
		}
	})
	t.Run("GET cannot mutate", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/query?query="+url.QueryEscape(`mutation { signOut { signedOut } }`), nil)
		r := c.Send(t, req)
		if len(r.Errors) == 0 {
			t.Fatalf("a mutation over GET succeeded: %s", r.Data)
		}
	})
	t.Run("graphql-response+json", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(`{"query":"{ viewer { account { id } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		r := c.Send(t, req)
		if r.Status != 200 || !strings.HasPrefix(r.ContentType, "application/graphql-response+json") {
			t.Fatalf("status %d, content type %q", r.Status, r.ContentType)
		}
		req, _ = http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(`{"query":"{ noSuchField }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		r = c.Send(t, req)
		if r.Status != 400 || r.Data != nil || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Fatalf("invalid query: status %d, data %s, errors %+v; want 400, no data, one BAD_USER_INPUT", r.Status, r.Data, r.Errors)
		}
	})
	t.Run("application/json validation failure is 200", func(t *testing.T) {
		r := c.Do(t, `{ noSuchField }`, nil)
		if r.Status != 200 {
			t.Errorf("status %d", r.Status)
		}
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "noSuchField") {
			t.Errorf("errors %+v, want one BAD_USER_INPUT naming the field", r.Errors)
		}
	})
	t.Run("malformed JSON does not echo the body", func(t *testing.T) {
		r := c.Post(t, "application/json", []byte(`{"query": "{ viewer { account { id } } }", "variables": {"secret": "Robin's IEP notes"`))
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Fatalf("errors %+v, want one BAD_USER_INPUT", r.Errors)
		}
		if strings.Contains(r.Errors[0].Message, "IEP") {
			t.Errorf("the error echoes the request body: %q", r.Errors[0].Message)
		}
	})
	t.Run("body over the limit", func(t *testing.T) {
		big := bytes.Repeat([]byte(" "), 2<<20)
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(append([]byte(`{"query":"{ viewer { account { id } } }"}`), big...)))
		req.Header.Set("Content-Type", "application/json")
		r := c.Send(t, req)
		if r.Status != http.StatusRequestEntityTooLarge || len(r.Errors) != 1 || r.Errors[0].Code() != "LIMIT_EXCEEDED" {
			t.Fatalf("status %d, errors %+v; want 413 LIMIT_EXCEEDED", r.Status, r.Errors)
		}
	})
	t.Run("depth limit", func(t *testing.T) {
		deep := `{ students { edges { node { goals { edges { node { student { goals { edges { node { student { goals { edges { node { id } } } } } } } } } } } } } } }`
		e := c.MustFail(t, "LIMIT_EXCEEDED", deep, nil)
		if !strings.Contains(e.Message, "limit") {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("page size limit", func(t *testing.T) {
		for _, q := range []string{`{ students(first: 501) { totalCount } }`, `{ students(last: 100000) { totalCount } }`,
			`{ students(first: 1) { edges { node { goals(first: 9999) { totalCount } } } } }`} {
			e := c.MustFail(t, "LIMIT_EXCEEDED", q, nil)
			if !strings.Contains(e.Message, "500") {
				t.Errorf("%s: message %q does not give the limit", q, e.Message)
			}
		}
		c.MustDo(t, `{ students(first: 500) { totalCount } }`, nil, nil)
	})
	t.Run("request id", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/healthz", nil)
		req.Header.Set("X-Request-ID", "trace-1234567")
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Request-ID"); got != "trace-1234567" {
			t.Errorf("X-Request-ID = %q, want the caller's", got)
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		status, body := s.Get(t, path)
		var out struct{ Status string }
		if err := json.Unmarshal(body, &out); err != nil || status != 200 || out.Status != want {
			t.Errorf("%s = %d %s, want 200 %q", path, status, body, want)
		}
	}
	if status, body := s.Get(t, "/graphiql"); status != 200 || !strings.Contains(string(body), "GraphiQL") {
		t.Errorf("/graphiql = %d; want GraphiQL outside production", status)
	}
}

func TestProductionHidesGraphiQLAndIntrospection(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, apitest.Production())
	w := apitest.NewWorld(t, s.DB)
	if status, body := s.Get(t, "/graphiql"); status != http.StatusNotFound || strings.Contains(string(body), "GraphiQL") {
		t.Errorf("/graphiql = %d in production, want the app's 404", status)
	}
	r := s.As(t, w.Home.Admin).Do(t, `{ __schema { types { name } } }`, nil)
	if len(r.Errors) == 0 {
		t.Errorf("introspection answered in production: %s", r.Data)
	}
	// Outside production, introspection works without signing in, so
	// GraphiQL can load the schema.
	dev := apitest.NewServer(t)
	dev.Anonymous().MustDo(t, `{ __schema { queryType { name } } }`, nil, nil)
}
