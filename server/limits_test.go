package server_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"plp/internal/devtools/apitest"
	"plp/server"
)

func with(f func(*server.Config)) apitest.Option { return apitest.Option(f) }

// mustLimit asserts a LIMIT_EXCEEDED refusal whose message says each of want.
func mustLimit(t *testing.T, c *apitest.Client, query string, vars map[string]any, want ...string) {
	t.Helper()
	e := c.MustFail(t, "LIMIT_EXCEEDED", query, vars)
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q does not say %q\nquery: %.200s", e.Message, w, query)
		}
	}
}

// TestComplexityWeightsConnectionsByPage: a connection costs what it holds
// times first or last (DefaultPageCost when neither), and the refusal gives
// the cost and the limit.
func TestComplexityWeightsConnectionsByPage(t *testing.T) {
	t.Parallel()
	// students: 1 + 40 × (edges 1 + node 1 + goals (1 + 10 × totalCount 1)) = 521.
	const at = `{ students(first: 40) { edges { node { goals(first: 10) { totalCount } } } } }`
	s := apitest.NewServer(t, with(func(c *server.Config) { c.MaxComplexity = 521 }))
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)

	c.MustDo(t, at, nil, nil)
	mustLimit(t, c, `{ students(first: 41) { edges { node { goals(first: 10) { totalCount } } } } }`, nil, "534", "521")
	mustLimit(t, c, `{ students(last: 40) { edges { node { goals(last: 11) { totalCount } } } } }`, nil, "561", "521")
	// The page may come from a variable.
	c.MustDo(t, `query($n: Int) { students(first: $n) { edges { node { goals(first: 10) { totalCount } } } } }`, map[string]any{"n": 40}, nil)
	mustLimit(t, c, `query($n: Int) { students(first: $n) { edges { node { goals(first: 10) { totalCount } } } } }`, map[string]any{"n": 41}, "534")
	// Neither first nor last counts as DefaultPageCost (10): students costs
	// 1 + 10 × 13 = 131 here, and the goals below 1 + 10 × (edges 1 + node
	// 1 + id 1 + title 1) = 41, so 1 + 40 × 43 = 1721 in all.
	c.MustDo(t, `{ students { edges { node { goals(first: 10) { totalCount } } } } }`, nil, nil)
	mustLimit(t, c, `{ students(first: 40) { edges { node { goals { edges { node { id title } } } } } } }`, nil, "521")
	// Aliases are counted one by one.
	mustLimit(t, c, `{ a: students(first: 40) { totalCount } b: students(first: 40) { totalCount } c: students(first: 500) { totalCount } }`, nil, "583")

	// A first beyond the page-size limit counts as the limit, so the
	// clearer page-size refusal answers it.
	e := c.MustFail(t, "LIMIT_EXCEEDED", `{ students(first: 100000) { totalCount } }`, nil)
	if !strings.Contains(e.Message, "at most 500") || e.Field() != "first" {
		t.Errorf("first: 100000 answered %q (field %q), want the page-size limit", e.Message, e.Field())
	}

	// The default limit lets an ordinary page of nested connections through.
	d := apitest.NewServerOn(t, s.DB)
	dc := d.As(t, w.Home.Admin)
	dc.MustDo(t, `{ students(first: 50) { edges { node { id goals(first: 10) { edges { node { id title milestones { id title } } } } } } } }`, nil, nil)
	mustLimit(t, dc, `{ students(first: 500) { edges { node { id goals(first: 100) { edges { node { id title } } } } } } }`, nil, "5000")
}

// TestComplexityCaseloadFullPage: the caseload's whole page (first: 500,
// the most it allows) with every field passes the default complexity
// limit: it is read in a constant number of statements, so it is weighed
// as one default page (1 + 10 × its row), not by first.
func TestComplexityCaseloadFullPage(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	const q = `query($n: Int!) { caseload(first: $n) { totalCount rows {
	  studentID preferredName familyName grade advisorID goals averageProgress overdueMilestones
	  lastReflectionAt daysSinceReflection lastActivityAt evidence endorsements
	  goalsByStatusAndArea { status area count } skills { skillID level takenAt previousLevel change } } } }`
	c.MustDo(t, q, map[string]any{"n": 500}, nil)
	// Beyond 500 the page-size limit still answers.
	c.MustFail(t, "LIMIT_EXCEEDED", q, map[string]any{"n": 501})
}

