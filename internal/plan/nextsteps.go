package plan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

// NewGoal is a goal agreed elsewhere, e.g. a next step of a conference.
type NewGoal struct {
	Title      string
	Area       goal.Area
	Why        string
	TargetDate *time.Time
}

// MaxNewGoals is the most goals CreateGoals makes at once.
const MaxNewGoals = 20

// CreateGoals adds active goals to the student's plan, in the order given,
// as the caller (the Goal policy decides who may: the student and staff).
// It returns BAD_USER_INPUT (field steps) for none, too many or an empty
// title, and the Goal rules' errors.
func CreateGoals(ctx context.Context, c *ent.Client, studentID pulid.ID, goals []NewGoal) ([]*ent.Goal, error) {
	if len(goals) == 0 || len(goals) > MaxNewGoals {
		return nil, apperr.Invalid("steps", "Give 1 to %d next steps.", MaxNewGoals)
	}
	builders := make([]*ent.GoalCreate, len(goals))
	for i, g := range goals {
		title := strings.TrimSpace(g.Title)
		if title == "" {
			return nil, apperr.Invalid("steps", "Next step %d has no title.", i+1)
		}
		b := c.Goal.Create().
			SetStudentID(studentID).
			SetTitle(title).
			SetArea(g.Area).
			SetStatus(goal.StatusActive).
			SetNillableTargetDate(g.TargetDate)
		if why := strings.TrimSpace(g.Why); why != "" {
			b.SetWhy(why)
		}
		builders[i] = b
	}
	created, err := c.Goal.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create %d goals for %s: %w", len(goals), studentID, err)
	}
	return created, nil
}
