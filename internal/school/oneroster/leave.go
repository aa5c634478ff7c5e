package oneroster

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"plp/ent"
	"plp/ent/guardianship"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/session"
	"plp/ent/student"
)

// ManifestFile says, per file, whether the export is bulk or delta.
const ManifestFile = "manifest.csv"

// readManifest reads manifest.csv's file.NAME entries: "bulk", "delta" or
// "absent" by file name (users.csv). No manifest gives an empty map.
func readManifest(src fs.FS) map[string]string {
	t, err := readTable(src, ManifestFile, "propertyName", "value")
	out := map[string]string{}
	if err != nil {
		return out
	}
	for _, r := range t.rows {
		if name, ok := strings.CutPrefix(r.get("propertyName"), "file."); ok {
			out[name+".csv"] = strings.ToLower(r.get("value"))
		}
	}
	return out
}

// deltaFile reports whether a file holds changes only. The manifest says
// so (file.users delta); without it a file whose rows carry a status is
// taken as a delta, the safe reading: a delta never makes anyone leave for
// not being in it.
func (im *importer) deltaFile(t *table) bool {
	if mode, ok := im.manifest[t.name]; ok && mode != "" {
		return mode == "delta"
	}
	for _, r := range t.rows {
		if r.get("status") != "" {
			return true
		}
	}
	return false
}

// rosterRoles are the roles a OneRoster import gives, and so may take
// away; partners and PLP team members are the school's own doing.
var rosterRoles = []membership.Role{membership.RoleAdmin, membership.RoleCounselor, membership.RoleAdvisor, membership.RoleStudent, membership.RoleFamily}

// roleKey is one role of one account at one school.
type roleKey struct {
	account pulid.ID
	school  pulid.ID
	role    membership.Role
}

// leave removes memberships of rostered people who left, and what follows
// from them: a leaving advisor or counselor is no longer named on the
// school's students, a leaving family member's guardianships there end,
// every session of the account is revoked, and an account with no role
// left anywhere is disabled (it signs in again only if an import gives it
// a role back). The student's record stays: it is kept, like every plan,
// as the retention rules say (internal/records/retention), and goes with
// the account when they delete it. It counts, in fr.Left, the accounts
// that left.
func (im *importer) leave(ctx context.Context, c *ent.Client, ms []*ent.Membership, fr *FileReport) error {
	if len(ms) == 0 {
		return nil
	}
	byAccount := map[pulid.ID][]*ent.Membership{}
	var order []pulid.ID
	for _, m := range ms {
		if _, ok := byAccount[m.AccountID]; !ok {
			order = append(order, m.AccountID)
		}
		byAccount[m.AccountID] = append(byAccount[m.AccountID], m)
	}
	for _, acc := range order {
		for _, m := range byAccount[acc] {
			if err := c.Membership.DeleteOneID(m.ID).Exec(ctx); err != nil {
				return fmt.Errorf("remove role of %s: %w", acc, err)
			}
			var err error
			switch m.Role {
			case membership.RoleAdvisor:
				err = c.Student.Update().Where(student.SchoolID(m.SchoolID), student.AdvisorID(acc)).ClearAdvisorID().Exec(ctx)
			case membership.RoleCounselor:
				err = c.Student.Update().Where(student.SchoolID(m.SchoolID), student.CounselorID(acc)).ClearCounselorID().Exec(ctx)
			case membership.RoleFamily:
				err = c.Guardianship.Update().Where(guardianship.FamilyID(acc), guardianship.EndsAtIsNil(),
					guardianship.HasStudentWith(student.SchoolID(m.SchoolID))).SetEndsAt(im.now).Exec(ctx)
			}
			if err != nil {
				return fmt.Errorf("end %s role of %s: %w", m.Role, acc, err)
			}
		}
		if err := c.Session.Update().Where(session.AccountID(acc), session.RevokedAtIsNil(), session.ExpiresAtGT(im.now)).
			SetRevokedAt(im.now).Exec(ctx); err != nil {
			return fmt.Errorf("revoke sessions of %s: %w", acc, err)
		}
		others, err := c.Membership.Query().Where(membership.AccountID(acc)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("read roles of %s: %w", acc, err)
		}
		if !others {
			if err := c.Account.UpdateOneID(acc).SetDisabled(true).Exec(ctx); err != nil {
				return fmt.Errorf("disable account %s: %w", acc, err)
			}
		}
		fr.Left++
	}
	return nil
}