// TestAliasLimit: at most MaxAliases (30) aliased fields per document.
func TestAliasLimit(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			fmt.Fprintf(&b, "a%d: viewer { account { id } } ", i)
		}
		return b.String() + "}"
	}
	c.MustDo(t, aliases(30), nil, nil)
	mustLimit(t, c, aliases(31), nil, "30 aliased")
	// An alias flood is refused before anything else, signed in or not.
	mustLimit(t, s.Anonymous(), aliases(500), nil, "30")
}

// TestDirectiveLimits: at most MaxDirectives per document, and one
// directive at most MaxDirectiveRepeats times on one field.
func TestDirectiveLimits(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.MaxDirectives = 3 }))
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	c.MustDo(t, `query($y: Boolean!) { viewer @include(if: $y) { account @include(if: true) { id @skip(if: false) } } }`, map[string]any{"y": true}, nil)
	mustLimit(t, c, `query($y: Boolean!) { viewer @include(if: $y) { account @include(if: true) { id @skip(if: false) email @skip(if: false) } } }`, map[string]any{"y": true}, "3 directives")
	mustLimit(t, c, `{ viewer { ...A @include(if: true) } } fragment A on Viewer @skip(if: false) { account @include(if: true) { id @include(if: true) } }`, nil, "3 directives")

	// The default limits, but for duplicates (the test repeats one field).
	d := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.MaxDuplicateFields = 100 }))
	dc := d.As(t, w.Home.Admin)
	mustLimit(t, dc, `{ viewer @include(if: true) @include(if: true) { account { id } } }`, nil, "@include", "2 times", "viewer")
	dc.MustDo(t, `{ viewer @include(if: true) @skip(if: false) { account { id } } }`, nil, nil)
	// 50 directives pass; 51 do not.
	many := func(n int) string {
		return `{ viewer { account { id ` + strings.Repeat(`... on Account @include(if: true) { id } `, n) + `} } }`
	}
	dc.MustDo(t, many(50), nil, nil)
	mustLimit(t, dc, many(51), nil, "50 directives")
}

// TestDuplicateFieldLimit: one field selected at most MaxDuplicateFields
// (10) times in one place, fragments included; a flood of duplicates is
// refused before validation, which would take seconds on it.
func TestDuplicateFieldLimit(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	c.MustDo(t, `{ viewer { account { `+strings.Repeat("id ", 10)+`} } }`, nil, nil)
	mustLimit(t, c, `{ viewer { account { `+strings.Repeat("id ", 11)+`} } }`, nil, "id 11 times", "10")
	mustLimit(t, c, `{ viewer { account { id `+strings.Repeat("...A ", 10)+`} } } fragment A on Account { id }`, nil, "id 11 times")
	mustLimit(t, c, `{ viewer { account { `+strings.Repeat("x: email ", 11)+`} } }`, nil, "x 11 times")
	// The same name on different types is not a duplicate.
	var frags strings.Builder
	for _, typ := range []string{"Account", "Goal", "Evidence", "Student", "School", "Milestone", "Reflection", "Conference", "Slot", "Comment", "Collection", "Framework"} {
		fmt.Fprintf(&frags, "... on %s { id } ", typ)
	}
	c.MustDo(t, `query($id: ID!) { node(id: $id) { `+frags.String()+` } }`, map[string]any{"id": w.Home.Admin.ID}, nil)

	start := time.Now()
	mustLimit(t, c, `{ `+strings.Repeat("__typename ", 14000)+`}`, nil, "__typename 11 times")
	t.Logf("a flood of 14,000 duplicates refused in %v", time.Since(start))
}

