// Package demo creates the demo school of the product: one Vermont high
// school with staff, sixty students and their families, community partners,
// plans with goals and evidence, and a conference window ready to book.
//
// The demo is the same every time it is seeded (a fixed random seed), with
// dates relative to the moment it is seeded, so the plans always look current.
package demo

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
	"plp/internal/platform/auth"
	"plp/internal/platform/clock"
	"plp/internal/platform/schoolcal"
	"plp/internal/platform/viewer"
	"plp/internal/school/skillframework"
)

// Password is the password of every demo account. It is public on purpose:
// the demo school holds no real person.
const Password = "plp-demo"

const (
	schoolName  = "Green Mountain Union High School"
	timezone    = "America/New_York"
	emailDomain = "demo.plp.test"
)

// Credential is a demo account to show at start-up.
type Credential struct {
	Email string
	Role  string
	Name  string
}

// SeedIfEmpty seeds the demo school when the database has no school yet,
// and reports whether it did. A database that holds any school, demo or
// real, is left alone.
//
// The check and the seed are not one transaction: two servers starting at
// once on an empty database both seed, and the second fails on the unique
// account emails and rolls back, leaving one demo school.
func SeedIfEmpty(ctx context.Context, client *ent.Client, now time.Time) (seeded bool, creds []Credential, err error) {
	n, err := client.School.Query().Count(viewer.SystemContext(ctx))
	if err != nil {
		return false, nil, fmt.Errorf("count schools: %w", err)
	}
	if n > 0 {
		return false, nil, nil
	}
	creds, err = Seed(ctx, client, now)
	if err != nil {
		return false, nil, err
	}
	return true, creds, nil
}

// Seed creates the demo school in one transaction, as the system viewer,
// with dates relative to now. It returns one account per role to sign in
// with; numbered accounts (advisor1-3, student1-60, family1-60, partner1-5)
// exist too. It fails, creating nothing, when any demo email is taken.
func Seed(ctx context.Context, client *ent.Client, now time.Time) ([]Credential, error) {
	loc, err := time.LoadLocation(timezone)
	if err != nil {
		return nil, fmt.Errorf("load time zone %s: %w", timezone, err)
	}
	// Hashed once and shared: argon2id is deliberately slow, and 130 hashes
	// would take longer than everything else together.
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, fmt.Errorf("hash demo password: %w", err)
	}
	// Rows are stamped (created_at) at now, as the dates in them are.
	ctx = clock.NewContext(viewer.SystemContext(ctx), func() time.Time { return now })
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin demo seed: %w", err)
	}
	s := &seeder{
		c:    tx.Client(),
		now:  now,
		loc:  loc,
		hash: hash,
		// A fixed seed: the demo must look the same on every machine, so
		// that guides and screenshots stay true.
		rnd: rand.New(rand.NewPCG(2015, 802)),
		// Pathways draw from their own stream, so adding them left the
		// rest of the demo as it was.
		pathRnd: rand.New(rand.NewPCG(2015, 77)),
	}
	creds, err := s.run(ctx)
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return nil, fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit demo school: %w", err)
	}
	return creds, nil
}

// seeder holds what one seed has created so far; each step reads what the
// steps before it made.
type seeder struct {
	c    *ent.Client
	now  time.Time
	loc  *time.Location
	hash string
	rnd  *rand.Rand
	// pathRnd draws the flexible pathways of goals.
	pathRnd *rand.Rand

	school    *ent.School
	admin     *ent.Account
	counselor *ent.Account
	advisors  []*ent.Account
	studentAc []*ent.Account // studentAc[i] signs in as students[i]
	families  []*ent.Account // families[i] is a guardian of students[i]
	partners  []*ent.Account
	skills    map[string]pulid.ID // by code
	students  []*ent.Student
	goals     [][]plannedGoal // goals[i] are the goals of students[i]
	window    *ent.ConferenceWindow
	hostSlots [][]*ent.Slot // hostSlots[h] are the slots of advisors[h], in time order
}

// plannedGoal is a goal with the idea it came from, so evidence and
// reflections can follow its area.
type plannedGoal struct {
	*ent.Goal
	idea goalIdea
}

func (s *seeder) run(ctx context.Context) ([]Credential, error) {
	steps := []struct {
		name string
		do   func(context.Context) error
	}{
		{"school", s.createSchool},
		{"accounts", s.createAccounts},
		{"skill framework", s.installFramework},
		{"students", s.createStudents},
		{"guardianships", s.createGuardianships},
		{"partnerships", s.createPartnerships},
		{"goals", s.createGoals},
		{"evidence", s.createEvidence},
		{"reflections", s.createReflections},
		{"self-assessments", s.createSelfAssessments},
		{"conferences", s.createConferences},
		{"conference workflows", s.createWorkflows},
	}
	for _, step := range steps {
		if err := step.do(ctx); err != nil {
			return nil, fmt.Errorf("seed demo %s: %w", step.name, err)
		}
	}
	return []Credential{
		credential(s.admin, membership.RoleAdmin),
		credential(s.counselor, membership.RoleCounselor),
		credential(s.advisors[0], membership.RoleAdvisor),
		credential(s.studentAc[0], membership.RoleStudent),
		credential(s.families[0], membership.RoleFamily),
		credential(s.partners[0], membership.RolePartner),
	}, nil
}

func credential(a *ent.Account, role membership.Role) Credential {
	return Credential{Email: a.Email, Role: strings.ToLower(string(role)), Name: a.Name}
}

func (s *seeder) createSchool(ctx context.Context) error {
	school, err := s.c.School.Create().
		SetName(schoolName).
		SetTimezone(timezone).
		SetLocale("en-US").
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create school %q: %w", schoolName, err)
	}
	s.school = school
	return nil
}

// person is one account to create.
type person struct {
	email, name, lang string
	role              membership.Role
}

func (s *seeder) createAccounts(ctx context.Context) error {
	people := []person{
		{email: "admin", name: "Ellen Marsh", role: membership.RoleAdmin},
		{email: "counselor", name: "Dana Kowalski", role: membership.RoleCounselor},
	}
	for i, name := range advisorNames {
		people = append(people, person{email: fmt.Sprintf("advisor%d", i+1), name: name, role: membership.RoleAdvisor})
	}
	for i, p := range pupils {
		people = append(people, person{email: fmt.Sprintf("student%d", i+1), name: p.preferred + " " + p.family, role: membership.RoleStudent})
	}
	for i, p := range pupils {
		people = append(people, person{email: fmt.Sprintf("family%d", i+1), name: p.guardianName(), lang: p.lang, role: membership.RoleFamily})
	}
	for i, p := range partners {
		people = append(people, person{email: fmt.Sprintf("partner%d", i+1), name: p.name, role: membership.RolePartner})
	}

	builders := make([]*ent.AccountCreate, len(people))
	for i, p := range people {
		b := s.c.Account.Create().
			SetEmail(p.email + "@" + emailDomain).
			SetName(p.name).
			SetPasswordHash(s.hash)
		if p.lang != "" {
			b.SetPreferredLanguage(p.lang)
		}
		builders[i] = b
	}
	accounts, err := s.c.Account.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("create %d accounts: %w", len(builders), err)
	}
	members := make([]*ent.MembershipCreate, len(people))
	for i, p := range people {
		members[i] = s.c.Membership.Create().SetSchoolID(s.school.ID).SetAccountID(accounts[i].ID).SetRole(p.role)
	}
	if err := s.c.Membership.CreateBulk(members...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d memberships: %w", len(members), err)
	}

	// Same order as people above.
	rest := accounts
	take := func(n int) []*ent.Account {
		out := rest[:n:n]
		rest = rest[n:]
		return out
	}
	s.admin, s.counselor = take(1)[0], take(1)[0]
	s.advisors = take(len(advisorNames))
	s.studentAc = take(len(pupils))
	s.families = take(len(pupils))
	s.partners = take(len(partners))
	return nil
}

