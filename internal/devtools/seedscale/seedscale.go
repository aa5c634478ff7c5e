// Package seedscale fills a database with a district's worth of realistic
// plans, for benchmarks and load tests: `go run ./cmd/plpdev seed --students N`.
//
// A district is made of schools of SchoolSize students (the last one
// smaller). Each school has the proportions of a Vermont high school: one
// counselor per 500 students, one advisor per 15 (an advisory group),
// one community partner per 40; families of one or two guardians, a
// quarter of them with two children at the school; two to four goals a
// student, each with two to four milestones; evidence metadata (no files),
// reflections, two self-assessments per transferable skill, and a conference
// window with one slot per student. The text comes from package demo.
//
// Rows go in with ent CreateBulk in batches under the bind-parameter limits,
// as the system viewer, one transaction per school. Every row sets its
// school_id, so the tenant hook never has to look a parent up.
package seedscale

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/conference"
	"plp/ent/evidence"
	"plp/ent/goal"
	"plp/ent/membership"
	"plp/ent/reflection"
	"plp/ent/schema/hook"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/ent/selfassessment"
	"plp/internal/devtools/demo"
	"plp/internal/platform/auth"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
	"plp/internal/school/skillframework"
)

// Password is the password of every generated account: the data is
// invented and the accounts exist to be signed in to by benchmarks.
const Password = "plp-scale"

// EmailDomain is the domain of every generated account.
const EmailDomain = "scale.plp.test"

// batchRows is the most rows one INSERT carries. The widest table seeded
// (students) has under 30 columns: 500 rows stay below SQLite's 32,766
// bind parameters, and far below PostgreSQL's 65,535.
const batchRows = 500

// Proportions of a school.
const (
	StudentsPerCounselor = 500
	StudentsPerAdvisor   = 15
	StudentsPerPartner   = 40
)

// Options say what to generate.
type Options struct {
	Students   int
	SchoolSize int       // students per school; 0 means 1,000
	Now        time.Time // dates are relative to it
	Seed       uint64    // the same seed gives the same data
	// Conferences books every student's slot (a conference each), for the
	// agenda and reminder benchmarks.
	Conferences bool
	// Progress, when set, hears of every batch written.
	Progress func(Progress)
}

// Progress is how far a generation has come.
type Progress struct {
	School, Schools int    // the school being written, from 1
	Step            string // what is being written
	Rows            int    // rows written so far, all schools
	StudentsDone    int    // students of finished schools
	Students        int
	Fraction        float64 // of the whole generation, 0..1, by steps
}

// Result counts what a generation wrote.
type Result struct {
	Schools, Accounts, Students, Guardianships, Partnerships  int
	Goals, Milestones, Evidence, Reflections, SelfAssessments int
	Windows, Slots, Conferences                               int
	SchoolIDs                                                 []pulid.ID
	Elapsed                                                   time.Duration
}

// Rows is the number of rows written, join tables aside.
func (r Result) Rows() int {
	return r.Schools + 2*r.Accounts + r.Students + r.Guardianships + r.Partnerships + r.Goals + r.Milestones +
		r.Evidence + r.Reflections + r.SelfAssessments + r.Windows + r.Slots + r.Conferences
}

