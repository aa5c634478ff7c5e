package skillframework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"plp/ent"
	"plp/ent/framework"
	"plp/ent/schema/pulid"
	"plp/ent/skill"
	"plp/internal/platform/apperr"
)

// MaxCASEItems is the most items (skills) one CASE package may hold.
const MaxCASEItems = 5000

// Column limits of the ent schema, applied to imported text.
const (
	maxCodeLen        = 40
	maxNameLen        = 200
	maxVersionLen     = 40
	maxDescriptionLen = 4000
	// shortIDLen is how much of an item's identifier becomes its code when
	// it has no humanCodingScheme.
	shortIDLen = 8
	// skillBatch keeps one bulk insert well under SQLite's 32,766 bind
	// parameters (a skill row takes 10).
	skillBatch = 1000
)

// casePackage is the part of a 1EdTech CASE 1.0 CFPackage the import reads.
type casePackage struct {
	CFDocument     *caseDocument     `json:"CFDocument"`
	CFItems        []caseItem        `json:"CFItems"`
	CFAssociations []caseAssociation `json:"CFAssociations"`
}

type caseDocument struct {
	Identifier  string `json:"identifier"`
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

type caseItem struct {
	Identifier           string `json:"identifier"`
	FullStatement        string `json:"fullStatement"`
	HumanCodingScheme    string `json:"humanCodingScheme"`
	AbbreviatedStatement string `json:"abbreviatedStatement"`
	CFItemType           string `json:"CFItemType"`
	ListEnumeration      string `json:"listEnumeration"`
}

type caseAssociation struct {
	AssociationType    string      `json:"associationType"`
	OriginNodeURI      caseNodeURI `json:"originNodeURI"`
	DestinationNodeURI caseNodeURI `json:"destinationNodeURI"`
}

type caseNodeURI struct {
	Identifier string `json:"identifier"`
}

// ImportCASE creates a framework in the school from a 1EdTech CASE 1.0 JSON
// package (a CFPackage: CFDocument, CFItems, CFAssociations; also accepted
// wrapped as {"CFPackage": {...}}). The framework takes the document's title,
// version and description; each item becomes a skill in package order:
//
//   - code: humanCodingScheme, or the first characters of the identifier;
//     a code already taken in the package gets a suffix ("-2", "-3", ...);
//   - name: abbreviatedStatement, or fullStatement cut to 200 characters;
//   - description: fullStatement;
//   - kind: TRANSFERABLE for an item that is no other item's child (by an
//     isChildOf association), PROFICIENCY otherwise.
//
// It writes through client with the caller's context, so the privacy rules
// apply (only the school's admins create frameworks); pass a transaction's
// client so a failure leaves nothing behind. Invalid JSON or a package with
// no CFDocument is BAD_USER_INPUT, more than MaxCASEItems items is
// LIMIT_EXCEEDED, and a framework of the same name and version already in
// the school is CONFLICT.
func ImportCASE(ctx context.Context, client *ent.Client, schoolID pulid.ID, r io.Reader) (*ent.Framework, error) {
	pkg, err := decodeCASE(r)
	if err != nil {
		return nil, err
	}
	name := truncate(oneLine(pkg.CFDocument.Title), maxNameLen)
	if name == "" {
		return nil, apperr.Invalid("casePackage", "The CASE package's CFDocument has no title: the framework needs a name.")
	}
	version := truncate(oneLine(pkg.CFDocument.Version), maxVersionLen)
	if version == "" {
		version = "1"
	}
	exists, err := client.Framework.Query().
		Where(framework.SchoolID(schoolID), framework.Name(name), framework.Version(version)).
		Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("look for framework %q: %w", name, err)
	}
	if exists {
		return nil, apperr.New(apperr.Conflict, "The school already has the framework %q version %q.", name, version)
	}
	create := client.Framework.Create().SetSchoolID(schoolID).SetName(name).SetVersion(version)
	if d := truncate(strings.TrimSpace(pkg.CFDocument.Description), maxDescriptionLen); d != "" {
		create.SetDescription(d)
	}
	fw, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create framework %q: %w", name, err)
	}
	skills := caseSkills(pkg)
	for start := 0; start < len(skills); start += skillBatch {
		end := min(start+skillBatch, len(skills))
		builders := make([]*ent.SkillCreate, 0, end-start)
		for _, s := range skills[start:end] {
			b := client.Skill.Create().
				SetFrameworkID(fw.ID).
				SetCode(s.code).
				SetName(s.name).
				SetKind(s.kind).
				SetPosition(s.position)
			if s.description != "" {
				b.SetDescription(s.description)
			}
			builders = append(builders, b)
		}
		if err := client.Skill.CreateBulk(builders...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("create skills of framework %s: %w", fw.ID, err)
		}
	}
	return fw, nil
}

