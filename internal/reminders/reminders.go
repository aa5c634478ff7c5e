package reminders

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/guardianship"
	"plp/ent/notification"
	"plp/ent/reflection"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/school"
	"plp/ent/student"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// Options tune a run.
type Options struct {
	// BaseURL is where people reach PLP, for links in the mail.
	BaseURL string
	// DryRun counts what would be written and writes nothing.
	DryRun bool
}

// Result counts what a run did (or, dry, would do).
type Result struct {
	Schools    int // schools looked at
	Considered int // people looked at
	Written    int // messages written to the outbox
	Duplicates int // already in the outbox for this period
	OptedOut   int // not written: the person unsubscribed
}

func (r Result) String() string {
	return fmt.Sprintf("%d school(s), %d considered, %d written, %d already sent this period, %d unsubscribed",
		r.Schools, r.Considered, r.Written, r.Duplicates, r.OptedOut)
}

// chunk is how many students one query reads.
const chunk = 500

// eachSchool calls fn for every school, with its location and local time.
func eachSchool(ctx context.Context, client *ent.Client, fn func(s *ent.School, local time.Time) error) (int, error) {
	schools, err := client.School.Query().Order(ent.Asc(school.FieldID)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("list schools: %w", err)
	}
	now := clock.Now(ctx)
	for _, s := range schools {
		loc, err := time.LoadLocation(s.Timezone)
		if err != nil {
			return 0, fmt.Errorf("school %s time zone %q: %w", s.ID, s.Timezone, err)
		}
		if err := fn(s, now.In(loc)); err != nil {
			return 0, fmt.Errorf("school %s: %w", s.ID, err)
		}
	}
	return len(schools), nil
}

// write enqueues m, or in a dry run checks whether it would be written.
func write(ctx context.Context, client *ent.Client, m outbox.Message, dry bool, r *Result) error {
	if dry {
		exists, err := client.Notification.Query().Where(notification.IdempotencyKey(m.Key)).Exist(ctx)
		if err != nil {
			return err
		}
		if exists {
			r.Duplicates++
		} else {
			r.Written++
		}
		return nil
	}
	got, err := outbox.Enqueue(ctx, client, m)
	if err != nil {
		return err
	}
	switch got {
	case outbox.Written:
		r.Written++
	case outbox.Duplicate:
		r.Duplicates++
	case outbox.OptedOut:
		r.OptedOut++
	}
	return nil
}

// writeAll enqueues ms in one batch (outbox.EnqueueBatch), or in a dry run
// checks each as write does.
func writeAll(ctx context.Context, client *ent.Client, ms []outbox.Message, dry bool, r *Result) error {
	if dry {
		for _, m := range ms {
			if err := write(ctx, client, m, true, r); err != nil {
				return err
			}
		}
		return nil
	}
	got, err := outbox.EnqueueBatch(ctx, client, ms)
	if err != nil {
		return err
	}
	var t outbox.Tally
	t.Add(got)
	r.Written += t.Written
	r.Duplicates += t.Duplicates
	r.OptedOut += t.OptedOut
	return nil
}

// notBefore is when mail written at local may go: now, or the end of the
// school's quiet hours.
func notBefore(s *ent.School, local time.Time) (time.Time, error) {
	until, err := QuietUntil(local, s.QuietHoursStart, s.QuietHoursEnd)
	if err != nil || until.IsZero() {
		return local.UTC(), err
	}
	return until.UTC(), nil
}

