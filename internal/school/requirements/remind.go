package requirements

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/notification"
	"plp/ent/requirement"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/ent/student"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
	"plp/internal/reminders"
)

// DefaultReminderDays is how many days before its due date an unmet
// requirement is reminded of, unless told otherwise.
const DefaultReminderDays = 14

// RemindOptions tune RemindDue.
type RemindOptions struct {
	// Days before the due date a reminder goes; zero is DefaultReminderDays.
	Days int
	// BaseURL is where people reach PLP, for the link in the mail.
	BaseURL string
	// DryRun counts what would be written and writes nothing.
	DryRun bool
}

// Reminded counts what RemindDue did (or, dry, would do).
type Reminded struct {
	Requirements int // requirements falling due in the window
	Pending      int // students who have not met one of them
	Written      int // messages written to the outbox
	Duplicates   int // already in the outbox
	OptedOut     int // not written: the person unsubscribed
}

func (r Reminded) String() string {
	return fmt.Sprintf("%d requirement(s) due soon, %d unmet by a student, %d reminder(s) written, %d already written, %d unsubscribed",
		r.Requirements, r.Pending, r.Written, r.Duplicates, r.OptedOut)
}

// remindChunk is how many reminders one batch writes (under the
// bind-parameter limits).
const remindChunk = 500

// RemindDue reminds of requirements not yet met that fall due within the
// next opts.Days days (not those already overdue): each student with an
// account gets one message per requirement, and each advisor one per
// requirement listing their advisees who have not met it. The idempotency
// key is the person, the requirement and its due date, so running it again,
// or on a second replica, writes nothing twice, and a moved due date brings
// a new reminder. Mail written in the school's quiet hours waits for their
// end. It runs as the system (the requirement-reminders job): completion is
// derived as everywhere else (CompletedAt), in one statement for all
// students, and the mail says only what is due, never what the plan holds.
func RemindDue(ctx context.Context, c *ent.Client, opts RemindOptions) (Reminded, error) {
	var r Reminded
	ctx = viewer.SystemContext(ctx)
	days := opts.Days
	if days <= 0 {
		days = DefaultReminderDays
	}
	now := clock.Now(ctx).UTC()
	rs, err := c.Requirement.Query().
		Where(requirement.ArchivedAtIsNil(), requirement.DueAtGT(now), requirement.DueAtLTE(now.AddDate(0, 0, days))).
		Order(ent.Asc(requirement.FieldID)).All(ctx)
	if err != nil {
		return r, fmt.Errorf("read requirements due soon: %w", err)
	}
	r.Requirements = len(rs)
	if len(rs) == 0 {
		return r, nil
	}
	byID := map[pulid.ID]*ent.Requirement{}
	ids := make([]pulid.ID, len(rs))
	var schoolIDs []pulid.ID
	for i, q := range rs {
		byID[q.ID], ids[i] = q, q.ID
		if !slices.Contains(schoolIDs, q.SchoolID) {
			schoolIDs = append(schoolIDs, q.SchoolID)
		}
	}
	// Who has not met which: one statement, two IDs a row.
	var pairs []struct {
		StudentID     pulid.ID `sql:"student_id"`
		RequirementID pulid.ID `sql:"requirement_id"`
	}
	err = c.Requirement.Query().Where(requirement.IDIn(ids...)).Modify(func(s *sql.Selector) {
		t := sql.Table(student.Table).As("s")
		cols := Columns{Requirement: s.C, Student: t.C}
		s.Join(t).OnP(sql.ExprP(Applies(cols)))
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(")
			CompletedAt(b, cols, now)
			b.WriteString(") IS NULL")
		}))
		s.Select(sql.As(t.C(student.FieldID), "student_id"), sql.As(s.C(requirement.FieldID), "requirement_id"))
		s.OrderBy(t.C(student.FieldID), s.C(requirement.FieldID))
	}).Scan(ctx, &pairs)
	if err != nil {
		return r, fmt.Errorf("derive unmet requirements: %w", err)
	}
	r.Pending = len(pairs)
	sendAt, err := sendTimes(ctx, c, schoolIDs, now)
	if err != nil {
		return r, err
	}
	link := strings.TrimRight(opts.BaseURL, "/") + "/"
	// An advisor's list per requirement, filled as the students are read.
	type advisorKey struct{ advisor, requirement pulid.ID }
	advisees := map[advisorKey][]string{}
	var advisorOrder []advisorKey
	for start := 0; start < len(pairs); {
		// A chunk of about a quarter of remindChunk students, each with all
		// of their pairs (a few requirements each).
		var studentIDs []pulid.ID
		end := start
		for end < len(pairs) && (len(studentIDs) < remindChunk/4 || pairs[end].StudentID == studentIDs[len(studentIDs)-1]) {
			if len(studentIDs) == 0 || pairs[end].StudentID != studentIDs[len(studentIDs)-1] {
				studentIDs = append(studentIDs, pairs[end].StudentID)
			}
			end++
		}
		students, err := c.Student.Query().Where(student.IDIn(studentIDs...)).WithAccount().All(ctx)
		if err != nil {
			return r, fmt.Errorf("read students: %w", err)
		}
		byStudent := map[pulid.ID]*ent.Student{}
		for _, st := range students {
			byStudent[st.ID] = st
		}
		var batch []outbox.Message
		for _, p := range pairs[start:end] {
			st, q := byStudent[p.StudentID], byID[p.RequirementID]
			if st == nil || q == nil {
				continue
			}
			due := dueDay(q)
			if st.AdvisorID != nil {
				k := advisorKey{*st.AdvisorID, q.ID}
				if _, ok := advisees[k]; !ok {
					advisorOrder = append(advisorOrder, k)
				}
				advisees[k] = append(advisees[k], st.PreferredName+" "+st.FamilyName)
			}
			acc := st.Edges.Account
			if acc == nil || acc.Disabled {
				continue
			}
			batch = append(batch, outbox.Message{
				SchoolID: q.SchoolID, RecipientID: acc.ID, Kind: outbox.KindRequirementDue,
				Key:       reminderKey(acc.ID, q.ID, due),
				NotBefore: sendAt[q.SchoolID],
				Data: map[string]any{
					"requirementID": string(q.ID), "title": q.Title, "description": q.Description, "due": due, "link": link,
				},
			})
		}
		if err := writeReminders(ctx, c, batch, opts.DryRun, &r); err != nil {
			return r, err
		}
		start = end
	}
	// Advisors whose account is disabled get nothing.
	var advisorIDs []pulid.ID
	for _, k := range advisorOrder {
		if !slices.Contains(advisorIDs, k.advisor) {
			advisorIDs = append(advisorIDs, k.advisor)
		}
	}
	disabled := map[pulid.ID]bool{}
	if len(advisorIDs) > 0 {
		off, err := c.Account.Query().Where(account.IDIn(advisorIDs...), account.Disabled(true)).IDs(ctx)
		if err != nil {
			return r, fmt.Errorf("read advisors: %w", err)
		}
		for _, id := range off {
			disabled[id] = true
		}
	}
	var batch []outbox.Message
	for _, k := range advisorOrder {
		if disabled[k.advisor] {
			continue
		}
		q, names := byID[k.requirement], advisees[k]
		due := dueDay(q)
		batch = append(batch, outbox.Message{
			SchoolID: q.SchoolID, RecipientID: k.advisor, Kind: outbox.KindRequirementDueAdvisees,
			Key:       reminderKey(k.advisor, q.ID, due),
			NotBefore: sendAt[q.SchoolID],
			Data: map[string]any{
				"requirementID": string(q.ID), "title": q.Title, "due": due, "students": names, "link": link,
			},
		})
		if len(batch) == remindChunk {
			if err := writeReminders(ctx, c, batch, opts.DryRun, &r); err != nil {
				return r, err
			}
			batch = nil
		}
	}
	return r, writeReminders(ctx, c, batch, opts.DryRun, &r)
}

