package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/audit"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
)

var sys = apitest.SystemAt(apitest.Start)

// logBuffer collects log lines for assertions; slog handlers write to it
// from the writer goroutine.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// newSchool creates a school as the system and returns its ID.
func newSchool(tb testing.TB, db *database.DB) pulid.ID {
	tb.Helper()
	s, err := db.Client.School.Create().SetName("X").Save(sys)
	if err != nil {
		tb.Fatalf("create school: %v", err)
	}
	return s.ID
}

func countEvents(tb testing.TB, db *database.DB) int {
	tb.Helper()
	n, err := db.Client.AuditEvent.Query().Count(sys)
	if err != nil {
		tb.Fatalf("count audit events: %v", err)
	}
	return n
}

func flush(tb testing.TB, r *audit.Recorder) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := r.Flush(ctx); err != nil {
		tb.Fatalf("flush: %v", err)
	}
}

func closeRecorder(tb testing.TB, r *audit.Recorder) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := r.Close(ctx); err != nil {
		tb.Fatalf("close: %v", err)
	}
}

func event(school pulid.ID, i int) audit.Event {
	return audit.Event{
		SchoolID:    school,
		Action:      auditevent.ActionRead,
		SubjectType: "Goal",
		SubjectID:   fmt.Sprintf("goal_%d", i),
		Detail:      "test",
	}
}

// holdWriter keeps the recorder's INSERTs waiting until release is called:
// on SQLite by holding the one writer connection in a transaction, on
// PostgreSQL by locking the table.
func holdWriter(t *testing.T, db *database.DB) (release func()) {
	t.Helper()
	tx, err := db.SQL.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatalf("begin: %v", err)
	}
	if db.Dialect == dialect.Postgres {
		if _, err := tx.Exec("LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatalf("lock: %v", err)
		}
	}
	var once sync.Once
	release = func() { once.Do(func() { _ = tx.Rollback() }) }
	t.Cleanup(release)
	return release
}

func TestRecordConcurrentFlushStoresAll(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)

	const goroutines, each = 50, 200
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				r.Record(event(school, g*each+i))
			}
		})
	}
	wg.Wait()
	flush(t, r)
	if got := countEvents(t, db); got != goroutines*each {
		t.Fatalf("stored %d events, want %d", got, goroutines*each)
	}
	if s := r.Stats(); s.Written != goroutines*each || s.Lost != 0 {
		t.Fatalf("stats %+v, want %d written, none lost", s, goroutines*each)
	}
}

func TestRecordDoesNoDatabaseWork(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)

	before := db.Statements()
	for i := range 100 { // fewer than BatchSize: nothing is due before Flush
		r.Record(event(school, i))
	}
	if after := db.Statements(); after != before {
		t.Fatalf("Record ran %d SQL statements; want none before Flush", after-before)
	}
	flush(t, r)
	if got := countEvents(t, db); got != 100 {
		t.Fatalf("stored %d events, want 100", got)
	}
}

func TestFlushIntervalWritesWithoutFlush(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: 20 * time.Millisecond})
	defer closeRecorder(t, r)

	r.Record(event(school, 1))
	deadline := time.Now().Add(10 * time.Second)
	for countEvents(t, db) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("event not written within 10s of a 20ms flush interval")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCloseLosesNothing(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour})
	const n = 3000
	for i := range n {
		r.Record(event(school, i))
	}
	closeRecorder(t, r)
	if got := countEvents(t, db); got != n {
		t.Fatalf("stored %d events after Close, want %d", got, n)
	}
	closeRecorder(t, r) // a second Close is harmless
}

// insertCounter is a driver that notes the rows and bind parameters of
// every INSERT.
type insertCounter struct {
	dialect.Driver
	mu      sync.Mutex
	inserts []insert
}

type insert struct{ rows, params int }

