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
	"plp/ent/schema/pulid"
	"plp/ent/selfassessment"
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
// keeps to what the family may see. Run builds many at once with
// loadPlans; this is the same for one conference.
func Build(ctx context.Context, c *ent.Client, conf *ent.Conference) ([]Item, error) {
	if conf.Edges.Student == nil {
		stu, err := c.Student.Get(ctx, conf.StudentID)
		if err != nil {
			return nil, fmt.Errorf("student of conference %s: %w", conf.ID, err)
		}
		conf.Edges.Student = stu
	}
	p, err := loadPlans(ctx, c, []*ent.Conference{conf})
	if err != nil {
		return nil, err
	}
	return p.build(conf), nil
}

// plans is what the agendas of a batch of conferences are built from,
// read one statement per level for the whole batch (never one per
// conference): a district's 10,000 agendas cost tens of reads, not tens of
// thousands.
type plans struct {
	goals       map[pulid.ID][]*ent.Goal           // by student, oldest first
	assessments map[pulid.ID][]*ent.SelfAssessment // by student, oldest first
	previous    map[pulid.ID][]*ent.Conference     // completed conferences, by student
	reflections map[pulid.ID][]*ent.Reflection     // by conference, oldest first
}

// loadPlans reads the plans of the conferences' students. The batch's IDs
// go into IN lists: callers keep batches under the bind-parameter limits
// (Run's batch of 500 conferences, with the goals and evidence under them).
func loadPlans(ctx context.Context, c *ent.Client, confs []*ent.Conference) (*plans, error) {
	p := &plans{goals: map[pulid.ID][]*ent.Goal{}, assessments: map[pulid.ID][]*ent.SelfAssessment{},
		previous: map[pulid.ID][]*ent.Conference{}, reflections: map[pulid.ID][]*ent.Reflection{}}
	students := make([]pulid.ID, 0, len(confs))
	ids := make([]pulid.ID, 0, len(confs))
	seen := map[pulid.ID]bool{}
	for _, conf := range confs {
		ids = append(ids, conf.ID)
		if !seen[conf.StudentID] {
			seen[conf.StudentID] = true
			students = append(students, conf.StudentID)
		}
	}
	goals, err := c.Goal.Query().
		Where(goal.StudentIDIn(students...), goal.StatusEQ(goal.StatusActive), goal.VisibilityIn(goalsShown...)).
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
		p.goals[g.StudentID] = append(p.goals[g.StudentID], g)
	}
	prev, err := c.Conference.Query().
		Where(conference.StudentIDIn(students...), conference.StatusEQ(conference.StatusCompleted)).
		WithSlot().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("previous conferences: %w", err)
	}
	for _, pc := range prev {
		p.previous[pc.StudentID] = append(p.previous[pc.StudentID], pc)
	}
	all, err := c.SelfAssessment.Query().
		Where(selfassessment.StudentIDIn(students...), selfassessment.AssessorEQ(selfassessment.AssessorStudent)).
		Order(ent.Asc(selfassessment.FieldTakenAt), ent.Asc(selfassessment.FieldID)).
		WithSkill().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("self-assessments: %w", err)
	}
	for _, sa := range all {
		p.assessments[sa.StudentID] = append(p.assessments[sa.StudentID], sa)
	}
	refs, err := c.Reflection.Query().Where(reflection.ConferenceIDIn(ids...)).
		Order(ent.Asc(reflection.FieldCreatedAt), ent.Asc(reflection.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reflections: %w", err)
	}
	for _, r := range refs {
		if r.ConferenceID != nil {
			p.reflections[*r.ConferenceID] = append(p.reflections[*r.ConferenceID], r)
		}
	}
	return p, nil
}

// build computes the items of conf's agenda (its student loaded) from
// the batch's plans.
func (p *plans) build(conf *ent.Conference) []Item {
	stu := conf.Edges.Student
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

	for _, g := range p.goals[stu.ID] {
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

	if growth := p.skillGrowth(conf); len(growth) > 0 {
		items = append(items, Item{Key: "growth", Kind: KindGrowth, Title: "How my skills have grown", Lines: growth})
	}

	if refs := p.reflections[conf.ID]; len(refs) > 0 {
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
	return append(items, next)
}

// skillGrowth compares the student's latest self-assessment of each skill
// with the latest one before their previous conference (or the first one).
func (p *plans) skillGrowth(conf *ent.Conference) []string {
	var since time.Time
	for _, pc := range p.previous[conf.StudentID] {
		if pc.ID != conf.ID && pc.Edges.Slot != nil && pc.Edges.Slot.StartsAt.After(since) {
			since = pc.Edges.Slot.StartsAt
		}
	}
	type span struct {
		name     string
		from, to string
	}
	spans := map[string]*span{}
	var order []string
	for _, sa := range p.assessments[conf.StudentID] {
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
	return lines
}
