// Package sharing is how a student curates evidence, goals and reflections
// into a collection for an audience, and shares one collection, read-only,
// by a secret link with a start and an end that the student can revoke.
//
// Who may do what is the privacy policies' business (ent/schema/policy.go:
// the student writes collections and share links; staff, the student and
// family read collections; staff and the student read share links). This
// package adds the rules the policies cannot say: the items of a collection
// are the collection's student's own, a link's end comes after its start,
// the secret is shown once and stored only as a hash, and a link opens
// only between its dates and until revoked.
package sharing

import (
	"context"

	"plp/ent"
	"plp/ent/collection"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

// CreateCollection creates a collection of the student's own evidence,
// goals and reflections.
//
// Errors: BAD_USER_INPUT on evidenceIDs, goalIDs or reflectionIDs when an
// item is not the student's (or not one the viewer can see); what the
// privacy policy answers when the viewer may not curate the student's
// collections.
func CreateCollection(ctx context.Context, c *ent.Client, in ent.CreateCollectionInput) (*ent.Collection, error) {
	if err := ownItems(ctx, c, in.StudentID, items{
		evidence: in.EvidenceIDs, goals: in.GoalIDs, reflections: in.ReflectionIDs,
		evidenceField: "evidenceIDs", goalsField: "goalIDs", reflectionsField: "reflectionIDs",
	}); err != nil {
		return nil, err
	}
	return c.Collection.Create().SetInput(in).Save(ctx)
}

// UpdateCollection changes a collection; items added must be the
// collection's student's own (BAD_USER_INPUT on addEvidenceIDs, addGoalIDs
// or addReflectionIDs otherwise). A collection the viewer cannot see
// answers NOT_FOUND.
func UpdateCollection(ctx context.Context, c *ent.Client, id pulid.ID, in ent.UpdateCollectionInput) (*ent.Collection, error) {
	if len(in.AddEvidenceIDs)+len(in.AddGoalIDs)+len(in.AddReflectionIDs) > 0 {
		student, err := c.Collection.Query().Where(collection.ID(id)).Select(collection.FieldStudentID).String(ctx)
		if err != nil {
			return nil, err
		}
		if err := ownItems(ctx, c, pulid.ID(student), items{
			evidence: in.AddEvidenceIDs, goals: in.AddGoalIDs, reflections: in.AddReflectionIDs,
			evidenceField: "addEvidenceIDs", goalsField: "addGoalIDs", reflectionsField: "addReflectionIDs",
		}); err != nil {
			return nil, err
		}
	}
	return c.Collection.UpdateOneID(id).SetInput(in).Save(ctx)
}

type items struct {
	evidence, goals, reflections                []pulid.ID
	evidenceField, goalsField, reflectionsField string
}

// ownItems checks that every item is the student's and one the viewer can
// see (read through the viewer's privacy policies, so an item the viewer
// cannot see is refused exactly like another student's).
func ownItems(ctx context.Context, c *ent.Client, student pulid.ID, it items) error {
	for field, ids := range map[string][]pulid.ID{it.evidenceField: it.evidence, it.goalsField: it.goals, it.reflectionsField: it.reflections} {
		if len(ids) > maxItems {
			return apperr.Invalid(field, "At most %d items of a kind at once.", maxItems)
		}
	}
	if ids := unique(it.evidence); len(ids) > 0 {
		n, err := c.Evidence.Query().Where(evidence.IDIn(ids...), evidence.StudentID(student)).Count(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			return apperr.Invalid(it.evidenceField, "Only the student's own evidence can go in their collection.")
		}
	}
	if ids := unique(it.goals); len(ids) > 0 {
		n, err := c.Goal.Query().Where(goal.IDIn(ids...), goal.StudentID(student)).Count(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			return apperr.Invalid(it.goalsField, "Only the student's own goals can go in their collection.")
		}
	}
	if ids := unique(it.reflections); len(ids) > 0 {
		n, err := c.Reflection.Query().Where(reflection.IDIn(ids...), reflection.StudentID(student)).Count(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			return apperr.Invalid(it.reflectionsField, "Only the student's own reflections can go in their collection.")
		}
	}
	return nil
}

// maxItems bounds the IDs of one kind in one request, well under the
// bind-parameter limits of both databases.
const maxItems = 500

func unique(ids []pulid.ID) []pulid.ID {
	seen := make(map[pulid.ID]struct{}, len(ids))
	out := make([]pulid.ID, 0, len(ids))
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}
