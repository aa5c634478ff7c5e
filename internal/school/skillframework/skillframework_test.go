package skillframework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/selfassessment"
	"plp/ent/skill"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/apperr"
	"plp/internal/school/skillframework"
)

func TestInstallVermontWithIndicators(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	ctx := apitest.SystemAt(apitest.Start)

	fw, err := skillframework.InstallVermont(ctx, db.Client, w.Home.School.ID)
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	skills, err := fw.QuerySkills().Order(skill.ByPosition()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := len(skillframework.Vermont)
	for _, s := range skillframework.Vermont {
		if n := len(s.Indicators); n < 3 || n > 5 {
			t.Errorf("%s has %d indicators, want 3 to 5", s.Code, n)
		}
		want += len(s.Indicators)
	}
	if len(skills) != want {
		t.Fatalf("installed %d skills, want %d", len(skills), want)
	}
	for i, s := range skills {
		if s.Position != i {
			t.Errorf("skill %s at position %d, want %d", s.Code, s.Position, i)
		}
	}
	// The five transferable skills first, in the state's order, then their
	// indicators as proficiencies.
	for i, v := range skillframework.Vermont {
		if skills[i].Code != v.Code || skills[i].Kind != skill.KindTransferable {
			t.Errorf("skill %d = %s %s, want %s TRANSFERABLE", i, skills[i].Code, skills[i].Kind, v.Code)
		}
	}
	next := len(skillframework.Vermont)
	for _, v := range skillframework.Vermont {
		for n, text := range v.Indicators {
			s := skills[next]
			next++
			if s.Code != fmt.Sprintf("%s.%d", v.Code, n+1) || s.Name != text || s.Kind != skill.KindProficiency {
				t.Errorf("indicator %s = %q %s, want %s.%d %q PROFICIENCY", s.Code, s.Name, s.Kind, v.Code, n+1, text)
			}
		}
	}
	// Once per school: a second install is refused and adds nothing.
	if _, err := skillframework.InstallVermont(ctx, db.Client, w.Home.School.ID); !ent.IsConstraintError(err) {
		t.Fatalf("second install: %v, want a constraint error", err)
	}
	if n := fw.QuerySkills().CountX(ctx); n != want {
		t.Fatalf("after a second install: %d skills, want %d", n, want)
	}
}

// importIn runs ImportCASE in a transaction, as the API and the CLI do.
func importIn(ctx context.Context, t *testing.T, c *ent.Client, school pulid.ID, pkg []byte) (*ent.Framework, error) {
	t.Helper()
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := skillframework.ImportCASE(ctx, tx.Client(), school, bytes.NewReader(pkg))
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return fw.Unwrap(), nil
}

func TestImportCASE(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	ctx := apitest.SystemAt(apitest.Start)
	pkg, err := os.ReadFile("testdata/case-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := importIn(ctx, t, db.Client, w.Home.School.ID, pkg)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if fw.Name != "Green Mountain Science Practices" || fw.Version != "2.1" || fw.SchoolID != w.Home.School.ID ||
		!strings.HasPrefix(fw.Description, "Science practices") {
		t.Fatalf("framework = %q %q in %s: %q", fw.Name, fw.Version, fw.SchoolID, fw.Description)
	}
	skills := db.Client.Framework.GetX(ctx, fw.ID).QuerySkills().Order(skill.ByPosition()).AllX(ctx)
	long := "Analyze complex real-world problems by specifying criteria and constraints for successful solutions, " +
		"taking into account the needs of the people affected, the cost of materials, safety, reliability and the impact " +
		"of the solution on society and on the natural environment over time."
	want := []struct {
		code, name string
		kind       skill.Kind
	}{
		{"SCI.1", "Questions and problems", skill.KindTransferable},
		{"SCI.1.a", "Ask questions that arise from careful observation of phenomena or unexpected results, to clarify and seek additional information.", skill.KindProficiency},
		{"SCI.1.b", strings.TrimSpace(long[:200]), skill.KindProficiency},
		{"SCI.2", "Investigations", skill.KindTransferable},
		{"SCI.2.a", "Plan an investigation", skill.KindProficiency},
		{"SCI.2.a-2", "Select tools", skill.KindProficiency},   // the package used SCI.2.a twice
		{"abcdef12", "Make hypotheses", skill.KindProficiency}, // no humanCodingScheme
	}
	if len(skills) != len(want) {
		t.Fatalf("imported %d skills, want %d", len(skills), len(want))
	}
	for i, s := range skills {
		w := want[i]
		if s.Code != w.code || s.Name != w.name || s.Kind != w.kind || s.Position != i {
			t.Errorf("skill %d = %q %q %s at %d; want %q %q %s", i, s.Code, s.Name, s.Kind, s.Position, w.code, w.name, w.kind)
		}
	}
	if skills[2].Description != long {
		t.Errorf("description of SCI.1.b = %q, want the full statement", skills[2].Description)
	}
	if len(skills[2].Name) > 200 {
		t.Errorf("name of SCI.1.b has %d characters", len(skills[2].Name))
	}

	// The same framework and version again: CONFLICT, nothing added.
	if _, err := importIn(ctx, t, db.Client, w.Home.School.ID, pkg); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("second import: %v, want CONFLICT", err)
	}
	// Another school may import it too.
	if _, err := importIn(ctx, t, db.Client, w.Other.School.ID, pkg); err != nil {
		t.Fatalf("import in the other school: %v", err)
	}
}

func TestImportCASERefusesBadPackages(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	ctx := apitest.SystemAt(apitest.Start)

	refuse := func(name string, pkg []byte, code apperr.Code, msg string) {
		t.Helper()
		_, err := importIn(ctx, t, db.Client, w.Home.School.ID, pkg)
		e, ok := apperr.As(err)
		if !ok || e.Code != code || !strings.Contains(e.Message, msg) {
			t.Fatalf("%s: %v, want %s with %q", name, err, code, msg)
		}
	}
	refuse("not JSON", []byte(`{"CFDocument": {"title": "X"`), apperr.BadUserInput, "not valid JSON")
	refuse("an array", []byte(`[1, 2]`), apperr.BadUserInput, "not valid JSON")
	refuse("no CFDocument", []byte(`{"CFItems": [{"identifier": "a", "fullStatement": "A"}]}`), apperr.BadUserInput, "no CFDocument")
	refuse("no title", []byte(`{"CFDocument": {"identifier": "d", "title": " "}}`), apperr.BadUserInput, "no title")

	items := make([]map[string]string, skillframework.MaxCASEItems+1)
	for i := range items {
		items[i] = map[string]string{"identifier": fmt.Sprintf("item-%d", i), "fullStatement": fmt.Sprintf("Skill %d", i)}
	}
	big, _ := json.Marshal(map[string]any{"CFDocument": map[string]string{"title": "Big"}, "CFItems": items})
	refuse("5,001 items", big, apperr.LimitExceeded, "5000")

	if n := db.Client.Framework.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d frameworks after refused imports, want 0", n)
	}

	// Exactly the limit is imported, in more than one insert; codes made
	// from identifiers that share a prefix stay unique.
	big, _ = json.Marshal(map[string]any{"CFDocument": map[string]string{"title": "Big"}, "CFItems": items[:skillframework.MaxCASEItems]})
	fw, err := importIn(ctx, t, db.Client, w.Home.School.ID, big)
	if err != nil {
		t.Fatalf("import %d items: %v", skillframework.MaxCASEItems, err)
	}
	if n := db.Client.Skill.Query().Where(skill.FrameworkID(fw.ID)).CountX(ctx); n != skillframework.MaxCASEItems {
		t.Fatalf("imported %d skills, want %d", n, skillframework.MaxCASEItems)
	}
	last := db.Client.Skill.Query().Where(skill.FrameworkID(fw.ID), skill.Position(skillframework.MaxCASEItems-1)).OnlyX(ctx)
	if last.Name != fmt.Sprintf("Skill %d", skillframework.MaxCASEItems-1) || last.Kind != skill.KindTransferable {
		t.Fatalf("last skill = %q %s", last.Name, last.Kind)
	}
}

