package hook

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"entgo.io/ent"

	gen "plp/ent"
	"plp/ent/auditevent"
	"plp/ent/intercept"
	"plp/ent/schema/pulid"
	"plp/internal/platform/viewer"
)

// AuditTrail is where AuditReads and AuditChanges report the reads and
// changes of a student's records: internal/platform/audit's Recorder, which
// owns the write path (queue, batches, request ids). The server puts it on
// every request's context (audit.NewContext), and jobs on theirs; with none
// on the context nothing is recorded.
type AuditTrail interface {
	// AuditRead records that actor read rows of subjectType ("Goal").
	AuditRead(ctx context.Context, actor pulid.ID, subjectType string, rows []AuditRow)
	// AuditChange records one change of a student's record; ctx is the
	// one its transaction committed with.
	AuditChange(ctx context.Context, c AuditChange)
}

// AuditRow is one record a query returned: its ID, its school, and the
// student it belongs to (for a Student row, the student itself).
type AuditRow struct {
	ID, SchoolID, StudentID pulid.ID
}

// AuditChange is one create or update of a student's record by a person.
type AuditChange struct {
	SchoolID, ActorID, StudentID pulid.ID
	Action                       auditevent.Action
	// SubjectType is the kind of record ("Goal"), SubjectID the record.
	SubjectType, SubjectID string
	// Detail names the fields changed, never their values.
	Detail string
}

type auditTrailKey struct{}

// WithAuditTrail returns ctx whose reads and changes go to t; a nil t
// records nothing (a check that is no disclosure, see GuardEdges).
func WithAuditTrail(ctx context.Context, t AuditTrail) context.Context {
	return context.WithValue(ctx, auditTrailKey{}, t)
}

// AuditTrailFrom returns the trail on ctx, or nil.
func AuditTrailFrom(ctx context.Context) AuditTrail {
	t, _ := ctx.Value(auditTrailKey{}).(AuditTrail)
	return t
}

// AuditReads records each read of a student's records by someone other than
// the student (FERPA's record of disclosures): one event per student per
// type per request, handed to the context's AuditTrail, never written on
// the read path. studentField is the Go field holding the student's ID
// ("ID" for the Student type itself); subjectType "" means the queried
// type's name.
func AuditReads(subjectType, studentField string) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			v := viewer.FromContext(ctx)
			qc := ent.QueryFromContext(ctx)
			trail := AuditTrailFrom(ctx)
			if v == nil || v.IsSystem() || trail == nil || onlyStudent(v) ||
				qc == nil || (qc.Op != ent.OpQueryAll && qc.Op != ent.OpQueryOnly && qc.Op != ent.OpQueryFirst) {
				return next.Query(ctx, q) // counts, IDs, selects of a column: no records read
			}
			iq, err := intercept.NewQuery(q)
			if err != nil {
				return next.Query(ctx, q)
			}
			// GraphQL field collection may have narrowed the columns: the
			// trail needs the school and the student of each row. (An edge
			// loaded under another query runs with its parent's query
			// context, whose columns are not this query's.)
			if qc.Type == iq.Type() && len(qc.Fields) > 0 {
				for _, col := range []string{"school_id", toColumn(studentField)} {
					if !slices.Contains(qc.Fields, col) {
						qc.Fields = append(qc.Fields, col)
					}
				}
			}
			value, err := next.Query(ctx, q)
			if err == nil {
				subject := subjectType
				if subject == "" {
					subject = iq.Type()
				}
				if rows := auditRows(value, studentField, v); len(rows) > 0 {
					trail.AuditRead(ctx, v.AccountID, subject, rows)
				}
			}
			return value, err
		})
	})
}

// onlyStudent reports whether the viewer is only a student: the privacy
// rules then show them nothing but their own plan, and a student's reads of
// their own plan are not disclosures.
func onlyStudent(v *viewer.Viewer) bool {
	for _, m := range v.Memberships {
		if m.Role != viewer.RoleStudent {
			return false
		}
	}
	return len(v.Memberships) > 0
}

func toColumn(goField string) string {
	if goField == "ID" {
		return "id"
	}
	return "student_id"
}

// auditRows reads ID, SchoolID and the student's ID from a slice of ent
// entities.
// A row loaded without its school_id (an edge whose columns GraphQL
// narrowed) takes the viewer's school when they have only one.
func auditRows(value ent.Value, studentField string, v *viewer.Viewer) []AuditRow {
	var onlySchool pulid.ID
	if schools := v.SchoolIDs(); len(schools) == 1 {
		onlySchool = schools[0]
	}
	list := reflect.ValueOf(value)
	if list.Kind() == reflect.Pointer { // Only and First return one entity
		one := reflect.New(reflect.SliceOf(list.Type())).Elem()
		list = reflect.Append(one, list)
	}
	if list.Kind() != reflect.Slice {
		return nil
	}
	rows := make([]AuditRow, 0, list.Len())
	for i := range list.Len() {
		e := list.Index(i)
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		// Only entities are records; counts and other aggregates scanned
		// into structs of their own are not.
		id, student := e.FieldByName("ID"), e.FieldByName(studentField)
		if e.Kind() != reflect.Struct || !id.IsValid() || !student.IsValid() {
			return nil
		}
		row := AuditRow{}
		row.ID, _ = id.Interface().(pulid.ID)
		if school := e.FieldByName("SchoolID"); school.IsValid() {
			row.SchoolID, _ = school.Interface().(pulid.ID)
		}
		if row.SchoolID == "" {
			row.SchoolID = onlySchool
		}
		switch s := student.Interface().(type) {
		case pulid.ID:
			row.StudentID = s
		case *pulid.ID:
			if s != nil {
				row.StudentID = *s
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// AuditChanges records each change of a student's records (create and
// update by a person; the server's own writes are not disclosures and are
// not recorded) once its transaction commits, so a change that rolls back
// leaves no trace. The detail names the fields changed, never their values.
func AuditChanges(studentField string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v := viewer.FromContext(ctx)
			if v == nil || v.IsSystem() || AuditTrailFrom(ctx) == nil || !m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			value, err := next.Mutate(ctx, m)
			if err != nil {
				return value, err
			}
			rows := auditRows(value, studentField, v)
			if len(rows) != 1 {
				return value, nil
			}
			action := auditevent.ActionUpdate
			if m.Op().Is(ent.OpCreate) {
				action = auditevent.ActionCreate
			}
			fields := slices.DeleteFunc(append(m.Fields(), m.ClearedFields()...), func(f string) bool {
				return f == "updated_at" || f == "created_at" || f == "school_id"
			})
			slices.Sort(fields)
			change := AuditChange{
				SchoolID: rows[0].SchoolID, ActorID: v.AccountID, StudentID: rows[0].StudentID,
				Action: action, SubjectType: m.Type(), SubjectID: string(rows[0].ID),
				Detail: "fields: " + strings.Join(fields, ", "),
			}
			record := func(ctx context.Context) {
				if t := AuditTrailFrom(ctx); t != nil {
					t.AuditChange(ctx, change)
				}
			}
			tx := gen.TxFromContext(ctx)
			if tx == nil {
				record(ctx)
				return value, nil
			}
			tx.OnCommit(func(next gen.Committer) gen.Committer {
				return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
					err := next.Commit(ctx, tx)
					if err == nil {
						record(ctx)
					}
					return err
				})
			})
			return value, nil
		})
	}
}