// TestTokenLimit: a document of more than MaxTokens tokens is refused with
// LIMIT_EXCEEDED (not as a syntax error).
func TestTokenLimit(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	// Signing in takes more than 20 tokens: sign in where the limit is the default.
	c := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.MaxTokens = 20 })).WithToken(s.As(t, w.Home.Admin).Token)
	c.MustDo(t, `{ viewer { account { id email name preferredLanguage disabled createdAt updatedAt } memberships { role id } } }`, nil, nil) // 20 tokens
	mustLimit(t, c, `{ viewer { account { id email name preferredLanguage disabled createdAt updatedAt } memberships { role id } __typename } }`, nil, "20 tokens")
}

// TestBatchesAreRefused: a JSON array of operations gets one coded error,
// not a 500 and not its own text back.
func TestBatchesAreRefused(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	r := c.Post(t, "application/json", []byte(` [{"query": "{ viewer { account { id } } }", "variables": {"note": "Robin's IEP"}}, {"query": "{ __typename }"}]`))
	if r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "one operation per request") {
		t.Fatalf("batch: status %d, errors %+v; want 400 and one LIMIT_EXCEEDED", r.Status, r.Errors)
	}
	if strings.Contains(r.Errors[0].Message, "IEP") || r.Data != nil {
		t.Errorf("the refusal echoes the body: %+v %s", r.Errors, r.Data)
	}
	// One operation, the same bytes but for the brackets, runs.
	r = c.Post(t, "application/json", []byte(`{"query": "{ viewer { account { id } } }", "variables": {"note": "Robin's IEP"}}`))
	if r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("single operation: status %d, errors %+v", r.Status, r.Errors)
	}
}

// TestInvalidUTF8IsRefused: invalid UTF-8 in the body, in variables or in
// a GET query string, or a lone surrogate escape, is BAD_USER_INPUT and
// saves nothing; a proper surrogate pair is fine.
func TestInvalidUTF8IsRefused(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	create := func(title string) []byte {
		return []byte(`{"query": "mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { title } } }", "variables": {"in": {"studentID": "` +
			string(w.Home.Student.ID) + `", "area": "CAREER", "title": "` + title + `"}}}`)
	}
	for name, body := range map[string][]byte{
		"invalid byte in a variable":  create("Welding \xff certificate"),
		"truncated sequence":          create("caf\xc3"),
		"overlong encoding":           create("\xc0\xaf"),
		"lone high surrogate escape":  create(`Welding \ud800 certificate`),
		"lone low surrogate escape":   create(`Welding \udc00`),
		"high surrogate then letter":  create(`\ud83dx`),
		"invalid byte in the query":   []byte("{\"query\": \"{ viewer { account { id } } } # \xfe\"}"),
		"invalid byte outside string": append([]byte(`{"query": "{ viewer { account { id } } }"}`), 0xff),
	} {
		r := c.Post(t, "application/json", body)
		if r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "UTF-8") {
			t.Errorf("%s: status %d, errors %+v; want 400 BAD_USER_INPUT about UTF-8", name, r.Status, r.Errors)
		}
		if strings.Contains(r.Errors[0].Message, "Welding") {
			t.Errorf("%s: the refusal echoes the body", name)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/query?query="+url.QueryEscape(`query($x: String) { viewer { account { id } } }`)+"&variables=%7B%22x%22%3A%22%FF%22%7D", nil)
	if r := c.Send(t, req); r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "variables") {
		t.Errorf("GET with invalid UTF-8: status %d, errors %+v", r.Status, r.Errors)
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/query?query=%zz", nil)
	if r := c.Send(t, req); r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("GET with a broken escape: status %d, errors %+v", r.Status, r.Errors)
	}

	// Over a websocket, a message that is not UTF-8 closes the connection.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	var msg struct{ Type string }
	_ = wsjson.Write(ctx, ws, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + c.Token}})
	if err := wsjson.Read(ctx, ws, &msg); err != nil || msg.Type != "connection_ack" {
		t.Fatalf("init: %+v %v", msg, err)
	}
	sub := append([]byte(`{"id": "1", "type": "subscribe", "payload": `), create("Welding \xff")...)
	if err := ws.Write(ctx, websocket.MessageText, append(sub, '}')); err != nil {
		t.Fatal(err)
	}
	if err := wsjson.Read(ctx, ws, &msg); websocket.CloseStatus(err) != 1007 {
		t.Errorf("after a message that is not UTF-8: %+v, %v; want the connection closed with 1007", msg, err)
	}

	var none struct{ Goals struct{ TotalCount int } }
	c.MustDo(t, `{ goals { totalCount } }`, nil, &none)
	if none.Goals.TotalCount != 0 {
		t.Fatalf("refused requests saved %d goals", none.Goals.TotalCount)
	}
	// Valid text, a surrogate pair and an escaped backslash before a u
	// included, is saved as sent.
	var out struct {
		CreateGoal struct{ Goal struct{ Title string } }
	}
	r := c.Post(t, "application/json", create(`Weld \ud83d\udd25 caf\u00e9 \\ud800 é`))
	if len(r.Errors) > 0 {
		t.Fatalf("valid text refused: %+v", r.Errors)
	}
	_ = json.Unmarshal(r.Data, &out)
	if want := `Weld 🔥 café \ud800 é`; out.CreateGoal.Goal.Title != want {
		t.Errorf("saved title %q, want %q", out.CreateGoal.Goal.Title, want)
	}
}

