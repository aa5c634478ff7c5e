package rule_test

import (
	"context"
	"syscall"
	"testing"

	"plp/ent"
	"plp/ent/goal"
	"plp/ent/privacy"
	"plp/ent/schema"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/viewer"
)

// BenchmarkPolicyEval evaluates the privacy policy of a goal read (the
// tenant mixin's rules, then the goal's plan rule) for each kind of reader,
// without running the query: the cost of deciding and of building the
// filter predicates that every read of a goal pays.
//
//	go test -run '^$' -bench PolicyEval -benchmem ./ent/schema/rule/
func BenchmarkPolicyEval(b *testing.B) {
	db := apitest.NewDB(b)
	w := apitest.NewWorld(b, db)
	policies := []ent.Policy{schema.TenantMixin{}.Policy(), schema.Goal{}.Policy()}
	for _, who := range []struct {
		name string
		acc  *ent.Account
	}{
		{"student", w.Home.StudentAccount},
		{"family", w.Home.Family},
		{"advisor", w.Home.Advisor},
		{"partner", w.Home.Partner},
	} {
		ctx := as(b, db.Client, who.acc)
		b.Run(who.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q := db.Client.Goal.Query().Where(goal.StudentID(w.Home.Student.ID))
				for _, p := range policies {
					if err := p.EvalQuery(ctx, q); err != nil && !isAllow(err) {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkReadGoals reads a student's goals through the API's client,
// policy and SQL included, as the student's guardian and as the system
// viewer (which passes the rules without a filter): the difference is what
// the privacy filter costs a read.
func BenchmarkReadGoals(b *testing.B) {
	db := apitest.NewDB(b)
	w := apitest.NewWorld(b, db)
	sys := apitest.SystemAt(apitest.Start)
	for i := range 8 {
		db.Client.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaCareer).
			SetTitle("Goal " + string(rune('A'+i))).SetVisibility(goal.VisibilityFamily).ExecX(sys)
	}
	for _, who := range []struct {
		name string
		ctx  context.Context
	}{
		{"system", sys},
		{"family", as(b, db.Client, w.Home.Family)},
	} {
		b.Run(who.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				n, err := db.Client.Goal.Query().Where(goal.StudentID(w.Home.Student.ID)).Count(who.ctx)
				if err != nil || n != 8 {
					b.Fatalf("%d goals, %v; want 8", n, err)
				}
			}
			// On a shared machine the process's CPU time per operation
			// varies less than the wall time.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// as is a context reading as acc, with its memberships, as the server
// builds it from a session.
func as(b testing.TB, c *ent.Client, acc *ent.Account) context.Context {
	b.Helper()
	sys := viewer.SystemContext(context.Background())
	ms, err := acc.QueryMemberships().All(sys)
	if err != nil {
		b.Fatal(err)
	}
	v := &viewer.Viewer{AccountID: acc.ID}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return viewer.NewContext(apitest.NewClock(apitest.Start).Context(context.Background()), v)
}

// cpuTime is the process's user and system CPU time so far, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func isAllow(err error) bool { return err == privacy.Allow || err == privacy.Skip }
