package jobs

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/jobrun"
	"plp/ent/schedulerlease"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// Run is the last run of a job as recorded in the database.
type Run struct {
	Job        string
	StartedAt  time.Time
	FinishedAt *time.Time // nil while it runs, or when its replica died
	OK         bool
	Summary    string
	Replica    string
}

// RunRecorded runs a job as RunOnce does and records the run (start, end,
// outcome, replica) as the job's last run, for `plp jobs status`, the
// metrics and the next leader.
func RunRecorded(ctx context.Context, env Env, j Job, replica string) (string, error) {
	rec := recorder{client: env.Client, now: env.now}
	sys := rec.context(ctx)
	if err := rec.started(sys, j.Name, replica); err != nil {
		return "", err
	}
	summary, runErr := RunOnce(ctx, env, j, false)
	text := summary
	if runErr != nil {
		text = runErr.Error()
	}
	if err := rec.finished(sys, j.Name, runErr == nil, text); err != nil && runErr == nil {
		runErr = err
	}
	return summary, runErr
}

type recorder struct {
	client *ent.Client
	now    func() time.Time
}

func (r recorder) context(ctx context.Context) context.Context {
	return clock.NewContext(viewer.SystemContext(ctx), r.now)
}

func (r recorder) started(ctx context.Context, name, replica string) error {
	err := r.client.JobRun.Create().SetName(name).SetStartedAt(r.now()).SetReplica(clip(replica, 200)).
		OnConflictColumns(jobrun.FieldName).
		Update(func(u *ent.JobRunUpsert) {
			u.UpdateStartedAt().UpdateReplica().UpdateUpdatedAt().ClearFinishedAt()
		}).Exec(ctx)
	if err != nil {
		return fmt.Errorf("record the start of %s: %w", name, err)
	}
	return nil
}

func (r recorder) finished(ctx context.Context, name string, ok bool, summary string) error {
	err := r.client.JobRun.Update().Where(jobrun.Name(name)).
		SetFinishedAt(r.now()).SetOk(ok).SetSummary(clip(summary, 1000)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("record the end of %s: %w", name, err)
	}
	return nil
}

// LastRuns reads the last run of every job that has run, by name.
func LastRuns(ctx context.Context, c *ent.Client) (map[string]Run, error) {
	rows, err := c.JobRun.Query().All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("read job runs: %w", err)
	}
	out := make(map[string]Run, len(rows))
	for _, r := range rows {
		out[r.Name] = Run{Job: r.Name, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, OK: r.Ok, Summary: r.Summary, Replica: r.Replica}
	}
	return out, nil
}

// Missed lists the scheduled jobs whose last run started more than their
// interval before now (or that never ran): a new leader runs each once.
func Missed(list []Job, last map[string]Run, now time.Time) []Job {
	var out []Job
	for _, j := range list {
		if j.Every <= 0 {
			continue
		}
		if r, ok := last[j.Name]; !ok || now.Sub(r.StartedAt) >= j.Every {
			out = append(out, j)
		}
	}
	return out
}

func (env Env) now() time.Time {
	if env.Now == nil {
		return time.Now()
	}
	return env.Now()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Status is what operators ask of the scheduler: who leads, and how each
// job last ran.
type Status struct {
	// Leader holds the scheduler's lease (empty: no one has, or SQLite).
	Leader       string
	LeaseExpires time.Time
	Jobs         []JobStatus
}

// JobStatus is one job and its last run (nil: it never ran).
type JobStatus struct {
	Name  string
	Every time.Duration
	Last  *Run
}

// ReadStatus reads the lease and the last runs of list's jobs: two
// statements.
func ReadStatus(ctx context.Context, c *ent.Client, list []Job) (Status, error) {
	var st Status
	lease, err := c.SchedulerLease.Query().Where(schedulerlease.Name(leaseName)).Only(viewer.SystemContext(ctx))
	switch {
	case err == nil:
		st.Leader, st.LeaseExpires = lease.Holder, lease.ExpiresAt
	case !ent.IsNotFound(err):
		return st, fmt.Errorf("read the scheduler's lease: %w", err)
	}
	last, err := LastRuns(ctx, c)
	if err != nil {
		return st, err
	}
	for _, j := range list {
		js := JobStatus{Name: j.Name, Every: j.Every}
		if r, ok := last[j.Name]; ok {
			js.Last = &r
		}
		st.Jobs = append(st.Jobs, js)
	}
	return st, nil
}
