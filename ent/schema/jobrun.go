package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pulid"
)

// JobRun is the last run of one scheduled job, whichever replica ran it:
// what `plp jobs status` and /metrics show, and what a new leader reads to
// run once the jobs a handover made it miss. One row per job, overwritten
// by each run.
type JobRun struct{ ent.Schema }

// Fields of the JobRun.
func (JobRun) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Unique().Immutable().Comment("The job's name, as `plp jobs list` shows it."),
		field.Time("started_at").Comment("When the last run started."),
		field.Time("finished_at").Optional().Nillable().Comment("When it ended; empty while it runs, or if its replica died."),
		field.Bool("ok").Default(false).Comment("Whether the last run that ended succeeded."),
		field.String("summary").Optional().MaxLen(1000).Comment("What the run did, or its error."),
		field.String("replica").Optional().MaxLen(200).Comment("The replica that ran it (host and process)."),
	}
}

// Mixin of the JobRun.
func (JobRun) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("jrn"), TimeMixin{}}
}

// Annotations of the JobRun: operators' business, not the API's.
func (JobRun) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}

// SchedulerLease is the lease of the replica that runs the scheduled jobs
// (on PostgreSQL, where several replicas share a database). The leader
// renews it every few seconds; when it dies or hangs the lease runs out and
// another replica takes it.
type SchedulerLease struct{ ent.Schema }

// Fields of the SchedulerLease.
func (SchedulerLease) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).Unique().Immutable().Comment("What is led: \"scheduler\"."),
		field.String("holder").NotEmpty().MaxLen(200).Comment("The replica holding the lease (host, process and a random part)."),
		field.Time("expires_at").Comment("When the lease runs out unless renewed, by the database's clock."),
	}
}

// Mixin of the SchedulerLease.
func (SchedulerLease) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("lse"), TimeMixin{}}
}

// Annotations of the SchedulerLease: operators' business, not the API's.
func (SchedulerLease) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
