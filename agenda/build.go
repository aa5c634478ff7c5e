package agenda

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/endorsement"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/milestone"
	"plp/ent/reflection"
	"plp/ent/selfassessment"
	"plp/ent/slot"
)

// familyVisible are the visibilities a family may see: the agenda goes to
// the family, so nothing more private goes in it.
var (
	goalsShown    = []goal.Visibility{goal.VisibilityFamily, goal.VisibilityPartners}
	evidenceShown = []evidence.Visibility{evidence.VisibilityFamily, evidence.VisibilityPartners}
)

// bestEvidence is how many pieces of evidence a goal shows.
const bestEvidence = 3

// Build computes the items of conf's agenda in their default order. ctx
// must be the system viewer's (the job's): it reads the whole plan, and
// keeps to what the family may see.
func Build(ctx context.Context, c *ent.Client, conf *ent.Conference) ([]Item, error) {
	stu, err := c.Student.Get(ctx, conf.StudentID)
	if err != nil {
		return nil, fmt.Errorf("student of conference %s: %w", conf.ID, err)
	}
	name := stu.PreferredName
	items := []Item{{Key: "welcome", Kind: KindWelcome, Title: "Welcome and introductions",
		Lines: []string{fmt.Sprintf("%s welcomes everyone and introduces who is here.", name)}}}

	identity := Item{Key: "identity", Kind: KindIdentity, Title: "Who I am"}
	if s := strings.TrimSpace(stu.IdentityStatement); s != "" {
		identity.Lines = append(identity.Lines, s)
	}
	if len(stu.Strengths) > 0 {
		identity.Lines = append(identity.Lines, "Strengths: "+strings.Join(stu.Strengths, ", "))
	}
	if len(stu.Interests) > 0 {
		identity.Lines = append(identity.Lines, "Interests: "+strings.Join(stu.Interests, ", "))
	}
	if len(identity.Lines) > 0 {
		items = append(items, identity)
	}

	goals, err := c.Goal.Query().
		Where(goal.StudentID(stu.ID), goal.StatusEQ(goal.StatusActive), goal.VisibilityIn(goalsShown...)).
		Order(ent.Asc(goal.FieldCreatedAt), ent.Asc(goal.FieldID)).
		WithMilestones(func(q *ent.MilestoneQuery) { q.Order(ent.Asc(milestone.FieldPosition), ent.Asc(milestone.FieldID)) }).
		WithEvidence(func(q *ent.EvidenceQuery) {
			q.Where(evidence.VisibilityIn(evidenceShown...)).
				WithEndorsements(func(q *ent.EndorsementQuery) { q.Where(endorsement.RevokedAtIsNil()) })
		}).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("goals: %w", err)
	}
	for _, g := range goals {
		it := Item{Key: "goal:" + string(g.ID), Kind: KindGoal, Title: "Goal: " + g.Title,
			Lines: []string{fmt.Sprintf("Progress: %d%%", g.Progress)}}
		for _, m := range g.Edges.Milestones {
			mark := "[ ]"
			if m.DoneAt != nil {
				mark = "[x]"
			}
			it.Lines = append(it.Lines, fmt.Sprintf("%s %s", mark, m.Title))
		}
		ev := slices.Clone(g.Edges.Evidence)
		// Endorsed first, then the most recent.
		sort.SliceStable(ev, func(i, j int) bool {
			ei, ej := len(ev[i].Edges.Endorsements) > 0, len(ev[j].Edges.Endorsements) > 0
			if ei != ej {
				return ei
			}
			if !ev[i].OccurredOn.Equal(ev[j].OccurredOn) {
				return ev[i].OccurredOn.After(ev[j].OccurredOn)
			}
			return ev[i].ID < ev[j].ID
		})
		for _, e := range ev[:min(len(ev), bestEvidence)] {
			line := "Evidence: " + e.Title
			if len(e.Edges.Endorsements) > 0 {
				line += " (endorsed)"
			}
			it.Lines = append(it.Lines, line)
		}
		items = append(items, it)
	}

	growth, err := skillGrowth(ctx, c, conf)
	if err != nil {
		return nil, err
	}
	if len(growth) > 0 {
		items = append(items, Item{Key: "growth", Kind: KindGrowth, Title: "How my skills have grown", Lines: growth})
	}

	refs, err := c.Reflection.Query().Where(reflection.ConferenceID(conf.ID)).
		Order(ent.Asc(reflection.FieldCreatedAt), ent.Asc(reflection.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reflections: %w", err)
	}
	if len(refs) > 0 {
		it := Item{Key: "reflections", Kind: KindReflection, Title: "Reflections I chose"}
		for _, r := range refs {
			it.Lines = append(it.Lines, strings.TrimSpace(r.Body))
		}
		items = append(items, it)
	}

	if qs := familyQuestions(conf); len(qs) > 0 {
		items = append(items, Item{Key: "questions", Kind: KindQuestions, Title: "Questions from my family", Lines: qs})
	}

	next := Item{Key: "next-steps", Kind: KindNextSteps, Title: "Next steps to agree"}
	if s := strings.TrimSpace(conf.NextSteps); s != "" {
		next.Lines = strings.Split(s, "\n")
	} else {
		next.Lines = []string{"Together we agree on what comes next; agreed steps become goals."}
	}
	return append(items, next), nil
}

// skillGrowth compares the student's latest self-assessment of each skill
// with the latest one before their previous conference (or the first one).
func skillGrowth(ctx context.Context, c *ent.Client, conf *ent.Conference) ([]string, error) {
	var since time.Time
	prev, err := c.Conference.Query().
		Where(conference.StudentID(conf.StudentID), conference.IDNEQ(conf.ID), conference.StatusEQ(conference.StatusCompleted)).
		QuerySlot().Order(ent.Desc(slot.FieldStartsAt)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("previous conference: %w", err)
	}
	if prev != nil {
		since = prev.StartsAt
	}
	all, err := c.SelfAssessment.Query().
		Where(selfassessment.StudentID(conf.StudentID), selfassessment.AssessorEQ(selfassessment.AssessorStudent)).
		Order(ent.Asc(selfassessment.FieldTakenAt), ent.Asc(selfassessment.FieldID)).
		WithSkill().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("self-assessments: %w", err)
	}
	type span struct {
		name     string
		from, to string
	}
	spans := map[string]*span{}
	var order []string
	for _, sa := range all {
		id := string(sa.SkillID)
		sp, ok := spans[id]
		if !ok {
			name := id
			if sa.Edges.Skill != nil {
				name = sa.Edges.Skill.Name
			}
			sp = &span{name: name, from: string(sa.Level)}
			spans[id] = sp
			order = append(order, id)
		}
		if !since.IsZero() && !sa.TakenAt.After(since) {
			sp.from = string(sa.Level)
		}
		sp.to = string(sa.Level)
	}
	var lines []string
	for _, id := range order {
		sp := spans[id]
		if sp.from == sp.to {
			lines = append(lines, fmt.Sprintf("%s: %s", sp.name, strings.ToLower(sp.to)))
		} else {
			lines = append(lines, fmt.Sprintf("%s: %s → %s", sp.name, strings.ToLower(sp.from), strings.ToLower(sp.to)))
		}
	}
	return lines, nil
}
