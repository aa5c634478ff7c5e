package oneroster_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plp/ent"
	"plp/ent/membership"
	"plp/ent/school"
	"plp/internal/devtools/apitest"
)

const importMutation = `mutation($file: Upload!, $skip: Boolean) {
  importOneRoster(file: $file, skipBadRows: $skip) {
    files { file present rows created updated unchanged ignored rolledBack refused { file line sourcedID reason } }
  }
}`

type importOut struct {
	ImportOneRoster struct {
		Files []struct {
			File                                       string
			Present, RolledBack                        bool
			Rows, Created, Updated, Unchanged, Ignored int
			Refused                                    []struct {
				File, SourcedID, Reason string
				Line                    int
			}
		}
	}
}

// zipDir zips a folder the way a person does: inside a folder of its own.
func zipDir(t *testing.T, dir string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := z.Create("export-2026-11-23/" + e.Name())
		_, _ = w.Write(data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadExport sends the zip as the GraphQL multipart request spec says.
func uploadExport(t *testing.T, s *apitest.Server, c *apitest.Client, data []byte, skip bool) *apitest.Response {
	t.Helper()
	ops, _ := json.Marshal(map[string]any{"query": importMutation, "variables": map[string]any{"file": nil, "skip": skip}})
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

func TestImportOneRosterThroughAPI(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	// Home is Green Hills High School in the district's export; Ridgeline
	// exists but Home's admin does not run it.
	c.School.UpdateOne(w.Home.School).SetName("Green Hills High School").ExecX(ctx)
	ridgeline := c.School.Create().SetName("Ridgeline Middle School").SaveX(ctx)
	export := zipDir(t, "testdata/sample")

	for who, a := range map[string]*ent.Account{"advisor": w.Home.Advisor, "family": w.Home.Family, "partner": w.Home.Partner} {
		r := uploadExport(t, s, s.As(t, a), export, true)
		if len(r.Errors) == 0 || r.Errors[0].Code() != "FORBIDDEN" {
			t.Fatalf("%s imported: %+v", who, r.Errors)
		}
	}
	admin := s.As(t, w.Home.Admin)
	if r := uploadExport(t, s, admin, []byte("not a zip"), true); len(r.Errors) == 0 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("not a zip: %+v", r.Errors)
	}

	run := func() importOut {
		t.Helper()
		r := uploadExport(t, s, admin, export, true)
		if len(r.Errors) > 0 {
			t.Fatalf("import: %+v", r.Errors)
		}
		var out importOut
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := run()
	var reasons []string
	for _, f := range first.ImportOneRoster.Files {
		for _, x := range f.Refused {
			reasons = append(reasons, x.SourcedID+": "+x.Reason)
		}
	}
	all := strings.Join(reasons, "\n")
	if !strings.Contains(all, `org-rms: none of the schools you administer is named "Ridgeline Middle School"`) ||
		!strings.Contains(all, `rol-3: orgSourcedId "org-rms" is no school imported from orgs.csv`) {
		t.Fatalf("refusals:\n%s", all)
	}
	// Home is linked to the export and has its people; Ridgeline has none.
	home := c.School.Query().Where(school.ID(w.Home.School.ID)).OnlyX(ctx)
	if home.SourcedID == nil || *home.SourcedID != "org-ghs" || home.District != "Green Mountain Unified School District" {
		t.Fatalf("home after import: %+v", home)
	}
	if n := c.Membership.Query().Where(membership.SchoolID(ridgeline.ID)).CountX(ctx); n != 0 {
		t.Fatalf("%d memberships at a school the admin does not run", n)
	}
	once := snapshot(t, c)
	for _, want := range []string{
		`membership jortiz@gmu.example.org Green Hills High School ADVISOR`,
		`guardianship usr-stu-1 sam.parker@mail.example.com guardian`,
		`student usr-stu-2 Green Hills High School "Benjamin" "Chen" "Ben" grade=11 class=2028 born=2009-11-02 pronouns="" account= advisor=jortiz@gmu.example.org`,
	} {
		if !strings.Contains(once, want) {
			t.Errorf("missing %s", want)
		}
	}
	second := run()
	for _, f := range second.ImportOneRoster.Files {
		if f.Created != 0 || f.Updated != 0 {
			t.Errorf("second import changed %s: %+v", f.File, f)
		}
	}
	if twice := snapshot(t, c); twice != once {
		t.Fatalf("twice differs from once:\n%s\n---\n%s", twice, once)
	}
	// Another school's admin cannot reach Home through the export.
	other := uploadExport(t, s, s.As(t, w.Other.Admin), export, true)
	if len(other.Errors) > 0 || !strings.Contains(string(other.Data), `the school \"Green Hills High School\" is not one you administer`) {
		t.Fatalf("other admin: %s %+v", other.Data, other.Errors)
	}
	if again := snapshot(t, c); again != once {
		t.Fatalf("another school's admin changed Home:\n%s", again)
	}

	// Were the other admin's school Ridgeline, they would get its people,
	// but not change those another school knows (Home's principal, who is
	// also Ridgeline's administrator in the export).
	c.School.Delete().Where(school.ID(ridgeline.ID)).ExecX(ctx)
	c.School.UpdateOne(w.Other.School).SetName("Ridgeline Middle School").ExecX(ctx)
	other = uploadExport(t, s, s.As(t, w.Other.Admin), export, true)
	if len(other.Errors) > 0 || !strings.Contains(string(other.Data), `mhale@gmu.example.org has an account at a school you do not administer`) {
		t.Fatalf("other admin as Ridgeline: %s %+v", other.Data, other.Errors)
	}
	after := snapshot(t, c)
	if !strings.Contains(after, `membership pbrooks@gmu.example.org Ridgeline Middle School ADVISOR`) ||
		strings.Contains(after, `membership mhale@gmu.example.org Ridgeline Middle School ADMIN`) {
		t.Fatalf("after Ridgeline's import:\n%s", after)
	}
}

// Issue 20, point 13: when users.csv is undone (strict mode, bad rows),
// the later files' rows that name its users say that users.csv was not
// imported, not that the user is missing from it; a user who is really
// missing is still refused as missing.
func TestLaterFilesNameTheFileNotImported(t *testing.T) {
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	c := s.DB.Client
	// Home's admin runs both schools of the export.
	c.School.UpdateOne(w.Home.School).SetName("Green Hills High School").ExecX(ctx)
	ridgeline := c.School.Create().SetName("Ridgeline Middle School").SaveX(ctx)
	c.Membership.Create().SetAccountID(w.Home.Admin.ID).SetSchoolID(ridgeline.ID).SetRole(membership.RoleAdmin).ExecX(ctx)

	r := uploadExport(t, s, s.As(t, w.Home.Admin), zipDir(t, "testdata/sample"), false)
	if len(r.Errors) > 0 {
		t.Fatalf("import: %+v", r.Errors)
	}
	var out importOut
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range out.ImportOneRoster.Files {
		if f.File == "orgs.csv" && f.RolledBack {
			t.Fatalf("orgs.csv undone: %+v", f.Refused)
		}
		if f.File == "users.csv" && !f.RolledBack {
			t.Fatalf("users.csv imported despite bad rows: %+v", f)
		}
		for _, x := range f.Refused {
			reasons[f.File+" "+x.SourcedID] = x.Reason
		}
	}
	for key, want := range map[string]string{
		"demographics.csv usr-stu-1": `"usr-stu-1" is in users.csv, which was not imported (see its refusals)`,
		"enrollments.csv enr-1":      `"usr-tch-1" is in users.csv, which was not imported`,
		"enrollments.csv enr-2":      `"usr-stu-1" is in users.csv, which was not imported`,
		// Not in users.csv at all: still missing.
		"demographics.csv usr-nobody": "no student with this sourcedId in users.csv",
		"enrollments.csv enr-8":       `userSourcedId "usr-stu-99" is no student imported from users.csv`,
	} {
		if !strings.Contains(reasons[key], want) {
			t.Errorf("%s: %q, want %q", key, reasons[key], want)
		}
	}
}
