package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"plp/ent/auditevent"
	"plp/ent/goal"
	"plp/internal/devtools/apitest"
)

// exportWorld is a World whose home student has one goal of each
// visibility.
func exportWorld(t *testing.T) (*apitest.Server, *apitest.World) {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	ctx := s.System()
	for _, vis := range []goal.Visibility{goal.VisibilityPrivate, goal.VisibilitySchool, goal.VisibilityFamily, goal.VisibilityPartners} {
		if err := s.DB.Client.Goal.Create().SetStudentID(w.Home.Student.ID).SetArea(goal.AreaPersonal).
			SetTitle(fmt.Sprintf("A %s goal", vis)).SetVisibility(vis).Exec(ctx); err != nil {
			t.Fatalf("create goal: %v", err)
		}
	}
	return s, w
}

type download struct {
	status int
	header http.Header
	body   []byte
}

func getExport(t *testing.T, s *apitest.Server, method, token, studentID string) download {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+"/export/students/"+studentID, nil)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatalf("GET export: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	return download{resp.StatusCode, resp.Header, body}
}

// planOf opens the zip and decodes plan.json.
func planOf(t *testing.T, body []byte) (map[string]bool, struct {
	ExportedBy struct{ Role string }
	Goals      []struct{ Visibility string }
}) {
	t.Helper()
	var doc struct {
		ExportedBy struct{ Role string }
		Goals      []struct{ Visibility string }
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if f.Name != "plan.json" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open plan.json: %v", err)
		}
		err = json.NewDecoder(rc).Decode(&doc)
		rc.Close()
		if err != nil {
			t.Fatalf("decode plan.json: %v", err)
		}
	}
	return names, doc
}

func countExports(t *testing.T, s *apitest.Server) int {
	t.Helper()
	s.FlushAudit(t)
	n, err := s.DB.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionExport)).
		Count(s.System())
	if err != nil {
		t.Fatalf("count EXPORT events: %v", err)
	}
	return n
}