func (s *seeder) installFramework(ctx context.Context) error {
	fw, err := skillframework.InstallVermont(ctx, s.c, s.school.ID)
	if err != nil {
		return err
	}
	skills, err := fw.QuerySkills().All(ctx)
	if err != nil {
		return fmt.Errorf("read skills of framework %s: %w", fw.ID, err)
	}
	s.skills = make(map[string]pulid.ID, len(skills))
	for _, sk := range skills {
		s.skills[sk.Code] = sk.ID
	}
	return nil
}

// schoolYear returns the calendar year in which now's school year began.
func (s *seeder) schoolYear() int { return schoolcal.YearOf(s.now, s.loc).StartYear() }

// gradeOf spreads students evenly over grades 9-12, seniors first, so
// student1 has the fullest plan to show.
func gradeOf(i int) int { return 12 - i%4 }

// partnerOf returns the index of student i's community partner, or -1.
// Work-based learning is for upperclassmen: every senior, and every
// other junior.
func partnerOf(i int) int {
	switch {
	case i%4 == 0:
		return (i / 4) % len(partners)
	case i%8 == 1:
		return (i / 8) % len(partners)
	}
	return -1
}

func (s *seeder) createStudents(ctx context.Context) error {
	year := s.schoolYear()
	builders := make([]*ent.StudentCreate, len(pupils))
	for i, p := range pupils {
		grade := gradeOf(i)
		// In grade g a student turns g+5 by September 1 of the school year.
		born := time.Date(year-grade-6, time.September, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.rnd.IntN(365))
		interests := pick(s.rnd, interestPool, 3)
		if k := partnerOf(i); k >= 0 && !slices.Contains(interests, partners[k].interest) {
			interests = append(interests, partners[k].interest)
		}
		builders[i] = s.c.Student.Create().
			SetSchoolID(s.school.ID).
			SetAccountID(s.studentAc[i].ID).
			SetGivenName(p.given).
			SetFamilyName(p.family).
			SetPreferredName(p.preferred).
			SetPronouns(p.pronouns).
			SetGrade(grade).
			SetGraduationYear(year + 1 + 12 - grade).
			SetBirthDate(born).
			SetIdentityStatement(identityStatements[s.rnd.IntN(len(identityStatements))]).
			SetStrengths(pick(s.rnd, strengthPool, 2+s.rnd.IntN(2))).
			SetInterests(interests).
			SetLearningPreferences(learningPreferences[s.rnd.IntN(len(learningPreferences))]).
			SetAdvisorID(s.advisors[i%len(s.advisors)].ID).
			SetCounselorID(s.counselor.ID).
			// Enrolled when the school year began, not at the seed: a
			// student who has not reflected since is reminded.
			SetCreatedAt(time.Date(year, time.August, 25, 12, 0, 0, 0, time.UTC))
	}
	students, err := s.c.Student.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("create %d students: %w", len(builders), err)
	}
	s.students = students
	return nil
}

func (s *seeder) createGuardianships(ctx context.Context) error {
	builders := make([]*ent.GuardianshipCreate, len(pupils))
	for i, p := range pupils {
		builders[i] = s.c.Guardianship.Create().
			SetStudentID(s.students[i].ID).
			SetFamilyID(s.families[i].ID).
			SetRelationship(p.relationship).
			SetCanBook(true).
			SetReceivesMail(true)
	}
	if err := s.c.Guardianship.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d guardianships: %w", len(builders), err)
	}
	return nil
}

func (s *seeder) createPartnerships(ctx context.Context) error {
	year := s.schoolYear()
	var builders []*ent.PartnershipCreate
	for i := range s.students {
		k := partnerOf(i)
		if k < 0 {
			continue
		}
		starts := time.Date(year, time.September, 14+s.rnd.IntN(21), 0, 0, 0, 0, time.UTC)
		ends := time.Date(year+1, time.June, 12, 0, 0, 0, 0, time.UTC)
		builders = append(builders, s.c.Partnership.Create().
			SetStudentID(s.students[i].ID).
			SetPartnerID(s.partners[k].ID).
			SetOrganization(partners[k].organization).
			SetDescription(partners[k].description).
			SetStartsOn(starts).
			SetEndsOn(ends))
	}
	if err := s.c.Partnership.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d partnerships: %w", len(builders), err)
	}
	return nil
}

// day returns the school-local calendar date of t, as midnight UTC: the form
// every date-only field of the demo takes.
func (s *seeder) day(t time.Time) time.Time {
	y, m, d := t.In(s.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (s *seeder) daysAgo(n int) time.Time { return s.now.AddDate(0, 0, -n) }

// at returns the instant at hour o'clock, school time, on a date made by day.
func (s *seeder) at(date time.Time, hour int) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), hour, s.rnd.IntN(60), 0, 0, s.loc)
}

// doing returns the goals a student is working on or has achieved, or all
// their goals when every one is still a draft. Evidence and reflections
// attach to these: they tell of work done.
func doing(goals []plannedGoal) []plannedGoal {
	out := slices.DeleteFunc(slices.Clone(goals), func(g plannedGoal) bool { return g.Status == goal.StatusDraft })
	if len(out) == 0 {
		return goals
	}
	return out
}

// plannedMilestone is a milestone waiting for its goal's ID.
type plannedMilestone struct {
	goal   int // index into the goal builders
	title  string
	due    time.Time
	doneAt *time.Time
}

func (s *seeder) createGoals(ctx context.Context) error {
	var (
		builders   []*ent.GoalCreate
		ideas      []goalIdea
		owners     []int
		milestones []plannedMilestone
	)
	for i, st := range s.students {
		areas := slices.Clone(goalAreas)
		s.rnd.Shuffle(len(areas), func(a, b int) { areas[a], areas[b] = areas[b], areas[a] })
		for _, area := range areas[:2+s.rnd.IntN(3)] {
			candidates := ideasFor(area, st.Grade)
			idea := candidates[s.rnd.IntN(len(candidates))]
			status := s.goalStatus()
			planned := s.planMilestones(len(builders), idea, status)
			// Set three weeks before the first milestone; a draft is new.
			created := s.at(planned[0].due.AddDate(0, 0, -21), 14+s.rnd.IntN(6))
			if status == goal.StatusDraft {
				created = s.daysAgo(2 + s.rnd.IntN(8))
			}
			done, updated := 0, created
			for _, m := range planned {
				if m.doneAt != nil {
					done++
					updated = *m.doneAt
				}
			}
			// A short-term goal is due soon after its last milestone; a
			// long-term one reaches past this school year.
			target := s.day(planned[len(planned)-1].due.AddDate(0, 0, 10+s.rnd.IntN(14)))
			if idea.term == goal.TermLong {
				target = time.Date(s.schoolYear()+2, time.June, 15, 0, 0, 0, 0, time.UTC)
			}
			b := s.c.Goal.Create().
				SetStudentID(st.ID).
				SetArea(idea.area).
				SetTitle(idea.title).
				SetWhy(idea.why).
				SetSuccessCriteria(idea.success).
				SetTerm(idea.term).
				SetTargetDate(target).
				SetStatus(status).
				SetProgress(hook.Progress(done, len(planned))).
				SetNillablePathway(pathway.Typical(string(idea.area), st.Grade, s.pathRnd.IntN(100))).
				SetCreatedAt(created).
				SetUpdatedAt(updated)
			for _, code := range idea.skills {
				b.AddSkillIDs(s.skills[code])
			}
			builders = append(builders, b)
			ideas = append(ideas, idea)
			owners = append(owners, i)
			milestones = append(milestones, planned...)
		}
	}
	goals, err := s.c.Goal.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("create %d goals: %w", len(builders), err)
	}
	s.goals = make([][]plannedGoal, len(s.students))
	for j, g := range goals {
		s.goals[owners[j]] = append(s.goals[owners[j]], plannedGoal{Goal: g, idea: ideas[j]})
	}

	mbs := make([]*ent.MilestoneCreate, len(milestones))
	position := map[int]int{}
	for j, m := range milestones {
		mbs[j] = s.c.Milestone.Create().
			SetGoalID(goals[m.goal].ID).
			SetTitle(m.title).
			SetPosition(position[m.goal]).
			SetDue(m.due).
			SetNillableDoneAt(m.doneAt)
		position[m.goal]++
	}
	if err := s.c.Milestone.CreateBulk(mbs...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d milestones: %w", len(mbs), err)
	}
	return nil
}

