package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// AuditEvent records a disclosure or change of a student's records (FERPA).
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("actor_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("Who acted; empty for the system."),
		field.Enum("action").NamedValues(named("read", "create", "update", "delete", "export", "login", "login_failed")...).Immutable(),
		field.String("subject_type").MaxLen(60).Immutable(),
		field.String("subject_id").MaxLen(40).Optional().Immutable(),
		field.String("student_id").GoType(pulidID).Optional().Nillable().Immutable(),
		field.Time("at").Immutable().Annotations(entgql.OrderField("AT")),
		field.String("request_id").Optional().MaxLen(64).Immutable(),
		field.String("detail").Optional().MaxLen(500).Immutable().
			Comment("What was read or changed: the operation and fields, never the values."),
	}
}

// Mixin of the AuditEvent.
func (AuditEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("aud"), Tenant()}
}

// Edges of the AuditEvent.
func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("actor", Account.Type).Field("actor_id").Unique().Immutable(),
		edge.To("student", Student.Type).Field("student_id").Unique().Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("student_id", "at"), index.Fields("actor_id", "at")}
}

// Annotations of the AuditEvent: written by the server only.
func (AuditEvent) Annotations() []schema.Annotation {
	return relay()
}
