package bench

import (
	"context"
	"net/http"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/clock"
)

// BenchmarkPlanPageHTTP asks the real server for a student's whole plan
// (the plan-page workload's query), one request at a time, as eight
// signed-in students in turn: for CPU and allocation profiles of a plan
// page without the load generator's noise.
//
//	go test -run '^$' -bench PlanPageHTTP -benchmem -cpuprofile cpu.out ./bench/
func BenchmarkPlanPageHTTP(b *testing.B) {
	ctx := clock.NewContext(context.Background(), time.Now) // a benchmark runs at the wall clock
	db := apitest.NewDB(b)
	if _, err := seedscale.Generate(ctx, db, seedscale.Options{Students: 60, SchoolSize: 60, Now: time.Now(), Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s := apitest.NewServerOn(b, db, apitest.QuietAudit())
	hc := &http.Client{}
	people, err := signIn(ctx, hc, s.URL, db.Client, 8)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	before := db.Statements()
	b.ResetTimer()
	for i := range b.N {
		p := people[i%len(people)]
		if err := graphql(ctx, hc, s.URL, p.token, planPageQuery, map[string]any{"id": p.student}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(db.Statements()-before)/float64(b.N), "stmts/op")
}
