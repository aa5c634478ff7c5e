package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/auth"
	"plp/server"
)

const signInQuery = `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`

// rawResult is a response with its HTTP status and headers.
type rawResult struct {
	status int
	header http.Header
	errors []apitest.Error
}

func (r rawResult) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].Code()
}

func (r rawResult) message() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].Message
}

// post sends a GraphQL request with extra headers and keeps the HTTP status
// and headers, which apitest.Client does not show.
func post(t *testing.T, s *apitest.Server, token, query string, vars map[string]any, headers map[string]string) rawResult {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Errors []apitest.Error }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return rawResult{status: resp.StatusCode, header: resp.Header, errors: out.Errors}
}

func signIn(t *testing.T, s *apitest.Server, email, password string, headers map[string]string) rawResult {
	t.Helper()
	return post(t, s, "", signInQuery, map[string]any{"e": email, "p": password}, headers)
}

// mustRateLimit asserts a 429 RATE_LIMITED answer with Retry-After: wait
// (seconds) and a message that says each of want.
func mustRateLimit(t *testing.T, r rawResult, wait string, want ...string) {
	t.Helper()
	if r.status != http.StatusTooManyRequests || r.code() != "RATE_LIMITED" || r.header.Get("Retry-After") != wait {
		t.Fatalf("status %d, Retry-After %q, errors %+v; want 429 RATE_LIMITED, Retry-After %s", r.status, r.header.Get("Retry-After"), r.errors, wait)
	}
	for _, w := range want {
		if !strings.Contains(r.message(), w) {
			t.Errorf("message %q does not say %q", r.message(), w)
		}
	}
}

func rate(n int, per time.Duration) auth.Rate { return auth.Rate{N: n, Per: per} }

// TestSignInRateLimitPerAddress: SignInRatePerAddress attempts, right or
// wrong, from one address; then RATE_LIMITED with when to retry. Behind a
// proxy, ClientIPHeader tells addresses apart.
func TestSignInRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.SignInRatePerAddress = rate(3, time.Minute) }))
	w := apitest.NewWorld(t, s.DB)
	for _, a := range []string{w.Home.Admin.Email, w.Home.Advisor.Email} {
		if r := signIn(t, s, a, apitest.Password, nil); r.status != 200 || len(r.errors) > 0 {
			t.Fatalf("sign-in %s: %d %+v", a, r.status, r.errors)
		}
	}
	if r := signIn(t, s, w.Home.Family.Email, "wrong password", nil); r.code() != "UNAUTHENTICATED" {
		t.Fatalf("third attempt: %+v", r.errors)
	}
	mustRateLimit(t, signIn(t, s, w.Home.Counselor.Email, apitest.Password, nil), "20", "from your network", "3 per 1 minute", "20 seconds")
	s.Clock.Advance(19 * time.Second)
	mustRateLimit(t, signIn(t, s, w.Home.Counselor.Email, apitest.Password, nil), "1", "1 second")
	s.Clock.Advance(time.Second)
	if r := signIn(t, s, w.Home.Counselor.Email, apitest.Password, nil); len(r.errors) > 0 {
		t.Fatalf("after the wait: %+v", r.errors)
	}

	p := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) {
		c.SignInRatePerAddress = rate(1, time.Minute)
		c.ClientIPHeader = "X-Forwarded-For"
	}))
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": "10.0.0.1, " + addr} }
	if r := signIn(t, p, w.Home.Admin.Email, apitest.Password, from("203.0.113.7")); len(r.errors) > 0 {
		t.Fatalf("first address: %+v", r.errors)
	}
	if r := signIn(t, p, w.Home.Admin.Email, apitest.Password, from("203.0.113.8")); len(r.errors) > 0 {
		t.Fatalf("second address: %+v", r.errors)
	}
	mustRateLimit(t, signIn(t, p, w.Home.Admin.Email, apitest.Password, from("203.0.113.7")), "60")
	// IPv6 addresses count by their /64.
	if r := signIn(t, p, w.Home.Admin.Email, apitest.Password, from("2001:db8:1:2::1")); len(r.errors) > 0 {
		t.Fatalf("IPv6 address: %+v", r.errors)
	}
	mustRateLimit(t, signIn(t, p, w.Home.Admin.Email, apitest.Password, from("2001:db8:1:2::99")), "60")
}

// TestSignInRateLimitPerEmail: SignInRatePerEmail failed attempts for one
// email, known or not; then even the right password waits. Successful
// sign-ins do not count.
func TestSignInRateLimitPerEmail(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) {
		c.SignInRatePerEmail = rate(3, time.Minute)
		c.Throttle = auth.Throttle{}
	}))
	w := apitest.NewWorld(t, s.DB)
	for range 5 {
		if r := signIn(t, s, w.Home.Advisor.Email, apitest.Password, nil); len(r.errors) > 0 {
			t.Fatalf("successful sign-ins were limited: %+v", r.errors)
		}
	}
	var messages []string
	for _, email := range []string{w.Home.Admin.Email, "nobody@home.plp.test"} {
		for i := range 3 {
			if r := signIn(t, s, email, "wrong password", nil); r.code() != "UNAUTHENTICATED" {
				t.Fatalf("%s attempt %d: %+v", email, i+1, r.errors)
			}
		}
		r := signIn(t, s, email, apitest.Password, nil)
		mustRateLimit(t, r, "20", "failed sign-ins for this email from your network", "3 per 1 minute")
		messages = append(messages, r.message())
	}
	if messages[0] != messages[1] {
		t.Errorf("a known email says %q, an unknown one %q", messages[0], messages[1])
	}
	// Other emails are not affected, and the wait ends.
	if r := signIn(t, s, w.Home.Counselor.Email, apitest.Password, nil); len(r.errors) > 0 {
		t.Fatalf("another email: %+v", r.errors)
	}
	s.Clock.Advance(20 * time.Second)
	if r := signIn(t, s, w.Home.Admin.Email, apitest.Password, nil); len(r.errors) > 0 {
		t.Fatalf("after the wait: %+v", r.errors)
	}
}