func TestGrowth(t *testing.T) {
	db := apitest.NewDB(t)
	w := apitest.NewWorld(t, db)
	ctx := apitest.SystemAt(apitest.Start)
	fw, err := skillframework.InstallVermont(ctx, db.Client, w.Home.School.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := func(c string) *ent.Skill {
		return fw.QuerySkills().Where(skill.Code(c)).OnlyX(ctx)
	}
	comm, self := code(skillframework.VermontCommunication), code(skillframework.VermontSelfDirection)
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	rate := func(st pulid.ID, sk *ent.Skill, when string, l selfassessment.Level) {
		db.Client.SelfAssessment.Create().SetStudentID(st).SetSkillID(sk.ID).SetLevel(l).SetTakenAt(at(when)).ExecX(ctx)
	}
	me := w.Home.Student.ID
	// Out of order on purpose.
	rate(me, self, "2027-03-01T15:00:00Z", selfassessment.LevelProficient)
	rate(me, comm, "2027-02-10T15:00:00Z", selfassessment.LevelProficient)
	rate(me, comm, "2026-09-10T15:00:00Z", selfassessment.LevelBeginning)
	rate(me, comm, "2027-01-20T15:00:00Z", selfassessment.LevelDeveloping)
	rate(me, self, "2026-05-01T15:00:00Z", selfassessment.LevelDeveloping)
	// 1 August in UTC, still 31 July at the school (New York): last year.
	rate(me, self, "2026-08-01T03:00:00Z", selfassessment.LevelDeveloping)

	before := db.Statements()
	got, err := skillframework.Growth(ctx, db.Client, me, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The self-assessments, the school's time zone (terms are the
	// school's), the skills.
	if n := db.Statements() - before; n != 3 {
		t.Errorf("growth ran %d statements, want 3", n)
	}
	type point struct {
		at    string
		level selfassessment.Level
		term  string
	}
	check := func(g *skillframework.SkillGrowth, sk *ent.Skill, want []point) {
		t.Helper()
		if g.Skill.ID != sk.ID {
			t.Fatalf("series of %s, want %s", g.Skill.Code, sk.Code)
		}
		if len(g.Points) != len(want) {
			t.Fatalf("%s: %d points, want %d", sk.Code, len(g.Points), len(want))
		}
		for i, p := range g.Points {
			if !p.TakenAt.Equal(at(want[i].at)) || p.Level != want[i].level || p.Term != want[i].term {
				t.Errorf("%s point %d = %s %s %q, want %+v", sk.Code, i, p.TakenAt, p.Level, p.Term, want[i])
			}
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d series, want 2", len(got))
	}
	// Framework order: communication (0) before self-direction (1).
	check(got[0], comm, []point{
		{"2026-09-10T15:00:00Z", selfassessment.LevelBeginning, "2026-2027 fall"},
		{"2027-01-20T15:00:00Z", selfassessment.LevelDeveloping, "2026-2027 spring"},
		{"2027-02-10T15:00:00Z", selfassessment.LevelProficient, "2026-2027 spring"},
	})
	check(got[1], self, []point{
		{"2026-05-01T15:00:00Z", selfassessment.LevelDeveloping, "2025-2026 spring"},
		{"2026-08-01T03:00:00Z", selfassessment.LevelDeveloping, "2025-2026 spring"},
		{"2027-03-01T15:00:00Z", selfassessment.LevelProficient, "2026-2027 spring"},
	})

	// Only the skills asked for.
	got, err = skillframework.Growth(ctx, db.Client, me, []pulid.ID{self.ID})
	if err != nil || len(got) != 1 || got[0].Skill.ID != self.ID {
		t.Fatalf("growth of self-direction only: %v %v", got, err)
	}
	// A student with no assessments has no series (an empty list, not nil).
	got, err = skillframework.Growth(ctx, db.Client, w.Other.Student.ID, nil)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("growth of a student without assessments: %v %v", got, err)
	}
}
