package skillframework_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/framework"
	"plp/ent/selfassessment"
	"plp/ent/skill"
	"plp/internal/devtools/apitest"
	"plp/internal/school/skillframework"
)

const importFramework = `mutation($s: ID!, $p: String!) {
  importFramework(schoolID: $s, casePackage: $p) {
    framework { id name version skills { code name kind position } }
  }
}`

func TestImportFrameworkThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	pkg, err := os.ReadFile("testdata/case-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{"s": w.Home.School.ID, "p": string(pkg)}

	// Staff other than admins, and another school's admin, may not.
	s.As(t, w.Home.Advisor).MustFail(t, "FORBIDDEN", importFramework, vars)
	// Another school's admin is told the school is not theirs, as with
	// createFramework.
	s.As(t, w.Other.Admin).MustFail(t, "BAD_USER_INPUT", importFramework, vars)
	if n := s.DB.Client.Framework.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d frameworks after refused imports", n)
	}

	admin := s.As(t, w.Home.Admin)
	var out struct {
		ImportFramework struct {
			Framework struct {
				ID, Name, Version string
				Skills            []struct {
					Code, Name, Kind string
					Position         int
				}
			}
		}
	}
	admin.MustDo(t, importFramework, vars, &out)
	fw := out.ImportFramework.Framework
	if fw.Name != "Green Mountain Science Practices" || fw.Version != "2.1" || len(fw.Skills) != 7 {
		t.Fatalf("framework = %+v", fw)
	}
	codes := map[string]string{}
	for _, sk := range fw.Skills {
		codes[sk.Code] = sk.Kind
	}
	for code, kind := range map[string]string{"SCI.1": "TRANSFERABLE", "SCI.2.a": "PROFICIENCY", "SCI.2.a-2": "PROFICIENCY", "abcdef12": "PROFICIENCY"} {
		if codes[code] != kind {
			t.Errorf("skill %s kind %q, want %s (%v)", code, codes[code], kind, codes)
		}
	}

	// Bad packages: a clear BAD_USER_INPUT, and nothing written.
	e := admin.MustFail(t, "BAD_USER_INPUT", importFramework, map[string]any{"s": w.Home.School.ID, "p": "{not json"})
	if !strings.Contains(e.Message, "not valid JSON") || e.Field() != "casePackage" {
		t.Fatalf("bad JSON: %q field %q", e.Message, e.Field())
	}
	e = admin.MustFail(t, "BAD_USER_INPUT", importFramework, map[string]any{"s": w.Home.School.ID, "p": `{"CFItems": []}`})
	if !strings.Contains(e.Message, "no CFDocument") {
		t.Fatalf("no CFDocument: %q", e.Message)
	}
	admin.MustFail(t, "CONFLICT", importFramework, vars)
	if n := s.DB.Client.Framework.Query().Where(framework.SchoolID(w.Home.School.ID)).CountX(ctx); n != 1 {
		t.Fatalf("%d frameworks, want 1", n)
	}
}

const skillGrowth = `query($s: ID!, $k: [ID!]) {
  skillGrowth(studentID: $s, skillIDs: $k) { skill { code } points { takenAt level term } }
}`

type growthOut struct {
	SkillGrowth []struct {
		Skill  struct{ Code string }
		Points []struct {
			TakenAt time.Time
			Level   string
			Term    string
		}
	}
}

func TestSkillGrowthThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	fw, err := skillframework.InstallVermont(ctx, s.DB.Client, w.Home.School.ID)
	if err != nil {
		t.Fatal(err)
	}
	comm := fw.QuerySkills().Where(skill.Code(skillframework.VermontCommunication)).OnlyX(ctx)
	think := fw.QuerySkills().Where(skill.Code(skillframework.VermontThinking)).OnlyX(ctx)
	rate := func(sk *ent.Skill, when string, l selfassessment.Level) {
		at, _ := time.Parse(time.RFC3339, when)
		s.DB.Client.SelfAssessment.Create().SetStudentID(w.Home.Student.ID).SetSkillID(sk.ID).
			SetLevel(l).SetTakenAt(at).ExecX(ctx)
	}
	rate(comm, "2027-02-02T14:00:00Z", selfassessment.LevelProficient)
	rate(comm, "2026-10-02T14:00:00Z", selfassessment.LevelDeveloping)
	rate(think, "2026-10-03T14:00:00Z", selfassessment.LevelBeginning)

	vars := map[string]any{"s": w.Home.Student.ID}
	sees := func(who string, c *apitest.Client) {
		t.Helper()
		var out growthOut
		c.MustDo(t, skillGrowth, vars, &out)
		g := out.SkillGrowth
		if len(g) != 2 || g[0].Skill.Code != skillframework.VermontCommunication || g[1].Skill.Code != skillframework.VermontThinking {
			t.Fatalf("%s: %+v", who, g)
		}
		p := g[0].Points
		if len(p) != 2 || p[0].Level != "DEVELOPING" || p[0].Term != "2026-2027 fall" ||
			p[1].Level != "PROFICIENT" || p[1].Term != "2026-2027 spring" || !p[0].TakenAt.Before(p[1].TakenAt) {
			t.Fatalf("%s: communication points %+v", who, p)
		}
	}
	empty := func(who string, c *apitest.Client) {
		t.Helper()
		var out growthOut
		c.MustDo(t, skillGrowth, vars, &out)
		if len(out.SkillGrowth) != 0 {
			t.Fatalf("%s sees %+v, want nothing", who, out.SkillGrowth)
		}
	}
	sees("student", s.As(t, w.Home.StudentAccount))
	sees("family", s.As(t, w.Home.Family))
	sees("advisor", s.As(t, w.Home.Advisor))
	empty("partner", s.As(t, w.Home.Partner))
	empty("other school's admin", s.As(t, w.Other.Admin))
	empty("other family", s.As(t, w.Other.Family))

	// One skill only.
	var out growthOut
	s.As(t, w.Home.StudentAccount).MustDo(t, skillGrowth, map[string]any{"s": w.Home.Student.ID, "k": []any{think.ID}}, &out)
	if len(out.SkillGrowth) != 1 || out.SkillGrowth[0].Skill.Code != skillframework.VermontThinking || len(out.SkillGrowth[0].Points) != 1 {
		t.Fatalf("thinking only: %+v", out.SkillGrowth)
	}
}

const createAssessment = `mutation($in: CreateSelfAssessmentInput!) {
  createSelfAssessment(input: $in) { selfAssessment { id level assessor assessedBy { id } } }
}`

const updateAssessment = `mutation($id: ID!, $in: UpdateSelfAssessmentInput!) {
  updateSelfAssessment(id: $id, input: $in) { selfAssessment { id level } }
}`

