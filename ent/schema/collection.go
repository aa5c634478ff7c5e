package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// Collection is evidence, goals and reflections a student curates for an
// audience, such as a college application or a job interview.
type Collection struct{ ent.Schema }

// Fields of the Collection.
func (Collection) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine).Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Optional().MaxLen(4000),
		field.String("audience").Optional().MaxLen(200).Comment("Who the collection is for."),
	}
}

// Mixin of the Collection.
func (Collection) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("col"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Collection.
func (Collection) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("collections").Field("student_id").Unique().Required().Immutable(),
		edge.To("evidence", Evidence.Type),
		edge.To("goals", Goal.Type),
		edge.To("reflections", Reflection.Type),
		edge.To("share_links", ShareLink.Type).Annotations(skipInputs()),
	}
}

// Annotations of the Collection.
func (Collection) Annotations() []schema.Annotation {
	return relay(crud())
}

// ShareLink opens a collection to anyone holding its secret, between two
// dates, until revoked.
type ShareLink struct{ ent.Schema }

// Fields of the ShareLink.
func (ShareLink) Fields() []ent.Field {
	return []ent.Field{
		field.String("collection_id").GoType(pulidID).Immutable(),
		field.String("created_by_id").GoType(pulidID).Immutable(),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the secret in the link.").
			Annotations(entgql.Skip()),
		field.Time("starts_at"),
		field.Time("ends_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable().Annotations(skipInputs()),
	}
}

// Mixin of the ShareLink.
func (ShareLink) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("shl"), TimeMixin{}, Tenant(Parent{"collection_id", "collections"})}
}

// Edges of the ShareLink.
func (ShareLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("collection", Collection.Type).Ref("share_links").Field("collection_id").Unique().Required().Immutable(),
		edge.To("created_by", Account.Type).Field("created_by_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ShareLink.
func (ShareLink) Indexes() []ent.Index {
	return []ent.Index{index.Fields("collection_id")}
}

// Hooks of the ShareLink.
func (ShareLink) Hooks() []ent.Hook {
	return []ent.Hook{hook.EndsAfterStart("starts_at", "ends_at")}
}

// Annotations of the ShareLink: created by the sharing workflow, not raw input.
func (ShareLink) Annotations() []schema.Annotation {
	return relay()
}
