package implementation_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/category"
	"plp/ent/membership"
	"plp/ent/notification"
	"plp/ent/resource"
	"plp/ent/step"
	"plp/internal/devtools/apitest"
	"plp/internal/jobs"
	"plp/internal/platform/outbox"
	"plp/internal/school/implementation"
)

const install = `mutation($s: ID!, $d: String) {
  installImplementationFramework(schoolID: $s, document: $d) {
    version created updated categories { key name steps { id key title } }
  }
}`

type installOut struct {
	InstallImplementationFramework struct {
		Version          string
		Created, Updated int
		Categories       []struct {
			Key, Name string
			Steps     []struct{ ID, Key, Title string }
		}
	}
}

func TestVermontFramework(t *testing.T) {
	fw := implementation.Vermont
	var names []string
	for _, c := range fw.Categories {
		names = append(names, c.Name)
		if len(c.Steps) < 3 {
			t.Errorf("category %s has %d steps", c.Key, len(c.Steps))
		}
		for _, s := range c.Steps {
			if len(s.Resources) == 0 || s.Description == "" {
				t.Errorf("step %s has no resources or description", s.Key)
			}
		}
	}
	if got := strings.Join(names, ", "); got != "Agency Resources, Policy, Public Will, Practice, Academic Standards" {
		t.Fatalf("categories %s", got)
	}
}

func TestInstallFrameworkThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	vars := map[string]any{"s": w.Home.School.ID}

	s.As(t, w.Home.Advisor).MustFail(t, "FORBIDDEN", install, vars)
	s.As(t, w.Other.Admin).MustFail(t, "BAD_USER_INPUT", install, vars)

	admin := s.As(t, w.Home.Admin)
	var out installOut
	admin.MustDo(t, install, vars, &out)
	got := out.InstallImplementationFramework
	steps, resources := 0, 0
	for _, c := range implementation.Vermont.Categories {
		steps += len(c.Steps)
		for _, st := range c.Steps {
			resources += len(st.Resources)
		}
	}
	if got.Version != implementation.Vermont.Version || got.Created != 5+steps+resources || got.Updated != 0 || len(got.Categories) != 5 {
		t.Fatalf("first install: %+v", got)
	}
	if got.Categories[1].Key != "policy" || got.Categories[1].Steps[0].Key != "policy.plp_policy" {
		t.Fatalf("policy: %+v", got.Categories[1])
	}

	// Twice is once.
	admin.MustDo(t, install, vars, &out)
	if got := out.InstallImplementationFramework; got.Created != 0 || got.Updated != 0 {
		t.Fatalf("second install changed %d, %d", got.Created, got.Updated)
	}
	if n := s.DB.Client.Step.Query().Where(step.SchoolID(w.Home.School.ID)).CountX(ctx); n != steps {
		t.Fatalf("%d steps after two installs, want %d", n, steps)
	}

	// A local step stays through a new version of a framework.
	policy := s.DB.Client.Category.Query().Where(category.SchoolID(w.Home.School.ID), category.Key("policy")).OnlyX(ctx)
	admin.MustDo(t, `mutation($c: ID!) { createStep(input: {categoryID: $c, title: "Align the handbook", position: 9}) { step { local } } }`,
		map[string]any{"c": policy.ID}, nil)
	doc := `version: "local-1"
name: Our framework
categories:
  - key: policy
    name: Policy and governance
    steps:
      - key: policy.plp_policy
        title: Adopt and review a PLP policy
        resources:
          - {title: Model PLP policy, kind: policy, audience: board}
          - {title: Board minutes, kind: example, url: "https://example.org/minutes"}
`
	admin.MustDo(t, install, map[string]any{"s": w.Home.School.ID, "d": doc}, &out)
	if got := out.InstallImplementationFramework; got.Created != 1 || got.Updated != 3 || got.Categories[1].Name != "Policy and governance" {
		t.Fatalf("custom install: created %d updated %d, %+v", got.Created, got.Updated, got.Categories[1])
	}
	local := s.DB.Client.Step.Query().Where(step.SchoolID(w.Home.School.ID), step.Local(true)).OnlyX(ctx)
	if local.Title != "Align the handbook" || local.Key != "" {
		t.Fatalf("local step %+v", local)
	}
	if n := s.DB.Client.Resource.Query().Where(resource.SchoolID(w.Home.School.ID), resource.Title("Board minutes")).CountX(ctx); n != 1 {
		t.Fatalf("%d new resources", n)
	}

	// Bad files say what is wrong and change nothing.
	for doc, want := range map[string]string{
		"{not yaml":        "not valid YAML",
		`{"version": "1"}`: "version and a name",
		"version: x\nname: y\ncategories: [{key: a, name: A, steps: [{key: s, title: S, resources: [{title: R, kind: podcast}]}]}]": "kind \"podcast\"",
		"version: x\nname: y\ncategories: [{key: a, name: A}, {key: a, name: B}]":                                                   "used twice",
		"version: x\nname: y\nsurprise: 1\ncategories: [{key: a, name: A}]":                                                         "not valid YAML",
	} {
		e := admin.MustFail(t, "BAD_USER_INPUT", install, map[string]any{"s": w.Home.School.ID, "d": doc})
		if !strings.Contains(e.Message, want) || e.Field() != "document" {
			t.Errorf("%q: %q (field %q), want %q", doc, e.Message, e.Field(), want)
		}
	}
}

