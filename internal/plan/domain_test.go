package plan_test

import (
	"context"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/goal"
	"plp/ent/milestone"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// The rules hold on every path to the data, not only through the API: here
// the ent client is used directly, as a job would.
func TestGoalRulesOnEveryPath(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	ctx := apitest.SystemAt(apitest.Start)
	c := db.Client

	newGoal := func(status goal.Status) (*ent.Goal, error) {
		return c.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaAcademic).
			SetTitle("Read ten books").SetStatus(status).Save(ctx)
	}
	// The system may bring in a goal in any status (an import, the demo
	// school); people start goals as DRAFT or ACTIVE (api_test.go).
	old, err := newGoal(goal.StatusAchieved)
	if err != nil {
		t.Fatalf("system creates an ACHIEVED goal: %v", err)
	}
	// Every change of status follows the table, the system's too.
	if err := c.Goal.UpdateOne(old).SetStatus(goal.StatusDraft).Exec(ctx); !isInvalid(err, "status") {
		t.Fatalf("ACHIEVED → DRAFT as the system: %v", err)
	}
	g, err := newGoal(goal.StatusDraft)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Goal.UpdateOne(g).SetStatus(goal.StatusAchieved).Exec(ctx); !isInvalid(err, "status") {
		t.Fatalf("DRAFT → ACHIEVED: %v", err)
	}
	// A bulk update is checked against every goal it touches.
	g2, err := newGoal(goal.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Goal.Update().Where(goal.IDIn(g.ID, g2.ID)).SetStatus(goal.StatusAchieved).Exec(ctx)
	if !isInvalid(err, "status") {
		t.Fatalf("bulk DRAFT+ACTIVE → ACHIEVED: %v", err)
	}
	if err := c.Goal.Update().Where(goal.IDIn(g.ID, g2.ID)).SetStatus(goal.StatusSetAside).Exec(ctx); err != nil {
		t.Fatalf("bulk → SET_ASIDE: %v", err)
	}

	// Progress by hand without milestones, then from milestones.
	if err := c.Goal.UpdateOne(g).SetProgress(40).Exec(ctx); err != nil {
		t.Fatalf("hand-set progress without milestones: %v", err)
	}
	ms := make([]*ent.Milestone, 3)
	for i := range ms {
		ms[i], err = c.Milestone.Create().SetGoalID(g.ID).SetTitle("Book").SetPosition(i).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	expectProgress(t, c, g.ID, 0)
	if err := c.Goal.UpdateOne(g).SetProgress(40).Exec(ctx); !isInvalid(err, "progress") {
		t.Fatalf("hand-set progress with milestones: %v", err)
	}
	if err := c.Goal.Update().Where(goal.ID(g.ID)).SetProgress(40).Exec(ctx); !isInvalid(err, "progress") {
		t.Fatalf("bulk hand-set progress with milestones: %v", err)
	}
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	if err := c.Milestone.UpdateOne(ms[0]).SetDoneAt(now).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 33)
	if err := c.Milestone.Update().Where(milestone.GoalID(g.ID)).SetDoneAt(now).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 100)
	if err := c.Milestone.UpdateOne(ms[1]).ClearDoneAt().Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 67)
	// Deleting a done milestone: 1 of 2 done.
	if err := c.Milestone.DeleteOne(ms[0]).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 50)
	// Deleting the undone one: 1 of 1.
	if _, err := c.Milestone.Delete().Where(milestone.ID(ms[1].ID)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 100)
	// The last one gone: the goal keeps its progress, set by hand from now on.
	if err := c.Milestone.DeleteOneID(ms[2].ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 100)
	if err := c.Goal.UpdateOne(g).SetProgress(20).Exec(ctx); err != nil {
		t.Fatalf("hand-set progress once the milestones are gone: %v", err)
	}
	expectProgress(t, c, g.ID, 20)

	// Inside a transaction, a failed milestone write leaves the goal as it was.
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Milestone.Create().SetGoalID(g.ID).SetTitle("x").Save(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	expectProgress(t, c, g.ID, 20)
}

func expectProgress(t *testing.T, c *ent.Client, id pulid.ID, want int) {
	t.Helper()
	g, err := c.Goal.Get(viewer.SystemContext(context.Background()), id)
	if err != nil {
		t.Fatal(err)
	}
	if g.Progress != want {
		t.Fatalf("progress = %d, want %d", g.Progress, want)
	}
}

func isInvalid(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.BadUserInput && e.Field == field
}
