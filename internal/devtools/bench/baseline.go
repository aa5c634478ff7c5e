package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
)

// baseline is the plan page without PLP: hand-written SQL through
// database/sql and encoding/json behind a plain net/http handler. It does
// the same reads the GraphQL query does (the session, the student, goals
// with a count, their milestones in one IN query, recent evidence and
// reflections, self-assessments with their skills), and the same
// authorization the privacy rule does for a student reading their own
// plan: the student's account must be the session's.
type baseline struct {
	db         *sql.DB
	postgres   bool
	now        func() time.Time
	statements atomic.Int64
}

func newBaseline(db *sql.DB, dialectName string, now func() time.Time) *baseline {
	return &baseline{db: db, postgres: dialectName == dialect.Postgres, now: now}
}

// q rewrites ? placeholders as $1, $2... for PostgreSQL.
func (b *baseline) q(query string) string { return rebind(b.postgres, query) }

func (b *baseline) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	b.statements.Add(1)
	return b.db.QueryContext(ctx, b.q(query), args...)
}

type basePlan struct {
	ID                  string           `json:"id"`
	PreferredName       string           `json:"preferredName"`
	Pronouns            *string          `json:"pronouns"`
	Grade               int              `json:"grade"`
	IdentityStatement   *string          `json:"identityStatement"`
	Strengths           json.RawMessage  `json:"strengths"`
	Interests           json.RawMessage  `json:"interests"`
	LearningPreferences *string          `json:"learningPreferences"`
	GoalCount           int              `json:"goalCount"`
	Goals               []*baseGoal      `json:"goals"`
	Evidence            []baseEvidence   `json:"evidence"`
	Reflections         []baseReflection `json:"reflections"`
	SelfAssessments     []baseSelfAssess `json:"selfAssessments"`
}

type baseGoal struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Area       string          `json:"area"`
	Status     string          `json:"status"`
	Progress   int             `json:"progress"`
	TargetDate *time.Time      `json:"targetDate"`
	Milestones []baseMilestone `json:"milestones"`
}

type baseMilestone struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Due    *time.Time `json:"due"`
	DoneAt *time.Time `json:"doneAt"`
}

type baseEvidence struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Kind       string    `json:"kind"`
	OccurredOn time.Time `json:"occurredOn"`
	Visibility string    `json:"visibility"`
}

type baseReflection struct {
	ID        string    `json:"id"`
	Prompt    *string   `json:"prompt"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
}

type baseSelfAssess struct {
	Level   string    `json:"level"`
	TakenAt time.Time `json:"takenAt"`
	Code    string    `json:"code"`
	Name    string    `json:"name"`
}

// ServeHTTP answers GET /plan?student=ID with the plan as JSON.
func (b *baseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	plan, status, err := b.plan(r.Context(), strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), r.URL.Query().Get("student"))
	if err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]any{"data": plan}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (b *baseline) plan(ctx context.Context, token, studentID string) (*basePlan, int, error) {
	sum := sha256.Sum256([]byte(token))
	rows, err := b.query(ctx, `SELECT account_id FROM sessions WHERE token_hash = ? AND expires_at > ? AND revoked_at IS NULL`, sum[:], b.now())
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	var account string
	if err := scanOne(rows, &account); err != nil {
		return nil, http.StatusUnauthorized, fmt.Errorf("session: %w", err)
	}
	p := &basePlan{}
	rows, err = b.query(ctx, `SELECT id, preferred_name, pronouns, grade, identity_statement, strengths, interests, learning_preferences
		FROM students WHERE id = ? AND account_id = ?`, studentID, account)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	if err := scanOne(rows, &p.ID, &p.PreferredName, &p.Pronouns, &p.Grade, &p.IdentityStatement, &p.Strengths, &p.Interests, &p.LearningPreferences); err != nil {
		return nil, http.StatusNotFound, fmt.Errorf("student: %w", err)
	}
	if err := b.goals(ctx, p); err != nil {
		return nil, http.StatusInternalServerError, err
	}
	if err := b.rest(ctx, p); err != nil {
		return nil, http.StatusInternalServerError, err
	}
	return p, http.StatusOK, nil
}

func (b *baseline) goals(ctx context.Context, p *basePlan) error {
	rows, err := b.query(ctx, `SELECT count(*) FROM goals WHERE student_id = ?`, p.ID)
	if err != nil {
		return err
	}
	if err := scanOne(rows, &p.GoalCount); err != nil {
		return err
	}
	rows, err = b.query(ctx, `SELECT id, title, area, status, progress, target_date FROM goals WHERE student_id = ? ORDER BY id LIMIT 20`, p.ID)
	if err != nil {
		return err
	}
	byID := map[string]*baseGoal{}
	var ids []any
	for rows.Next() {
		g := &baseGoal{}
		if err := rows.Scan(&g.ID, &g.Title, &g.Area, &g.Status, &g.Progress, &g.TargetDate); err != nil {
			rows.Close()
			return err
		}
		p.Goals = append(p.Goals, g)
		byID[g.ID] = g
		ids = append(ids, g.ID)
	}
	if err := closeRows(rows); err != nil || len(ids) == 0 {
		return err
	}
	rows, err = b.query(ctx, `SELECT id, goal_id, title, due, done_at FROM milestones WHERE goal_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY position`, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m baseMilestone
		var goalID string
		if err := rows.Scan(&m.ID, &goalID, &m.Title, &m.Due, &m.DoneAt); err != nil {
			rows.Close()
			return err
		}
		byID[goalID].Milestones = append(byID[goalID].Milestones, m)
	}
	return closeRows(rows)
}

func (b *baseline) rest(ctx context.Context, p *basePlan) error {
	rows, err := b.query(ctx, `SELECT id, title, kind, occurred_on, visibility FROM evidences WHERE student_id = ? ORDER BY occurred_on DESC LIMIT 10`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e baseEvidence
		if err := rows.Scan(&e.ID, &e.Title, &e.Kind, &e.OccurredOn, &e.Visibility); err != nil {
			rows.Close()
			return err
		}
		p.Evidence = append(p.Evidence, e)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = b.query(ctx, `SELECT id, prompt, body, created_at FROM reflections WHERE student_id = ? ORDER BY created_at DESC LIMIT 10`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r baseReflection
		if err := rows.Scan(&r.ID, &r.Prompt, &r.Body, &r.CreatedAt); err != nil {
			rows.Close()
			return err
		}
		p.Reflections = append(p.Reflections, r)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = b.query(ctx, `SELECT a.level, a.taken_at, s.code, s.name FROM self_assessments a JOIN skills s ON s.id = a.skill_id
		WHERE a.student_id = ? ORDER BY a.taken_at LIMIT 50`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a baseSelfAssess
		if err := rows.Scan(&a.Level, &a.TakenAt, &a.Code, &a.Name); err != nil {
			rows.Close()
			return err
		}
		p.SelfAssessments = append(p.SelfAssessments, a)
	}
	return closeRows(rows)
}

func scanOne(rows *sql.Rows, dest ...any) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

func closeRows(rows *sql.Rows) error {
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	return rows.Close()
}
