// Package bench is `go run ./cmd/plpdev bench`: it seeds a generated district, starts the
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
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/auth"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/server"
)

// Config says what to run.
type Config struct {
	// DB is a migrated database; Read is the pool the baseline reads
	// through (the reader pool on SQLite, as PLP's reads use).
	DB   *database.DB
	Read *sql.DB
	// NewDB opens a fresh, migrated scratch database, for workloads that
	// need data of their own (booking rush, agendas, scaling); the func it
	// returns drops it. Nil skips those workloads.
	NewDB func(ctx context.Context) (*database.DB, func(), error)
	// Workloads to run, by name (Plan, Caseload, ...); empty runs all.
	Workloads []string
	// Students to generate first; 0 uses what the database holds.
	Students int
	Clients  int
	Duration time.Duration
	// CaseloadClients ask for caseload pages at once (default 4).
	CaseloadClients int
	// Families book Slots single-seat slots, RushClients at a time
	// (defaults 2,000, 500 and 200).
	Families, Slots, RushClients int
	// Conferences whose agendas are built (default 10,000).
	Conferences int
	// Scale multiplies ScaleBase students for the scaling runs (defaults
	// 1, 4, 16 and 500); Chart, if set, is where the SVG chart goes.
	Scale     []int
	ScaleBase int
	Chart     string
	// DatabaseURL names DB as `plp serve --database-url` takes it, and
	// Serve returns the command that starts `plp serve` on it, at addr with
	// dataDir, as a child process: the idle RSS measure (nil skips it).
	DatabaseURL string
	Serve       func(ctx context.Context, databaseURL, addr, dataDir string) *exec.Cmd
	// Progress hears what the run is doing (nil: silent).
	Progress io.Writer
	Log      *slog.Logger
}

// Workload names for Config.Workloads (--workloads).
const (
	WorkPlan      = "plan"
	WorkCaseload  = "caseload"
	WorkBooking   = "booking"
	WorkAgendas   = "agendas"
	WorkReminders = "reminders"
	WorkScaling   = "scaling"
	WorkIdle      = "idle"
	WorkWeb       = "web"
)

// AllWorkloads in the order they run.
var AllWorkloads = []string{WorkPlan, WorkCaseload, WorkBooking, WorkAgendas, WorkReminders, WorkWeb, WorkScaling, WorkIdle}

// Rows of the table (Result.Workload).
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

// Report is what a run measured: one Result per table row, the scaling
// points, and each target with its verdict.
type Report struct {
	Results []Result
	Scaling []Point
	Checks  []Check
}

// Check is one target and what the run measured against it.
type Check struct {
	Workload string
	Target   string
	Measured string
	Met      bool
}

// env is what the workloads share.
type env struct {
	cfg    Config
	dbName string
	hc     *http.Client
	// plp is the server on cfg.DB; its URL.
	plp    string
	srvCfg server.Config
	people []person
	// planRPS is the plan page's closed-loop rate, once measured.
	planRPS float64
	rep     *Report
}

func (e *env) say(format string, args ...any) {
	if e.cfg.Progress != nil {
		fmt.Fprintf(e.cfg.Progress, format+"\n", args...)
	}
}

func (e *env) add(r Result) { e.rep.Results = append(e.rep.Results, r) }

func (e *env) check(workload, target string, met bool, format string, args ...any) {
	e.rep.Checks = append(e.rep.Checks, Check{Workload: workload, Target: target, Measured: fmt.Sprintf(format, args...), Met: met})
}