// reminderKey is one reminder per person, requirement and due date,
// whichever of the two kinds it is (the student's, or an advisor's list).
func reminderKey(person, requirement pulid.ID, due string) string {
	return outbox.Key(outbox.KindRequirementDue, string(person), string(requirement), due)
}

// dueDay is the requirement's due day (2006-01-02), as the school set it.
func dueDay(q *ent.Requirement) string {
	if q.DueOn == nil {
		return q.DueAt.Format("2006-01-02")
	}
	return q.DueOn.Format("2006-01-02")
}

// sendTimes is, per school, when mail written now may go: now, or the end
// of the school's quiet hours.
func sendTimes(ctx context.Context, c *ent.Client, schoolIDs []pulid.ID, now time.Time) (map[pulid.ID]time.Time, error) {
	schools, err := c.School.Query().Where(school.IDIn(schoolIDs...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read schools: %w", err)
	}
	out := map[pulid.ID]time.Time{}
	for _, s := range schools {
		out[s.ID] = now
		loc, err := time.LoadLocation(s.Timezone)
		if err != nil {
			continue
		}
		if until, err := reminders.QuietUntil(now.In(loc), s.QuietHoursStart, s.QuietHoursEnd); err == nil && !until.IsZero() {
			out[s.ID] = until.UTC()
		}
	}
	return out, nil
}

// writeReminders enqueues ms in one batch, or in a dry run counts those not
// yet in the outbox.
func writeReminders(ctx context.Context, c *ent.Client, ms []outbox.Message, dry bool, r *Reminded) error {
	if len(ms) == 0 {
		return nil
	}
	if dry {
		keys := make([]string, len(ms))
		for i, m := range ms {
			keys[i] = m.Key
		}
		n, err := c.Notification.Query().Where(notification.IdempotencyKeyIn(keys...)).Count(ctx)
		if err != nil {
			return fmt.Errorf("count reminders: %w", err)
		}
		r.Duplicates += n
		r.Written += len(ms) - n
		return nil
	}
	got, err := outbox.EnqueueBatch(ctx, c, ms)
	if err != nil {
		return fmt.Errorf("write %d requirement reminder(s): %w", len(ms), err)
	}
	var t outbox.Tally
	t.Add(got)
	r.Written += t.Written
	r.Duplicates += t.Duplicates
	r.OptedOut += t.OptedOut
	return nil
}
