package oneroster_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"plp/ent"
	"plp/ent/student"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/clock"
	"plp/internal/platform/database"
	"plp/internal/platform/viewer"
	"plp/internal/school/oneroster"
)

var today = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func importFS(t *testing.T, db *database.DB, src fs.FS, skip bool) *oneroster.Report {
	t.Helper()
	r, err := oneroster.Import(clock.NewContext(context.Background(), func() time.Time { return today }), db.Client, src, oneroster.Options{SkipBadRows: skip})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return r
}

func file(r *oneroster.Report, name string) *oneroster.FileReport {
	for _, f := range r.Files {
		if f.File == name {
			return f
		}
	}
	return nil
}

func refusals(r *oneroster.Report) string {
	var out []string
	for _, x := range r.Refused() {
		out = append(out, x.String())
	}
	return strings.Join(out, "\n")
}

// The sample export has bad rows in most files: each is refused with its
// line and reason, whatever the mode.
var wantRefused = []string{
	`users.csv:14 (usr-stu-5): grade "PK" is not KG or 01 to 12`,
	`users.csv:15 (usr-tch-3): no email: staff and family members sign in to PLP by email`,
	`users.csv:16 (usr-stu-1): the sourcedId was already on line 7 of this file`,
	`users.csv:17 (usr-gdn-4): email "kim.lee at mail.example.com" is not an address`,
	`roles.csv:18 (rol-17): userSourcedId "usr-ghost" is no user of users.csv`,
	`demographics.csv:5 (usr-stu-4): birthDate "2013-13-45" is not a date as YYYY-MM-DD`,
	`demographics.csv:7 (usr-nobody): no student with this sourcedId in users.csv`,
	`enrollments.csv:9 (enr-8): userSourcedId "usr-stu-99" is no student imported from users.csv`,
	`enrollments.csv:10 (enr-9): endDate "06/15/2027" is not a date as YYYY-MM-DD`,
	`enrollments.csv:11 (enr-9): the sourcedId was already on line 10 of this file`,
}

