package caseload

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"plp/ent"
)

// csvChunk is how many rows are read, written and let go at a time: a
// caseload of 10,000 students never sits in memory whole.
const csvChunk = 500

// CSVHeader names the columns of the CSV export.
var CSVHeader = []string{"student_id", "preferred_name", "family_name", "grade", "advisor_id", "goals", "average_progress",
	"overdue_milestones", "last_reflection_at", "days_since_reflection", "last_activity_at", "evidence", "endorsements",
	"goals_by_status_and_area", "skills", "pathways", "overdue_requirements"}

// WriteCSV streams the caseload as CSV to w, in chunks of rows, with the
// same filters, order and errors as Query; each chunk is flushed before
// the next is read. start runs once the first chunk is read, before the
// first byte, so an error in it (a refusal) reaches the caller with
// nothing written.
func WriteCSV(ctx context.Context, c *ent.Client, w io.Writer, f Filter, o Order, start, flush func()) error {
	out := csv.NewWriter(w)
	for offset := 0; ; offset += csvChunk {
		page, err := Query(ctx, c, f, o, csvChunk, offset)
		if err != nil {
			return err
		}
		if offset == 0 {
			if start != nil {
				start()
			}
			if err := out.Write(CSVHeader); err != nil {
				return fmt.Errorf("write CSV: %w", err)
			}
		}
		for _, r := range page.Rows {
			if err := out.Write(csvRecord(r)); err != nil {
				return fmt.Errorf("write CSV: %w", err)
			}
		}
		out.Flush()
		if err := out.Error(); err != nil {
			return fmt.Errorf("write CSV: %w", err)
		}
		if flush != nil {
			flush()
		}
		if len(page.Rows) < csvChunk {
			return nil
		}
	}
}

func csvRecord(r *Row) []string {
	opt := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	var advisor *string
	if r.AdvisorID != nil {
		s := string(*r.AdvisorID)
		advisor = &s
	}
	avg := ""
	if r.AverageProgress != nil {
		avg = strconv.FormatFloat(*r.AverageProgress, 'f', 1, 64)
	}
	when := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	days := ""
	if r.DaysSinceReflection != nil {
		days = strconv.Itoa(*r.DaysSinceReflection)
	}
	var goals, skills []string
	for _, g := range r.GoalsByStatusAndArea {
		goals = append(goals, fmt.Sprintf("%s/%s:%d", g.Status, g.Area, g.Count))
	}
	for _, s := range r.Skills {
		item := fmt.Sprintf("%s:%s", s.SkillID, s.Level)
		if s.Change != nil {
			item += fmt.Sprintf("(%+d)", *s.Change)
		}
		skills = append(skills, item)
	}
	var pathways []string
	for _, p := range r.Pathways {
		pathways = append(pathways, string(p))
	}
	return []string{string(r.StudentID), csvSafe(r.PreferredName), csvSafe(r.FamilyName), strconv.Itoa(r.Grade), opt(advisor),
		strconv.Itoa(r.Goals), avg, strconv.Itoa(r.OverdueMilestones), when(r.LastReflectionAt), days, when(r.LastActivityAt),
		strconv.Itoa(r.Evidence), strconv.Itoa(r.Endorsements), strings.Join(goals, " "), strings.Join(skills, " "),
		strings.Join(pathways, " "), strconv.Itoa(r.OverdueRequirements)}
}

// csvSafe keeps a name from being read as a formula by a spreadsheet.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
