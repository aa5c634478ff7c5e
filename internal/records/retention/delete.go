// Package retention is the data lifecycle of PLP: how long each kind of
// record is kept (Policy, docs/RETENTION.md), and the deletion of a
// student's records on the school's request. Deletions keep the audit trail.
package retention

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/amendmentevent"
	"plp/ent/amendmentrequest"
	"plp/ent/annualreview"
	"plp/ent/auditevent"
	"plp/ent/collection"
	"plp/ent/comment"
	"plp/ent/conference"
	"plp/ent/endorsement"
	"plp/ent/endorsementrequest"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/ent/milestone"
	"plp/ent/partnership"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/ent/section"
	"plp/ent/selfassessment"
	"plp/ent/session"
	"plp/ent/sharelink"
	"plp/ent/student"
	"plp/ent/studentrevision"
	"plp/ent/waitlistentry"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/viewer"
)

// Report counts the rows a deletion removed, by type.
type Report map[string]int

// String lists the non-zero counts by kind, in name order.
func (r Report) String() string {
	kinds := slices.Sorted(maps.Keys(r))
	var parts []string
	for _, kind := range kinds {
		if n := r[kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", kind, n))
		}
	}
	return strings.Join(parts, ", ")
}

// DeleteStudentOnRequest deletes every record of a student's plan at the
// school's request: the viewer must be an admin of the student's school and
// type the student's preferred name to confirm. The audit trail stays (its
// rows lose their link to the student, and one DELETE event names the
// student's ID and what was removed). client should be the request's
// transaction, so the deletion is all or nothing.
//
// Errors: NOT_FOUND when the viewer cannot see the student, FORBIDDEN when
// they are not an admin of its school, BAD_USER_INPUT when the name does
// not match.
func DeleteStudentOnRequest(ctx context.Context, client *ent.Client, studentID pulid.ID, confirmName string) (Report, error) {
	v := viewer.FromContext(ctx)
	s, err := client.Student.Get(ctx, studentID)
	if err != nil {
		return nil, err
	}
	if !v.Has(s.SchoolID, viewer.RoleAdmin) {
		return nil, apperr.New(apperr.Forbidden, "Only an admin of the student's school can delete the student's records.")
	}
	if strings.TrimSpace(confirmName) != s.PreferredName {
		return nil, apperr.Invalid("confirmName", "Type the student's preferred name exactly to confirm the deletion.")
	}
	report, err := DeleteStudent(viewer.SystemContext(ctx), client, s)
	if err != nil {
		return nil, err
	}
	audit.Record(ctx, audit.Event{
		SchoolID: s.SchoolID, ActorID: v.AccountID, Action: auditevent.ActionDelete,
		SubjectType: "Student", SubjectID: string(s.ID),
		Detail: "deleted on the school's request: " + report.String(),
	})
	return report, nil
}

// DeleteStudent removes a student and every record of their plan. It runs
// as the caller's viewer, which must be allowed to delete everything (the
// system: retention and DeleteStudentOnRequest, after their own checks).
// The student's sign-in goes too when it has no other role anywhere.
func DeleteStudent(ctx context.Context, client *ent.Client, s *ent.Student) (Report, error) {
	id := s.ID
	report := Report{}
	steps := []struct {
		kind string
		run  func(context.Context) (int, error)
	}{
		{"Comment", client.Comment.Delete().Where(comment.Or(
			comment.HasGoalWith(goal.StudentID(id)), comment.HasEvidenceWith(evidence.StudentID(id)))).Exec},
		{"Endorsement", client.Endorsement.Delete().Where(endorsement.HasEvidenceWith(evidence.StudentID(id))).Exec},
		{"EndorsementRequest", client.EndorsementRequest.Delete().Where(endorsementrequest.StudentID(id)).Exec},
		{"AmendmentEvent", client.AmendmentEvent.Delete().Where(amendmentevent.HasRequestWith(amendmentrequest.StudentID(id))).Exec},
		{"AmendmentRequest", client.AmendmentRequest.Delete().Where(amendmentrequest.StudentID(id)).Exec},
		{"ShareLink", client.ShareLink.Delete().Where(sharelink.HasCollectionWith(collection.StudentID(id))).Exec},
		{"Collection", client.Collection.Delete().Where(collection.StudentID(id)).Exec},
		{"Reflection", client.Reflection.Delete().Where(reflection.StudentID(id)).Exec},
		{"Milestone", client.Milestone.Delete().Where(milestone.HasGoalWith(goal.StudentID(id))).Exec},
		{"SelfAssessment", client.SelfAssessment.Delete().Where(selfassessment.StudentID(id)).Exec},
		{"Section", client.Section.Delete().Where(section.StudentID(id)).Exec},
		{"AnnualReview", client.AnnualReview.Delete().Where(annualreview.StudentID(id)).Exec},
		{"Guardianship", client.Guardianship.Delete().Where(guardianship.StudentID(id)).Exec},
		{"Partnership", client.Partnership.Delete().Where(partnership.StudentID(id)).Exec},
		{"Conference", client.Conference.Delete().Where(conference.StudentID(id)).Exec},
		{"Evidence", client.Evidence.Delete().Where(evidence.StudentID(id)).Exec},
		{"Goal", client.Goal.Delete().Where(goal.StudentID(id)).Exec},
		// The profile's history and places on conference waiting lists
		// refer to the student too: without them, no student whose profile
		// ever changed could be deleted.
		{"StudentRevision", client.StudentRevision.Delete().Where(studentrevision.StudentID(id)).Exec},
		{"WaitlistEntry", client.WaitlistEntry.Delete().Where(waitlistentry.StudentID(id)).Exec},
		{"Student", client.Student.Delete().Where(student.ID(id)).Exec},
	}
	for _, step := range steps {
		n, err := step.run(ctx)
		if err != nil {
			return nil, fmt.Errorf("delete %s of student %s: %w", step.kind, id, err)
		}
		report[step.kind] = n
	}
	if s.AccountID != nil {
		if err := deleteSignIn(ctx, client, *s.AccountID, s.SchoolID, report); err != nil {
			return nil, err
		}
	}
	return report, nil
}

// deleteSignIn removes the student's role at the school, and the account
// with its sessions when it has no other role anywhere.
func deleteSignIn(ctx context.Context, client *ent.Client, accountID, schoolID pulid.ID, report Report) error {
	n, err := client.Membership.Delete().Where(membership.AccountID(accountID), membership.SchoolID(schoolID),
		membership.RoleEQ(membership.RoleStudent)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete student role of %s: %w", accountID, err)
	}
	report["Membership"] = n
	others, err := client.Membership.Query().Where(membership.AccountID(accountID)).Exist(ctx)
	if err != nil || others {
		return err
	}
	if report["Session"], err = client.Session.Delete().Where(session.AccountID(accountID)).Exec(ctx); err != nil {
		return fmt.Errorf("delete sessions of %s: %w", accountID, err)
	}
	if report["Account"], err = client.Account.Delete().Where(account.ID(accountID)).Exec(ctx); err != nil {
		return fmt.Errorf("delete account %s: %w", accountID, err)
	}
	return nil
}
