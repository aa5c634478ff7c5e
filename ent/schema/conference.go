package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// ConferenceWindow is a term's conference season: when families may book,
// and how slots are cut.
type ConferenceWindow struct{ ent.Schema }

// Fields of the ConferenceWindow.
func (ConferenceWindow) Fields() []ent.Field {
	return []ent.Field{
		field.String("term").NotEmpty().MaxLen(100).Validate(singleLine).
			Comment("The term, e.g. Fall 2026.").
			Annotations(entgql.OrderField("TERM")),
		field.Time("opens_at").Comment("When booking opens.").Annotations(entgql.OrderField("OPENS_AT")),
		field.Time("closes_at").Comment("When booking closes."),
		field.Int("slot_minutes").Default(20).Range(5, 240).Comment("Default slot length."),
		field.Int("buffer_minutes").Default(5).Range(0, 120).Comment("Gap between slots."),
		field.Int("cancel_cutoff_hours").Default(24).Range(0, 336).
			Comment("Families cannot move or cancel later than this before the start."),
		field.String("location").Optional().MaxLen(200),
		field.String("video_url").Optional().MaxLen(2000).Validate(validURL),
		field.Int("joint_max_students").Default(0).Range(0, 10).
			Comment("Most children of one family that one joint conference may cover (bookJointConference). " +
				"0 or 1, the default, allows no joint conferences: siblings book back to back."),
		field.Enum("open_hosts").NamedValues(named("advisor", "listed", "any")...).Default("ADVISOR").
			Comment("Whose slots a family may book for a child: ADVISOR, the default, only the child's own advisor's; " +
				"LISTED, the advisor's and those of the window's listedHosts; ANY, any host's. Staff booking on a family's " +
				"behalf are not bound by it."),
		field.Time("interpreter_release_at").Optional().Nillable().
			Comment("Until this time a slot held for an interpreter language is booked only for families who asked for " +
				"that language; from it, by anyone. Unset: held for the language as long as the window is open."),
	}
}

// Mixin of the ConferenceWindow.
func (ConferenceWindow) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cwn"), TimeMixin{}, Tenant()}
}

// Edges of the ConferenceWindow.
func (ConferenceWindow) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("hosts", Account.Type).Comment("Advisors who host conferences in the window."),
		edge.To("listed_hosts", Account.Type).
			Comment("Hosts any family may book when open_hosts is LISTED, beside the child's own advisor."),
		edge.To("slots", Slot.Type).Annotations(entgql.RelayConnection(), skipInputs()),
		edge.To("conferences", Conference.Type).Annotations(entgql.RelayConnection(), skipInputs()),
	}
}

// Hooks of the ConferenceWindow.
func (ConferenceWindow) Hooks() []ent.Hook {
	return []ent.Hook{hook.EndsAfterStart("opens_at", "closes_at")}
}

// Annotations of the ConferenceWindow.
func (ConferenceWindow) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), crud())
}

// Slot is one bookable time with one host.
type Slot struct{ ent.Schema }

// Fields of the Slot.
func (Slot) Fields() []ent.Field {
	return []ent.Field{
		field.String("window_id").GoType(pulidID).Immutable(),
		field.String("host_id").GoType(pulidID),
		field.Time("starts_at").Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at"),
		field.String("location").Optional().MaxLen(200),
		field.String("video_url").Optional().MaxLen(2000).Validate(validURL),
		field.Int("capacity").Default(1).Range(1, 50).Comment("How many conferences the slot holds."),
		field.Bool("blocked").Default(false).Comment("A blocked slot cannot be booked."),
		field.String("interpreter_language").Optional().MaxLen(20).Validate(validLanguage).
			Comment("Reserved for families who need an interpreter in this language."),
		field.Int("booked").Default(0).Min(0).Annotations(skipInputs()).
			Comment("Active conferences in the slot. Only the seat hook of Conference changes it, " +
				"with a conditional update that never lets it pass capacity."),
	}
}

// Mixin of the Slot.
func (Slot) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("slt"), TimeMixin{}, Tenant(Parent{"window_id", "conference_windows"})}
}

// Edges of the Slot.
func (Slot) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("window", ConferenceWindow.Type).Ref("slots").Field("window_id").Unique().Required().Immutable(),
		edge.To("host", Account.Type).Field("host_id").Unique().Required(),
		edge.To("conferences", Conference.Type).Annotations(skipInputs()),
	}
}

// Indexes of the Slot.
func (Slot) Indexes() []ent.Index {
	return []ent.Index{index.Fields("window_id", "host_id", "starts_at").Unique()}
}

