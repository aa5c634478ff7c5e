package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"plp/internal/conference/live"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/metrics"
	"plp/internal/platform/viewer"
	"plp/server"
)

// Start is when the clock of a new test server stands: Monday 2026-11-23,
// 14:00 UTC. NewWorld's rows are created then.
var Start = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

// SystemAt returns a context of the system viewer whose clock stands at t:
// for a test that writes rows directly, with no server.
func SystemAt(t time.Time) context.Context {
	return NewClock(t).System()
}

// Clock is a settable clock for the server under test.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Context returns ctx with the clock on it (clock.NewContext): what a
// domain call made beside the server reads the time from.
func (c *Clock) Context(ctx context.Context) context.Context {
	return clock.NewContext(ctx, c.Now)
}

// System returns a context of the system viewer with the clock on it: what
// a test uses to read and write rows directly, as a job would.
func (c *Clock) System() context.Context {
	return viewer.SystemContext(c.Context(context.Background()))
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Server is a PLP server on a loopback port, over a database of its own.
type Server struct {
	URL   string
	DB    *database.DB
	Clock *Clock
	HTTP  *http.Client
	// Audit is the server's audit recorder; FlushAudit writes what it holds.
	Audit *audit.Recorder
	// SlotChanges is how the server announces slot changes, for jobs run
	// beside it (jobs.Env.SlotChanges), as `plp serve` runs them.
	SlotChanges live.Notifier
	// Slots is the server's broker of slot changes: its subscribers are the
	// open slotsChanged subscriptions.
	Slots *live.Broker
	// Metrics is the server's /metrics registry (nil when off), for what
	// `plp serve` adds beside the server (the scheduler's leadership).
	Metrics *metrics.Metrics
}

// System returns a context of the system viewer at the server's clock:
// what a test uses to read and write rows directly, as a job would.
func (s *Server) System() context.Context { return s.Clock.System() }

// FlushAudit writes the audit events queued so far, so a test can read them.
func (s *Server) FlushAudit(tb testing.TB) {
	tb.Helper()
	if err := s.Audit.Flush(context.Background()); err != nil {
		tb.Fatalf("flush audit trail: %v", err)
	}
}

// Option changes the configuration of a test server.
type Option func(*server.Config)

// QuietAudit holds the audit trail's writes until FlushAudit (or an hour),
// so a test counting a request's SQL statements counts only the request's.
func QuietAudit() Option {
	return func(c *server.Config) { c.AuditBatchSize, c.AuditFlushInterval = 100000, time.Hour }
}

// listenerURL stands for the server's own address until it listens.
const listenerURL = "http://apitest.listener"

// PublicAtListener makes the server's public URL its own loopback address,
// so the links and redirect URIs it hands out (single sign-on's callback)
// lead a real browser back to it.
func PublicAtListener() Option { return func(c *server.Config) { c.PublicURL = listenerURL } }

// Production runs the server as --production does.
func Production() Option { return func(c *server.Config) { c.Production = true } }

// NewServer starts a server on 127.0.0.1 over a new database (see NewDB),
// with its clock at 2026-11-23 14:00 UTC. It stops when the test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return NewServerOn(tb, NewDB(tb), opts...)
}

// NewServerOn starts a server on an existing database.
func NewServerOn(tb testing.TB, db *database.DB, opts ...Option) *Server {
	tb.Helper()
	clk := NewClock(Start)
	cfg := server.DefaultConfig()
	cfg.Now = clk.Now
	for _, o := range opts {
		o(&cfg)
	}
	level := slog.LevelWarn
	if os.Getenv("PLP_TEST_LOG") == "info" {
		level = slog.LevelInfo // every request and refusal, in the failing test's log
	}
	log := slog.New(server.NewLogHandler(slog.NewTextHandler(testWriter{tb}, &slog.HandlerOptions{Level: level})))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	if cfg.PublicURL == listenerURL {
		cfg.PublicURL = "http://" + ln.Addr().String()
	}
	srv := server.New(cfg, db, log)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("server stopped with: %v", err)
		}
	})
	return &Server{
		URL:         "http://" + ln.Addr().String(),
		DB:          db,
		Clock:       clk,
		HTTP:        &http.Client{Timeout: 30 * time.Second},
		Audit:       srv.Audit,
		SlotChanges: srv.SlotChanges(),
		Slots:       srv.Slots,
		Metrics:     srv.Metrics,
	}
}

