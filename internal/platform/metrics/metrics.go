// Package metrics is what operators watch: /metrics in the Prometheus
// exposition format. Latency per GraphQL operation, errors and conflicts by
// code, SQL statements and errors, the outbox's depth and oldest pending
// message, and Go's own runtime figures.
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
	// Outbox reports the mail waiting to be sent and when the oldest of
	// it became due; nil leaves the outbox out.
	Outbox func(ctx context.Context) (pending int, oldestDue time.Time, err error)
	Now    func() time.Time
	// Trusted reports whether an operation's name may be a label: the
	// name of an operation from anyone else is counted as "unnamed", so
	// that anonymous clients cannot fill the labels. Nil trusts all.
	Trusted func(ctx context.Context) bool
}

// Metrics holds the collectors of one server. Each server has its own
// registry, so tests can run many servers in one process.
type Metrics struct {
	Registry   *prometheus.Registry
	operations *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	names      *nameGuard
	trusted    func(ctx context.Context) bool
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
		names:   &nameGuard{seen: map[string]bool{}},
		trusted: src.Trusted,
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
	return m
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
	if m.trusted != nil && !m.trusted(ctx) {
		name = "unnamed"
	} else {
		name = m.names.label(name)
	}
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
	read func(ctx context.Context) (int, time.Time, error)
	now  func() time.Time
}

var (
	outboxDepth = prometheus.NewDesc("plp_outbox_pending", "Messages in the outbox waiting to be sent (due or not).", nil, nil)
	outboxAge   = prometheus.NewDesc("plp_outbox_oldest_due_age_seconds", "How long the oldest due, unsent message has waited since it became due; 0 when none is due.", nil, nil)
	outboxUp    = prometheus.NewDesc("plp_outbox_read_ok", "1 when the outbox could be read at this scrape.", nil, nil)
)

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepth
	ch <- outboxAge
	ch <- outboxUp
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if !oldest.IsZero() {
		age = max(0, c.now().Sub(oldest).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxDepth, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(outboxAge, prometheus.GaugeValue, age)
}
