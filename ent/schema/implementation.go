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

// Category is one of the five areas of a school's PLP implementation:
// Agency Resources, Policy, Public Will, Practice, Academic Standards.
type Category struct{ ent.Schema }

// Fields of the Category.
func (Category) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(60).Immutable().Comment("Stable key, e.g. public_will."),
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Text("description").Optional().MaxLen(4000),
		field.Int("position").Default(0).Min(0).Annotations(entgql.OrderField("POSITION")),
	}
}

// Mixin of the Category.
func (Category) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cat"), TimeMixin{}, Tenant()}
}

// Edges of the Category.
func (Category) Edges() []ent.Edge {
	return []ent.Edge{edge.To("steps", Step.Type).Annotations(skipInputs())}
}

// Indexes of the Category.
func (Category) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id", "key").Unique()}
}

// Annotations of the Category.
func (Category) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}

// Step is an implementation step within a category.
type Step struct{ ent.Schema }

// Fields of the Step.
func (Step) Fields() []ent.Field {
	return []ent.Field{
		field.String("category_id").GoType(pulidID).Immutable(),
		field.String("key").Optional().MaxLen(60).Immutable().
			Comment("Stable key of a step of the state framework, e.g. policy.plp_policy; empty for a local step.").
			Annotations(skipInputs()),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Text("description").Optional().MaxLen(4000),
		field.Int("position").Default(0).Min(0).Annotations(entgql.OrderField("POSITION")),
		field.Bool("local").Default(false).Comment("Added by the school rather than the state framework."),
	}
}

// Mixin of the Step.
func (Step) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("stp"), TimeMixin{}, Tenant(Parent{"category_id", "categories"})}
}

// Edges of the Step.
func (Step) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("category", Category.Type).Ref("steps").Field("category_id").Unique().Required().Immutable(),
		edge.To("resources", Resource.Type).Annotations(skipInputs()),
		edge.To("responses", SurveyResponse.Type).Annotations(skipInputs()),
		edge.To("action_items", ActionItem.Type).Annotations(skipInputs()),
	}
}

// Indexes of the Step: a framework step is installed once per school.
func (Step) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id", "key").Unique()}
}

// Annotations of the Step.
func (Step) Annotations() []schema.Annotation {
	return relay(crud())
}

// Resource helps a school carry out a step: a guide, a template, a video.
type Resource struct{ ent.Schema }

// Fields of the Resource.
func (Resource) Fields() []ent.Field {
	return []ent.Field{
		field.String("step_id").GoType(pulidID).Immutable(),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Enum("kind").NamedValues(named("guide", "template", "policy", "video", "tool", "example", "link")...),
		field.String("url").Optional().MaxLen(2000).Validate(validURL),
		field.String("audience").Optional().MaxLen(200).Comment("Who it is for: leaders, advisors, families..."),
		field.Text("body").Optional().MaxLen(20000).
			Comment("The resource itself, as text (Markdown-like plain text), when it is written here rather than linked or attached."),
		field.Bool("local").Default(false),
		// A resource is a link (url) or an attached file, never both
		// (implementation.AttachFile, the hook below).
		field.String("file_key").Optional().MaxLen(500).
			Comment("Storage key of the attached file.").
			Annotations(entgql.Skip()),
		field.String("file_name").Optional().MaxLen(200).
			Comment("Name of the attached file as uploaded, cleaned (implementation.CleanFileName).").
			Annotations(entgql.Skip()),
		field.String("file_type").Optional().MaxLen(100).
			Comment("Media type of the attached file, sniffed from its bytes.").
			Annotations(entgql.Skip()),
		field.Int64("file_size").Optional().Min(0).
			Comment("Size of the attached file in bytes.").
			Annotations(entgql.Skip()),
	}
}

// Mixin of the Resource.
func (Resource) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rsc"), TimeMixin{}, Tenant(Parent{"step_id", "steps"})}
}

