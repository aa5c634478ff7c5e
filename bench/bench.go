// Package bench is `plp bench`: it seeds a generated district, starts the
// real server on loopback, drives it over HTTP with concurrent clients and
// measures each workload next to its baseline, the same work done with
// hand-written SQL behind a plain net/http handler in the same process and
// run, and next to a hello-world handler.
package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"plp/auth"
	"plp/database"
	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/seedscale"
	"plp/server"
	"plp/viewer"
)

// Config says what to run.
type Config struct {
	// DB is a migrated database; Read is the pool the baseline reads
	// through (the reader pool on SQLite, as PLP's reads use).
	DB   *database.DB
	Read *sql.DB
	// Students to generate first; 0 uses what the database holds.
	Students int
	Clients  int
	Duration time.Duration
	// Progress hears what the run is doing (nil: silent).
	Progress io.Writer
	Log      *slog.Logger
}

// Workloads in the order they run and print.
const (
	Hello        = "hello world"
	PlanBaseline = "plan page (baseline)"
	PlanPage     = "plan page"
	// PlanNoMetrics is the plan page on a second server with /metrics
	// off, to measure what the metrics cost.
	PlanNoMetrics = "plan page, metrics off"
	// PlanHalfLoad is the plan page sent open-loop at half the rate the
	// closed-loop run reached: the p99 target's load.
	PlanHalfLoad = "plan page at half load"
)

// Run seeds, serves and measures, and returns one Result per workload.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	if cfg.Clients <= 0 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("bench: clients and duration must be positive")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	say := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", args...)
		}
	}
	if cfg.Students > 0 {
		res, err := seedscale.Generate(ctx, cfg.DB, seedscale.Options{Students: cfg.Students, Now: time.Now()})
		if err != nil {
			return nil, err
		}
		say("bench: seeded %d students (%d rows) in %s", res.Students, res.Rows(), res.Elapsed.Round(time.Millisecond))
	}

	srvCfg := server.DefaultConfig()
	// A load test signs in and asks from one address far more than a
	// person would: the limits that protect production stay out of it.
	srvCfg.SignInRatePerAddress, srvCfg.SignInRatePerEmail, srvCfg.MutationRatePerAccount = auth.Rate{}, auth.Rate{}, auth.Rate{}
	srvCfg.LockoutThreshold = 0
	plp, err := listen(ctx, server.New(srvCfg, cfg.DB, cfg.Log))
	if err != nil {
		return nil, err
	}
	srvCfg.Metrics = false
	plpBare, err := listen(ctx, server.New(srvCfg, cfg.DB, cfg.Log))
	if err != nil {
		return nil, err
	}
	base := newBaseline(cfg.Read, cfg.DB.Dialect, time.Now)
	baseURL, err := listen(ctx, plainServer{http.HandlerFunc(base.ServeHTTP)})
	if err != nil {
		return nil, err
	}
	helloURL, err := listen(ctx, plainServer{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data":{"hello":"world"}}`)
	})})
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 4 * cfg.Clients, MaxIdleConnsPerHost: 2 * cfg.Clients, IdleConnTimeout: time.Minute,
	}}
	defer hc.CloseIdleConnections()

	people, err := signIn(ctx, hc, plp, cfg.DB.Client, cfg.Clients)
	if err != nil {
		return nil, err
	}
	say("bench: %d students signed in; %d clients for %s per workload", len(people), cfg.Clients, cfg.Duration)
	dbName := cfg.DB.Dialect
	if dbName == "sqlite3" {
		dbName = "sqlite"
	}
	var results []Result
	run := func(name string, statements func() int64, do request) Result {
		say("bench: %s ...", name)
		counted := statements
		if counted == nil {
			counted = func() int64 { return 0 }
		}
		r := drive(ctx, cfg.Clients, cfg.Duration, counted, do)
		r.Workload, r.Database = name, dbName
		if statements == nil {
			r.Statements = -1
		}
		return r
	}
	hello := run(Hello, nil, func(ctx context.Context, i int) error {
		return get(ctx, hc, helloURL+"/", "")
	})
	results = append(results, hello)

	planBase := run(PlanBaseline, base.statements.Load, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return get(ctx, hc, baseURL+"/plan?student="+string(p.student), p.token)
	})
	results = append(results, planBase)
	bare := run(PlanNoMetrics, cfg.DB.Statements, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return graphql(ctx, hc, plpBare, p.token, planPageQuery, map[string]any{"id": p.student})
	})
	bare.Baseline = &planBase
	results = append(results, bare)
	page := run(PlanPage, cfg.DB.Statements, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return graphql(ctx, hc, plp, p.token, planPageQuery, map[string]any{"id": p.student})
	})
	page.Baseline = &planBase
	results = append(results, page)
	if page.RPS() > 0 {
		say("bench: %s (%.0f req/s) ...", PlanHalfLoad, page.RPS()/2)
		half := pace(ctx, page.RPS()/2, len(people), cfg.Duration, cfg.DB.Statements, func(ctx context.Context, i int) error {
			p := people[i]
			return graphql(ctx, hc, plp, p.token, planPageQuery, map[string]any{"id": p.student})
		})
		half.Workload, half.Database = PlanHalfLoad, dbName
		results = append(results, half)
	}
	return results, nil
}