// Generate writes opt.Students students and everything around them.
func Generate(ctx context.Context, db *database.DB, opt Options) (Result, error) {
	client := db.Client
	if opt.Students <= 0 {
		return Result{}, fmt.Errorf("seed: --students must be at least 1")
	}
	if opt.SchoolSize <= 0 {
		opt.SchoolSize = 1000
	}
	if opt.Now.IsZero() {
		return Result{}, fmt.Errorf("seed: no time given")
	}
	start := time.Now() // wall time of the run, not a domain time
	// Hashed once and shared: argon2id is deliberately slow.
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return Result{}, fmt.Errorf("hash password: %w", err)
	}
	// Rows are stamped (created_at) at opt.Now, as the dates in them are.
	ctx = clock.NewContext(hook.BulkLoad(viewer.SystemContext(ctx)), func() time.Time { return opt.Now })
	g := &generator{
		opt:       opt,
		hash:      hash,
		rnd:       rand.New(rand.NewPCG(opt.Seed, 2026)),
		pathRnd:   rand.New(rand.NewPCG(opt.Seed, 77)),
		templates: demo.GoalTemplates(),
		names:     demo.StudentNames(),
		partners:  demo.Partners(),
		prompts:   demo.GoalReflections(),
	}
	g.schools = (opt.Students + opt.SchoolSize - 1) / opt.SchoolSize
	for k := range g.schools {
		size := min(opt.SchoolSize, opt.Students-k*opt.SchoolSize)
		if err := g.school(ctx, client, k, size); err != nil {
			return g.res, fmt.Errorf("seed school %d of %d: %w", k+1, g.schools, err)
		}
		g.studentsDone += size
	}
	// Fresh statistics, or the planners guess (see database.Analyze): the
	// plan page cost 15 times its baseline without them.
	g.report("analyze")
	if err := db.Analyze(ctx); err != nil {
		return g.res, err
	}
	g.res.Elapsed = time.Since(start)
	return g.res, nil
}

type generator struct {
	opt          Options
	hash         string
	rnd          *rand.Rand
	pathRnd      *rand.Rand // flexible pathways, a stream of their own
	templates    []demo.GoalTemplate
	names        []demo.PersonName
	partners     []demo.PartnerTemplate
	prompts      []demo.ReflectionTemplate
	schools      int
	school1      int // the school being written, from 1
	studentsDone int
	rows         int // written so far, for Progress
	res          Result
}

// steps are the steps of a school in order, for Progress.Fraction.
var steps = []string{"accounts", "memberships", "students", "guardianships", "partnerships", "goals",
	"milestones", "evidence", "reflections", "self-assessments", "slots"}

func (g *generator) report(step string) {
	if g.opt.Progress == nil {
		return
	}
	size := min(g.opt.SchoolSize, g.opt.Students-g.studentsDone)
	k := slices.Index(steps, step) + 1
	g.opt.Progress(Progress{School: g.school1, Schools: g.schools, Step: step, Rows: g.rows,
		StudentsDone: g.studentsDone, Students: g.opt.Students,
		Fraction: (float64(g.studentsDone) + float64(size*k)/float64(len(steps))) / float64(g.opt.Students)})
}

// bulk saves builders in batches of batchRows and returns the created rows.
func bulk[B any, T any](ctx context.Context, g *generator, step string, builders []B, save func([]B) ([]T, error)) ([]T, error) {
	out := make([]T, 0, len(builders))
	for i := 0; i < len(builders); i += batchRows {
		rows, err := save(builders[i:min(i+batchRows, len(builders))])
		if err != nil {
			return nil, fmt.Errorf("create %s %d-%d: %w", step, i, min(i+batchRows, len(builders)), err)
		}
		out = append(out, rows...)
		g.rows += len(rows)
		g.report(step)
	}
	return out, nil
}