// goalStatus is mostly active, as in a school in the middle of a term.
func (s *seeder) goalStatus() goal.Status {
	switch r := s.rnd.IntN(20); {
	case r < 13:
		return goal.StatusActive
	case r < 16:
		return goal.StatusDraft
	default:
		return goal.StatusAchieved
	}
}

// planMilestones spaces 2-4 milestones around now: an achieved goal's are
// all past and done, a draft's all ahead, an active goal's straddle now
// with the past ones done except, sometimes, one running late.
func (s *seeder) planMilestones(goalIndex int, idea goalIdea, status goal.Status) []plannedMilestone {
	n := 2 + s.rnd.IntN(3)
	var first time.Time
	step := 21
	switch status {
	case goal.StatusAchieved:
		first, step = s.daysAgo(60+s.rnd.IntN(40)), 14
	case goal.StatusDraft:
		first = s.now.AddDate(0, 0, 14+s.rnd.IntN(14))
	default:
		// The last milestone stays ahead: an active goal is not finished.
		back := min(20+s.rnd.IntN(30), (n-1)*step-7)
		first = s.daysAgo(back)
	}
	late := status == goal.StatusActive && s.rnd.IntN(4) == 0
	out := make([]plannedMilestone, n)
	for k := range n {
		due := s.day(first.AddDate(0, 0, k*step))
		m := plannedMilestone{goal: goalIndex, title: idea.milestones[k], due: due}
		isPast := due.Before(s.now)
		nextIsPast := k+1 < n && s.day(first.AddDate(0, 0, (k+1)*step)).Before(s.now)
		if status == goal.StatusAchieved || (isPast && !(late && !nextIsPast)) {
			// Done after school, up to two days before it was due, and
			// never after now.
			done := s.at(due.AddDate(0, 0, -s.rnd.IntN(3)), 15+s.rnd.IntN(6))
			if done.After(s.now) {
				done = s.now.Add(-2 * time.Hour)
			}
			m.doneAt = &done
		}
		out[k] = m
	}
	return out
}

func (s *seeder) createEvidence(ctx context.Context) error {
	var builders []*ent.EvidenceCreate
	visibilities := []evidence.Visibility{
		evidence.VisibilityPrivate, evidence.VisibilitySchool, evidence.VisibilityFamily, evidence.VisibilityPartners,
	}
	type item struct {
		goal plannedGoal
		idea evidenceIdea
	}
	for i, st := range s.students {
		var items []item
		for _, g := range doing(s.goals[i]) {
			for _, e := range evidenceFor(g.idea) {
				items = append(items, item{g, e})
			}
		}
		s.rnd.Shuffle(len(items), func(a, b int) { items[a], items[b] = items[b], items[a] })
		for _, it := range items[:min(1+s.rnd.IntN(3), len(items))] {
			g, idea := it.goal, it.idea
			// Some day between setting the goal and yesterday.
			days := max(1, int(s.now.Sub(g.CreatedAt).Hours()/24))
			occurred := s.day(s.daysAgo(1 + s.rnd.IntN(days)))
			b := s.c.Evidence.Create().
				SetStudentID(st.ID).
				SetTitle(idea.title).
				SetDescription(idea.description).
				SetKind(idea.kind).
				SetInSchool(s.rnd.IntN(2) == 0).
				SetOccurredOn(occurred).
				SetVisibility(visibilities[s.rnd.IntN(len(visibilities))]).
				SetNillablePathway(g.Pathway). // evidence of a pathway's goal comes from that pathway
				SetCreatedAt(s.at(occurred, 16+s.rnd.IntN(5))).
				AddGoalIDs(g.ID).
				AddSkillIDs(s.skills[g.idea.skills[0]])
			switch idea.kind {
			case evidence.KindLink:
				b.SetURL(idea.url)
			case evidence.KindText:
				b.SetBody(idea.body)
			case evidence.KindDocument:
				// Metadata only: the demo has no files, and a document
				// without a blob reads as "file not uploaded yet".
				b.SetContentType(idea.contentType).SetSize(idea.size)
			}
			builders = append(builders, b)
		}
	}
	if err := s.c.Evidence.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d evidence items: %w", len(builders), err)
	}
	return nil
}

func (s *seeder) createReflections(ctx context.Context) error {
	var builders []*ent.ReflectionCreate
	for i, st := range s.students {
		n := 1 + s.rnd.IntN(2)
		for k := range n {
			// Recent enough that most demo students are not overdue for a
			// reflection reminder; some are (workflows.go).
			at := s.daysAgo(1 + s.rnd.IntN(12)).Add(-time.Duration(s.rnd.IntN(8)) * time.Hour)
			if i%overdueEvery == overdueFrom {
				at = at.AddDate(0, 0, -overdueDays)
			}
			b := s.c.Reflection.Create().SetStudentID(st.ID).SetCreatedAt(at).SetUpdatedAt(at)
			if s.rnd.IntN(5) < 3 {
				goals := doing(s.goals[i])
				g := goals[s.rnd.IntN(len(goals))]
				r := goalReflections[(i+k)%len(goalReflections)]
				b.SetGoalID(g.ID).SetPrompt(r.prompt).SetBody(r.body).SetSource(reflection.SourceFree)
			} else {
				r := openReflections[(i+k)%len(openReflections)]
				b.SetBody(r.body).SetSource(r.source)
				if r.prompt != "" {
					b.SetPrompt(r.prompt)
				}
			}
			builders = append(builders, b)
		}
	}
	if err := s.c.Reflection.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d reflections: %w", len(builders), err)
	}
	return nil
}

var levels = []selfassessment.Level{
	selfassessment.LevelBeginning, selfassessment.LevelDeveloping, selfassessment.LevelProficient, selfassessment.LevelExtending,
}

// createSelfAssessments rates each transferable skill twice, last term and
// this term, so growth charts have two points; most students grow in some
// skills and hold steady in others, as real ones do.
func (s *seeder) createSelfAssessments(ctx context.Context) error {
	var builders []*ent.SelfAssessmentCreate
	for _, st := range s.students {
		// About half a year apart: at the end of last term, and a week or
		// two ago.
		lastTerm := s.daysAgo(165 + s.rnd.IntN(20))
		thisTerm := s.daysAgo(3 + s.rnd.IntN(14))
		for k, sk := range skillframework.Vermont {
			before := s.rnd.IntN(3)
			after := before
			if s.rnd.IntN(10) < 6 {
				after++
			}
			id := s.skills[sk.Code]
			at := time.Duration(k) * 2 * time.Minute
			builders = append(builders,
				s.c.SelfAssessment.Create().SetStudentID(st.ID).SetSkillID(id).
					SetLevel(levels[before]).SetTakenAt(lastTerm.Add(at)),
			)
			current := s.c.SelfAssessment.Create().SetStudentID(st.ID).SetSkillID(id).
				SetLevel(levels[after]).SetTakenAt(thisTerm.Add(at))
			if after > before {
				notes := growthNotes[sk.Code]
				current.SetNote(notes[s.rnd.IntN(len(notes))])
			}
			builders = append(builders, current)
		}
	}
	if err := s.c.SelfAssessment.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d self-assessments: %w", len(builders), err)
	}
	return nil
}

// term names the term now falls in, as schools say it: "Fall 2026".
func (s *seeder) term() string { return schoolcal.TermOf(s.now, s.loc).Title() }

