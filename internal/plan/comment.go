package plan

import (
	"context"
	"strings"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// CommentInput is a comment on a goal or on a piece of evidence: exactly
// one of GoalID and EvidenceID.
type CommentInput struct {
	GoalID, EvidenceID *pulid.ID
	Body               string
}

// AddComment comments, as the viewer, on the item itself (not on a copy),
// so the comment is seen by whoever may see the item. Anyone who sees the
// item may comment on it: the student, staff, family and partners, each as
// the item's visibility allows (the privacy rules decide).
//
// Errors: BAD_USER_INPUT when neither or both items are named, or the body
// is empty; BAD_USER_INPUT on goalID or evidenceID when the item is not one
// the viewer can see.
func AddComment(ctx context.Context, c *ent.Client, in CommentInput) (*ent.Comment, error) {
	if (in.GoalID == nil) == (in.EvidenceID == nil) {
		return nil, apperr.Invalid("goalID", "Name the goal (goalID) or the evidence (evidenceID) to comment on, not both.")
	}
	body := strings.TrimSpace(in.Body)
	if body == "" {
		return nil, apperr.Invalid("body", "Write something to comment.")
	}
	create := c.Comment.Create().
		SetAuthorID(viewer.FromContext(ctx).AccountID).
		SetBody(body).
		SetNillableGoalID(in.GoalID).
		SetNillableEvidenceID(in.EvidenceID)
	return create.Save(ctx)
}

// EditComment changes the body of the viewer's own comment; another's
// comment answers NOT_FOUND.
func EditComment(ctx context.Context, c *ent.Client, id pulid.ID, body string) (*ent.Comment, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, apperr.Invalid("body", "Write something to comment.")
	}
	return c.Comment.UpdateOneID(id).SetBody(body).Save(ctx)
}
