package rule

import (
	"context"
	"fmt"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/amendmentrequest"
	"plp/ent/category"
	"plp/ent/collection"
	"plp/ent/conferencewindow"
	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/framework"
	"plp/ent/goal"
	"plp/ent/schema/pulid"
	"plp/ent/step"
	"plp/ent/student"
	"plp/ent/survey"
)

// parentExists reports whether the row id of table matches pred, read
// through the viewer's privacy rules.
func parentExists(ctx context.Context, c *ent.Client, table, id string, pred entql.P) (bool, error) {
	schools, err := schoolOf(ctx, c, table, id, pred)
	return len(schools) > 0, err
}

// SchoolOf returns the school of the row id of table, read through the
// viewer's privacy rules: a row the viewer cannot see is NotFound.
func SchoolOf(ctx context.Context, c *ent.Client, table string, id pulid.ID) (pulid.ID, error) {
	schools, err := schoolOf(ctx, c, table, string(id), everything)
	if err != nil {
		return "", err
	}
	if len(schools) == 0 {
		return "", &ent.NotFoundError{}
	}
	return pulid.ID(schools[0]), nil
}

// schoolOf reads the school_id of the row id of table if it matches pred.
// It selects the one column directly: node lookups would narrow the columns
// to those of the GraphQL selection being resolved.
func schoolOf(ctx context.Context, c *ent.Client, table, id string, pred entql.P) ([]string, error) {
	pid := pulid.ID(id)
	switch table {
	case student.Table:
		q := c.Student.Query().Where(student.ID(pid))
		q.Filter().Where(pred)
		return q.Select(student.FieldSchoolID).Strings(ctx)
	case goal.Table:
		q := c.Goal.Query().Where(goal.ID(pid))
		q.Filter().Where(pred)
		return q.Select(goal.FieldSchoolID).Strings(ctx)
	case evidence.Table:
		q := c.Evidence.Query().Where(evidence.ID(pid))
		q.Filter().Where(pred)
		return q.Select(evidence.FieldSchoolID).Strings(ctx)
	case collection.Table:
		q := c.Collection.Query().Where(collection.ID(pid))
		q.Filter().Where(pred)
		return q.Select(collection.FieldSchoolID).Strings(ctx)
	case amendmentrequest.Table:
		q := c.AmendmentRequest.Query().Where(amendmentrequest.ID(pid))
		q.Filter().Where(pred)
		return q.Select(amendmentrequest.FieldSchoolID).Strings(ctx)
	case endorsementrequest.Table:
		q := c.EndorsementRequest.Query().Where(endorsementrequest.ID(pid))
		q.Filter().Where(pred)
		return q.Select(endorsementrequest.FieldSchoolID).Strings(ctx)
	case framework.Table:
		q := c.Framework.Query().Where(framework.ID(pid))
		q.Filter().Where(pred)
		return q.Select(framework.FieldSchoolID).Strings(ctx)
	case conferencewindow.Table:
		q := c.ConferenceWindow.Query().Where(conferencewindow.ID(pid))
		q.Filter().Where(pred)
		return q.Select(conferencewindow.FieldSchoolID).Strings(ctx)
	case category.Table:
		q := c.Category.Query().Where(category.ID(pid))
		q.Filter().Where(pred)
		return q.Select(category.FieldSchoolID).Strings(ctx)
	case step.Table:
		q := c.Step.Query().Where(step.ID(pid))
		q.Filter().Where(pred)
		return q.Select(step.FieldSchoolID).Strings(ctx)
	case survey.Table:
		q := c.Survey.Query().Where(survey.ID(pid))
		q.Filter().Where(pred)
		return q.Select(survey.FieldSchoolID).Strings(ctx)
	}
	return nil, fmt.Errorf("rule: no parent lookup for table %q", table)
}
