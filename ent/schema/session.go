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

// Session is a signed-in device. Only a hash of its token is stored, so a
// copy of the database cannot be used to sign in.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(pulidID).Immutable(),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the bearer token."),
		field.Time("expires_at").Comment("After this the token no longer signs in."),
		field.Time("revoked_at").Optional().Nillable().Comment("Set by sign-out."),
		field.Time("last_seen_at").Optional().Nillable().
			Comment("When the token was last used, to within a few minutes."),
		field.String("user_agent").Optional().MaxLen(300).
			Comment("The User-Agent the session signed in with: its device, for mySessions."),
		field.String("address").Optional().MaxLen(64).
			Comment("The client address the session signed in from."),
	}
}

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ses"), TimeMixin{}}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("sessions").Field("account_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

// Annotations of the Session: sessions never leave the server.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