func (d *insertCounter) note(query string, args any) {
	if !strings.HasPrefix(strings.TrimSpace(query), "INSERT") {
		return
	}
	a, _ := args.([]any)
	// INSERT INTO t (c1, c2, ...) VALUES (...), (...): rows = params / columns.
	open, end := strings.IndexByte(query, '('), strings.IndexByte(query, ')')
	columns := strings.Count(query[open:end], ",") + 1
	d.mu.Lock()
	d.inserts = append(d.inserts, insert{rows: len(a) / columns, params: len(a)})
	d.mu.Unlock()
}

func (d *insertCounter) Exec(ctx context.Context, query string, args, v any) error {
	d.note(query, args)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *insertCounter) Query(ctx context.Context, query string, args, v any) error {
	d.note(query, args)
	return d.Driver.Query(ctx, query, args, v)
}

func countingClient(db *database.DB) (*ent.Client, *insertCounter) {
	d := &insertCounter{Driver: entsql.OpenDB(db.Dialect, db.SQL)}
	return ent.NewClient(ent.Driver(d)), d
}

func TestBatchesAreSplit(t *testing.T) {
	columns := len(auditevent.Columns)
	for _, tc := range []struct {
		name            string
		batch, events   int
		maxRowsPerQuery int
	}{
		{"batch size", 7, 100, 7},
		// 5,000 rows of 10 columns would bind 50,000 parameters; SQLite
		// takes 32,766.
		{"bind parameter limit", 5000, 5000, 32766 / columns},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := apitest.NewDB(t)
			w := apitest.NewWorld(t, db)
			client, counter := countingClient(db)
			r := audit.NewRecorder(client, nil, audit.Options{BatchSize: tc.batch, FlushInterval: time.Hour})
			defer closeRecorder(t, r)
			for i := range tc.events { // every column set: 10 parameters a row
				e := event(w.Home.School.ID, i)
				e.ActorID, e.StudentID, e.RequestID = w.Home.Family.ID, w.Home.Student.ID, "req"
				r.Record(e)
			}
			flush(t, r)
			if got := countEvents(t, db); got != tc.events {
				t.Fatalf("stored %d events, want %d", got, tc.events)
			}
			counter.mu.Lock()
			defer counter.mu.Unlock()
			rows := 0
			for _, in := range counter.inserts {
				if in.rows > tc.maxRowsPerQuery || in.params > 32766 {
					t.Errorf("one INSERT wrote %d rows with %d parameters, want at most %d rows and 32,766 parameters", in.rows, in.params, tc.maxRowsPerQuery)
				}
				rows += in.rows
			}
			if rows != tc.events {
				t.Errorf("INSERTs wrote %d rows, want %d", rows, tc.events)
			}
			if min := (tc.events + tc.maxRowsPerQuery - 1) / tc.maxRowsPerQuery; len(counter.inserts) < min {
				t.Errorf("%d INSERTs, want at least %d", len(counter.inserts), min)
			}
		})
	}
}

func TestEventFields(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	home := w.Home
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour, Now: func() time.Time { return now }})
	defer closeRecorder(t, r)

	long := strings.Repeat("é", 400) // 800 bytes; detail holds 500
	ctx := audit.NewContext(audit.WithRequest(context.Background(), "req-0123456789"), r)
	audit.Record(ctx, audit.Event{
		SchoolID:    home.School.ID,
		ActorID:     home.Family.ID,
		StudentID:   home.Student.ID,
		Action:      auditevent.ActionExport,
		SubjectType: "Student",
		SubjectID:   string(home.Student.ID),
		Detail:      long,
	})
	flush(t, r)

	got, err := db.Client.AuditEvent.Query().Only(sys)
	if err != nil {
		t.Fatalf("read event: %v", err)
	}
	if got.SchoolID != home.School.ID || got.ActorID == nil || *got.ActorID != home.Family.ID ||
		got.StudentID == nil || *got.StudentID != home.Student.ID || got.Action != auditevent.ActionExport ||
		got.SubjectType != "Student" || got.SubjectID != string(home.Student.ID) || got.RequestID != "req-0123456789" {
		t.Errorf("stored %+v", got)
	}
	if !got.At.Equal(now) {
		t.Errorf("at = %v, want %v (Options.Now)", got.At, now)
	}
	if len(got.Detail) > 500 || !utf8.ValidString(got.Detail) || !strings.HasPrefix(long, got.Detail) {
		t.Errorf("detail not cut to 500 bytes on a rune boundary: %d bytes, valid %v", len(got.Detail), utf8.ValidString(got.Detail))
	}
}

