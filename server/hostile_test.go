package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/server"
)

const createGoal = `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`

// goalCount is how many goals the admin sees.
func goalCount(t *testing.T, c *apitest.Client) int {
	t.Helper()
	var out struct{ Goals struct{ TotalCount int } }
	c.MustDo(t, `{ goals { totalCount } }`, nil, &out)
	return out.Goals.TotalCount
}

// mustFailWith asserts a refusal with code whose message says each of want.
func mustFailWith(t *testing.T, c *apitest.Client, code, query string, vars map[string]any, want ...string) apitest.Error {
	t.Helper()
	e := c.MustFail(t, code, query, vars)
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q does not say %q\nquery: %.200s", e.Message, w, query)
		}
	}
	return e
}

// TestHostileBadInputIsTheClients (issue 21, point 2): input that used to
// answer INTERNAL is the client's error, with a message that helps.
func TestHostileBadInputIsTheClients(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)

	// Empty logical filters.
	for _, where := range []string{`{not: {}}`, `{and: [{}]}`, `{or: [{}]}`, `{or: [{title: "x"}, {}]}`, `{not: {and: [{}, {}]}}`} {
		mustFailWith(t, admin, "BAD_USER_INPUT", `{ goals(where: `+where+`) { totalCount } }`, nil, "empty")
	}
	mustFailWith(t, admin, "BAD_USER_INPUT", `query($w: GoalWhereInput) { goals(where: $w) { totalCount } }`,
		map[string]any{"w": map[string]any{"not": map[string]any{}}}, "empty")
	// An empty filter at the top is no filter.
	admin.MustDo(t, `{ goals(where: {}) { totalCount } }`, nil, nil)

	// An enum value in the wrong case, in a variable.
	in := map[string]any{"studentID": w.Home.Student.ID, "area": "academic", "title": "Wrong case"}
	e := mustFailWith(t, admin, "BAD_USER_INPUT", createGoal, map[string]any{"in": in}, "ACADEMIC", "case")
	if e.Field() != "area" {
		t.Errorf("wrong-case enum: field %q, want area", e.Field())
	}
	in["area"] = "NOPE"
	mustFailWith(t, admin, "BAD_USER_INPUT", createGoal, map[string]any{"in": in}, "GoalArea")
	if n := goalCount(t, admin); n != 0 {
		t.Errorf("refused goals were written: %d", n)
	}

	// A persisted query whose hash is not its query's.
	other := sha256.Sum256([]byte("{ viewer { account { id } } }"))
	body, _ := json.Marshal(map[string]any{"query": "{ __typename }", "extensions": map[string]any{
		"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(other[:])}}})
	r := admin.Post(t, "application/json", body)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "sha256Hash") {
		t.Errorf("mismatched persisted hash answered %d %+v, want BAD_USER_INPUT", r.Status, r.Errors)
	}

	// Filters past --max-filter-terms (200), however written.
	ors := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `{title: "t%d"} `, i)
		}
		return `{ goals(where: {or: [` + b.String() + `]}) { totalCount } }`
	}
	admin.MustDo(t, ors(90), nil, nil)
	mustFailWith(t, admin, "LIMIT_EXCEEDED", ors(1000), nil, "200")
	list := make([]any, 1000)
	for i := range list {
		list[i] = map[string]any{"title": fmt.Sprint("t", i)}
	}
	mustFailWith(t, admin, "LIMIT_EXCEEDED", `query($w: GoalWhereInput) { goals(where: $w) { totalCount } }`,
		map[string]any{"w": map[string]any{"or": list}}, "200")
}

