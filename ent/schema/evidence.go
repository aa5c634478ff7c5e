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

// Evidence shows growth: a photo, a video, a document, a link or writing,
// from school or from outside it.
type Evidence struct{ ent.Schema }

// Fields of the Evidence.
func (Evidence) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("title").NotEmpty().MaxLen(200).Validate(singleLine).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Optional().MaxLen(4000),
		field.Enum("kind").NamedValues(named("image", "video", "audio", "document", "link", "text")...).
			Annotations(entgql.OrderField("KIND")),
		field.String("blob_key").Optional().MaxLen(500).
			Comment("Storage key of the uploaded file.").
			Annotations(entgql.Skip()),
		field.String("content_type").Optional().MaxLen(100).
			Comment("Media type of the file, sniffed from its bytes.").
			Annotations(skipInputs()),
		field.Int64("size").Optional().Min(0).Comment("File size in bytes.").
			Annotations(skipInputs()),
		field.String("sha256").Optional().MaxLen(64).Comment("Hex SHA-256 of the file.").
			Annotations(skipInputs()),
		field.String("url").Optional().MaxLen(2000).Validate(validURL).
			Comment("Address of link evidence."),
		field.Text("body").Optional().MaxLen(20000).Comment("Text of written evidence."),
		field.Bool("in_school").Default(true).Comment("Done in school (true) or outside it (false)."),
		field.Time("occurred_on").Comment("When the work happened.").
			Annotations(entgql.OrderField("OCCURRED_ON")),
		field.String("station_id").GoType(pulidID).Optional().Nillable().Immutable().
			Comment("The classroom station it was added at, if any.").
			Annotations(skipInputs()),
		field.Enum("visibility").NamedValues(named("private", "school", "family", "partners")...).Default("FAMILY").
			Comment(visibilityComment),
		pathwayField(),
	}
}

// Mixin of the Evidence.
func (Evidence) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("evd"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Evidence.
func (Evidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("collections", Collection.Type).Ref("evidence").Annotations(skipInputs()),
		edge.To("station", Station.Type).Field("station_id").Unique().Immutable().Annotations(skipInputs()),
		edge.From("student", Student.Type).Ref("evidence").Field("student_id").Unique().Required().Immutable(),
		edge.To("goals", Goal.Type).Comment("Goals the evidence shows progress on."),
		edge.To("skills", Skill.Type).Comment("Skills the evidence demonstrates."),
		edge.To("reflections", Reflection.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("comments", Comment.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("endorsement_requests", EndorsementRequest.Type).Annotations(skipInputs()),
		edge.To("endorsements", Endorsement.Type).Annotations(skipInputs()),
	}
}

// Indexes of the Evidence.
func (Evidence) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("student_id", "occurred_on"), index.Fields("blob_key"),
		// The caseload's pathway filter: students with evidence in a pathway.
		index.Fields("pathway", "student_id"),
	}
}

// Annotations of the Evidence.
func (Evidence) Annotations() []schema.Annotation {
	return relay(entgql.QueryField("evidence"), crud())
}
