package auth

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"plp/internal/platform/apperr"
)

// Rate is a budget of N events per period Per, kept as a token bucket: up to
// N at once, then one more every Per/N. The zero Rate is no limit.
type Rate struct {
	N   int
	Per time.Duration
}

// Unlimited reports whether r sets no limit.
func (r Rate) Unlimited() bool { return r.N <= 0 || r.Per <= 0 }

// String writes r as Set reads it: "5/1m0s", or "off".
func (r Rate) String() string {
	if r.Unlimited() {
		return "off"
	}
	return strconv.Itoa(r.N) + "/" + r.Per.String()
}

// Set parses "N/duration" ("5/1m", "100/1h"), or "off" or "0" for no
// limit. It makes *Rate a flag.Value.
func (r *Rate) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" || s == "" {
		*r = Rate{}
		return nil
	}
	count, per, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n < 0 {
		return fmt.Errorf("rate %q: want N/duration, like 5/1m, or off", s)
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 {
		return fmt.Errorf("rate %q: want N/duration, like 5/1m, or off", s)
	}
	*r = Rate{N: n, Per: d}
	return nil
}

// RateLimiter keeps one token bucket per key (an address, an email, an
// account). It lives in the memory of one process: with several replicas
// each enforces its own budget, so the effective limit is the rate times the
// number of replicas. That is acceptable for what it is for (slowing a
// guesser or a runaway script down); lockout, which must hold across
// replicas, is stored in the database.
type RateLimiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	maxKeys int
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter returns a limiter of rate r on the clock now (nil means
// time.Now). A nil *RateLimiter, which NewRateLimiter returns for an
// unlimited rate, allows everything.
func NewRateLimiter(r Rate, now func() time.Time) *RateLimiter {
	if r.Unlimited() {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{rate: r, now: now, buckets: map[string]*bucket{}, maxKeys: 100_000}
}

// Rate returns the limiter's rate.
func (l *RateLimiter) Rate() Rate {
	if l == nil {
		return Rate{}
	}
	return l.rate
}

// Allow takes n tokens from key's bucket if it holds them. Otherwise it
// takes none and says how long until it will. More than the burst N costs
// a full bucket.
func (l *RateLimiter) Allow(key string, n int) (bool, time.Duration) {
	if l == nil || n <= 0 {
		return true, 0
	}
	n = min(n, l.rate.N)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(key)
	if b.tokens >= float64(n) {
		b.tokens -= float64(n)
		return true, 0
	}
	return false, l.wait(b, float64(n))
}

// Check reports whether key's bucket holds a token, without taking it.
func (l *RateLimiter) Check(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(key)
	if b.tokens >= 1 {
		return true, 0
	}
	return false, l.wait(b, 1)
}

// Charge takes a token from key's bucket, if there is one left.
func (l *RateLimiter) Charge(key string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(key)
	b.tokens = math.Max(0, b.tokens-1)
}

// fill returns key's bucket, refilled up to now. Callers hold l.mu.
func (l *RateLimiter) fill(key string) *bucket {
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.sweep(now)
		}
		b = &bucket{tokens: float64(l.rate.N), at: now}
		l.buckets[key] = b
		return b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = math.Min(float64(l.rate.N), b.tokens+elapsed.Seconds()*l.perSecond())
		b.at = now
	}
	return b
}

// sweep forgets full buckets (a full bucket is the same as none); if that
// is not enough, it forgets half of the rest, so that a flood of keys costs
// memory in proportion to maxKeys and no more.
func (l *RateLimiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.perSecond() >= float64(l.rate.N) {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.maxKeys/2 {
			break
		}
		delete(l.buckets, k)
	}
}

func (l *RateLimiter) perSecond() float64 { return float64(l.rate.N) / l.rate.Per.Seconds() }

// wait is how long until b holds n tokens, rounded up to whole seconds
// (what Retry-After can say).
func (l *RateLimiter) wait(b *bucket, n float64) time.Duration {
	secs := (n - b.tokens) / l.perSecond()
	return time.Duration(math.Ceil(secs)) * time.Second
}

// RetryError is a refusal that says when to try again: the server sends
// Retry-After with it. Its client-facing part is Err.
type RetryError struct {
	Err   *apperr.Error
	After time.Duration
}

func (e *RetryError) Error() string { return e.Err.Error() }

// Unwrap lets apperr.As find the client-facing error.
func (e *RetryError) Unwrap() error { return e.Err }

// RetryAfter returns how long err asks the client to wait, if it does.
func RetryAfter(err error) (time.Duration, bool) {
	for err != nil {
		if r, ok := err.(*RetryError); ok {
			return r.After, true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return 0, false
		}
		err = u.Unwrap()
	}
	return 0, false
}

// TooMany returns a RATE_LIMITED error for what was refused ("sign-in
// attempts from your network"), its rate, and the wait.
func TooMany(what string, r Rate, after time.Duration) *RetryError {
	after = max(after, time.Second)
	return &RetryError{After: after, Err: apperr.New(apperr.RateLimited,
		"Too many %s (the limit is %d per %s): try again in %s.", what, r.N, humanDuration(r.Per), humanDuration(after))}
}

// humanDuration writes d as people say it: "45 seconds", "2 minutes", "1 hour".
func humanDuration(d time.Duration) string {
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return strconv.FormatInt(n, 10) + " " + name + "s"
	}
	switch {
	case d < time.Minute || d%time.Minute != 0 && d < 10*time.Minute:
		return unit(int64(math.Ceil(d.Seconds())), "second")
	case d < time.Hour || d%time.Hour != 0:
		return unit(int64(math.Ceil(d.Minutes())), "minute")
	default:
		return unit(int64(d/time.Hour), "hour")
	}
}

type clientAddressKey struct{}

// WithClientAddress returns ctx carrying the address a request came from
// (the server puts it there), for the per-address sign-in limit.
func WithClientAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddressKey{}, addr)
}

// ClientAddress returns the address WithClientAddress put on ctx, or "".
func ClientAddress(ctx context.Context) string {
	s, _ := ctx.Value(clientAddressKey{}).(string)
	return s
}