// conferenceDays returns the three weekdays after the week to come: far
// enough ahead for families to plan, inside the booking window.
func (s *seeder) conferenceDays() []time.Time {
	d := s.now.In(s.loc).AddDate(0, 0, 7)
	var days []time.Time
	for len(days) < 3 {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	return days
}

const (
	slotMinutes   = 20
	bufferMinutes = 5
)

func (s *seeder) createConferences(ctx context.Context) error {
	hostIDs := make([]pulid.ID, len(s.advisors))
	for i, a := range s.advisors {
		hostIDs[i] = a.ID
	}
	window, err := s.c.ConferenceWindow.Create().
		SetSchoolID(s.school.ID).
		SetTerm(s.term()).
		SetOpensAt(s.now.Add(-24 * time.Hour)).
		SetClosesAt(s.now.AddDate(0, 0, 21)).
		SetSlotMinutes(slotMinutes).
		SetBufferMinutes(bufferMinutes).
		SetLocation(schoolName + ", advisory rooms").
		AddHostIDs(hostIDs...).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("create conference window: %w", err)
	}

	// Afternoons and early evenings, when working families can come.
	var builders []*ent.SlotCreate
	var hostOf []int
	for h, host := range s.advisors {
		for _, d := range s.conferenceDays() {
			y, m, dd := d.Date()
			end := time.Date(y, m, dd, 19, 0, 0, 0, s.loc)
			for at := time.Date(y, m, dd, 15, 0, 0, 0, s.loc); !at.Add(slotMinutes * time.Minute).After(end); at = at.Add((slotMinutes + bufferMinutes) * time.Minute) {
				builders = append(builders, s.c.Slot.Create().
					SetWindowID(window.ID).
					SetHostID(host.ID).
					SetStartsAt(at).
					SetEndsAt(at.Add(slotMinutes*time.Minute)).
					SetLocation(advisorRooms[h]).
					SetCapacity(1))
				hostOf = append(hostOf, h)
			}
		}
	}
	slots, err := s.c.Slot.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("create %d slots: %w", len(builders), err)
	}
	bySlotHost := make([][]*ent.Slot, len(s.advisors))
	for j, sl := range slots {
		bySlotHost[hostOf[j]] = append(bySlotHost[hostOf[j]], sl)
	}
	s.window, s.hostSlots = window, bySlotHost

	// The first six families have booked already, two per advisor, spread
	// over the days so the calendar shows both booked and open slots.
	var bookings []*ent.ConferenceCreate
	for i := range 6 {
		h := i % len(s.advisors)
		free := bySlotHost[h]
		sl := free[(i/len(s.advisors))*len(free)/2+2]
		b := s.c.Conference.Create().
			SetStudentID(s.students[i].ID).
			SetWindowID(window.ID).
			SetSlotID(sl.ID).
			SetStatus(conference.StatusBooked).
			AddAttendeeIDs(s.families[i].ID)
		if lang := pupils[i].lang; lang != "" {
			b.SetInterpreterLanguage(lang)
		}
		bookings = append(bookings, b)
	}
	if err := s.c.Conference.CreateBulk(bookings...).Exec(ctx); err != nil {
		return fmt.Errorf("create %d conferences: %w", len(bookings), err)
	}
	return nil
}

// pick returns n different items of pool in random order.
func pick(rnd *rand.Rand, pool []string, n int) []string {
	out := make([]string, 0, n)
	for _, j := range rnd.Perm(len(pool))[:n] {
		out = append(out, pool[j])
	}
	return out
}

// The people of the demo school. Every name is invented; the mix of names
// reflects a Vermont union high school, with families who settled from
// Québec, Bhutan and Nepal, Somalia, Vietnam, Bosnia and Central Africa.

var advisorNames = []string{"Rachel Thibodeau", "Marcus Ellison", "Priya Raman"}

// advisorRooms are where each advisor holds conferences.
var advisorRooms = []string{"Room 104", "Room 112", "Room 118"}

// pupil is a student and the family member who is their guardian.
type pupil struct {
	given, family, preferred, pronouns string
	guardian, relationship             string
	guardianFamily                     string // when not the student's family name
	lang                               string // the family's language, when not English
}

func (p pupil) guardianName() string {
	if p.guardianFamily != "" {
		return p.guardian + " " + p.guardianFamily
	}
	return p.guardian + " " + p.family
}

var pupils = []pupil{
	{given: "Eleanor", family: "Bouchard", preferred: "Nora", pronouns: "she/her", guardian: "Michelle", relationship: "mother"},
	{given: "Caleb", family: "Whitcomb", preferred: "Caleb", pronouns: "he/him", guardian: "Dave", relationship: "father"},
	{given: "Sita", family: "Gurung", preferred: "Sita", pronouns: "she/her", guardian: "Bina", relationship: "mother", lang: "ne"},
	{given: "Owen", family: "Lamoureux", preferred: "Owen", pronouns: "he/him", guardian: "Denise", relationship: "grandmother", guardianFamily: "Paquette"},
	{given: "Margaret", family: "O'Brien", preferred: "Maggie", pronouns: "she/her", guardian: "Kevin", relationship: "father"},
	{given: "Hassan", family: "Abdi", preferred: "Hassan", pronouns: "he/him", guardian: "Halima", relationship: "mother", guardianFamily: "Warsame", lang: "so"},
	{given: "Riley", family: "Chamberlain", preferred: "Riley", pronouns: "they/them", guardian: "Jen", relationship: "mother"},
	{given: "Benjamin", family: "Tatro", preferred: "Ben", pronouns: "he/him", guardian: "Ray", relationship: "father"},
	{given: "Amira", family: "Mohamed", preferred: "Amira", pronouns: "she/her", guardian: "Asha", relationship: "mother", guardianFamily: "Hussein", lang: "so"},
	{given: "Lucas", family: "Gagnon", preferred: "Luc", pronouns: "he/him", guardian: "Sylvie", relationship: "mother", lang: "fr"},
	{given: "Hazel", family: "Pomerleau", preferred: "Hazel", pronouns: "she/her", guardian: "Scott", relationship: "father"},
	{given: "Tenzin", family: "Sherpa", preferred: "Tenzin", pronouns: "he/him", guardian: "Pemba", relationship: "father", lang: "ne"},
	{given: "Charlotte", family: "Fitzgerald", preferred: "Charlie", pronouns: "she/they", guardian: "Anne", relationship: "mother"},
	{given: "Wyatt", family: "Desrochers", preferred: "Wyatt", pronouns: "he/him", guardian: "Gary", relationship: "grandfather"},
	{given: "Lan", family: "Nguyen", preferred: "Lan", pronouns: "she/her", guardian: "Thu", relationship: "mother", lang: "vi"},
	{given: "Elijah", family: "Baker", preferred: "Eli", pronouns: "he/him", guardian: "Chris", relationship: "guardian", guardianFamily: "Lindqvist"},
	{given: "Ava", family: "Kingsbury", preferred: "Ava", pronouns: "she/her", guardian: "Heather", relationship: "mother"},
	{given: "Samuel", family: "Hakizimana", preferred: "Sam", pronouns: "he/him", guardian: "Jean-Pierre", relationship: "father", lang: "sw"},
	{given: "Isabel", family: "Carrier", preferred: "Izzy", pronouns: "she/her", guardian: "Tammy", relationship: "mother"},
	{given: "Jonah", family: "Peabody", preferred: "Jonah", pronouns: "he/him", guardian: "Will", relationship: "father"},
	{given: "Mira", family: "Subedi", preferred: "Mira", pronouns: "she/her", guardian: "Laxmi", relationship: "mother", lang: "ne"},
	{given: "Henry", family: "Morse", preferred: "Hank", pronouns: "he/him", guardian: "Carol", relationship: "grandmother"},
	{given: "Phoebe", family: "Lachance", preferred: "Phoebe", pronouns: "she/her", guardian: "Marc", relationship: "father"},
	{given: "Aidan", family: "Murphy", preferred: "Aidan", pronouns: "he/him", guardian: "Kathleen", relationship: "mother"},
	{given: "Emina", family: "Hodžić", preferred: "Emina", pronouns: "she/her", guardian: "Amra", relationship: "mother", lang: "bs"},
	{given: "Theodore", family: "Ainsworth", preferred: "Teddy", pronouns: "he/him", guardian: "Peter", relationship: "father"},
	{given: "Willa", family: "Brigham", preferred: "Willa", pronouns: "she/her", guardian: "Sara", relationship: "stepmother"},
	{given: "Jasper", family: "Côté", preferred: "Jasper", pronouns: "he/him", guardian: "Nicole", relationship: "mother"},
	{given: "Naomi", family: "Goldberg", preferred: "Naomi", pronouns: "she/her", guardian: "Rachel", relationship: "mother"},
	{given: "Micah", family: "Thibault", preferred: "Micah", pronouns: "they/them", guardian: "Steve", relationship: "father"},
	{given: "Grace", family: "Farnsworth", preferred: "Gracie", pronouns: "she/her", guardian: "Wendy", relationship: "mother"},
	{given: "Dylan", family: "Rivard", preferred: "Dylan", pronouns: "he/him", guardian: "Paul", relationship: "father"},
	{given: "Fatuma", family: "Ali", preferred: "Fatuma", pronouns: "she/her", guardian: "Hodan", relationship: "mother", guardianFamily: "Farah", lang: "so"},
	{given: "Connor", family: "McAllister", preferred: "Connor", pronouns: "he/him", guardian: "Bruce", relationship: "grandfather", guardianFamily: "Wood"},
	{given: "Lily", family: "Tran", preferred: "Lily", pronouns: "she/her", guardian: "Hoa", relationship: "mother", lang: "vi"},
	{given: "Nathaniel", family: "Spaulding", preferred: "Nate", pronouns: "he/him", guardian: "Erin", relationship: "mother"},
	{given: "Josephine", family: "Marcotte", preferred: "Josie", pronouns: "she/her", guardian: "Luc", relationship: "father"},
	{given: "Ethan", family: "Wheeler", preferred: "Ethan", pronouns: "he/him", guardian: "Lisa", relationship: "aunt", guardianFamily: "Kendall"},
	{given: "Bishnu", family: "Rai", preferred: "Bishnu", pronouns: "he/him", guardian: "Dil", relationship: "father", lang: "ne"},
	{given: "Sofía", family: "Ramírez", preferred: "Sofía", pronouns: "she/her", guardian: "Lucía", relationship: "mother", lang: "es"},
	{given: "Mateo", family: "Ramírez", preferred: "Mateo", pronouns: "he/him", guardian: "Jorge", relationship: "father", lang: "es"},
	{given: "Jack", family: "Preston", preferred: "Jack", pronouns: "he/him", guardian: "Mark", relationship: "father"},
	{given: "Madeline", family: "Beaulieu", preferred: "Maddie", pronouns: "she/her", guardian: "Chantal", relationship: "mother"},
	{given: "Daniel", family: "Okafor", preferred: "Danny", pronouns: "he/him", guardian: "Ngozi", relationship: "mother"},
	{given: "Ruby", family: "Sargent", preferred: "Ruby", pronouns: "she/her", guardian: "Barbara", relationship: "grandmother"},
	{given: "Isaac", family: "Larose", preferred: "Isaac", pronouns: "he/him", guardian: "Joel", relationship: "father"},
	{given: "Clara", family: "Whitney", preferred: "Clara", pronouns: "she/her", guardian: "Amy", relationship: "mother"},
	{given: "Mason", family: "Dubois", preferred: "Mason", pronouns: "he/him", guardian: "Brian", relationship: "stepfather", guardianFamily: "Hale"},
	{given: "Anjali", family: "Patel", preferred: "Anjali", pronouns: "she/her", guardian: "Nisha", relationship: "mother"},
	{given: "Levi", family: "Rowell", preferred: "Levi", pronouns: "he/him", guardian: "Jeff", relationship: "father"},
	{given: "Evelyn", family: "Stannard", preferred: "Evie", pronouns: "she/her", guardian: "Kristen", relationship: "mother"},
	{given: "Gabriel", family: "Mwamba", preferred: "Gabe", pronouns: "he/him", guardian: "Esther", relationship: "mother", lang: "fr"},
	{given: "Juniper", family: "Cross", preferred: "June", pronouns: "she/her", guardian: "Holly", relationship: "mother"},
	{given: "Patrick", family: "Halloran", preferred: "Pat", pronouns: "he/him", guardian: "Sean", relationship: "father"},
	{given: "Zoe", family: "Vaillancourt", preferred: "Zoe", pronouns: "she/her", guardian: "Julie", relationship: "mother"},
	{given: "Samir", family: "Begić", preferred: "Samir", pronouns: "he/him", guardian: "Adnan", relationship: "father", lang: "bs"},
	{given: "Addison", family: "Lyford", preferred: "Addie", pronouns: "she/her", guardian: "Tracy", relationship: "mother"},
	{given: "Thomas", family: "Giroux", preferred: "Tommy", pronouns: "he/him", guardian: "Roger", relationship: "grandfather"},
	{given: "Maya", family: "Friedman", preferred: "Maya", pronouns: "she/her", guardian: "Dan", relationship: "father"},
	{given: "Rowan", family: "Emery", preferred: "Rowan", pronouns: "he/they", guardian: "Beth", relationship: "mother"},
}

