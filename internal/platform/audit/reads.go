package audit

import (
	"context"
	"strconv"

	"plp/ent/auditevent"
	"plp/ent/schema/hook"
	"plp/ent/schema/pulid"
)

// Row is one record a query returned: its ID, its school, and the student
// it belongs to (for a Student row, the student itself). It is the row the
// schemas' read hook reports (hook.AuditReads).
type Row = hook.AuditRow

// Reads records that actor read rows of subjectType ("Goal"): one READ
// event per student whose records are among rows, and, under WithRequest,
// at most one per (student, subject type) in the whole request.
//
// Why that grain: the trail answers a family's question, "who looked at my
// child's records, when, and what". One event per row would answer it no
// better and would make a counselor's caseload page (50 students, their
// goals and milestones) thousands of rows a visit; one event per request
// would not say whose records were seen. So each event names the student,
// the kind of record and the operation (detail, e.g. "query studentGoals:
// title, status"), the record's ID when exactly one was read (a detail
// page), and otherwise the number of rows in detail. A second read of the
// same student's records of the same type in the same request is the same
// disclosure and is not recorded again.
//
// Rows with no StudentID are not a student's records and are skipped.
// Reads does not know who the actor is: a student reading their own plan
// is no disclosure, and the caller removes those rows first (OmitStudent).
// The system viewer's reads (jobs) are not disclosures either; the caller
// does not call Reads for them.
func Reads(ctx context.Context, actor pulid.ID, subjectType string, rows []Row, detail string) {
	reads(ctx, FromContext(ctx), actor, subjectType, rows, detail)
}

func reads(ctx context.Context, r *Recorder, actor pulid.ID, subjectType string, rows []Row, detail string) {
	if r == nil || len(rows) == 0 {
		return
	}
	req := requestFrom(ctx)
	requestID := ""
	if req != nil {
		requestID = req.id
	}
	at := r.opts.Now()
	record := func(school, student pulid.ID, only pulid.ID, n int) {
		if req != nil && !req.firstRead(readKey{actor: actor, student: student, subjectType: subjectType}) {
			return
		}
		e := Event{
			SchoolID:    school,
			ActorID:     actor,
			StudentID:   student,
			Action:      auditevent.ActionRead,
			SubjectType: subjectType,
			RequestID:   requestID,
			Detail:      detail,
			At:          at,
		}
		if n == 1 {
			e.SubjectID = string(only)
		} else {
			e.Detail = detail + " (" + strconv.Itoa(n) + " rows)"
		}
		r.Record(e)
	}
	// The common cases, one row or one student, need no map.
	if same, n := oneStudent(rows); same {
		if rows[0].StudentID != "" {
			record(rows[0].SchoolID, rows[0].StudentID, rows[0].ID, n)
		}
		return
	}
	type group struct {
		school, only pulid.ID
		n            int
	}
	groups := make(map[pulid.ID]*group)
	order := make([]pulid.ID, 0, len(rows))
	for _, row := range rows {
		if row.StudentID == "" {
			continue
		}
		g := groups[row.StudentID]
		if g == nil {
			g = &group{school: row.SchoolID, only: row.ID}
			groups[row.StudentID] = g
			order = append(order, row.StudentID)
		}
		g.n++
	}
	for _, student := range order {
		g := groups[student]
		record(g.school, student, g.only, g.n)
	}
}

// oneStudent reports whether every row belongs to the same student.
func oneStudent(rows []Row) (bool, int) {
	for _, row := range rows[1:] {
		if row.StudentID != rows[0].StudentID {
			return false, 0
		}
	}
	return true, len(rows)
}

// OmitStudent returns rows without those of student self: the rows a
// student reads of their own plan, which are no disclosure. It filters in
// place (rows' backing array is reused) and returns rows itself when self
// is empty.
func OmitStudent(rows []Row, self pulid.ID) []Row {
	if self == "" {
		return rows
	}
	kept := rows[:0]
	for _, row := range rows {
		if row.StudentID != self {
			kept = append(kept, row)
		}
	}
	return kept
}
