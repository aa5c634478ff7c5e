package audit

import (
	"context"
	"sync"

	"plp/ent/schema/pulid"
)

type recorderKey struct{}

// NewContext returns ctx carrying r: the server puts its Recorder on every
// request's context, and jobs on theirs.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// FromContext returns the Recorder on ctx, or nil (which records nothing).
func FromContext(ctx context.Context) *Recorder {
	r, _ := ctx.Value(recorderKey{}).(*Recorder)
	return r
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
	r := FromContext(ctx)
	if r == nil {
		return
	}
	if e.RequestID == "" {
		e.RequestID = RequestIDFrom(ctx)
	}
	r.Record(e)
}
