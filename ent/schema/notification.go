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

// Notification is one message in the outbox, written in the same
// transaction as the change that causes it and sent later by a dispatcher.
type Notification struct{ ent.Schema }

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.String("recipient_id").GoType(pulidID).Immutable(),
		field.Enum("channel").NamedValues(named("email")...).Default("EMAIL"),
		field.String("kind").NotEmpty().MaxLen(60).Comment("What the message is, e.g. reflection_reminder."),
		field.String("idempotency_key").NotEmpty().MaxLen(300).Unique().Immutable().
			Comment("Kind, person and period: a second run sends nothing twice."),
		field.JSON("payload", map[string]any{}).Optional().Annotations(entgql.Skip()),
		field.Time("not_before").Comment("Not sent before this time (quiet hours).").
			Annotations(entgql.OrderField("NOT_BEFORE")),
		field.Int("attempts").Default(0).Min(0),
		field.Time("sent_at").Optional().Nillable(),
		field.String("last_error").Optional().MaxLen(2000),
	}
}

// Mixin of the Notification.
func (Notification) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ntf"), TimeMixin{}, Tenant()}
}

// Edges of the Notification.
func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("recipient", Account.Type).Field("recipient_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("sent_at", "not_before")}
}

// Annotations of the Notification: read-only in the API.
func (Notification) Annotations() []schema.Annotation {
	return relay()
}
