package oneroster_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/membership"
	"plp/ent/student"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/viewer"
	"plp/internal/records/retention"
)

// A small clean district: two schools, a district administrator, a
// teacher who advises two students, a parent.
const (
	orgsHeader  = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
	usersHeader = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrg,pronouns\n"
	rolesHeader = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n"
	classHeader = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
	enrolHeader = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"

	orgsRows = `org-gmu,,,Green Mountain Unified School District,district,VT-GMU,
org-ghs,,,Green Hills High School,school,VT-GMU-001,org-gmu
org-rms,,,Ridgeline Middle School,school,VT-GMU-002,org-gmu
`
	userDistrict = "usr-dis-1,,,true,rsmith,,Robin,Smith,,E9001,rsmith@gmu.example.org,,,,,,,,,,,org-gmu,\n"
	userTeacher  = "usr-tch-1,,,true,jortiz,,Jordan,Ortiz,,E1002,jortiz@gmu.example.org,,,,,,,,,,,org-ghs,\n"
	userAvery    = "usr-stu-1,,,true,aparker,,Avery,Parker,,S2001,aparker@students.gmu.example.org,,,usr-gdn-1,10,,,,,,,org-ghs,\n"
	userBen      = "usr-stu-2,,,true,bchen,,Benjamin,Chen,,S2002,,,,,11,,,,Ben,,,org-ghs,\n"
	userParent   = "usr-gdn-1,,,true,,,Rachel,Parker,,,rachel.parker@mail.example.com,,,usr-stu-1,,,,,,,,org-ghs,\n"
	roleDistrict = "rol-1,,,usr-dis-1,primary,districtAdministrator,2024-08-01,,org-gmu,\n"
	roleTeacher  = "rol-2,,,usr-tch-1,primary,teacher,2024-08-01,,org-ghs,\n"
	roleAvery    = "rol-3,,,usr-stu-1,primary,student,2023-08-25,,org-ghs,\n"
	roleBen      = "rol-4,,,usr-stu-2,primary,student,2022-08-25,,org-ghs,\n"
	roleParent   = "rol-5,,,usr-gdn-1,primary,parent,,,org-ghs,\n"
	classes      = "cls-hr-10a,,,Advisory 10A,10,crs-adv,ADV-10A,homeroom,Room 114,org-ghs,term-2026,,,1\n"
	enrolTeacher = "enr-1,,,cls-hr-10a,org-ghs,usr-tch-1,teacher,true,2026-08-25,2027-06-15\n"
	enrolStudent = "enr-2,,,cls-hr-10a,org-ghs,usr-stu-1,student,false,2026-08-25,2027-06-15\nenr-3,,,cls-hr-10a,org-ghs,usr-stu-2,student,false,2026-08-25,2027-06-15\n"
)

// district is the clean district's bulk export, without the given users'
// rows anywhere.
func district(without ...string) fstest.MapFS {
	keep := func(rows ...string) string {
		var out []string
	rows:
		for _, r := range rows {
			for _, w := range without {
				if strings.Contains(r, w+",") {
					continue rows
				}
			}
			out = append(out, r)
		}
		return strings.Join(out, "")
	}
	return fstest.MapFS{
		"manifest.csv":    {Data: []byte("propertyName,value\nfile.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\nfile.classes,bulk\nfile.enrollments,bulk\n")},
		"orgs.csv":        {Data: []byte(orgsHeader + orgsRows)},
		"users.csv":       {Data: []byte(usersHeader + keep(userDistrict, userTeacher, userAvery, userBen, userParent))},
		"roles.csv":       {Data: []byte(rolesHeader + keep(roleDistrict, roleTeacher, roleAvery, roleBen, roleParent))},
		"classes.csv":     {Data: []byte(classHeader + classes)},
		"enrollments.csv": {Data: []byte(enrolHeader + keep(enrolTeacher, enrolStudent))},
	}
}

// roles lists an account's memberships as "School ROLE", sorted.
func rolesOf(t *testing.T, c *ent.Client, email string) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	var out []string
	for _, m := range c.Membership.Query().Where(membership.HasAccountWith(account.Email(email))).WithSchool().
		Order(ent.Asc(membership.FieldRole)).AllX(ctx) {
		out = append(out, m.Edges.School.Name+" "+string(m.Role))
	}
	return strings.Join(out, ", ")
}

