// Package metrics is what operators watch: /metrics in the Prometheus
// exposition format. Latency per GraphQL operation, errors and conflicts by
// code, SQL statements and errors, the outbox (due, held, failed for good,
// the oldest due message), which replica leads the scheduled jobs and how
// each last ran, and Go's own runtime figures.
package metrics

import (
	"context"
	"crypto/subtle"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
)

// Source is what the metrics read from the rest of PLP when scraped.
type Source struct {
	// Statements and StatementErrors count SQL statements since start.
	Statements, StatementErrors func() int64
	// Outbox reports the state of the mail; nil leaves the outbox out.
	Outbox func(ctx context.Context) (Outbox, error)
	// Jobs reports the last run of each scheduled job, by any replica;
	// nil leaves the jobs out.
	Jobs func(ctx context.Context) ([]JobRun, error)
	Now  func() time.Time
}

// Outbox is the mail not yet sent, split by whether it may go now, and the
// mail given up on.
type Outbox struct {
	// Due may be sent now; Held waits (quiet hours, a retry's backoff).
	Due, Held int
	// Failed was given up on for good (a permanent refusal, or too many
	// tries): each is someone who was not told.
	Failed int
	// OldestDue is when the oldest due message became due (zero: none).
	OldestDue time.Time
}

// JobRun is the last run of one job.
type JobRun struct {
	Job       string
	StartedAt time.Time
	// Finished is false while it runs (or when its replica died in it).
	Finished, OK bool
}

// Metrics holds the collectors of one server. Each server has its own
// registry, so tests can run many servers in one process.
type Metrics struct {
	Registry   *prometheus.Registry
	operations *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	names      *nameGuard
}

// New registers the collectors on a new registry.
func New(src Source) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "plp_graphql_operation_duration_seconds",
			Help: "Time from a GraphQL request's arrival to its response, by operation name and type.",
			// From a cached read (1 ms) to the operation timeout.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plp_graphql_errors_total",
			Help: "GraphQL errors answered, by extensions.code and operation name. code=\"CONFLICT\" on a booking operation is a booking conflict (the slot was taken).",
		}, []string{"code", "operation"}),
		names: &nameGuard{seen: map[string]bool{}},
	}
	reg.MustRegister(m.operations, m.errors,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	if src.Statements != nil {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "plp_sql_statements_total", Help: "SQL statements sent to the database.",
		}, func() float64 { return float64(src.Statements()) }))
	}
	if src.StatementErrors != nil {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "plp_sql_errors_total", Help: "SQL statements that failed (constraint violations included).",
		}, func() float64 { return float64(src.StatementErrors()) }))
	}
	if src.Outbox != nil {
		now := src.Now
		if now == nil {
			now = time.Now
		}
		reg.MustRegister(&outboxCollector{read: src.Outbox, now: now})
	}
	if src.Jobs != nil {
		reg.MustRegister(&jobsCollector{read: src.Jobs})
	}
	return m
}

// WatchLeader adds plp_scheduler_leader, 1 while this replica runs the
// scheduled jobs (the scheduler starts after the server, so it is added
// then).
func (m *Metrics) WatchLeader(leading func() bool) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "plp_scheduler_leader",
		Help: "1 while this replica is the one that runs the scheduled jobs, else 0.",
	}, func() float64 {
		if leading() {
			return 1
		}
		return 0
	}))
}

// Operations is a gqlgen operation middleware (srv.AroundOperations) that
// times each query and mutation and counts its errors by code.
func (m *Metrics) Operations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	name, typ := oc.OperationName, "query"
	if oc.Operation != nil {
		// The document's name: clients often send a single named
		// operation without operationName.
		name, typ = oc.Operation.Name, string(oc.Operation.Operation)
	}
	name = m.names.label(name)
	respond := next(ctx)
	if oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
		return respond // a subscription has no one latency
	}
	return func(ctx context.Context) *graphql.Response {
		resp := respond(ctx)
		start := oc.Stats.OperationStart
		if start.IsZero() {
			start = time.Now()
		}
		m.operations.WithLabelValues(name, typ).Observe(time.Since(start).Seconds())
		if resp != nil {
			for _, e := range resp.Errors {
				code, _ := e.Extensions["code"].(string)
				if code == "" {
					code = "UNKNOWN"
				}
				m.errors.WithLabelValues(code, name).Inc()
			}
		}
		return resp
	}
}

