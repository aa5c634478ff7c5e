package oneroster

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/ent/school"
	"plp/ent/student"
	"plp/internal/platform/schoolcal"
)

// importer carries what earlier files established to later ones: PLP IDs
// by sourcedId.
type importer struct {
	client *ent.Client
	srcFS  fs.FS
	opts   Options
	now    time.Time

	schools  map[string]pulid.ID // org sourcedId → school
	accounts map[string]pulid.ID // user sourcedId → account
	students map[string]pulid.ID // user sourcedId → student record
	classes  map[string]*class   // homeroom class sourcedId
	// outside are sourcedIds of students of schools outside the scope.
	outside map[string]bool
	// zones are the time zones of the schools, read when first needed.
	zones map[pulid.ID]*time.Location

	// manifest is manifest.csv's mode of each file (bulk, delta).
	manifest map[string]string
	// districts are the schools of each district org (sourcedId), in scope;
	// a district of orgs.csv with none of them has an empty entry.
	districts map[string][]pulid.ID
	// exportSchools are the schools this export's orgs.csv named: a bulk
	// users.csv is their whole roster.
	exportSchools []pulid.ID

	rolesReport *FileReport
	// undone holds, for each file whose changes were undone, the
	// sourcedIds its rows named (nil: the file could not be read at all),
	// so later rows pointing into it say so.
	undone map[string]map[string]bool
}

// undo records that a file was not imported, with the sourcedIds of its
// rows (t nil: unreadable, every reference into it is lost).
func (im *importer) undo(file string, t *table) {
	if im.undone == nil {
		im.undone = map[string]map[string]bool{}
	}
	if t == nil {
		im.undone[file] = nil
		return
	}
	ids := map[string]bool{}
	for _, r := range t.rows {
		ids[r.get("sourcedId")] = true
	}
	im.undone[file] = ids
}

// refuseMissing refuses a row naming id, which file should have imported.
// When file was not imported and held id (or could not be read), the
// reason says so, rather than that no such record exists.
func (im *importer) refuseMissing(fr *FileReport, r row, file, id, format string, args ...any) {
	if ids, ok := im.undone[file]; ok && (ids == nil || ids[id]) {
		refuse(fr, r, "%q is in %s, which was not imported (see its refusals): import again once %s imports", id, file, file)
		return
	}
	refuse(fr, r, format, args...)
}

// class is a homeroom: its school, and the teacher who becomes advisor.
type class struct {
	school  pulid.ID
	advisor *pulid.ID
}

type state struct {
	schools, accounts, students map[string]pulid.ID
	classes                     map[string]*class
	districts                   map[string][]pulid.ID
	exportSchools               []pulid.ID
}

func (im *importer) snapshot() state {
	return state{maps.Clone(im.schools), maps.Clone(im.accounts), maps.Clone(im.students), maps.Clone(im.classes),
		maps.Clone(im.districts), slices.Clone(im.exportSchools)}
}

func (im *importer) restore(s state) {
	im.schools, im.accounts, im.students, im.classes = s.schools, s.accounts, s.students, s.classes
	im.districts, im.exportSchools = s.districts, s.exportSchools
}

// load reads the sourcedIds already in the database: three statements.
func (im *importer) load(ctx context.Context) error {
	schools, err := im.client.School.Query().Where(school.SourcedIDNotNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("read schools: %w", err)
	}
	for _, s := range schools {
		im.schools[*s.SourcedID] = s.ID
		if d := s.DistrictSourcedID; d != nil && (im.opts.Schools == nil || slices.Contains(im.opts.Schools, s.ID)) {
			im.districts[*d] = append(im.districts[*d], s.ID)
		}
	}
	accounts, err := im.client.Account.Query().Where(account.SourcedIDNotNil()).Select(account.FieldID, account.FieldSourcedID).All(ctx)
	if err != nil {
		return fmt.Errorf("read accounts: %w", err)
	}
	for _, a := range accounts {
		im.accounts[*a.SourcedID] = a.ID
	}
	students, err := im.client.Student.Query().Where(student.SourcedIDNotNil()).
		Select(student.FieldID, student.FieldSourcedID, student.FieldSchoolID).All(ctx)
	if err != nil {
		return fmt.Errorf("read students: %w", err)
	}
	for _, s := range students {
		if im.opts.Schools != nil && !slices.Contains(im.opts.Schools, s.SchoolID) {
			// Another school's student: its rows are refused, never applied.
			im.outside[*s.SourcedID] = true
			continue
		}
		im.students[*s.SourcedID] = s.ID
	}
	return nil
}

