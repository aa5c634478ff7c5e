package agenda_test

import (
	"context"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/slot"
	"plp/internal/conference/agenda"
	"plp/internal/devtools/apitest"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// TestRunStatementsByBatch: building agendas reads by batch, never by
// conference. A rebuild that changes nothing costs the same statements for
// 6 conferences as for 60; a first build adds one write per agenda, the
// same for each.
func TestRunStatementsByBatch(t *testing.T) {
	t.Parallel()
	type cost struct{ build, rebuild int64 }
	measure := func(n int) cost {
		db := apitest.NewDB(t)
		ctx := context.Background()
		if _, err := seedscale.Generate(ctx, db, seedscale.Options{Students: n, Now: apitest.Start, Conferences: true}); err != nil {
			t.Fatal(err)
		}
		first, err := db.Client.Slot.Query().Where(slot.HasConferences()).Order(ent.Asc(slot.FieldStartsAt)).First(viewer.SystemContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		at := clock.NewContext(ctx, func() time.Time { return first.StartsAt.Add(-72 * time.Hour) })
		var c cost
		for i, want := range []func(agenda.Result) bool{
			func(r agenda.Result) bool { return r.Built == n && r.Mailed == 0 },
			func(r agenda.Result) bool { return r.Unchanged == n && r.Built == 0 },
		} {
			before := db.Statements()
			r, err := agenda.Run(at, db.Client, agenda.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !want(r) || r.Conferences != n {
				t.Fatalf("%d conferences, run %d: %+v", n, i+1, r)
			}
			if i == 0 {
				c.build = db.Statements() - before
			} else {
				c.rebuild = db.Statements() - before
			}
		}
		return c
	}
	small, large := measure(6), measure(60)
	if small.rebuild != large.rebuild {
		t.Errorf("a rebuild costs %d statements for 6 conferences, %d for 60: reads grow with the conferences", small.rebuild, large.rebuild)
	}
	// Writes: one UPDATE (and its audit row) per agenda, plus the
	// transaction's BEGIN and COMMIT where they count.
	perSmall := float64(small.build-small.rebuild) / 6
	perLarge := float64(large.build-large.rebuild) / 60
	if perLarge > perSmall || perLarge > 3 {
		t.Errorf("writes per agenda: %.2f for 6, %.2f for 60", perSmall, perLarge)
	}
	t.Logf("6 conferences: build %d, rebuild %d statements; 60: build %d, rebuild %d", small.build, small.rebuild, large.build, large.rebuild)
}