// TestAdvisorAssessmentBesideStudents: the student writes STUDENT
// assessments of themselves, staff ADVISOR ones; nobody writes in the
// other's voice, and skillGrowth returns the two series side by side.
func TestAdvisorAssessmentBesideStudents(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	fw, err := skillframework.InstallVermont(ctx, s.DB.Client, w.Home.School.ID)
	if err != nil {
		t.Fatal(err)
	}
	comm := fw.QuerySkills().Where(skill.Code(skillframework.VermontCommunication)).OnlyX(ctx)
	in := func(assessor, level, at string) map[string]any {
		m := map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "skillID": comm.ID, "level": level, "takenAt": at}}
		if assessor != "" {
			m["in"].(map[string]any)["assessor"] = assessor
		}
		return m
	}
	student, advisor := s.As(t, w.Home.StudentAccount), s.As(t, w.Home.Advisor)
	type created struct {
		CreateSelfAssessment struct {
			SelfAssessment struct {
				ID, Level, Assessor string
				AssessedBy          struct{ ID string }
			}
		}
	}
	var mine, theirs created
	student.MustDo(t, createAssessment, in("", "DEVELOPING", "2026-10-02T14:00:00Z"), &mine)
	if a := mine.CreateSelfAssessment.SelfAssessment; a.Assessor != "STUDENT" || a.AssessedBy.ID != string(w.Home.StudentAccount.ID) {
		t.Fatalf("student's assessment = %+v", a)
	}
	advisor.MustDo(t, createAssessment, in("ADVISOR", "PROFICIENT", "2026-10-03T14:00:00Z"), &theirs)
	if a := theirs.CreateSelfAssessment.SelfAssessment; a.Assessor != "ADVISOR" || a.AssessedBy.ID != string(w.Home.Advisor.ID) {
		t.Fatalf("advisor's assessment = %+v", a)
	}
	s.As(t, w.Home.Counselor).MustDo(t, createAssessment, in("ADVISOR", "EXTENDING", "2027-03-03T14:00:00Z"), nil)

	// Nobody speaks in the other's voice, or for a student not theirs.
	student.MustFail(t, "FORBIDDEN", createAssessment, in("ADVISOR", "EXTENDING", "2026-10-04T14:00:00Z"))
	advisor.MustFail(t, "FORBIDDEN", createAssessment, in("STUDENT", "BEGINNING", "2026-10-04T14:00:00Z"))
	s.As(t, w.Home.Family).MustFail(t, "FORBIDDEN", createAssessment, in("ADVISOR", "BEGINNING", "2026-10-04T14:00:00Z"))
	s.As(t, w.Home.Partner).MustFail(t, "FORBIDDEN", createAssessment, in("STUDENT", "BEGINNING", "2026-10-04T14:00:00Z"))
	s.As(t, w.Other.Admin).MustFail(t, "BAD_USER_INPUT", createAssessment, in("ADVISOR", "BEGINNING", "2026-10-04T14:00:00Z"))
	// A level outside the scale is refused as bad input.
	e := student.MustFail(t, "BAD_USER_INPUT", createAssessment, in("", "EXPERT", "2026-10-04T14:00:00Z"))
	if !strings.Contains(e.Message, "EXPERT") {
		t.Fatalf("out-of-range level message %q", e.Message)
	}
	// Each side changes only its own.
	advisor.MustFail(t, "NOT_FOUND", updateAssessment, map[string]any{"id": mine.CreateSelfAssessment.SelfAssessment.ID, "in": map[string]any{"level": "EXTENDING"}})
	student.MustFail(t, "NOT_FOUND", updateAssessment, map[string]any{"id": theirs.CreateSelfAssessment.SelfAssessment.ID, "in": map[string]any{"level": "BEGINNING"}})
	student.MustDo(t, updateAssessment, map[string]any{"id": mine.CreateSelfAssessment.SelfAssessment.ID, "in": map[string]any{"level": "BEGINNING"}}, nil)
	if n := s.DB.Client.SelfAssessment.Query().CountX(ctx); n != 3 {
		t.Fatalf("%d assessments, want 3", n)
	}

	const growth = `query($s: ID!) { skillGrowth(studentID: $s) { skill { code } points { level } advisorPoints { level term } } }`
	var out struct {
		SkillGrowth []struct {
			Points        []struct{ Level string }
			AdvisorPoints []struct{ Level, Term string }
		}
	}
	s.As(t, w.Home.Family).MustDo(t, growth, map[string]any{"s": w.Home.Student.ID}, &out)
	if len(out.SkillGrowth) != 1 {
		t.Fatalf("growth = %+v", out.SkillGrowth)
	}
	g := out.SkillGrowth[0]
	if len(g.Points) != 1 || g.Points[0].Level != "BEGINNING" ||
		len(g.AdvisorPoints) != 2 || g.AdvisorPoints[0].Level != "PROFICIENT" || g.AdvisorPoints[1].Level != "EXTENDING" ||
		g.AdvisorPoints[1].Term != "2026-2027 spring" {
		t.Fatalf("growth series = %+v", g)
	}
}