func TestBadEventDoesNotTakeItsBatch(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	log, logs := newLog()
	r := audit.NewRecorder(db.Client, log, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)

	gone := pulid.New("stu") // a student deleted after the event was queued
	for i := range 5 {
		e := event(school, i)
		switch i {
		case 2:
			e.SchoolID = pulid.New("sch") // no such school: cannot be stored
		case 3:
			e.StudentID = gone
		}
		r.Record(e)
	}
	flush(t, r)
	if got := countEvents(t, db); got != 4 {
		t.Fatalf("stored %d events, want the 3 good ones and the deleted student's", got)
	}
	if s := r.Stats(); s.Lost != 1 {
		t.Fatalf("stats %+v, want 1 lost", s)
	}
	if !strings.Contains(logs.String(), "this line is its record") || !strings.Contains(logs.String(), "goal_2") {
		t.Fatalf("the refused event is not in the log:\n%s", logs)
	}
	ctx := viewer.SystemContext(context.Background())
	kept, err := db.Client.AuditEvent.Query().Where(auditevent.DetailContains(string(gone))).Only(ctx)
	if err != nil {
		t.Fatalf("the deleted student's event was not kept with the ID in its detail: %v", err)
	}
	if kept.StudentID != nil {
		t.Errorf("the kept event still links to the deleted student")
	}
}

func TestFullQueueHoldsEvents(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	log, logs := newLog()
	r := audit.NewRecorder(db.Client, log, audit.Options{
		BatchSize: 2, QueueSize: 4, FullWait: time.Millisecond, FlushInterval: time.Hour,
	})
	defer closeRecorder(t, r)

	release := holdWriter(t, db)
	const n = 30
	start := time.Now()
	for i := range n {
		r.Record(event(school, i))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Record on a full queue took %v for %d events; it should wait about FullWait each", d, n)
	}
	if s := r.Stats(); s.Held == 0 {
		t.Fatalf("stats %+v: want events held while the writer was stuck", s)
	}
	if !strings.Contains(logs.String(), "queue full") {
		t.Errorf("no warning about the full queue:\n%s", logs)
	}
	release()
	flush(t, r)
	if got := countEvents(t, db); got != n {
		t.Fatalf("stored %d events, want %d", got, n)
	}
	if s := r.Stats(); s.Lost != 0 || s.Written != n {
		t.Fatalf("stats %+v, want %d written, none lost", s, n)
	}
}

