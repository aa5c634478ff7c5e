package implementation

import (
	"context"
	"fmt"
	"math"
	"slices"

	"plp/ent"
	"plp/ent/category"
	"plp/ent/schema/pulid"
	"plp/ent/step"
	"plp/ent/survey"
	"plp/ent/surveyresponse"
)

// ratingScore places each rating on a scale of 0 to 3, so answers from
// several people can be averaged.
var ratingScore = map[surveyresponse.Rating]float64{
	surveyresponse.RatingNotStarted:  0,
	surveyresponse.RatingBeginning:   1,
	surveyresponse.RatingDeveloping:  2,
	surveyresponse.RatingEstablished: 3,
}

// Ratings in order, weakest first.
var Ratings = []surveyresponse.Rating{
	surveyresponse.RatingNotStarted, surveyresponse.RatingBeginning,
	surveyresponse.RatingDeveloping, surveyresponse.RatingEstablished,
}

// LevelOf is the rating nearest to a score (a half rounds down: the school
// is not yet at the higher level).
func LevelOf(score float64) surveyresponse.Rating {
	return Ratings[int(math.Ceil(score-0.5))]
}

// EstablishedScore is the score from which a step counts as established
// and needs no action item.
const EstablishedScore = 2.5

// SurveyResult is how a school stands in one survey: answers combined per
// step and per category, and the change since the survey before it.
type SurveyResult struct {
	Survey *ent.Survey
	// Previous is the school's survey taken before this one, if any.
	Previous *ent.Survey
	// Respondents is how many people answered at least one step.
	Respondents int
	Categories  []*CategoryResult
}

// CategoryResult is a category's standing: the mean of its rated steps.
type CategoryResult struct {
	Category *ent.Category
	// Score is 0 (not started) to 3 (established); nil when no step of
	// the category has an answer.
	Score *float64
	// Change is Score minus the previous survey's score, when both exist.
	Change *float64
	Steps  []*StepResult
}

// StepResult is a step's standing: the mean of everyone's ratings.
type StepResult struct {
	Step      *ent.Step
	Category  *ent.Category
	Responses int
	// Counts holds how many people gave each rating, in Ratings' order.
	Counts [4]int
	Score  *float64
	Change *float64
	// Notes are the answers' notes and evidence, for the team to read.
	Notes []string
}

// Level is the category's combined rating, nil when unrated.
func (r *CategoryResult) Level() *surveyresponse.Rating { return levelPtr(r.Score) }

// Resources are the step's resources, loaded with the result.
func (r *StepResult) Resources() []*ent.Resource {
	if r.Step.Edges.Resources == nil {
		return []*ent.Resource{}
	}
	return r.Step.Edges.Resources
}

// Level is the step's combined rating, nil when unrated.
func (r *StepResult) Level() *surveyresponse.Rating { return levelPtr(r.Score) }

func levelPtr(score *float64) *surveyresponse.Rating {
	if score == nil {
		return nil
	}
	l := LevelOf(*score)
	return &l
}

// Result combines the answers of a survey the viewer may read (the PLP
// team; NOT_FOUND otherwise).
func Result(ctx context.Context, c *ent.Client, surveyID pulid.ID) (*SurveyResult, error) {
	s, err := c.Survey.Get(ctx, surveyID)
	if err != nil {
		return nil, err
	}
	results, err := results(ctx, c, []*ent.Survey{s})
	if err != nil {
		return nil, err
	}
	return results[0], nil
}

