package clock_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/internal/platform/clock"
)

func TestNowReadsTheContextsClock(t *testing.T) {
	at := time.Date(2026, 7, 31, 23, 59, 0, 0, time.UTC)
	if got := clock.Now(clock.NewContext(context.Background(), func() time.Time { return at })); !got.Equal(at) {
		t.Fatalf("Now = %v, want %v", got, at)
	}
}

// TestNowWithoutAClockFailsInTests: a test that forgot its clock is told,
// rather than silently reading the wall clock.
func TestNowWithoutAClockFailsInTests(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "no clock on the context") {
			t.Fatalf("Now without a clock: recovered %q, want a panic naming the missing clock", msg)
		}
	}()
	clock.Now(context.Background())
	t.Fatal("Now without a clock returned in a test")
}
