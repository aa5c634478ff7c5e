package hook

import (
	"context"
	"fmt"
	"math"
	"strings"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "plp/ent"
	"plp/ent/goal"
	enthook "plp/ent/hook"
	"plp/ent/milestone"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// The rules of a goal that hold on every path to the data (GraphQL, jobs,
// imports): a goal of the school's own area names it, its status takes
// only the allowed steps, and its progress follows its milestones when it
// has them.

// GoalArea requires a goal in the school's own area (SCHOOL) to name it.
func GoalArea() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return enthook.GoalFunc(func(ctx context.Context, m *gen.GoalMutation) (ent.Value, error) {
			area, ok := m.Area()
			if !ok && m.Op().Is(ent.OpUpdateOne) {
				area, _ = m.OldArea(ctx)
			}
			name, named := m.AreaName()
			if !named && m.Op().Is(ent.OpUpdateOne) && !m.AreaNameCleared() {
				old, _ := m.OldAreaName(ctx)
				name, named = old, old != ""
			}
			if area == goal.AreaSchool && (!named || strings.TrimSpace(name) == "") {
				return nil, apperr.Invalid("areaName", "Name the school's own area in areaName when area is SCHOOL.")
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}

// moves is the table of allowed status steps: from → the statuses it may go
// to, in the order the error message names them.
var moves = map[goal.Status][]goal.Status{
	goal.StatusDraft:    {goal.StatusActive, goal.StatusSetAside},
	goal.StatusActive:   {goal.StatusAchieved, goal.StatusRevised, goal.StatusSetAside},
	goal.StatusRevised:  {goal.StatusActive, goal.StatusAchieved, goal.StatusSetAside},
	goal.StatusSetAside: {goal.StatusActive},
	goal.StatusAchieved: {goal.StatusActive},
}

// Next returns the statuses a goal in status from may move to.
func Next(from goal.Status) []goal.Status { return append([]goal.Status(nil), moves[from]...) }

// CanMove says whether a goal may go from one status to another. Staying in
// the same status is no move and always allowed. A refusal is BAD_USER_INPUT
// on the field "status" and names the allowed next steps.
func CanMove(from, to goal.Status) error {
	if from == to {
		return nil
	}
	next := moves[from]
	for _, s := range next {
		if s == to {
			return nil
		}
	}
	if len(next) == 0 {
		return apperr.Invalid("status", "A goal cannot move from %s to %s.", from, to)
	}
	return apperr.Invalid("status", "A goal cannot move from %s to %s; from %s it can move to %s.", from, to, from, names(next))
}

// CanCreate says whether a new goal may start in status s: DRAFT or ACTIVE.
func CanCreate(s goal.Status) error {
	if s == goal.StatusDraft || s == goal.StatusActive {
		return nil
	}
	return apperr.Invalid("status", "A new goal starts as DRAFT or ACTIVE, not %s.", s)
}

func names(ss []goal.Status) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Progress is a goal's per cent done from its milestones: round(100 × done
// / total), halves away from zero; 0 for a goal without milestones.
func Progress(done, total int) int {
	if total <= 0 {
		return 0
	}
	if done < 0 {
		done = 0
	}
	if done > total {
		done = total
	}
	return int(math.Round(100 * float64(done) / float64(total)))
}

// derivedKey marks a context whose goal updates set progress from milestones.
type derivedKey struct{}

func withDerivedProgress(ctx context.Context) context.Context {
	return context.WithValue(ctx, derivedKey{}, true)
}

func isDerivedProgress(ctx context.Context) bool {
	v, _ := ctx.Value(derivedKey{}).(bool)
	return v
}

// errProgressFollowsMilestones refuses a hand-set progress on a goal that
// has milestones.
func errProgressFollowsMilestones() error {
	return apperr.Invalid("progress", "progress follows the milestones")
}

// GoalStatus enforces the status rules and the progress rule on every create
// and update of a goal: a person creates a goal as DRAFT or ACTIVE (the
// system viewer may create one in any status), and every status change,
// whoever makes it, follows CanMove.
func GoalStatus() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return enthook.GoalFunc(func(ctx context.Context, m *gen.GoalMutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) {
				// The server itself (an import of an earlier plan, the demo
				// school, seeding) may bring in goals already achieved or set
				// aside; people start them as DRAFT or ACTIVE.
				if s, ok := m.Status(); ok && !viewer.FromContext(ctx).IsSystem() {
					if err := CanCreate(s); err != nil {
						return nil, err
					}
				}
				return next.Mutate(ctx, m)
			}
			if err := checkGoalUpdate(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate)
}

func checkGoalUpdate(ctx context.Context, m *gen.GoalMutation) error {
	to, moving := m.Status()
	_, set := m.Progress()
	_, added := m.AddedProgress()
	handSet := (set || added) && !isDerivedProgress(ctx)
	if !moving && !handSet {
		return nil
	}
	if m.Op().Is(ent.OpUpdateOne) {
		if moving {
			from, err := m.OldStatus(ctx)
			if err != nil {
				return err
			}
			if err := CanMove(from, to); err != nil {
				return err
			}
		}
		if moving && to == goal.StatusAchieved {
			id, _ := m.ID()
			if err := checkAchieved(ctx, m, id); err != nil {
				return err
			}
		}
		if handSet && !moving {
			if err := checkAchievedProgress(ctx, m); err != nil {
				return err
			}
		}
		if handSet {
			id, _ := m.ID()
			has, err := m.Client().Milestone.Query().Where(milestone.GoalID(id)).Exist(ctx)
			if err != nil {
				return err
			}
			if has {
				return errProgressFollowsMilestones()
			}
		}
		return nil
	}
	// A bulk update: check every goal it touches.
	ids, err := m.IDs(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	if moving {
		var froms []goal.Status
		if err := m.Client().Goal.Query().Where(goal.IDIn(ids...)).GroupBy(goal.FieldStatus).Scan(ctx, &froms); err != nil {
			return err
		}
		for _, from := range froms {
			if err := CanMove(from, to); err != nil {
				return err
			}
		}
	}
	if handSet {
		has, err := m.Client().Milestone.Query().Where(milestone.GoalIDIn(ids...)).Exist(ctx)
		if err != nil {
			return err
		}
		if has {
			return errProgressFollowsMilestones()
		}
	}
	if moving && to == goal.StatusAchieved {
		return checkAchieved(ctx, m, ids...)
	}
	return nil
}

// The rule of an achieved goal: it is done. A goal becomes ACHIEVED only
// when every one of its milestones is done; a goal without milestones is
// declared done by the move itself, which sets its progress to 100. While it
// stays ACHIEVED, its progress stays 100: no milestone of it is reopened or
// added open, and no lower progress is set by hand (reopen the goal first).
// So "achieved at 33% with open milestones" cannot be written by any path.

// checkAchieved refuses to make the goals ACHIEVED while a milestone of one
// of them is open, and sets the progress of the move to 100.
func checkAchieved(ctx context.Context, m *gen.GoalMutation, ids ...pulid.ID) error {
	if p, set := m.Progress(); set && p < 100 {
		return apperr.Invalid("progress", "An ACHIEVED goal is 100%% done; leave progress out, or keep the goal ACTIVE at %d%%.", p)
	}
	var open []struct {
		GoalID pulid.ID `json:"goal_id"`
		Count  int      `json:"count"`
	}
	err := m.Client().Milestone.Query().Where(milestone.GoalIDIn(ids...), milestone.DoneAtIsNil()).
		GroupBy(milestone.FieldGoalID).Aggregate(gen.Count()).Scan(viewer.SystemContext(ctx), &open)
	if err != nil {
		return fmt.Errorf("count open milestones: %w", err)
	}
	if len(open) > 0 {
		n := open[0].Count
		what := "1 milestone is"
		if n != 1 {
			what = fmt.Sprintf("%d milestones are", n)
		}
		return apperr.Invalid("status", "A goal is ACHIEVED when every milestone is done, and %s still open: mark them done, or remove the ones that no longer apply.", what)
	}
	m.SetProgress(100)
	return nil
}

// checkAchievedProgress refuses a hand-set progress below 100 on an
// ACHIEVED goal (one without milestones: with milestones the progress is
// refused anyway).
func checkAchievedProgress(ctx context.Context, m *gen.GoalMutation) error {
	p, set := m.Progress()
	if !set || p >= 100 {
		return nil
	}
	status, err := m.OldStatus(ctx)
	if err != nil {
		return err
	}
	if status == goal.StatusAchieved {
		return apperr.Invalid("progress", "This goal is ACHIEVED, so it is 100%% done; make it ACTIVE again to set a lower progress.")
	}
	return nil
}

// errAchievedGoalClosed refuses to reopen or add an open milestone to an
// ACHIEVED goal.
func errAchievedGoalClosed() error {
	return apperr.Invalid("doneAt", "This goal is ACHIEVED; make it ACTIVE again before you add an open milestone or reopen one.")
}

// anyAchieved reports whether one of the goals is ACHIEVED (read as the
// system: a fact of the goal, not of what the caller may see).
func anyAchieved(ctx context.Context, c *gen.Client, goals ...pulid.ID) (bool, error) {
	if len(goals) == 0 {
		return false, nil
	}
	ok, err := c.Goal.Query().Where(goal.IDIn(goals...), goal.StatusEQ(goal.StatusAchieved)).Exist(viewer.SystemContext(ctx))
	if err != nil {
		return false, fmt.Errorf("read goal status: %w", err)
	}
	return ok, nil
}

type bulkLoadKey struct{}

// BulkLoad returns a context in which creating milestones leaves their
// goals' progress alone: a generator that inserts a goal's milestones in
// bulk sets its progress with Progress itself, instead of one recompute per
// milestone row (90,000 of them for 10,000 students).
func BulkLoad(ctx context.Context) context.Context {
	return context.WithValue(ctx, bulkLoadKey{}, true)
}

// MilestoneProgress keeps the progress of a milestone's goal equal to the share
// of its milestones done, in the mutation's transaction, after every create,
// update and delete of milestones.
func MilestoneProgress() ent.Hook {
	return enthook.On(func(next ent.Mutator) ent.Mutator {
		return enthook.MilestoneFunc(func(ctx context.Context, m *gen.MilestoneMutation) (ent.Value, error) {
			if ctx.Value(bulkLoadKey{}) != nil {
				return next.Mutate(ctx, m)
			}
			_, marked := m.DoneAt()
			if m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && !marked && !m.DoneAtCleared() {
				// A new title, position or due date leaves the share done alone.
				return next.Mutate(ctx, m)
			}
			var goals []pulid.ID
			if m.Op().Is(ent.OpCreate) {
				if id, ok := m.GoalID(); ok {
					goals = append(goals, id)
				}
			} else {
				ids, err := m.IDs(ctx)
				if err != nil {
					return nil, err
				}
				if len(ids) > 0 {
					if err := m.Client().Milestone.Query().Where(milestone.IDIn(ids...)).
						GroupBy(milestone.FieldGoalID).Scan(viewer.SystemContext(ctx), &goals); err != nil {
						return nil, err
					}
				}
			}
			if (m.Op().Is(ent.OpCreate) && !marked) || m.DoneAtCleared() {
				achieved, err := anyAchieved(ctx, m.Client(), goals...)
				if err != nil {
					return nil, err
				}
				if achieved {
					return nil, errAchievedGoalClosed()
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if err := Recompute(ctx, m.Client(), goals...); err != nil {
				return nil, err
			}
			return v, nil
		})
	}, ent.OpCreate|ent.OpUpdateOne|ent.OpUpdate|ent.OpDeleteOne|ent.OpDelete)
}

// Recompute sets the progress of each goal that has milestones to the share
// of them done, with one aggregate query for all the goals. A goal left
// without milestones keeps its last progress, to be set by hand from then on.
// The goals are updated as the caller (who must be allowed to write them).
func Recompute(ctx context.Context, c *gen.Client, goals ...pulid.ID) error {
	if len(goals) == 0 {
		return nil
	}
	var counts []struct {
		GoalID pulid.ID `json:"goal_id"`
		Total  int      `json:"total"`
		Done   int      `json:"done"`
	}
	// The counts are read as the system: the share done is a fact of the
	// goal, not of what the caller may see.
	err := c.Milestone.Query().Where(milestone.GoalIDIn(goals...)).GroupBy(milestone.FieldGoalID).
		Aggregate(gen.As(gen.Count(), "total"), func(s *sql.Selector) string {
			return sql.As(sql.Count(s.C(milestone.FieldDoneAt)), "done")
		}).
		Scan(viewer.SystemContext(ctx), &counts)
	if err != nil {
		return fmt.Errorf("count milestones: %w", err)
	}
	ctx = withDerivedProgress(ctx)
	for _, n := range counts {
		err := c.Goal.Update().Where(goal.ID(n.GoalID), goal.ProgressNEQ(Progress(n.Done, n.Total))).
			SetProgress(Progress(n.Done, n.Total)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("update progress of goal %s: %w", n.GoalID, err)
		}
	}
	return nil
}