// foreign reports whether an account has a role at a school outside the
// import's scope: an admin's import must not change someone another
// school also knows.
func (im *importer) foreign(ctx context.Context, c *ent.Client, id pulid.ID) (bool, error) {
	if im.opts.Schools == nil {
		return false, nil
	}
	return c.Membership.Query().Where(membership.AccountID(id), membership.SchoolIDNotIn(im.opts.Schools...)).Exist(ctx)
}

// orgs imports schools; districts name their schools' district.
func (im *importer) orgs(ctx context.Context, c *ent.Client, t *table, fr *FileReport) error {
	districts := map[string]string{}
	for _, r := range t.rows {
		if strings.EqualFold(r.get("type"), "district") && !deleted(r) {
			districts[r.get("sourcedId")] = r.get("name")
			if _, ok := im.districts[r.get("sourcedId")]; !ok {
				im.districts[r.get("sourcedId")] = nil
			}
		}
	}
	dup := duplicates{}
	for i, r := range t.rows {
		im.progress(fr, i+1)
		if r.get("sourcedId") == "" {
			refuse(fr, r, "no sourcedId")
			continue
		}
		if dup.seen(fr, r) {
			continue
		}
		typ := strings.ToLower(r.get("type"))
		if deleted(r) || typ != "school" {
			fr.Ignored++ // districts name schools; other org types hold nothing PLP keeps
			continue
		}
		name := r.get("name")
		if name == "" || len(name) > 200 {
			refuse(fr, r, "the name must be 1 to 200 characters")
			continue
		}
		district, parent := "", r.get("parentSourcedId")
		if parent != "" {
			d, ok := districts[parent]
			if !ok {
				refuse(fr, r, "parentSourcedId %q is no district of orgs.csv", parent)
				continue
			}
			district = d
		}
		sid := r.get("sourcedId")
		if _, ok := im.schools[sid]; !ok && im.opts.Schools != nil {
			// An admin's import creates no school: it links one of theirs.
			id, err := im.adopt(ctx, c, name)
			if err != nil {
				return err
			}
			if id == "" {
				refuse(fr, r, "none of the schools you administer is named %q and linked to no other org: only the server's operator can import new schools (plp import oneroster)", name)
				continue
			}
			im.schools[sid] = id
			if err := c.School.UpdateOneID(id).SetSourcedID(sid).Exec(ctx); err != nil {
				return fmt.Errorf("link school %s: %w", sid, err)
			}
		}
		if id, ok := im.schools[sid]; ok {
			if im.opts.Schools != nil && !slices.Contains(im.opts.Schools, id) {
				refuse(fr, r, "the school %q is not one you administer", name)
				delete(im.schools, sid) // and none of its rows is imported
				continue
			}
			s, err := c.School.Get(ctx, id)
			if err != nil {
				return fmt.Errorf("read school %s: %w", id, err)
			}
			changed := s.Name != name || s.District != district || deref(s.DistrictSourcedID) != parent
			if changed {
				u := s.Update().SetName(name).SetDistrict(district)
				if parent != "" {
					u.SetDistrictSourcedID(parent)
				} else {
					u.ClearDistrictSourcedID()
				}
				if err := u.Exec(ctx); err != nil {
					return fmt.Errorf("update school %s: %w", sid, err)
				}
			}
			fr.count(false, changed)
			if err := im.joinDistrict(ctx, c, id, deref(s.DistrictSourcedID), parent, fr); err != nil {
				return err
			}
			continue
		}
		s, err := c.School.Create().SetName(name).SetDistrict(district).SetSourcedID(sid).SetNillableDistrictSourcedID(nonEmpty(parent)).Save(ctx)
		if err != nil {
			return fmt.Errorf("create school %s: %w", sid, err)
		}
		im.schools[sid] = s.ID
		fr.count(true, false)
		if err := im.joinDistrict(ctx, c, s.ID, "", parent, fr); err != nil {
			return err
		}
	}
	return nil
}