// results combines the answers of several surveys (of one school or many)
// in a fixed number of statements: the surveys of their schools, the
// categories and steps of those schools, and the answers of the surveys and
// of the ones before them.
func results(ctx context.Context, c *ent.Client, surveys []*ent.Survey) ([]*SurveyResult, error) {
	if len(surveys) == 0 {
		return nil, nil
	}
	var schools []pulid.ID
	for _, s := range surveys {
		if !slices.Contains(schools, s.SchoolID) {
			schools = append(schools, s.SchoolID)
		}
	}
	all, err := c.Survey.Query().Where(survey.SchoolIDIn(schools...)).Order(ent.Desc(survey.FieldTakenAt), ent.Desc(survey.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read surveys: %w", err)
	}
	out := make([]*SurveyResult, len(surveys))
	ids := []pulid.ID{}
	for i, s := range surveys {
		out[i] = &SurveyResult{Survey: s}
		for _, earlier := range all {
			if earlier.SchoolID == s.SchoolID && earlier.TakenAt.Before(s.TakenAt) {
				out[i].Previous = earlier
				ids = append(ids, earlier.ID)
				break
			}
		}
		ids = append(ids, s.ID)
	}
	cats, err := c.Category.Query().Where(category.SchoolIDIn(schools...)).
		Order(ent.Asc(category.FieldPosition), ent.Asc(category.FieldID)).
		WithSteps(func(q *ent.StepQuery) {
			q.Order(ent.Asc(step.FieldPosition), ent.Asc(step.FieldID)).WithResources()
		}).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read categories: %w", err)
	}
	answers, err := c.SurveyResponse.Query().Where(surveyresponse.SurveyIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	bySurvey := map[pulid.ID][]*ent.SurveyResponse{}
	for _, a := range answers {
		bySurvey[a.SurveyID] = append(bySurvey[a.SurveyID], a)
	}
	for _, r := range out {
		var previous []*ent.SurveyResponse
		if r.Previous != nil {
			previous = bySurvey[r.Previous.ID]
		}
		r.combine(cats, bySurvey[r.Survey.ID], previous)
	}
	return out, nil
}

// combine fills in the result from the school's categories and the answers
// of the survey and of the previous one.
func (r *SurveyResult) combine(cats []*ent.Category, answers, previous []*ent.SurveyResponse) {
	now, before := tally(answers), tally(previous)
	people := map[pulid.ID]bool{}
	for _, a := range answers {
		people[a.RespondentID] = true
	}
	r.Respondents = len(people)
	for _, cat := range cats {
		if cat.SchoolID != r.Survey.SchoolID {
			continue
		}
		cr := &CategoryResult{Category: cat}
		var sum, sumBefore float64
		var rated, ratedBefore int
		for _, st := range cat.Edges.Steps {
			sr := &StepResult{Step: st, Category: cat}
			var score *float64
			if t := now[st.ID]; t != nil {
				sr.Responses, sr.Counts, sr.Notes = t.n, t.counts, t.notes
				score = ptr(t.sum / float64(t.n))
				sr.Score = rounded(*score)
				sum += *score
				rated++
			}
			if t := before[st.ID]; t != nil {
				prev := t.sum / float64(t.n)
				sumBefore += prev
				ratedBefore++
				if score != nil {
					sr.Change = rounded(*score - prev)
				}
			}
			cr.Steps = append(cr.Steps, sr)
		}
		if rated > 0 {
			cr.Score = rounded(sum / float64(rated))
			if ratedBefore > 0 {
				cr.Change = rounded(sum/float64(rated) - sumBefore/float64(ratedBefore))
			}
		}
		r.Categories = append(r.Categories, cr)
	}
}

type stepTally struct {
	n      int
	sum    float64
	counts [4]int
	notes  []string
}

func tally(answers []*ent.SurveyResponse) map[pulid.ID]*stepTally {
	out := map[pulid.ID]*stepTally{}
	for _, a := range answers {
		t := out[a.StepID]
		if t == nil {
			t = &stepTally{}
			out[a.StepID] = t
		}
		t.n++
		t.sum += ratingScore[a.Rating]
		t.counts[slices.Index(Ratings, a.Rating)]++
		for _, s := range []string{a.Note, a.Evidence} {
			if s != "" {
				t.notes = append(t.notes, s)
			}
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// rounded is a score or a change as people read it: to two decimals, so a
// change from 1.1 to 1.4 shows 0.3, not 0.30000000000000004. Sums use the
// exact means; levels and suggestions read the score as shown.
func rounded(x float64) *float64 {
	r := math.Round(x*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return &r
}

// Steps lists every step result of the survey, in framework order.
func (r *SurveyResult) Steps() []*StepResult {
	var out []*StepResult
	for _, c := range r.Categories {
		out = append(out, c.Steps...)
	}
	return out
}
