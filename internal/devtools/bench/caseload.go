package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/student"
	"plp/internal/caseload"
	"plp/internal/devtools/seedscale"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
	"plp/server"
)

// Caseload rows of the table.
const (
	CaseloadBaseline = "caseload, 500 students (baseline)"
	CaseloadPage     = "caseload, 500 students"
)

// caseloadQuery is a counselor's progress page: every figure of every
// student, goals by status and area, and each skill's latest level.
const caseloadQuery = `query Caseload($first: Int!) {
  caseload(first: $first) { totalCount rows {
    studentID preferredName familyName grade advisorID goals averageProgress overdueMilestones
    lastReflectionAt daysSinceReflection lastActivityAt evidence endorsements
    goalsByStatusAndArea { status area count }
    skills { skillID level takenAt previousLevel change }
  } }
}`

// caseloadSizes are the page sizes whose statement counts must be equal.
var caseloadSizes = []int{10, 100, 500}

// caseload measures a counselor's caseload query over 500 students: the
// statements at 10, 100 and 500 students, then CaseloadClients clients
// asking for the whole page, against hand-written SQL.
func (e *env) caseload(ctx context.Context) error {
	cfg := e.cfg
	counselors, tokens, err := counselorSessions(ctx, cfg.DB.Client)
	if err != nil {
		return err
	}
	// Statements of one request, on a server whose audit trail waits, so
	// its batched writes do not land inside the count.
	quiet := e.srvCfg
	quiet.AuditBatchSize, quiet.AuditFlushInterval = 1_000_000, time.Hour
	quietURL, stopQuiet, err := serve(ctx, server.New(quiet, cfg.DB, cfg.Log))
	if err != nil {
		return err
	}
	defer stopQuiet()
	base := newCaseloadBaseline(cfg.Read, cfg.DB.Dialect)
	baseURL, stopBase, err := serve(ctx, plainServer{base})
	if err != nil {
		return err
	}
	defer stopBase()
	var plpCounts, baseCounts []string
	equal, baseEqual := true, true
	var first, firstBase int64 = -1, -1
	for _, n := range caseloadSizes {
		before := cfg.DB.Statements()
		var page struct {
			Caseload struct {
				TotalCount int
				Rows       []struct{ StudentID string }
			}
		}
		if err := graphqlInto(ctx, e.hc, quietURL, tokens[0], caseloadQuery, map[string]any{"first": n}, &page); err != nil {
			return fmt.Errorf("caseload of %d: %w", n, err)
		}
		got := cfg.DB.Statements() - before
		if len(page.Caseload.Rows) != min(n, page.Caseload.TotalCount) {
			return fmt.Errorf("caseload of %d: %d rows of %d", n, len(page.Caseload.Rows), page.Caseload.TotalCount)
		}
		beforeBase := base.statements.Load()
		if err := get(ctx, e.hc, fmt.Sprintf("%s/caseload?first=%d", baseURL, n), tokens[0]); err != nil {
			return fmt.Errorf("baseline caseload of %d: %w", n, err)
		}
		gotBase := base.statements.Load() - beforeBase
		if first < 0 {
			first, firstBase = got, gotBase
		}
		equal = equal && got == first
		baseEqual = baseEqual && gotBase == firstBase
		plpCounts = append(plpCounts, fmt.Sprintf("%d: %d", len(page.Caseload.Rows), got))
		baseCounts = append(baseCounts, fmt.Sprintf("%d", gotBase))
	}
	e.say("bench: caseload statements (rows: statements) %s; baseline %s", strings.Join(plpCounts, ", "), strings.Join(baseCounts, ", "))
	e.check(CaseloadPage, "statements equal at 10, 100, 500 students", equal,
		"%s (baseline %s)", strings.Join(plpCounts, ", "), strings.Join(baseCounts, ", "))

	clients := cfg.CaseloadClients
	e.say("bench: %s ...", CaseloadBaseline)
	b := drive(ctx, clients, cfg.Duration, base.statements.Load, func(ctx context.Context, i int) error {
		return get(ctx, e.hc, baseURL+"/caseload?first=500", tokens[i%len(tokens)])
	})
	b.Workload, b.Database = CaseloadBaseline, e.dbName
	e.add(b)
	e.say("bench: %s ...", CaseloadPage)
	r := drive(ctx, clients, cfg.Duration, cfg.DB.Statements, func(ctx context.Context, i int) error {
		return graphql(ctx, e.hc, e.plp, tokens[i%len(tokens)], caseloadQuery, map[string]any{"first": 500})
	})
	r.Workload, r.Database, r.Baseline = CaseloadPage, e.dbName, &b
	r.Note = fmt.Sprintf("%d counselors", len(counselors))
	e.add(r)
	if b.P50 > 0 && r.P50 > 0 {
		e.check(CaseloadPage, "p50 within 2x of the baseline's", r.P50 <= 2*b.P50 && r.Errors == 0, "%.2fx (%s vs %s)", float64(r.P50)/float64(b.P50), ms(r.P50), ms(b.P50))
		e.check(CaseloadPage, "p99 within 2x of p50", r.P99 <= 2*r.P50, "%.2fx (%s)", float64(r.P99)/float64(r.P50), ms(r.P99))
	}
	return nil
}