// TestPersistedQueryAllowList: with an allow-list, only its queries run,
// by hash or by text; anything else is FORBIDDEN and nothing runs.
func TestPersistedQueryAllowList(t *testing.T) {
	t.Parallel()
	const signIn = `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`
	const viewerQuery = `{ viewer { account { email } } }`
	list := map[string]string{}
	for _, q := range []string{signIn, viewerQuery} {
		list[sha(q)] = q
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "queries.json")
	raw, _ := json.Marshal(list)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := server.LoadPersistedQueries(path)
	if err != nil || len(loaded) != 2 {
		t.Fatalf("load: %v, %d queries", err, len(loaded))
	}
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"`+sha("{ a }")+`": "{ b }"}`), 0o600)
	if _, err := server.LoadPersistedQueries(bad); err == nil || !strings.Contains(err.Error(), "not the SHA-256") {
		t.Errorf("a list whose hash does not match its query loaded: %v", err)
	}

	s := apitest.NewServer(t, apitest.Production(), with(func(c *server.Config) { c.PersistedQueries = loaded }))
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin) // by text: signIn is on the list

	byHash := func(hash, query string) *apitest.Response {
		body, _ := json.Marshal(map[string]any{"query": query, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}})
		return c.Post(t, "application/json", body)
	}
	if r := byHash(sha(viewerQuery), ""); len(r.Errors) > 0 || !strings.Contains(string(r.Data), w.Home.Admin.Email) {
		t.Errorf("by hash: %+v %s", r.Errors, r.Data)
	}
	c.MustDo(t, viewerQuery, nil, nil)

	e := c.MustFail(t, "FORBIDDEN", `{ viewer { account { email name } } }`, nil)
	if !strings.Contains(e.Message, "PERSISTED_QUERY_REQUIRED") {
		t.Errorf("message %q", e.Message)
	}
	other := `{ students { totalCount } }`
	for name, r := range map[string]*apitest.Response{
		"unknown hash":         byHash(sha(other), ""),
		"registering a query":  byHash(sha(other), other),
		"hash of another text": byHash(sha(viewerQuery), other),
	} {
		if len(r.Errors) != 1 || (r.Errors[0].Code() != "FORBIDDEN" && r.Errors[0].Code() != "BAD_USER_INPUT") || r.Data != nil && string(r.Data) != "null" {
			t.Errorf("%s: %+v %s", name, r.Errors, r.Data)
		}
	}
	if r := byHash(sha(other), other); r.Errors[0].Code() != "FORBIDDEN" {
		t.Errorf("an automatic persisted query registration was not refused: %+v", r.Errors)
	}
	// Automatic persisted queries still work without an allow-list.
	d := apitest.NewServerOn(t, s.DB)
	dc := d.As(t, w.Home.Admin)
	body, _ := json.Marshal(map[string]any{"query": other, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha(other)}}})
	if r := dc.Post(t, "application/json", body); len(r.Errors) > 0 {
		t.Errorf("APQ registration without an allow-list: %+v", r.Errors)
	}
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestOperationTimeout: an operation past OperationTimeout stops with
// LIMIT_EXCEEDED (the deadline reaches the database) and saves nothing;
// the driver's error does not reach the client.
func TestOperationTimeout(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	token := s.As(t, w.Home.Admin).Token
	slow := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.OperationTimeout = time.Nanosecond }))
	sc := slow.WithToken(token)
	for _, q := range []string{
		`{ students { totalCount } }`,
		`mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
	} {
		r := sc.Do(t, q, map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "CAREER", "title": "Too slow"}})
		if len(r.Errors) == 0 {
			t.Fatalf("%s ran within 1ns: %s", q, r.Data)
		}
		for _, e := range r.Errors {
			if e.Code() != "LIMIT_EXCEEDED" || !strings.Contains(e.Message, "1ns") {
				t.Errorf("%s: %q (%s), want LIMIT_EXCEEDED naming the limit", q, e.Message, e.Code())
			}
			if strings.Contains(e.Message, "context") || strings.Contains(e.Message, "transaction") {
				t.Errorf("%s: the message leaks the driver's error: %q", q, e.Message)
			}
		}
	}
	r := slow.Anonymous().Do(t, `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`, map[string]any{"e": w.Home.Admin.Email, "p": apitest.Password})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "LIMIT_EXCEEDED" {
		t.Errorf("signIn within 1ns: %+v", r.Errors)
	}
	// Just under: the same requests with time to run.
	roomy := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.OperationTimeout = 10 * time.Second })).WithToken(token)
	var out struct{ Goals struct{ TotalCount int } }
	roomy.MustDo(t, `{ goals { totalCount } }`, nil, &out)
	if out.Goals.TotalCount != 0 {
		t.Errorf("a stopped mutation saved %d goals", out.Goals.TotalCount)
	}
	roomy.MustDo(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
		map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "CAREER", "title": "In time"}}, nil)
}

