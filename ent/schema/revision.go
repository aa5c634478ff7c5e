package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/schema/schematype"
	"plp/internal/platform/viewer"
)

// StudentRevision is the student's profile as it was before one change: a
// plan documents growth, so earlier versions stay readable. Written only by
// the Student hook, in the change's transaction.
type StudentRevision struct{ ent.Schema }

// Fields of the StudentRevision.
func (StudentRevision) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("editor_id").GoType(pulidID).Optional().Immutable().
			Comment("The account that made the change.").Annotations(entgql.Type("ID")),
		field.Strings("changed_fields").Immutable().Comment("The profile fields the change touched."),
		field.JSON("before", schematype.ProfileSnapshot{}).Immutable().
			Comment("The profile fields as they were before the change.").
			Annotations(entgql.Type("ProfileSnapshot")),
	}
}

// Mixin of the StudentRevision.
func (StudentRevision) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rev"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the StudentRevision.
func (StudentRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("revisions").Field("student_id").Unique().Required().Immutable(),
	}
}

// Indexes of the StudentRevision.
func (StudentRevision) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "created_at")}
}

// Annotations of the StudentRevision.
func (StudentRevision) Annotations() []schema.Annotation {
	return relay()
}

// Policy of the StudentRevision: read like the profile's history; only the
// server (the Student hook) writes.
func (StudentRevision) Policy() ent.Policy {
	return planPolicy(ofStudent(rule.Staff|rule.Self|rule.Family, 0))
}

// revisionFields are the profile fields whose changes are kept.
var revisionFields = []string{"identity_statement", "strengths", "interests", "learning_preferences",
	"pronouns", "preferred_name", "theme"}

// recordRevisions keeps the profile as it was before each UpdateOne that
// touches a profile field, in the same transaction.
func recordRevisions() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			sm, ok := m.(*gen.StudentMutation)
			if !ok || !m.Op().Is(ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			var changed []string
			for _, f := range revisionFields {
				if _, set := m.Field(f); set || m.FieldCleared(f) {
					changed = append(changed, f)
				}
			}
			if len(changed) == 0 {
				return next.Mutate(ctx, m)
			}
			id, ok := sm.ID()
			if !ok {
				return next.Mutate(ctx, m)
			}
			sys := viewer.SystemContext(ctx)
			old, err := sm.Client().Student.Get(sys, id)
			if err != nil {
				return nil, err
			}
			before := schematype.ProfileSnapshot{
				IdentityStatement: old.IdentityStatement, Strengths: old.Strengths, Interests: old.Interests,
				LearningPreferences: old.LearningPreferences, Pronouns: old.Pronouns,
				PreferredName: old.PreferredName, Theme: old.Theme,
			}
			value, err := next.Mutate(ctx, m)
			if err != nil {
				return value, err
			}
			create := sm.Client().StudentRevision.Create().
				SetStudentID(id).SetChangedFields(changed).SetBefore(before)
			if v := viewer.FromContext(ctx); v != nil && v.AccountID != "" {
				create.SetEditorID(v.AccountID)
			}
			if err := create.Exec(sys); err != nil {
				return nil, err
			}
			return value, nil
		})
	}
}
