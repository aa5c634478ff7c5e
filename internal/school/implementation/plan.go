package implementation

import (
	"context"
	"fmt"
	"slices"
	"time"

	"plp/ent"
	"plp/ent/actionitem"
	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
	"plp/internal/reminders"
)

// Suggestions: how many action items one survey suggests by default, and
// at most.
const (
	DefaultSuggestions = 5
	MaxSuggestions     = 20
)

// SuggestActions adds action items to the school's plan for the weakest
// steps of a survey: rated below established, weakest first (framework
// order breaks ties), skipping steps that already have an open item, at most
// limit of them. Each item is titled after its step and notes how the team
// rated it; the step's resources come with it (ActionItem.step.resources).
// The PLP team may do this; it returns the items it added.
func SuggestActions(ctx context.Context, c *ent.Client, surveyID pulid.ID, limit int) ([]*ent.ActionItem, error) {
	if limit <= 0 {
		limit = DefaultSuggestions
	}
	if limit > MaxSuggestions {
		return nil, apperr.Invalid("limit", "At most %d action items can be suggested at once.", MaxSuggestions)
	}
	res, err := Result(ctx, c, surveyID)
	if err != nil {
		return nil, err
	}
	open, err := c.ActionItem.Query().
		Where(actionitem.SchoolID(res.Survey.SchoolID), actionitem.StatusNEQ(actionitem.StatusDone)).
		Select(actionitem.FieldStepID).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("read open action items: %w", err)
	}
	var weak []*StepResult
	for _, sr := range res.Steps() {
		if sr.Score != nil && *sr.Score < EstablishedScore && !slices.Contains(open, string(sr.Step.ID)) {
			weak = append(weak, sr)
		}
	}
	// Stable: framework order stays among equal scores.
	slices.SortStableFunc(weak, func(a, b *StepResult) int {
		switch {
		case *a.Score < *b.Score:
			return -1
		case *a.Score > *b.Score:
			return 1
		}
		return 0
	})
	if len(weak) > limit {
		weak = weak[:limit]
	}
	creates := make([]*ent.ActionItemCreate, len(weak))
	for i, sr := range weak {
		notes := fmt.Sprintf("Suggested by the survey %q: the team rated this step %s (%.1f of 3, from %d answers).",
			res.Survey.Title, LevelOf(*sr.Score), *sr.Score, sr.Responses)
		creates[i] = c.ActionItem.Create().SetSchoolID(res.Survey.SchoolID).SetStepID(sr.Step.ID).
			SetSurveyID(res.Survey.ID).SetTitle(sr.Step.Title).SetNotes(notes)
	}
	if len(creates) == 0 {
		return nil, nil
	}
	items, err := c.ActionItem.CreateBulk(creates...).Save(ctx)
	if err != nil {
		return nil, err
	}
	// The steps (with their resources) are loaded already: no statement
	// per item when the client asks for them.
	for i, it := range items {
		it.Edges.Step = weak[i].Step
	}
	return items, nil
}

// PlanYear is the action plan's items of one school year.
type PlanYear struct {
	// SchoolYear is like "2026-2027"; empty for items with no due date.
	SchoolYear string
	Items      []*ent.ActionItem
}

// SchoolYear names the school year of a date: years start on 1 August.
func SchoolYear(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	y := t.Year()
	if t.Month() < time.August {
		y--
	}
	return fmt.Sprintf("%d-%d", y, y+1)
}