func TestImportSampleTwiceIsOnce(t *testing.T) {
	db := apitest.NewDB(t)
	first := importFS(t, db, os.DirFS("testdata/sample"), true)
	if got := refusals(first); got != strings.Join(wantRefused, "\n") {
		t.Fatalf("refused:\n%s\nwant:\n%s", got, strings.Join(wantRefused, "\n"))
	}
	once := snapshot(t, db.Client)
	for _, want := range []string{
		`school "Green Hills High School" district="Green Mountain Unified School District" sourced=org-ghs`,
		`account mhale@gmu.example.org "Maggie Hale" disabled=false sourced=usr-adm-1`,
		`membership mhale@gmu.example.org Green Hills High School ADMIN`,
		`membership mhale@gmu.example.org Ridgeline Middle School ADMIN`,
		`membership jortiz@gmu.example.org Green Hills High School ADVISOR`,
		`membership lnguyen@gmu.example.org Green Hills High School COUNSELOR`,
		`membership rachel.parker@mail.example.com Green Hills High School FAMILY`,
		`student usr-stu-1 Green Hills High School "Avery" "Parker" "Avery" grade=10 class=2029 born=2010-03-14 pronouns="they/them" account=aparker@students.gmu.example.org advisor=jortiz@gmu.example.org`,
		`student usr-stu-2 Green Hills High School "Benjamin" "Chen" "Ben" grade=11 class=2028 born=2009-11-02 pronouns="" account= advisor=jortiz@gmu.example.org`,
		`student usr-stu-3 Ridgeline Middle School "Camille" "Dubois" "Camille" grade=7 class=2032 born=2014-05-30 pronouns="" account=cdubois@students.gmu.example.org advisor=pbrooks@gmu.example.org`,
		`student usr-stu-4 Ridgeline Middle School "Diego" "Reyes" "Diego" grade=8 class=2031 born= pronouns="" account=dreyes@students.gmu.example.org advisor=`,
		`account dreyes@students.gmu.example.org "Diego Reyes" disabled=true sourced=usr-stu-4`,
		`guardianship usr-stu-1 rachel.parker@mail.example.com parent`,
		`guardianship usr-stu-1 sam.parker@mail.example.com guardian`,
		`guardianship usr-stu-2 wei.chen@mail.example.com relative`,
	} {
		if !strings.Contains(once, want+"\n") && !strings.HasSuffix(once, want) {
			t.Errorf("after the import, missing:\n%s", want)
		}
	}
	for _, absent := range []string{"tgray@", "usr-stu-5", "kim.lee", "Career and Technical"} {
		if strings.Contains(once, absent) {
			t.Errorf("imported %s", absent)
		}
	}
	if n := strings.Count(once, "guardianship "); n != 3 {
		t.Errorf("%d guardianships", n)
	}

	second := importFS(t, db, os.DirFS("testdata/sample"), true)
	for _, f := range second.Files {
		if f.Created != 0 || f.Updated != 0 {
			t.Errorf("second import changed %s", f)
		}
	}
	if got := refusals(second); got != strings.Join(wantRefused, "\n") {
		t.Errorf("second import refused:\n%s", got)
	}
	if twice := snapshot(t, db.Client); twice != once {
		t.Fatalf("twice differs from once:\n%s\n----\n%s", twice, once)
	}

	// A changed export updates in place: a new name, a grade up, a new advisor.
	changed := fstest.MapFS{}
	for _, name := range []string{"orgs.csv", "users.csv", "roles.csv", "classes.csv", "enrollments.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata/sample", name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if name == "users.csv" {
			text = strings.Replace(text, ",Benjamin,Chen,,S2002,,,,usr-gdn-3,11,", ",Benjamin,Chen,,S2002,,,,usr-gdn-3,12,", 1)
		}
		if name == "enrollments.csv" {
			text = strings.Replace(text, "enr-4,,,cls-hr-11b,org-ghs,usr-stu-2", "enr-4,,,cls-hr-7,org-rms,usr-stu-2", 1)
		}
		changed[name] = &fstest.MapFile{Data: []byte(text)}
	}
	third := importFS(t, db, changed, true)
	if u := file(third, "users.csv"); u.Updated != 1 || u.Created != 0 {
		t.Errorf("changed users: %s", u)
	}
	if e := file(third, "enrollments.csv"); e.Updated != 1 {
		t.Errorf("changed enrollments: %s", e)
	}
	ben := db.Client.Student.Query().Where(student.SourcedID("usr-stu-2")).OnlyX(viewer.SystemContext(context.Background()))
	if ben.Grade != 12 || ben.GraduationYear != 2027 || ben.BirthDate == nil {
		t.Errorf("Ben after the change: grade %d class %d born %v", ben.Grade, ben.GraduationYear, ben.BirthDate)
	}
}

func TestImportIsAllOrNothingPerFile(t *testing.T) {
	db := apitest.NewDB(t)
	r := importFS(t, db, os.DirFS("testdata/sample"), false)
	if got := file(r, "users.csv"); !got.RolledBack || got.Created != 0 || len(got.Refused) != 4 {
		t.Fatalf("users: %s", got)
	}
	if got := file(r, "roles.csv"); !got.RolledBack {
		t.Fatalf("roles: %s", got)
	}
	// orgs.csv and classes.csv had no bad row: they stand.
	if got := file(r, "orgs.csv"); got.RolledBack || got.Created != 2 {
		t.Fatalf("orgs: %s", got)
	}
	db2 := snapshot(t, db.Client)
	if strings.Contains(db2, "account ") || strings.Contains(db2, "student ") || !strings.Contains(db2, `school "Ridgeline Middle School"`) {
		t.Fatalf("after a strict import with bad users:\n%s", db2)
	}
	// Rows that point into the undone users.csv are refused in turn,
	// naming the file that was not imported.
	if got := file(r, "enrollments.csv"); !got.RolledBack || !strings.Contains(refusals(r), `enrollments.csv:2 (enr-1): "usr-tch-1" is in users.csv, which was not imported`) {
		t.Fatalf("enrollments: %s", got)
	}
}

