package auth_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"plp/internal/platform/auth"
)

// TestUnknownEmailTakesAsLong: a wrong password for a known email and any
// password for an unknown one take the same time, so the time does not
// reveal who has an account. Each sample is a pair, known and unknown back
// to back (in turns first, so load on the machine falls on both alike),
// each from its own address (so the throttle never answers early); the
// difference (the mean of the median of each order) must stay under a
// fortieth of the cost of one password hash in one of three rounds (a
// burst of load can skew one; a real difference shows in all). When only a
// known email's failure was written to the database, the difference was
// 2 to 6% of a hash here (3.5 ms in the median of 60 through the
// API); now it is under 0.5%. TestSameStatementsForUnknownEmail checks the
// cause exactly.
func TestUnknownEmailTakesAsLong(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	f := newFixture(t)
	known, unknown := f.world.Home.Advisor.Email, "nobody@home.plp.test"
	hash, err := auth.HashPassword("some password")
	if err != nil {
		t.Fatal(err)
	}
	// The test world's passwords are hashed cheaply, for speed; this one
	// costs what a real one does.
	if err := f.db.Account.UpdateOneID(f.world.Home.Advisor.ID).SetPasswordHash(hash).Exec(f.clock.System()); err != nil {
		t.Fatal(err)
	}
	median := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return d[len(d)/2]
	}
	measure := func(fn func()) time.Duration {
		// Each starts from a collected heap: a password hash allocates
		// 19 MiB, and whichever ran second would otherwise find it free.
		runtime.GC()
		start := time.Now()
		fn()
		return time.Since(start)
	}
	const samples = 40
	// A burst of load on the machine can skew one round; a real
	// difference shows in every round, so up to three are run.
	for round := range 3 {
		var knownFirst, unknownFirst, hashes []time.Duration
		for i := range samples + 2 {
			address := func(n int) string { return fmt.Sprintf("10.%d.%d.%d", n, round, i) }
			knownTry := func() time.Duration {
				return measure(func() { _ = f.signInFrom(address(1), known, "wrong password") })
			}
			unknownTry := func() time.Duration {
				return measure(func() { _ = f.signInFrom(address(2), unknown, "wrong password") })
			}
			// Each pair runs back to back, in turns first.
			var kd, ud time.Duration
			if i%2 == 0 {
				kd, ud = knownTry(), unknownTry()
			} else {
				ud, kd = unknownTry(), knownTry()
			}
			hd := measure(func() { _, _ = auth.CheckPassword(hash, "wrong password") })
			switch {
			case i < 2: // the first ones warm caches and connections
			case i%2 == 0:
				knownFirst = append(knownFirst, kd-ud)
			default:
				unknownFirst = append(unknownFirst, kd-ud)
			}
			hashes = append(hashes, hd)
		}
		// The two orders' medians, averaged, cancel out what is left of
		// running first or second.
		diff, mh := (median(knownFirst)+median(unknownFirst))/2, median(hashes)
		if diff < 0 {
			diff = -diff
		}
		t.Logf("round %d: median over %d pairs of (known - unknown): %v; one hash %v (%.1f%% of a hash)",
			round+1, samples, diff, mh, 100*float64(diff)/float64(mh))
		if diff <= mh/40 {
			return
		}
	}
	t.Errorf("a known email and an unknown one differ by more than a fortieth of a password hash, in three rounds")
}

// TestSameStatementsForUnknownEmail: a wrong password for a known email and
// any password for an unknown one run the same SQL statements, so the
// database adds no difference in time.
func TestSameStatementsForUnknownEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	count := func(email, address string) int64 {
		before := f.stmts()
		_ = f.signInFrom(address, email, "wrong password")
		return f.stmts() - before
	}
	for i, address := range []string{"10.3.0.1", "10.3.0.1", "10.3.0.2"} {
		k, u := count(f.world.Home.Advisor.Email, address), count("nobody@home.plp.test", address)
		if k != u || k == 0 {
			t.Errorf("attempt %d: a known email ran %d statements, an unknown one %d", i+1, k, u)
		}
	}
}