// ReflectionReminders prompts every student with an account who has not
// reflected within their school's cadence (counting from when they joined,
// if they never have). Periods are blocks of cadence days in the school's
// time zone; the key (reflection_reminder, account, period) makes it one
// prompt per student per period however often this runs. Mail written in
// quiet hours waits for their end. It runs as the system viewer.
func ReflectionReminders(ctx context.Context, client *ent.Client, opts Options) (Result, error) {
	ctx = viewer.SystemContext(ctx)
	var r Result
	n, err := eachSchool(ctx, client, func(s *ent.School, local time.Time) error {
		cadence := s.ReminderCadenceDays
		period := dayNumber(local) / cadence
		since := clock.Now(ctx).Add(-time.Duration(cadence) * 24 * time.Hour)
		sendAt, err := notBefore(s, local)
		if err != nil {
			return err
		}
		after := pulid.ID("")
		for {
			students, err := client.Student.Query().
				Where(student.SchoolID(s.ID), student.AccountIDNotNil(), student.IDGT(after)).
				Order(ent.Asc(student.FieldID)).Limit(chunk).
				WithAccount().
				All(ctx)
			if err != nil {
				return fmt.Errorf("list students: %w", err)
			}
			if len(students) == 0 {
				return nil
			}
			after = students[len(students)-1].ID
			ids := make([]pulid.ID, len(students))
			for i, st := range students {
				ids[i] = st.ID
			}
			// One query per chunk each: who reflected lately, and the
			// active goals.
			recent, err := client.Reflection.Query().
				Where(reflection.StudentIDIn(ids...), reflection.CreatedAtGTE(since)).
				Select(reflection.FieldStudentID).Strings(ctx)
			if err != nil {
				return fmt.Errorf("recent reflections: %w", err)
			}
			reflected := map[string]bool{}
			for _, id := range recent {
				reflected[id] = true
			}
			goals, err := client.Goal.Query().
				Where(goal.StudentIDIn(ids...), goal.StatusEQ(goal.StatusActive)).
				Order(ent.Asc(goal.FieldCreatedAt), ent.Asc(goal.FieldID)).
				All(ctx)
			if err != nil {
				return fmt.Errorf("active goals: %w", err)
			}
			titles := map[pulid.ID][]string{}
			for _, g := range goals {
				titles[g.StudentID] = append(titles[g.StudentID], g.Title)
			}
			var due []*ent.Student
			for _, st := range students {
				acc := st.Edges.Account
				if acc == nil || acc.Disabled || reflected[string(st.ID)] || st.CreatedAt.After(since) {
					continue
				}
				due = append(due, st)
			}
			last, err := lastReflections(ctx, client, due)
			if err != nil {
				return err
			}
			var batch []outbox.Message
			for _, st := range due {
				acc := st.Edges.Account
				// The real gap: since the last reflection, or since the
				// student joined when there is none.
				from, ok := last[string(st.ID)]
				if !ok {
					from = st.CreatedAt
				}
				days := int(clock.Now(ctx).Sub(from) / (24 * time.Hour))
				r.Considered++
				prompt, goalTitle := Prompt(acc.PreferredLanguage, string(st.ID), period, titles[st.ID])
				batch = append(batch, outbox.Message{
					SchoolID: s.ID, RecipientID: acc.ID,
					Kind:      outbox.KindReflectionReminder,
					Key:       outbox.Key(outbox.KindReflectionReminder, string(acc.ID), fmt.Sprintf("%dd%d", cadence, period)),
					NotBefore: sendAt,
					Data: map[string]any{
						"student": st.PreferredName, "prompt": prompt, "goal": goalTitle,
						"days": days, "never": !ok, "link": strings.TrimRight(opts.BaseURL, "/") + "/",
					},
				})
			}
			// The chunk's prompts go in together: a fixed number of
			// statements per 500 students, not three per student.
			if err := writeAll(ctx, client, batch, opts.DryRun, &r); err != nil {
				return fmt.Errorf("remind students after %s: %w", after, err)
			}
		}
	})
	r.Schools = n
	return r, err
}

// FamilyDigest sends each guardian who receives mail a digest of what their
// child added to the plan in the week before the latest Friday (school
// time): goals, evidence and reflections, as the guardian is allowed to see
// them. The key (family_digest, guardian, student, Friday) makes it one per
// week; a run missed on Friday catches up later in the week. A week with
// nothing new sends nothing.
func FamilyDigest(ctx context.Context, client *ent.Client, opts Options) (Result, error) {
	sys := viewer.SystemContext(ctx)
	var r Result
	n, err := eachSchool(sys, client, func(s *ent.School, local time.Time) error {
		friday := lastFriday(local)
		from, to := friday.AddDate(0, 0, -7).UTC(), friday.UTC()
		sendAt, err := notBefore(s, local)
		if err != nil {
			return err
		}
		after := pulid.ID("")
		for {
			gs, err := client.Guardianship.Query().
				Where(guardianship.SchoolID(s.ID), guardianship.ReceivesMail(true), guardianship.IDGT(after),
					rule.CurrentGuardianship(sys)).
				Order(ent.Asc(guardianship.FieldID)).Limit(chunk).
				WithStudent().
				WithFamily(func(q *ent.AccountQuery) { q.WithMemberships() }).
				All(sys)
			if err != nil {
				return fmt.Errorf("list guardians: %w", err)
			}
			if len(gs) == 0 {
				return nil
			}
			after = gs[len(gs)-1].ID
			for _, g := range gs {
				fam := g.Edges.Family
				if fam == nil || fam.Disabled {
					continue
				}
				r.Considered++
				items, err := digestItems(asAccount(sys, fam), client, g.StudentID, from, to)
				if err != nil {
					return fmt.Errorf("digest for %s: %w", g.ID, err)
				}
				if len(items) == 0 {
					continue
				}
				m := outbox.Message{
					SchoolID: s.ID, RecipientID: fam.ID,
					Kind:      outbox.KindFamilyDigest,
					Key:       outbox.Key(outbox.KindFamilyDigest, string(fam.ID), string(g.StudentID), friday.Format("2006-01-02")),
					NotBefore: sendAt,
					Data: map[string]any{
						"student": g.Edges.Student.PreferredName, "items": items,
						"from": from.Format(time.RFC3339), "to": to.Format(time.RFC3339),
						"link": strings.TrimRight(opts.BaseURL, "/") + "/",
					},
				}
				if err := write(sys, client, m, opts.DryRun, &r); err != nil {
					return fmt.Errorf("digest %s: %w", g.ID, err)
				}
			}
		}
	})
	r.Schools = n
	return r, err
}