// partner is a community partner and the organization they mentor for;
// interest is added to their students' interests so the match makes sense.
type partner struct {
	name, organization, description, interest string
}

var partners = []partner{
	{
		name: "Tom Bartlett", organization: "Sugar Hollow Farm", interest: "farming",
		description: "Work-based learning on a family dairy and maple farm: animal care, the sugaring season and the farm's books.",
	},
	{
		name: "Amina Yusuf", organization: "Mad River Valley Hospital", interest: "medicine",
		description: "Job shadowing across the emergency department, the lab and physical therapy, with a weekly debrief.",
	},
	{
		name: "Jess Moreau", organization: "Onion River Makerspace", interest: "engineering",
		description: "Design and build projects on the laser cutter, 3D printers and in the wood shop, from sketch to finished piece.",
	},
	{
		name: "Glen Whitaker", organization: "The Mountain Echo", interest: "journalism",
		description: "Reporting, photography and editing for the weekly community paper, with one published story a month.",
	},
	{
		name: "Kelly Ouellette", organization: "Waterbury Recreation Department", interest: "coaching",
		description: "Coaching youth soccer and ski club, and helping plan the town's winter carnival.",
	},
}

var strengthPool = []string{
	"writing", "public speaking", "listening", "math", "drawing", "building things", "organizing",
	"leading a team", "patience", "curiosity", "humor", "persistence", "music", "caring for animals",
	"cooking", "coding", "research", "asking good questions", "working with kids",
	"staying calm under pressure", "languages", "woodworking",
}

var interestPool = []string{
	"skiing", "snowboarding", "hunting and fishing", "hiking the Long Trail", "photography", "robotics",
	"soccer", "basketball", "nordic skiing", "theater", "guitar", "choir", "video games", "graphic design",
	"environmental science", "history", "cooking", "fashion", "mountain biking", "poetry", "small engines",
	"politics", "film", "veterinary care", "climate action", "mental health advocacy", "anime", "baking",
}

var identityStatements = []string{
	"I grew up on a dairy farm and I'm not afraid of hard work. I want to find a way to keep farming part of my life.",
	"I'm the oldest of four, so I'm used to helping out. School is where I get to figure out what I want for myself.",
	"I moved to Vermont in seventh grade and speak two languages at home. I'm proud of where my family comes from and of where we are now.",
	"I'm a quiet person until I'm on a stage. Theater taught me I have more to say than I thought.",
	"I like to understand how things work, so I take them apart. Sometimes I even put them back together.",
	"I'm happiest outside, on skis or on a trail. I learn best when school connects to the world around me.",
	"Writing is how I figure out what I think. I keep a notebook with me everywhere.",
	"I care about fairness and I speak up when something is wrong. I want to work on problems that matter to my town.",
	"I work twenty hours a week at the general store, so I've learned to manage my time. My plan has to fit my real life.",
	"I'm still figuring out who I am, and that's okay. Right now I'm into music, my friends, and trying new things.",
	"Sports are a big part of my life, but I want people to know me for more than that.",
	"I love animals and I'm pretty sure I want to work with them someday, maybe as a vet tech.",
	"I'm a maker: I draw, code and build. I want to make things people actually use.",
	"Math used to be hard for me until it clicked. Now I like helping other people get there too.",
	"I'm proud of my family and my culture. I want to be the first in my family to go to college.",
}

var learningPreferences = []string{
	"I learn best by doing: hands-on projects, labs and time in the shop.",
	"I need quiet time to think before I share in a group. Written instructions help me a lot.",
	"Visuals help me most: diagrams, videos and color-coded notes.",
	"I do best with clear deadlines broken into small steps, and a check-in halfway through.",
	"I like talking ideas through with a partner before I write anything down.",
	"Movement breaks help me focus. I work better standing up or outside.",
	"I learn best when I can see how the work connects to something real, like a job or my community.",
	"Audiobooks and text-to-speech help me keep up with the reading.",
	"I like to research on my own first, then ask questions once I've tried something.",
	"Feedback works best for me one-on-one, with an example of what good work looks like.",
}

