// Package migrations embeds PLP's versioned schema migrations, one folder per
// dialect, in goose format. `plp migrate new NAME` writes new ones from the
// ent schema; a test fails when the two drift apart.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
