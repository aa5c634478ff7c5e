package plan

import (
	"context"
	"strings"
	"testing"
	"time"

	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

var statuses = []goal.Status{goal.StatusDraft, goal.StatusActive, goal.StatusAchieved, goal.StatusRevised, goal.StatusSetAside}

func TestCanMoveTable(t *testing.T) {
	const (
		D = goal.StatusDraft
		A = goal.StatusActive
		H = goal.StatusAchieved
		R = goal.StatusRevised
		S = goal.StatusSetAside
	)
	allowed := map[[2]goal.Status]bool{
		{D, A}: true, {D, S}: true,
		{A, H}: true, {A, R}: true, {A, S}: true,
		{R, A}: true, {R, H}: true, {R, S}: true,
		{S, A}: true,
		{H, A}: true,
	}
	for _, s := range statuses {
		if err := goal.StatusValidator(s); err != nil {
			t.Fatalf("status %s: %v", s, err)
		}
	}
	if goal.StatusValidator("OTHER") == nil {
		t.Fatal("the validator takes any status: the test cannot tell whether it knows them all")
	}
	for _, from := range statuses {
		for _, to := range statuses {
			err := CanMove(from, to)
			switch {
			case from == to:
				if err != nil {
					t.Errorf("%s → %s (no move): %v", from, to, err)
				}
			case allowed[[2]goal.Status{from, to}]:
				if err != nil {
					t.Errorf("%s → %s should be allowed: %v", from, to, err)
				}
			default:
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.BadUserInput || e.Field != "status" {
					t.Errorf("%s → %s should be BAD_USER_INPUT on status, got %v", from, to, err)
					continue
				}
				for _, next := range Next(from) {
					if !strings.Contains(e.Message, next.String()) {
						t.Errorf("%s → %s: message %q does not name the allowed step %s", from, to, e.Message, next)
					}
				}
			}
		}
	}
}

func TestRefusalMessage(t *testing.T) {
	e, _ := apperr.As(CanMove(goal.StatusDraft, goal.StatusAchieved))
	want := "A goal cannot move from DRAFT to ACHIEVED; from DRAFT it can move to ACTIVE or SET_ASIDE."
	if e == nil || e.Message != want {
		t.Fatalf("message = %v, want %q", e, want)
	}
	e, _ = apperr.As(CanMove(goal.StatusActive, goal.StatusDraft))
	if want := "ACHIEVED, REVISED or SET_ASIDE"; e == nil || !strings.Contains(e.Message, want) {
		t.Fatalf("message = %v, want it to name %q", e, want)
	}
}

func TestCanCreate(t *testing.T) {
	for _, s := range statuses {
		err := CanCreate(s)
		ok := s == goal.StatusDraft || s == goal.StatusActive
		if ok != (err == nil) {
			t.Errorf("create as %s: %v", s, err)
		}
		if err != nil {
			if e, _ := apperr.As(err); e == nil || e.Field != "status" || e.Code != apperr.BadUserInput {
				t.Errorf("create as %s: want BAD_USER_INPUT on status, got %v", s, err)
			}
		}
	}
}

func TestProgress(t *testing.T) {
	for _, c := range []struct{ done, total, want int }{
		{0, 0, 0}, {0, 1, 0}, {1, 1, 100}, {1, 2, 50}, {1, 3, 33}, {2, 3, 67},
		{1, 8, 13}, // 12.5 rounds half away from zero
		{3, 8, 38}, // 37.5
		{5, 7, 71}, {199, 200, 100}, {1, 200, 1}, {1, 201, 0}, {4, 4, 100},
		{-1, 3, 0}, {5, 3, 100},
	} {
		if got := Progress(c.done, c.total); got != c.want {
			t.Errorf("Progress(%d, %d) = %d, want %d", c.done, c.total, got, c.want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 23, 14, 0, 0, 123456000, time.FixedZone("x", 3600))
	p, err := decodeCursor("after", EncodeCursor(at, "evd_01ABC"))
	if err != nil || !p.at.Equal(at) || p.id != "evd_01ABC" {
		t.Fatalf("round trip: %v %v", p, err)
	}
	for _, bad := range []string{"", "!!", "bm90IGEgY3Vyc29y", EncodeCursor(at, "")} {
		_, err := decodeCursor("before", bad)
		if e, _ := apperr.As(err); e == nil || e.Field != "before" {
			t.Errorf("cursor %q: want BAD_USER_INPUT on before, got %v", bad, err)
		}
	}
}

func TestTimelineArguments(t *testing.T) {
	ctx := context.Background()
	n, m := MaxTimelinePage+1, 2
	bad := "x"
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
