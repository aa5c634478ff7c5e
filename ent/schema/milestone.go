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

// Milestone is one step towards a goal.
type Milestone struct{ ent.Schema }

// Fields of the Milestone.
func (Milestone) Fields() []ent.Field {
	return []ent.Field{
		field.String("goal_id").GoType(pulidID).Immutable(),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Int("position").Default(0).Min(0).Comment("Order within the goal.").
			Annotations(entgql.OrderField("POSITION")),
		field.Time("due").Optional().Nillable().Annotations(entgql.OrderField("DUE")),
		field.Time("done_at").Optional().Nillable().Comment("When the student marked it done."),
	}
}

// Mixin of the Milestone.
func (Milestone) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("mil"), TimeMixin{}, Tenant(Parent{"goal_id", "goals"})}
}

// Edges of the Milestone.
func (Milestone) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("goal", Goal.Type).Ref("milestones").Field("goal_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Milestone.
func (Milestone) Indexes() []ent.Index {
	return []ent.Index{index.Fields("goal_id", "position")}
}

// Annotations of the Milestone.
func (Milestone) Annotations() []schema.Annotation {
	return relay(crud())
}

// Hooks of the Milestone.
func (Milestone) Hooks() []ent.Hook {
	// The goal's progress follows its milestones.
	return []ent.Hook{hook.MilestoneProgress()}
}