// asAccount returns ctx reading as the account: the digest shows a
// guardian exactly what the privacy rules let them see in the app.
func asAccount(ctx context.Context, acc *ent.Account) context.Context {
	v := &viewer.Viewer{AccountID: acc.ID}
	for _, m := range acc.Edges.Memberships {
		v.Memberships = append(v.Memberships, viewer.Membership{SchoolID: m.SchoolID, Role: viewer.Role(m.Role)})
	}
	return viewer.NewContext(ctx, v)
}

// digestItems lists what the student added in [from, to), as the viewer on
// ctx may see it, oldest first.
func digestItems(ctx context.Context, client *ent.Client, studentID pulid.ID, from, to time.Time) ([]map[string]any, error) {
	type item struct {
		at          time.Time
		kind, title string
	}
	var items []item
	goals, err := client.Goal.Query().
		Where(goal.StudentID(studentID), goal.CreatedAtGTE(from), goal.CreatedAtLT(to)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("goals: %w", err)
	}
	for _, g := range goals {
		items = append(items, item{g.CreatedAt, "goal", g.Title})
	}
	evs, err := client.Evidence.Query().
		Where(evidence.StudentID(studentID), evidence.CreatedAtGTE(from), evidence.CreatedAtLT(to)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	for _, e := range evs {
		items = append(items, item{e.CreatedAt, "evidence", e.Title})
	}
	refs, err := client.Reflection.Query().
		Where(reflection.StudentID(studentID), reflection.CreatedAtGTE(from), reflection.CreatedAtLT(to)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reflections: %w", err)
	}
	for _, rf := range refs {
		title := rf.Prompt
		if title == "" {
			title = firstWords(rf.Body, 12)
		}
		items = append(items, item{rf.CreatedAt, "reflection", title})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].at.Before(items[j].at) })
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = map[string]any{"kind": it.kind, "title": it.title}
	}
	return out, nil
}

func firstWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + " …"
}

// lastReflections returns when each student last reflected (absent: never),
// in one query.
func lastReflections(ctx context.Context, client *ent.Client, students []*ent.Student) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(students) == 0 {
		return out, nil
	}
	ids := make([]pulid.ID, len(students))
	for i, st := range students {
		ids[i] = st.ID
	}
	var rows []struct {
		StudentID string  `json:"student_id"`
		Last      anyTime `json:"last"`
	}
	if err := client.Reflection.Query().Where(reflection.StudentIDIn(ids...)).
		GroupBy(reflection.FieldStudentID).Aggregate(ent.As(ent.Max(reflection.FieldCreatedAt), "last")).
		Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("last reflections: %w", err)
	}
	for _, r := range rows {
		out[r.StudentID] = time.Time(r.Last)
	}
	return out, nil
}

// anyTime scans a MAX() of a time column: PostgreSQL gives a time, SQLite
// the stored text (an aggregate loses the column's type).
type anyTime time.Time

func (a *anyTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*a = anyTime(x)
		return nil
	case []byte:
		return a.Scan(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				*a = anyTime(t)
				return nil
			}
		}
		return fmt.Errorf("read time %q", x)
	case nil:
		return nil
	}
	return fmt.Errorf("read time from %T", v)
}