// Issue 20, point 11: a district administrator's role on the district org
// was refused, and with it (strict mode) the whole of users.csv. It makes
// them an admin of every school of the district, a school the district
// gains later included, until the role ends.
func TestDistrictAdministratorAdministersEverySchool(t *testing.T) {
	db := apitest.NewDB(t)
	c := db.Client
	ctx := viewer.SystemContext(context.Background())
	r := importFS(t, db, district(), false)
	if got := refusals(r); got != "" {
		t.Fatalf("refused:\n%s", got)
	}
	if u := file(r, "users.csv"); u.RolledBack || u.Created == 0 {
		t.Fatalf("users: %s", u)
	}
	if got := rolesOf(t, c, "rsmith@gmu.example.org"); got != "Green Hills High School ADMIN, Ridgeline Middle School ADMIN" &&
		got != "Ridgeline Middle School ADMIN, Green Hills High School ADMIN" {
		t.Fatalf("district administrator's roles: %q", got)
	}
	if got := rolesOf(t, c, "jortiz@gmu.example.org"); got != "Green Hills High School ADVISOR" {
		t.Fatalf("teacher's roles: %q", got)
	}
	// Twice is once.
	again := importFS(t, db, district(), false)
	for _, f := range again.Files {
		if f.Created != 0 || f.Updated != 0 || f.Left != 0 {
			t.Errorf("second import changed %s", f)
		}
	}

	// The district opens a school: an export of orgs.csv alone brings it,
	// and its district administrator with it.
	grown := fstest.MapFS{"orgs.csv": {Data: []byte(orgsHeader + orgsRows + "org-vhs,,,Valley High School,school,VT-GMU-003,org-gmu\n")}}
	importFS(t, db, grown, false)
	if got := rolesOf(t, c, "rsmith@gmu.example.org"); strings.Count(got, "ADMIN") != 3 || !strings.Contains(got, "Valley High School ADMIN") {
		t.Fatalf("after a new school: %q", got)
	}

	// The role ends (a delta of roles.csv alone): every school's goes.
	ended := fstest.MapFS{
		"manifest.csv": {Data: []byte("propertyName,value\nfile.orgs,absent\nfile.users,absent\nfile.roles,delta\n")},
		"roles.csv":    {Data: []byte(rolesHeader + "rol-1,tobedeleted,2026-11-23T09:00:00Z,usr-dis-1,primary,districtAdministrator,2024-08-01,,org-gmu,\n")},
	}
	r = importFS(t, db, ended, false)
	if got := refusals(r); got != "" {
		t.Fatalf("refused:\n%s", got)
	}
	if got := rolesOf(t, c, "rsmith@gmu.example.org"); got != "" {
		t.Fatalf("roles after the district role ended: %q", got)
	}
	if a := c.Account.Query().Where(account.Email("rsmith@gmu.example.org")).OnlyX(ctx); !a.Disabled {
		t.Error("the former district administrator can still sign in")
	}
	if got := rolesOf(t, c, "jortiz@gmu.example.org"); got != "Green Hills High School ADVISOR" {
		t.Fatalf("teacher's roles after a delta that does not name them: %q", got)
	}
}

const importWithLeavers = `mutation($file: Upload!, $skip: Boolean) {
  importOneRoster(file: $file, skipBadRows: $skip) {
    files { file present delta left created updated ignored rolledBack refused { line sourcedID reason } }
  }
}`

type leaversOut struct {
	ImportOneRoster struct {
		Files []struct {
			File                            string
			Present, Delta, RolledBack      bool
			Left, Created, Updated, Ignored int
			Refused                         []struct{ SourcedID, Reason string }
		}
	}
}

