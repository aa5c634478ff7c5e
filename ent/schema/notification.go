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
		field.Int("attempts").Default(0).Min(0).
			Comment("Sends tried so far, counted when a dispatcher claims the message."),
		field.Time("sent_at").Optional().Nillable().
			Comment("When the mail server accepted the message."),
		field.String("last_error").Optional().MaxLen(2000).
			Comment("Why the last attempt failed, for admins."),
		field.Time("lease_until").Optional().Nillable().
			Comment("A dispatcher holds the message until then; a dispatcher that dies mid-send lets it go when the lease ends.").
			Annotations(entgql.Skip()),
		field.String("unsubscribe_token").Optional().Sensitive().Unique().Immutable().
			Comment("Secret of the unsubscribe link in non-essential mail; empty for mail a person must get.").
			Annotations(entgql.Skip()),
		field.Time("failed_at").Optional().Nillable().
			Comment("When the outbox gave up on the message after its last attempt: admins see these."),
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
	return []ent.Index{index.Fields("sent_at", "not_before"), index.Fields("failed_at")}
}

// Annotations of the Notification: read-only in the API; admins list their
// school's outbox (failures first of all), everyone their own mail.
func (Notification) Annotations() []schema.Annotation {
	return relay(entgql.QueryField())
}
