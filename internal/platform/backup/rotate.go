package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Scheduled backups are named by their time, so that names sort as times.
const (
	scheduledPrefix = "plp-backup-"
	scheduledSuffix = ".tar.gz"
	stampLayout     = "20060102T150405Z"
)

// Scheduled writes a backup of src into dir, named by now, and then deletes
// the oldest scheduled backups there beyond keep (at least the new one is
// kept). Files in dir that it did not name are left alone. It returns the
// new archive's path and how many old ones it deleted.
func Scheduled(ctx context.Context, src Source, dir string, keep int, now time.Time) (string, Manifest, int, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", Manifest{}, 0, fmt.Errorf("backup: %w", err)
	}
	path := filepath.Join(dir, scheduledPrefix+now.UTC().Format(stampLayout)+scheduledSuffix)
	m, err := WriteFile(ctx, path, src, now)
	if err != nil {
		return "", m, 0, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return path, m, 0, fmt.Errorf("backup: %w", err)
	}
	var names []string
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), scheduledPrefix)
		if stamp, ok2 := strings.CutSuffix(stamp, scheduledSuffix); ok && ok2 && !e.IsDir() {
			if _, err := time.Parse(stampLayout, stamp); err == nil {
				names = append(names, e.Name())
			}
		}
	}
	slices.Sort(names)
	removed := 0
	for len(names) > max(keep, 1) {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return path, m, removed, fmt.Errorf("backup: delete old backup: %w", err)
		}
		names = names[1:]
		removed++
	}
	return path, m, removed, nil
}

// Latest returns the time of the newest scheduled backup in dir; false if
// there is none.
func Latest(dir string) (time.Time, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return time.Time{}, false
	}
	var newest time.Time
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), scheduledPrefix)
		stamp, ok2 := strings.CutSuffix(stamp, scheduledSuffix)
		if !ok || !ok2 || e.IsDir() {
			continue
		}
		if t, err := time.Parse(stampLayout, stamp); err == nil && t.After(newest) {
			newest = t
		}
	}
	return newest, !newest.IsZero()
}