func zipFS(t *testing.T, src fstest.MapFS) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, f := range src {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.Data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Issue 20, point 12, through the API: a delta export applies its changes
// (a new grade) and leaves alone whoever it does not name; a user to be
// deleted, and in a full export a teacher no longer there, leave: no role,
// no sign-in (their session stops at once), no advisees; the plan of the
// student who left is kept until the retention rules delete it.
func TestDeltaExportsAndLeaversThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	c.School.UpdateOne(w.Home.School).SetName("Green Hills High School").ExecX(ctx)
	ridgeline := c.School.Create().SetName("Ridgeline Middle School").SaveX(ctx)
	c.Membership.Create().SetAccountID(w.Home.Admin.ID).SetSchoolID(ridgeline.ID).SetRole(membership.RoleAdmin).ExecX(ctx)
	admin := s.As(t, w.Home.Admin)

	run := func(src fstest.MapFS, skip bool) map[string]int {
		t.Helper()
		ops, _ := json.Marshal(map[string]any{"query": importWithLeavers, "variables": map[string]any{"file": nil, "skip": skip}})
		r := uploadRaw(t, s, admin, ops, zipFS(t, src))
		if len(r.Errors) > 0 {
			t.Fatalf("import: %+v", r.Errors)
		}
		var out leaversOut
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, f := range out.ImportOneRoster.Files {
			if len(f.Refused) > 0 && !skip {
				t.Fatalf("%s refused %+v", f.File, f.Refused)
			}
			got[f.File+" left"] = f.Left
			got[f.File+" updated"] = f.Updated
			if f.Delta {
				got[f.File+" delta"] = 1
			}
		}
		return got
	}
	run(district(), false)
	for _, email := range []string{"aparker@students.gmu.example.org", "jortiz@gmu.example.org"} {
		c.Account.Update().Where(account.Email(email)).SetPasswordHash(apitest.PasswordHash()).ExecX(ctx)
	}
	avery := s.SignIn(t, "aparker@students.gmu.example.org", apitest.Password)
	teacher := s.SignIn(t, "jortiz@gmu.example.org", apitest.Password)
	const who = `{ viewer { account { email } } }`
	avery.MustDo(t, who, nil, nil)
	teacher.MustDo(t, who, nil, nil)
	averyRecord := c.Student.Query().Where(student.SourcedID("usr-stu-1")).OnlyX(ctx)
	if averyRecord.AdvisorID == nil {
		t.Fatal("the homeroom teacher is not Avery's advisor")
	}

	// A delta: Ben moves up a grade (his roles are not repeated), Avery
	// leaves. Nobody else is named, and nobody else changes.
	delta := fstest.MapFS{
		"manifest.csv": {Data: []byte("propertyName,value\nfile.orgs,absent\nfile.users,delta\nfile.roles,absent\n")},
		"users.csv": {Data: []byte(usersHeader +
			"usr-stu-2,active,2026-11-23T09:00:00Z,true,bchen,,Benjamin,Chen,,S2002,,,,,12,,,,Ben,,,org-ghs,\n" +
			"usr-stu-1,tobedeleted,2026-11-23T09:00:00Z,true,aparker,,Avery,Parker,,S2001,aparker@students.gmu.example.org,,,,10,,,,,,,org-ghs,\n")},
	}
	got := run(delta, false)
	if got["users.csv delta"] != 1 || got["users.csv left"] != 1 || got["users.csv updated"] != 1 {
		t.Fatalf("delta report: %v", got)
	}
	ben := c.Student.Query().Where(student.SourcedID("usr-stu-2")).OnlyX(ctx)
	if ben.Grade != 12 || ben.GraduationYear != 2027 {
		t.Errorf("Ben after the delta: grade %d, class of %d", ben.Grade, ben.GraduationYear)
	}
	if got := rolesOf(t, c, "aparker@students.gmu.example.org"); got != "" {
		t.Errorf("Avery's roles after leaving: %q", got)
	}
	avery.MustFail(t, "UNAUTHENTICATED", who, nil)
	s.Anonymous().MustFail(t, "UNAUTHENTICATED", `mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": "aparker@students.gmu.example.org", "p": apitest.Password})
	if !c.Student.Query().Where(student.ID(averyRecord.ID)).ExistX(ctx) {
		t.Fatal("Avery's plan was deleted on leaving, before its time")
	}
	teacher.MustDo(t, who, nil, nil) // not named by the delta: still here
	if got := rolesOf(t, c, "rsmith@gmu.example.org"); strings.Count(got, "ADMIN") != 2 {
		t.Errorf("district administrator after the delta: %q", got)
	}

	// A full export without the teacher (and without Avery, already gone):
	// the teacher leaves; the school's own people are not the roster's.
	got = run(district("usr-tch-1", "usr-stu-1"), true)
	if got["users.csv left"] != 1 {
		t.Fatalf("bulk report: %v", got)
	}
	if got := rolesOf(t, c, "jortiz@gmu.example.org"); got != "" {
		t.Errorf("teacher's roles after leaving: %q", got)
	}
	teacher.MustFail(t, "UNAUTHENTICATED", who, nil)
	if n := c.Student.Query().Where(student.AdvisorIDNotNil(), student.SchoolID(w.Home.School.ID), student.SourcedIDNotNil()).CountX(ctx); n != 0 {
		t.Errorf("%d rostered students still advised by the teacher who left", n)
	}
	if got := rolesOf(t, c, w.Home.Advisor.Email); got != "Green Hills High School ADVISOR" {
		t.Errorf("the school's own advisor: %q", got)
	}
	s.As(t, w.Home.Advisor).MustDo(t, who, nil, nil)

	// The plan of the student who left follows the retention rules: kept
	// until three years after 30 June of the class year (2029), then
	// deleted with the sign-in.
	if _, err := retention.Apply(context.Background(), c, time.Date(2032, 6, 1, 0, 0, 0, 0, time.UTC), retention.DefaultPolicy(), false); err != nil {
		t.Fatal(err)
	}
	if !c.Student.Query().Where(student.ID(averyRecord.ID)).ExistX(ctx) {
		t.Fatal("Avery's plan deleted before its time")
	}
	if _, err := retention.Apply(context.Background(), c, time.Date(2032, 7, 2, 0, 0, 0, 0, time.UTC), retention.DefaultPolicy(), false); err != nil {
		t.Fatal(err)
	}
	if c.Student.Query().Where(student.ID(averyRecord.ID)).ExistX(ctx) ||
		c.Account.Query().Where(account.Email("aparker@students.gmu.example.org")).ExistX(ctx) {
		t.Fatal("Avery's plan and sign-in outlived the retention rules")
	}
}

// uploadRaw sends a zip with the given operations, as uploadExport does.
func uploadRaw(t *testing.T, s *apitest.Server, c *apitest.Client, ops, data []byte) *apitest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", "export.zip")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	return c.Send(t, req)
}
