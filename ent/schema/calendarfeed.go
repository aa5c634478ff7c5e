package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// CalendarFeed is a person's secret, revocable calendar URL listing their
// conferences at a school; calendar apps subscribe to it without signing in.
type CalendarFeed struct{ ent.Schema }

// Fields of the CalendarFeed.
func (CalendarFeed) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable().Comment("Whose conferences the feed lists."),
		field.Bytes("token_hash").Unique().Immutable().Sensitive().
			Comment("SHA-256 of the secret token; the token itself is shown once.").
			Annotations(entgql.Skip()),
		field.Time("revoked_at").Optional().Nillable().Comment("When the feed stopped working."),
	}
}

// Mixin of the CalendarFeed.
func (CalendarFeed) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cal"), TimeMixin{}, Tenant()}
}

// Edges of the CalendarFeed.
func (CalendarFeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable(),
	}
}

// Annotations of the CalendarFeed: made and revoked through their own
// mutations.
func (CalendarFeed) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
