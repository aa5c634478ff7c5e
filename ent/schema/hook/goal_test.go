package hook

import (
	"strings"
	"testing"

	"plp/ent/goal"
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