// Plan is the school's long-term action plan: every item, by the school
// year it falls due in (in the school's time zone), earliest first; items
// with no due date come last. The PLP team reads it; others get no items.
func Plan(ctx context.Context, c *ent.Client, schoolID pulid.ID) ([]*PlanYear, error) {
	sch, err := c.School.Get(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(sch.Timezone)
	if err != nil {
		loc = time.UTC
	}
	items, err := c.ActionItem.Query().Where(actionitem.SchoolID(schoolID)).
		Order(actionitem.ByDue(), ent.Asc(actionitem.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read action items of %s: %w", schoolID, err)
	}
	var years []*PlanYear
	var undated *PlanYear
	for _, it := range items {
		if it.Due == nil {
			if undated == nil {
				undated = &PlanYear{}
			}
			undated.Items = append(undated.Items, it)
			continue
		}
		y := SchoolYear(*it.Due, loc)
		if len(years) == 0 || years[len(years)-1].SchoolYear != y {
			years = append(years, &PlanYear{SchoolYear: y})
		}
		years[len(years)-1].Items = append(years[len(years)-1].Items, it)
	}
	if undated != nil {
		years = append(years, undated)
	}
	return years, nil
}

// Reminders tells what RemindDue did (or, in a dry run, would do).
type Reminders struct {
	Due, Written, Duplicates, OptedOut int
}

func (r Reminders) String() string {
	return fmt.Sprintf("%d items due, %d reminders written, %d already written, %d opted out", r.Due, r.Written, r.Duplicates, r.OptedOut)
}

// DefaultReminderWindow is how far ahead RemindDue looks when given no
// window.
const DefaultReminderWindow = 7 * 24 * time.Hour

// RemindDue writes one outbox notification to the owner of each open action
// item falling due within the window (zero: DefaultReminderWindow; overdue
// ones included), across all schools, to be sent after the school's quiet
// hours. The idempotency key is
// the item and its due date, so running it again, or on a second replica,
// adds nothing, and moving the due date brings a new reminder. It runs as
// the system (the action-item-reminders job); a dry run writes nothing.
func RemindDue(ctx context.Context, c *ent.Client, window time.Duration, dryRun bool) (Reminders, error) {
	var r Reminders
	ctx = viewer.SystemContext(ctx)
	now := clock.Now(ctx).UTC()
	if window <= 0 {
		window = DefaultReminderWindow
	}
	items, err := c.ActionItem.Query().
		Where(actionitem.OwnerIDNotNil(), actionitem.StatusNEQ(actionitem.StatusDone), actionitem.DueLTE(now.Add(window))).
		WithStep().Order(ent.Asc(actionitem.FieldID)).All(ctx)
	if err != nil {
		return r, fmt.Errorf("read due action items: %w", err)
	}
	r.Due = len(items)
	if dryRun || len(items) == 0 {
		return r, nil
	}
	var schoolIDs []pulid.ID
	for _, it := range items {
		if !slices.Contains(schoolIDs, it.SchoolID) {
			schoolIDs = append(schoolIDs, it.SchoolID)
		}
	}
	schools, err := c.School.Query().Where(school.IDIn(schoolIDs...)).All(ctx)
	if err != nil {
		return r, fmt.Errorf("read schools: %w", err)
	}
	sendAt := map[pulid.ID]time.Time{}
	zone := map[pulid.ID]string{}
	for _, s := range schools {
		loc, err := time.LoadLocation(s.Timezone)
		if err != nil {
			loc = time.UTC
		}
		zone[s.ID] = loc.String()
		until, err := reminders.QuietUntil(now.In(loc), s.QuietHoursStart, s.QuietHoursEnd)
		if err != nil || until.IsZero() {
			until = now
		}
		sendAt[s.ID] = until.UTC()
	}
	for _, it := range items {
		res, err := outbox.Enqueue(ctx, c, outbox.Message{
			SchoolID: it.SchoolID, RecipientID: *it.OwnerID, Kind: outbox.KindActionItemDue,
			Key:       outbox.Key(outbox.KindActionItemDue, string(it.ID), it.Due.UTC().Format(time.DateOnly)),
			NotBefore: sendAt[it.SchoolID],
			Data: map[string]any{
				"actionItemID": string(it.ID), "title": it.Title, "due": it.Due.UTC().Format(time.RFC3339),
				"timezone": zone[it.SchoolID], "status": string(it.Status), "stepTitle": it.Edges.Step.Title,
			},
		})
		if err != nil {
			return r, fmt.Errorf("remind of action item %s: %w", it.ID, err)
		}
		switch res {
		case outbox.Written:
			r.Written++
		case outbox.Duplicate:
			r.Duplicates++
		case outbox.OptedOut:
			r.OptedOut++
		}
	}
	return r, nil
}
