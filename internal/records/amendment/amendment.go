// Package amendment is the FERPA right to request the amendment of a
// record: a family, or a student of 18 or over, flags a record of the plan
// they believe is inaccurate or misleading; the student's advisor, counselor
// or a school admin amends it or declines with a reason; after a decline the
// person who asked may add a statement of disagreement, kept with the
// request. Every step is an AmendmentEvent, so the request carries its
// history.
//
// Who may read and write requests is the AmendmentRequest privacy policy
// (ent/schema/policy.go); the rules here are the workflow's on top of it:
// who has the right to ask, who may decide, and in what order.
//
// The audit trail: a new request and a decision change the request's row,
// which the audit hook of every student record writes down as CREATE and
// UPDATE with the fields changed (ent/schema/hook/audit.go), once the transaction
// commits. A statement only adds an event row, which that hook does not
// see, so AddStatement records its UPDATE of the request itself, also on
// commit.
package amendment

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/amendmentevent"
	"plp/ent/amendmentrequest"
	"plp/ent/auditevent"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
)

// MaxText is the longest reason, resolution or statement, in bytes of
// UTF-8 (the limit of the columns).
const MaxText = 4000

// subjectType is AmendmentRequest's own type name in the audit trail.
const subjectType = "AmendmentRequest"

// RequestInput is what a family or an eligible student asks.
type RequestInput struct {
	// SubjectID is the record to amend: the student's own record, a goal,
	// milestone, evidence, reflection, self-assessment, page section,
	// conference, annual review or comment.
	SubjectID pulid.ID
	// Reason says what is wrong and what the record should say.
	Reason string
}

// Request opens a request to amend a record of a student's plan, with its
// first event, in the caller's transaction (or one of its own).
//
// The viewer must be the student (at 18 or over, by birth date) or one of
// the student's family, and must be able to see the record. It returns
// BAD_USER_INPUT (field reason) for an empty or too long reason;
// BAD_USER_INPUT (field subjectID) for a record the viewer cannot see, which
// includes one that does not exist, or of a kind that cannot be amended;
// FORBIDDEN when the viewer has no right to ask (staff, partners, a student
// under 18); CONFLICT when the viewer already has an open request on the
// same record.
func Request(ctx context.Context, client *ent.Client, in RequestInput) (*ent.AmendmentRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	return inTx(ctx, client, func(ctx context.Context, c *ent.Client) (*ent.AmendmentRequest, *audit.Event, error) {
		subj, err := findSubject(ctx, c, in.SubjectID)
		if err != nil {
			return nil, nil, err
		}
		stu, err := loadStudent(ctx, c, subj.studentID)
		if err != nil {
			return nil, nil, err
		}
		if err := mayRequest(ctx, c, stu); err != nil {
			return nil, nil, err
		}
		reason, err := text("reason", in.Reason)
		if err != nil {
			return nil, nil, err
		}
		open, err := c.AmendmentRequest.Query().Where(
			amendmentrequest.RequesterID(v.AccountID),
			amendmentrequest.SubjectID(string(in.SubjectID)),
			amendmentrequest.StatusEQ(amendmentrequest.StatusOpen),
		).Exist(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("look for an open request: %w", err)
		}
		if open {
			return nil, nil, alreadyOpen()
		}
		req, err := c.AmendmentRequest.Create().
			SetStudentID(subj.studentID).
			SetRequesterID(v.AccountID).
			SetSubjectID(string(in.SubjectID)).
			SetSubjectType(subj.typeName).
			SetReason(reason).
			Save(ctx)
		if ent.IsConstraintError(err) {
			// Two requests at once on PostgreSQL, once a unique index on
			// open requests holds them apart (the check above cannot).
			return nil, nil, alreadyOpen()
		}
		if err != nil {
			return nil, nil, fmt.Errorf("create amendment request: %w", err)
		}
		if err := addEvent(ctx, c, req.ID, v.AccountID, amendmentevent.StatusOpen, reason); err != nil {
			return nil, nil, err
		}
		return req, nil, nil // the new request is in the trail: see the package doc
	})
}