// decodeCASE reads and checks a package.
func decodeCASE(r io.Reader) (*casePackage, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read CASE package: %w", err)
	}
	var wrapped struct {
		CFPackage *casePackage `json:"CFPackage"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, apperr.Invalid("casePackage", "The CASE package is not valid JSON: %s.", jsonProblem(err))
	}
	pkg := wrapped.CFPackage
	if pkg == nil {
		pkg = new(casePackage)
		if err := json.Unmarshal(raw, pkg); err != nil {
			return nil, apperr.Invalid("casePackage", "The CASE package is not valid JSON: %s.", jsonProblem(err))
		}
	}
	if pkg.CFDocument == nil {
		return nil, apperr.Invalid("casePackage", "The CASE package has no CFDocument: export the whole CFPackage (CFDocument, CFItems, CFAssociations).")
	}
	if len(pkg.CFItems) > MaxCASEItems {
		return nil, apperr.New(apperr.LimitExceeded, "The CASE package has %d items; at most %d can be imported at once.", len(pkg.CFItems), MaxCASEItems)
	}
	return pkg, nil
}

// jsonProblem describes a decoding error without echoing the input.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("syntax error at byte %d", syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Sprintf("it should be a JSON object (a CFPackage), not %s", typ.Value)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s should not be %s", typ.Field, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it ends too early"
	}
	return "it cannot be read"
}

type importedSkill struct {
	code, name, description string
	kind                    skill.Kind
	position                int
}

// caseSkills turns the package's items into skills, in package order.
func caseSkills(pkg *casePackage) []importedSkill {
	items := make(map[string]bool, len(pkg.CFItems))
	for _, it := range pkg.CFItems {
		items[it.Identifier] = true
	}
	// An item is a child when an isChildOf association names another item
	// as its parent; top-level items are children of the document.
	child := make(map[string]bool)
	for _, a := range pkg.CFAssociations {
		if !strings.EqualFold(a.AssociationType, "isChildOf") {
			continue
		}
		from, to := a.OriginNodeURI.Identifier, a.DestinationNodeURI.Identifier
		if items[from] && items[to] && from != to {
			child[from] = true
		}
	}
	taken := make(map[string]bool, len(pkg.CFItems))
	out := make([]importedSkill, 0, len(pkg.CFItems))
	for i, it := range pkg.CFItems {
		code := truncate(oneLine(it.HumanCodingScheme), maxCodeLen)
		if code == "" {
			code = shortID(it.Identifier, i)
		}
		code = uniqueCode(code, taken)
		taken[code] = true

		full := strings.TrimSpace(it.FullStatement)
		name := truncate(oneLine(it.AbbreviatedStatement), maxNameLen)
		if name == "" {
			name = truncate(oneLine(full), maxNameLen)
		}
		if name == "" {
			name = code
		}
		kind := skill.KindTransferable
		if child[it.Identifier] {
			kind = skill.KindProficiency
		}
		out = append(out, importedSkill{
			code:        code,
			name:        name,
			description: truncate(full, maxDescriptionLen),
			kind:        kind,
			position:    i,
		})
	}
	return out
}

// shortID is a code made from an identifier: its first characters without
// a "urn:uuid:" prefix, or the item's number when it has none.
func shortID(id string, i int) string {
	id = oneLine(id)
	id = strings.TrimPrefix(strings.ToLower(id), "urn:uuid:")
	if id == "" {
		return "ITEM-" + strconv.Itoa(i+1)
	}
	return truncate(id, shortIDLen)
}

// uniqueCode returns code, or code with the first free "-n" suffix, within
// the column's length.
func uniqueCode(code string, taken map[string]bool) string {
	if !taken[code] {
		return code
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		c := truncate(code, maxCodeLen-len(suffix)) + suffix
		if !taken[c] {
			return c
		}
	}
}

// oneLine folds runs of white space (newlines included) into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most n bytes (the schema's length limits count
// bytes), on a rune boundary, without trailing space.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n])
}
