package implementation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"plp/ent"
	"plp/ent/actionitem"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/school"
	"plp/ent/survey"
	"plp/internal/platform/viewer"
)

// Report is where a school stands: its latest survey's result (with the
// change since the one before) and its open action items.
type Report struct {
	School *ent.School
	// Latest is the result of the school's most recent survey; nil before
	// the first.
	Latest *SurveyResult
	// OpenItems are the action items not done, earliest due first.
	OpenItems []*ent.ActionItem
}

// SchoolReport is the report of one school, for its PLP team.
func SchoolReport(ctx context.Context, c *ent.Client, schoolID pulid.ID) (*Report, error) {
	reports, err := reports(ctx, c, []pulid.ID{schoolID})
	if err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, &ent.NotFoundError{}
	}
	return reports[0], nil
}

// DistrictReport sets side by side the schools the viewer administers, in
// one district when district is given, ordered by district and name: a
// district admin is an admin of each of its schools.
func DistrictReport(ctx context.Context, c *ent.Client, district *string) ([]*Report, error) {
	ids := rule.SchoolsWhere(viewer.FromContext(ctx), viewer.RoleAdmin)
	reports, err := reports(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	out := reports[:0]
	for _, r := range reports {
		if district == nil || strings.EqualFold(r.School.District, *district) {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *Report) int {
		if d := strings.Compare(strings.ToLower(a.School.District), strings.ToLower(b.School.District)); d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(a.School.Name), strings.ToLower(b.School.Name))
	})
	return out, nil
}

// reports builds the reports of the schools the viewer can read, in a fixed
// number of statements however many schools there are.
func reports(ctx context.Context, c *ent.Client, ids []pulid.ID) ([]*Report, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	schools, err := c.School.Query().Where(school.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read schools: %w", err)
	}
	surveys, err := c.Survey.Query().Where(survey.SchoolIDIn(ids...)).
		Order(ent.Desc(survey.FieldTakenAt), ent.Desc(survey.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read surveys: %w", err)
	}
	var latest []*ent.Survey
	seen := map[pulid.ID]bool{}
	for _, s := range surveys {
		if !seen[s.SchoolID] {
			seen[s.SchoolID] = true
			latest = append(latest, s)
		}
	}
	results, err := results(ctx, c, latest)
	if err != nil {
		return nil, err
	}
	items, err := c.ActionItem.Query().
		Where(actionitem.SchoolIDIn(ids...), actionitem.StatusNEQ(actionitem.StatusDone)).
		Order(actionitem.ByDue(), ent.Asc(actionitem.FieldID)).
		WithStep(func(q *ent.StepQuery) { q.WithResources() }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read open action items: %w", err)
	}
	out := make([]*Report, len(schools))
	for i, sch := range schools {
		out[i] = &Report{School: sch}
		for _, r := range results {
			if r.Survey.SchoolID == sch.ID {
				out[i].Latest = r
			}
		}
		for _, it := range items {
			if it.SchoolID == sch.ID {
				out[i].OpenItems = append(out[i].OpenItems, it)
			}
		}
	}
	return out, nil
}
