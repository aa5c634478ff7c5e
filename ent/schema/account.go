package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// Account is a person who signs in. Roles come from memberships, so one
// account can be a family member at one school and a partner at another.
type Account struct{ ent.Schema }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Unique().Validate(validEmail).
			Comment("Sign-in address, stored lower-case.").
			Annotations(entgql.OrderField("EMAIL")),
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine).
			Comment("The name the person goes by.").
			Annotations(entgql.OrderField("NAME")),
		field.String("preferred_language").Default("en").MaxLen(20).Validate(validLanguage).
			Comment("Language tag for mail, agendas and interpreters."),
		field.String("password_hash").Optional().Sensitive().
			Comment("argon2id hash in PHC format; empty for accounts that cannot sign in with a password.").
			Annotations(entgql.Skip()),
		field.Bool("mail_opt_out").Default(false).
			Comment("The person unsubscribed: no reminders or digests, only mail they must get (sign-in links, bookings).").
			Annotations(skipInputs()),
		field.Bool("disabled").Default(false).
			Comment("A disabled account cannot sign in."),
		field.Time("last_sign_in_at").Optional().Nillable().
			Annotations(skipInputs()),
		field.String("sourced_id").Optional().Nillable().Unique().MaxLen(255).
			Comment("The OneRoster sourcedId of the person in the student information system; imports match on it.").
			Annotations(skipInputs()),
	}
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("acc"), TimeMixin{}}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("hosted_windows", ConferenceWindow.Type).Ref("hosts").Annotations(skipInputs()),
		// The windows that open this host's slots to every family (open_hosts LISTED).
		edge.From("listed_in_windows", ConferenceWindow.Type).Ref("listed_hosts").Annotations(entgql.Skip()),
		edge.From("attended_conferences", Conference.Type).Ref("attendees").Annotations(skipInputs()),
		edge.To("memberships", Membership.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("sessions", Session.Type).
			Annotations(entgql.Skip()),
		// Who the account mentors as a community partner: lets a student
		// and their family see the partners of the student (privacy), not
		// a path in the API.
		edge.From("partnerships", Partnership.Type).Ref("partner").Annotations(entgql.Skip()),
	}
}

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}

// Hooks of the Account: emails are stored trimmed and lower-case.
func (Account) Hooks() []ent.Hook {
	return []ent.Hook{hook.NormalizeEmail()}
}
