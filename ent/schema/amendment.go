package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// AmendmentRequest is a family's or an eligible student's request to amend
// a record of the plan they believe is inaccurate or misleading (FERPA);
// staff resolve it.
type AmendmentRequest struct{ ent.Schema }

// Fields of the AmendmentRequest.
func (AmendmentRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("requester_id").GoType(pulidID).Immutable().Comment("Who asked."),
		field.String("subject_id").NotEmpty().MaxLen(40).Immutable().
			Comment("The ID of the record to amend: a goal, evidence, a reflection, the student's profile..."),
		field.String("subject_type").MaxLen(60).Immutable().
			Comment("The type of the record, from its ID.").
			Annotations(skipInputs()),
		field.Text("reason").NotEmpty().MaxLen(4000).Immutable().Comment("What is wrong and what it should say."),
		field.Enum("status").NamedValues(named("open", "amended", "declined")...).Default("OPEN").
			Annotations(entgql.OrderField("STATUS"), skipInputs()),
		field.Text("resolution").Optional().MaxLen(4000).Comment("What staff did and why.").
			Annotations(skipInputs()),
		field.String("resolved_by_id").GoType(pulidID).Optional().Nillable().Annotations(skipInputs()),
		field.Time("resolved_at").Optional().Nillable().Annotations(skipInputs()),
	}
}

// Mixin of the AmendmentRequest.
func (AmendmentRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("amd"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the AmendmentRequest.
func (AmendmentRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("student", Student.Type).Field("student_id").Unique().Required().Immutable(),
		edge.To("requester", Account.Type).Field("requester_id").Unique().Required().Immutable(),
		edge.To("resolved_by", Account.Type).Field("resolved_by_id").Unique().Annotations(skipInputs()),
		edge.To("events", AmendmentEvent.Type).Annotations(skipInputs()),
	}
}

// Indexes of the AmendmentRequest.
func (AmendmentRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("student_id", "status"),
		// One open request per person per record, even when two arrive at
		// once: the database decides, not a check before the insert.
		index.Fields("requester_id", "subject_id").Unique().
			Annotations(entsql.IndexWhere("status = 'OPEN'")),
	}
}

// Annotations of the AmendmentRequest.
func (AmendmentRequest) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}

// AmendmentEvent is one step in the history of an amendment request.
type AmendmentEvent struct{ ent.Schema }

// Fields of the AmendmentEvent.
func (AmendmentEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("request_id").GoType(pulidID).Immutable(),
		field.String("actor_id").GoType(pulidID).Immutable(),
		field.Enum("status").NamedValues(named("open", "amended", "declined")...).Immutable().
			Comment("The request's status after this step."),
		field.Text("note").Optional().MaxLen(4000).Immutable(),
		field.Time("at").Immutable().Annotations(entgql.OrderField("AT")),
	}
}

// Mixin of the AmendmentEvent.
func (AmendmentEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ame"), Tenant(Parent{"request_id", "amendment_requests"})}
}

// Edges of the AmendmentEvent.
func (AmendmentEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("request", AmendmentRequest.Type).Ref("events").Field("request_id").Unique().Required().Immutable(),
		edge.To("actor", Account.Type).Field("actor_id").Unique().Required().Immutable(),
	}
}

// Annotations of the AmendmentEvent.
func (AmendmentEvent) Annotations() []schema.Annotation {
	return relay()
}
