package apitest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"plp/ent"
	"plp/ent/membership"
	"plp/ent/notification"
	"plp/internal/platform/auth"
	"plp/internal/platform/database"
)

// Password is the password of every account World creates.
const Password = "correct horse battery"

// PasswordHash is the hash of Password, for accounts a test creates itself.
func PasswordHash() string { return passwordHash() }

var passwordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(Password)
	if err != nil {
		panic(err)
	}
	return h
})

// School is one school of a World, with one person in each role.
type School struct {
	School    *ent.School
	Admin     *ent.Account
	Counselor *ent.Account
	Advisor   *ent.Account
	// StudentAccount signs in as Student.
	StudentAccount *ent.Account
	Student        *ent.Student
	// Family is a guardian of Student.
	Family  *ent.Account
	Partner *ent.Account
}

// World is two schools: Home, where tests act, and Other, whose rows must
// stay out of reach of Home's people.
type World struct {
	Home, Other School
}

// NewWorld creates the two schools directly in db, as the system, at Start
// (when a new test server's clock stands).
func NewWorld(tb testing.TB, db *database.DB) *World {
	tb.Helper()
	return NewWorldAt(tb, db, Start)
}

// NewWorldAt is NewWorld with the clock at t: every row's created_at is t
// (students who joined at the start of term, say).
func NewWorldAt(tb testing.TB, db *database.DB, t time.Time) *World {
	tb.Helper()
	ctx := SystemAt(t)
	return &World{Home: newSchool(ctx, tb, db.Client, "home"), Other: newSchool(ctx, tb, db.Client, "other")}
}

func newSchool(ctx context.Context, tb testing.TB, c *ent.Client, tag string) School {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("world %s: %v", tag, err)
		}
	}
	school, err := c.School.Create().SetName(fmt.Sprintf("%s High School", tag)).SetTimezone("America/New_York").Save(ctx)
	must(err)
	person := func(role membership.Role) *ent.Account {
		tb.Helper()
		a, err := c.Account.Create().
			SetEmail(fmt.Sprintf("%s.%s@%s.plp.test", role, tag, tag)).
			SetName(fmt.Sprintf("%s %s", tag, role)).
			SetPasswordHash(passwordHash()).
			Save(ctx)
		must(err)
		must(c.Membership.Create().SetAccountID(a.ID).SetSchoolID(school.ID).SetRole(role).Exec(ctx))
		return a
	}
	s := School{
		School:         school,
		Admin:          person(membership.RoleAdmin),
		Counselor:      person(membership.RoleCounselor),
		Advisor:        person(membership.RoleAdvisor),
		StudentAccount: person(membership.RoleStudent),
		Family:         person(membership.RoleFamily),
		Partner:        person(membership.RolePartner),
	}
	s.Student, err = c.Student.Create().
		SetSchoolID(school.ID).
		SetAccountID(s.StudentAccount.ID).
		SetGivenName("Robin").SetFamilyName(tag).SetPreferredName("Robin").
		SetGrade(10).SetGraduationYear(2029).
		SetAdvisorID(s.Advisor.ID).SetCounselorID(s.Counselor.ID).
		Save(ctx)
	must(err)
	must(c.Guardianship.Create().SetStudentID(s.Student.ID).SetFamilyID(s.Family.ID).SetRelationship("parent").Exec(ctx))
	must(c.Partnership.Create().SetStudentID(s.Student.ID).SetPartnerID(s.Partner.ID).
		SetOrganization(tag + " Makerspace").SetStartsOn(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)).Exec(ctx))
	return s
}

// As signs in as the account through the API.
func (s *Server) As(tb testing.TB, a *ent.Account) *Client {
	tb.Helper()
	return s.SignIn(tb, a.Email, Password)
}

// SignInLink returns the latest sign-in link mailed to acc, read from the
// outbox (before it is sent: sending erases it).
func (s *Server) SignInLink(tb testing.TB, acc *ent.Account) string {
	tb.Helper()
	n, err := s.DB.Client.Notification.Query().
		Where(notification.RecipientID(acc.ID), notification.Kind("magic_link")).
		Order(ent.Desc(notification.FieldCreatedAt), ent.Desc(notification.FieldID)).
		First(s.System())
	if err != nil {
		tb.Fatalf("no sign-in link for %s: %v", acc.Email, err)
	}
	link, _ := n.Payload["link"].(string)
	return link
}
