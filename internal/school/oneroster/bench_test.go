package oneroster_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plp/internal/devtools/apitest"
	"plp/internal/school/oneroster"
)

// writeExport writes a synthetic export: one school, n students each with a
// guardian, a teacher and a homeroom per 20 students, birth dates.
func writeExport(tb testing.TB, dir string, n int) {
	tb.Helper()
	files := map[string]*strings.Builder{}
	add := func(name, format string, args ...any) {
		if files[name] == nil {
			files[name] = &strings.Builder{}
		}
		fmt.Fprintf(files[name], format+"\n", args...)
	}
	add("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId")
	add("orgs.csv", "org-d,,,Big District,district,D,\norg-s,,,Big High School,school,S,org-d")
	add("users.csv", "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrg,pronouns")
	add("roles.csv", "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId")
	add("demographics.csv", "sourcedId,status,dateLastModified,birthDate")
	add("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods")
	add("enrollments.csv", "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate")
	homerooms := n / 20
	for i := range homerooms {
		add("users.csv", "t%d,,,true,,,T%d,Teacher,,,t%d@big.example.org,,,,,,,,,,,org-s,", i, i, i)
		add("roles.csv", "rt%d,,,t%d,primary,teacher,,,org-s,", i, i)
		add("classes.csv", "c%d,,,Advisory %d,09,,,homeroom,,org-s,,,,", i, i)
		add("enrollments.csv", "et%d,,,c%d,org-s,t%d,teacher,true,,", i, i, i)
	}
	for i := range n {
		add("users.csv", "s%d,,,true,,,S%d,Student,,,s%d@students.big.example.org,,,g%d,%02d,,,,,,,org-s,", i, i, i, i, 9+i%4)
		add("users.csv", "g%d,,,true,,,G%d,Parent,,,g%d@mail.example.com,,,s%d,,,,,,,,org-s,", i, i, i, i)
		add("roles.csv", "rs%d,,,s%d,primary,student,,,org-s,\nrg%d,,,g%d,primary,parent,,,org-s,", i, i, i, i)
		add("demographics.csv", "s%d,,,2010-0%d-1%d", i, 1+i%9, i%10)
		add("enrollments.csv", "es%d,,,c%d,org-s,s%d,student,false,,", i, i%homerooms, i)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkImport2000Students imports an export of 2,000 students, 2,000
// guardians and 100 homeroom teachers into an empty database, and again
// into the same one (nothing changes the second time). docs/BENCHMARKS.md
// has the figures.
func BenchmarkImport2000Students(b *testing.B) {
	dir := b.TempDir()
	writeExport(b, dir, 2000)
	for _, again := range []bool{false, true} {
		b.Run(map[bool]string{false: "first", true: "again"}[again], func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := apitest.NewDB(b)
				if again {
					if _, err := oneroster.Import(apitest.SystemAt(apitest.Start), db.Client, os.DirFS(dir), oneroster.Options{}); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				r, err := oneroster.Import(apitest.SystemAt(apitest.Start), db.Client, os.DirFS(dir), oneroster.Options{})
				if err != nil || len(r.Refused()) > 0 {
					b.Fatalf("import: %v %v", err, r.Refused())
				}
			}
		})
	}
}
