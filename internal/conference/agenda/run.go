package agenda

import (
	"context"
	"fmt"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/notification"
	"plp/ent/schema/pulid"
	"plp/ent/slot"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// The defaults of Options.
const (
	DefaultDays       = 7
	DefaultSendBefore = 48 * time.Hour
)

// Options tune Run.
type Options struct {
	// Days before a conference its agenda is built (zero: DefaultDays).
	Days int
	// SendBefore is how long before the conference the agenda is mailed
	// (zero: DefaultSendBefore): until then the student can arrange it.
	SendBefore time.Duration
	BaseURL    string
	DryRun     bool
}

// Result counts what Run did.
type Result struct {
	Conferences int // starting within Days
	Built       int // agendas written or changed
	Unchanged   int // rebuilt to the same agenda
	Mailed      int // messages written to the outbox
}

func (r Result) String() string {
	return fmt.Sprintf("%d conference(s) ahead, %d agenda(s) built or changed, %d unchanged, %d message(s) written",
		r.Conferences, r.Built, r.Unchanged, r.Mailed)
}

// batch is how many conferences Run reads and builds at once: 500
// conferences' IDs, and the goals and evidence IDs under them, stay far
// under SQLite's 32,766 bind parameters.
const batch = 500

// Run builds the agenda of every booked or confirmed conference starting
// within Days, keeping the student's arrangement, and mails it to the
// attendees once the conference is SendBefore away. Rebuilding to the same
// agenda changes nothing and mails nothing (the key holds the agenda's
// digest); an agenda that changes after it was mailed is mailed again as an
// update. It runs as the system viewer.
//
// Conferences go in batches of 500: each batch costs a fixed number of
// reads (the conferences with their slots, students and attendees; the
// plans, one statement per level) and one transaction writing the agendas
// that changed, one UPDATE each.
func Run(ctx context.Context, c *ent.Client, opts Options) (Result, error) {
	ctx = viewer.SystemContext(ctx)
	days := opts.Days
	if days <= 0 {
		days = DefaultDays
	}
	sendBefore := opts.SendBefore
	if sendBefore <= 0 {
		sendBefore = DefaultSendBefore
	}
	now := clock.Now(ctx).UTC()
	var r Result
	schools := map[pulid.ID]*time.Location{}
	after := pulid.ID("")
	for {
		confs, err := c.Conference.Query().
			Where(conference.StatusIn(conference.StatusBooked, conference.StatusConfirmed), conference.IDGT(after),
				conference.HasSlotWith(slot.StartsAtGT(now), slot.StartsAtLTE(now.AddDate(0, 0, days)))).
			Order(ent.Asc(conference.FieldID)).Limit(batch).
			WithSlot().WithStudent().WithAttendees().
			All(ctx)
		if err != nil {
			return r, fmt.Errorf("conferences ahead: %w", err)
		}
		if len(confs) == 0 {
			return r, nil
		}
		after = confs[len(confs)-1].ID
		if err := runBatch(ctx, c, confs, now, sendBefore, schools, opts, &r); err != nil {
			return r, err
		}
	}
}

// runBatch builds, stores and mails the agendas of one batch.
func runBatch(ctx context.Context, c *ent.Client, confs []*ent.Conference, now time.Time, sendBefore time.Duration,
	schools map[pulid.ID]*time.Location, opts Options, r *Result) error {
	p, err := loadPlans(ctx, c, confs)
	if err != nil {
		return err
	}
	agendas := make([]*Agenda, len(confs))
	var changed []int
	for i, conf := range confs {
		r.Conferences++
		prev, err := Parse(conf.Agenda)
		if err != nil {
			return fmt.Errorf("conference %s: %w", conf.ID, err)
		}
		a := &Agenda{BuiltAt: now, Items: Merge(p.build(conf), prev)}
		if prev != nil {
			a.Arranged = prev.Arranged
		}
		if prev == nil || !sameItems(prev.Items, a.Items) {
			r.Built++
			changed = append(changed, i)
		} else {
			r.Unchanged++
			a = prev
		}
		agendas[i] = a
	}
	if len(changed) > 0 && !opts.DryRun {
		if err := store(ctx, c, confs, agendas, changed); err != nil {
			return err
		}
	}
	for i, conf := range confs {
		if now.Before(conf.Edges.Slot.StartsAt.Add(-sendBefore)) {
			continue
		}
		n, err := mail(ctx, c, conf, agendas[i], schools, opts)
		if err != nil {
			return err
		}
		r.Mailed += n
	}
	return nil
}

// store writes the changed agendas of a batch in one transaction.
func store(ctx context.Context, c *ent.Client, confs []*ent.Conference, agendas []*Agenda, changed []int) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("store agendas: %w", err)
	}
	for _, i := range changed {
		if err := tx.Conference.UpdateOneID(confs[i].ID).SetAgenda(agendas[i].JSON()).Exec(ctx); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("store agenda of conference %s: %w", confs[i].ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store agendas: %w", err)
	}
	return nil
}