// survey is a world with the Vermont framework installed and a survey open,
// with the Home student and family on the PLP team.
type survey struct {
	s        *apitest.Server
	w        *apitest.World
	id       string
	steps    map[string]*ent.Step // by key
	clients  map[string]*apitest.Client
	outsider map[string]*apitest.Client
}

func newSurvey(t *testing.T) *survey {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	admin := s.As(t, w.Home.Admin)
	// The student and the family member are not on the team until invited.
	for _, a := range []*ent.Account{w.Home.StudentAccount, w.Home.Family} {
		admin.MustDo(t, `mutation($a: ID!, $s: ID!) { createMembership(input: {accountID: $a, schoolID: $s, role: PLP_TEAM}) { membership { id } } }`,
			map[string]any{"a": a.ID, "s": w.Home.School.ID}, nil)
	}
	var out struct {
		StartSurvey struct{ Survey struct{ ID string } }
	}
	admin.MustDo(t, startSurvey, map[string]any{"s": w.Home.School.ID, "t": "Fall 2026"}, &out)
	sv := &survey{s: s, w: w, id: out.StartSurvey.Survey.ID, steps: map[string]*ent.Step{},
		clients: map[string]*apitest.Client{
			"admin": admin, "advisor": s.As(t, w.Home.Advisor), "counselor": s.As(t, w.Home.Counselor),
			"student": s.As(t, w.Home.StudentAccount), "family": s.As(t, w.Home.Family),
		},
		outsider: map[string]*apitest.Client{"partner": s.As(t, w.Home.Partner), "otherSchool": s.As(t, w.Other.Admin)},
	}
	for _, st := range s.DB.Client.Step.Query().Where(step.SchoolID(w.Home.School.ID)).AllX(ctx) {
		sv.steps[st.Key] = st
	}
	return sv
}

const startSurvey = `mutation($s: ID!, $t: String!) { startSurvey(input: {schoolID: $s, title: $t}) { survey { id title takenAt } } }`

const rateStep = `mutation($sv: ID!, $st: ID!, $r: SurveyResponseRating!, $n: String) {
  rateStep(input: {surveyID: $sv, stepID: $st, rating: $r, note: $n}) { surveyResponse { id rating } }
}`

func (sv *survey) rate(t *testing.T, who, stepKey, rating string) {
	t.Helper()
	sv.clients[who].MustDo(t, rateStep, map[string]any{"sv": sv.id, "st": sv.steps[stepKey].ID, "r": rating, "n": who + " thinks " + rating}, nil)
}

const surveyResult = `query($id: ID!) {
  surveyResult(surveyID: $id) {
    survey { title } previous { title } respondents
    categories { category { key } score level change
      steps { step { key } responses score level change counts { rating count } notes } }
  }
}`