// goalAreas are the areas demo goals come from; SCHOOL areas are each
// school's own, so the demo leaves them to the admin to create.
var goalAreas = []goal.Area{goal.AreaAcademic, goal.AreaCareer, goal.AreaPersonal, goal.AreaCivic, goal.AreaWellness}

// goalIdea is a goal a student might set, with four milestones of which a
// plan takes the first two to four.
type goalIdea struct {
	area                goal.Area
	term                goal.Term
	title, why, success string
	milestones          [4]string
	skills              []string // codes of Vermont transferable skills; the first is the main one
	minGrade            int      // the lowest grade the goal suits, when not every grade
}

const (
	comm  = skillframework.VermontCommunication
	self  = skillframework.VermontSelfDirection
	prob  = skillframework.VermontProblemSolve
	citz  = skillframework.VermontCitizenship
	think = skillframework.VermontThinking
)

var goalIdeas = []goalIdea{
	// Academic.
	{
		area: goal.AreaAcademic, term: goal.TermShort,
		title:      "Raise my Algebra II grade to a B",
		why:        "I want to keep the door open to engineering programs, and math is where I'm shakiest.",
		success:    "A B or better for the semester, and no missing assignments for six weeks.",
		milestones: [4]string{"Go to math help sessions twice a week", "Redo the quiz on quadratic functions", "Finish the unit review early", "Score 80% or better on the unit test"},
		skills:     []string{self, think},
		minGrade:   10,
	},
	{
		area: goal.AreaAcademic, term: goal.TermShort,
		title:      "Read six books I choose myself this year",
		why:        "I used to love reading and lost the habit. I want it back.",
		success:    "Six books finished, each with a short review in my plan.",
		milestones: [4]string{"Make a list of ten books I might read", "Finish the first book", "Write my first review", "Finish book three"},
		skills:     []string{comm},
	},
	{
		area: goal.AreaAcademic, term: goal.TermShort,
		title:      "Write a research paper on Lake Champlain water quality",
		why:        "Phosphorus runoff affects the places my family fishes, and I want to understand why.",
		success:    "A 2,000-word paper with at least six credible sources, shared with my science teacher.",
		milestones: [4]string{"Choose a research question", "Collect six sources", "Write the first draft", "Revise after peer feedback"},
		skills:     []string{think, comm},
	},
	{
		area: goal.AreaAcademic, term: goal.TermShort,
		title:      "Pass the AP Biology exam",
		why:        "I want college credit, and I think I'm ready for the challenge.",
		success:    "A 3 or higher on the AP exam in May.",
		milestones: [4]string{"Start a weekly study group", "Finish the first practice exam", "Review cellular respiration", "Score a 4 on a full practice exam"},
		skills:     []string{self, think},
		minGrade:   11,
	},
	{
		area: goal.AreaAcademic, term: goal.TermLong,
		title:      "Become conversational in Spanish",
		why:        "Half the crew where I work speaks Spanish, and I want to talk with them.",
		success:    "A ten-minute conversation with a native speaker without switching to English.",
		milestones: [4]string{"Practice on a language app every day for a month", "Learn fifty work words", "Have a five-minute conversation at lunch", "Record a conversation and reflect on it"},
		skills:     []string{comm},
	},
	// Career.
	{
		area: goal.AreaCareer, term: goal.TermLong,
		title:      "Explore careers in health care",
		why:        "I like science and helping people, but I don't know which job fits me.",
		success:    "Two job shadows in different roles, and a decision about which path to try next.",
		milestones: [4]string{"List five health care jobs and what they require", "Ask my counselor about shadowing", "Complete my first job shadow", "Write a comparison of the two jobs"},
		skills:     []string{think, self},
	},
	{
		area: goal.AreaCareer, term: goal.TermShort,
		title:      "Earn my food handler certificate",
		why:        "It would help me get a better job at the restaurant this summer.",
		success:    "Certificate earned and listed on my resume.",
		milestones: [4]string{"Sign up for the online course", "Finish the first four modules", "Take the practice test", "Pass the certification exam"},
		skills:     []string{self},
	},
	{
		area: goal.AreaCareer, term: goal.TermShort,
		title:      "Build a resume and practice interviewing",
		why:        "I want a summer job that pays more than minimum wage, and I freeze up in interviews.",
		success:    "A one-page resume reviewed by a partner, and two mock interviews where I feel confident.",
		milestones: [4]string{"Draft my resume", "Get feedback from my advisor", "Do a mock interview with a community partner", "Apply to three summer jobs"},
		skills:     []string{comm, self},
	},
	{
		area: goal.AreaCareer, term: goal.TermLong,
		title:      "Complete a work-based learning placement",
		why:        "I learn best by doing, and I want to see what a real workplace is like.",
		success:    "Forty hours with a community partner and a presentation about what I learned.",
		milestones: [4]string{"Meet my partner to set goals", "Complete the first twenty hours", "Keep a weekly log for a month", "Present to my advisory"},
		skills:     []string{citz, prob},
		minGrade:   11,
	},
	{
		area: goal.AreaCareer, term: goal.TermLong,
		title:      "Find a college or training program that fits me",
		why:        "I don't want to pick a school just because my friends are going there.",
		success:    "Three programs I've visited or researched in depth, with their costs compared.",
		milestones: [4]string{"Take the career interest survey", "Research five programs", "Visit one campus or training center", "Compare costs with my family"},
		skills:     []string{think, self},
		minGrade:   11,
	},
	// Personal.
	{
		area: goal.AreaPersonal, term: goal.TermShort,
		title:      "Get better at managing my time",
		why:        "I'm always rushing at the last minute and it stresses me out.",
		success:    "A planner used every day for a month, and everything turned in on time.",
		milestones: [4]string{"Set up a weekly planner", "Plan every Sunday for three weeks", "Check in with my advisor about what works", "Go a full month with nothing late"},
		skills:     []string{self},
	},
	{
		area: goal.AreaPersonal, term: goal.TermShort,
		title:      "Speak up more in class discussions",
		why:        "I have ideas but keep them to myself, and my grades show it.",
		success:    "At least one idea shared in every seminar for a marking period.",
		milestones: [4]string{"Prepare one comment before each seminar", "Share in three seminars in a row", "Ask a classmate a follow-up question", "Lead part of a discussion"},
		skills:     []string{comm},
	},
	{
		area: goal.AreaPersonal, term: goal.TermShort,
		title:      "Learn guitar well enough to perform",
		why:        "Music helps me relax, and I want to share it.",
		success:    "Two songs played at the spring coffeehouse.",
		milestones: [4]string{"Learn five basic chords", "Practice twenty minutes a day for three weeks", "Learn my first full song", "Sign up for the coffeehouse"},
		skills:     []string{self, prob},
	},
	{
		area: goal.AreaPersonal, term: goal.TermLong,
		title:      "Build a cedar-strip canoe with my grandfather",
		why:        "He has built boats his whole life and I want to learn it from him.",
		success:    "The canoe launched on the pond by June.",
		milestones: [4]string{"Mill the cedar strips", "Finish the hull", "Fiberglass the hull", "Launch on the pond"},
		skills:     []string{prob},
	},
	{
		area: goal.AreaPersonal, term: goal.TermShort,
		title:      "Save $1,500 toward a car",
		why:        "A car would let me keep my job and get to the tech center.",
		success:    "$1,500 in my savings account by the end of the school year.",
		milestones: [4]string{"Make a monthly budget", "Open a savings account", "Save the first $500", "Save $1,000"},
		skills:     []string{self, think},
		minGrade:   10,
	},
	// Civic.
	{
		area: goal.AreaCivic, term: goal.TermShort,
		title:      "Organize a food drive for the local food shelf",
		why:        "Some families I know use the food shelf, and its shelves run low in winter.",
		success:    "500 pounds of food collected and delivered before the holidays.",
		milestones: [4]string{"Meet the food shelf coordinator", "Make posters and announcements", "Put collection boxes in every advisory", "Deliver the food"},
		skills:     []string{citz, comm},
	},
	{
		area: goal.AreaCivic, term: goal.TermShort,
		title:      "Speak at a select board meeting about a skate park",
		why:        "Kids in our town have nowhere to go after school.",
		success:    "A proposal presented with survey data and at least fifty signatures.",
		milestones: [4]string{"Survey students about what they want", "Collect signatures", "Write my three-minute statement", "Speak at the meeting"},
		skills:     []string{citz, comm},
	},
	{
		area: goal.AreaCivic, term: goal.TermShort,
		title:      "Volunteer on a trail crew this season",
		why:        "I use the trails all the time and want to give something back.",
		success:    "Twenty volunteer hours with the trail crew.",
		milestones: [4]string{"Sign up with the trail association", "Complete the safety training", "Work ten hours", "Work twenty hours"},
		skills:     []string{citz},
	},
	{
		area: goal.AreaCivic, term: goal.TermShort,
		title:      "Start composting in the cafeteria",
		why:        "We throw away so much food, and it bothers me.",
		success:    "Compost bins used every lunch and a quarter fewer trash bags.",
		milestones: [4]string{"Measure a week of cafeteria trash", "Pitch the idea to student council", "Set up bins with the custodial staff", "Measure again after a month"},
		skills:     []string{prob, citz},
	},
	{
		area: goal.AreaCivic, term: goal.TermShort,
		title:      "Register to vote and help others register",
		why:        "I turn 18 this year and I want my friends to vote too.",
		success:    "Registered myself, and helped run a registration table at school.",
		milestones: [4]string{"Register online", "Learn how same-day registration works in Vermont", "Plan a registration table with the civics teacher", "Run the table at lunch"},
		skills:     []string{citz, think},
		minGrade:   12,
	},
	// Wellness.
	{
		area: goal.AreaWellness, term: goal.TermShort,
		title:      "Get eight hours of sleep on school nights",
		why:        "I'm exhausted in first period and it's hurting my grades.",
		success:    "A month of sleep tracking that averages eight hours.",
		milestones: [4]string{"Track my sleep for a week", "Put my phone away by 10 pm", "Keep a regular bedtime for two weeks", "Review my sleep log with my advisor"},
		skills:     []string{self},
	},
	{
		area: goal.AreaWellness, term: goal.TermShort,
		title:      "Run a 10K in the spring",
		why:        "Running clears my head, and I want something to train for.",
		success:    "A 10K race finished without walking.",
		milestones: [4]string{"Run three times a week for a month", "Run 5K without stopping", "Run 8K", "Sign up for the race"},
		skills:     []string{self},
	},
	{
		area: goal.AreaWellness, term: goal.TermShort,
		title:      "Find healthy ways to handle stress",
		why:        "When I get stressed I shut down, and I want better tools.",
		success:    "Three strategies I use regularly, and fewer days when stress stops me working.",
		milestones: [4]string{"Meet with my school counselor", "Try journaling for two weeks", "Try a mindfulness app for two weeks", "Write about what helped"},
		skills:     []string{self, think},
	},
	{
		area: goal.AreaWellness, term: goal.TermShort,
		title:      "Cut my screen time in half",
		why:        "I lose hours on my phone and I don't even enjoy it.",
		success:    "Under two hours a day of screen time for a month, by my phone's tracker.",
		milestones: [4]string{"Record my current screen time", "Turn off notifications for social apps", "Replace an hour a day with something offline", "Stay under two hours for two weeks"},
		skills:     []string{self},
	},
	{
		area: goal.AreaWellness, term: goal.TermShort,
		title:      "Cook dinner for my family once a week",
		why:        "I want to eat better and take some pressure off my family.",
		success:    "A healthy dinner cooked every week for two months.",
		milestones: [4]string{"Learn five simple recipes", "Plan a weekly menu", "Cook my first full meal", "Cook four weeks in a row"},
		skills:     []string{self, prob},
	},
}