// testWriter sends server logs to the test log, shown when a test fails.
type testWriter struct{ tb testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(string(bytes.TrimRight(p, "\n")))
	return len(p), nil
}

// Get sends a GET to path and returns the status and body.
func (s *Server) Get(tb testing.TB, path string) (int, []byte) {
	tb.Helper()
	resp, err := s.HTTP.Get(s.URL + path)
	if err != nil {
		tb.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read GET %s: %v", path, err)
	}
	return resp.StatusCode, body
}

// Anonymous returns a client that is not signed in.
func (s *Server) Anonymous() *Client { return &Client{s: s} }

// WithToken returns a client that sends the given bearer token.
func (s *Server) WithToken(token string) *Client { return &Client{s: s, Token: token} }

// SignIn signs in through the API and returns a client with the token.
func (s *Server) SignIn(tb testing.TB, email, password string) *Client {
	tb.Helper()
	var out struct {
		SignIn struct{ Token string }
	}
	s.Anonymous().MustDo(tb, `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": email, "p": password}, &out)
	return s.WithToken(out.SignIn.Token)
}

// Client sends GraphQL requests to a test server.
type Client struct {
	s     *Server
	Token string
}

// Response is a GraphQL response with what it cost.
type Response struct {
	Status      int
	ContentType string
	Data        json.RawMessage
	Errors      []Error
	// Statements is how many SQL statements the request ran.
	Statements int64
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field returns extensions.field, the input field at fault.
func (e Error) Field() string { s, _ := e.Extensions["field"].(string); return s }

// Do posts a query with variables and returns the decoded response.
func (c *Client) Do(tb testing.TB, query string, vars map[string]any) *Response {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		tb.Fatalf("encode request: %v", err)
	}
	return c.Post(tb, "application/json", body)
}

// Post sends a raw body to /query and decodes the response.
func (c *Client) Post(tb testing.TB, contentType string, body []byte) *Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, c.s.URL+"/query", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.Send(tb, req)
}

// Send sends a prepared request, adding the client's token.
func (c *Client) Send(tb testing.TB, req *http.Request) *Response {
	tb.Helper()
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	before := c.s.DB.Statements()
	resp, err := c.s.HTTP.Do(req)
	if err != nil {
		tb.Fatalf("POST /query: %v", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read response: %v", err)
	}
	out := &Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Statements: c.s.DB.Statements() - before}
	var decoded struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		tb.Fatalf("response is not JSON (status %d): %v\n%s", resp.StatusCode, err, raw)
	}
	out.Data, out.Errors = decoded.Data, decoded.Errors
	return out
}

// MustDo runs a query that must succeed and decodes its data into out.
func (c *Client) MustDo(tb testing.TB, query string, vars map[string]any, out any) *Response {
	tb.Helper()
	r := c.Do(tb, query, vars)
	if len(r.Errors) > 0 {
		tb.Fatalf("query failed: %+v\nquery: %s\nvariables: %v", r.Errors, query, vars)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			tb.Fatalf("decode data: %v\n%s", err, r.Data)
		}
	}
	return r
}

// MustFail runs a query that must fail with the given code, and returns the
// first error.
func (c *Client) MustFail(tb testing.TB, code, query string, vars map[string]any) Error {
	tb.Helper()
	r := c.Do(tb, query, vars)
	if len(r.Errors) == 0 {
		tb.Fatalf("query succeeded, want %s error\nquery: %s\ndata: %s", code, query, r.Data)
	}
	for _, e := range r.Errors {
		if e.Code() != code {
			tb.Fatalf("got error %q with code %q, want %s\nquery: %s", e.Message, e.Code(), code, query)
		}
	}
	return r.Errors[0]
}
