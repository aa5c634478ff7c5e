package database_test

import (
	"context"
	"testing"

	"plp/internal/devtools/apitest"
)

// TestMigrateIsIdempotent applies the migrations to a migrated database:
// nothing runs, nothing is pending.
func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	db := apitest.NewDB(t)
	ctx := context.Background()
	n, err := db.Migrate(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second Migrate ran %d migrations, err %v; want 0, nil", n, err)
	}
	pending, err := db.Pending(ctx)
	if err != nil || pending != 0 {
		t.Fatalf("Pending = %d, %v; want 0", pending, err)
	}
}
