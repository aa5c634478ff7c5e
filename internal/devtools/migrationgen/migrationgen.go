// Package migrationgen writes PLP's versioned migrations from the ent
// schema (`go run ./cmd/plpdev migrate new NAME`) and re-hashes them after a
// migration written by hand (`plpdev migrate hash`). It links atlas's schema
// diff; the server only applies the files (database.Migrate, with goose), so
// this lives with the developer tools, out of the `plp` binary.
package migrationgen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"plp/ent/migrate"
	"plp/ent/migrate/migrations"
	"plp/internal/platform/database"
)

// Diff writes a new migration named name into dir when the ent schema
// differs from what dir's migrations build, and reports whether it did.
// devURL must name an empty scratch database of the dialect: the migrations
// are replayed there to learn the current state.
func Diff(ctx context.Context, dialectName string, dev *sql.DB, dir, name string) (bool, error) {
	gooseDir, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return false, fmt.Errorf("open migration dir %s: %w", dir, err)
	}
	before, err := gooseDir.Files()
	if err != nil {
		return false, err
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dialectName, dev),
		schema.WithDir(gooseDir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialectName),
		schema.WithFormatter(sqltool.GooseFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err == nil {
		err = m.NamedDiff(ctx, name, withJoinTableIndexes(migrate.Tables)...)
	}
	if err != nil && !errors.Is(err, atlasmigrate.ErrNoPlan) {
		return false, fmt.Errorf("diff %s schema: %w", dialectName, err)
	}
	after, err := gooseDir.Files()
	if err != nil {
		return false, err
	}
	return len(after) > len(before), nil
}

// withJoinTableIndexes gives each many-to-many join table an index on the
// second column of its primary key. ent keys a join table (a, b), which serves
// reads from a's side; a read from b's side (a goal's evidence is read through
// evidence_goals by goal_id) would otherwise scan the other table, once per
// batch, so a nightly run over a district grew with the square of its size.
// ent has no way to declare an index on a join table it generates, so the
// migrations add it here; the drift test goes through Diff and agrees.
func withJoinTableIndexes(tables []*schema.Table) []*schema.Table {
	for _, t := range tables {
		if !isJoinTable(t) {
			continue
		}
		second := t.PrimaryKey[1]
		name := t.Name + "_" + second.Name
		if _, ok := t.Index(name); ok {
			continue
		}
		// A literal, not AddIndex: ent's generated tables leave the column
		// map AddIndex looks in empty.
		t.Indexes = append(t.Indexes, &schema.Index{Name: name, Columns: []*schema.Column{second}})
	}
	return tables
}

// isJoinTable reports whether t is a join table ent generated for a
// many-to-many edge: two columns, both the primary key, both foreign keys.
func isJoinTable(t *schema.Table) bool {
	return len(t.Columns) == 2 && len(t.PrimaryKey) == 2 && len(t.ForeignKeys) == 2
}

// NewMigrations writes a migration named name for each dialect into
// dir/sqlite and dir/postgres, computed against scratch databases (SQLite in
// memory; a new database on the PostgreSQL server devURL names).
func NewMigrations(ctx context.Context, dir, devURL, name string, out io.Writer) error {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		dev, _, drop, err := database.ScratchDB(ctx, d, devURL)
		if err != nil {
			return err
		}
		changed, err := Diff(ctx, d, dev, filepath.Join(dir, migrations.Folder(d)), name)
		drop()
		if err != nil {
			return err
		}
		if changed {
			fmt.Fprintf(out, "%s: wrote migration %q\n", migrations.Folder(d), name)
		} else {
			fmt.Fprintf(out, "%s: schema and migrations agree; nothing written\n", migrations.Folder(d))
		}
	}
	return nil
}

// HashMigrations rewrites the atlas.sum of each dialect's folder under dir
// from the migrations there. `plpdev migrate new` keeps it current; a
// migration written by hand (a data migration) needs this after it, or the
// drift check refuses the folder.
func HashMigrations(dir string, out io.Writer) error {
	for _, d := range []string{dialect.SQLite, dialect.Postgres} {
		path := filepath.Join(dir, migrations.Folder(d))
		gooseDir, err := sqltool.NewGooseDir(path)
		if err != nil {
			return fmt.Errorf("open migration dir %s: %w", path, err)
		}
		sum, err := gooseDir.Checksum()
		if err != nil {
			return fmt.Errorf("hash %s: %w", path, err)
		}
		if err := atlasmigrate.WriteSumFile(gooseDir, sum); err != nil {
			return fmt.Errorf("write %s/atlas.sum: %w", path, err)
		}
		fmt.Fprintf(out, "%s: atlas.sum rewritten\n", migrations.Folder(d))
	}
	return nil
}