// Resolve decides an open request: AMENDED (staff have corrected the record,
// through the record's own mutation) or DECLINED, which needs a resolution
// saying why, since the family is told and may answer with a statement.
//
// Only the student's advisor, counselor, or an admin of the student's school
// may resolve. It returns NOT_FOUND for a request the viewer cannot see;
// FORBIDDEN for anyone else who can; BAD_USER_INPUT (field decision) for a
// decision other than AMENDED or DECLINED, (field resolution) for a decline
// without a reason or a resolution too long; CONFLICT when the request is
// already resolved, also when two people resolve it at once.
func Resolve(ctx context.Context, client *ent.Client, id pulid.ID, decision amendmentrequest.Status, resolution string) (*ent.AmendmentRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	return inTx(ctx, client, func(ctx context.Context, c *ent.Client) (*ent.AmendmentRequest, *audit.Event, error) {
		req, err := loadRequest(ctx, c, id)
		if err != nil {
			return nil, nil, err
		}
		stu, err := loadStudent(ctx, c, req.StudentID)
		if err != nil {
			return nil, nil, err
		}
		staff, err := rule.Reach(ctx, c, stu.ID, rule.Staff)
		if err != nil {
			return nil, nil, err
		}
		if staff == 0 {
			return nil, nil, apperr.New(apperr.Forbidden, "Only the student's advisor, counselor or a school admin can resolve a request to amend a record.")
		}
		if decision != amendmentrequest.StatusAmended && decision != amendmentrequest.StatusDeclined {
			return nil, nil, apperr.Invalid("decision", "A request is resolved as AMENDED or DECLINED.")
		}
		resolution = strings.TrimSpace(resolution)
		if decision == amendmentrequest.StatusDeclined && resolution == "" {
			return nil, nil, apperr.Invalid("resolution", "Say why the request is declined: the family is told, and may add a statement of disagreement.")
		}
		if len(resolution) > MaxText {
			return nil, nil, apperr.Invalid("resolution", "resolution is too long: at most %d bytes.", MaxText)
		}
		if req.Status != amendmentrequest.StatusOpen {
			return nil, nil, alreadyResolved()
		}
		update := c.AmendmentRequest.UpdateOneID(id).
			// Only an open request changes: of two people resolving at once,
			// the second finds none and is told so.
			Where(amendmentrequest.StatusEQ(amendmentrequest.StatusOpen)).
			SetStatus(decision).
			SetResolvedByID(v.AccountID).
			SetResolvedAt(clock.Now(ctx).UTC())
		if resolution != "" {
			update.SetResolution(resolution)
		}
		req, err = update.Save(ctx)
		if ent.IsNotFound(err) {
			return nil, nil, alreadyResolved()
		}
		if err != nil {
			return nil, nil, fmt.Errorf("resolve amendment request %s: %w", id, err)
		}
		if err := addEvent(ctx, c, id, v.AccountID, amendmentevent.Status(decision), resolution); err != nil {
			return nil, nil, err
		}
		return req, nil, nil // the change of the request is in the trail: see the package doc
	})
}

// AddStatement keeps the requester's statement of disagreement with a
// declined request, as an event (status DECLINED) of its history; FERPA
// has the school keep it with the record and disclose it with it.
//
// It returns NOT_FOUND for a request the viewer cannot see; FORBIDDEN for
// anyone but the person who asked; CONFLICT unless the request was declined;
// BAD_USER_INPUT (field statement) for an empty or too long statement.
func AddStatement(ctx context.Context, client *ent.Client, id pulid.ID, statement string) (*ent.AmendmentRequest, error) {
	v, err := person(ctx)
	if err != nil {
		return nil, err
	}
	return inTx(ctx, client, func(ctx context.Context, c *ent.Client) (*ent.AmendmentRequest, *audit.Event, error) {
		req, err := loadRequest(ctx, c, id)
		if err != nil {
			return nil, nil, err
		}
		if req.RequesterID != v.AccountID {
			return nil, nil, apperr.New(apperr.Forbidden, "Only the person who asked for the amendment can add a statement to it.")
		}
		if req.Status != amendmentrequest.StatusDeclined {
			return nil, nil, apperr.New(apperr.Conflict, "A statement of disagreement can be added once a request is declined; this one is %s.", strings.ToLower(string(req.Status)))
		}
		note, err := text("statement", statement)
		if err != nil {
			return nil, nil, err
		}
		if err := addEvent(ctx, c, id, v.AccountID, amendmentevent.StatusDeclined, note); err != nil {
			return nil, nil, err
		}
		return req, &audit.Event{
			SchoolID: req.SchoolID, ActorID: v.AccountID, StudentID: req.StudentID,
			Action: auditevent.ActionUpdate, SubjectType: subjectType, SubjectID: string(req.ID),
			Detail: "addAmendmentStatement: statement",
		}, nil
	})
}

// person returns the signed-in viewer: requests and decisions are a
// person's, never the server's.
func person(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || v.AccountID == "" {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: amendments are requested and decided by people.")
	}
	return v, nil
}

// text trims a reason or statement and checks it is there and fits.
func text(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apperr.Invalid(field, "%s must not be empty.", field)
	}
	if len(s) > MaxText {
		return "", apperr.Invalid(field, "%s is too long: at most %d bytes.", field, MaxText)
	}
	return s, nil
}

func alreadyOpen() error {
	return apperr.New(apperr.Conflict, "You already have an open request to amend this record: staff will answer it first.")
}

func alreadyResolved() error {
	return apperr.New(apperr.Conflict, "This request to amend a record is already resolved.")
}