// school writes one school in one transaction.
func (g *generator) school(ctx context.Context, client *ent.Client, k, size int) error {
	g.school1 = k + 1
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	w := &schoolWriter{generator: g, c: tx.Client(), size: size}
	if err := w.write(ctx, k); err != nil {
		return errorsJoinRollback(err, tx)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func errorsJoinRollback(err error, tx *ent.Tx) error {
	if rerr := tx.Rollback(); rerr != nil {
		return fmt.Errorf("%w (rollback: %v)", err, rerr)
	}
	return err
}

// schoolWriter holds what one school has so far.
type schoolWriter struct {
	*generator
	c    *ent.Client
	size int

	school     *ent.School
	tag        string // in every email of the school, so schools never collide
	counselors []*ent.Account
	advisors   []*ent.Account
	partnerAcs []*ent.Account
	studentAcs []*ent.Account
	families   [][]*ent.Account // families[h] are the guardians of household h
	household  []int            // household[i] is the household of student i
	students   []*ent.Student
	skills     []pulid.ID
	skillOf    map[string]pulid.ID // by code
	goals      [][]*ent.Goal       // goals[i] of student i
	goalTpl    [][]int             // template index of each goal
}

func (w *schoolWriter) write(ctx context.Context, k int) error {
	school, err := w.c.School.Create().
		SetName(fmt.Sprintf("Scale Test High School %d", k+1)).
		SetDistrict("Scale Test Unified School District").
		SetTimezone("America/New_York").
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create school: %w", err)
	}
	w.school = school
	w.res.Schools++
	w.res.SchoolIDs = append(w.res.SchoolIDs, school.ID)
	id := string(school.ID)
	w.tag = strings.ToLower(id[len(id)-6:])
	fw, err := skillframework.InstallVermont(ctx, w.c, school.ID)
	if err != nil {
		return err
	}
	skills, err := fw.QuerySkills().All(ctx)
	if err != nil {
		return fmt.Errorf("read skills: %w", err)
	}
	w.skillOf = make(map[string]pulid.ID, len(skills))
	for _, sk := range skills {
		w.skillOf[sk.Code] = sk.ID
	}
	// Students rate themselves on the transferable skills, not on every
	// indicator under them.
	for _, sk := range skillframework.Vermont {
		w.skills = append(w.skills, w.skillOf[sk.Code])
	}
	for _, step := range []func(context.Context) error{
		w.accounts, w.createStudents, w.guardianships, w.partnerships,
		w.createGoals, w.createEvidence, w.reflections, w.selfAssessments, w.conferenceWindow,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// person is an account to create.
type person struct {
	email, name, lang string
	role              membership.Role
}

var languages = []string{"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "fr", "ne", "so"}

func (w *schoolWriter) email(what string, n int) string {
	return fmt.Sprintf("%s%d.%s@%s", what, n, w.tag, EmailDomain)
}

// accounts creates staff, partners, students and families, and plans the
// households: a quarter of students share a household with the student
// before them; 60% of households have two guardians.
func (w *schoolWriter) accounts(ctx context.Context) error {
	ceil := func(a, b int) int { return (a + b - 1) / b }
	var people []person
	add := func(what string, count int, role membership.Role) {
		for n := range count {
			nm := w.names[w.rnd.IntN(len(w.names))]
			people = append(people, person{email: w.email(what, n+1), name: nm.Given + " " + nm.Family, role: role})
		}
	}
	add("admin", 1, membership.RoleAdmin)
	add("counselor", ceil(w.size, StudentsPerCounselor), membership.RoleCounselor)
	add("advisor", ceil(w.size, StudentsPerAdvisor), membership.RoleAdvisor)
	add("partner", ceil(w.size, StudentsPerPartner), membership.RolePartner)
	add("student", w.size, membership.RoleStudent)
	w.household = make([]int, w.size)
	var guardians []int // guardians per household
	for i := range w.size {
		if i > 0 && w.rnd.IntN(4) == 0 {
			w.household[i] = w.household[i-1]
			continue
		}
		w.household[i] = len(guardians)
		guardians = append(guardians, 1+min(1, w.rnd.IntN(5)/2)) // 1 in 2/5, 2 in 3/5
	}
	familyStart := len(people)
	n := 0
	for h, count := range guardians {
		lang := languages[w.rnd.IntN(len(languages))]
		for range count {
			n++
			nm := w.names[(h+n)%len(w.names)]
			people = append(people, person{email: w.email("family", n), name: nm.Given + " " + nm.Family, lang: lang, role: membership.RoleFamily})
		}
	}

	builders := make([]*ent.AccountCreate, len(people))
	for i, p := range people {
		b := w.c.Account.Create().SetEmail(p.email).SetName(p.name).SetPasswordHash(w.hash)
		if p.lang != "" {
			b.SetPreferredLanguage(p.lang)
		}
		builders[i] = b
	}
	accounts, err := bulk(ctx, w.generator, "accounts", builders, func(b []*ent.AccountCreate) ([]*ent.Account, error) {
		return w.c.Account.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	w.res.Accounts += len(accounts)
	members := make([]*ent.MembershipCreate, len(people))
	for i, p := range people {
		members[i] = w.c.Membership.Create().SetSchoolID(w.school.ID).SetAccountID(accounts[i].ID).SetRole(p.role)
	}
	if _, err := bulk(ctx, w.generator, "memberships", members, func(b []*ent.MembershipCreate) ([]*ent.Membership, error) {
		return w.c.Membership.CreateBulk(b...).Save(ctx)
	}); err != nil {
		return err
	}
	rest := accounts[1:]
	take := func(n int) []*ent.Account {
		out := rest[:n:n]
		rest = rest[n:]
		return out
	}
	w.counselors = take(ceil(w.size, StudentsPerCounselor))
	w.advisors = take(ceil(w.size, StudentsPerAdvisor))
	w.partnerAcs = take(ceil(w.size, StudentsPerPartner))
	w.studentAcs = take(w.size)
	rest = accounts[familyStart:]
	w.families = make([][]*ent.Account, len(guardians))
	for h, count := range guardians {
		w.families[h] = take(count)
	}
	return nil
}

var (
	strengths = []string{"curious", "persistent", "kind", "organized", "creative", "good with animals", "a strong reader", "a team player", "funny", "calm under pressure"}
	interests = []string{"music", "soccer", "coding", "farming", "art", "cooking", "hiking", "theater", "robotics", "writing", "skiing", "medicine"}
)

func (w *schoolWriter) pick(pool []string, n int) []string {
	out := make([]string, 0, n)
	for _, j := range w.rnd.Perm(len(pool))[:n] {
		out = append(out, pool[j])
	}
	return out
}

// schoolYear is the calendar year the current school year began in, at
// the school.
func (w *schoolWriter) schoolYear() int {
	loc, err := schoolcal.Location(w.school.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return schoolcal.YearOf(w.opt.Now, loc).StartYear()
}

func (w *schoolWriter) createStudents(ctx context.Context) error {
	year := w.schoolYear()
	builders := make([]*ent.StudentCreate, w.size)
	for i := range w.size {
		nm := w.names[w.rnd.IntN(len(w.names))]
		grade := 9 + i%4
		born := time.Date(year-grade-6, time.September, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, w.rnd.IntN(365))
		builders[i] = w.c.Student.Create().
			SetSchoolID(w.school.ID).
			SetAccountID(w.studentAcs[i].ID).
			SetGivenName(nm.Given).
			SetFamilyName(nm.Family).
			SetPreferredName(nm.Preferred).
			SetPronouns(nm.Pronouns).
			SetGrade(grade).
			SetGraduationYear(year + 1 + 12 - grade).
			SetBirthDate(born).
			SetIdentityStatement("I learn best by doing, and I want my plan to show what I do outside school too.").
			SetStrengths(w.pick(strengths, 2)).
			SetInterests(w.pick(interests, 3)).
			SetLearningPreferences("Hands-on projects, and time to think before I answer.").
			// Advisory groups are consecutive students; caseloads are
			// contiguous blocks of StudentsPerCounselor.
			SetAdvisorID(w.advisors[i/StudentsPerAdvisor].ID).
			SetCounselorID(w.counselors[i/StudentsPerCounselor].ID)
	}
	students, err := bulk(ctx, w.generator, "students", builders, func(b []*ent.StudentCreate) ([]*ent.Student, error) {
		return w.c.Student.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	w.students = students
	w.res.Students += len(students)
	return nil
}

var relationships = []string{"mother", "father", "grandmother", "guardian", "stepfather", "aunt"}

func (w *schoolWriter) guardianships(ctx context.Context) error {
	var builders []*ent.GuardianshipCreate
	for i, st := range w.students {
		for _, fam := range w.families[w.household[i]] {
			builders = append(builders, w.c.Guardianship.Create().
				SetSchoolID(w.school.ID).
				SetStudentID(st.ID).
				SetFamilyID(fam.ID).
				SetRelationship(relationships[w.rnd.IntN(len(relationships))]))
		}
	}
	rows, err := bulk(ctx, w.generator, "guardianships", builders, func(b []*ent.GuardianshipCreate) ([]*ent.Guardianship, error) {
		return w.c.Guardianship.CreateBulk(b...).Save(ctx)
	})
	w.res.Guardianships += len(rows)
	return err
}

// partnerships: juniors and seniors, one in two, in work-based learning.
func (w *schoolWriter) partnerships(ctx context.Context) error {
	year := w.schoolYear()
	var builders []*ent.PartnershipCreate
	for i, st := range w.students {
		if st.Grade < 11 || w.rnd.IntN(2) == 0 {
			continue
		}
		org := w.partners[i%len(w.partners)]
		builders = append(builders, w.c.Partnership.Create().
			SetSchoolID(w.school.ID).
			SetStudentID(st.ID).
			SetPartnerID(w.partnerAcs[i%len(w.partnerAcs)].ID).
			SetOrganization(org.Organization).
			SetDescription(org.Description).
			SetStartsOn(time.Date(year, time.September, 14, 0, 0, 0, 0, time.UTC)).
			SetEndsOn(time.Date(year+1, time.June, 12, 0, 0, 0, 0, time.UTC)))
	}
	rows, err := bulk(ctx, w.generator, "partnerships", builders, func(b []*ent.PartnershipCreate) ([]*ent.Partnership, error) {
		return w.c.Partnership.CreateBulk(b...).Save(ctx)
	})
	w.res.Partnerships += len(rows)
	return err
}

func (w *schoolWriter) day(daysFromNow int) time.Time {
	y, m, d := w.opt.Now.AddDate(0, 0, daysFromNow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

type plannedMilestone struct {
	goal   int
	title  string
	due    time.Time
	doneAt *time.Time
}

// createGoals gives each student two to four goals from the demo's ideas,
// mostly active, with two to four milestones each; progress is the share
// of milestones done, as hook.MilestoneProgress would set it.
func (w *schoolWriter) createGoals(ctx context.Context) error {
	var (
		builders   []*ent.GoalCreate
		owners     []int
		tpls       []int
		milestones []plannedMilestone
	)
	for i, st := range w.students {
		for _, t := range w.rnd.Perm(len(w.templates))[:2+w.rnd.IntN(3)] {
			tpl := w.templates[t]
			status := goal.StatusActive
			switch r := w.rnd.IntN(20); {
			case r >= 16:
				status = goal.StatusAchieved
			case r >= 13:
				status = goal.StatusDraft
			}
			n := 2 + w.rnd.IntN(3)
			first := -30 - w.rnd.IntN(20)
			switch status {
			case goal.StatusAchieved:
				first = -90
			case goal.StatusDraft:
				first = 14
			}
			done := 0
			for m := range n {
				pm := plannedMilestone{goal: len(builders), title: tpl.Milestones[m], due: w.day(first + 21*m)}
				if pm.due.Before(w.opt.Now) && (status == goal.StatusAchieved || w.rnd.IntN(5) > 0) {
					at := pm.due.Add(-time.Duration(w.rnd.IntN(48)) * time.Hour)
					pm.doneAt = &at
					done++
				}
				milestones = append(milestones, pm)
			}
			b := w.c.Goal.Create().
				SetSchoolID(w.school.ID).
				SetStudentID(st.ID).
				SetArea(tpl.Area).
				SetTitle(tpl.Title).
				SetWhy(tpl.Why).
				SetSuccessCriteria(tpl.Success).
				SetTerm(tpl.Term).
				SetTargetDate(w.day(first + 21*n + 14)).
				SetStatus(status).
				SetProgress(hook.Progress(done, n)).
				SetNillablePathway(pathway.Typical(string(tpl.Area), st.Grade, w.pathRnd.IntN(100))).
				SetCreatedAt(w.opt.Now.AddDate(0, 0, min(first-21, -1)))
			for _, code := range tpl.Skills {
				if id, ok := w.skillOf[code]; ok {
					b.AddSkillIDs(id)
				}
			}
			builders = append(builders, b)
			owners = append(owners, i)
			tpls = append(tpls, t)
		}
	}
	goals, err := bulk(ctx, w.generator, "goals", builders, func(b []*ent.GoalCreate) ([]*ent.Goal, error) {
		return w.c.Goal.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	w.res.Goals += len(goals)
	w.goals = make([][]*ent.Goal, len(w.students))
	w.goalTpl = make([][]int, len(w.students))
	for j, gl := range goals {
		w.goals[owners[j]] = append(w.goals[owners[j]], gl)
		w.goalTpl[owners[j]] = append(w.goalTpl[owners[j]], tpls[j])
	}
	mbs := make([]*ent.MilestoneCreate, len(milestones))
	position := map[int]int{}
	for j, m := range milestones {
		mbs[j] = w.c.Milestone.Create().
			SetSchoolID(w.school.ID).
			SetGoalID(goals[m.goal].ID).
			SetTitle(m.title).
			SetPosition(position[m.goal]).
			SetDue(m.due).
			SetNillableDoneAt(m.doneAt)
		position[m.goal]++
	}
	rows, err := bulk(ctx, w.generator, "milestones", mbs, func(b []*ent.MilestoneCreate) ([]*ent.Milestone, error) {
		return w.c.Milestone.CreateBulk(b...).Save(ctx)
	})
	w.res.Milestones += len(rows)
	return err
}

var visibilities = []evidence.Visibility{evidence.VisibilityPrivate, evidence.VisibilitySchool, evidence.VisibilityFamily, evidence.VisibilityFamily, evidence.VisibilityPartners}

// createEvidence adds one to three pieces of evidence a student, each on
// one of their goals: metadata only, no files.
func (w *schoolWriter) createEvidence(ctx context.Context) error {
	var builders []*ent.EvidenceCreate
	for i, st := range w.students {
		for range 1 + w.rnd.IntN(3) {
			k := w.rnd.IntN(len(w.goals[i]))
			gl, tpl := w.goals[i][k], w.templates[w.goalTpl[i][k]]
			if len(tpl.Evidence) == 0 {
				continue
			}
			e := tpl.Evidence[w.rnd.IntN(len(tpl.Evidence))]
			b := w.c.Evidence.Create().
				SetSchoolID(w.school.ID).
				SetStudentID(st.ID).
				SetTitle(e.Title).
				SetDescription(e.Description).
				SetKind(e.Kind).
				SetInSchool(w.rnd.IntN(2) == 0).
				SetOccurredOn(w.day(-1 - w.rnd.IntN(60))).
				SetVisibility(visibilities[w.rnd.IntN(len(visibilities))]).
				SetNillablePathway(gl.Pathway). // evidence of a pathway's goal comes from that pathway
				AddGoalIDs(gl.ID)
			switch e.Kind {
			case evidence.KindLink:
				b.SetURL(e.URL)
			case evidence.KindText:
				b.SetBody(e.Body)
			case evidence.KindDocument:
				b.SetContentType(e.ContentType).SetSize(e.Size)
			}
			builders = append(builders, b)
		}
	}
	rows, err := bulk(ctx, w.generator, "evidence", builders, func(b []*ent.EvidenceCreate) ([]*ent.Evidence, error) {
		return w.c.Evidence.CreateBulk(b...).Save(ctx)
	})
	w.res.Evidence += len(rows)
	return err
}

// reflections: one to three a student, most of them on a goal.
func (w *schoolWriter) reflections(ctx context.Context) error {
	var builders []*ent.ReflectionCreate
	for i, st := range w.students {
		for range 1 + w.rnd.IntN(3) {
			r := w.prompts[w.rnd.IntN(len(w.prompts))]
			at := w.opt.Now.Add(-time.Duration(24+w.rnd.IntN(24*30)) * time.Hour)
			b := w.c.Reflection.Create().
				SetSchoolID(w.school.ID).
				SetStudentID(st.ID).
				SetPrompt(r.Prompt).
				SetBody(r.Body).
				SetSource(reflection.SourceFree).
				SetCreatedAt(at).SetUpdatedAt(at)
			if w.rnd.IntN(5) < 3 {
				b.SetGoalID(w.goals[i][w.rnd.IntN(len(w.goals[i]))].ID)
			}
			builders = append(builders, b)
		}
	}
	rows, err := bulk(ctx, w.generator, "reflections", builders, func(b []*ent.ReflectionCreate) ([]*ent.Reflection, error) {
		return w.c.Reflection.CreateBulk(b...).Save(ctx)
	})
	w.res.Reflections += len(rows)
	return err
}

var levels = []selfassessment.Level{selfassessment.LevelBeginning, selfassessment.LevelDeveloping, selfassessment.LevelProficient, selfassessment.LevelExtending}

// selfAssessments rates each transferable skill twice, last term and this
// term, with growth in about half of them.
func (w *schoolWriter) selfAssessments(ctx context.Context) error {
	var builders []*ent.SelfAssessmentCreate
	for _, st := range w.students {
		last, this := w.opt.Now.AddDate(0, 0, -170), w.opt.Now.AddDate(0, 0, -7)
		for _, sk := range w.skills {
			before := w.rnd.IntN(3)
			after := before + w.rnd.IntN(2)
			builders = append(builders,
				w.c.SelfAssessment.Create().SetSchoolID(w.school.ID).SetStudentID(st.ID).SetSkillID(sk).
					SetLevel(levels[before]).SetTakenAt(last),
				w.c.SelfAssessment.Create().SetSchoolID(w.school.ID).SetStudentID(st.ID).SetSkillID(sk).
					SetLevel(levels[after]).SetTakenAt(this))
		}
	}
	rows, err := bulk(ctx, w.generator, "self-assessments", builders, func(b []*ent.SelfAssessmentCreate) ([]*ent.SelfAssessment, error) {
		return w.c.SelfAssessment.CreateBulk(b...).Save(ctx)
	})
	w.res.SelfAssessments += len(rows)
	return err
}

// conferenceWindow opens booking a day ago for conferences in two weeks:
// each advisor hosts one 20-minute slot per advisee, afternoons.
func (w *schoolWriter) conferenceWindow(ctx context.Context) error {
	hosts := make([]pulid.ID, len(w.advisors))
	for i, a := range w.advisors {
		hosts[i] = a.ID
	}
	window, err := w.c.ConferenceWindow.Create().
		SetSchoolID(w.school.ID).
		SetTerm("Fall conferences").
		SetOpensAt(w.opt.Now.Add(-24 * time.Hour)).
		SetClosesAt(w.opt.Now.AddDate(0, 0, 21)).
		SetSlotMinutes(20).
		SetBufferMinutes(5).
		AddHostIDs(hosts...).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create conference window: %w", err)
	}
	w.res.Windows++
	var builders []*ent.SlotCreate
	start := w.day(14).Add(19 * time.Hour) // 14:00 or 15:00 in Vermont
	for h, host := range hosts {
		advisees := min(StudentsPerAdvisor, w.size-h*StudentsPerAdvisor)
		for n := range advisees {
			at := start.AddDate(0, 0, n/8).Add(time.Duration(n%8) * 25 * time.Minute)
			builders = append(builders, w.c.Slot.Create().
				SetSchoolID(w.school.ID).
				SetWindowID(window.ID).
				SetHostID(host).
				SetStartsAt(at).
				SetEndsAt(at.Add(20*time.Minute)).
				SetLocation(fmt.Sprintf("Room %d", 100+h)))
		}
	}
	rows, err := bulk(ctx, w.generator, "slots", builders, func(b []*ent.SlotCreate) ([]*ent.Slot, error) {
		return w.c.Slot.CreateBulk(b...).Save(ctx)
	})
	w.res.Slots += len(rows)
	if err != nil || !w.opt.Conferences {
		return err
	}
	// Slots were written advisor by advisor, advisee by advisee: slot i is
	// student i's, with their advisor as host.
	var confs []*ent.ConferenceCreate
	for i, sl := range rows {
		confs = append(confs, w.c.Conference.Create().
			SetSchoolID(w.school.ID).
			SetStudentID(w.students[i].ID).
			SetWindowID(window.ID).
			SetSlotID(sl.ID).
			SetStatus(conference.StatusBooked))
	}
	booked, err := bulk(ctx, w.generator, "conferences", confs, func(b []*ent.ConferenceCreate) ([]*ent.Conference, error) {
		return w.c.Conference.CreateBulk(b...).Save(ctx)
	})
	w.res.Conferences += len(booked)
	return err
}
