// Package audit keeps the FERPA record of disclosures: who read, exported or
// changed a student's records, who signed in, when, and what (the operation
// and fields, never the values).
//
// Recording is off the read path: Record puts the event on a queue and
// returns; one goroutine per Recorder writes the queue in batches, one
// INSERT per batch, as the system viewer. Events are never dropped without a
// trace: a full queue makes Record wait briefly and then hold the event in
// memory, and an event that cannot be stored at all is logged at Error with
// every field, so that the log line is its record.
package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/privacy"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// Event is one entry of the audit trail.
type Event struct {
	// SchoolID is the school whose trail holds the event (required; see
	// Record for events that have none).
	SchoolID pulid.ID
	// ActorID is the account that acted; empty for the system.
	ActorID pulid.ID
	// StudentID is the student whose records were disclosed or changed, if any.
	StudentID pulid.ID
	Action    auditevent.Action
	// SubjectType is the kind of record ("Goal"); SubjectID the record, if one.
	SubjectType, SubjectID string
	RequestID              string
	// Detail says what was read or changed: the operation and the fields,
	// never their values.
	Detail string
	// At is when it happened; Record fills in Options.Now() when it is zero.
	At time.Time
}

// Options tune a Recorder. Zero values take the defaults.
type Options struct {
	// BatchSize is how many events one INSERT writes (default 200). Larger
	// values are cut to what fits SQLite's 32,766 bind parameters.
	BatchSize int
	// FlushInterval is the longest an event waits on the queue before it is
	// written (default 1s).
	FlushInterval time.Duration
	// QueueSize is how many events wait for the writer before Record has to
	// wait (default 10,000).
	QueueSize int
	// FullWait is how long Record waits on a full queue before it holds the
	// event in memory instead (default 100ms).
	FullWait time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Stats counts what happened to recorded events since the Recorder started.
type Stats struct {
	Written int64 // stored in audit_events
	Held    int64 // held in memory because the queue was full (then written)
	Lost    int64 // not stored: each was logged at Error with all its fields
}

// Limits of the audit_events columns (ent/schema/audit.go); longer values
// are cut rather than rejected, so that a long detail never costs a record.
const (
	maxSubjectType = 60
	maxSubjectID   = 40
	maxRequestID   = 64
	maxDetail      = 500
)

const (
	// sqliteMaxParams is SQLite's limit on bind parameters per statement
	// (PostgreSQL's is 65,535): one INSERT of n events binds n*len(Columns).
	sqliteMaxParams = 32766
	// heldPerQueued bounds the events held in memory while the queue is
	// full, as a multiple of QueueSize (100,000 events, some 30 MB, by
	// default): past it, events are logged rather than held, so that a long
	// database outage cannot take the process down with every record in it.
	heldPerQueued = 10
	// writeTimeout bounds one INSERT of the background writer.
	writeTimeout = 30 * time.Second
	// closeGrace is how long Close waits past its deadline for the writer
	// to log the events it could not store.
	closeGrace = 500 * time.Millisecond
)

// Recorder writes audit events in the background. Create it with
// NewRecorder and stop it with Close. A nil *Recorder records nothing.
type Recorder struct {
	client  *ent.Client
	log     *slog.Logger
	opts    Options
	maxRows int // events per INSERT
	maxHeld int

	queue chan Event

	// mu is held shared by Record while it enqueues and exclusively by Close
	// while it marks the recorder closed: once closed is set, no event can
	// enter the queue behind the writer's final drain.
	mu       sync.RWMutex
	closed   bool
	stopping chan struct{}   // closed by Close
	stopCtx  context.Context // Close's context, for the final write

	heldMu sync.Mutex
	held   []Event // events that found the queue full

	flushc chan flushRequest
	// base is the context of background writes; Close cancels it when its
	// own deadline passes, to end a write stuck on the database.
	base       context.Context
	cancelBase context.CancelFunc
	done       chan struct{} // closed when the writer has stopped
	stopErr    error         // why the final write failed, read after done

	written, heldTotal, lost atomic.Int64
}

type flushRequest struct {
	ctx  context.Context
	done chan error
}

// NewRecorder starts a Recorder that writes through client. Call Close on
// shutdown to write what is still queued.
func NewRecorder(client *ent.Client, log *slog.Logger, opts Options) *Recorder {
	r := newRecorder(client, log, opts)
	go r.run()
	return r
}

func newRecorder(client *ent.Client, log *slog.Logger, opts Options) *Recorder {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 200
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = time.Second
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 10000
	}
	if opts.FullWait <= 0 {
		opts.FullWait = 100 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	base, cancel := context.WithCancel(context.Background())
	r := &Recorder{
		base:       base,
		cancelBase: cancel,
		client:     client,
		log:        log,
		opts:       opts,
		maxRows:    min(opts.BatchSize, sqliteMaxParams/len(auditevent.Columns)),
		maxHeld:    heldPerQueued * opts.QueueSize,
		queue:      make(chan Event, opts.QueueSize),
		stopping:   make(chan struct{}),
		flushc:     make(chan flushRequest),
		done:       make(chan struct{}),
	}
	return r
}

// Record adds e to the trail. It does no database work: it queues the event
// and returns, in well under a microsecond while the queue has room.
//
// When the queue is full (the database is down, or slower than the reads),
// Record waits up to Options.FullWait for room, so that a flood of reads
// slows down rather than outruns the writer; then it holds the event in
// memory for the writer and logs a warning once per episode. It does not
// write the event itself: inside a mutation on SQLite the request's
// transaction holds the one writer connection, and a write from Record
// would wait for it forever. Past a bound (10×QueueSize held), events are
// logged at Error with all their fields instead of held.
//
// An event without a SchoolID cannot be stored (every row belongs to one
// school): it is logged instead, at Info for a sign-in (see SignIn), at
// Warn otherwise. Record after Close stores nothing: it logs the event at
// Error and returns.
func (r *Recorder) Record(e Event) {
	if r == nil {
		return
	}
	if e.SchoolID == "" {
		r.logSchoolless(e)
		return
	}
	if e.At.IsZero() {
		e.At = r.opts.Now()
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		r.logLost(e, errors.New("recorded after the audit recorder was closed"))
		return
	}
	select {
	case r.queue <- e:
		return
	default:
	}
	r.waitOrHold(e)
}

// waitOrHold is Record's slow path, on a full queue.
func (r *Recorder) waitOrHold(e Event) {
	t := time.NewTimer(r.opts.FullWait)
	defer t.Stop()
	select {
	case r.queue <- e:
		return
	case <-t.C:
	}
	r.heldMu.Lock()
	if len(r.held) >= r.maxHeld {
		r.heldMu.Unlock()
		r.logLost(e, errors.New("audit queue and overflow full"))
		return
	}
	r.held = append(r.held, e)
	first := len(r.held) == 1
	r.heldMu.Unlock()
	r.heldTotal.Add(1)
	if first {
		r.log.Warn("audit: queue full; holding events in memory until the database catches up",
			"queue_size", r.opts.QueueSize, "waited", r.opts.FullWait)
	}
}

// Flush writes every event recorded before it was called and returns when
// they are stored, or with the error that kept them from it (they stay
// queued and are tried again). After Close it returns nil at once.
func (r *Recorder) Flush(ctx context.Context) error {
	if r == nil {
		return nil
	}
	req := flushRequest{ctx: ctx, done: make(chan error, 1)}
	select {
	case r.flushc <- req:
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("flush audit events: %w", ctx.Err())
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("flush audit events: %w", ctx.Err())
	}
}

// Close writes everything queued and stops the writer. It returns when all
// is written, or soon after ctx is done: then the write in flight is
// cancelled, every event not stored is logged at Error with all its fields
// (Close waits up to half a second past the deadline for that, so that the
// lines are out before the process exits), and Close returns ctx's error.
// Later calls to Record log and store nothing; calling Close again waits
// for the same end.
func (r *Recorder) Close(ctx context.Context) error {
	if r == nil {
		return nil
	}
	r.mu.Lock() // waits for Records in flight (each at most FullWait)
	if !r.closed {
		r.closed = true
		r.stopCtx = ctx
		close(r.stopping)
	}
	r.mu.Unlock()
	select {
	case <-r.done:
		return r.stopErr
	case <-ctx.Done():
	}
	r.cancelBase()
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	select {
	case <-r.done:
	case <-t.C:
	}
	return fmt.Errorf("close audit recorder: %w", ctx.Err())
}

// Stats returns counts of written, held and lost events.
func (r *Recorder) Stats() Stats {
	if r == nil {
		return Stats{}
	}
	return Stats{Written: r.written.Load(), Held: r.heldTotal.Load(), Lost: r.lost.Load()}
}

// run is the writer: it collects events into batches and writes a batch
// when it is full, every FlushInterval, on Flush and on Close.
func (r *Recorder) run() {
	defer close(r.done)
	defer r.cancelBase()
	tick := time.NewTicker(r.opts.FlushInterval)
	defer tick.Stop()
	var (
		pending []Event
		failing bool // the last write failed: retry on the next tick, read no more meanwhile
	)
	for {
		in := r.queue
		if failing {
			in = nil
		}
		select {
		case e := <-in:
			pending = r.fill(append(pending, e), r.opts.BatchSize)
			if len(pending) >= r.opts.BatchSize {
				pending, failing = r.writeBackground(pending)
			}
		case <-tick.C:
			pending = append(pending, r.takeHeld()...)
			if len(pending) > 0 {
				pending, failing = r.writeBackground(pending)
			}
		case req := <-r.flushc:
			var err error
			pending, err = r.write(req.ctx, r.drain(pending))
			failing = err != nil
			req.done <- err
		case <-r.stopping:
			var err error
			pending, err = r.write(r.stopCtx, r.drain(pending))
			for _, e := range pending {
				r.logLost(e, err)
			}
			r.stopErr = err
			return
		}
	}
}

// fill takes queued events without waiting until pending holds n.
func (r *Recorder) fill(pending []Event, n int) []Event {
	for len(pending) < n {
		select {
		case e := <-r.queue:
			pending = append(pending, e)
		default:
			return pending
		}
	}
	return pending
}

// drain takes every queued and held event.
func (r *Recorder) drain(pending []Event) []Event {
	for {
		select {
		case e := <-r.queue:
			pending = append(pending, e)
		default:
			return append(pending, r.takeHeld()...)
		}
	}
}

func (r *Recorder) takeHeld() []Event {
	r.heldMu.Lock()
	held := r.held
	r.held = nil
	r.heldMu.Unlock()
	if len(held) > 0 {
		r.log.Info("audit: writing events held while the queue was full", "events", len(held))
	}
	return held
}

func (r *Recorder) writeBackground(events []Event) ([]Event, bool) {
	rest, err := r.write(r.base, events)
	return rest, err != nil
}

// write stores events, maxRows per INSERT, and returns those it could not
// store yet. A batch the database refuses for one of its events (a student
// deleted meanwhile, say) is written again one event at a time, so that the
// bad one alone is lost, and logged. Any other failure (the database is
// unreachable, ctx is done) keeps the events for the next try.
func (r *Recorder) write(ctx context.Context, events []Event) ([]Event, error) {
	// As the system, and with no recorder on the context: the writer's own
	// reads (hooks that check the actor and student exist) must not record
	// reads, which would feed the queue from its own writer.
	ctx = NewContext(viewer.SystemContext(ctx), nil)
	for len(events) > 0 {
		n := min(len(events), r.maxRows)
		err := r.insert(ctx, events[:n])
		if err == nil {
			r.written.Add(int64(n))
			events = events[n:]
			continue
		}
		if !refused(err) {
			r.log.Error("audit: cannot write events; will retry", "events", len(events), "err", err)
			return events, fmt.Errorf("write audit events: %w", err)
		}
		for i := range n {
			err := r.insert(ctx, events[i:i+1])
			if refused(err) && (events[i].StudentID != "" || events[i].ActorID != "") {
				// The student or actor was deleted after the event was
				// queued (a deletion on request): keep the event, naming
				// them in the detail instead of linking to them.
				err = r.insert(ctx, []Event{unlinked(events[i])})
			}
			switch {
			case err == nil:
				r.written.Add(1)
			case refused(err):
				r.logLost(events[i], err)
			default:
				r.log.Error("audit: cannot write events; will retry", "events", len(events)-i, "err", err)
				return events[i:], fmt.Errorf("write audit events: %w", err)
			}
		}
		events = events[n:]
	}
	return nil, nil
}

// unlinked is e with its links to the student and actor moved into its
// detail, for rows that no longer exist.
func unlinked(e Event) Event {
	note := ""
	if e.StudentID != "" {
		note += " student " + string(e.StudentID)
	}
	if e.ActorID != "" {
		note += " actor " + string(e.ActorID)
	}
	e.Detail = strings.TrimSpace(e.Detail + " [since deleted:" + note + "]")
	e.StudentID, e.ActorID = "", ""
	return e
}

// insert writes events with one INSERT.
func (r *Recorder) insert(ctx context.Context, events []Event) error {
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	builders := make([]*ent.AuditEventCreate, len(events))
	for i, e := range events {
		b := r.client.AuditEvent.Create().
			SetSchoolID(e.SchoolID).
			SetAction(e.Action).
			SetSubjectType(clip(e.SubjectType, maxSubjectType)).
			SetAt(e.At.UTC())
		if e.ActorID != "" {
			b.SetActorID(e.ActorID)
		}
		if e.StudentID != "" {
			b.SetStudentID(e.StudentID)
		}
		if e.SubjectID != "" {
			b.SetSubjectID(clip(e.SubjectID, maxSubjectID))
		}
		if e.RequestID != "" {
			b.SetRequestID(clip(e.RequestID, maxRequestID))
		}
		if e.Detail != "" {
			b.SetDetail(clip(e.Detail, maxDetail))
		}
		builders[i] = b
	}
	return r.client.AuditEvent.CreateBulk(builders...).Exec(ctx)
}

// refused reports whether the database or a rule refused the events
// themselves, so that trying them again would fail again.
func refused(err error) bool {
	_, isApp := apperr.As(err)
	return isApp || ent.IsValidationError(err) || ent.IsConstraintError(err) ||
		ent.IsNotFound(err) || errors.Is(err, privacy.Deny)
}

// clip cuts s to at most n bytes, on a rune boundary (ent's MaxLen counts
// bytes).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// logLost logs an event that will not be stored, with every field, so that
// the log holds its record.
func (r *Recorder) logLost(e Event, err error) {
	r.lost.Add(1)
	r.log.Error("audit: event not stored; this line is its record", append(eventAttrs(e), "err", err)...)
}

// logSchoolless logs an event that has no school. audit_events.school_id is
// required (every row is in one school), so such an event has no row to go
// to. The expected case is a failed sign-in with an email that matches no
// account, or by an account with no role at any school: there is no school
// to file it under, so it is logged at Info, where operators and the
// sign-in rate limits see it. Anything else without a school is a bug in
// the caller, logged at Warn.
func (r *Recorder) logSchoolless(e Event) {
	level := slog.LevelWarn
	if e.Action == auditevent.ActionLogin || e.Action == auditevent.ActionLoginFailed {
		level = slog.LevelInfo
	}
	r.log.Log(context.Background(), level, "audit: event with no school, not stored", eventAttrs(e)...)
}

func eventAttrs(e Event) []any {
	return []any{
		"audit_action", string(e.Action),
		"audit_school_id", string(e.SchoolID),
		"audit_actor_id", string(e.ActorID),
		"audit_student_id", string(e.StudentID),
		"audit_subject_type", e.SubjectType,
		"audit_subject_id", e.SubjectID,
		"audit_request_id", e.RequestID,
		"audit_detail", e.Detail,
		"audit_at", e.At,
	}
}
