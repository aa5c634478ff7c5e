package database

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestStmtCacheEvictsUnderConcurrentUse runs more distinct statements than
// the cache holds, from several goroutines, reading their rows slowly
// enough that evictions happen while statements are in use: every query
// must still succeed and return its own rows, and the cache must stay
// within its bound.
func TestStmtCacheEvictsUnderConcurrentUse(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(4)
	if _, err := db.Exec("CREATE TABLE t (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	for n := range 10 {
		if _, err := db.Exec("INSERT INTO t (n) VALUES (?)", n); err != nil {
			t.Fatal(err)
		}
	}
	const size = 3
	drv := newCachedDriver(db, size)
	cache := drv.cache
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				k := (g + i) % 7 // seven texts for a cache of three
				rows, err := cache.QueryContext(ctx, fmt.Sprintf("SELECT n, %d FROM t WHERE n >= ? ORDER BY n", k), 5)
				if err != nil {
					errs <- err
					return
				}
				var got []int
				for rows.Next() {
					var n, kk int
					if err := rows.Scan(&n, &kk); err != nil || kk != k {
						errs <- fmt.Errorf("scan: %v (k %d, want %d)", err, kk, k)
					}
					got = append(got, n)
				}
				rows.Close()
				if err := rows.Err(); err != nil || len(got) != 5 {
					errs <- fmt.Errorf("%d rows, %v; want 5", len(got), err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := cache.lru.Len(); n > size {
		t.Errorf("cache holds %d statements, bound %d", n, size)
	}

	if _, err := drv.Tx(ctx); err == nil {
		t.Error("the read pool began a transaction")
	}
	if err := drv.Close(); err != nil {
		t.Fatal(err)
	}
}
