package skillframework

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/selfassessment"
	"plp/ent/skill"
	"plp/internal/platform/apperr"
	"plp/internal/platform/schoolcal"
)

// MaxGrowthSkills is the most skills one growth request may name.
const MaxGrowthSkills = 500

// SkillGrowth is a student's self-assessments of one skill over time, and
// beside them (never averaged in) their advisor's assessments.
type SkillGrowth struct {
	Skill *ent.Skill
	// Points are the student's own, oldest first.
	Points []*GrowthPoint
	// AdvisorPoints are staff's (ADVISOR) assessments, oldest first.
	AdvisorPoints []*GrowthPoint
}

// GrowthPoint is one self-assessment in a growth series.
type GrowthPoint struct {
	TakenAt time.Time
	Level   selfassessment.Level
	// Term is the school year and half the assessment fell in at the
	// student's school (schoolcal.Term), like "2026-2027 fall".
	Term string
}

// Growth returns the student's self-assessments per skill, oldest first
// (and their advisor's, in a series of their own),
// for the given skills or (when skillIDs is empty) every skill the student
// has assessed. It runs one query for the self-assessments and one for
// their skills, both through the caller's privacy rules (a student the
// viewer may not see has no series), and one for the school's time zone,
// in which terms are counted. Series come in the skills' framework
// order (position, then code); skills without assessments are left out.
func Growth(ctx context.Context, client *ent.Client, studentID pulid.ID, skillIDs []pulid.ID) ([]*SkillGrowth, error) {
	if len(skillIDs) > MaxGrowthSkills {
		return nil, apperr.New(apperr.LimitExceeded, "Ask for at most %d skills at once.", MaxGrowthSkills)
	}
	q := client.SelfAssessment.Query().
		Where(selfassessment.StudentID(studentID)).
		Order(selfassessment.ByTakenAt(), selfassessment.ByID()).
		Select(selfassessment.FieldSchoolID, selfassessment.FieldSkillID, selfassessment.FieldLevel, selfassessment.FieldTakenAt, selfassessment.FieldAssessor)
	if len(skillIDs) > 0 {
		q.Where(selfassessment.SkillIDIn(skillIDs...))
	}
	rows, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read self-assessments of student %s: %w", studentID, err)
	}
	out := []*SkillGrowth{}
	if len(rows) == 0 {
		return out, nil
	}
	loc, err := rule.Zone(ctx, client, rows[0].SchoolID)
	if err != nil {
		return nil, err
	}
	series := make(map[pulid.ID]*SkillGrowth)
	var ids []pulid.ID
	for _, r := range rows {
		g := series[r.SkillID]
		if g == nil {
			g = &SkillGrowth{}
			series[r.SkillID] = g
			ids = append(ids, r.SkillID)
		}
		at := r.TakenAt.UTC()
		p := &GrowthPoint{TakenAt: at, Level: r.Level, Term: schoolcal.TermOf(at, loc).String()}
		if r.Assessor == selfassessment.AssessorAdvisor {
			g.AdvisorPoints = append(g.AdvisorPoints, p)
		} else {
			g.Points = append(g.Points, p)
		}
	}
	skills, err := client.Skill.Query().
		Where(skill.IDIn(ids...)).
		Order(skill.ByFrameworkID(), skill.ByPosition(), skill.ByCode()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read skills of student %s's self-assessments: %w", studentID, err)
	}
	// A skill the viewer may not read (another school's) has no series.
	for _, s := range skills {
		g := series[s.ID]
		g.Skill = s
		out = append(out, g)
	}
	return out, nil
}