func dbName(d *database.DB) string {
	if d.Dialect == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// ParseWorkloads reads a comma-separated list of workload names; "" or
// "all" is every workload.
func ParseWorkloads(s string) ([]string, error) {
	if s == "" || s == "all" {
		return AllWorkloads, nil
	}
	var out []string
	for _, w := range strings.Split(s, ",") {
		w = strings.TrimSpace(w)
		if !slices.Contains(AllWorkloads, w) {
			return nil, fmt.Errorf("bench: unknown workload %q (known: %s)", w, strings.Join(AllWorkloads, ", "))
		}
		out = append(out, w)
	}
	return out, nil
}

// Run seeds, serves and runs the chosen workloads, in the order of
// AllWorkloads.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Clients <= 0 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("bench: clients and duration must be positive")
	}
	// The benchmark runs at the wall clock: what it writes directly
	// (sessions, slots) is stamped now.
	ctx = clock.NewContext(ctx, time.Now)
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Workloads) == 0 {
		cfg.Workloads = AllWorkloads
	}
	cfg.CaseloadClients = orDefault(cfg.CaseloadClients, 4)
	cfg.Families, cfg.Slots, cfg.RushClients = orDefault(cfg.Families, 2000), orDefault(cfg.Slots, 500), orDefault(cfg.RushClients, 200)
	cfg.Conferences = orDefault(cfg.Conferences, 10000)
	cfg.ScaleBase = orDefault(cfg.ScaleBase, 500)
	if len(cfg.Scale) == 0 {
		cfg.Scale = []int{1, 4, 16}
	}
	e := &env{cfg: cfg, dbName: dbName(cfg.DB), rep: &Report{}}
	if cfg.Students > 0 {
		res, err := seedscale.Generate(ctx, cfg.DB, seedscale.Options{Students: cfg.Students, Now: time.Now()})
		if err != nil {
			return nil, err
		}
		e.say("bench: seeded %d students (%d rows) in %s", res.Students, res.Rows(), res.Elapsed.Round(time.Millisecond))
	}
	e.srvCfg = benchServerConfig()
	url, stop, err := serve(ctx, server.New(e.srvCfg, cfg.DB, cfg.Log))
	if err != nil {
		return nil, err
	}
	defer stop()
	e.plp = url
	e.hc = &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: 4 * max(cfg.Clients, cfg.RushClients), MaxIdleConnsPerHost: 2 * max(cfg.Clients, cfg.RushClients), IdleConnTimeout: time.Minute,
	}}
	defer e.hc.CloseIdleConnections()

	steps := map[string]func(context.Context) error{
		WorkPlan: e.plan, WorkCaseload: e.caseload, WorkBooking: e.booking, WorkAgendas: e.agendas,
		WorkReminders: e.reminders, WorkWeb: e.web, WorkScaling: e.scaling, WorkIdle: e.idle,
	}
	for _, w := range AllWorkloads {
		if !slices.Contains(cfg.Workloads, w) {
			continue
		}
		if err := steps[w](ctx); err != nil {
			return e.rep, fmt.Errorf("workload %s: %w", w, err)
		}
	}
	return e.rep, nil
}