// TestHTTPTimeouts: a request body that trickles in past ReadTimeout is cut
// off, while a websocket outlives both HTTP timeouts.
func TestHTTPTimeouts(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) {
		c.ReadTimeout = 300 * time.Millisecond
		c.WriteTimeout = 600 * time.Millisecond
	}))
	w := apitest.NewWorld(t, s.DB)
	token := s.As(t, w.Home.Advisor).Token

	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("slow body: %v, want a 408 answer", err)
	}
	var out struct{ Errors []apitest.Error }
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || len(out.Errors) != 1 || out.Errors[0].Code() != "LIMIT_EXCEEDED" || !strings.Contains(out.Errors[0].Message, "300ms") {
		t.Errorf("slow body answered %d %+v, want 408 LIMIT_EXCEEDED naming the limit", resp.StatusCode, out.Errors)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("a slow body held the connection for %v", elapsed)
	}

	// A websocket lives on past both timeouts.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, strings.Replace(s.URL, "http", "ws", 1)+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	var msg struct {
		Type    string         `json:"type"`
		Payload map[string]any `json:"payload"`
	}
	_ = wsjson.Write(ctx, ws, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}})
	if err := wsjson.Read(ctx, ws, &msg); err != nil || msg.Type != "connection_ack" {
		t.Fatalf("init: %+v %v", msg, err)
	}
	time.Sleep(900 * time.Millisecond)
	_ = wsjson.Write(ctx, ws, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": "{ viewer { account { email } } }"}})
	if err := wsjson.Read(ctx, ws, &msg); err != nil || msg.Type != "next" {
		t.Fatalf("after the HTTP timeouts: %+v %v", msg, err)
	}
}

