package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"plp/apitest"
	"plp/bench"
)

// TestTinyRun runs the whole bench, small and short, through the real
// server on the test database: every workload answers without error, the
// plan page costs a fixed, small number of statements whatever the
// student, and the table shows the ratios.
func TestTinyRun(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	var progress bytes.Buffer
	results, err := bench.Run(context.Background(), bench.Config{
		DB: db, Read: db.Read, Students: 30, Clients: 3, Duration: 400 * time.Millisecond, Progress: &progress,
	})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, progress.String())
	}
	want := []string{bench.Hello, bench.PlanBaseline, bench.PlanNoMetrics, bench.PlanPage, bench.PlanHalfLoad}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, r := range results {
		if r.Workload != want[i] {
			t.Errorf("result %d is %q, want %q", i, r.Workload, want[i])
		}
		if r.Requests == 0 || r.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors (first: %s)", r.Workload, r.Requests, r.Errors, r.FirstError)
		}
		if r.P50 <= 0 || r.P99 < r.P50 {
			t.Errorf("%s: p50 %s, p99 %s", r.Workload, r.P50, r.P99)
		}
	}
	base, page := results[1], results[3]
	// The baseline: session, student, goal count, goals, milestones,
	// evidence, reflections, self-assessments.
	if base.Statements != 8 {
		t.Errorf("the baseline costs %.2f statements per plan page, want 8", base.Statements)
	}
	// PLP: the same levels plus sign-in's reads; one statement per level,
	// never per goal, so the figure is the same for every student.
	if page.Statements < 8 || page.Statements > 16 {
		t.Errorf("the plan page costs %.2f statements per request: want between 8 and 16", page.Statements)
	}
	if page.Baseline == nil || page.Baseline.Workload != bench.PlanBaseline {
		t.Fatalf("the plan page's baseline is %+v", page.Baseline)
	}
	var table bytes.Buffer
	if err := bench.PrintTable(&table, results); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + table.String())
	for _, s := range append(want, "req/s vs baseline", "cost of /metrics") {
		if !strings.Contains(table.String(), s) {
			t.Errorf("the table lacks %q:\n%s", s, table.String())
		}
	}
}
