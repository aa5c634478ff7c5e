package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"plp/ent/schema/hook"
)

// TimeMixin records when a row was created and last changed, by the clock
// on the context (hook.Timestamps), not the wall clock: a test, a job and a
// request each see the time they run at.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Comment("When the record was created.").
			Immutable().
			Annotations(entgql.OrderField("CREATED_AT"), skipInputs()),
		field.Time("updated_at").
			Comment("When the record last changed.").
			Annotations(entgql.OrderField("UPDATED_AT"), skipInputs()),
	}
}

// Hooks of the TimeMixin: both times come from the context's clock.
func (TimeMixin) Hooks() []ent.Hook {
	return []ent.Hook{hook.Timestamps()}
}

// Parent names the edge field whose row decides the school of a new row.
type Parent struct {
	Field string // the column on this table, e.g. "student_id"
	Table string // the table it points to, e.g. "students"
}

// TenantMixin puts a row in one school: every row of PLP belongs to exactly
// one, and no query crosses schools (DESIGN.md, Tenancy). The school is
// stored on every row, not only on the root, so that the tenancy filter is
// one indexed predicate, the same for every type.
//
// With no parents the client names the school (schoolID in the create
// input). With parents the school is copied from the first parent set on the
// mutation, so a goal is always in its student's school.
type TenantMixin struct {
	mixin.Schema
	Parents []Parent
}

// Tenant returns a TenantMixin whose school comes from the given parents.
func Tenant(parents ...Parent) TenantMixin { return TenantMixin{Parents: parents} }

// Fields of the TenantMixin.
func (m TenantMixin) Fields() []ent.Field {
	f := field.String("school_id").
		Comment("The school the record belongs to.").
		GoType(pulidID).
		Immutable()
	if len(m.Parents) > 0 {
		f = f.Annotations(skipInputs())
	}
	return []ent.Field{f}
}

// Edges of the TenantMixin.
func (m TenantMixin) Edges() []ent.Edge {
	e := edge.To("school", School.Type).
		Field("school_id").
		Unique().
		Required().
		Immutable()
	if len(m.Parents) > 0 {
		e = e.Annotations(skipInputs())
	}
	return []ent.Edge{e}
}

// Indexes of the TenantMixin.
func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("school_id")}
}

// skipInputs keeps a server-set field out of the create and update inputs.
func skipInputs() schema.Annotation {
	return entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}

// relay marks a type as a Relay node with a cursor connection.
func relay(extra ...schema.Annotation) []schema.Annotation {
	return append([]schema.Annotation{entgql.RelayConnection()}, extra...)
}

// crud gives a type create and update mutation inputs.
func crud() schema.Annotation {
	return entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate())
}