// TestHostileControlCharacters (issue 21, point 3): text with a control
// character other than tab and line breaks is refused everywhere, alike on
// both databases (PostgreSQL refused NUL with INTERNAL, SQLite stored it).
func TestHostileControlCharacters(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	anon := s.Anonymous()

	signIn := `mutation($e: String!) { signIn(input: {email: $e, password: "wrong"}) { token } }`
	for _, email := range []string{"a\u0000@example.org", "a\u001b@example.org", "a\u007f@example.org", "a\u0085@example.org"} {
		e := mustFailWith(t, anon, "BAD_USER_INPUT", signIn, map[string]any{"e": email}, "control character")
		if e.Field() != "e" {
			t.Errorf("signIn: field %q, want e", e.Field())
		}
	}
	mustFailWith(t, anon, "BAD_USER_INPUT", `mutation($e: String!) { requestSignInLink(input: {email: $e}) { accepted } }`,
		map[string]any{"e": "x\u0000@example.org"}, "U+0000")
	// Written in the document, too.
	e := mustFailWith(t, anon, "BAD_USER_INPUT", `mutation { signIn(input: {email: "a\u0000b@example.org", password: "x"}) { token } }`, nil, "U+0000")
	if e.Field() != "email" {
		t.Errorf("literal: field %q, want email", e.Field())
	}
	in := map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Bell\u0007"}
	mustFailWith(t, admin, "BAD_USER_INPUT", createGoal, map[string]any{"in": in}, "U+0007")
	if n := goalCount(t, admin); n != 0 {
		t.Errorf("refused goal was written: %d", n)
	}
	// Tabs and line breaks are text.
	in["title"], in["why"] = "Read", "To\tknow\r\nmore"
	admin.MustDo(t, createGoal, map[string]any{"in": in}, nil)

	// The REST routes refuse them in the path.
	for _, path := range []string{"/export/students/stu_%00", "/unsubscribe/%00", "/shared/%01x", "/calendar/a%00"} {
		status, body := s.Get(t, path)
		if status != http.StatusBadRequest || !strings.Contains(string(body), "BAD_USER_INPUT") {
			t.Errorf("GET %s: %d %s, want 400 BAD_USER_INPUT", path, status, body)
		}
	}
}

// TestHostileSetAndClearAndRanges (issue 21, point 4): setting and clearing
// one field at once, and numbers the databases cannot take, are refused
// before they reach SQL, alike on both databases.
func TestHostileSetAndClearAndRanges(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	counselor := s.As(t, w.Home.Counselor)
	var goal struct {
		CreateGoal struct{ Goal struct{ ID string } }
	}
	admin.MustDo(t, createGoal, map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Read"}}, &goal)
	id := goal.CreateGoal.Goal.ID

	e := mustFailWith(t, admin, "BAD_USER_INPUT", `mutation($id: ID!) { updateGoal(id: $id, input: {why: "x", clearWhy: true}) { goal { id } } }`,
		map[string]any{"id": id}, "why", "clearWhy")
	if e.Field() != "why" {
		t.Errorf("set and clear: field %q, want why", e.Field())
	}
	mustFailWith(t, admin, "BAD_USER_INPUT", `mutation($id: ID!, $in: UpdateGoalInput!) { updateGoal(id: $id, input: $in) { goal { id } } }`,
		map[string]any{"id": id, "in": map[string]any{"why": "x", "clearWhy": true}}, "clearWhy")
	// Either alone is fine; clearing false with a value too.
	admin.MustDo(t, `mutation($id: ID!) { updateGoal(id: $id, input: {why: "x", clearWhy: false}) { goal { id } } }`, map[string]any{"id": id}, nil)
	admin.MustDo(t, `mutation($id: ID!) { updateGoal(id: $id, input: {clearWhy: true}) { goal { id } } }`, map[string]any{"id": id}, nil)

	caseload := `query($d: Int) { caseload(where: {stalledDays: $d}) { totalCount } }`
	for _, d := range []any{2147483647, 3651, -1} {
		mustFailWith(t, counselor, "BAD_USER_INPUT", caseload, map[string]any{"d": d}, "stalledDays")
	}
	mustFailWith(t, counselor, "BAD_USER_INPUT", caseload, map[string]any{"d": 2147483648}, "range")
	mustFailWith(t, counselor, "BAD_USER_INPUT", `{ caseload(where: {stalledDays: 99999999999}) { totalCount } }`, nil, "range")
	counselor.MustDo(t, caseload, map[string]any{"d": 3650}, nil)
}

// TestHostileStrictBodiesAndCoercion (issue 21, point 5): one JSON value
// per body, no duplicate keys, and variables coerced as the specification
// says.
func TestHostileStrictBodiesAndCoercion(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)

	for _, body := range []string{
		`{"query": "{ __typename }"} trailing`,
		`{"query": "{ __typename }"}{"query": "{ __typename }"}`,
		`{"query": "{ viewer { account { id } } }", "query": "{ __typename }"}`,
		`{"query": "query($a: Int) { __typename }", "variables": {"a": 1, "a": 2}}`,
	} {
		r := admin.Post(t, "application/json", []byte(body))
		if r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %d %+v, want 400 BAD_USER_INPUT", body, r.Status, r.Errors)
		}
	}
	if r := admin.Post(t, "application/json", []byte("{\"query\": \"{ __typename }\"}\n  ")); len(r.Errors) != 0 {
		t.Errorf("trailing white space refused: %+v", r.Errors)
	}

	students := `query($n: Int) { students(first: $n) { totalCount } }`
	admin.MustDo(t, students, map[string]any{"n": 10}, nil)
	mustFailWith(t, admin, "BAD_USER_INPUT", students, map[string]any{"n": "10"}, "whole number")
	e := mustFailWith(t, admin, "BAD_USER_INPUT", students, map[string]any{"n": 1.5}, "whole number")
	if strings.Contains(e.Message, "value 0") {
		t.Errorf("1.5 for Int: %q", e.Message)
	}
	mustFailWith(t, admin, "BAD_USER_INPUT", `query($w: CaseloadFilter) { caseload(where: $w) { totalCount } }`,
		map[string]any{"w": map[string]any{"stalledDays": "10"}}, "whole number")
	mustFailWith(t, s.Anonymous(), "BAD_USER_INPUT", `mutation($e: String!) { signIn(input: {email: $e, password: "x"}) { token } }`,
		map[string]any{"e": 42}, "string")
	mustFailWith(t, admin, "BAD_USER_INPUT", createGoal,
		map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": 7}}, "string")
	if n := goalCount(t, admin); n != 0 {
		t.Errorf("refused goal was written: %d", n)
	}
}

