package sharing

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/auditevent"
	"plp/ent/collection"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/milestone"
	"plp/ent/reflection"
	"plp/ent/sharelink"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/audit"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// NameWithheld stands for the student's name when the student opted out of
// the directory.
const NameWithheld = "Name withheld"

// View is what a share link shows: one collection, read-only, and nothing
// else of the student's plan. It is the JSON of GET /shared/{token}.
type View struct {
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Audience    string           `json:"audience"`
	Student     string           `json:"student"`
	Evidence    []EvidenceView   `json:"evidence"`
	Goals       []GoalView       `json:"goals"`
	Reflections []ReflectionView `json:"reflections"`
	Link        LinkView         `json:"link"`
}

// EndsAt is when the link stops working; nil until revoked.
func (v *View) EndsAt() *time.Time { return v.Link.EndsAt }

// LinkView says until when the link works.
type LinkView struct {
	EndsAt *time.Time `json:"endsAt"`
}

// EvidenceView is a piece of evidence in a shared collection. Its file,
// if it has one, opens at FileURL: the link's path, /files/ and the
// evidence's place in the collection (1 for the first), so the view names
// no internal ID.
type EvidenceView struct {
	Title       string    `json:"title"`
	Kind        string    `json:"kind"`
	Description string    `json:"description,omitempty"`
	URL         string    `json:"url,omitempty"`
	Body        string    `json:"body,omitempty"`
	OccurredOn  time.Time `json:"occurredOn"`
	FileURL     string    `json:"fileURL,omitempty"`
	ContentType string    `json:"contentType,omitempty"`
}

// GoalView is a goal in a shared collection.
type GoalView struct {
	Title      string          `json:"title"`
	Area       string          `json:"area"`
	AreaName   string          `json:"areaName,omitempty"`
	Status     string          `json:"status"`
	Progress   int             `json:"progress"`
	Milestones []MilestoneView `json:"milestones"`
}

