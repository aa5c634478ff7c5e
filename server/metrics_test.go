package server_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
	"plp/server"
)

// scrape GETs /metrics with an optional bearer token.
func scrape(t *testing.T, s *apitest.Server, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// sample returns the value of the series named by prefix (name and labels
// as exposed), failing when it is missing.
func sample(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in /metrics:\n%s", series, grepPLP(body))
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func grepPLP(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, "plp_") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestMetricsCountOperationsErrorsAndStatements: what operators watch moves
// with the traffic: latency per operation name, errors by code, SQL
// statements, and the outbox.
func TestMetricsCountOperationsErrorsAndStatements(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	_, before := scrape(t, s, "")
	statements := sample(t, before, "plp_sql_statements_total")
	for range 3 {
		admin.MustDo(t, `query WhoAmI { viewer { account { email } } }`, nil, nil)
	}
	s.Anonymous().MustFail(t, "UNAUTHENTICATED", `query Students { students { totalCount } }`, nil)

	status, body := scrape(t, s, "")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics: %d", status)
	}
	if n := sample(t, body, `plp_graphql_operation_duration_seconds_count{operation="WhoAmI",type="query"}`); n != 3 {
		t.Errorf("WhoAmI timed %v times, want 3", n)
	}
	if n := sample(t, body, `plp_graphql_errors_total{code="UNAUTHENTICATED",operation="Students"}`); n != 1 {
		t.Errorf("UNAUTHENTICATED counted %v times, want 1", n)
	}
	if after := sample(t, body, "plp_sql_statements_total"); after <= statements {
		t.Errorf("SQL statements went from %v to %v over four requests", statements, after)
	}
	sample(t, body, "plp_sql_errors_total")
	if n := sample(t, body, "plp_outbox_read_ok"); n != 1 {
		t.Errorf("the outbox could not be read: %s", grepPLP(body))
	}
	sample(t, body, `plp_outbox_pending{state="due"}`)
	sample(t, body, "plp_outbox_oldest_due_age_seconds")
	sample(t, body, "go_goroutines")
}

// TestMetricsOutboxStatesAndJobs: an operator can tell mail that should
// be going (due) from mail that waits on purpose (held for quiet hours)
// and from mail given up on; which replica leads the jobs; and when each
// job last ran and how it ended.
func TestMetricsOutboxStatesAndJobs(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys, now := s.System(), s.Clock.Now()
	mail := func(key string, notBefore time.Time, failed bool) {
		c := s.DB.Client.Notification.Create().SetSchoolID(w.Home.School.ID).SetRecipientID(w.Home.Family.ID).
			SetKind("generic").SetIdempotencyKey(key).SetNotBefore(notBefore)
		if failed {
			c.SetFailedAt(now).SetLastError("550 5.1.1 no such user")
		}
		c.ExecX(sys)
	}
	mail("due", now.Add(-time.Minute), false)
	mail("held-1", now.Add(8*time.Hour), false)
	mail("held-2", now.Add(9*time.Hour), false)
	mail("failed", now.Add(-time.Hour), true)

	ok := jobs.Job{Name: "tidy", Run: func(context.Context, jobs.Env, bool) (string, error) { return "tidied", nil }}
	bad := jobs.Job{Name: "broken", Run: func(context.Context, jobs.Env, bool) (string, error) { return "", errors.New("no") }}
	env := jobs.Env{Client: s.DB.Client, Now: s.Clock.Now}
	if _, err := jobs.RunRecorded(context.Background(), env, ok, "replica-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.RunRecorded(context.Background(), env, bad, "replica-a"); err == nil {
		t.Fatal("the broken job succeeded")
	}
	var leading atomic.Bool
	s.Metrics.WatchLeader(leading.Load)

	_, body := scrape(t, s, "")
	for series, want := range map[string]float64{
		`plp_outbox_pending{state="due"}`:                    1,
		`plp_outbox_pending{state="held"}`:                   2,
		`plp_outbox_failed`:                                  1,
		`plp_outbox_oldest_due_age_seconds`:                  60,
		`plp_job_last_run_ok{job="tidy"}`:                    1,
		`plp_job_last_run_ok{job="broken"}`:                  0,
		`plp_job_running{job="tidy"}`:                        0,
		`plp_job_last_started_timestamp_seconds{job="tidy"}`: float64(now.Unix()),
		`plp_scheduler_leader`:                               0,
	} {
		if got := sample(t, body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	leading.Store(true)
	if _, body = scrape(t, s, ""); sample(t, body, "plp_scheduler_leader") != 1 {
		t.Error("plp_scheduler_leader stays 0 while this replica leads")
	}
}

// TestMetricsOffOrProtected: off by flag; in production only with a token,
// and then only to scrapers that send it.
func TestMetricsOffOrProtected(t *testing.T) {
	t.Parallel()
	off := apitest.NewServer(t, func(c *server.Config) { c.Metrics = false })
	if status, _ := scrape(t, off, ""); status != http.StatusNotFound {
		t.Errorf("--metrics=false: GET /metrics answered %d, want 404", status)
	}
	bare := apitest.NewServerOn(t, off.DB, apitest.Production())
	if status, _ := scrape(t, bare, ""); status != http.StatusNotFound {
		t.Errorf("production without a token: GET /metrics answered %d, want 404", status)
	}
	const token = "scraper-secret"
	guarded := apitest.NewServerOn(t, off.DB, apitest.Production(), func(c *server.Config) { c.MetricsToken = token })
	if status, _ := scrape(t, guarded, ""); status != http.StatusUnauthorized {
		t.Errorf("production, no token sent: %d, want 401", status)
	}
	if status, _ := scrape(t, guarded, "wrong"); status != http.StatusUnauthorized {
		t.Errorf("production, wrong token: %d, want 401", status)
	}
	if status, body := scrape(t, guarded, token); status != http.StatusOK || !strings.Contains(body, "plp_sql_statements_total") {
		t.Errorf("production with the token: %d\n%s", status, grepPLP(body))
	}
}