// joinDistrict keeps a school's district administrators in step with its
// district: leaving district was, the roles given through it there end;
// in district now, whoever administers the district through it (a
// membership given by its role, at any school) administers this school
// too. It also records the school among the export's schools.
func (im *importer) joinDistrict(ctx context.Context, c *ent.Client, school pulid.ID, was, now string, fr *FileReport) error {
	im.exportSchools = append(im.exportSchools, school)
	if was != "" && was != now {
		ms, err := c.Membership.Query().Where(membership.SchoolID(school), membership.DistrictSourcedID(was)).All(ctx)
		if err != nil {
			return fmt.Errorf("read district roles at %s: %w", school, err)
		}
		if err := im.leave(ctx, c, ms, fr); err != nil {
			return err
		}
		im.districts[was] = slices.DeleteFunc(slices.Clone(im.districts[was]), func(id pulid.ID) bool { return id == school })
	}
	if now == "" {
		return nil
	}
	if !slices.Contains(im.districts[now], school) {
		im.districts[now] = append(slices.Clone(im.districts[now]), school)
	}
	admins, err := c.Membership.Query().Where(membership.DistrictSourcedID(now), membership.RoleEQ(membership.RoleAdmin)).
		Unique(true).Select(membership.FieldAccountID).Strings(ctx)
	if err != nil {
		return fmt.Errorf("read administrators of district %s: %w", now, err)
	}
	for _, acc := range admins {
		created, err := im.grant(ctx, c, pulid.ID(acc), school, membership.RoleAdmin, now)
		if err != nil {
			return err
		}
		if created {
			fr.Created++
		}
	}
	return nil
}

