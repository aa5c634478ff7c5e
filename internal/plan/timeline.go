package plan

import (
	"cmp"
	"context"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
)

// Timeline page sizes: the page when neither first nor last is given, and
// the largest page (the API's largest page, server.Config.MaxPageSize).
const (
	DefaultTimelinePage = 20
	MaxTimelinePage     = 500
)

// TimelineConnection is one page of a student's timeline, newest first: a
// Relay connection, with the PageInfo and Cursor of every other one.
type TimelineConnection struct {
	Edges    []*TimelineEdge
	PageInfo ent.PageInfo
}

// TimelineEdge is one item of the timeline with its cursor.
type TimelineEdge struct {
	// Node is an *ent.Evidence or an *ent.Reflection.
	Node   ent.Noder
	Cursor ent.Cursor
}

// TimelineArgs are the Relay arguments of a timeline page.
type TimelineArgs struct {
	First  *int
	After  *ent.Cursor
	Last   *int
	Before *ent.Cursor
	// Eager, when set, prepares the two queries of the page before they
	// run: the GraphQL layer adds eager loads of the nested fields asked
	// for, so that they cost one statement per level for the whole page.
	Eager func(*ent.EvidenceQuery, *ent.ReflectionQuery) error
}

// item is a timeline entry with the key it is ordered by.
type item struct {
	at   time.Time
	id   pulid.ID
	node ent.Noder
}

// newer orders items newest first: by time, then by ID, both descending.
func newer(a, b item) int {
	if c := b.at.Compare(a.at); c != 0 {
		return c
	}
	return cmp.Compare(b.id, a.id)
}

// position is a point of the timeline: a cursor decoded.
type position struct {
	at time.Time
	id pulid.ID
}

// EncodeCursor returns the cursor of an item at time at with id: the ID
// and the time (RFC 3339), opaque to clients as every cursor is.
func EncodeCursor(at time.Time, id pulid.ID) ent.Cursor {
	return ent.Cursor{ID: id, Value: at.UTC().Format(time.RFC3339Nano)}
}

func decodeCursor(field string, c ent.Cursor) (position, error) {
	bad := apperr.Invalid(field, "The cursor in %s is not one this timeline gave out.", field)
	at, ok := c.Value.(string)
	if !ok || c.ID == "" {
		return position{}, bad
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return position{}, bad
	}
	return position{at: t.UTC(), id: c.ID}, nil
}

// Timeline returns a page of a student's evidence (at occurredOn) and
// reflections (at createdAt), newest first, as the caller may see them: the
// queries run with the caller's context, through the privacy rules. A page
// costs two queries, one per type, each limited to the page size plus one
// row beyond the cursor; the two are merged here. Nested reads are the
// caller's: see TimelineArgs.Eager.
func Timeline(ctx context.Context, c *ent.Client, student pulid.ID, args TimelineArgs) (*TimelineConnection, error) {
	if args.First != nil && args.Last != nil {
		return nil, apperr.Invalid("last", "Give first (with after) or last (with before), not both.")
	}
	backward := args.Last != nil
	n, field := DefaultTimelinePage, "first"
	if backward {
		n, field = *args.Last, "last"
	} else if args.First != nil {
		n = *args.First
	}
	if n < 0 || n > MaxTimelinePage {
		return nil, apperr.Invalid(field, "%s is a page size from 0 to %d.", field, MaxTimelinePage)
	}
	var cur *position
	switch {
	case !backward && args.After != nil:
		p, err := decodeCursor("after", *args.After)
		if err != nil {
			return nil, err
		}
		cur = &p
	case backward && args.Before != nil:
		p, err := decodeCursor("before", *args.Before)
		if err != nil {
			return nil, err
		}
		cur = &p
	}
	conn := &TimelineConnection{Edges: []*TimelineEdge{}}
	if n == 0 {
		return conn, nil
	}

	// Forward pages walk towards older items (before the cursor), backward
	// pages towards newer ones (after it), nearest first.
	eq := c.Evidence.Query().Where(evidence.StudentID(student)).Limit(n + 1)
	rq := c.Reflection.Query().Where(reflection.StudentID(student)).Limit(n + 1)
	if backward {
		eq.Order(evidence.ByOccurredOn(), evidence.ByID())
		rq.Order(reflection.ByCreatedAt(), reflection.ByID())
		if cur != nil {
			eq.Where(evidence.Or(evidence.OccurredOnGT(cur.at), evidence.And(evidence.OccurredOnEQ(cur.at), evidence.IDGT(cur.id))))
			rq.Where(reflection.Or(reflection.CreatedAtGT(cur.at), reflection.And(reflection.CreatedAtEQ(cur.at), reflection.IDGT(cur.id))))
		}
	} else {
		desc := sql.OrderDesc()
		eq.Order(evidence.ByOccurredOn(desc), evidence.ByID(desc))
		rq.Order(reflection.ByCreatedAt(desc), reflection.ByID(desc))
		if cur != nil {
			eq.Where(evidence.Or(evidence.OccurredOnLT(cur.at), evidence.And(evidence.OccurredOnEQ(cur.at), evidence.IDLT(cur.id))))
			rq.Where(reflection.Or(reflection.CreatedAtLT(cur.at), reflection.And(reflection.CreatedAtEQ(cur.at), reflection.IDLT(cur.id))))
		}
	}
	if args.Eager != nil {
		if err := args.Eager(eq, rq); err != nil {
			return nil, err
		}
	}
	evs, err := eq.All(ctx)
	if err != nil {
		return nil, err
	}
	refs, err := rq.All(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]item, 0, len(evs)+len(refs))
	for _, e := range evs {
		items = append(items, item{at: e.OccurredOn.UTC(), id: e.ID, node: e})
	}
	for _, r := range refs {
		items = append(items, item{at: r.CreatedAt.UTC(), id: r.ID, node: r})
	}
	page, more := mergePage(items, n, backward)
	for _, it := range page {
		conn.Edges = append(conn.Edges, &TimelineEdge{Node: it.node, Cursor: EncodeCursor(it.at, it.id)})
	}
	if len(conn.Edges) > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}
	if backward {
		conn.PageInfo.HasPreviousPage = more
		conn.PageInfo.HasNextPage = cur != nil
	} else {
		conn.PageInfo.HasNextPage = more
		conn.PageInfo.HasPreviousPage = cur != nil
	}
	return conn, nil
}

// mergePage takes the n items nearest the cursor from items (the rows of
// both queries) and returns them newest first, and whether there are more
// beyond them.
func mergePage(items []item, n int, backward bool) ([]item, bool) {
	slices.SortFunc(items, newer)
	more := len(items) > n
	if !more {
		return items, false
	}
	if backward {
		// The nearest items are the oldest of the newer ones: the tail.
		return items[len(items)-n:], true
	}
	return items[:n], true
}