func TestCloseRespectsDeadlineAndLogsWhatItCannotWrite(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	log, logs := newLog()
	r := audit.NewRecorder(db.Client, log, audit.Options{BatchSize: 2, FlushInterval: time.Hour})

	release := holdWriter(t, db)
	const n = 10
	for i := range n {
		r.Record(event(school, i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := r.Close(ctx); err == nil {
		t.Fatal("Close returned nil while the database was stuck")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Close took %v past a 200ms deadline", d)
	}
	// By the time Close returns, every event is stored or logged, though
	// the database is still stuck.
	s := r.Stats()
	if s.Written+s.Lost != n {
		t.Fatalf("stats %+v on return from Close: every event must be written or logged", s)
	}
	if got := strings.Count(logs.String(), "this line is its record"); int64(got) != s.Lost {
		t.Fatalf("%d events lost but %d logged", s.Lost, got)
	}
	release()
	if stored := countEvents(t, db); int64(stored) != s.Written {
		t.Fatalf("stored %d, stats %+v", stored, s)
	}
}

func TestRecordAfterCloseIsLoggedNotStored(t *testing.T) {
	db := apitest.NewDB(t)
	school := newSchool(t, db)
	log, logs := newLog()
	r := audit.NewRecorder(db.Client, log, audit.Options{})
	closeRecorder(t, r)

	r.Record(event(school, 1)) // must not panic
	if err := r.Flush(context.Background()); err != nil {
		t.Fatalf("flush after close: %v", err)
	}
	if got := countEvents(t, db); got != 0 {
		t.Fatalf("stored %d events after Close", got)
	}
	if s := r.Stats(); s.Lost != 1 || !strings.Contains(logs.String(), "closed") {
		t.Fatalf("stats %+v, log:\n%s\nwant the event logged as lost", s, logs)
	}
}

func TestNilRecorder(t *testing.T) {
	var r *audit.Recorder
	r.Record(audit.Event{SchoolID: "sch_x", Action: auditevent.ActionRead})
	if err := r.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	audit.Record(ctx, audit.Event{SchoolID: "sch_x"})
	audit.Reads(ctx, "acc_x", "Goal", []audit.Row{{ID: "goal_x", SchoolID: "sch_x", StudentID: "stu_x"}}, "q")
	audit.SignIn(ctx, "acc_x", nil, "a@b.test", false, "wrong password")
	if audit.FromContext(ctx) != nil {
		t.Fatal("FromContext of a bare context is not nil")
	}
}

func TestReadsOnePerStudentPerTypePerRequest(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	a, b := w.Home.Student, w.Other.Student
	actor := w.Home.Counselor.ID
	r := audit.NewRecorder(db.Client, nil, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)

	ctx := audit.NewContext(audit.WithRequest(context.Background(), "req-reads-1"), r)
	goals := []audit.Row{
		{ID: "goal_a1", SchoolID: a.SchoolID, StudentID: a.ID},
		{ID: "goal_b1", SchoolID: b.SchoolID, StudentID: b.ID},
		{ID: "goal_a2", SchoolID: a.SchoolID, StudentID: a.ID},
		{ID: "goal_a3", SchoolID: a.SchoolID, StudentID: a.ID},
		{ID: "sch_x", SchoolID: a.SchoolID}, // not a student's record
	}
	audit.Reads(ctx, actor, "Goal", goals, "query goals: title")
	audit.Reads(ctx, actor, "Goal", goals[:1], "node") // same request, same disclosure
	audit.Reads(ctx, actor, "Evidence", []audit.Row{{ID: "evd_1", SchoolID: a.SchoolID, StudentID: a.ID}}, "query evidence: title")
	// The student's own reads are no disclosure: the caller omits them.
	audit.Reads(ctx, w.Home.StudentAccount.ID, "Milestone", audit.OmitStudent([]audit.Row{{ID: "mil_1", SchoolID: a.SchoolID, StudentID: a.ID}}, a.ID), "own")
	// Another request reads again.
	audit.Reads(audit.WithRequest(ctx, "req-reads-2"), actor, "Goal", goals[1:2], "node")
	flush(t, r)

	events, err := db.Client.AuditEvent.Query().Order(ent.Asc(auditevent.FieldRequestID), ent.Asc(auditevent.FieldSubjectType), ent.Asc(auditevent.FieldDetail)).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ request, student, school, subjectType, subjectID, detail string }
	var got []row
	for _, e := range events {
		if e.Action != auditevent.ActionRead || e.ActorID == nil || *e.ActorID != actor {
			t.Errorf("event %+v: want READ by the counselor", e)
		}
		got = append(got, row{e.RequestID, string(*e.StudentID), string(e.SchoolID), e.SubjectType, e.SubjectID, e.Detail})
	}
	want := []row{
		{"req-reads-1", string(a.ID), string(a.SchoolID), "Evidence", "evd_1", "query evidence: title"},
		{"req-reads-1", string(b.ID), string(b.SchoolID), "Goal", "goal_b1", "query goals: title"},
		{"req-reads-1", string(a.ID), string(a.SchoolID), "Goal", "", "query goals: title (3 rows)"},
		{"req-reads-2", string(b.ID), string(b.SchoolID), "Goal", "goal_b1", "node"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events\n got %v\nwant %v", got, want)
	}
}

func TestSignIn(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	log, logs := newLog()
	r := audit.NewRecorder(db.Client, log, audit.Options{FlushInterval: time.Hour})
	defer closeRecorder(t, r)
	ctx := audit.NewContext(audit.WithRequest(context.Background(), "req-sign-in"), r)

	acc := w.Home.Admin.ID
	audit.SignIn(ctx, acc, []pulid.ID{w.Home.School.ID, w.Other.School.ID}, "admin@home.plp.test", true, "")
	audit.SignIn(ctx, acc, []pulid.ID{w.Home.School.ID}, "admin@home.plp.test", false, "wrong password")
	audit.SignIn(ctx, "", nil, "Nobody.Here@Example.test", false, "unknown email")
	flush(t, r)

	logins, err := db.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionLogin)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	failed, err := db.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionLoginFailed), auditevent.ActorID(acc), auditevent.Detail("wrong password")).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	if logins != 2 || failed != 1 || countEvents(t, db) != 3 {
		t.Fatalf("%d LOGIN (want 2, one per school), %d LOGIN_FAILED (want 1), %d in all (want 3)", logins, failed, countEvents(t, db))
	}
	out := logs.String()
	if !strings.Contains(out, "level=INFO") || !strings.Contains(out, "sign-in with no school") || !strings.Contains(out, "example.test") {
		t.Errorf("unknown-email sign-in not logged at Info with its domain:\n%s", out)
	}
	if strings.Contains(strings.ToLower(out), "nobody.here") {
		t.Errorf("the log holds the email itself:\n%s", out)
	}
}

