package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// School is the tenant: every other row belongs to one.
type School struct{ ent.Schema }

// Fields of the School.
func (School) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(200).Validate(singleLine).
			Comment("The school's name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("timezone").Default("America/New_York").Validate(validTimezone).
			Comment("IANA time zone: schedules and reminders follow it."),
		field.String("locale").Default("en-US").MaxLen(20).Validate(validLanguage).
			Comment("Default language tag for mail and agendas."),
		field.Int("reminder_cadence_days").Default(14).Range(1, 90).
			Comment("Days without a reflection before a student is reminded."),
		field.String("quiet_hours_start").Default("20:00").Validate(validClockTime).
			Comment("Local time from which no reminder is sent (HH:MM)."),
		field.String("quiet_hours_end").Default("07:00").Validate(validClockTime).
			Comment("Local time until which no reminder is sent (HH:MM)."),
		field.String("district").Optional().MaxLen(200).Validate(singleLine).
			Comment("The supervisory union or district the school belongs to; its admins compare the schools they run by it."),
		field.Strings("sign_in_link_roles").Default([]string{"FAMILY", "PARTNER"}).Validate(validRoles).
			Comment("Roles whose people may ask for a mailed sign-in link (ADMIN, COUNSELOR, ADVISOR, STUDENT, FAMILY, PARTNER, PLP_TEAM)."),
		field.String("sourced_id").Optional().Nillable().Unique().MaxLen(255).
			Comment("The OneRoster sourcedId of the school in the student information system; imports match on it.").
			Annotations(skipInputs()),
		field.String("district_sourced_id").Optional().Nillable().MaxLen(255).
			Comment("The OneRoster sourcedId of the school's district org: a district administrator's role reaches every school that has it.").
			Annotations(entgql.Skip()),
	}
}

// Mixin of the School.
func (School) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sch"), TimeMixin{}}
}

// Annotations of the School.
func (School) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}