// TestCrossSiteRequests: what a page on another site can make a browser
// send without a preflight (GET, form-encoded, text/plain and multipart
// POSTs) cannot change anything; multipart works with a preflight header.
func TestCrossSiteRequests(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	c := s.As(t, w.Home.Admin)
	const mutation = `mutation { signOut { signedOut } }`

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/query?query="+url.QueryEscape(mutation), nil)
	if r := c.Send(t, req); len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "POST") {
		t.Errorf("mutation over GET: status %d, errors %+v", r.Status, r.Errors)
	}
	form := url.Values{"query": {mutation}}.Encode()
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "text/plain;charset=UTF-8", "application/graphql", ""} {
		body := `{"query": "` + mutation + `"}`
		if ct == "application/x-www-form-urlencoded" {
			body = form
		}
		r := c.Post(t, ct, []byte(body))
		if r.Status != http.StatusUnsupportedMediaType || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "application/json") {
			t.Errorf("POST %q: status %d, errors %+v; want 415 BAD_USER_INPUT", ct, r.Status, r.Errors)
		}
	}
	req, _ = http.NewRequest(http.MethodPut, s.URL+"/query", strings.NewReader(`{"query": "`+mutation+`"}`))
	req.Header.Set("Content-Type", "application/json")
	if r := c.Send(t, req); r.Status != http.StatusMethodNotAllowed || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("PUT: status %d, errors %+v", r.Status, r.Errors)
	}

	multipartBody := func(operations string) (string, []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("operations", operations)
		_ = mw.WriteField("map", `{}`)
		_ = mw.Close()
		return mw.FormDataContentType(), b.Bytes()
	}
	ct, body := multipartBody(`{"query": "` + mutation + `"}`)
	if r := c.Post(t, ct, body); r.Status != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "GraphQL-Preflight") {
		t.Errorf("multipart without a preflight header: status %d, errors %+v", r.Status, r.Errors)
	}
	// Still signed in: nothing above signed out.
	c.MustDo(t, `{ viewer { account { id } } }`, nil, nil)

	for _, header := range []string{"GraphQL-Preflight", "Apollo-Require-Preflight"} {
		ct, body := multipartBody(`{"query": "{ viewer { account { email } } }"}`)
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set(header, "1")
		if r := c.Send(t, req); len(r.Errors) > 0 || !strings.Contains(string(r.Data), w.Home.Admin.Email) {
			t.Errorf("multipart with %s: status %d, errors %+v", header, r.Status, r.Errors)
		}
	}
	// Multipart bodies get the same checks as JSON ones, and gqlgen's own
	// multipart errors get a code.
	for name, ops := range map[string]string{
		"invalid UTF-8": "{\"query\": \"{ viewer { account { id } } }\", \"variables\": {\"x\": \"\xff\"}}",
		"batch":         `[{"query": "{ viewer { account { id } } }"}]`,
		"not JSON":      `{"query": `,
	} {
		ct, body := multipartBody(ops)
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("GraphQL-Preflight", "1")
		r := c.Send(t, req)
		if r.Status < 400 || len(r.Errors) != 1 || r.Errors[0].Code() == "" {
			t.Errorf("multipart %s: status %d, errors %+v; want one coded error", name, r.Status, r.Errors)
		}
	}

	// MaxUploadBytes bounds multipart requests, files included.
	smallServer := apitest.NewServerOn(t, s.DB, with(func(c *server.Config) { c.MaxUploadBytes = 64 << 10 }))
	small := smallServer.WithToken(c.Token)
	upload := func(size int) *apitest.Response {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("operations", `{"query": "{ viewer { account { id } } }", "variables": {"file": null}}`)
		_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
		fw, _ := mw.CreateFormFile("0", "photo.jpg")
		_, _ = fw.Write(bytes.Repeat([]byte("x"), size))
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, smallServer.URL+"/query", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("GraphQL-Preflight", "1")
		return small.Send(t, req)
	}
	if r := upload(60 << 10); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("multipart under MaxUploadBytes: status %d, errors %+v", r.Status, r.Errors)
	}
	if r := upload(70 << 10); r.Status != http.StatusRequestEntityTooLarge || len(r.Errors) != 1 || r.Errors[0].Code() != "LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "65536") {
		t.Errorf("multipart over MaxUploadBytes: status %d, errors %+v", r.Status, r.Errors)
	}
}
