package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/pulid"
)

// SignInFailure counts wrong passwords for one email from one client
// address, so that a guesser is slowed down where it guesses and nowhere
// else (auth's throttle). It is keyed by the email as typed, not by an
// account, so that an email nobody has is counted exactly like one somebody
// has. In the database, so that every replica sees the same counts.
type SignInFailure struct{ ent.Schema }

// Fields of the SignInFailure.
func (SignInFailure) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Immutable().
			Comment("The email tried, normalised."),
		field.String("address").MaxLen(64).Immutable().
			Comment("The client address the attempts came from."),
		field.Int("failures").Default(0).Min(0).
			Comment("Wrong passwords in a row from this address for this email."),
		field.Time("last_failed_at").
			Comment("When the last wrong password came."),
		field.Time("retry_at").
			Comment("No password is checked for this email from this address before then."),
	}
}

// Mixin of the SignInFailure.
func (SignInFailure) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sif")}
}

// Indexes of the SignInFailure.
func (SignInFailure) Indexes() []ent.Index {
	return []ent.Index{index.Fields("email", "address").Unique(), index.Fields("last_failed_at")}
}

// Annotations of the SignInFailure: counts never leave the server.
func (SignInFailure) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