// inScope limits a membership query to the schools the import may change.
func (im *importer) inScope(q *ent.MembershipQuery) *ent.MembershipQuery {
	if im.opts.Schools != nil {
		q = q.Where(membership.SchoolIDIn(im.opts.Schools...))
	}
	return q
}

// leaveAll is a user row with status tobedeleted: every rostered role of
// the account at the schools in scope ends.
func (im *importer) leaveAll(ctx context.Context, c *ent.Client, sid string, fr *FileReport) error {
	acc, ok := im.accounts[sid]
	if !ok {
		return nil // never imported, or a student without sign-in: nothing to end
	}
	ms, err := im.inScope(c.Membership.Query().Where(membership.AccountID(acc), membership.RoleIn(rosterRoles...))).All(ctx)
	if err != nil {
		return fmt.Errorf("read roles of %s: %w", sid, err)
	}
	return im.leave(ctx, c, ms, fr)
}

// endRoles removes the roles that roles.csv ended (status tobedeleted, or
// an endDate past) and no other row of it still gives. A role given through
// a district ends only with the district's row, and a school's own only with
// the school's.
func (im *importer) endRoles(ctx context.Context, c *ent.Client, active, gone map[string][]userRole, fr *FileReport) error {
	var ms []*ent.Membership
	for _, user := range slices.Sorted(maps.Keys(gone)) {
		acc, ok := im.accounts[user]
		if !ok {
			continue
		}
		for _, ur := range gone[user] {
			if slices.ContainsFunc(active[user], func(a userRole) bool { return a.school == ur.school && a.role == ur.role }) {
				continue
			}
			q := c.Membership.Query().Where(membership.AccountID(acc), membership.SchoolID(ur.school), membership.RoleEQ(ur.role))
			if ur.district != "" {
				q = q.Where(membership.DistrictSourcedID(ur.district))
			} else {
				q = q.Where(membership.DistrictSourcedIDIsNil())
			}
			found, err := q.All(ctx)
			if err != nil {
				return fmt.Errorf("read role of %s: %w", user, err)
			}
			ms = append(ms, found...)
		}
	}
	return im.leave(ctx, c, ms, fr)
}

// leaveBulk is a bulk users.csv with roles.csv: the whole roster of the
// export's schools. A rostered account's role at one of those schools that
// the files no longer give ends, unless a refused row of the user leaves it
// in doubt. People PLP did not roster (no sourcedId) are left alone.
func (im *importer) leaveBulk(ctx context.Context, c *ent.Client, schools []pulid.ID, want map[roleKey]bool, unsure map[string]bool, fr *FileReport) error {
	if len(schools) == 0 {
		return nil
	}
	sidOf := map[pulid.ID]string{}
	for sid, id := range im.accounts {
		sidOf[id] = sid
	}
	ms, err := c.Membership.Query().Where(membership.SchoolIDIn(schools...), membership.RoleIn(rosterRoles...)).
		Order(ent.Asc(membership.FieldAccountID), ent.Asc(membership.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("read roles at the export's schools: %w", err)
	}
	var gone []*ent.Membership
	for _, m := range ms {
		sid, rostered := sidOf[m.AccountID]
		if !rostered || unsure[sid] || want[roleKey{m.AccountID, m.SchoolID, m.Role}] {
			continue
		}
		gone = append(gone, m)
	}
	return im.leave(ctx, c, gone, fr)
}
