package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/schema/schematype"
)

// StudentRevision is the student's profile as it was before one change: a
// plan documents growth, so earlier versions stay readable. Written only by
// hook.RecordRevisions, in the change's transaction.
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
// server (hook.RecordRevisions) writes.
func (StudentRevision) Policy() ent.Policy {
	return planPolicy(ofStudent(rule.Staff|rule.Self|rule.Family, 0))
}
