package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Scheduler runs jobs on their schedule with gocron.
type Scheduler struct {
	s       gocron.Scheduler
	elector *Elector
	log     *slog.Logger
	stop    context.CancelFunc
	done    sync.WaitGroup
}

// Start schedules jobs (those with an Every) and starts running them. With
// an elector (PostgreSQL) only the leader runs them, and a replica that
// becomes leader first runs once each job whose last run (by any replica)
// is older than its interval, so a handover delays a job by at most the
// lease and skips no run; with none (SQLite, one process) this process
// runs them. Each job runs in singleton mode: a run still going when the
// next is due makes the next wait. Every run is recorded (RunRecorded).
func Start(ctx context.Context, env Env, list []Job, elector *Elector) (*Scheduler, error) {
	log := env.Log
	if log == nil {
		log = slog.Default()
	}
	replica := "local"
	if elector != nil {
		replica = elector.Holder()
	} else if host, err := os.Hostname(); err == nil {
		replica = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	opts := []gocron.SchedulerOption{gocron.WithLocation(time.UTC)}
	if elector != nil {
		opts = append(opts, gocron.WithDistributedElector(elector))
	}
	s, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	scheduled := map[string]gocron.Job{}
	for _, j := range list {
		if j.Every <= 0 {
			continue
		}
		gj, err := s.NewJob(gocron.DurationJob(j.Every),
			gocron.NewTask(func(jobCtx context.Context) {
				start := time.Now()
				summary, err := RunRecorded(jobCtx, env, j, replica)
				if err != nil {
					log.ErrorContext(jobCtx, "job failed", "job", j.Name, "err", err, "took", time.Since(start))
					return
				}
				log.InfoContext(jobCtx, "job done", "job", j.Name, "result", summary, "took", time.Since(start))
			}),
			gocron.WithName(j.Name),
			gocron.WithContext(ctx),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
			gocron.WithStartAt(gocron.WithStartImmediately()),
		)
		if err != nil {
			_ = s.Shutdown()
			return nil, fmt.Errorf("schedule %s: %w", j.Name, err)
		}
		scheduled[j.Name] = gj
	}
	sched := &Scheduler{s: s, elector: elector, log: log}
	s.Start()
	if elector != nil {
		elector.OnLead = func(ctx context.Context) {
			last, err := LastRuns(ctx, env.Client)
			if err != nil {
				log.ErrorContext(ctx, "scheduler: read the last runs after taking the lead", "err", err)
				return
			}
			for _, j := range Missed(list, last, env.now()) {
				log.InfoContext(ctx, "scheduler: running a job the handover made miss", "job", j.Name)
				if err := scheduled[j.Name].RunNow(); err != nil {
					log.ErrorContext(ctx, "scheduler: run a missed job", "job", j.Name, "err", err)
				}
			}
		}
		ectx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		sched.stop = cancel
		sched.done.Add(1)
		go func() { defer sched.done.Done(); elector.Run(ectx) }()
	}
	return sched, nil
}

// Stop stops scheduling, waits for running jobs, and gives up leadership.
func (s *Scheduler) Stop() error {
	err := s.s.Shutdown()
	if s.stop != nil {
		s.stop()
		s.done.Wait()
	}
	return err
}

// Leading reports whether this replica runs the jobs now: the elector's
// leader, or the one process on SQLite.
func (s *Scheduler) Leading() bool {
	return s.elector == nil || s.elector.Leading()
}