// Handler serves the exposition format; with a token, only to requests
// that send it as a bearer token.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the metrics token as a bearer token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// nameGuard keeps operation-name labels few: clients choose the names, and
// every new name is a new time series. Names that are not identifiers, and
// any past the first maxNames, are counted as "other".
type nameGuard struct {
	mu   sync.Mutex
	seen map[string]bool
}

const maxNames = 200

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

func (g *nameGuard) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !identifier.MatchString(name) {
		return "other"
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen[name] {
		return name
	}
	if len(g.seen) >= maxNames {
		return "other"
	}
	g.seen[name] = true
	return name
}

// outboxCollector reads the outbox when scraped.
type outboxCollector struct {
	read func(ctx context.Context) (Outbox, error)
	now  func() time.Time
}

var (
	outboxDepth  = prometheus.NewDesc("plp_outbox_pending", "Messages waiting to be sent: state=\"due\" may go now (a growing number is an alarm), state=\"held\" waits for quiet hours to end or for a retry.", []string{"state"}, nil)
	outboxFailed = prometheus.NewDesc("plp_outbox_failed", "Messages given up on for good (refused permanently, or too many tries): people who were not told.", nil, nil)
	outboxAge    = prometheus.NewDesc("plp_outbox_oldest_due_age_seconds", "How long the oldest due, unsent message has waited since it became due; 0 when none is due.", nil, nil)
	outboxUp     = prometheus.NewDesc("plp_outbox_read_ok", "1 when the outbox could be read at this scrape.", nil, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxFailed
	ch <- outboxAge
	ch <- outboxUp
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	o, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if !o.OldestDue.IsZero() {
		age = max(0, c.now().Sub(o.OldestDue).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(o.Due), "due")
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(o.Held), "held")
	ch <- prometheus.MustNewConstMetric(outboxFailed, prometheus.GaugeValue, float64(o.Failed))
	ch <- prometheus.MustNewConstMetric(outboxAge, prometheus.GaugeValue, age)
}

// jobsCollector reads the jobs' last runs when scraped: the same figures
// on every replica, whichever ran them.
type jobsCollector struct {
	read func(ctx context.Context) ([]JobRun, error)
}

var (
	jobStarted = prometheus.NewDesc("plp_job_last_started_timestamp_seconds", "When each scheduled job last started (Unix time), by any replica.", []string{"job"}, nil)
	jobOK      = prometheus.NewDesc("plp_job_last_run_ok", "1 when the job's last run that ended succeeded, 0 when it failed.", []string{"job"}, nil)
	jobRunning = prometheus.NewDesc("plp_job_running", "1 while the job's last run has not ended (or its replica died in it).", []string{"job"}, nil)
	jobsUp     = prometheus.NewDesc("plp_jobs_read_ok", "1 when the jobs' runs could be read at this scrape.", nil, nil)
)

func (c *jobsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobStarted
	ch <- jobOK
	ch <- jobRunning
	ch <- jobsUp
}

func (c *jobsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	runs, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(jobsUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(jobsUp, prometheus.GaugeValue, 1)
	for _, r := range runs {
		ch <- prometheus.MustNewConstMetric(jobStarted, prometheus.GaugeValue, float64(r.StartedAt.UnixMilli())/1000, r.Job)
		ch <- prometheus.MustNewConstMetric(jobOK, prometheus.GaugeValue, b2f(r.OK), r.Job)
		ch <- prometheus.MustNewConstMetric(jobRunning, prometheus.GaugeValue, b2f(!r.Finished), r.Job)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