// planPageQuery is the student's whole plan, as the student's home page
// asks for it.
const planPageQuery = `query PlanPage($id: ID!) {
  node(id: $id) { ... on Student {
    id preferredName pronouns grade identityStatement strengths interests learningPreferences
    goals(first: 20) { totalCount edges { node { id title area status progress targetDate
      milestones { id title due doneAt } } } }
    evidence(first: 10, orderBy: {field: OCCURRED_ON, direction: DESC}) { edges { node { id title kind occurredOn visibility } } }
    reflections(first: 10, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id prompt body createdAt } } }
    selfAssessments(first: 50, orderBy: {field: TAKEN_AT, direction: ASC}) { edges { node { level takenAt skill { code name } } } }
  } }
}`

// person is a signed-in student.
type person struct {
	student pulid.ID
	token   string
}

// signIn signs n students in through the API (up to n distinct ones).
func signIn(ctx context.Context, hc *http.Client, url string, c *ent.Client, n int) ([]person, error) {
	students, err := c.Student.Query().Where(student.HasAccount()).WithAccount().Order(ent.Asc(student.FieldID)).
		Limit(n).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("choose students: %w", err)
	}
	if len(students) == 0 {
		return nil, fmt.Errorf("bench: the database has no student who signs in: seed with --students")
	}
	var out []person
	for _, st := range students {
		var resp struct {
			SignIn struct{ Token string }
		}
		if err := graphqlInto(ctx, hc, url, "", `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`,
			map[string]any{"e": st.Edges.Account.Email, "p": seedscale.Password}, &resp); err != nil {
			return nil, fmt.Errorf("sign in %s: %w", st.Edges.Account.Email, err)
		}
		out = append(out, person{student: st.ID, token: resp.SignIn.Token})
	}
	return out, nil
}

// plainServer serves a handler on a listener until its context ends.
type plainServer struct{ h http.Handler }

func (p plainServer) Serve(ctx context.Context, ln net.Listener) error {
	s := &http.Server{Handler: p.h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	if err := s.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

type servable interface {
	Serve(ctx context.Context, ln net.Listener) error
}

// listen serves s on a loopback port until ctx ends, and returns its URL.
func listen(ctx context.Context, s servable) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("listen on loopback: %w", err)
	}
	go s.Serve(ctx, ln)
	return "http://" + ln.Addr().String(), nil
}

func get(ctx context.Context, hc *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, bytes.TrimSpace(body))
	}
	return nil
}

func graphql(ctx context.Context, hc *http.Client, url, token, query string, vars map[string]any) error {
	return graphqlInto(ctx, hc, url, token, query, vars, nil)
}

// graphqlInto posts a GraphQL request; any error in the answer fails it.
func graphqlInto(ctx context.Context, hc *http.Client, url, token, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return fmt.Errorf("%s: %w", resp.Status, err)
	}
	if len(answer.Errors) > 0 {
		return fmt.Errorf("%s: %s", answer.Errors[0].Extensions.Code, answer.Errors[0].Message)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /query: %s", resp.Status)
	}
	if out != nil {
		return json.Unmarshal(answer.Data, out)
	}
	return nil
}
