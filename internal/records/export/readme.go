package export

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// topLevel describes plan.json's fields for the README, in its order.
var topLevel = []struct{ key, about string }{
	{"schemaVersion", "the version of this layout (changes only when a field is removed or changes meaning)"},
	{"format", `always "` + Format + `"`},
	{"exportedAt", "when the export was made"},
	{"exportedBy", "who made it, and in which role (STUDENT, FAMILY, ADMIN or SYSTEM)"},
	{"school", "the student's school"},
	{"student", "the student's profile: names, grade, who they are, strengths, interests"},
	{"people", "names of the people the records refer to by ID (those the exporter may see)"},
	{"guardianships", "the student's family members and what they may do"},
	{"partnerships", "community partners the student works with"},
	{"goals", "goals, each with its milestones, skills and comments"},
	{"evidence", "evidence of learning, with linked goals, skills, comments and the file's details"},
	{"reflections", "what the student wrote about their learning"},
	{"selfAssessments", "the student's ratings of their own skills, oldest first"},
	{"conferences", "student-led conferences: when, who, agenda, notes, next steps"},
	{"sections", "the parts of the student's home page, in page order"},
	{"collections", "evidence, goals and reflections the student gathered for an audience"},
	{"annualReviews", "the yearly sign-off of the plan"},
	{"endorsementRequests", "requests to partners to endorse evidence, with their endorsements"},
	{"amendmentRequests", "requests to correct a record, with each step of their handling"},
}

// scope says, per role, what the export holds.
var scope = map[string]string{
	RoleStudent: "You exported your own plan as an eligible student (18 or over): it holds every\n" +
		"record of your plan, including private goals and evidence.",
	RoleFamily: "It was exported by a member of the student's family: it holds what the family\n" +
		"may see. Goals and evidence the student kept private, or shared only with the\n" +
		"school, are not in it.",
	RoleAdmin: "It was exported by an admin of the school: it holds what school staff may\n" +
		"see. Goals and evidence the student kept private are not in it.",
	RoleSystem: "It was exported by the server's operators: it holds every record of the plan.",
}

// readme is README.txt: what the zip holds, whose view it is, and the
// fields of plan.json.
func readme(doc Document, withFiles bool) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("Personalized Learning Plan: export\n")
	p("===================================\n\n")
	p("Student:  %s (%s)\n", doc.Student.PreferredName, doc.Student.ID)
	p("School:   %s\n", doc.School.Name)
	p("Exported: %s\n", doc.ExportedAt.Format(time.RFC3339))
	p("Format:   %s, schema version %d\n\n", doc.Format, doc.SchemaVersion)
	p("%s\n\n", scope[doc.ExportedBy.Role])

	p("What is in this zip\n-------------------\n\n")
	p("README.txt    this file.\n")
	p("plan.json     the plan as structured data (JSON, UTF-8), described below.\n")
	if withFiles {
		p("files/        the files uploaded as evidence, as files/<evidence ID>/<name>,\n" +
			"              and the home page's cover image, as files/<student ID>/<name>;\n" +
			"              evidence[].file.path (student.coverImage.path) in plan.json says\n" +
			"              which file is whose, and .note why a file is missing, if one is.\n\n")
	} else {
		p("\nFiles uploaded as evidence are not included in this export: plan.json\n" +
			"describes each (evidence[].file: name, type, size, SHA-256 checksum;\n" +
			"student.coverImage for the home page's cover image).\n\n")
	}

	p("plan.json\n---------\n\n")
	for _, f := range topLevel {
		p("%-20s %s\n", f.key, wrap(f.about, 58, strings.Repeat(" ", 21)))
	}
	p("\nConventions: IDs are the PLP API's IDs (a prefix names the type: stu_, goal_,\n" +
		"evd_, ...). Times are RFC 3339 in UTC, null when not set. Text fields are \"\"\n" +
		"when empty; lists are [] when empty. Lists are in the order the records were\n" +
		"created unless said otherwise. Enum values are UPPER_CASE. A visibility of\n" +
		"PRIVATE means the student only, SCHOOL adds school staff, FAMILY adds the\n" +
		"family, PARTNERS adds community partners. An ID without an entry in people\n" +
		"is someone the exporter may not see.\n\n")
	p("Fields of each record:\n\n")
	fields(&b, "", reflect.TypeFor[Document]())
	return b.String()
}

// fields lists the JSON fields of each object type in t, depth first, one
// line per object, so that the README cannot fall out of step with the
// types that write plan.json.
func fields(b *strings.Builder, prefix string, t reflect.Type) {
	type nested struct {
		name string
		t    reflect.Type
	}
	var names []string
	var inner []nested
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := f.Type
		suffix := ""
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			if ft.Kind() == reflect.Slice {
				suffix = "[]"
			}
			ft = ft.Elem()
		}
		names = append(names, name+suffix)
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			inner = append(inner, nested{name + suffix, ft})
		}
	}
	if prefix != "" {
		fmt.Fprintf(b, "%s\n    %s\n", prefix, wrap(strings.Join(names, ", "), 72, "    "))
	}
	for _, n := range inner {
		name := n.name
		if prefix != "" {
			name = prefix + "." + n.name
		}
		fields(b, name, n.t)
	}
}

// wrap breaks s at spaces into lines of at most width, indenting the
// continuation lines.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		if i > 0 && line+1+len(word) > width {
			b.WriteString("\n" + indent)
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