// TestHostileHeadersAndMetricLabels (issue 21, point 6): /query answers
// are not to be sniffed, and only signed-in requests (or persisted
// queries) name operations in /metrics.
func TestHostileHeadersAndMetricLabels(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)

	for _, body := range []string{`{"query": "{ __typename }"}`, `not json`} {
		resp, err := s.HTTP.Post(s.URL+"/query", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", body, got)
		}
	}

	for i := range 5 {
		s.Anonymous().MustDo(t, fmt.Sprintf(`query Flood%d { __typename }`, i), nil, nil)
	}
	admin.MustDo(t, `query WhoAmI { viewer { account { id } } }`, nil, nil)
	_, body := scrape(t, s, "")
	if strings.Contains(body, `operation="Flood`) {
		t.Errorf("anonymous operation names became labels:\n%s", grepPLP(body))
	}
	sample(t, body, `plp_graphql_operation_duration_seconds_count{operation="WhoAmI",type="query"}`)
	sample(t, body, `plp_graphql_operation_duration_seconds_count{operation="unnamed",type="query"}`)
}

// TestHostileOneRequestCannotTieUpTheServer (issue 21, point 1): each ID of
// nodes(ids:) costs what is selected of it, and an answer past
// --max-response-bytes is LIMIT_EXCEEDED with no data (a mutation answered
// so saves nothing), never a partial write.
func TestHostileOneRequestCannotTieUpTheServer(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	parent := s.As(t, w.Home.Family)
	const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Student { goals(first: 10) { edges { node { id title } } } } } }`
	ids := make([]any, 20000) // within the body limit
	for i := range ids {
		ids[i] = w.Home.Student.ID
	}
	// 1 + 20,000 × (id 1 + goals (1 + 10 × (edges 1 + node 1 + id 1 + title 1)) + 1 fragment).
	mustFailWith(t, parent, "LIMIT_EXCEEDED", nodes, map[string]any{"ids": ids}, "costs", "5000")
	mustFailWith(t, parent, "LIMIT_EXCEEDED", nodes, map[string]any{"ids": ids[:200]}, "5000")
	parent.MustDo(t, nodes, map[string]any{"ids": ids[:3]}, nil)

	small := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.MaxResponseBytes = 600 }))
	admin := small.As(t, w.Home.Admin)
	big := strings.Repeat("x", 700)
	in := map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Read", "why": big}
	r := admin.Do(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id why } } }`, map[string]any{"in": in})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "600") || (len(r.Data) > 0 && string(r.Data) != "null") {
		t.Fatalf("a too large answer: %d %s %+v, want LIMIT_EXCEEDED and no data", r.Status, r.Data, r.Errors)
	}
	if n := goalCount(t, admin); n != 0 {
		t.Errorf("a mutation answered too large saved %d goals", n)
	}
	admin.MustDo(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`, map[string]any{"in": in}, nil)
	mustFailWith(t, admin, "LIMIT_EXCEEDED", `{ goals { edges { node { id why } } } }`, nil, "bytes")
}

// TestHostileGraphQLOverHTTPStatus (issue 21, point 7): under the legacy
// application/json a document that does not parse or validate, and
// variables that cannot be coerced, answer 200 with the errors; a request
// whose parameters are not a GraphQL request's answers 400.
func TestHostileGraphQLOverHTTPStatus(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	c := s.Anonymous()
	for _, body := range []string{
		`{"query": "{"}`,
		`{"query": "{ noSuchField }"}`,
		`{"query": "query($n: Int) { __typename }", "variables": {"n": "ten"}}`,
		`{"query": "query($e: String!) { __typename }", "variables": {"e": "a\u0000b"}}`,
	} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		if r := c.Send(t, req); r.Status != http.StatusOK || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %d %+v, want 200 and one BAD_USER_INPUT", body, r.Status, r.Errors)
		}
	}
	for _, body := range []string{
		`{"qeury": "{ __typename }"}`,
		`{"query": 1}`,
		`{"query": "{ __typename }", "variables": []}`,
		`{"query": "{ __typename }", "operationName": 2}`,
		`{"query": "{ __typename }", "extensions": "x"}`,
	} {
		if r := c.Post(t, "application/json", []byte(body)); r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %d %+v, want 400 and one BAD_USER_INPUT", body, r.Status, r.Errors)
		}
	}
}

// TestHostileRelayConnections (issue 21, point 8): every type named
// ...Connection follows the Relay connection specification: edges, a list
// of edges each with a node and a non-null cursor that serializes as a
// string; pageInfo: PageInfo!, the one PageInfo type, with its four fields;
// and the fields returning it take after and before of the cursor's type.
func TestHostileRelayConnections(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	type typeRef struct {
		Kind   string
		Name   *string
		OfType *typeRef
	}
	type field struct {
		Name string
		Type typeRef
		Args []struct {
			Name string
			Type typeRef
		}
	}
	var out struct {
		Schema struct {
			Types []struct {
				Kind   string
				Name   string
				Fields []field
			}
		} `json:"__schema"`
	}
	const ref = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`
	s.Anonymous().MustDo(t, `{ __schema { types { kind name fields { name type { `+ref+` } args { name type { `+ref+` } } } } } }`, nil, &out)
	named := func(r typeRef) (string, bool) { // the named type, and whether it is non-null
		nonNull := r.Kind == "NON_NULL"
		for r.Name == nil && r.OfType != nil {
			r = *r.OfType
		}
		if r.Name == nil {
			return "", nonNull
		}
		return *r.Name, nonNull
	}
	types := map[string][]field{}
	for _, ty := range out.Schema.Types {
		types[ty.Name] = ty.Fields
	}
	fieldOf := func(typ, name string) *field {
		for i, f := range types[typ] {
			if f.Name == name {
				return &types[typ][i]
			}
		}
		return nil
	}
	for _, pf := range []struct {
		name, typ string
		nonNull   bool
	}{{"hasNextPage", "Boolean", true}, {"hasPreviousPage", "Boolean", true}, {"startCursor", "Cursor", false}, {"endCursor", "Cursor", false}} {
		f := fieldOf("PageInfo", pf.name)
		if f == nil {
			t.Fatalf("PageInfo has no %s", pf.name)
		}
		if n, nn := named(f.Type); n != pf.typ || nn != pf.nonNull {
			t.Errorf("PageInfo.%s is %s (non-null %v)", pf.name, n, nn)
		}
	}
	connections := 0
	for _, ty := range out.Schema.Types {
		if ty.Kind != "OBJECT" || !strings.HasSuffix(ty.Name, "Connection") {
			continue
		}
		connections++
		pi := fieldOf(ty.Name, "pageInfo")
		if pi == nil {
			t.Errorf("%s has no pageInfo", ty.Name)
			continue
		}
		if n, nn := named(pi.Type); n != "PageInfo" || !nn {
			t.Errorf("%s.pageInfo is %s (non-null %v), want PageInfo!", ty.Name, n, nn)
		}
		edges := fieldOf(ty.Name, "edges")
		if edges == nil || (edges.Type.Kind != "LIST" && (edges.Type.OfType == nil || edges.Type.OfType.Kind != "LIST")) {
			t.Errorf("%s.edges is missing or not a list", ty.Name)
			continue
		}
		edge, _ := named(edges.Type)
		if fieldOf(edge, "node") == nil {
			t.Errorf("%s has no node", edge)
		}
		cursor := fieldOf(edge, "cursor")
		if cursor == nil {
			t.Errorf("%s has no cursor", edge)
			continue
		}
		if n, nn := named(cursor.Type); n != "Cursor" || !nn {
			t.Errorf("%s.cursor is %s (non-null %v), want Cursor!", edge, n, nn)
		}
	}
	if connections < 10 {
		t.Fatalf("only %d connection types found", connections)
	}
	// The fields returning a connection page with cursors of its type.
	for _, ty := range out.Schema.Types {
		for _, f := range ty.Fields {
			if n, _ := named(f.Type); !strings.HasSuffix(n, "Connection") {
				continue
			}
			for _, a := range f.Args {
				if a.Name == "after" || a.Name == "before" {
					if n, _ := named(a.Type); n != "Cursor" {
						t.Errorf("%s.%s(%s:) is %s, want Cursor", ty.Name, f.Name, a.Name, n)
					}
				}
			}
		}
	}
}