// mail writes the agenda to the outbox for each attendee, as an update if
// an earlier version went out.
func mail(ctx context.Context, c *ent.Client, conf *ent.Conference, a *Agenda, schools map[pulid.ID]*time.Location, opts Options) (int, error) {
	prefix := outbox.Key(outbox.KindConferenceAgenda, string(conf.ID)) + ":"
	sentBefore, err := c.Notification.Query().
		Where(notification.IdempotencyKeyHasPrefix(prefix)).Exist(ctx)
	if err != nil {
		return 0, fmt.Errorf("agenda mail of conference %s: %w", conf.ID, err)
	}
	digest := a.Digest()
	kind := outbox.KindConferenceAgenda
	if sentBefore {
		exists, err := c.Notification.Query().
			Where(notification.IdempotencyKeyHasPrefix(prefix + digest + ":")).Exist(ctx)
		if err != nil {
			return 0, err
		}
		if exists {
			return 0, nil // this version went out already
		}
		kind = outbox.KindConferenceAgendaUpdate
	}
	loc := schools[conf.SchoolID]
	if loc == nil {
		school, err := c.School.Get(ctx, conf.SchoolID)
		if err != nil {
			return 0, err
		}
		if loc, err = time.LoadLocation(school.Timezone); err != nil {
			return 0, err
		}
		schools[conf.SchoolID] = loc
	}
	written := 0
	for _, at := range conf.Edges.Attendees {
		if at.Disabled {
			continue
		}
		m := outbox.Message{
			SchoolID: conf.SchoolID, RecipientID: at.ID, Kind: kind,
			Key: prefix + digest + ":" + string(at.ID),
			Data: map[string]any{
				"studentName": conf.Edges.Student.PreferredName,
				"startsAt":    conf.Edges.Slot.StartsAt.UTC().Format(time.RFC3339),
				"timezone":    loc.String(),
				"items":       a.mailItems(),
				"link":        strings.TrimRight(opts.BaseURL, "/") + "/",
			},
		}
		if opts.DryRun {
			written++
			continue
		}
		got, err := outbox.Enqueue(ctx, c, m)
		if err != nil {
			return written, fmt.Errorf("mail agenda of conference %s: %w", conf.ID, err)
		}
		if got == outbox.Written {
			written++
		}
	}
	return written, nil
}

// Arrange reorders and hides items of a conference's agenda. The student
// whose conference it is may arrange it (they lead it); otherwise the
// conference's privacy rules decide (staff may, families may not). The
// agenda must have been built. Errors: NOT_FOUND for a conference the
// viewer cannot see, CONFLICT before the agenda is built, BAD_USER_INPUT
// for an unknown item, FORBIDDEN from the privacy rules.
func Arrange(ctx context.Context, c *ent.Client, id pulid.ID, order, hidden []string) (*ent.Conference, error) {
	conf, err := c.Conference.Query().Where(conference.ID(id)).WithStudent().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "No conference with this ID.")
	}
	if err != nil {
		return nil, fmt.Errorf("arrange agenda of %s: %w", id, err)
	}
	a, err := Parse(conf.Agenda)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, apperr.New(apperr.Conflict, "The agenda is not built yet: it is built a week before the conference.")
	}
	if err := a.Arrange(order, hidden); err != nil {
		return nil, apperr.Invalid("order", "%s.", err.Error())
	}
	write := ctx
	if v := viewer.FromContext(ctx); v != nil && conf.Edges.Student.AccountID != nil && *conf.Edges.Student.AccountID == v.AccountID {
		write = viewer.SystemContext(ctx) // the student leads the conference: the agenda is theirs
	}
	return c.Conference.UpdateOneID(id).SetAgenda(a.JSON()).Save(write)
}
