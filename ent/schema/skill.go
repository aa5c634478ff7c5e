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

// Skill is a transferable skill or a proficiency within a framework.
type Skill struct{ ent.Schema }

// Fields of the Skill.
func (Skill) Fields() []ent.Field {
	return []ent.Field{
		field.String("framework_id").GoType(pulidID).Immutable(),
		field.String("code").NotEmpty().MaxLen(40).Validate(singleLine).
			Comment("Short code, unique in the framework, e.g. TS-COMM.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine).
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Optional().MaxLen(4000),
		field.Enum("kind").NamedValues(named("transferable", "proficiency")...).Default("TRANSFERABLE"),
		field.Int("position").Default(0).Min(0).Annotations(entgql.OrderField("POSITION")),
	}
}

// Mixin of the Skill.
func (Skill) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("skl"), TimeMixin{}, Tenant(Parent{"framework_id", "frameworks"})}
}

// Edges of the Skill.
func (Skill) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("goals", Goal.Type).Ref("skills").Annotations(skipInputs()),
		edge.From("evidence", Evidence.Type).Ref("skills").Annotations(skipInputs()),
		edge.From("endorsements", Endorsement.Type).Ref("skills").Annotations(skipInputs()),
		edge.From("framework", Framework.Type).Ref("skills").Field("framework_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Skill.
func (Skill) Indexes() []ent.Index {
	return []ent.Index{index.Fields("framework_id", "code").Unique()}
}

// Annotations of the Skill.
func (Skill) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