// ideasFor returns the goal ideas of an area that suit a student in grade.
func ideasFor(area goal.Area, grade int) []goalIdea {
	var out []goalIdea
	for _, g := range goalIdeas {
		if g.area == area && grade >= g.minGrade {
			out = append(out, g)
		}
	}
	return out
}

// evidenceIdea is a piece of work that shows progress on one goal idea,
// named by its title.
type evidenceIdea struct {
	goal               string
	kind               evidence.Kind
	title, description string
	url                string // link
	body               string // text
	contentType        string // document
	size               int64  // document
}

var evidenceIdeas = []evidenceIdea{
	// Academic.
	{
		goal: "Raise my Algebra II grade to a B", kind: evidence.KindLink,
		title:       "Khan Academy unit I finished",
		description: "I worked through the whole unit on my own to fill the gaps from last year.",
		url:         "https://www.khanacademy.org/math/algebra2",
	},
	{
		goal: "Raise my Algebra II grade to a B", kind: evidence.KindText,
		title:       "What I changed on my quiz retake",
		description: "Notes comparing my first attempt with the retake.",
		body: "On the first try I rushed and lost points on signs. For the retake I wrote every step and checked " +
			"each answer by plugging it back in. I went from 62% to 85%, and I know why.",
	},
	{
		goal: "Read six books I choose myself this year", kind: evidence.KindText,
		title:       "Review: Hatchet",
		description: "My first review, written the day I finished the book.",
		body: "I picked it because it's about surviving alone in the woods, and I spend a lot of time in the woods. " +
			"The middle drags, but the ending made me think about how much I rely on other people.",
	},
	{
		goal: "Write a research paper on Lake Champlain water quality", kind: evidence.KindDocument,
		title:       "Lab report: phosphorus in local streams",
		description: "Our team sampled three streams near school and compared the results with state data.",
		contentType: "application/pdf", size: 248_312,
	},
	{
		goal: "Write a research paper on Lake Champlain water quality", kind: evidence.KindLink,
		title:       "Main source for my paper",
		description: "The basin program's reports gave me the long-term phosphorus data.",
		url:         "https://www.lcbp.org",
	},
	{
		goal: "Pass the AP Biology exam", kind: evidence.KindDocument,
		title:       "Practice exam, scored",
		description: "My first full practice exam with my teacher's scoring and my corrections.",
		contentType: "application/pdf", size: 1_204_736,
	},
	{
		goal: "Become conversational in Spanish", kind: evidence.KindText,
		title:       "My first conversation at lunch",
		description: "What we talked about and which words I was missing.",
		body: "We talked for about five minutes about the weekend and the weather. I didn't know how to say " +
			"'snowplow' or 'overtime', so those are on my list for next week.",
	},
	// Career.
	{
		goal: "Explore careers in health care", kind: evidence.KindText,
		title:       "Notes from my job shadow",
		description: "Written the evening after my first day at the hospital.",
		body: "I expected the day to be mostly the technical work, but most of it was talking with people: " +
			"explaining, listening, solving problems on the spot. I asked three questions I had prepared and two I hadn't.",
	},
	{
		goal: "Explore careers in health care", kind: evidence.KindLink,
		title:       "Vermont job outlook I researched",
		description: "State labor data on the jobs I'm considering: openings, wages and training.",
		url:         "https://labor.vermont.gov",
	},
	{
		goal: "Earn my food handler certificate", kind: evidence.KindDocument,
		title:       "Course completion certificate",
		description: "Proof I finished the online modules.",
		contentType: "application/pdf", size: 96_256,
	},
	{
		goal: "Build a resume and practice interviewing", kind: evidence.KindDocument,
		title:       "My resume, second draft",
		description: "Revised after feedback: clearer job descriptions and my volunteer work added.",
		contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 31_744,
	},
	{
		goal: "Complete a work-based learning placement", kind: evidence.KindText,
		title:       "Weekly log, weeks one to four",
		description: "Hours, tasks, and one thing I learned each week.",
		body: "Week 1: 6 hours, safety walk-through and shadowing. Week 2: 5 hours, first task on my own. " +
			"Week 3: 6 hours, fixed a mistake I made in week 2. Week 4: 5 hours, my mentor let me plan the day.",
	},
	{
		goal: "Find a college or training program that fits me", kind: evidence.KindLink,
		title:       "Programs and aid I compared",
		description: "The state's planning tools, which I used to compare costs and aid.",
		url:         "https://www.vsac.org",
	},
	// Personal.
	{
		goal: "Get better at managing my time", kind: evidence.KindText,
		title:       "My weekly planning routine",
		description: "How I plan my week now, and what I dropped because it didn't work.",
		body: "Sunday night I list every due date, then block homework around work shifts. " +
			"Color-coding was too much, so I stopped. Checking the list each morning is what actually works.",
	},
	{
		goal: "Speak up more in class discussions", kind: evidence.KindText,
		title:       "Seminar prep notes",
		description: "The comments I prepared, and which ones I actually said.",
		body:        "Prepared: a question about the narrator's motives, and a connection to last unit. Said: both, and I answered a follow-up.",
	},
	{
		goal: "Learn guitar well enough to perform", kind: evidence.KindText,
		title:       "Practice log",
		description: "A month of practice sessions.",
		body:        "Week 1: 4 sessions, chords still buzzing. Week 2: 6 sessions, G to C finally smooth. Week 3: 5 sessions, first full song. Week 4: played it for my family.",
	},
	{
		goal: "Build a cedar-strip canoe with my grandfather", kind: evidence.KindDocument,
		title:       "Build log with photos",
		description: "Photos and notes from each work session, with what went wrong and how we fixed it.",
		contentType: "application/pdf", size: 1_873_920,
	},
	{
		goal: "Save $1,500 toward a car", kind: evidence.KindDocument,
		title:       "My monthly budget",
		description: "Income from my job and where it goes, with what I set aside each month.",
		contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 14_336,
	},
	// Civic.
	{
		goal: "Organize a food drive for the local food shelf", kind: evidence.KindDocument,
		title:       "Food drive flyer",
		description: "The flyer I designed and posted in town and at school.",
		contentType: "application/pdf", size: 412_608,
	},
	{
		goal: "Organize a food drive for the local food shelf", kind: evidence.KindLink,
		title:       "Where our donations go",
		description: "How the statewide food bank supplies our local food shelf; I used it in my announcement.",
		url:         "https://www.vtfoodbank.org",
	},
	{
		goal: "Speak at a select board meeting about a skate park", kind: evidence.KindText,
		title:       "My statement to the select board",
		description: "The three minutes I read at the meeting.",
		body: "Good evening. I'm a student at Green Mountain Union. Sixty-eight students answered our survey, and " +
			"most of them said they have nowhere safe to go after school. We are asking the board to set aside space for a skate park.",
	},
	{
		goal: "Volunteer on a trail crew this season", kind: evidence.KindLink,
		title:       "The trail crew I joined",
		description: "The club that maintains the trail; I logged my hours with their volunteer program.",
		url:         "https://www.greenmountainclub.org",
	},
	{
		goal: "Start composting in the cafeteria", kind: evidence.KindDocument,
		title:       "Cafeteria waste audit",
		description: "A week of weighing trash and food scraps, before the compost bins.",
		contentType: "text/csv", size: 2_048,
	},
	{
		goal: "Register to vote and help others register", kind: evidence.KindLink,
		title:       "How to register in Vermont",
		description: "The official page we pointed students to at the registration table.",
		url:         "https://sos.vermont.gov/elections/",
	},
	// Wellness.
	{
		goal: "Get eight hours of sleep on school nights", kind: evidence.KindText,
		title:       "Sleep log: what I noticed",
		description: "A summary of three weeks of tracking.",
		body: "Nights I put my phone away by 10 I slept about an hour longer. I was less tired in first period " +
			"and I stopped falling asleep in study hall.",
	},
	{
		goal: "Run a 10K in the spring", kind: evidence.KindDocument,
		title:       "Training log",
		description: "Distances and times from the last six weeks.",
		contentType: "text/csv", size: 3_214,
	},
	{
		goal: "Find healthy ways to handle stress", kind: evidence.KindText,
		title:       "What helps when I'm stressed",
		description: "What I tried, and what I kept.",
		body:        "Journaling helped more than I expected, mostly writing down what I can control. The app was fine but I stopped using it. A walk after school is the thing that works best.",
	},
	{
		goal: "Cut my screen time in half", kind: evidence.KindText,
		title:       "Screen time, before and after",
		description: "Numbers from my phone's tracker.",
		body:        "First week: 5 hours 40 minutes a day. After turning off notifications: 3 hours 10. Last week: 1 hour 55.",
	},
	{
		goal: "Cook dinner for my family once a week", kind: evidence.KindText,
		title:       "Recipe I made my own",
		description: "The chili I now cook most weeks, with my changes.",
		body:        "Started from my grandmother's recipe, cut the salt, added squash from the farm stand. Everyone had seconds.",
	},
}