// Edges of the Resource.
func (Resource) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("step", Step.Type).Ref("resources").Field("step_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Resource.
func (Resource) Indexes() []ent.Index {
	// implementation.ResourceFiles looks for rows that still refer to a
	// stored file.
	return []ent.Index{index.Fields("file_key")}
}

// Hooks of the Resource: a resource has a file or a link, not both.
func (Resource) Hooks() []ent.Hook {
	return []ent.Hook{hook.ResourceFileOrLink()}
}

// Annotations of the Resource.
func (Resource) Annotations() []schema.Annotation {
	return relay(crud())
}

// Survey is one round of a school's implementation self-assessment.
type Survey struct{ ent.Schema }

// Fields of the Survey.
func (Survey) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Time("taken_at").Annotations(entgql.OrderField("TAKEN_AT")).
			Comment("When the team took the survey: when it was started, or the date an admin gave (a paper survey entered later)."),
		field.Time("closed_at").Optional().Nillable(),
	}
}

// Mixin of the Survey.
func (Survey) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("srv"), TimeMixin{}, Tenant()}
}

// Edges of the Survey.
func (Survey) Edges() []ent.Edge {
	return []ent.Edge{edge.To("responses", SurveyResponse.Type).Annotations(skipInputs())}
}

// Annotations of the Survey.
func (Survey) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}

// SurveyResponse is one person's rating of one step in a survey.
type SurveyResponse struct{ ent.Schema }

// Fields of the SurveyResponse.
func (SurveyResponse) Fields() []ent.Field {
	return []ent.Field{
		field.String("survey_id").GoType(pulidID).Immutable(),
		field.String("step_id").GoType(pulidID).Immutable(),
		field.String("respondent_id").GoType(pulidID).Immutable(),
		field.Enum("rating").NamedValues(named("not_started", "beginning", "developing", "established")...),
		field.Text("note").Optional().MaxLen(4000),
		field.Text("evidence").Optional().MaxLen(4000).Comment("What shows the rating is right."),
	}
}

// Mixin of the SurveyResponse.
func (SurveyResponse) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("rsp"), TimeMixin{}, Tenant(Parent{"survey_id", "surveys"})}
}

// Edges of the SurveyResponse.
func (SurveyResponse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("survey", Survey.Type).Ref("responses").Field("survey_id").Unique().Required().Immutable(),
		edge.From("step", Step.Type).Ref("responses").Field("step_id").Unique().Required().Immutable(),
		edge.To("respondent", Account.Type).Field("respondent_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SurveyResponse.
func (SurveyResponse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("survey_id", "step_id", "respondent_id").Unique()}
}

// Annotations of the SurveyResponse.
func (SurveyResponse) Annotations() []schema.Annotation {
	return relay(crud())
}

// ActionItem is a task of a school's implementation action plan.
type ActionItem struct{ ent.Schema }

// Fields of the ActionItem.
func (ActionItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("step_id").GoType(pulidID).Immutable(),
		field.String("owner_id").GoType(pulidID).Optional().Nillable().
			Comment("Who on the PLP team carries the item out; reminded as it falls due."),
		field.String("survey_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("The survey whose results suggested the item; empty when the team added it."),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine),
		field.Text("notes").Optional().MaxLen(4000).Comment("What the team agreed, what is in the way."),
		field.Time("due").Optional().Nillable().Annotations(entgql.OrderField("DUE")),
		field.Enum("status").NamedValues(named("planned", "in_progress", "done", "blocked")...).Default("PLANNED").
			Annotations(entgql.OrderField("STATUS")),
	}
}

// Mixin of the ActionItem.
func (ActionItem) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("act"), TimeMixin{}, Tenant(Parent{"step_id", "steps"})}
}

// Edges of the ActionItem.
func (ActionItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("step", Step.Type).Ref("action_items").Field("step_id").Unique().Required().Immutable(),
		edge.To("owner", Account.Type).Field("owner_id").Unique(),
		edge.To("survey", Survey.Type).Field("survey_id").Unique().Immutable().Annotations(skipInputs()),
	}
}

// Indexes of the ActionItem: the due items of a school, for reminders.
func (ActionItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id", "due")}
}

// Hooks of the ActionItem: its owner is on the school's PLP team.
func (ActionItem) Hooks() []ent.Hook {
	return []ent.Hook{hook.ActionItemOwnerOnTeam()}
}

// Annotations of the ActionItem.
func (ActionItem) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
