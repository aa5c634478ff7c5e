// Package oneroster loads a school district's people from its student
// information system, as a OneRoster 1.2 CSV export: orgs.csv (schools and
// their districts), users.csv with roles.csv (students, staff, guardians;
// users.agentSourcedIds links guardians and students), demographics.csv
// (birth dates), classes.csv and enrollments.csv (a homeroom's teacher
// becomes its students' advisor). The sourcedId is the key: importing the
// same export again changes nothing, and a changed export updates in place.
//
// A role on a district org (districtAdministrator, administrator) is an
// admin's role at every school of the district, and follows it: a school
// the district gains later gets its administrators (School and Membership
// district_sourced_id). A delta export (manifest.csv) applies its rows as
// changes: a user it names without roles keeps theirs. People leave with a
// user or role row to be deleted, a role whose endDate passed, or, when
// users.csv and roles.csv are bulk, by no longer being in them at the
// export's schools (those of its orgs.csv): see leave.
//
// Each file is one transaction. Every refused row is reported with its line
// and why; unless Options.SkipBadRows, a file with any refused row changes
// nothing at all, and rows of later files that point into it are refused
// in turn, saying that the file they depend on was not imported. A file that cannot be read as a whole (too large, not CSV, a
// required column missing) is refused as a whole.
package oneroster

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/schema/rule"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/viewer"
)

// The files read, in the order they are imported.
const (
	OrgsFile         = "orgs.csv"
	UsersFile        = "users.csv"
	RolesFile        = "roles.csv"
	DemographicsFile = "demographics.csv"
	ClassesFile      = "classes.csv"
	EnrollmentsFile  = "enrollments.csv"
)

// Refusal is one row (or, with Line 0, a whole file) not imported.
type Refusal struct {
	File      string
	Line      int
	SourcedID string
	Reason    string
}

