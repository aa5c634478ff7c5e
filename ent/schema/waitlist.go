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

// WaitlistEntry is a family waiting for a conference time in a window: when
// a matching slot frees, the first waiting is offered it through the
// outbox, and the slot is held for them until the offer expires.
type WaitlistEntry struct{ ent.Schema }

// Fields of the WaitlistEntry.
func (WaitlistEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("window_id").GoType(pulidID).Immutable(),
		field.String("student_id").GoType(pulidID).Immutable(),
		field.String("family_id").GoType(pulidID).Immutable().Comment("The guardian who asked; offers go to them."),
		field.Time("earliest").Optional().Nillable().Immutable().Comment("The earliest start the family can take."),
		field.Time("latest").Optional().Nillable().Immutable().Comment("The latest start the family can take."),
		field.Enum("status").NamedValues(named("waiting", "offered", "booked", "expired", "withdrawn")...).Default("WAITING").
			Comment("WAITING for a slot; OFFERED one, held until the offer expires; then BOOKED, EXPIRED or WITHDRAWN."),
		field.String("offered_slot_id").GoType(pulidID).Optional().Nillable(),
		field.Time("offer_expires_at").Optional().Nillable().Comment("The offered slot is held until then."),
	}
}

// Mixin of the WaitlistEntry.
func (WaitlistEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("wle"), TimeMixin{}, Tenant(Parent{"student_id", "students"})}
}

// Edges of the WaitlistEntry.
func (WaitlistEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("window", ConferenceWindow.Type).Field("window_id").Unique().Required().Immutable(),
		edge.To("student", Student.Type).Field("student_id").Unique().Required().Immutable(),
		edge.To("family", Account.Type).Field("family_id").Unique().Required().Immutable(),
		edge.To("offered_slot", Slot.Type).Field("offered_slot_id").Unique(),
	}
}

// Indexes of the WaitlistEntry.
func (WaitlistEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("window_id", "status", "created_at"),
		// One live entry per student per window.
		index.Fields("student_id", "window_id").Unique().StorageKey("waitlist_one_live_per_window").
			Annotations(entsql.IndexWhere("status = 'WAITING' OR status = 'OFFERED'")),
	}
}

// Annotations of the WaitlistEntry: changed through joinWaitlist and
// leaveWaitlist only.
func (WaitlistEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
