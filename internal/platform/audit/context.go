package audit

import (
	"context"
	"sync"

	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// NewContext returns ctx carrying r: the server puts its Recorder on every
// request's context, and jobs on theirs. r is the context's audit trail
// (hook.AuditTrail), to which the schemas' hooks report the reads and
// changes of a student's records; a nil r records nothing.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	if r == nil {
		return hook.WithAuditTrail(ctx, nil)
	}
	return hook.WithAuditTrail(ctx, r)
}

// FromContext returns the Recorder on ctx, or nil (which records nothing).
func FromContext(ctx context.Context) *Recorder {
	r, _ := hook.AuditTrailFrom(ctx).(*Recorder)
	return r
}

// AuditRead implements hook.AuditTrail: see Reads.
func (r *Recorder) AuditRead(ctx context.Context, actor pulid.ID, subjectType string, rows []Row) {
	reads(ctx, r, actor, subjectType, rows, "")
}

// AuditChange implements hook.AuditTrail: the change is recorded as an
// event of the request on ctx (see Record).
func (r *Recorder) AuditChange(ctx context.Context, c hook.AuditChange) {
	record(ctx, r, Event{
		SchoolID: c.SchoolID, ActorID: c.ActorID, StudentID: c.StudentID, Action: c.Action,
		SubjectType: c.SubjectType, SubjectID: c.SubjectID, Detail: c.Detail,
	})
}

type requestKey struct{}

// request is what the trail keeps about one request: its id, and which
// (student, subject type) reads it has recorded already.
type request struct {
	id   string
	mu   sync.Mutex
	seen map[readKey]struct{}
}

type readKey struct {
	actor, student pulid.ID
	subjectType    string
}

// WithRequest returns ctx for one request with the given id: events
// recorded with Record(ctx, ...) and Reads carry the id, and Reads records
// each student's records of one type once per request (see Reads).
func WithRequest(ctx context.Context, requestID string) context.Context {
	return context.WithValue(ctx, requestKey{}, &request{id: requestID})
}

// RequestIDFrom returns the request id WithRequest put on ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	if req := requestFrom(ctx); req != nil {
		return req.id
	}
	return ""
}

func requestFrom(ctx context.Context) *request {
	req, _ := ctx.Value(requestKey{}).(*request)
	return req
}

// firstRead reports whether k is the first read of its kind in the request,
// and marks it read.
func (req *request) firstRead(k readKey) bool {
	req.mu.Lock()
	defer req.mu.Unlock()
	if _, ok := req.seen[k]; ok {
		return false
	}
	if req.seen == nil {
		req.seen = make(map[readKey]struct{})
	}
	req.seen[k] = struct{}{}
	return true
}

// Record records e with the Recorder on ctx, if there is one, filling in
// the request id from ctx when e has none. It is how mutation hooks and
// exports record CREATE, UPDATE, DELETE and EXPORT events.
func Record(ctx context.Context, e Event) {
	record(ctx, FromContext(ctx), e)
}

func record(ctx context.Context, r *Recorder, e Event) {
	if r == nil {
		return
	}
	if e.RequestID == "" {
		e.RequestID = RequestIDFrom(ctx)
	}
	r.Record(e)
}
