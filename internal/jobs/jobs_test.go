package jobs_test

import (
	"context"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent"
	"plp/ent/notification"
	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
)

var monday = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func reminderKeys(t *testing.T, c *ent.Client) []string {
	t.Helper()
	keys, err := c.Notification.Query().Where(notification.Kind("reflection_reminder")).
		Select(notification.FieldIdempotencyKey).Strings(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// quick returns the reminder job on a fast schedule, counting its runs.
func quick(runs *atomic.Int32) jobs.Job {
	j, _ := jobs.Find("reflection-reminders")
	run := j.Run
	j.Every = 50 * time.Millisecond
	j.Run = func(ctx context.Context, env jobs.Env, dry bool) (string, error) {
		runs.Add(1)
		return run(ctx, env, dry)
	}
	return j
}

func TestRunOnceSurvivesPanic(t *testing.T) {
	_, err := jobs.RunOnce(context.Background(), jobs.Env{}, jobs.Job{Name: "boom", Run: func(context.Context, jobs.Env, bool) (string, error) {
		panic("template exploded")
	}}, false)
	if err == nil || !strings.Contains(err.Error(), "template exploded") {
		t.Fatalf("panic came back as %v", err)
	}
}

func TestListAndFind(t *testing.T) {
	for _, name := range []string{"reflection-reminders", "family-digest", "send-mail"} {
		if _, ok := jobs.Find(name); !ok {
			t.Errorf("no job %s", name)
		}
	}
	if _, ok := jobs.Find("nope"); ok {
		t.Error("found a job that does not exist")
	}
}

// The scheduler runs a job on its schedule, and a job that fails does not
// stop the others.
func TestSchedulerRunsJobs(t *testing.T) {
	db := apitest.NewDB(t)
	// The students joined three months ago.
	apitest.NewWorldAt(t, db, monday.AddDate(0, -3, 0))
	clk := apitest.NewClock(monday)
	var runs, failures atomic.Int32
	failing := jobs.Job{Name: "failing", Every: 30 * time.Millisecond, Run: func(context.Context, jobs.Env, bool) (string, error) {
		failures.Add(1)
		panic("a job that panics")
	}}
	var elector *jobs.Elector
	if db.Dialect == dialect.Postgres {
		elector = jobs.NewElector(db.SQL, nil)
	}
	quiet := slog.New(slog.DiscardHandler)
	s, err := jobs.Start(context.Background(), jobs.Env{Client: db.Client, Now: clk.Now, Log: quiet}, []jobs.Job{failing, quick(&runs)}, elector)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	waitFor(t, "two reminders", func() bool { return len(reminderKeys(t, db.Client)) == 2 })
	waitFor(t, "more runs", func() bool { return runs.Load() >= 3 && failures.Load() >= 3 })
	if n := len(reminderKeys(t, db.Client)); n != 2 {
		t.Errorf("%d reminders after %d runs, want 2", n, runs.Load())
	}
}

// Two replicas on one PostgreSQL database: one leads; when it dies the other
// takes over; every reminder is produced exactly once.
func TestTwoReplicasFailover(t *testing.T) {
	server := os.Getenv(apitest.DatabaseURLEnv)
	if server == "" {
		t.Skip("leader election needs PostgreSQL: set " + apitest.DatabaseURLEnv)
	}
	ctx := context.Background()
	_, url, drop, err := database.ScratchDB(ctx, dialect.Postgres, server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	open := func() *database.DB {
		db, err := database.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA, dbB := open(), open()
	if _, err := dbA.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := apitest.NewWorldAt(t, dbA, monday.AddDate(0, -3, 0))
	clk := apitest.NewClock(monday)
	// A conference in 36 hours: its agenda is built and mailed at once.
	sys := clk.System()
	home := w.Home
	win := dbA.Client.ConferenceWindow.Create().SetSchoolID(home.School.ID).SetTerm("Fall 2026").
		SetOpensAt(monday.AddDate(0, 0, -7)).SetClosesAt(monday.AddDate(0, 0, 7)).SaveX(sys)
	sl := dbA.Client.Slot.Create().SetSchoolID(home.School.ID).SetWindowID(win.ID).SetHostID(home.Advisor.ID).
		SetStartsAt(monday.Add(36 * time.Hour)).SetEndsAt(monday.Add(36*time.Hour + 20*time.Minute)).SaveX(sys)
	dbA.Client.Conference.Create().SetSchoolID(home.School.ID).SetStudentID(home.Student.ID).SetWindowID(win.ID).SetSlotID(sl.ID).
		AddAttendeeIDs(home.Family.ID, home.StudentAccount.ID, home.Advisor.ID).ExecX(sys)
	agendaJob, _ := jobs.Find("conference-agendas")
	agendaJob.Every = 50 * time.Millisecond

	type replica struct {
		db      *database.DB
		elector *jobs.Elector
		sched   *jobs.Scheduler
		runs    atomic.Int32
	}
	start := func(db *database.DB) *replica {
		r := &replica{db: db, elector: jobs.NewElector(db.SQL, nil)}
		r.elector.Lease = time.Second
		r.sched, err = jobs.Start(ctx, jobs.Env{Client: db.Client, Now: clk.Now, Log: slog.New(slog.DiscardHandler)}, []jobs.Job{quick(&r.runs), agendaJob}, r.elector)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := start(dbA), start(dbB)
	var stopOnce sync.Once
	t.Cleanup(func() { stopOnce.Do(func() { a.sched.Stop() }); b.sched.Stop() })

	waitFor(t, "the first period's reminders", func() bool { return len(reminderKeys(t, dbA.Client)) == 2 })
	waitFor(t, "the agenda mail", func() bool {
		return dbA.Client.Notification.Query().Where(notification.KindHasPrefix("conference_agenda")).CountX(sys) == 3
	})
	waitFor(t, "a few more runs", func() bool { return a.runs.Load()+b.runs.Load() >= 5 })
	leader, follower := a, b
	if b.elector.Leading() {
		leader, follower = b, a
	}
	if leader.elector.Leading() == follower.elector.Leading() {
		t.Fatalf("leading: %v and %v, want exactly one leader", a.elector.Leading(), b.elector.Leading())
	}
	if follower.runs.Load() != 0 {
		t.Errorf("the follower ran the job %d times while the leader lived", follower.runs.Load())
	}

	// The leader dies: its scheduler stops without a goodbye, as when
	// the process is killed; its lease runs out.
	if leader == a {
		stopOnce.Do(func() { _ = a.sched.Kill() })
	} else {
		_ = b.sched.Kill()
	}
	// A new period begins; the survivor must take over and produce it.
	clk.Advance(14 * 24 * time.Hour)
	waitFor(t, "the follower to take over", func() bool { return follower.elector.Leading() })
	waitFor(t, "the second period's reminders", func() bool { return len(reminderKeys(t, dbA.Client)) == 4 })
	before := follower.runs.Load()
	waitFor(t, "a few more runs", func() bool { return follower.runs.Load() >= before+3 })

	keys := reminderKeys(t, dbA.Client)
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("reminder %s twice", k)
		}
		seen[k] = true
	}
	if len(keys) != 4 {
		t.Errorf("%d reminders, want 4 (2 students x 2 periods): %v", len(keys), keys)
	}
	agendas, err := dbA.Client.Notification.Query().Where(notification.KindHasPrefix("conference_agenda")).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(agendas) != 3 || agendas[0].Kind != "conference_agenda" {
		t.Errorf("%d agenda mails, want one for each of 3 attendees", len(agendas))
	}
}

// TestHandoverRunsAMissedJobOnce: a job that runs hourly is due while the
// leader is dead; the replica that takes over runs it once, at once, not
// at its own next tick an hour later (and the run is recorded as its).
func TestHandoverRunsAMissedJobOnce(t *testing.T) {
	server := os.Getenv(apitest.DatabaseURLEnv)
	if server == "" {
		t.Skip("leader election needs PostgreSQL: set " + apitest.DatabaseURLEnv)
	}
	ctx := context.Background()
	db := apitest.NewDB(t)
	clk := apitest.NewClock(monday)
	var runs atomic.Int32
	hourly := jobs.Job{Name: "hourly", Every: time.Hour, Run: func(context.Context, jobs.Env, bool) (string, error) {
		runs.Add(1)
		return "done", nil
	}}
	start := func() (*jobs.Elector, *jobs.Scheduler) {
		e := jobs.NewElector(db.SQL, slog.New(slog.DiscardHandler))
		e.Lease = time.Second
		s, err := jobs.Start(ctx, jobs.Env{Client: db.Client, Now: clk.Now, Log: slog.New(slog.DiscardHandler)}, []jobs.Job{hourly}, e)
		if err != nil {
			t.Fatal(err)
		}
		return e, s
	}
	ea, a := start()
	waitFor(t, "the first leader's run", func() bool { return runs.Load() == 1 })
	eb, b := start()
	t.Cleanup(func() { b.Stop() })
	if !ea.Leading() || eb.Leading() {
		t.Fatalf("leading: first %v, second %v; want the first", ea.Leading(), eb.Leading())
	}
	_ = a.Kill()
	clk.Advance(2 * time.Hour) // the job fell due while no one led
	killed := time.Now()
	waitFor(t, "the second replica to lead", eb.Leading)
	if took := time.Since(killed); took > 5*time.Second {
		t.Errorf("handover took %v; the lease is 1 s, renewed every third of it, so about 1.3 s is expected", took)
	}
	waitFor(t, "the missed run", func() bool { return runs.Load() == 2 })
	time.Sleep(time.Second)
	if n := runs.Load(); n != 2 {
		t.Errorf("%d runs; want 2: one by each leader", n)
	}
	last, err := jobs.LastRuns(ctx, db.Client)
	if err != nil {
		t.Fatal(err)
	}
	if r := last["hourly"]; r.Replica != eb.Holder() || !r.OK || r.FinishedAt == nil || !r.StartedAt.Equal(clk.Now()) {
		t.Errorf("last run %+v; want one by %s at %v, ended well", r, eb.Holder(), clk.Now())
	}
}

// TestDefaultConfigSetsEverySetting: a setting added to Config without a
// default would run its job with whatever the zero means there; each has
// one, from the domain package that uses it.
func TestDefaultConfigSetsEverySetting(t *testing.T) {
	cfg := reflect.ValueOf(jobs.DefaultConfig())
	for i := range cfg.NumField() {
		if cfg.Field(i).IsZero() {
			t.Errorf("DefaultConfig leaves %s zero: give it its domain default", cfg.Type().Field(i).Name)
		}
	}
}