// counselorSessions starts a session for each counselor with a full
// caseload (500 students; any with the most students if none has 500).
func counselorSessions(ctx context.Context, c *ent.Client) ([]pulid.ID, []string, error) {
	var counts []struct {
		CounselorID *pulid.ID `json:"counselor_id"`
		Count       int       `json:"count"`
	}
	err := c.Student.Query().Where(student.CounselorIDNotNil()).GroupBy(student.FieldCounselorID).
		Aggregate(ent.Count()).Scan(viewer.SystemContext(ctx), &counts)
	if err != nil {
		return nil, nil, fmt.Errorf("counselors: %w", err)
	}
	most := 0
	for _, c := range counts {
		most = max(most, c.Count)
	}
	var ids []pulid.ID
	for _, c := range counts {
		if c.CounselorID != nil && c.Count == most && (most >= seedscale.StudentsPerCounselor || len(ids) == 0) {
			ids = append(ids, *c.CounselorID)
		}
	}
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("bench: no counselor has students: seed with --students")
	}
	tokens, err := sessions(ctx, c, ids)
	return ids, tokens, err
}

// caseloadBaseline is the caseload without PLP: the same figures by
// hand-written SQL through database/sql and encoding/json behind a plain
// net/http handler. The session's account must be a counselor; the page is
// their students by name. Four statements and the session: the rows with
// every figure (each grouped subquery kept to the counselor's students),
// the total, goals by status and area, and self-assessments.
type caseloadBaseline struct {
	db         *sql.DB
	postgres   bool
	statements atomic.Int64
}

func newCaseloadBaseline(db *sql.DB, dialectName string) *caseloadBaseline {
	return &caseloadBaseline{db: db, postgres: dialectName == dialect.Postgres}
}

func (b *caseloadBaseline) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	b.statements.Add(1)
	return b.db.QueryContext(ctx, rebind(b.postgres, q), args...)
}

type baseCaseRow struct {
	StudentID         string           `json:"studentID"`
	PreferredName     string           `json:"preferredName"`
	FamilyName        string           `json:"familyName"`
	Grade             int              `json:"grade"`
	AdvisorID         *string          `json:"advisorID"`
	Goals             int              `json:"goals"`
	AverageProgress   *float64         `json:"averageProgress"`
	OverdueMilestones int              `json:"overdueMilestones"`
	LastReflectionAt  any              `json:"lastReflectionAt"`
	LastActivityAt    any              `json:"lastActivityAt"`
	Evidence          int              `json:"evidence"`
	Endorsements      int              `json:"endorsements"`
	GoalCounts        []baseGoalCount  `json:"goalsByStatusAndArea"`
	Skills            []baseSkillLevel `json:"skills"`
}