type resultOut struct {
	SurveyResult struct {
		Survey      struct{ Title string }
		Previous    *struct{ Title string }
		Respondents int
		Categories  []struct {
			Category struct{ Key string }
			Score    *float64
			Level    *string
			Change   *float64
			Steps    []struct {
				Step      struct{ Key string }
				Responses int
				Score     *float64
				Level     *string
				Change    *float64
				Counts    []struct {
					Rating string
					Count  int
				}
				Notes []string
			}
		}
	}
}

func (r resultOut) step(key string) (score *float64, level *string, change *float64, responses int) {
	for _, c := range r.SurveyResult.Categories {
		for _, s := range c.Steps {
			if s.Step.Key == key {
				return s.Score, s.Level, s.Change, s.Responses
			}
		}
	}
	return nil, nil, nil, -1
}

func (r resultOut) category(key string) (score *float64, level *string, change *float64) {
	for _, c := range r.SurveyResult.Categories {
		if c.Category.Key == key {
			return c.Score, c.Level, c.Change
		}
	}
	return nil, nil, nil
}

func near(p *float64, want float64) bool { return p != nil && *p > want-0.001 && *p < want+0.001 }

func TestSurveyCombinesTheTeamsAnswers(t *testing.T) {
	sv := newSurvey(t)
	admin := sv.clients["admin"]
	// One open survey at a time.
	admin.MustFail(t, "CONFLICT", startSurvey, map[string]any{"s": sv.w.Home.School.ID, "t": "Again"})
	// Only admins start one.
	sv.clients["advisor"].MustFail(t, "FORBIDDEN", startSurvey, map[string]any{"s": sv.w.Home.School.ID, "t": "Mine"})

	// The whole team answers; people outside it cannot see the survey.
	sv.rate(t, "admin", "policy.plp_policy", "ESTABLISHED")
	sv.rate(t, "advisor", "policy.plp_policy", "DEVELOPING")
	sv.rate(t, "counselor", "policy.plp_policy", "DEVELOPING")
	sv.rate(t, "student", "policy.plp_policy", "BEGINNING")
	sv.rate(t, "family", "policy.plp_policy", "NOT_STARTED")
	sv.rate(t, "admin", "policy.graduation_pathways", "BEGINNING")
	sv.rate(t, "advisor", "policy.graduation_pathways", "NOT_STARTED")
	sv.rate(t, "admin", "practice.advisory", "ESTABLISHED")
	sv.rate(t, "student", "practice.advisory", "ESTABLISHED")
	// Changing one's answer replaces it.
	sv.rate(t, "advisor", "practice.advisory", "BEGINNING")
	sv.rate(t, "advisor", "practice.advisory", "ESTABLISHED")
	for who, c := range sv.outsider {
		r := c.Do(t, rateStep, map[string]any{"sv": sv.id, "st": sv.steps["practice.advisory"].ID, "r": "ESTABLISHED"})
		if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s rated: %+v", who, r.Errors)
		}
		if r := c.Do(t, surveyResult, map[string]any{"id": sv.id}); len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s read the result: %s %+v", who, r.Data, r.Errors)
		}
	}
	// A step of another school is refused.
	other := sv.s.As(t, sv.w.Other.Admin)
	other.MustDo(t, install, map[string]any{"s": sv.w.Other.School.ID}, nil)
	otherStep := sv.s.DB.Client.Step.Query().Where(step.SchoolID(sv.w.Other.School.ID)).FirstX(sv.s.System())
	admin.MustFail(t, "BAD_USER_INPUT", rateStep, map[string]any{"sv": sv.id, "st": otherStep.ID, "r": "BEGINNING"})

	var out resultOut
	for who, c := range sv.clients {
		c.MustDo(t, surveyResult, map[string]any{"id": sv.id}, &out)
		if out.SurveyResult.Respondents != 5 {
			t.Fatalf("%s sees %d respondents", who, out.SurveyResult.Respondents)
		}
	}
	// (3+2+2+1+0)/5 = 1.6: developing.
	if score, level, change, n := out.step("policy.plp_policy"); !near(score, 1.6) || *level != "DEVELOPING" || change != nil || n != 5 {
		t.Fatalf("plp_policy: %v %v %v %d", score, level, change, n)
	}
	// (1+0)/2 = 0.5: a half rounds down, not started.
	if score, level, _, _ := out.step("policy.graduation_pathways"); !near(score, 0.5) || *level != "NOT_STARTED" {
		t.Fatalf("graduation_pathways: %v %v", score, *level)
	}
	if score, level, _, n := out.step("practice.advisory"); !near(score, 3) || *level != "ESTABLISHED" || n != 3 {
		t.Fatalf("advisory: %v %v %d", score, level, n)
	}
	if score, level, _, n := out.step("practice.platform"); score != nil || level != nil || n != 0 {
		t.Fatalf("unrated step: %v %v %d", score, level, n)
	}
	// A category is the mean of its rated steps: (1.6+0.5)/2.
	if score, level, _ := out.category("policy"); !near(score, 1.05) || *level != "BEGINNING" {
		t.Fatalf("policy: %v %v", score, *level)
	}
	if score, _, _ := out.category("public_will"); score != nil {
		t.Fatalf("unrated category scored %v", *score)
	}
	for _, c := range out.SurveyResult.Categories {
		for _, s := range c.Steps {
			if s.Step.Key == "policy.plp_policy" {
				if s.Counts[0].Rating != "NOT_STARTED" || s.Counts[0].Count != 1 || s.Counts[2].Count != 2 || len(s.Notes) != 5 {
					t.Fatalf("counts %+v notes %v", s.Counts, s.Notes)
				}
			}
		}
	}

	// Closed: answers stand.
	admin.MustDo(t, `mutation($id: ID!) { closeSurvey(id: $id) { survey { closedAt } } }`, map[string]any{"id": sv.id}, nil)
	sv.clients["student"].MustFail(t, "CONFLICT", rateStep, map[string]any{"sv": sv.id, "st": sv.steps["practice.advisory"].ID, "r": "BEGINNING"})
	admin.MustFail(t, "CONFLICT", `mutation($id: ID!) { closeSurvey(id: $id) { survey { closedAt } } }`, map[string]any{"id": sv.id})

	// A year later the survey repeats and shows the change.
	sv.s.Clock.Advance(365 * 24 * time.Hour)
	admin = sv.s.As(t, sv.w.Home.Admin) // sessions expired meanwhile
	sv.clients["admin"], sv.clients["family"] = admin, sv.s.As(t, sv.w.Home.Family)
	var next struct {
		StartSurvey struct{ Survey struct{ ID string } }
	}
	admin.MustDo(t, startSurvey, map[string]any{"s": sv.w.Home.School.ID, "t": "Fall 2027"}, &next)
	sv.id = next.StartSurvey.Survey.ID
	sv.rate(t, "admin", "policy.plp_policy", "ESTABLISHED")
	sv.rate(t, "family", "policy.plp_policy", "DEVELOPING")
	sv.rate(t, "admin", "practice.platform", "BEGINNING")
	admin.MustDo(t, surveyResult, map[string]any{"id": sv.id}, &out)
	if p := out.SurveyResult.Previous; p == nil || p.Title != "Fall 2026" {
		t.Fatalf("previous %+v", p)
	}
	if score, _, change, _ := out.step("policy.plp_policy"); !near(score, 2.5) || !near(change, 0.9) {
		t.Fatalf("plp_policy a year on: %v change %v", score, change)
	}
	if _, _, change, _ := out.step("practice.platform"); change != nil {
		t.Fatalf("change of a step first rated now: %v", *change)
	}
	if score, _, change := out.category("policy"); !near(score, 2.5) || !near(change, 1.45) {
		t.Fatalf("policy a year on: %v change %v", score, change)
	}
}

