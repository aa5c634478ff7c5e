// Package backup writes and restores PLP's backups: one tar.gz archive
// holding a consistent copy of the SQLite database (VACUUM INTO, taken
// while the server runs), every stored file of the file store, and, last, a
// manifest with the migration version and the SHA-256 of every entry.
// On PostgreSQL the database is dumped with pg_dump (README) and a backup
// holds the stored files only.
//
// Consistency: stored files are written once and never changed (their key
// is their hash), and a row refers to a file only after the file is
// stored. So the files are copied, then the database is snapshotted, then
// the files stored meanwhile are copied: every file a row of the snapshot
// refers to is in the archive, unless it was uploaded in the moments
// between the first listing and the snapshot and deleted again before the
// second listing.
//
// Restore reads the archive twice: first it checks every entry against the
// manifest, and refuses a tampered or truncated archive before writing
// anything; then it writes the database into an empty data directory and
// the files into an empty bucket.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"gocloud.dev/blob"

	"plp/internal/platform/database"
	"plp/internal/platform/storage"
)

// Format is the version of the archive's layout, in the manifest.
const Format = 1

// Names of the archive's entries.
const (
	ManifestName = "manifest.json"
	DatabaseName = "db/plp.db"
	FilesPrefix  = "files/"
)

// Manifest describes an archive; it is its last entry.
type Manifest struct {
	Format           int       `json:"format"`
	CreatedAt        time.Time `json:"createdAt"`
	Dialect          string    `json:"dialect"`
	MigrationVersion int64     `json:"migrationVersion"`
	// FilesOnly archives hold no database (PostgreSQL: see pg_dump).
	FilesOnly bool    `json:"filesOnly"`
	Entries   []Entry `json:"entries"`
}

// Entry is one file of the archive.
type Entry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Files counts the stored files in the archive.
func (m Manifest) Files() int {
	n := 0
	for _, e := range m.Entries {
		if strings.HasPrefix(e.Name, FilesPrefix) {
			n++
		}
	}
	return n
}

// Source is what a backup copies.
type Source struct {
	DB    *database.DB
	Files *storage.Store
	// FilesOnly leaves the database out; on PostgreSQL it must be set.
	FilesOnly bool
}

