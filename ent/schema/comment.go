package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// Comment is a note on a goal or a piece of evidence, by family, an advisor
// or a partner; it is visible as the item is.
type Comment struct{ ent.Schema }

// Fields of the Comment.
func (Comment) Fields() []ent.Field {
	return []ent.Field{
		field.String("author_id").GoType(pulidID).Immutable(),
		field.String("goal_id").GoType(pulidID).Optional().Nillable().Immutable(),
		field.String("evidence_id").GoType(pulidID).Optional().Nillable().Immutable(),
		field.Text("body").NotEmpty().MaxLen(4000),
	}
}

// Mixin of the Comment.
func (Comment) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cmt"), TimeMixin{},
		Tenant(Parent{"goal_id", "goals"}, Parent{"evidence_id", "evidences"})}
}

// Edges of the Comment.
func (Comment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("author", Account.Type).Field("author_id").Unique().Required().Immutable(),
		edge.From("goal", Goal.Type).Ref("comments").Field("goal_id").Unique().Immutable(),
		edge.From("evidence", Evidence.Type).Ref("comments").Field("evidence_id").Unique().Immutable(),
	}
}

// Annotations of the Comment.
func (Comment) Annotations() []schema.Annotation {
	return relay(crud())
}