// loadRequest reads a request through the viewer's privacy rules.
func loadRequest(ctx context.Context, c *ent.Client, id pulid.ID) (*ent.AmendmentRequest, error) {
	req, err := c.AmendmentRequest.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No request to amend a record with that ID that you can see.")
	}
	if err != nil {
		return nil, fmt.Errorf("read amendment request %s: %w", id, err)
	}
	return req, nil
}

// addEvent appends a step to a request's history.
func addEvent(ctx context.Context, c *ent.Client, req, actor pulid.ID, status amendmentevent.Status, note string) error {
	create := c.AmendmentEvent.Create().
		SetRequestID(req).
		SetActorID(actor).
		SetStatus(status).
		SetAt(clock.Now(ctx).UTC())
	if note != "" {
		create.SetNote(note)
	}
	if err := create.Exec(ctx); err != nil {
		return fmt.Errorf("add %s event to amendment request %s: %w", status, req, err)
	}
	return nil
}

// studentFacts is what the rules need of a student: read with a narrow
// select, so that deciding who may act is not recorded as a disclosure of
// the student's record.
type studentFacts struct {
	ID        pulid.ID   `sql:"id"`
	SchoolID  pulid.ID   `sql:"school_id"`
	BirthDate *time.Time `sql:"birth_date"`
}

// loadStudent reads the facts of a student through the viewer's privacy
// rules.
func loadStudent(ctx context.Context, c *ent.Client, id pulid.ID) (*studentFacts, error) {
	var rows []studentFacts
	err := c.Student.Query().Where(student.ID(id)).
		Select(student.FieldID, student.FieldSchoolID, student.FieldBirthDate).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read student %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, notVisible()
	}
	return &rows[0], nil
}

// mayRequest reports whether the viewer has the right to ask for an
// amendment of the student's records: the student once an adult (FERPA's
// eligible student, schoolcal.AdultAge at their school), or, before that,
// a member of the student's family while their access lasts (rule.Reach).
// FERPA passes the right from the parents to the student at 18; a family
// that still sees the plan then can read it but no longer ask.
func mayRequest(ctx context.Context, c *ent.Client, s *studentFacts) error {
	as, err := rule.Reach(ctx, c, s.ID, rule.Self|rule.Family)
	if err != nil {
		return err
	}
	if as == 0 {
		return apperr.New(apperr.Forbidden, "Only the student's family, or the student at %d or over, can ask to amend the student's records.", schoolcal.AdultAge)
	}
	loc, err := rule.Zone(ctx, c, s.SchoolID)
	if err != nil {
		return err
	}
	adult := schoolcal.IsAdult(s.BirthDate, clock.Now(ctx), loc)
	switch {
	case as&rule.Self != 0 && !adult:
		return apperr.New(apperr.Forbidden, "Until you are %d, your family asks for amendments to your records: talk to them or to your advisor.", schoolcal.AdultAge)
	case as&rule.Self == 0 && adult:
		// FERPA: at 18 the rights pass from the parents to the student.
		return apperr.New(apperr.Forbidden, "The student is %d or over: the right to ask for amendments is now the student's.", schoolcal.AdultAge)
	}
	return nil
}

// inTx runs fn in the caller's transaction when ctx has one (a mutation's:
// see graph's Resolver.db), or in one of its own, and records fn's audit
// event once the transaction commits, so that a write that rolls back
// leaves no trace in the trail.
func inTx[T any](ctx context.Context, client *ent.Client, fn func(context.Context, *ent.Client) (T, *audit.Event, error)) (T, error) {
	var zero T
	if tx := ent.TxFromContext(ctx); tx != nil {
		v, event, err := fn(ctx, tx.Client())
		if err != nil {
			return zero, err
		}
		recordOnCommit(ctx, tx, event)
		return v, nil
	}
	if c := ent.FromContext(ctx); c != nil {
		client = c
	}
	tx, err := client.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		// A transactional client without its Tx: the caller commits it,
		// and cannot tell us when.
		v, event, err := fn(ctx, client)
		if err != nil {
			return zero, err
		}
		record(ctx, event)
		return v, nil
	}
	if err != nil {
		return zero, fmt.Errorf("begin transaction: %w", err)
	}
	// Hooks that wait for the commit (the audit of changes) find it here.
	txCtx := ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	v, event, err := fn(txCtx, tx.Client())
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return zero, fmt.Errorf("%w (and roll back: %v)", err, rerr)
		}
		return zero, err
	}
	recordOnCommit(ctx, tx, event)
	if err := tx.Commit(); err != nil {
		return zero, fmt.Errorf("commit: %w", err)
	}
	return v, nil
}

func recordOnCommit(ctx context.Context, tx *ent.Tx, event *audit.Event) {
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(txCtx context.Context, tx *ent.Tx) error {
			if err := next.Commit(txCtx, tx); err != nil {
				return err
			}
			record(ctx, event)
			return nil
		})
	})
}

func record(ctx context.Context, event *audit.Event) {
	if event != nil {
		audit.Record(ctx, *event)
	}
}