// Write writes an archive of src to w, stamped now.
func Write(ctx context.Context, w io.Writer, src Source, now time.Time) (Manifest, error) {
	m := Manifest{Format: Format, CreatedAt: now.UTC(), Dialect: src.DB.Dialect, FilesOnly: src.FilesOnly}
	if src.DB.Dialect != dialect.SQLite && !src.FilesOnly {
		return m, errors.New("backup: a PostgreSQL database is backed up with pg_dump (see the README); use --files-only for the stored files")
	}
	v, err := src.DB.Version(ctx)
	if err != nil {
		return m, err
	}
	m.MigrationVersion = v
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	bucket, err := src.Files.Bucket(ctx)
	if err != nil {
		return m, err
	}
	copied := map[string]bool{}
	if err := copyFiles(ctx, tw, bucket, copied, &m); err != nil {
		return m, err
	}
	if !src.FilesOnly {
		if err := copyDatabase(ctx, tw, src.DB, &m); err != nil {
			return m, err
		}
		// What was stored while the snapshot was taken.
		if err := copyFiles(ctx, tw, bucket, copied, &m); err != nil {
			return m, err
		}
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(body)), ModTime: m.CreatedAt}); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	if _, err := tw.Write(body); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	if err := tw.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	if err := gz.Close(); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// WriteFile writes an archive of src to path, through a temporary file
// beside it, so that path is either a whole archive or absent.
func WriteFile(ctx context.Context, path string, src Source, now time.Time) (Manifest, error) {
	if _, err := os.Stat(path); err == nil {
		return Manifest{}, fmt.Errorf("backup: %s exists; choose a new file name", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing
	m, err := Write(ctx, tmp, src, now)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// copyFiles adds to tw every stored file of the bucket not yet copied. A
// file deleted since it was listed is skipped: no row refers to it.
func copyFiles(ctx context.Context, tw *tar.Writer, b *blob.Bucket, copied map[string]bool, m *Manifest) error {
	var keys []string
	it := b.List(&blob.ListOptions{Prefix: storage.KeyPrefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("backup: list stored files: %w", err)
		}
		if !obj.IsDir && !copied[obj.Key] {
			keys = append(keys, obj.Key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		rd, err := b.NewReader(ctx, key, nil)
		if err != nil {
			if exists, _ := b.Exists(ctx, key); !exists {
				continue
			}
			return fmt.Errorf("backup: read stored file %s: %w", key, err)
		}
		err = addEntry(tw, FilesPrefix+key, rd.Size(), rd.ModTime(), rd, m)
		rd.Close()
		if err != nil {
			return err
		}
		copied[key] = true
	}
	return nil
}

// copyDatabase snapshots the SQLite database with VACUUM INTO, on a
// connection of its own: under WAL it reads one consistent state and does
// not hold up the server's writer.
func copyDatabase(ctx context.Context, tw *tar.Writer, db *database.DB, m *Manifest) error {
	dir, err := os.MkdirTemp("", "plp-backup-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(dir)
	snap := filepath.Join(dir, "plp.db")
	if err := database.SnapshotSQLite(ctx, db, snap); err != nil {
		return err
	}
	f, err := os.Open(snap)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return addEntry(tw, DatabaseName, st.Size(), m.CreatedAt, f, m)
}

func addEntry(tw *tar.Writer, name string, size int64, mod time.Time, r io.Reader, m *Manifest) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: mod}); err != nil {
		return fmt.Errorf("backup: %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(tw, io.TeeReader(r, h))
	if err != nil {
		return fmt.Errorf("backup: copy %s: %w", name, err)
	}
	if n != size {
		return fmt.Errorf("backup: %s changed while it was copied (%d bytes, expected %d)", name, n, size)
	}
	m.Entries = append(m.Entries, Entry{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// Verify reads the archive at path and checks every entry against the
// manifest: same names, sizes and SHA-256. It returns the manifest, or an
// error that says what is wrong.
func Verify(path string) (Manifest, error) {
	var m Manifest
	seen := map[string]Entry{}
	var manifest []byte
	err := walk(path, func(hdr *tar.Header, r io.Reader) error {
		if hdr.Name == ManifestName {
			b, err := io.ReadAll(io.LimitReader(r, 64<<20))
			manifest = b
			return err
		}
		if manifest != nil {
			return fmt.Errorf("entry %s follows the manifest", hdr.Name)
		}
		h := sha256.New()
		n, err := io.Copy(h, r)
		if err != nil {
			return err
		}
		if _, dup := seen[hdr.Name]; dup {
			return fmt.Errorf("entry %s appears twice", hdr.Name)
		}
		seen[hdr.Name] = Entry{Name: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		return nil
	})
	if err != nil {
		return m, err
	}
	if manifest == nil {
		return m, fmt.Errorf("%s is not a whole PLP backup: it has no manifest (cut short?)", path)
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("%s: the manifest cannot be read: %v", path, err)
	}
	if m.Format != Format {
		return m, fmt.Errorf("%s: backup format %d; this plp reads format %d", path, m.Format, Format)
	}
	var problems []string
	for _, e := range m.Entries {
		got, ok := seen[e.Name]
		switch {
		case !ok:
			problems = append(problems, e.Name+" is missing")
		case got.Size != e.Size || got.SHA256 != e.SHA256:
			problems = append(problems, fmt.Sprintf("%s does not match its checksum (sha256 %s, manifest says %s)", e.Name, got.SHA256, e.SHA256))
		}
		delete(seen, e.Name)
	}
	for name := range seen {
		problems = append(problems, name+" is not in the manifest")
	}
	if !m.FilesOnly && !slices.ContainsFunc(m.Entries, func(e Entry) bool { return e.Name == DatabaseName }) {
		problems = append(problems, "the database is missing")
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return m, fmt.Errorf("%s has been altered or damaged; nothing was restored: %s", path, strings.Join(problems, "; "))
	}
	return m, nil
}

// walk calls fn for each regular entry of the tar.gz archive at path.
func walk(path string, fn func(*tar.Header, io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s is not a PLP backup (a tar.gz archive): %v", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s is damaged and cannot be read: %v", path, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("%s: unexpected entry %s", path, hdr.Name)
		}
		if err := fn(hdr, tr); err != nil {
			if strings.HasPrefix(err.Error(), path) {
				return err
			}
			return fmt.Errorf("%s is damaged and cannot be read: %v", path, err)
		}
	}
}

// Target is where Restore writes: the data directory for the SQLite file,
// and the file store.
type Target struct {
	DataDir string
	Files   *storage.Store
}

// Restore checks the archive at path (Verify), then writes its database to
// DataDir/plp.db and its files into the store. It refuses a data directory
// that holds anything (when the archive has a database) and a store that
// holds any file: a restore never mixes with other data.
func Restore(ctx context.Context, path string, to Target) (Manifest, error) {
	m, err := Verify(path)
	if err != nil {
		return m, err
	}
	if !m.FilesOnly {
		entries, err := os.ReadDir(to.DataDir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return m, err
		}
		if len(entries) > 0 {
			names := []string{}
			for _, e := range entries[:min(3, len(entries))] {
				names = append(names, e.Name())
			}
			return m, fmt.Errorf("the data directory %s is not empty (it holds %s): restore into a new, empty directory", to.DataDir, strings.Join(names, ", "))
		}
		if err := os.MkdirAll(to.DataDir, 0o750); err != nil {
			return m, err
		}
	}
	bucket, err := to.Files.Bucket(ctx)
	if err != nil {
		return m, err
	}
	it := bucket.List(nil)
	if obj, err := it.Next(ctx); err == nil {
		return m, fmt.Errorf("the file store already holds files (%s): restore into an empty one", obj.Key)
	} else if !errors.Is(err, io.EOF) {
		return m, fmt.Errorf("list the file store: %w", err)
	}
	sums := map[string]string{}
	for _, e := range m.Entries {
		sums[e.Name] = e.SHA256
	}
	err = walk(path, func(hdr *tar.Header, r io.Reader) error {
		switch {
		case hdr.Name == DatabaseName:
			return restoreDatabase(filepath.Join(to.DataDir, "plp.db"), r, sums[hdr.Name])
		case strings.HasPrefix(hdr.Name, FilesPrefix):
			return restoreFile(ctx, bucket, strings.TrimPrefix(hdr.Name, FilesPrefix), r, sums[hdr.Name])
		}
		return nil
	})
	return m, err
}

func restoreDatabase(path string, r io.Reader, sum string) error {
	tmp := path + ".restoring"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(f, io.TeeReader(r, h))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && hex.EncodeToString(h.Sum(nil)) != sum {
		err = errors.New("the database changed between the check and the restore")
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

func restoreFile(ctx context.Context, b *blob.Bucket, key string, r io.Reader, sum string) error {
	if !strings.HasPrefix(key, storage.KeyPrefix) || strings.Contains(key, "..") {
		return fmt.Errorf("unexpected file %s", key)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := b.NewWriter(wctx, key, nil)
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(w, io.TeeReader(r, h)); err != nil {
		cancel()
		_ = w.Close()
		return fmt.Errorf("restore %s: %w", key, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		cancel()
		_ = w.Close()
		return fmt.Errorf("%s changed between the check and the restore", key)
	}
	return w.Close()
}