// benchServerConfig is the server's configuration for a load test: the
// limits that protect production from one address asking far more than a
// person would stay out of it.
func benchServerConfig() server.Config {
	c := server.DefaultConfig()
	c.SignInRatePerAddress, c.SignInRatePerEmail, c.MutationRatePerAccount = auth.Rate{}, auth.Rate{}, auth.Rate{}
	c.Throttle = auth.Throttle{}
	return c
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// signedIn signs students in once, for the workloads that read plans.
func (e *env) signedIn(ctx context.Context) ([]person, error) {
	if e.people != nil {
		return e.people, nil
	}
	people, err := signIn(ctx, e.hc, e.plp, e.cfg.DB.Client, e.cfg.Clients)
	if err != nil {
		return nil, err
	}
	e.say("bench: %d students signed in", len(people))
	e.people = people
	return people, nil
}

// plan is the plan page against its baseline and hello world, with and
// without /metrics, and at half load.
func (e *env) plan(ctx context.Context) error {
	cfg := e.cfg
	people, err := e.signedIn(ctx)
	if err != nil {
		return err
	}
	bareCfg := e.srvCfg
	bareCfg.Metrics = false
	plpBare, stopBare, err := serve(ctx, server.New(bareCfg, cfg.DB, cfg.Log))
	if err != nil {
		return err
	}
	defer stopBare()
	base := newBaseline(cfg.Read, cfg.DB.Dialect, time.Now)
	baseURL, stopBase, err := serve(ctx, plainServer{http.HandlerFunc(base.ServeHTTP)})
	if err != nil {
		return err
	}
	defer stopBase()
	helloURL, stopHello, err := serve(ctx, plainServer{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data":{"hello":"world"}}`)
	})})
	if err != nil {
		return err
	}
	defer stopHello()
	hc := e.hc
	run := func(name string, statements func() int64, do request) Result {
		e.say("bench: %s ...", name)
		counted := statements
		if counted == nil {
			counted = func() int64 { return 0 }
		}
		r := drive(ctx, cfg.Clients, cfg.Duration, counted, do)
		r.Workload, r.Database = name, e.dbName
		if statements == nil {
			r.Statements = -1
		}
		return r
	}
	hello := run(Hello, nil, func(ctx context.Context, i int) error {
		return get(ctx, hc, helloURL+"/", "")
	})
	e.add(hello)
	planBase := run(PlanBaseline, base.statements.Load, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return get(ctx, hc, baseURL+"/plan?student="+string(p.student), p.token)
	})
	e.add(planBase)
	bare := run(PlanNoMetrics, cfg.DB.Statements, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return graphql(ctx, hc, plpBare, p.token, planPageQuery, map[string]any{"id": p.student})
	})
	bare.Baseline = &planBase
	e.add(bare)
	page := run(PlanPage, cfg.DB.Statements, func(ctx context.Context, i int) error {
		p := people[i%len(people)]
		return graphql(ctx, hc, e.plp, p.token, planPageQuery, map[string]any{"id": p.student})
	})
	page.Baseline = &planBase
	e.add(page)
	e.planRPS = page.RPS()
	if planBase.RPS() > 0 && hello.RPS() > 0 {
		e.check(PlanPage, "req/s >= 50% of the baseline's", page.RPS() >= planBase.RPS()/2, "%.0f%%", 100*page.RPS()/planBase.RPS())
		e.check(PlanPage, "req/s >= 20% of hello world's", page.RPS() >= hello.RPS()/5, "%.1f%%", 100*page.RPS()/hello.RPS())
	}
	if bare.RPS() > 0 {
		cost := 100 * (1 - page.RPS()/bare.RPS())
		e.check(PlanPage, "/metrics costs < 5% of req/s", cost < 5, "%+.1f%%", cost)
	}
	e.check(PlanPage, "peak RSS < 150 MB under load", page.PeakRSS < 150e6, "%s", mib(page.PeakRSS))
	if page.RPS() > 0 {
		e.say("bench: %s (%.0f req/s) ...", PlanHalfLoad, page.RPS()/2)
		half := pace(ctx, page.RPS()/2, len(people), cfg.Duration, nil, cfg.DB.Statements, func(ctx context.Context, i int) error {
			p := people[i]
			return graphql(ctx, hc, e.plp, p.token, planPageQuery, map[string]any{"id": p.student})
		})
		half.Workload, half.Database = fmt.Sprintf("%s (%.0f req/s)", PlanHalfLoad, page.RPS()/2), e.dbName
		e.add(half)
		e.check(PlanHalfLoad, "p99 < 10 ms", half.P99 < 10*time.Millisecond && half.Errors == 0, "%s", ms(half.P99))
	}
	return nil
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

// serve serves s on a loopback port until stop is called (or ctx ends),
// and returns its URL; stop waits until s has shut down, so a database
// can be closed after it.
func serve(ctx context.Context, s servable) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on loopback: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Serve(ctx, ln)
	}()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }, nil
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
		return &gqlError{Status: resp.StatusCode, Message: err.Error()}
	}
	if len(answer.Errors) > 0 {
		return &gqlError{Status: resp.StatusCode, Code: answer.Errors[0].Extensions.Code, Message: answer.Errors[0].Message}
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /query: %s", resp.Status)
	}
	if out != nil {
		return json.Unmarshal(answer.Data, out)
	}
	return nil
}

// gqlError is a GraphQL error (or an answer that is not GraphQL) as the
// client saw it.
type gqlError struct {
	Status  int
	Code    string
	Message string
}

func (e *gqlError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// errorCode is the extensions.code of a GraphQL error ("" for others).
func errorCode(err error) string {
	var ge *gqlError
	if errors.As(err, &ge) {
		return ge.Code
	}
	return ""
}