// MilestoneView is a milestone of a shared goal.
type MilestoneView struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// ReflectionView is a reflection in a shared collection.
type ReflectionView struct {
	Prompt    string    `json:"prompt,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
}

// ErrNotFound is the one answer to a token that opens nothing: unknown,
// revoked, not yet started or ended alike, so the answer reveals nothing
// about which.
var ErrNotFound = apperr.New(apperr.NotFound, "This link does not exist or no longer works.")

// ViewByToken shows the collection a secret link opens, to anyone holding
// it: the link is looked up by the token's hash as the system, and the
// collection read as the system too (the link is the authorization). Each
// view is recorded in the collection's school's audit trail (READ of the
// Collection, no actor) with the Recorder on ctx.
func ViewByToken(ctx context.Context, c *ent.Client, token string) (*View, error) {
	link, err := openLink(ctx, c, token)
	if err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	col, err := c.Collection.Query().Where(collection.ID(link.CollectionID)).
		WithStudent(func(q *ent.StudentQuery) {
			q.Select(student.FieldPreferredName, student.FieldDirectoryOptOut)
		}).
		WithEvidence(func(q *ent.EvidenceQuery) {
			q.Order(ent.Asc(evidence.FieldOccurredOn), ent.Asc(evidence.FieldID))
		}).
		WithGoals(func(q *ent.GoalQuery) {
			q.Order(ent.Asc(goal.FieldCreatedAt), ent.Asc(goal.FieldID)).
				WithMilestones(func(q *ent.MilestoneQuery) {
					q.Order(ent.Asc(milestone.FieldPosition), ent.Asc(milestone.FieldID))
				})
		}).
		WithReflections(func(q *ent.ReflectionQuery) {
			q.Order(ent.Asc(reflection.FieldCreatedAt), ent.Asc(reflection.FieldID))
		}).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	v := &View{
		Title:       col.Title,
		Description: col.Description,
		Audience:    col.Audience,
		Student:     NameWithheld,
		Evidence:    []EvidenceView{},
		Goals:       []GoalView{},
		Reflections: []ReflectionView{},
		Link:        LinkView{EndsAt: link.EndsAt},
	}
	if s := col.Edges.Student; s != nil && !s.DirectoryOptOut {
		v.Student = s.PreferredName
	}
	for i, e := range col.Edges.Evidence {
		ev := EvidenceView{Title: e.Title, Kind: e.Kind.String(), Description: e.Description, OccurredOn: e.OccurredOn.UTC()}
		switch e.Kind {
		case evidence.KindLink:
			ev.URL = e.URL
		case evidence.KindText:
			ev.Body = e.Body
		}
		if e.BlobKey != "" {
			ev.FileURL = fmt.Sprintf("%s%s/files/%d", PathPrefix, token, i+1)
			ev.ContentType = e.ContentType
		}
		v.Evidence = append(v.Evidence, ev)
	}
	for _, g := range col.Edges.Goals {
		gv := GoalView{Title: g.Title, Area: g.Area.String(), AreaName: g.AreaName, Status: g.Status.String(), Progress: g.Progress, Milestones: []MilestoneView{}}
		for _, m := range g.Edges.Milestones {
			gv.Milestones = append(gv.Milestones, MilestoneView{Title: m.Title, Done: m.DoneAt != nil})
		}
		v.Goals = append(v.Goals, gv)
	}
	for _, r := range col.Edges.Reflections {
		v.Reflections = append(v.Reflections, ReflectionView{Prompt: r.Prompt, Body: r.Body, CreatedAt: r.CreatedAt.UTC()})
	}
	audit.Record(ctx, audit.Event{
		SchoolID:    col.SchoolID,
		StudentID:   col.StudentID,
		Action:      auditevent.ActionRead,
		SubjectType: "Collection",
		SubjectID:   string(col.ID),
		Detail:      "share link view",
	})
	return v, nil
}

// openLink finds the link a token opens, as the system: an ill-formed,
// unknown, revoked, not yet started or ended token is ErrNotFound alike.
func openLink(ctx context.Context, c *ent.Client, token string) (*ent.ShareLink, error) {
	if !wellFormed(token) {
		return nil, ErrNotFound
	}
	link, err := c.ShareLink.Query().Where(sharelink.TokenHash(hashToken(token))).Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !Open(link, clock.Now(ctx)) {
		return nil, ErrNotFound
	}
	return link, nil
}

// SharedFile is the stored file of one piece of evidence of a shared
// collection.
type SharedFile struct {
	Key, ContentType, Title string
}

// FileByToken is the file of the n-th piece of evidence (1 for the first,
// in the order of View.Evidence) of the collection a link opens, to anyone
// holding the link, while it opens. Each is recorded in the audit trail
// (READ of the Evidence, no actor).
//
// Errors: ErrNotFound for a link that opens nothing, and the same for a
// place that holds no evidence or evidence without a file.
func FileByToken(ctx context.Context, c *ent.Client, token string, n int) (*SharedFile, error) {
	link, err := openLink(ctx, c, token)
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, ErrNotFound
	}
	sys := viewer.SystemContext(ctx)
	evs, err := c.Evidence.Query().Where(evidence.HasCollectionsWith(collection.ID(link.CollectionID))).
		Order(ent.Asc(evidence.FieldOccurredOn), ent.Asc(evidence.FieldID)).
		Offset(n-1).Limit(1).
		Select(evidence.FieldID, evidence.FieldSchoolID, evidence.FieldStudentID, evidence.FieldTitle,
			evidence.FieldBlobKey, evidence.FieldContentType).
		All(sys)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 || evs[0].BlobKey == "" {
		return nil, ErrNotFound
	}
	e := evs[0]
	audit.Record(ctx, audit.Event{
		SchoolID:    e.SchoolID,
		StudentID:   e.StudentID,
		Action:      auditevent.ActionRead,
		SubjectType: "Evidence",
		SubjectID:   string(e.ID),
		Detail:      "share link file",
	})
	return &SharedFile{Key: e.BlobKey, ContentType: e.ContentType, Title: e.Title}, nil
}
