package auth_test

import (
	"strings"
	"testing"
	"time"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
)

func TestRateParsesAsAFlag(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]auth.Rate{
		"5/1m": {N: 5, Per: time.Minute}, " 100/1h ": {N: 100, Per: time.Hour}, "off": {}, "0": {},
	} {
		var r auth.Rate
		if err := r.Set(in); err != nil || r != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, r, err, want)
		}
	}
	for _, in := range []string{"5", "5/", "x/1m", "5/soon", "-1/1m", "5/-1m"} {
		var r auth.Rate
		if err := r.Set(in); err == nil {
			t.Errorf("Set(%q) accepted %v", in, r)
		}
	}
	if s := (auth.Rate{N: 5, Per: time.Minute}).String(); s != "5/1m0s" {
		t.Errorf("String() = %q", s)
	}
}

// TestRateLimiterRefills: N at once, then one per Per/N; Check does not
// take, Charge does; a nil limiter allows everything.
func TestRateLimiterRefills(t *testing.T) {
	t.Parallel()
	clock := apitest.NewClock(start)
	l := auth.NewRateLimiter(auth.Rate{N: 2, Per: time.Minute}, clock.Now)
	for i := range 2 {
		if ok, _ := l.Allow("a", 1); !ok {
			t.Fatalf("take %d refused", i+1)
		}
	}
	if ok, wait := l.Allow("a", 1); ok || wait != 30*time.Second {
		t.Fatalf("third take: %v, wait %v; want refused, 30s", ok, wait)
	}
	if ok, _ := l.Allow("b", 2); !ok {
		t.Fatal("another key shares the bucket")
	}
	clock.Advance(29 * time.Second)
	if ok, wait := l.Check("a"); ok || wait != time.Second {
		t.Fatalf("after 29s: %v, wait %v", ok, wait)
	}
	clock.Advance(time.Second)
	if ok, _ := l.Check("a"); !ok {
		t.Fatal("no token after 30s")
	}
	l.Charge("a")
	if ok, _ := l.Check("a"); ok {
		t.Fatal("Charge took nothing")
	}
	if ok, wait := l.Allow("b", 3); ok || wait != 30*time.Second {
		t.Errorf("more than the burst: %v, wait %v; want refused until the bucket is full, in 30s", ok, wait)
	}
	clock.Advance(30 * time.Second)
	if ok, _ := l.Allow("b", 3); !ok {
		t.Error("more than the burst is refused even with a full bucket")
	}
	none := auth.NewRateLimiter(auth.Rate{}, nil)
	if ok, _ := none.Allow("a", 1000); !ok || none != nil {
		t.Error("an unlimited rate limits")
	}
	e := auth.TooMany("sign-in attempts", auth.Rate{N: 5, Per: time.Minute}, 90*time.Second)
	if apperr.CodeOf(e) != apperr.RateLimited || !strings.Contains(e.Error(), "5 per 1 minute") || !strings.Contains(e.Error(), "90 seconds") {
		t.Errorf("TooMany: %v", e)
	}
}
