package amendment

import (
	"context"
	"errors"
	"fmt"

	"plp/ent"
	"plp/ent/annualreview"
	"plp/ent/comment"
	"plp/ent/conference"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/milestone"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/ent/section"
	"plp/ent/selfassessment"
	"plp/ent/student"
	"plp/internal/platform/apperr"
)

// subject is the record a request is about.
type subject struct {
	typeName  string // the GraphQL type, as in __typename: "Goal"
	studentID pulid.ID
}

// kind is a type of record that can be amended: its name and how to find
// the student a row belongs to, read through the viewer's privacy rules (a
// row the viewer cannot see is errNotVisible, like one that does not exist).
type kind struct {
	name      string
	studentOf func(context.Context, *ent.Client, pulid.ID) (pulid.ID, error)
}

// kinds are the records of a plan a family can ask to amend, by table: what
// the school keeps about the student. Links between people (guardianships,
// partnerships), curation (collections, share links) and the trail itself
// are not among them.
var kinds = map[string]kind{
	student.Table: {"Student", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.Student.Query().Where(student.ID(id)).Select(student.FieldID).Strings(ctx))
	}},
	goal.Table: {"Goal", studentOfGoal},
	milestone.Table: {"Milestone", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		g, err := one(c.Milestone.Query().Where(milestone.ID(id)).Select(milestone.FieldGoalID).Strings(ctx))
		if err != nil {
			return "", err
		}
		return studentOfGoal(ctx, c, g)
	}},
	evidence.Table: {"Evidence", studentOfEvidence},
	reflection.Table: {"Reflection", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.Reflection.Query().Where(reflection.ID(id)).Select(reflection.FieldStudentID).Strings(ctx))
	}},
	selfassessment.Table: {"SelfAssessment", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.SelfAssessment.Query().Where(selfassessment.ID(id)).Select(selfassessment.FieldStudentID).Strings(ctx))
	}},
	section.Table: {"Section", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.Section.Query().Where(section.ID(id)).Select(section.FieldStudentID).Strings(ctx))
	}},
	conference.Table: {"Conference", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.Conference.Query().Where(conference.ID(id)).Select(conference.FieldStudentID).Strings(ctx))
	}},
	annualreview.Table: {"AnnualReview", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		return one(c.AnnualReview.Query().Where(annualreview.ID(id)).Select(annualreview.FieldStudentID).Strings(ctx))
	}},
	comment.Table: {"Comment", func(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
		// A comment is on a goal or on evidence, and visible as that item is.
		if g, err := one(c.Comment.Query().Where(comment.ID(id), comment.GoalIDNotNil()).Select(comment.FieldGoalID).Strings(ctx)); err == nil {
			return studentOfGoal(ctx, c, g)
		} else if !errors.Is(err, errNotVisible) {
			return "", err
		}
		e, err := one(c.Comment.Query().Where(comment.ID(id), comment.EvidenceIDNotNil()).Select(comment.FieldEvidenceID).Strings(ctx))
		if err != nil {
			return "", err
		}
		return studentOfEvidence(ctx, c, e)
	}},
}

func studentOfGoal(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
	return one(c.Goal.Query().Where(goal.ID(id)).Select(goal.FieldStudentID).Strings(ctx))
}

func studentOfEvidence(ctx context.Context, c *ent.Client, id pulid.ID) (pulid.ID, error) {
	return one(c.Evidence.Query().Where(evidence.ID(id)).Select(evidence.FieldStudentID).Strings(ctx))
}

// errNotVisible is a record that does not exist or that the viewer cannot
// see: the two are one answer, so that an ID tells nothing about records
// out of reach.
var errNotVisible = apperr.Invalid("subjectID", "No record with that ID that you can see: check the ID.")

func notVisible() error { return errNotVisible }

// one returns the only value of a one-column select.
func one(values []string, err error) (pulid.ID, error) {
	if err != nil {
		return "", fmt.Errorf("find the record's student: %w", err)
	}
	if len(values) == 0 {
		return "", errNotVisible
	}
	return pulid.ID(values[0]), nil
}

// findSubject finds the record an ID names and its student, through the
// viewer's privacy rules. The type comes from the ID's prefix.
func findSubject(ctx context.Context, c *ent.Client, id pulid.ID) (*subject, error) {
	table, err := ent.IDToType(ctx, id)
	if err != nil {
		return nil, errNotVisible
	}
	k, ok := kinds[table]
	if !ok {
		return nil, apperr.Invalid("subjectID", "That ID is not a record of a plan that can be amended: ask about the student's record, a goal, milestone, evidence, reflection, self-assessment, page section, conference, annual review or comment.")
	}
	studentID, err := k.studentOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return &subject{typeName: k.name, studentID: studentID}, nil
}