// grant makes sure the account has the role at the school, given through
// district (a district org's sourcedId) or, with "", the school's own
// role, which wins: a membership is marked as the district's only while no
// school row gives it. created is true when the membership is new.
func (im *importer) grant(ctx context.Context, c *ent.Client, acc, school pulid.ID, role membership.Role, district string) (created bool, err error) {
	m, err := c.Membership.Query().Where(membership.AccountID(acc), membership.SchoolID(school), membership.RoleEQ(role)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		err = c.Membership.Create().SetAccountID(acc).SetSchoolID(school).SetRole(role).SetNillableDistrictSourcedID(nonEmpty(district)).Exec(ctx)
		if err != nil {
			return false, fmt.Errorf("create membership of %s: %w", acc, err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("read membership of %s: %w", acc, err)
	case deref(m.DistrictSourcedID) != district:
		u := m.Update()
		if district != "" {
			u.SetDistrictSourcedID(district)
		} else {
			u.ClearDistrictSourcedID()
		}
		if err := u.Exec(ctx); err != nil {
			return false, fmt.Errorf("update membership of %s: %w", acc, err)
		}
	}
	return false, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// adopt finds the school of the import's scope with this name and no
// sourcedId yet.
func (im *importer) adopt(ctx context.Context, c *ent.Client, name string) (pulid.ID, error) {
	schools, err := c.School.Query().Where(school.IDIn(im.opts.Schools...), school.SourcedIDIsNil()).All(ctx)
	if err != nil {
		return "", fmt.Errorf("read schools: %w", err)
	}
	for _, s := range schools {
		if strings.EqualFold(strings.TrimSpace(s.Name), name) {
			return s.ID, nil
		}
	}
	return "", nil
}

// roleOf maps a OneRoster role to a PLP membership role; ok is false for
// roles PLP has no use for (aide, proctor...).
func roleOf(role string) (membership.Role, bool) {
	switch strings.ToLower(role) {
	case "student":
		return membership.RoleStudent, true
	case "teacher":
		return membership.RoleAdvisor, true
	case "counselor":
		return membership.RoleCounselor, true
	case "administrator", "principal", "siteadministrator", "districtadministrator", "systemadministrator":
		return membership.RoleAdmin, true
	case "guardian", "parent", "relative":
		return membership.RoleFamily, true
	}
	return "", false
}

// userRole is one role of a user at a school, from roles.csv.
type userRole struct {
	role     membership.Role
	relation string // for family: guardian, parent or relative
	school   pulid.ID
	// district is the district org's sourcedId when the role was given on
	// the district (a district administrator), "" for a school's own.
	district string
}

// roles reads roles.csv (required with users.csv) into roles by user: those
// in force, and those that ended (status tobedeleted, or an endDate past).
// A role on a district org is a role at each of its schools; PLP keeps it
// for administrators only (districtAdministrator, administrator...).
func (im *importer) roles(users map[string]bool, t *table, fr *FileReport) (active, gone map[string][]userRole) {
	active, gone = map[string][]userRole{}, map[string][]userRole{}
	dup := duplicates{}
	for _, r := range t.rows {
		if r.get("sourcedId") != "" && dup.seen(fr, r) {
			continue
		}
		user, org := r.get("userSourcedId"), r.get("orgSourcedId")
		_, known := im.accounts[user]
		if !users[user] && !deleted(r) && !(fr.Delta && known) {
			refuse(fr, r, "userSourcedId %q is no user of users.csv", user)
			continue
		}
		role, ok := roleOf(r.get("role"))
		var schools []pulid.ID
		district := ""
		if sch, isSchool := im.schools[org]; isSchool {
			schools = []pulid.ID{sch}
		} else if ds, isDistrict := im.districts[org]; isDistrict {
			if ok && role != membership.RoleAdmin {
				fr.Ignored++ // PLP gives roles at schools; a district's are its administrators'
				continue
			}
			if len(ds) == 0 && !deleted(r) {
				refuse(fr, r, "orgSourcedId %q is a district with no school imported from orgs.csv%s", org, im.scopeHint())
				continue
			}
			schools, district = ds, org
		} else {
			if deleted(r) {
				fr.Ignored++ // the end of a role PLP never had
				continue
			}
			im.refuseMissing(fr, r, OrgsFile, org, "orgSourcedId %q is no school imported from orgs.csv", org)
			continue
		}
		if !ok {
			fr.Ignored++
			continue
		}
		for _, d := range []string{"beginDate", "endDate"} {
			if v := r.get(d); v != "" {
				if _, err := time.Parse(time.DateOnly, v); err != nil {
					refuse(fr, r, "%s %q is not a date as YYYY-MM-DD", d, v)
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		into := active
		if end := r.get("endDate"); deleted(r) {
			into = gone
			fr.Unchanged++ // applied with the users
		} else if e, _ := time.Parse(time.DateOnly, end); end != "" && e.Before(im.now) {
			into = gone // a role that ended
			fr.Ignored++
		} else {
			fr.Unchanged++ // applied with its user
		}
		for _, sch := range schools {
			into[user] = append(into[user], userRole{role: role, relation: strings.ToLower(r.get("role")), school: sch, district: district})
		}
	}
	return active, gone
}

// scopeHint explains, in an admin's import, why a district may have none
// of its schools here.
func (im *importer) scopeHint() string {
	if im.opts.Schools != nil {
		return " that you administer"
	}
	return ""
}

// grade reads a OneRoster grade: KG is 0, 01 to 12 are 1 to 12; PLP keeps
// no plan before kindergarten or after grade 12.
func grade(v string) (int, error) {
	if strings.EqualFold(v, "KG") {
		return 0, nil
	}
	g, err := strconv.Atoi(v)
	if err != nil || g < 1 || g > 12 {
		return 0, fmt.Errorf("grade %q is not KG or 01 to 12", v)
	}
	return g, nil
}

// users imports users.csv with roles.csv: accounts and memberships for
// everyone with an email, student records for students, then the
// guardianships that users.agentSourcedIds name.
func (im *importer) users(ctx context.Context, c *ent.Client, t *table, fr *FileReport) error {
	im.rolesReport = &FileReport{File: RolesFile}
	present := map[string]bool{}
	for _, r := range t.rows {
		present[r.get("sourcedId")] = true
	}
	if len(t.rows) == 0 && !fileExists(im.srcFS, UsersFile) {
		fr.Delta = true // roles.csv alone: changes of roles
	}
	rt, err := readTable(im.srcFS, RolesFile, "userSourcedId", "role", "orgSourcedId")
	switch {
	case err == errMissing && fr.Delta:
		// A delta of users only: their roles stand.
		rt = &table{name: RolesFile}
	case err == errMissing:
		refuse(fr, row{}, "roles.csv is missing: OneRoster 1.2 gives each user's role and school there")
		im.rolesReport.Refused = append(im.rolesReport.Refused, Refusal{File: RolesFile, Reason: "not in the export"})
		return nil
	case err != nil:
		im.rolesReport.Present = true
		im.rolesReport.Refused = append(im.rolesReport.Refused, Refusal{File: RolesFile, Reason: err.Error()})
		return nil
	}
	im.rolesReport.Present, im.rolesReport.Rows = fileExists(im.srcFS, RolesFile), len(rt.rows)
	im.rolesReport.Delta = fr.Delta || im.deltaFile(rt)
	roles, ended := im.roles(present, rt, im.rolesReport)
	// Users whose rows were refused keep the roles they have: nothing says
	// they left.
	unsure := map[string]bool{}
	for _, x := range im.rolesReport.Refused {
		if i := slices.IndexFunc(rt.rows, func(r row) bool { return r.line == x.Line }); i >= 0 {
			unsure[rt.rows[i].get("userSourcedId")] = true
		}
	}

	type agentLink struct {
		r      row
		agents []string
	}
	var links []agentLink
	relation := map[string]string{} // family user → how they are related
	dup := duplicates{}
	for i, r := range t.rows {
		im.progress(fr, i+1)
		sid := r.get("sourcedId")
		if sid == "" {
			refuse(fr, r, "no sourcedId")
			continue
		}
		if dup.seen(fr, r) {
			unsure[sid] = true
			continue
		}
		if deleted(r) {
			if err := im.leaveAll(ctx, c, sid, fr); err != nil {
				return err
			}
			continue
		}
		rs := roles[sid]
		_, known := im.accounts[sid]
		if _, ok := im.students[sid]; ok {
			known = true
		}
		if len(rs) == 0 && (!known || !fr.Delta) {
			// No role PLP keeps; in a bulk export a rostered user without
			// one leaves (below). A delta changes a known user's record
			// without repeating their roles.
			fr.Ignored++
			continue
		}
		imported, err := im.user(ctx, c, r, rs, fr)
		if err != nil {
			return err
		}
		if !imported {
			unsure[sid] = true
			continue
		}
		for _, ur := range rs {
			if ur.role == membership.RoleFamily {
				relation[sid] = ur.relation
			}
		}
		if agents := list(r.get("agentSourcedIds")); len(agents) > 0 {
			links = append(links, agentLink{r, agents})
		}
	}
	// Guardianships: a student's agents that are family, and a family
	// member's agents that are students, once each.
	done := map[[2]pulid.ID]bool{}
	for _, l := range links {
		sid := l.r.get("sourcedId")
		for _, agent := range l.agents {
			stu, fam, famSID := im.students[sid], im.accounts[agent], agent
			if stu == "" {
				stu, fam, famSID = im.students[agent], im.accounts[sid], sid
			}
			if stu == "" || fam == "" || relation[famSID] == "" {
				if !present[agent] {
					refuse(fr, l.r, "agentSourcedIds names %q, who is not in users.csv", agent)
				}
				continue // a link PLP does not keep (a teacher's agent, say)
			}
			if done[[2]pulid.ID{stu, fam}] {
				continue
			}
			done[[2]pulid.ID{stu, fam}] = true
			exists, err := c.Guardianship.Query().Where(guardianship.StudentID(stu), guardianship.FamilyID(fam)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("read guardianship: %w", err)
			}
			if exists {
				fr.Unchanged++
				continue
			}
			if err := c.Guardianship.Create().SetStudentID(stu).SetFamilyID(fam).SetRelationship(relation[famSID]).Exec(ctx); err != nil {
				return fmt.Errorf("create guardianship of %s: %w", sid, err)
			}
			fr.Created++
		}
	}
	// A delta's new roles of users it does not name again.
	for _, user := range slices.Sorted(maps.Keys(roles)) {
		acc, ok := im.accounts[user]
		if present[user] || !ok {
			continue
		}
		for _, ur := range roles[user] {
			created, err := im.grant(ctx, c, acc, ur.school, ur.role, ur.district)
			if err != nil {
				return err
			}
			if created {
				fr.Created++
			}
		}
	}
	// Who left: roles ended by roles.csv, and, when both files are bulk,
	// rostered people the export's schools no longer have.
	if err := im.endRoles(ctx, c, roles, ended, fr); err != nil {
		return err
	}
	if !fr.Delta && !im.rolesReport.Delta {
		schools := im.exportSchools
		if _, ok := im.undone[OrgsFile]; ok {
			schools = nil // orgs.csv was not imported: which schools the export covers is unknown
		}
		want := map[roleKey]bool{}
		for user, rs := range roles {
			if acc, ok := im.accounts[user]; ok {
				for _, ur := range rs {
					want[roleKey{acc, ur.school, ur.role}] = true
				}
			}
		}
		if err := im.leaveBulk(ctx, c, schools, want, unsure, fr); err != nil {
			return err
		}
	}
	if len(im.rolesReport.Refused) > 0 && !im.opts.SkipBadRows {
		im.rolesReport.RolledBack = true
	}
	return nil
}

// user imports one user with their roles; imported is false when the row
// was refused.
func (im *importer) user(ctx context.Context, c *ent.Client, r row, rs []userRole, fr *FileReport) (imported bool, err error) {
	sid := r.get("sourcedId")
	given, family := r.get("givenName"), r.get("familyName")
	preferred := r.get("preferredGivenName")
	if preferred == "" {
		preferred = given
	}
	if given == "" || family == "" || len(given) > 100 || len(family) > 100 || len(preferred) > 100 {
		refuse(fr, r, "givenName and familyName must be 1 to 100 characters")
		return false, nil
	}
	email := strings.ToLower(r.get("email"))
	isStudent := false
	for _, ur := range rs {
		isStudent = isStudent || ur.role == membership.RoleStudent
	}
	if _, ok := im.students[sid]; ok && len(rs) == 0 {
		isStudent = true // a delta's change to a student it does not give roles again
	}
	if email == "" && !isStudent {
		refuse(fr, r, "no email: staff and family members sign in to PLP by email")
		return false, nil
	}
	if email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t,;") || len(email) > 254) {
		refuse(fr, r, "email %q is not an address", email)
		return false, nil
	}
	var g int
	if isStudent {
		grades := list(r.get("grades"))
		if len(grades) == 0 {
			refuse(fr, r, "a student needs grades (KG, 01 to 12)")
			return false, nil
		}
		var err error
		if g, err = grade(grades[0]); err != nil {
			refuse(fr, r, "%v", err)
			return false, nil
		}
	}
	disabled := strings.EqualFold(r.get("enabledUser"), "false")
	if im.outside[sid] {
		refuse(fr, r, "a student of a school you do not administer has this sourcedId")
		return false, nil
	}

	// The account: by sourcedId, else an existing account with the email
	// (made by hand before the first import) is adopted.
	var acc *ent.Account
	if email != "" {
		var err error
		if id, ok := im.accounts[sid]; ok {
			acc, err = c.Account.Get(ctx, id)
		} else {
			acc, err = c.Account.Query().Where(account.Email(email)).Only(ctx)
			if ent.IsNotFound(err) {
				acc, err = nil, nil
			}
		}
		if err != nil {
			return false, fmt.Errorf("read account of %s: %w", sid, err)
		}
		if acc != nil {
			foreign, err := im.foreign(ctx, c, acc.ID)
			if err != nil {
				return false, fmt.Errorf("read roles of %s: %w", sid, err)
			}
			if foreign {
				refuse(fr, r, "%s has an account at a school you do not administer: only the server's operator can import them", email)
				return false, nil
			}
		}
		if acc != nil && acc.SourcedID != nil && *acc.SourcedID != sid {
			refuse(fr, r, "email %s belongs to another user (sourcedId %s)", email, *acc.SourcedID)
			return false, nil
		}
		if acc != nil && acc.Email != email {
			taken, err := c.Account.Query().Where(account.Email(email), account.IDNEQ(acc.ID)).Exist(ctx)
			if err != nil {
				return false, fmt.Errorf("check email of %s: %w", sid, err)
			}
			if taken {
				refuse(fr, r, "email %s belongs to another account", email)
				return false, nil
			}
		}
		name := preferred + " " + family
		switch {
		case acc == nil:
			acc, err = c.Account.Create().SetEmail(email).SetName(name).SetSourcedID(sid).SetDisabled(disabled).Save(ctx)
			fr.count(true, false)
		case acc.Email != email || acc.Name != name || acc.Disabled != disabled || acc.SourcedID == nil:
			acc, err = acc.Update().SetEmail(email).SetName(name).SetSourcedID(sid).SetDisabled(disabled).Save(ctx)
			fr.count(false, true)
		default:
			fr.count(false, false)
		}
		if err != nil {
			return false, fmt.Errorf("save account of %s: %w", sid, err)
		}
		im.accounts[sid] = acc.ID
		// One membership per school and role; a school's own role wins
		// over the same role given through its district.
		type at struct {
			school pulid.ID
			role   membership.Role
		}
		through := map[at]string{}
		var order []at
		for _, ur := range rs {
			k := at{ur.school, ur.role}
			d, seen := through[k]
			if !seen {
				order = append(order, k)
			}
			if !seen || (d != "" && ur.district == "") {
				through[k] = ur.district
			}
		}
		for _, k := range order {
			created, err := im.grant(ctx, c, acc.ID, k.school, k.role, through[k])
			if err != nil {
				return false, err
			}
			if created {
				fr.Created++
			}
		}
	}
	if !isStudent {
		return true, nil
	}
	var sch pulid.ID
	for _, ur := range rs {
		if ur.role == membership.RoleStudent {
			sch = ur.school
			break
		}
	}
	// A grade 12 student graduates at the end of this school year.
	gradYear := func(school pulid.ID) (int, error) {
		loc, err := im.zone(ctx, c, school)
		if err != nil {
			return 0, err
		}
		return schoolcal.YearOf(im.now, loc).EndYear() + (12 - g), nil
	}
	pronouns := r.get("pronouns")
	if id, ok := im.students[sid]; ok {
		s, err := c.Student.Get(ctx, id)
		if err != nil {
			return false, fmt.Errorf("read student %s: %w", sid, err)
		}
		year, err := gradYear(s.SchoolID)
		if err != nil {
			return false, err
		}
		changed := s.GivenName != given || s.FamilyName != family || s.PreferredName != preferred || s.Grade != g ||
			(pronouns != "" && s.Pronouns != pronouns) || (acc != nil && (s.AccountID == nil || *s.AccountID != acc.ID))
		if changed {
			u := s.Update().SetGivenName(given).SetFamilyName(family).SetPreferredName(preferred).SetGrade(g)
			if s.Grade != g {
				u.SetGraduationYear(year)
			}
			if pronouns != "" {
				u.SetPronouns(pronouns)
			}
			if acc != nil {
				u.SetAccountID(acc.ID)
			}
			if err := u.Exec(ctx); err != nil {
				return false, fmt.Errorf("update student %s: %w", sid, err)
			}
		}
		fr.count(false, changed)
		return true, nil
	}
	year, err := gradYear(sch)
	if err != nil {
		return false, err
	}
	create := c.Student.Create().SetSchoolID(sch).SetSourcedID(sid).SetGivenName(given).SetFamilyName(family).
		SetPreferredName(preferred).SetGrade(g).SetGraduationYear(year)
	if pronouns != "" {
		create.SetPronouns(pronouns)
	}
	if acc != nil {
		create.SetAccountID(acc.ID)
	}
	s, err := create.Save(ctx)
	if err != nil {
		return false, fmt.Errorf("create student %s: %w", sid, err)
	}
	im.students[sid] = s.ID
	fr.count(true, false)
	return true, nil
}

// zone is the school's time zone, read once per import.
func (im *importer) zone(ctx context.Context, c *ent.Client, school pulid.ID) (*time.Location, error) {
	if loc, ok := im.zones[school]; ok {
		return loc, nil
	}
	loc, err := rule.Zone(ctx, c, school)
	if err != nil {
		return nil, err
	}
	if im.zones == nil {
		im.zones = map[pulid.ID]*time.Location{}
	}
	im.zones[school] = loc
	return loc, nil
}

// demographics sets students' birth dates.
func (im *importer) demographics(ctx context.Context, c *ent.Client, t *table, fr *FileReport) error {
	dup := duplicates{}
	for i, r := range t.rows {
		im.progress(fr, i+1)
		if dup.seen(fr, r) {
			continue
		}
		if deleted(r) {
			fr.Ignored++
			continue
		}
		sid := r.get("sourcedId")
		born, err := time.Parse(time.DateOnly, r.get("birthDate"))
		if err != nil {
			refuse(fr, r, "birthDate %q is not a date as YYYY-MM-DD", r.get("birthDate"))
			continue
		}
		if born.After(im.now) {
			refuse(fr, r, "birthDate %s is in the future", r.get("birthDate"))
			continue
		}
		id, ok := im.students[sid]
		if !ok {
			if _, staff := im.accounts[sid]; staff {
				fr.Ignored++ // PLP keeps birth dates of students only
				continue
			}
			im.refuseMissing(fr, r, UsersFile, sid, "no student with this sourcedId in users.csv")
			continue
		}
		s, err := c.Student.Query().Where(student.ID(id)).Select(student.FieldBirthDate).Only(ctx)
		if err != nil {
			return fmt.Errorf("read student %s: %w", sid, err)
		}
		if s.BirthDate != nil && s.BirthDate.Equal(born) {
			fr.Unchanged++
			continue
		}
		if err := c.Student.UpdateOneID(id).SetBirthDate(born).Exec(ctx); err != nil {
			return fmt.Errorf("update birth date of %s: %w", sid, err)
		}
		fr.Updated++
	}
	return nil
}

// classesFile records the homeroom classes; PLP keeps no class schedule, so
// scheduled classes are ignored.
func (im *importer) classesFile(ctx context.Context, c *ent.Client, t *table, fr *FileReport) error {
	dup := duplicates{}
	for i, r := range t.rows {
		im.progress(fr, i+1)
		if dup.seen(fr, r) {
			continue
		}
		sch, ok := im.schools[r.get("schoolSourcedId")]
		if !ok {
			im.refuseMissing(fr, r, OrgsFile, r.get("schoolSourcedId"), "schoolSourcedId %q is no school imported from orgs.csv", r.get("schoolSourcedId"))
			continue
		}
		if deleted(r) || !strings.EqualFold(r.get("classType"), "homeroom") {
			fr.Ignored++
			continue
		}
		im.classes[r.get("sourcedId")] = &class{school: sch}
		fr.Unchanged++
	}
	return nil
}

// enrollments make a homeroom's teacher the advisor of its students.
func (im *importer) enrollments(ctx context.Context, c *ent.Client, t *table, fr *FileReport) error {
	type studentIn struct {
		r     row
		id    pulid.ID
		class *class
	}
	var students []studentIn
	dup := duplicates{}
	for i, r := range t.rows {
		im.progress(fr, i+1)
		if dup.seen(fr, r) {
			continue
		}
		if deleted(r) {
			fr.Ignored++
			continue
		}
		for _, d := range []string{"beginDate", "endDate"} {
			if v := r.get(d); v != "" {
				if _, err := time.Parse(time.DateOnly, v); err != nil {
					refuse(fr, r, "%s %q is not a date as YYYY-MM-DD", d, v)
				}
			}
		}
		if len(fr.Refused) > 0 && fr.Refused[len(fr.Refused)-1].Line == r.line {
			continue
		}
		if _, ok := im.schools[r.get("schoolSourcedId")]; !ok {
			im.refuseMissing(fr, r, OrgsFile, r.get("schoolSourcedId"), "schoolSourcedId %q is no school imported from orgs.csv", r.get("schoolSourcedId"))
			continue
		}
		user := r.get("userSourcedId")
		cl, homeroom := im.classes[r.get("classSourcedId")]
		if ids, undone := im.undone[ClassesFile]; !homeroom && undone && (ids == nil || ids[r.get("classSourcedId")]) {
			im.refuseMissing(fr, r, ClassesFile, r.get("classSourcedId"), "")
			continue
		}
		if !homeroom {
			fr.Ignored++ // a scheduled class, or one classes.csv did not have
			continue
		}
		switch strings.ToLower(r.get("role")) {
		case "teacher":
			id, ok := im.accounts[user]
			if !ok {
				im.refuseMissing(fr, r, UsersFile, user, "userSourcedId %q is no teacher imported from users.csv", user)
				continue
			}
			if cl.advisor == nil || strings.EqualFold(r.get("primary"), "true") {
				cl.advisor = &id
			}
			fr.Unchanged++
		case "student":
			id, ok := im.students[user]
			if !ok {
				im.refuseMissing(fr, r, UsersFile, user, "userSourcedId %q is no student imported from users.csv", user)
				continue
			}
			students = append(students, studentIn{r, id, cl})
		default:
			fr.Ignored++
		}
	}
	for _, s := range students {
		if s.class.advisor == nil {
			fr.Ignored++ // a homeroom with no teacher
			continue
		}
		stu, err := c.Student.Query().Where(student.ID(s.id)).Select(student.FieldAdvisorID).Only(ctx)
		if err != nil {
			return fmt.Errorf("read student %s: %w", s.id, err)
		}
		if stu.AdvisorID != nil && *stu.AdvisorID == *s.class.advisor {
			fr.Unchanged++
			continue
		}
		if err := c.Student.UpdateOneID(s.id).SetAdvisorID(*s.class.advisor).Exec(ctx); err != nil {
			return fmt.Errorf("set advisor of %s: %w", s.r.get("userSourcedId"), err)
		}
		fr.Updated++
	}
	return nil
}