type baseGoalCount struct {
	Status string `json:"status"`
	Area   string `json:"area"`
	Count  int    `json:"count"`
}

type baseSkillLevel struct {
	SkillID       string    `json:"skillID"`
	Level         string    `json:"level"`
	TakenAt       time.Time `json:"takenAt"`
	PreviousLevel *string   `json:"previousLevel"`
	Change        *int      `json:"change"`
}

const caseloadRowsSQL = `WITH mine AS (SELECT id FROM students WHERE counselor_id = ?)
SELECT s.id, s.preferred_name, s.family_name, s.grade, s.advisor_id,
  COALESCE(g.goals, 0), g.average_progress, COALESCE(m.overdue, 0), r.last_reflection,
  CASE WHEN r.last_reflection IS NULL THEN g.last_change WHEN g.last_change IS NULL THEN r.last_reflection
    WHEN r.last_reflection > g.last_change THEN r.last_reflection ELSE g.last_change END,
  COALESCE(e.evidence, 0), COALESCE(n.endorsements, 0)
FROM students s
LEFT JOIN (SELECT student_id, count(*) AS goals, avg(progress) AS average_progress, max(updated_at) AS last_change
  FROM goals WHERE visibility <> 'PRIVATE' AND student_id IN (SELECT id FROM mine) GROUP BY student_id) g ON g.student_id = s.id
LEFT JOIN (SELECT mg.student_id, count(*) AS overdue FROM milestones ms JOIN goals mg ON ms.goal_id = mg.id
  WHERE ms.done_at IS NULL AND ms.due < ? AND mg.visibility <> 'PRIVATE' AND (mg.status = 'DRAFT' OR mg.status = 'ACTIVE')
    AND mg.student_id IN (SELECT id FROM mine) GROUP BY mg.student_id) m ON m.student_id = s.id
LEFT JOIN (SELECT student_id, max(created_at) AS last_reflection FROM reflections
  WHERE student_id IN (SELECT id FROM mine) GROUP BY student_id) r ON r.student_id = s.id
LEFT JOIN (SELECT student_id, count(*) AS evidence FROM evidences
  WHERE visibility <> 'PRIVATE' AND student_id IN (SELECT id FROM mine) GROUP BY student_id) e ON e.student_id = s.id
LEFT JOIN (SELECT ne.student_id, count(*) AS endorsements FROM endorsements en JOIN evidences ne ON en.evidence_id = ne.id
  WHERE en.revoked_at IS NULL AND ne.student_id IN (SELECT id FROM mine) GROUP BY ne.student_id) n ON n.student_id = s.id
WHERE s.counselor_id = ?
ORDER BY s.family_name, s.preferred_name, s.id LIMIT ?`

