// Package migrations embeds PLP's versioned schema migrations, one folder per
// dialect, in goose format. `go run ./cmd/plpdev migrate new NAME` writes new
// ones from the ent schema; a test fails when the two drift apart.
package migrations

import (
	"embed"

	"entgo.io/ent/dialect"
)

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS

// Folder is the folder of FS (and of ent/migrate/migrations) that holds the
// migrations of a dialect.
func Folder(dialectName string) string {
	if dialectName == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}