// TestThrottleThroughTheAPI: wrong passwords from one address, for a known
// email or an unknown one alike, make that address wait (429, Retry-After);
// the right password from another address signs in all along.
func TestThrottleThroughTheAPI(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) {
		c.SignInRatePerEmail = auth.Rate{}
		c.ClientIPHeader = "X-Forwarded-For"
	}))
	w := apitest.NewWorld(t, s.DB)
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }
	attacker, user := from("203.0.113.66"), from("198.51.100.20")
	var throttled []string
	for _, email := range []string{w.Home.Family.Email, "nobody@home.plp.test"} {
		for i := range 5 {
			if r := signIn(t, s, email, "wrong password", attacker); r.code() != "UNAUTHENTICATED" {
				t.Fatalf("%s: wrong password %d: %+v", email, i+1, r.errors)
			}
		}
		mustRateLimit(t, signIn(t, s, email, "wrong password", attacker), "30", "email or password is wrong", "30 seconds")
		r := signIn(t, s, email, apitest.Password, attacker)
		mustRateLimit(t, r, "30", "try again in 30 seconds")
		throttled = append(throttled, r.message())
	}
	if throttled[0] != throttled[1] {
		t.Errorf("a throttled account says %q, an unknown email %q", throttled[0], throttled[1])
	}
	if r := signIn(t, s, w.Home.Family.Email, apitest.Password, user); len(r.errors) > 0 {
		t.Fatalf("the right password from another address: %+v", r.errors)
	}
	s.Clock.Advance(30 * time.Second)
	if r := signIn(t, s, w.Home.Family.Email, apitest.Password, attacker); len(r.errors) > 0 {
		t.Fatalf("after the wait: %+v", r.errors)
	}
}

// TestMutationRateLimitPerAccount: each mutation field costs one of
// MutationRatePerAccount; over it, RATE_LIMITED, and nothing is saved.
func TestMutationRateLimitPerAccount(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.MutationRatePerAccount = rate(3, time.Minute) }))
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	goals := func(n int) (string, map[string]any) {
		var b strings.Builder
		b.WriteString("mutation($in: CreateGoalInput!) {")
		for i := range n {
			fmt.Fprintf(&b, " g%d: createGoal(input: $in) { goal { id } }", i)
		}
		return b.String() + " }", map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "CAREER", "title": "Welding"}}
	}
	q, vars := goals(2)
	if r := post(t, s, admin.Token, q, vars, nil); r.status != 200 || len(r.errors) > 0 {
		t.Fatalf("two goals: %d %+v", r.status, r.errors)
	}
	q, vars = goals(2)
	mustRateLimit(t, post(t, s, admin.Token, q, vars, nil), "20", "changes from this account", "3 per 1 minute")
	q, vars = goals(1)
	if r := post(t, s, admin.Token, q, vars, nil); len(r.errors) > 0 {
		t.Fatalf("the third goal: %+v", r.errors)
	}
	mustRateLimit(t, post(t, s, admin.Token, q, vars, nil), "20")
	// Queries are not counted, nor other accounts' mutations.
	var out struct{ Goals struct{ TotalCount int } }
	admin.MustDo(t, `{ goals { totalCount } }`, nil, &out)
	if out.Goals.TotalCount != 3 {
		t.Errorf("%d goals saved, want 3: a refused mutation saved something", out.Goals.TotalCount)
	}
	other := s.As(t, w.Other.Admin)
	other.MustDo(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
		map[string]any{"in": map[string]any{"studentID": w.Other.Student.ID, "area": "CAREER", "title": "Welding"}}, nil)
	s.Clock.Advance(20 * time.Second)
	admin.MustDo(t, q, vars, nil)
}

// TestSignInStandsAlone: signIn runs outside a transaction (its failures
// must be written though it fails), so it cannot share a mutation.
func TestSignInStandsAlone(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	e := c.MustFail(t, "BAD_USER_INPUT", `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } signOut { signedOut } }`,
		map[string]any{"e": w.Home.Admin.Email, "p": apitest.Password})
	if !strings.Contains(e.Message, "only field") {
		t.Errorf("message %q", e.Message)
	}
	c.MustDo(t, `{ viewer { account { id } } }`, nil, nil) // not signed out
	// Several signIn fields are several attempts, each counted.
	s2 := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.SignInRatePerAddress = rate(2, time.Minute) }))
	r := s2.Anonymous().Do(t, `mutation($e: String!) { a: signIn(input: {email: $e, password: "x1"}) { token } b: signIn(input: {email: $e, password: "x2"}) { token } c: signIn(input: {email: $e, password: "x3"}) { token } }`,
		map[string]any{"e": w.Home.Admin.Email})
	codes := map[string]int{}
	for _, e := range r.Errors {
		codes[e.Code()]++
	}
	if codes["UNAUTHENTICATED"] != 2 || codes["RATE_LIMITED"] != 1 {
		t.Errorf("three aliased signIn fields under a limit of two: %+v", r.Errors)
	}
}
