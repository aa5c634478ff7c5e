package schema

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // validTimezone must work on machines without a zoneinfo database

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
)

var pulidID = pulid.ID("")

// singleLine rejects titles with line breaks or only spaces.
func singleLine(s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("must be a single line")
	}
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("must not be blank")
	}
	return nil
}

func validEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return fmt.Errorf("must be an email address like name@example.org")
	}
	return nil
}

func validTimezone(s string) error {
	if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
		return fmt.Errorf("must be an IANA time zone like America/New_York")
	}
	return nil
}

func validURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("must be an http or https URL")
	}
	return nil
}

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func validClockTime(s string) error {
	if !clockTime.MatchString(s) {
		return fmt.Errorf("must be a time of day as HH:MM, like 21:00")
	}
	return nil
}

var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

func validLanguage(s string) error {
	if !languageTag.MatchString(s) {
		return fmt.Errorf("must be a language tag like en or es-MX")
	}
	return nil
}

// schoolYear matches a school year such as 2026-2027.
var schoolYear = regexp.MustCompile(`^(19|20|21)[0-9]{2}-(19|20|21)[0-9]{2}$`)

// named turns enum values into ent's name/value pairs with GraphQL's
// conventional upper-case values: "set_aside" → "SetAside", "SET_ASIDE".
func named(values ...string) []string {
	pairs := make([]string, 0, 2*len(values))
	for _, v := range values {
		var name strings.Builder
		for _, part := range strings.Split(v, "_") {
			name.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
		pairs = append(pairs, name.String(), strings.ToUpper(v))
	}
	return pairs
}

// visibilityComment describes the visibility of goals and evidence.
const visibilityComment = "Who may see it besides the student: PRIVATE, nobody; SCHOOL, the student's advisor, " +
	"counselor and the school's admins; FAMILY, also the student's family; PARTNERS, also the student's community partners."

// pathwayField is the flexible pathway a goal or evidence comes from (nil:
// the regular classroom). Goal and Evidence share the GraphQL enum Pathway,
// written by hand in schema/pathway.graphqls with a description per value,
// so entgql does not generate one per type.
func pathwayField() ent.Field {
	return field.Enum("pathway").GoType(pathway.Pathway("")).Optional().Nillable().
		Comment("Flexible pathway it comes from: CTE, VIRTUAL_LEARNING, WORK_BASED_LEARNING, SERVICE_LEARNING, "+
			"DUAL_ENROLLMENT or EARLY_COLLEGE; null for the regular classroom.").
		Annotations(entgql.Type("Pathway"), entgql.Skip(entgql.SkipEnumField))
}

// validRoles accepts a list of membership roles, as GraphQL names them.
func validRoles(roles []string) error {
	for _, r := range roles {
		if !slices.Contains([]string{"ADMIN", "COUNSELOR", "ADVISOR", "STUDENT", "FAMILY", "PARTNER", "PLP_TEAM"}, r) {
			return fmt.Errorf("%q is not a role: use ADMIN, COUNSELOR, ADVISOR, STUDENT, FAMILY, PARTNER or PLP_TEAM", r)
		}
	}
	return nil
}