// TestHostileEveryErrorCode (issue 21, also): each code of DESIGN.md's
// contract that a client can provoke, provoked through HTTP (INTERNAL is
// what no request may provoke: FuzzHostileRequest looks for it).
func TestHostileEveryErrorCode(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.MaxDepth = 4 }))
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	family := s.As(t, w.Home.Family)
	const survey = `mutation($s: ID!) { startSurvey(input: {schoolID: $s, title: "Spring"}) { survey { id } } }`
	admin.MustDo(t, survey, map[string]any{"s": w.Home.School.ID}, nil)
	cases := []struct {
		code  string
		c     *apitest.Client
		query string
		vars  map[string]any
	}{
		{"UNAUTHENTICATED", s.Anonymous(), `{ students { totalCount } }`, nil},
		{"UNAUTHENTICATED", s.WithToken("plp_not_a_token"), `{ students { totalCount } }`, nil},
		{"FORBIDDEN", family, survey, map[string]any{"s": w.Home.School.ID}},
		{"FORBIDDEN", admin, `{ currentStation { __typename } }`, nil},
		{"NOT_FOUND", admin, `mutation { updateGoal(id: "gol_01JZZZZZZZZZZZZZZZZZZZZZZZ", input: {title: "x"}) { goal { id } } }`, nil},
		{"BAD_USER_INPUT", admin, `{ students(first: -1) { totalCount } }`, nil},
		{"CONFLICT", admin, survey, map[string]any{"s": w.Home.School.ID}},
		{"LIMIT_EXCEEDED", admin, `{ students { edges { node { goals { edges { node { id } } } } } } }`, nil},
	}
	for _, tc := range cases {
		tc.c.MustFail(t, tc.code, tc.query, tc.vars)
	}
	limited := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.MutationRatePerAccount.N, c.MutationRatePerAccount.Per = 1, time.Hour }))
	lc := limited.As(t, w.Home.Admin)
	const why = `mutation($id: ID!) { updateGoal(id: $id, input: {clearWhy: true}) { goal { id } } }`
	var goal struct {
		CreateGoal struct{ Goal struct{ ID string } }
	}
	admin.MustDo(t, createGoal, map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "ACADEMIC", "title": "Read"}}, &goal)
	lc.MustDo(t, why, map[string]any{"id": goal.CreateGoal.Goal.ID}, nil)
	lc.MustFail(t, "RATE_LIMITED", why, map[string]any{"id": goal.CreateGoal.Goal.ID})
}
