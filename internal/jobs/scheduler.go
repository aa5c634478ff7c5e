package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Scheduler runs jobs on their schedule with gocron.
type Scheduler struct {
	s       gocron.Scheduler
	elector *Elector
	log     *slog.Logger
}

// Start schedules jobs (those with an Every) and starts running them. With
// an elector (PostgreSQL) only the leader runs them; with none (SQLite,
// one process) this process does. Each job runs in singleton mode: a run
// still going when the next is due makes the next wait.
func Start(ctx context.Context, env Env, list []Job, elector *Elector) (*Scheduler, error) {
	log := env.Log
	if log == nil {
		log = slog.Default()
	}
	opts := []gocron.SchedulerOption{gocron.WithLocation(time.UTC)}
	if elector != nil {
		opts = append(opts, gocron.WithDistributedElector(elector))
	}
	s, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	for _, j := range list {
		if j.Every <= 0 {
			continue
		}
		j := j
		_, err := s.NewJob(gocron.DurationJob(j.Every),
			gocron.NewTask(func(jobCtx context.Context) {
				start := time.Now()
				summary, err := RunOnce(jobCtx, env, j, false)
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
	}
	s.Start()
	return &Scheduler{s: s, elector: elector, log: log}, nil
}

// Stop stops scheduling, waits for running jobs, and gives up leadership.
func (s *Scheduler) Stop() error {
	err := s.s.Shutdown()
	if s.elector != nil {
		if cerr := s.elector.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}