const suggest = `mutation($id: ID!, $n: Int) {
  suggestActionItems(surveyID: $id, limit: $n) { actionItems { id title notes status step { key resources { title } } } }
}`

type suggestOut struct {
	SuggestActionItems struct {
		ActionItems []struct {
			ID, Title, Notes, Status string
			Step                     struct {
				Key       string
				Resources []struct{ Title string }
			}
		}
	}
}

func TestActionPlanFromTheWeakestSteps(t *testing.T) {
	sv := newSurvey(t)
	ctx := sv.s.System()
	sv.rate(t, "admin", "practice.advisory", "ESTABLISHED")              // 3: no item
	sv.rate(t, "admin", "policy.plp_policy", "DEVELOPING")               // 2
	sv.rate(t, "admin", "public_will.families", "NOT_STARTED")           // 0
	sv.rate(t, "advisor", "public_will.families", "BEGINNING")           // 0.5
	sv.rate(t, "admin", "academic_standards.evidence", "BEGINNING")      // 1
	sv.rate(t, "admin", "agency_resources.leadership_team", "BEGINNING") // 1, earlier in the framework

	// Family invited to the team may suggest; a partner may not.
	sv.outsider["partner"].MustFail(t, "NOT_FOUND", suggest, map[string]any{"id": sv.id, "n": 2})
	var out suggestOut
	sv.clients["family"].MustDo(t, suggest, map[string]any{"id": sv.id, "n": 3}, &out)
	var keys []string
	for _, it := range out.SuggestActionItems.ActionItems {
		keys = append(keys, it.Step.Key)
		if len(it.Step.Resources) == 0 || it.Status != "PLANNED" {
			t.Errorf("item %+v", it)
		}
	}
	if got := strings.Join(keys, " "); got != "public_will.families agency_resources.leadership_team academic_standards.evidence" {
		t.Fatalf("suggested %s", got)
	}
	if it := out.SuggestActionItems.ActionItems[0]; it.Title != sv.steps["public_will.families"].Title || !strings.Contains(it.Notes, "NOT_STARTED (0.5 of 3, from 2 answers)") {
		t.Fatalf("first item %+v", it)
	}
	// Steps with an open item are not suggested twice.
	sv.clients["admin"].MustDo(t, suggest, map[string]any{"id": sv.id}, &out)
	if n := len(out.SuggestActionItems.ActionItems); n != 1 || out.SuggestActionItems.ActionItems[0].Step.Key != "policy.plp_policy" {
		t.Fatalf("second suggestion: %+v", out.SuggestActionItems.ActionItems)
	}
	first := out.SuggestActionItems.ActionItems[0].ID

	// The team edits: owner, due date, status, notes.
	const update = `mutation($id: ID!, $in: UpdateActionItemInput!) { updateActionItem(id: $id, input: $in) { actionItem { status due owner { id } notes } } }`
	sv.clients["student"].MustDo(t, update, map[string]any{"id": first, "in": map[string]any{
		"ownerID": sv.w.Home.Advisor.ID, "due": "2026-11-27T15:00:00Z", "status": "IN_PROGRESS", "notes": "Draft at the December board meeting."}}, nil)
	sv.outsider["partner"].MustFail(t, "NOT_FOUND", update, map[string]any{"id": first, "in": map[string]any{"status": "DONE"}})
	var created struct {
		CreateActionItem struct{ ActionItem struct{ ID string } }
	}
	sv.clients["advisor"].MustDo(t, `mutation($in: CreateActionItemInput!) { createActionItem(input: $in) { actionItem { id } } }`,
		map[string]any{"in": map[string]any{"stepID": sv.steps["practice.platform"].ID, "title": "Train advisors on the platform",
			"due": "2027-09-01T12:00:00Z", "ownerID": sv.w.Home.Counselor.ID}}, &created)

	// The long-term view, by school year.
	var plan struct {
		ActionPlan []struct {
			SchoolYear string
			Items      []struct{ Title string }
		}
	}
	sv.clients["counselor"].MustDo(t, `query($s: ID!) { actionPlan(schoolID: $s) { schoolYear items { title } } }`,
		map[string]any{"s": sv.w.Home.School.ID}, &plan)
	var years []string
	for _, y := range plan.ActionPlan {
		years = append(years, y.SchoolYear+":"+string(rune('0'+len(y.Items))))
	}
	if got := strings.Join(years, " "); got != "2026-2027:1 2027-2028:1 :3" {
		t.Fatalf("plan by year: %s", got)
	}

	// Reminders: one per item due within a week, once, through the job.
	env := jobs.Env{Client: sv.s.DB.Client, Now: sv.s.Clock.Now}
	job, ok := jobs.Find("action-item-reminders")
	if !ok {
		t.Fatal("no action-item-reminders job")
	}
	run := func() string {
		t.Helper()
		out, err := jobs.RunOnce(context.Background(), env, job, false)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out, _ := jobs.RunOnce(context.Background(), env, job, true); !strings.HasPrefix(out, "1 items due, 0 reminders written") {
		t.Fatalf("dry run: %s", out)
	}
	if out := run(); !strings.HasPrefix(out, "1 items due, 1 reminders written") {
		t.Fatalf("first run: %s", out)
	}
	if out := run(); !strings.HasPrefix(out, "1 items due, 0 reminders written, 1 already written") {
		t.Fatalf("second run: %s", out)
	}
	ntf := sv.s.DB.Client.Notification.Query().Where(notification.Kind(outbox.KindActionItemDue)).OnlyX(ctx)
	if ntf.RecipientID != sv.w.Home.Advisor.ID || !strings.HasSuffix(ntf.IdempotencyKey, ":2026-11-27") ||
		ntf.Payload["title"] != sv.steps["policy.plp_policy"].Title {
		t.Fatalf("reminder %+v", ntf)
	}
	tpl, err := outbox.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for lang, due := range map[string]string{"en": "is due on Friday, November 27, 2026", "es": "vence el viernes 27 de noviembre de 2026"} {
		if mail, err := tpl.Render(ntf.Kind, lang, outbox.View{Data: ntf.Payload}); err != nil || !strings.Contains(mail.Text, due) {
			t.Errorf("%s reminder (%v):\n%s", lang, err, mail.Text)
		}
	}
	// A new due date brings a new reminder; a done item none.
	sv.clients["admin"].MustDo(t, update, map[string]any{"id": first, "in": map[string]any{"due": "2026-11-29T15:00:00Z"}}, nil)
	if out := run(); !strings.HasPrefix(out, "1 items due, 1 reminders written") {
		t.Fatalf("after a new due date: %s", out)
	}
	sv.clients["admin"].MustDo(t, update, map[string]any{"id": first, "in": map[string]any{"due": "2026-11-30T15:00:00Z", "status": "DONE"}}, nil)
	if out := run(); !strings.HasPrefix(out, "0 items due") {
		t.Fatalf("done item: %s", out)
	}
}

const report = `query($s: ID!) {
  implementationReport(schoolID: $s) {
    school { name } latest { survey { title } categories { category { key } score } } openItems { title }
  }
}`

func TestReportsAndDistrictView(t *testing.T) {
	sv := newSurvey(t)
	ctx := sv.s.System()
	c := sv.s.DB.Client
	sv.rate(t, "admin", "policy.plp_policy", "BEGINNING")
	sv.clients["admin"].MustDo(t, suggest, map[string]any{"id": sv.id}, nil)

	var out struct {
		ImplementationReport struct {
			School struct{ Name string }
			Latest *struct {
				Survey     struct{ Title string }
				Categories []struct {
					Category struct{ Key string }
					Score    *float64
				}
			}
			OpenItems []struct{ Title string }
		}
	}
	sv.clients["student"].MustDo(t, report, map[string]any{"s": sv.w.Home.School.ID}, &out)
	r := out.ImplementationReport
	if r.Latest == nil || r.Latest.Survey.Title != "Fall 2026" || len(r.Latest.Categories) != 5 || !near(r.Latest.Categories[1].Score, 1) || len(r.OpenItems) != 1 {
		t.Fatalf("report %+v", r)
	}
	// Outside the team: the school, nothing of its survey or plan.
	sv.outsider["partner"].MustDo(t, report, map[string]any{"s": sv.w.Home.School.ID}, &out)
	if out.ImplementationReport.Latest != nil || len(out.ImplementationReport.OpenItems) != 0 {
		t.Fatalf("partner sees %+v", out.ImplementationReport)
	}

	// A district admin runs Home and a second school of its district.
	sister := c.School.Create().SetName("Sister Middle School").SetDistrict("Green Mountain SU").SaveX(ctx)
	c.School.UpdateOne(sv.w.Home.School).SetDistrict("Green Mountain SU").ExecX(ctx)
	c.Membership.Create().SetAccountID(sv.w.Home.Admin.ID).SetSchoolID(sister.ID).SetRole(membership.RoleAdmin).ExecX(ctx)
	admin := sv.s.As(t, sv.w.Home.Admin)
	var sst struct {
		StartSurvey struct{ Survey struct{ ID string } }
	}
	admin.MustDo(t, startSurvey, map[string]any{"s": sister.ID, "t": "Sister fall 2026"}, &sst)
	sisterStep := c.Step.Query().Where(step.SchoolID(sister.ID), step.Key("practice.advisory")).OnlyX(ctx)
	admin.MustDo(t, rateStep, map[string]any{"sv": sst.StartSurvey.Survey.ID, "st": sisterStep.ID, "r": "ESTABLISHED"}, nil)

	const district = `query($d: String) { districtImplementation(district: $d) {
	  school { name district } latest { survey { title } categories { category { key } score steps { step { key } resources { title } score } } }
	  openItems { title step { title } } } }`
	var d struct {
		DistrictImplementation []struct {
			School struct{ Name, District string }
			Latest *struct {
				Survey struct{ Title string }
			}
			OpenItems []struct{ Title string }
		}
	}
	resp := admin.MustDo(t, district, map[string]any{"d": "green mountain su"}, &d)
	var names []string
	for _, r := range d.DistrictImplementation {
		names = append(names, r.School.Name+"/"+r.Latest.Survey.Title)
	}
	if got := strings.Join(names, ", "); got != "home High School/Fall 2026, Sister Middle School/Sister fall 2026" {
		t.Fatalf("district view: %s", got)
	}
	// Side by side costs the same statements however many schools: add a
	// third and count again.
	third := c.School.Create().SetName("Third Elementary").SetDistrict("Green Mountain SU").SaveX(ctx)
	c.Membership.Create().SetAccountID(sv.w.Home.Admin.ID).SetSchoolID(third.ID).SetRole(membership.RoleAdmin).ExecX(ctx)
	admin.MustDo(t, startSurvey, map[string]any{"s": third.ID, "t": "Third fall 2026"}, nil)
	again := admin.MustDo(t, district, map[string]any{"d": "Green Mountain SU"}, &d)
	if len(d.DistrictImplementation) != 3 || again.Statements != resp.Statements {
		t.Fatalf("%d schools in %d statements, 2 in %d", len(d.DistrictImplementation), again.Statements, resp.Statements)
	}
	// Another school's admin sees only their own.
	sv.outsider["otherSchool"].MustDo(t, district, map[string]any{}, &d)
	if len(d.DistrictImplementation) != 1 || d.DistrictImplementation[0].School.Name != "other High School" {
		t.Fatalf("other admin sees %+v", d.DistrictImplementation)
	}
}

// Issue 20, point 14: every resource of the shipped Vermont framework, as a
// school gets it through the API, has a working reference: a well-formed
// https link (the Agency's or the Legislature's published page), or its own
// text. The test cannot reach the internet, so it checks the form only.
func TestVermontResourcesAllHaveAReference(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	var out struct {
		InstallImplementationFramework struct {
			Categories []struct {
				Steps []struct {
					Key       string
					Resources []struct {
						Title, Body string
						URL         *string
						FileURL     *string
					}
				}
			}
		}
	}
	s.As(t, w.Home.Admin).MustDo(t, `mutation($s: ID!) {
  installImplementationFramework(schoolID: $s) {
    categories { steps { key resources { title url body fileURL } } }
  }
}`, map[string]any{"s": w.Home.School.ID}, &out)
	total, linked, written := 0, 0, 0
	for _, c := range out.InstallImplementationFramework.Categories {
		for _, st := range c.Steps {
			for _, r := range st.Resources {
				total++
				switch {
				case r.URL != nil && *r.URL != "":
					u, err := url.Parse(*r.URL)
					if err != nil || u.Scheme != "https" || u.Host == "" || !strings.Contains(u.Host, ".") || strings.ContainsAny(*r.URL, " \t\n") {
						t.Errorf("%s / %q: the link %q is not a well-formed https URL", st.Key, r.Title, *r.URL)
					}
					linked++
				case len(strings.Fields(r.Body)) >= 40:
					written++
				default:
					t.Errorf("%s / %q has neither a link nor a text of its own (body %q)", st.Key, r.Title, r.Body)
				}
			}
		}
	}
	if total != 34 || linked+written != total {
		t.Fatalf("%d resources, %d linked and %d written out", total, linked, written)
	}
}