func TestImportRefusesBadFilesWhole(t *testing.T) {
	db := apitest.NewDB(t)
	sample := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata/sample", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	// A file without a required column, and one that is not CSV.
	src := fstest.MapFS{
		"orgs.csv":  {Data: []byte("sourcedId,status,dateLastModified,name,identifier\norg-1,,,One School,X1\n")},
		"users.csv": {Data: []byte("sourcedId,givenName,familyName\nusr-1,\"Ann,Lee\n")},
	}
	r := importFS(t, db, src, true)
	if got := refusals(r); !strings.Contains(got, "orgs.csv: the header lacks the required columns type") ||
		!strings.Contains(got, "users.csv: not valid CSV") {
		t.Fatalf("refusals:\n%s", got)
	}
	if n := db.Client.School.Query().CountX(viewer.SystemContext(context.Background())); n != 0 {
		t.Fatalf("%d schools after a refused orgs.csv", n)
	}

	// A 50 MB users.csv is refused before it is read; the rest imports.
	dir := t.TempDir()
	for _, name := range []string{"orgs.csv", "roles.csv"} {
		if err := os.WriteFile(filepath.Join(dir, name), sample(name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	big := filepath.Join(dir, "users.csv")
	if err := os.WriteFile(big, sample("users.csv"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 50<<20); err != nil {
		t.Fatal(err)
	}
	r = importFS(t, db, os.DirFS(dir), true)
	if got := refusals(r); !strings.Contains(got, "users.csv: the file has 52428800 bytes; at most 33554432 are read") {
		t.Fatalf("refusals:\n%s", got)
	}
	if got := file(r, "orgs.csv"); got.Created != 2 {
		t.Fatalf("orgs beside a refused users.csv: %s", got)
	}
	if n := db.Client.Account.Query().CountX(viewer.SystemContext(context.Background())); n != 0 {
		t.Fatalf("%d accounts from a refused users.csv", n)
	}
}

// snapshot is the rostered part of the database as sorted text, IDs
// replaced by what they name, so two databases can be compared.
func snapshot(t *testing.T, c *ent.Client) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	var lines []string
	email := map[string]string{}
	for _, a := range c.Account.Query().AllX(ctx) {
		email[string(a.ID)] = a.Email
		lines = append(lines, fmt.Sprintf("account %s %q disabled=%v sourced=%v", a.Email, a.Name, a.Disabled, deref(a.SourcedID)))
	}
	schoolName := map[string]string{}
	for _, s := range c.School.Query().AllX(ctx) {
		schoolName[string(s.ID)] = s.Name
		lines = append(lines, fmt.Sprintf("school %q district=%q sourced=%v", s.Name, s.District, deref(s.SourcedID)))
	}
	for _, m := range c.Membership.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("membership %s %s %s", email[string(m.AccountID)], schoolName[string(m.SchoolID)], m.Role))
	}
	sid := map[string]string{}
	for _, s := range c.Student.Query().AllX(ctx) {
		sid[string(s.ID)] = deref(s.SourcedID)
		born := ""
		if s.BirthDate != nil {
			born = s.BirthDate.UTC().Format(time.DateOnly)
		}
		acc, adv := "", ""
		if s.AccountID != nil {
			acc = email[string(*s.AccountID)]
		}
		if s.AdvisorID != nil {
			adv = email[string(*s.AdvisorID)]
		}
		lines = append(lines, fmt.Sprintf("student %s %s %q %q %q grade=%d class=%d born=%s pronouns=%q account=%s advisor=%s",
			deref(s.SourcedID), schoolName[string(s.SchoolID)], s.GivenName, s.FamilyName, s.PreferredName, s.Grade, s.GraduationYear, born, s.Pronouns, acc, adv))
	}
	for _, g := range c.Guardianship.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("guardianship %s %s %s", sid[string(g.StudentID)], email[string(g.FamilyID)], g.Relationship))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