// ServeHTTP answers GET /caseload?first=N.
func (b *caseloadBaseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	first, err := strconv.Atoi(r.URL.Query().Get("first"))
	if err != nil || first < 0 || first > caseload.MaxPage {
		http.Error(w, "first must be between 0 and 500", http.StatusBadRequest)
		return
	}
	page, status, err := b.page(r.Context(), strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), first)
	if err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(map[string]any{"data": page}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (b *caseloadBaseline) page(ctx context.Context, token string, first int) (map[string]any, int, error) {
	now := time.Now().UTC()
	sum := sha256.Sum256([]byte(token))
	rows, err := b.query(ctx, `SELECT s.account_id, sc.timezone FROM sessions s JOIN memberships m ON m.account_id = s.account_id AND m.role = 'COUNSELOR'
		JOIN schools sc ON sc.id = m.school_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND s.revoked_at IS NULL`, sum[:], now)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	var account, timezone string
	if err := scanOne(rows, &account, &timezone); err != nil {
		return nil, http.StatusForbidden, fmt.Errorf("session: %w", err)
	}
	loc, err := schoolcal.Location(timezone)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	rows, err = b.query(ctx, `SELECT count(*) FROM students WHERE counselor_id = ?`, account)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	var total int
	if err := scanOne(rows, &total); err != nil {
		return nil, http.StatusInternalServerError, err
	}
	rows, err = b.query(ctx, caseloadRowsSQL, account, now, account, first)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	var out []*baseCaseRow
	byID := map[string]*baseCaseRow{}
	var ids []any
	for rows.Next() {
		r := &baseCaseRow{GoalCounts: []baseGoalCount{}, Skills: []baseSkillLevel{}}
		if err := rows.Scan(&r.StudentID, &r.PreferredName, &r.FamilyName, &r.Grade, &r.AdvisorID, &r.Goals, &r.AverageProgress,
			&r.OverdueMilestones, &r.LastReflectionAt, &r.LastActivityAt, &r.Evidence, &r.Endorsements); err != nil {
			rows.Close()
			return nil, http.StatusInternalServerError, err
		}
		out = append(out, r)
		byID[r.StudentID] = r
		ids = append(ids, r.StudentID)
	}
	if err := closeRows(rows); err != nil {
		return nil, http.StatusInternalServerError, err
	}
	if len(ids) > 0 {
		if err := b.details(ctx, byID, ids, now, loc); err != nil {
			return nil, http.StatusInternalServerError, err
		}
	}
	return map[string]any{"totalCount": total, "rows": out}, http.StatusOK, nil
}

// details reads goals by status and area and the latest self-assessments
// for the page's students (at most 500 IDs: under both dialects'
// bind-parameter limits).
func (b *caseloadBaseline) details(ctx context.Context, byID map[string]*baseCaseRow, ids []any, now time.Time, loc *time.Location) error {
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	rows, err := b.query(ctx, `SELECT student_id, status, area, count(*) FROM goals WHERE visibility <> 'PRIVATE' AND student_id IN `+in+
		` GROUP BY student_id, status, area`, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var gc baseGoalCount
		if err := rows.Scan(&id, &gc.Status, &gc.Area, &gc.Count); err != nil {
			rows.Close()
			return err
		}
		byID[id].GoalCounts = append(byID[id].GoalCounts, gc)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = b.query(ctx, `SELECT student_id, skill_id, level, taken_at FROM self_assessments WHERE student_id IN `+in+
		` ORDER BY taken_at, id`, ids...)
	if err != nil {
		return err
	}
	type key struct{ student, skill string }
	type level struct {
		level string
		at    time.Time
	}
	latest, before := map[key]level{}, map[key]level{}
	var order []key
	term := schoolcal.TermOf(now, loc).Start
	for rows.Next() {
		var k key
		var l level
		if err := rows.Scan(&k.student, &k.skill, &l.level, &l.at); err != nil {
			rows.Close()
			return err
		}
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = l
		if l.at.Before(term) {
			before[k] = l
		}
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, k := range order {
		l := latest[k]
		sl := baseSkillLevel{SkillID: k.skill, Level: l.level, TakenAt: l.at}
		if p, ok := before[k]; ok && p != l {
			prev, change := p.level, rank(l.level)-rank(p.level)
			sl.PreviousLevel, sl.Change = &prev, &change
		}
		byID[k.student].Skills = append(byID[k.student].Skills, sl)
	}
	return nil
}

func rank(level string) int {
	return map[string]int{"BEGINNING": 1, "DEVELOPING": 2, "PROFICIENT": 3, "EXTENDING": 4}[level]
}

// rebind rewrites ? placeholders as $1, $2... for PostgreSQL.
func rebind(postgres bool, query string) string {
	if !postgres {
		return query
	}
	var sb strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&sb, "$%d", n)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