// Hooks of the Slot: times are checked (not in the past, no overlap for
// the host), and a slot with bookings keeps its time, host and seats.
func (Slot) Hooks() []ent.Hook {
	return []ent.Hook{hook.EndsAfterStart("starts_at", "ends_at"), hook.SlotRules(), hook.AnnounceSlot()}
}

// Annotations of the Slot.
func (Slot) Annotations() []schema.Annotation {
	return relay(crud())
}

// Conference is a student-led conference booked in a slot.
type Conference struct{ ent.Schema }

// Fields of the Conference.
func (Conference) Fields() []ent.Field {
	return []ent.Field{
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("window_id").GoType(pulidID).Immutable(),
		field.String("slot_id").GoType(pulidID).Annotations(skipInputs()).
			Comment("The slot; changed only by moveConference, which takes the new seat before it frees the old."),
		field.Enum("status").NamedValues(named("booked", "confirmed", "completed", "cancelled", "no_show")...).Default("BOOKED").
			Annotations(entgql.OrderField("STATUS"), skipInputs()).
			Comment("BOOKED and CONFIRMED hold a seat of the slot; the others do not."),
		field.String("interpreter_language").Optional().MaxLen(20).Validate(validLanguage).
			Comment("Language the family needs an interpreter for."),
		field.Text("accommodations").Optional().MaxLen(2000).Comment("What the family needs to take part."),
		field.Text("agenda").Optional().MaxLen(20000).Comment("Built before the conference by a job.").
			Annotations(skipInputs()),
		field.Text("notes").Optional().MaxLen(20000).Comment("The host's notes; private to staff unless notes_shared.").
			Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Bool("notes_shared").Default(false).
			Comment("The host shares their notes with the student and family."),
		field.Text("next_steps").Optional().MaxLen(4000).Comment("Agreed next steps; they become goals."),
		field.Text("questions").Optional().MaxLen(4000).Annotations(entgql.Skip()).
			Comment("Questions and topics the family left at booking, for the agenda."),
		field.Bool("questions_private").Default(false).Annotations(skipInputs()).
			Comment("The family's questions are for the host only, not for the student."),
		field.Int("sequence").Default(0).Min(0).Annotations(skipInputs()).
			Comment("The calendar invite's SEQUENCE: raised on every move and on a cancel."),
		field.Text("family_feedback").Optional().MaxLen(4000).Annotations(skipInputs()).
			Comment("What the family thought of the conference."),
		field.Text("student_feedback").Optional().MaxLen(4000).Annotations(skipInputs()).
			Comment("What the student thought of leading it."),
		field.String("booked_by_id").GoType(pulidID).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)).
			Comment("Who booked it: a guardian, or staff on the family's behalf."),
		field.Time("cancelled_at").Optional().Nillable().Annotations(skipInputs()),
		field.String("joint_id").GoType(pulidID).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)).
			Comment("Siblings booked together (bookJointConference) share it: one meeting, one seat of the slot, " +
				"one calendar invite; a move or cancel of one acts on all of them. Empty for a conference of one student."),
	}
}

// Mixin of the Conference.
func (Conference) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("cnf"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the Conference.
func (Conference) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("student", Student.Type).Ref("conferences").Field("student_id").Unique().Required().Immutable(),
		edge.From("window", ConferenceWindow.Type).Ref("conferences").Field("window_id").Unique().Required().Immutable(),
		edge.From("slot", Slot.Type).Ref("conferences").Field("slot_id").Unique().Required(),
		edge.To("attendees", Account.Type).Comment("Family members, partners and staff who attend."),
		edge.To("reflections", Reflection.Type).Annotations(skipInputs()),
	}
}

// Indexes of the Conference.
func (Conference) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("slot_id", "status"),
		index.Fields("student_id", "window_id"),
		index.Fields("joint_id"),
		// One active conference per student per window, even when two
		// guardians book at once: the database decides.
		index.Fields("student_id", "window_id").Unique().StorageKey("conference_one_active_per_window").
			Annotations(entsql.IndexWhere("status = 'BOOKED' OR status = 'CONFIRMED'")),
	}
}

// Hooks of the Conference: an active conference holds a seat of its slot.
func (Conference) Hooks() []ent.Hook {
	return []ent.Hook{hook.Seats()}
}

// Annotations of the Conference: booked through bookConference, whose
// rules the generic create would skip; notes and requests update as usual.
func (Conference) Annotations() []schema.Annotation {
	return relay(entgql.QueryField(), entgql.Mutations(entgql.MutationUpdate()))
}
