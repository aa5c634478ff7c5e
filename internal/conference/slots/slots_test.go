package slots

import (
	"testing"
	"time"
)

// TestResolveSpringForward: a range across the spring-forward gap holds its
// real length (one hour less than the wall clock says), and a time in the
// gap is taken after it, as Go does.
func TestResolveSpringForward(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	spans, err := resolve([]Range{{Date: "2027-03-14", From: "01:00", To: "04:00"}}, ny)
	if err != nil {
		t.Fatal(err)
	}
	if got := spans[0].to.Sub(spans[0].from); got != 2*time.Hour {
		t.Errorf("01:00 to 04:00 on the day clocks spring forward lasts %s, want 2h", got)
	}
	if _, err := resolve([]Range{{Date: "2027-03-14", From: "10:00", To: "11:00"}, {Date: "2027-03-14", From: "10:30", To: "12:00"}}, ny); err == nil {
		t.Error("overlapping ranges were accepted")
	}
	if _, err := resolve(nil, ny); err == nil {
		t.Error("no ranges were accepted")
	}
}