// BenchmarkRecord measures what Record costs its caller while the queue has
// room: no database work, no allocation. A writer that drops events keeps
// the queue from filling (BenchmarkWrite measures the real writer).
func BenchmarkRecord(b *testing.B) {
	r := audit.NewDiscardRecorder(audit.Options{})
	defer r.Close(context.Background())
	e := audit.Event{
		SchoolID: "sch_01JD5V2K9Q8M1W3X4Y5Z6A7B8C", ActorID: "acc_01JD5V2K9Q8M1W3X4Y5Z6A7B8C",
		StudentID: "stu_01JD5V2K9Q8M1W3X4Y5Z6A7B8C", Action: auditevent.ActionRead,
		SubjectType: "Goal", SubjectID: "goal_01JD5V2K9Q8M1W3X4Y5Z6A7B8C",
		RequestID: "0123456789abcdef", Detail: "query studentGoals: title, status",
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.Record(e)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r.Record(e)
			}
		})
	})
}

// BenchmarkWrite measures the writer: Record b.N events, then Flush. ns/op
// is the database time per stored event.
func BenchmarkWrite(b *testing.B) {
	db := apitest.NewDB(b)
	w := apitest.NewWorld(b, db)
	for _, bc := range []struct {
		name  string
		event audit.Event
	}{
		{"school only", audit.Event{SchoolID: w.Home.School.ID, Action: auditevent.ActionRead, SubjectType: "Goal", Detail: "query goals"}},
		{"with actor and student", audit.Event{SchoolID: w.Home.School.ID, ActorID: w.Home.Family.ID, StudentID: w.Home.Student.ID, Action: auditevent.ActionRead, SubjectType: "Goal", Detail: "query goals"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := audit.NewRecorder(db.Client, slog.New(slog.DiscardHandler), audit.Options{})
			defer closeRecorder(b, r)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				r.Record(bc.event)
			}
			flush(b, r)
		})
	}
}
