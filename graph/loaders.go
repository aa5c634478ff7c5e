package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/school/requirements"
)

// loaders batch the reads a field would otherwise make once per row of a
// list (one SQL statement per level, never one per row). The first row of
// a list to ask reads for every row of that list at once; its siblings wait
// for that read and take their share. The list is found by walking up the
// field contexts to the result that holds the rows (gqlgen sets each
// field's Result before it resolves the fields under it), so a batch is
// exactly one list, without a timer. A set lives for one operation.
type loaders struct {
	mu      sync.Mutex
	batches map[batchKey]*batch
}

// batchKey is one list and the arguments its rows ask with.
type batchKey struct {
	list *graphql.FieldContext
	args string
}

// batch is a read shared by the rows of one list.
type batch struct {
	once   sync.Once
	result map[pulid.ID][]*requirements.Status
	err    error
}

type loadersKey struct{}

// WithLoaders gives the operation of ctx its own loaders.
func (r *Resolver) WithLoaders(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadersKey{}, &loaders{batches: map[batchKey]*batch{}})
}

// studentRequirements is Student.requirements. For a student who is a row
// of a list, it reads the requirements of every student of the list in one
// go (requirements.ForStudents: two statements); otherwise those of the one
// student.
func (r *Resolver) studentRequirements(ctx context.Context, studentID pulid.ID, schoolYear *string) ([]*requirements.Status, error) {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	list, rows := studentList(graphql.GetFieldContext(ctx))
	if !ok || list == nil {
		return requirements.ForStudent(ctx, r.db(ctx), studentID, schoolYear)
	}
	key := batchKey{list: list, args: deref(schoolYear, "")}
	l.mu.Lock()
	b := l.batches[key]
	if b == nil {
		b = &batch{}
		l.batches[key] = b
	}
	l.mu.Unlock()
	b.once.Do(func() {
		b.result, b.err = requirements.ForStudents(ctx, r.db(ctx), rows, schoolYear)
	})
	if b.err != nil {
		return nil, b.err
	}
	if got, ok := b.result[studentID]; ok {
		return got, nil
	}
	// Not a row of the list found (a student nested deeper under it).
	return requirements.ForStudent(ctx, r.db(ctx), studentID, schoolYear)
}

// studentList walks up from fc to the nearest list of students (a
// connection, its edges, or a plain list) and returns its field context and
// the students' IDs; nil when the student is not a row of one.
func studentList(fc *graphql.FieldContext) (*graphql.FieldContext, []pulid.ID) {
	for ; fc != nil; fc = fc.Parent {
		var ids []pulid.ID
		switch res := fc.Result.(type) {
		case *ent.StudentConnection:
			if res == nil {
				return nil, nil
			}
			for _, e := range res.Edges {
				ids = append(ids, e.Node.ID)
			}
		case []*ent.StudentEdge:
			for _, e := range res {
				ids = append(ids, e.Node.ID)
			}
		case []*ent.Student:
			for _, s := range res {
				ids = append(ids, s.ID)
			}
		default:
			continue
		}
		return fc, ids
	}
	return nil, nil
}
