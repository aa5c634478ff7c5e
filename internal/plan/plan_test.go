package plan

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

func TestCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 23, 14, 0, 0, 123456000, time.FixedZone("x", 3600))
	p, err := decodeCursor("after", EncodeCursor(at, "evd_01ABC"))
	if err != nil || !p.at.Equal(at) || p.id != "evd_01ABC" {
		t.Fatalf("round trip: %v %v", p, err)
	}
	for _, bad := range []ent.Cursor{{}, {ID: "evd_01ABC"}, {ID: "evd_01ABC", Value: "not a time"}, {ID: "evd_01ABC", Value: 5}, EncodeCursor(at, "")} {
		_, err := decodeCursor("before", bad)
		if e, _ := apperr.As(err); e == nil || e.Field != "before" {
			t.Errorf("cursor %q: want BAD_USER_INPUT on before, got %v", bad, err)
		}
	}
}

func TestTimelineArguments(t *testing.T) {
	ctx := context.Background()
	n, m := MaxTimelinePage+1, 2
	bad := ent.Cursor{ID: "x"}
	for _, c := range []struct {
		args  TimelineArgs
		field string
	}{
		{TimelineArgs{First: &n}, "first"},
		{TimelineArgs{Last: &n}, "last"},
		{TimelineArgs{First: &m, Last: &m}, "last"},
		{TimelineArgs{After: &bad}, "after"},
		{TimelineArgs{Last: &m, Before: &bad}, "before"},
	} {
		// Refused before any query: no client needed.
		_, err := Timeline(ctx, nil, "stu_1", c.args)
		if e, _ := apperr.As(err); e == nil || e.Code != apperr.BadUserInput || e.Field != c.field {
			t.Errorf("%+v: want BAD_USER_INPUT on %s, got %v", c.args, c.field, err)
		}
	}
}

func TestMergePage(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(min int, id string) item {
		return item{at: t0.Add(time.Duration(min) * time.Minute), id: pulid.ID(id)}
	}
	// Two at the same time: the larger ID comes first (newest first).
	items := []item{mk(1, "evd_A"), mk(3, "ref_B"), mk(2, "evd_C"), mk(2, "ref_D")}
	page, more := mergePage(append([]item(nil), items...), 3, false)
	if got := ids(page); got != "ref_B ref_D evd_C" || !more {
		t.Fatalf("forward page = %s more=%v", got, more)
	}
	page, more = mergePage(append([]item(nil), items...), 3, true)
	if got := ids(page); got != "ref_D evd_C evd_A" || !more {
		t.Fatalf("backward page = %s more=%v", got, more)
	}
	page, more = mergePage(append([]item(nil), items...), 4, false)
	if len(page) != 4 || more {
		t.Fatalf("whole page = %s more=%v", ids(page), more)
	}
}

func ids(items []item) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = string(it.id)
	}
	return strings.Join(s, " ")
}
