package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"plp/internal/devtools/apitest"
)

// TestPlanPagesAreTheStudentsOwn: the student's plan pages show the
// signed-in student's own plan: a family member is told they are for
// students, another school's student cannot open Robin's collection, and
// a level that is not one of the four is refused beside the field.
func TestPlanPagesAreTheStudentsOwn(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	col := s.DB.Client.Collection.Create().SetStudentID(w.Home.Student.ID).SetTitle("Robin's best work").SaveX(s.System())

	family := newBrowser(t, s)
	family.signIn(w.Home.Family.Email)
	for _, path := range []string{"/skills", "/collections", "/endorsements", "/agenda", "/portfolio", "/collections/" + string(col.ID)} {
		must(t, family.get(path), http.StatusNotFound, "This page is for students")
	}

	other := newBrowser(t, s)
	other.signIn(w.Other.StudentAccount.Email)
	if p := other.get("/collections/" + string(col.ID)); p.Status != http.StatusNotFound || strings.Contains(p.Body, "Robin&#39;s best work") {
		t.Errorf("another school's student opened the collection: %d", p.Status)
	}
	must(t, other.get("/collections"), http.StatusOK, "You have no collections yet.")

	robin := newBrowser(t, s)
	robin.signIn(w.Home.StudentAccount.Email)
	must(t, robin.get("/collections/"+string(col.ID)), http.StatusOK, "Robin&#39;s best work")
	must(t, robin.post("/skills/nothing", url.Values{"level": {"GENIUS"}}), http.StatusUnprocessableEntity, "Error:", "Choose how you are doing.")
	must(t, robin.post("/collections", url.Values{"title": {" "}}), http.StatusUnprocessableEntity, `href="#title"`, "Give the collection a name.")
}