// evidenceFor returns the evidence ideas that show progress on a goal idea.
func evidenceFor(g goalIdea) []evidenceIdea {
	var out []evidenceIdea
	for _, e := range evidenceIdeas {
		if e.goal == g.title {
			out = append(out, e)
		}
	}
	return out
}

// reflectionIdea is something a student writes, in answer to a prompt or
// freely.
type reflectionIdea struct {
	source       reflection.Source
	prompt, body string
}

// goalReflections fit any goal: students write them on the goal's page.
var goalReflections = []reflectionIdea{
	{prompt: "What went well this week, and what got in the way?",
		body: "I got the first step done early, which never happens. What got in the way was my work schedule on Thursdays, so I moved my time for this to Tuesday."},
	{prompt: "What did you learn from a mistake?",
		body: "I waited too long to start and had to rush. Breaking it into smaller steps with dates is helping me not do that again."},
	{prompt: "What surprised you?",
		body: "This is harder than I thought it would be, but I care about it more than I expected to."},
	{prompt: "What's your next step, and who can help?",
		body: "My next step is the one due in two weeks. I'm going to ask my advisor to check in with me on Friday so I don't lose track."},
	{prompt: "What are you proud of?",
		body: "I kept going even when I didn't feel like it. Seeing the progress bar move actually helps."},
	{prompt: "What would you do differently?",
		body: "I would ask for help sooner. When I finally did, it took ten minutes to sort out something I'd been stuck on for a week."},
	{prompt: "What did you notice about yourself?",
		body: "I do better when I tell someone what I'm working on. Saying it out loud makes me follow through."},
	{prompt: "What's one small thing you'll keep doing?",
		body: "Writing down one thing I did toward this goal every few days, even if it's small."},
}

var openReflections = []reflectionIdea{
	{source: reflection.SourceFree,
		body: "This quarter felt different. I'm starting to see how the things I do outside school count too."},
	{source: reflection.SourceReminder, prompt: "What's one thing you're proud of from the past two weeks?",
		body: "I finished a project I'd been putting off and it turned out better than I expected."},
	{source: reflection.SourceReminder, prompt: "What's one thing you're proud of from the past two weeks?",
		body: "I helped a new student find their way around and we ended up eating lunch together all week."},
	{source: reflection.SourceFree,
		body: "Conferences are coming up. I want to show my family the evidence I've added, not just my grades."},
	{source: reflection.SourceReminder, prompt: "Where do you want to grow next?",
		body: "I want to get better at asking for help before I'm really stuck, not after."},
}

// growthNotes are what students write when they rate a skill higher than
// last term.
var growthNotes = map[string][]string{
	comm: {
		"I presented our project to the class without reading off my notes.",
		"My writing is clearer since I started reading it out loud before I hand it in.",
	},
	self: {
		"I've used my planner every week this term and haven't missed a deadline.",
		"I asked for help earlier this time instead of waiting until the night before.",
	},
	prob: {
		"When my first design failed I tried two other ideas instead of giving up.",
		"I broke a big problem into small parts this term instead of freezing up.",
	},
	citz: {
		"I volunteered outside school this term and saw how much it matters to people.",
		"I listened to people who disagreed with me at the meeting and changed part of my proposal.",
	},
	think: {
		"I compared sources before I wrote my paper instead of using the first one I found.",
		"I used what I learned in science to explain a problem in my civics project.",
	},
}
