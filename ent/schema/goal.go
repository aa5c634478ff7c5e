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

// Goal is something a student sets out to do, in one area of their life.
type Goal struct{ ent.Schema }

// Fields of the Goal.
func (Goal) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.Enum("area").NamedValues(named("academic", "career", "personal", "civic", "wellness", "school")...).
			Comment("Area of the goal; SCHOOL means one of the school's own areas, named in areaName.").
			Annotations(entgql.OrderField("AREA")),
		field.String("area_name").Optional().MaxLen(100).
			Comment("Name of the school's own area when area is SCHOOL."),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("why").Optional().MaxLen(4000).Comment("Why the goal matters to the student."),
		field.Text("success_criteria").Optional().MaxLen(4000).Comment("How the student will know it is done."),
		field.Text("next_steps").Optional().MaxLen(4000).Comment("What the student will do next, set with support."),
		field.Enum("term").NamedValues(named("short", "long")...).Default("SHORT").
			Comment("Short-term (this year) or long-term (beyond it)."),
		field.Time("target_date").Optional().Nillable().
			Annotations(entgql.OrderField("TARGET_DATE")),
		field.Enum("status").NamedValues(named("draft", "active", "achieved", "revised", "set_aside")...).Default("DRAFT").
			Comment("Where the goal stands. ACHIEVED means done: every milestone done (a goal without milestones is set to 100% by the move), and it takes no open milestone until it is ACTIVE again.").
			Annotations(entgql.OrderField("STATUS")),
		field.Enum("visibility").NamedValues(named("private", "school", "family", "partners")...).Default("FAMILY").
			Comment(visibilityComment),
		field.Int("progress").Default(0).Range(0, 100).
			Comment("Per cent done: derived from milestones when the goal has them.").
			Annotations(entgql.OrderField("PROGRESS")),
		pathwayField(),
	}
}

// Mixin of the Goal.
func (Goal) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("goal"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Goal.
func (Goal) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("collections", Collection.Type).Ref("goals").Annotations(skipInputs()),
		edge.From("student", Student.Type).Ref("goals").Field("student_id").Unique().Required().Immutable(),
		edge.To("milestones", Milestone.Type).Annotations(skipInputs()),
		edge.To("skills", Skill.Type).Comment("Transferable skills and proficiencies the goal builds."),
		edge.From("evidence", Evidence.Type).Ref("goals").Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("reflections", Reflection.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("comments", Comment.Type).Annotations(entgql.RelayConnection(), skipInputs()),
	}
}

// Indexes of the Goal.
func (Goal) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("student_id", "status"),
		// The caseload's pathway filter: students with a goal in a pathway.
		index.Fields("pathway", "student_id"),
	}
}

// Hooks of the Goal: the school's own area is named, the status takes only
// the allowed steps, an ACHIEVED goal is done, and progress is not set by
// hand when milestones set it.
func (Goal) Hooks() []ent.Hook {
	return []ent.Hook{hook.GoalArea(), hook.GoalStatus()}
}

// Annotations of the Goal.
func (Goal) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
