package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"plp/internal/devtools/apitest"
)

// quietTB keeps a server's log out of the fuzz target's *testing.F, whose
// methods must not be called while it fuzzes.
type quietTB struct {
	testing.TB
	mu  *sync.Mutex
	log *bytes.Buffer
}

func (q quietTB) Helper() {}
func (q quietTB) Log(args ...any) {
	q.mu.Lock()
	defer q.mu.Unlock()
	fmt.Fprintln(q.log, args...)
}
func (q quietTB) Logf(format string, args ...any) { q.Log(fmt.Sprintf(format, args...)) }

// FuzzHostileRequest sends GraphQL requests built from a query and raw
// variables (issue 21), seeded with the hostile cases the API once answered
// badly, signed in as a school's admin. It fails on any 5xx, any INTERNAL
// error (a panic in a resolver is one), an answer that is not JSON, and a
// row written by a request that was refused. .ci/run fuzzes it for a
// bounded time on both databases; go test runs the seeds.
func FuzzHostileRequest(f *testing.F) {
	tb := quietTB{TB: f, mu: &sync.Mutex{}, log: &bytes.Buffer{}}
	s := apitest.NewServer(tb, apitest.QuietAudit())
	w := apitest.NewWorld(f, s.DB)
	admin := s.As(f, w.Home.Admin)
	student := string(w.Home.Student.ID)

	ors := strings.Repeat(`{title: "x"} `, 1000)
	ids := strings.TrimSuffix(strings.Repeat(`"`+student+`",`, 2000), ",")
	seeds := []struct{ query, vars string }{
		{`{ goals(where: {not: {}}) { totalCount } }`, `{}`},
		{`{ goals(where: {and: [{}]}) { totalCount } }`, `{}`},
		{`{ goals(where: {or: [{}]}) { totalCount } }`, `{}`},
		{`{ goals(where: {or: [` + ors + `]}) { totalCount } }`, `{}`},
		{`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`, `{"in": {"studentID": "` + student + `", "area": "cte", "title": "x"}}`},
		{`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`, `{"in": {"studentID": "` + student + `", "area": "ACADEMIC", "title": "a\u0000b"}}`},
		{`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`, `{"in": {"studentID": "` + student + `", "area": "ACADEMIC", "title": 5}}`},
		{`mutation($e: String!) { signIn(input: {email: $e, password: "x"}) { token } }`, `{"e": "a\u0000@example.org"}`},
		{`mutation($e: String!) { requestSignInLink(input: {email: $e}) { accepted } }`, `{"e": "\u0000"}`},
		{`query($d: Int) { caseload(where: {stalledDays: $d}) { totalCount } }`, `{"d": 2147483647}`},
		{`query($d: Int) { caseload(where: {stalledDays: $d}) { totalCount } }`, `{"d": 99999999999}`},
		{`query($n: Int) { students(first: $n) { totalCount } }`, `{"n": "10"}`},
		{`query($n: Int) { students(first: $n) { totalCount } }`, `{"n": 1.5}`},
		{`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, `{"ids": [` + ids + `]}`},
		{`{ __typename }`, `{"a": 1} trailing`},
		{`{ __typename }`, `{"a": 1, "a": 2}`},
		{`{ node(id: "stu_\u0000") { id } }`, `null`},
		{`{ node(id: "") { id } }`, `{}`},
		{`{ students(first: -1) { totalCount } }`, `{}`},
		{`{ students(after: "not a cursor") { totalCount } }`, `{}`},
		{`{ studentTimeline(studentID: "` + student + `", after: "zz") { edges { cursor } } }`, `{}`},
		{`{`, `{}`},
		{`subscription { __typename }`, `{}`},
	}
	for _, sd := range seeds {
		f.Add(sd.query, []byte(sd.vars))
	}
	f.Add(`mutation($id: ID!) { updateGoal(id: $id, input: {why: "x", clearWhy: true}) { goal { id } } }`, []byte(`{"id": "gol_x"}`))

	rows := func() int {
		ctx := s.System()
		n := 0
		for _, count := range []func(context.Context) (int, error){
			s.DB.Client.Goal.Query().Count, s.DB.Client.Evidence.Query().Count,
			s.DB.Client.Reflection.Query().Count, s.DB.Client.Comment.Query().Count,
		} {
			c, err := count(ctx)
			if err != nil {
				panic(err)
			}
			n += c
		}
		return n
	}

	f.Fuzz(func(t *testing.T, query string, variables []byte) {
		q, _ := json.Marshal(query)
		body := append(append(append([]byte(`{"query": `), q...), `, "variables": `...), variables...)
		body = append(body, '}')
		before := rows()
		req, err := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+admin.Token)
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatalf("POST /query: %v", err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %q\n%s", resp.StatusCode, body, raw)
		}
		var out struct {
			Errors []apitest.Error `json:"errors"`
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("answer is not JSON (%v): %q", err, raw)
		}
		for _, e := range out.Errors {
			if e.Code() == "INTERNAL" || e.Code() == "" {
				t.Fatalf("error %q with code %q for %q\nserver log:\n%s", e.Message, e.Code(), body, tail(tb))
			}
		}
		if after := rows(); len(out.Errors) > 0 && after != before {
			t.Fatalf("a refused request wrote %d rows: %q\n%s", after-before, body, raw)
		}
	})
}

func tail(q quietTB) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.log.Bytes()
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