func (r Refusal) String() string {
	where := r.File
	if r.Line > 0 {
		where = fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	if r.SourcedID != "" {
		return fmt.Sprintf("%s (%s): %s", where, r.SourcedID, r.Reason)
	}
	return fmt.Sprintf("%s: %s", where, r.Reason)
}

// FileReport is what importing one file did.
type FileReport struct {
	File string
	// Present is false when the export has no such file.
	Present bool
	Rows    int
	// Created, Updated and Unchanged count PLP records (a user can make an
	// account, a membership and a student record).
	Created, Updated, Unchanged int
	// Ignored rows are valid but hold nothing PLP keeps: departments,
	// scheduled classes, roles such as aide, ended roles, and rows to be
	// deleted of files other than users.csv and roles.csv.
	Ignored int
	// Delta is true for a file of changes (see deltaFile): absent rows
	// change nothing.
	Delta bool
	// Left counts the people who left a school with this file: their roles
	// there were removed (see leave).
	Left    int
	Refused []Refusal
	// RolledBack is true when the file's changes were undone because of
	// refused rows (without SkipBadRows) or an error.
	RolledBack bool
}

func (f *FileReport) String() string {
	if !f.Present {
		return fmt.Sprintf("%s: not in the export", f.File)
	}
	name := f.File
	if f.Delta {
		name += " (delta)"
	}
	s := fmt.Sprintf("%s: %d rows, %d created, %d updated, %d unchanged, %d ignored, %d refused",
		name, f.Rows, f.Created, f.Updated, f.Unchanged, f.Ignored, len(f.Refused))
	if f.Left > 0 {
		s += fmt.Sprintf(", %d left", f.Left)
	}
	if f.RolledBack {
		s += " (nothing of this file was imported)"
	}
	return s
}

// Report is what an import did, file by file.
type Report struct {
	Files []*FileReport
}

// Refused lists every refusal of every file.
func (r *Report) Refused() []Refusal {
	var out []Refusal
	for _, f := range r.Files {
		out = append(out, f.Refused...)
	}
	return out
}

// Options change how an import runs.
type Options struct {
	// SkipBadRows imports a file's good rows even when some are refused.
	SkipBadRows bool
	// Progress, when set, hears how far each file has got.
	Progress func(file string, done, total int)
	// Schools, when not nil, limits the import to these schools (an
	// admin's, through importOneRoster): no school is created; an org is
	// matched by sourcedId, or else to one of these schools of the same
	// name not yet linked to the student information system, and rows of
	// any other org are refused.
	Schools []pulid.ID
	// InTransaction runs each file as a savepoint of the transaction the
	// client already is (a request's), rather than a transaction of its own.
	InTransaction bool
}

// Import reads a OneRoster 1.2 CSV export from src (a directory, or a zip
// through zip.Reader) into the database, as the system. It returns an
// error only when the database fails; everything wrong with the export is
// in the report.
func Import(ctx context.Context, client *ent.Client, src fs.FS, opts Options) (*Report, error) {
	ctx = viewer.SystemContext(ctx)
	im := &importer{client: client, srcFS: src, opts: opts, now: clock.Now(ctx).UTC(),
		schools: map[string]pulid.ID{}, accounts: map[string]pulid.ID{}, students: map[string]pulid.ID{},
		classes: map[string]*class{}, outside: map[string]bool{}, districts: map[string][]pulid.ID{},
		manifest: readManifest(src)}
	if err := im.load(ctx); err != nil {
		return nil, err
	}
	report := &Report{}
	steps := []struct {
		file     string
		required []string
		run      func(context.Context, *ent.Client, *table, *FileReport) error
	}{
		{OrgsFile, []string{"sourcedId", "name", "type"}, im.orgs},
		{UsersFile, []string{"sourcedId", "givenName", "familyName"}, im.users},
		{DemographicsFile, []string{"sourcedId", "birthDate"}, im.demographics},
		{ClassesFile, []string{"sourcedId", "title", "classType", "schoolSourcedId"}, im.classesFile},
		{EnrollmentsFile, []string{"sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"}, im.enrollments},
	}
	for _, step := range steps {
		fr := &FileReport{File: step.file}
		report.Files = append(report.Files, fr)
		t, err := readTable(src, step.file, step.required...)
		if err == errMissing && step.file == UsersFile {
			// A delta may change roles only: roles.csv is read without users.
			if _, rerr := fs.Stat(src, RolesFile); rerr == nil {
				t, err = &table{name: UsersFile}, nil
			}
		}
		if err == errMissing {
			continue
		}
		fr.Present = step.file != UsersFile || fileExists(src, UsersFile)
		if err != nil {
			fr.Refused = append(fr.Refused, Refusal{File: step.file, Reason: err.Error()})
			fr.RolledBack = true
			im.undo(step.file, nil)
			continue
		}
		fr.Rows = len(t.rows)
		fr.Delta = im.deltaFile(t)
		if err := im.inTx(ctx, step.file, fr, func(c *ent.Client) error { return step.run(ctx, c, t, fr) }); err != nil {
			return report, err
		}
		if fr.RolledBack {
			im.undo(step.file, t)
		}
		if step.file == UsersFile {
			// roles.csv is read with users.csv, in its transaction; its
			// report follows.
			report.Files = append(report.Files, im.rolesReport)
		}
	}
	return report, nil
}

func fileExists(src fs.FS, name string) bool {
	_, err := fs.Stat(src, name)
	return err == nil
}

// ImportForAdmin imports an export sent as a zip by a school admin, into
// the request's transaction (each file a savepoint), limited to the
// schools the viewer administers (see Options.Schools). Someone who
// administers no school is FORBIDDEN; a file that is no zip export is
// BAD_USER_INPUT on file.
func ImportForAdmin(ctx context.Context, client *ent.Client, zipped []byte, skipBadRows bool) (*Report, error) {
	schools := rule.SchoolsWhere(viewer.FromContext(ctx), viewer.RoleAdmin)
	if len(schools) == 0 {
		return nil, apperr.New(apperr.Forbidden, "Only a school admin can import a OneRoster export.")
	}
	src, err := ReadZip(zipped)
	if err != nil {
		return nil, err
	}
	return Import(ctx, client, src, Options{SkipBadRows: skipBadRows, Schools: schools, InTransaction: true})
}

// inTx runs one file in one transaction, and undoes it when rows were
// refused (unless SkipBadRows) or the database failed.
func (im *importer) inTx(ctx context.Context, file string, fr *FileReport, run func(*ent.Client) error) error {
	tx, err := im.begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", file, err)
	}
	snapshot := im.snapshot()
	err = run(tx.client)
	refused := len(fr.Refused) > 0 || (file == UsersFile && im.rolesReport != nil && len(im.rolesReport.Refused) > 0)
	if err != nil || (refused && !im.opts.SkipBadRows) {
		if rerr := tx.rollback(); rerr != nil && err == nil {
			err = rerr
		}
		im.restore(snapshot)
		fr.rolledBack()
		if file == UsersFile && im.rolesReport != nil {
			im.rolesReport.rolledBack()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return nil
	}
	if err := tx.commit(); err != nil {
		im.restore(snapshot)
		return fmt.Errorf("%s: commit: %w", file, err)
	}
	return nil
}

// fileTx is one file's transaction: a transaction of its own, or a
// savepoint of the caller's.
type fileTx struct {
	client           *ent.Client
	commit, rollback func() error
}

// savepoint names are fixed: files run one after the other.
const savepoint = "oneroster_file"

func (im *importer) begin(ctx context.Context) (*fileTx, error) {
	if im.opts.InTransaction {
		exec := func(q string) error { _, err := im.client.ExecContext(ctx, q); return err }
		if err := exec("SAVEPOINT " + savepoint); err != nil {
			return nil, err
		}
		return &fileTx{client: im.client,
			commit:   func() error { return exec("RELEASE SAVEPOINT " + savepoint) },
			rollback: func() error { return exec("ROLLBACK TO SAVEPOINT " + savepoint) },
		}, nil
	}
	tx, err := im.client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &fileTx{client: tx.Client(), commit: tx.Commit, rollback: tx.Rollback}, nil
}

// rolledBack marks the file undone: nothing of it counts.
func (f *FileReport) rolledBack() {
	f.RolledBack = true
	f.Created, f.Updated, f.Unchanged, f.Ignored = 0, 0, 0, 0
}

// refuse records a refused row.
func refuse(fr *FileReport, r row, format string, args ...any) {
	fr.Refused = append(fr.Refused, Refusal{File: fr.File, Line: r.line, SourcedID: r.get("sourcedId"), Reason: fmt.Sprintf(format, args...)})
}

// deleted reports whether a row asks for its record to be deleted (status
// tobedeleted). In users.csv and roles.csv the person leaves, or the role
// ends (see leave); PLP deletes no record for it, and other files' such
// rows are ignored.
func deleted(r row) bool { return strings.EqualFold(r.get("status"), "tobedeleted") }

// duplicates refuses a row whose sourcedId an earlier row of the file had.
type duplicates map[string]int

func (d duplicates) seen(fr *FileReport, r row) bool {
	id := r.get("sourcedId")
	if line, ok := d[id]; ok {
		refuse(fr, r, "the sourcedId was already on line %d of this file", line)
		return true
	}
	d[id] = r.line
	return false
}

func (fr *FileReport) count(created, changed bool) {
	switch {
	case created:
		fr.Created++
	case changed:
		fr.Updated++
	default:
		fr.Unchanged++
	}
}

func (im *importer) progress(fr *FileReport, done int) {
	if im.opts.Progress != nil && (done%500 == 0 || done == fr.Rows) {
		im.opts.Progress(fr.File, done, fr.Rows)
	}
}