func TestExportDownload(t *testing.T) {
	t.Parallel()
	s, w := exportWorld(t)
	family := s.As(t, w.Home.Family)
	d := getExport(t, s, http.MethodGet, family.Token, string(w.Home.Student.ID))
	if d.status != http.StatusOK {
		t.Fatalf("status %d: %s", d.status, d.body)
	}
	for header, want := range map[string]string{
		"Content-Type":        "application/zip",
		"Content-Disposition": `attachment; filename="plp-Robin-2026-11-23.zip"`,
		"Cache-Control":       "no-store",
	} {
		if got := d.header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	names, doc := planOf(t, d.body)
	if !names["README.txt"] || !names["plan.json"] {
		t.Errorf("zip holds %v", names)
	}
	seen := map[string]bool{}
	for _, g := range doc.Goals {
		seen[g.Visibility] = true
	}
	if doc.ExportedBy.Role != "FAMILY" || len(doc.Goals) != 2 || !seen["FAMILY"] || !seen["PARTNERS"] {
		t.Errorf("family export: role %q, goals %+v; want the FAMILY and PARTNERS goals only", doc.ExportedBy.Role, doc.Goals)
	}

	s.FlushAudit(t)
	events, err := s.DB.Client.AuditEvent.Query().Where(auditevent.ActionEQ(auditevent.ActionExport)).
		All(s.System())
	if err != nil {
		t.Fatalf("read audit trail: %v", err)
	}
	if len(events) != 1 {
		t.Fatalf("%d EXPORT events after one export, want 1", len(events))
	}
	e := events[0]
	if e.ActorID == nil || *e.ActorID != w.Home.Family.ID || e.StudentID == nil || *e.StudentID != w.Home.Student.ID ||
		e.RequestID != d.header.Get("X-Request-ID") {
		t.Errorf("EXPORT event = %+v (request %s)", e, d.header.Get("X-Request-ID"))
	}

	// A HEAD answers the headers and discloses nothing, so it is not an
	// export.
	if h := getExport(t, s, http.MethodHead, family.Token, string(w.Home.Student.ID)); h.status != http.StatusOK ||
		h.header.Get("Content-Type") != "application/zip" || len(h.body) != 0 {
		t.Errorf("HEAD: status %d, type %q, %d bytes", h.status, h.header.Get("Content-Type"), len(h.body))
	}
	if n := countExports(t, s); n != 1 {
		t.Errorf("%d EXPORT events after an export and a HEAD, want 1", n)
	}
}

func TestExportByEligibleStudent(t *testing.T) {
	t.Parallel()
	s, w := exportWorld(t)
	student := s.As(t, w.Home.StudentAccount)
	id := string(w.Home.Student.ID)
	if d := getExport(t, s, http.MethodGet, student.Token, id); d.status != http.StatusForbidden {
		t.Fatalf("student with no birth date: status %d, want 403", d.status)
	}
	// 18 on the server's clock (2026-11-23).
	if err := s.DB.Client.Student.UpdateOneID(w.Home.Student.ID).SetBirthDate(time.Date(2008, 11, 23, 0, 0, 0, 0, time.UTC)).
		Exec(s.System()); err != nil {
		t.Fatalf("set birth date: %v", err)
	}
	d := getExport(t, s, http.MethodGet, student.Token, id)
	if d.status != http.StatusOK {
		t.Fatalf("eligible student: status %d: %s", d.status, d.body)
	}
	if _, doc := planOf(t, d.body); doc.ExportedBy.Role != "STUDENT" || len(doc.Goals) != 4 {
		t.Errorf("eligible student's export: role %q, %d goals; want STUDENT and all 4", doc.ExportedBy.Role, len(doc.Goals))
	}
	if n := countExports(t, s); n != 1 {
		t.Errorf("%d EXPORT events, want 1 (the refused request is none)", n)
	}
}

func TestExportRefusals(t *testing.T) {
	t.Parallel()
	s, w := exportWorld(t)
	home := string(w.Home.Student.ID)
	cases := []struct {
		name    string
		token   string
		student string
		status  int
		code    string
	}{
		{"anonymous", "", home, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"forged token", "plp_forged", home, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"other school's admin", s.As(t, w.Other.Admin).Token, home, http.StatusNotFound, "NOT_FOUND"},
		{"other school's family", s.As(t, w.Other.Family).Token, home, http.StatusNotFound, "NOT_FOUND"},
		{"unknown student", s.As(t, w.Home.Family).Token, "stu_01JD5V2K9Q8M1W3X4Y5Z6A7B8C", http.StatusNotFound, "NOT_FOUND"},
		{"partner", s.As(t, w.Home.Partner).Token, home, http.StatusForbidden, "FORBIDDEN"},
		{"advisor", s.As(t, w.Home.Advisor).Token, home, http.StatusForbidden, "FORBIDDEN"},
		{"student under 18", s.As(t, w.Home.StudentAccount).Token, home, http.StatusForbidden, "FORBIDDEN"},
	}
	var notFound []string
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := getExport(t, s, http.MethodGet, tc.token, tc.student)
			var body struct {
				Errors []struct {
					Message    string
					Extensions struct{ Code string }
				}
			}
			if err := json.Unmarshal(d.body, &body); err != nil {
				t.Fatalf("status %d, body is not JSON: %v\n%s", d.status, err, d.body)
			}
			if d.status != tc.status || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != tc.code || body.Errors[0].Message == "" {
				t.Fatalf("status %d, body %s; want %d %s", d.status, d.body, tc.status, tc.code)
			}
			if ct := d.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if tc.status == http.StatusUnauthorized && d.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if tc.status == http.StatusNotFound {
				notFound = append(notFound, body.Errors[0].Message)
			}
		})
	}
	// Another school's student is answered exactly as an unknown ID.
	for _, m := range notFound {
		if m != notFound[0] {
			t.Errorf("NOT_FOUND messages differ: %q", notFound)
		}
	}
	if n := countExports(t, s); n != 0 {
		t.Errorf("%d EXPORT events after refusals only, want 0", n)
	}
}
