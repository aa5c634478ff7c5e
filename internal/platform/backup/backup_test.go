package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"plp/ent/evidence"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/backup"
	"plp/internal/platform/database"
	"plp/internal/platform/storage"
	"plp/internal/platform/viewer"
	"plp/server"
)

// pngOf is a small PNG whose pixels spell n, so each n is a new file.
func pngOf(t testing.TB, n int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range 16 {
		img.Set(i%4, i/4, color.RGBA{uint8(n >> (i % 3 * 8)), uint8(i), uint8(n), 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func hexSHA(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// addEvidenceWithFile creates an evidence and uploads data to it, through
// the API; it returns the evidence ID, or an error the server answered.
func addEvidenceWithFile(t testing.TB, s *apitest.Server, c *apitest.Client, studentID string, n int, data []byte) string {
	t.Helper()
	var out struct {
		CreateEvidence struct{ Evidence struct{ ID string } }
	}
	c.MustDo(t, `mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id } } }`, map[string]any{"in": map[string]any{
		"studentID": studentID, "title": "Photo", "kind": "IMAGE", "visibility": "FAMILY", "occurredOn": "2026-11-01T00:00:00Z"}}, &out)
	id := out.CreateEvidence.Evidence.ID
	ops, _ := json.Marshal(map[string]any{
		"query":     `mutation($id: ID!, $file: Upload!) { uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id } } }`,
		"variables": map[string]any{"id": id, "file": nil}})
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", "photo.png")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/query", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	if r := c.Send(t, req); len(r.Errors) > 0 {
		t.Errorf("upload %d: %+v", n, r.Errors)
		return ""
	}
	return id
}

type committed struct {
	id  string
	sum string
}

// TestBackupDuringWritesRestoresEveryCommittedRowAndFile: a server on the
// SQLite default (data dir with plp.db and files/) takes a stream of
// evidence uploads; a backup is taken in the middle of it through a
// connection of its own, as `plp backup` does. The restore into an empty
// directory holds every evidence committed before the backup began, with
// its file byte for byte, and every file any restored row refers to.
func TestBackupDuringWritesRestoresEveryCommittedRowAndFile(t *testing.T) {
	if apitest.Dialect() != dialect.SQLite {
		t.Skip("a PostgreSQL database is backed up with pg_dump; its files: TestFilesOnlyBackup")
	}
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	db, err := database.Open(ctx, "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	filesURL := storage.DirURL(filepath.Join(dataDir, "files"))
	s := apitest.NewServerOn(t, db, func(c *server.Config) { c.StorageURL = filesURL; c.DataDir = dataDir })
	w := apitest.NewWorld(t, db)
	student := s.As(t, w.Home.StudentAccount)
	studentID := string(w.Home.Student.ID)

	var (
		mu    sync.Mutex
		done  []committed
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		count int
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			data := pngOf(t, n)
			if id := addEvidenceWithFile(t, s, student, studentID, n, data); id != "" {
				mu.Lock()
				done = append(done, committed{id, hexSHA(data)})
				count++
				mu.Unlock()
			}
		}
	}()
	waitFor := func(n int) {
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			c := count
			mu.Unlock()
			if c >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d uploads in a minute", c)
			}
		}
	}
	waitFor(10)

	// The backup command's own handles on the running server's data.
	bdb, err := database.Open(ctx, "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	files := storage.OpenURL(filesURL)
	defer files.Close()
	mu.Lock()
	before := append([]committed(nil), done...)
	mu.Unlock()
	archive := filepath.Join(t.TempDir(), "plp.tar.gz")
	m, err := backup.WriteFile(ctx, archive, backup.Source{DB: bdb, Files: files}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	during := count - len(before)
	mu.Unlock()
	waitFor(count + 5) // the writes go on after it
	close(stop)
	wg.Wait()
	t.Logf("%d uploads before the backup, %d while it ran; archive: %d files", len(before), during, m.Files())
	if want, _ := db.Version(ctx); m.MigrationVersion != want || want == 0 {
		t.Errorf("manifest migration version %d, want %d", m.MigrationVersion, want)
	}

	// Restore into an empty directory, and look.
	restored := filepath.Join(t.TempDir(), "restored")
	rfiles := storage.OpenURL(storage.DirURL(filepath.Join(restored, "files")))
	defer rfiles.Close()
	if _, err := backup.Restore(ctx, archive, backup.Target{DataDir: restored, Files: rfiles}); err != nil {
		t.Fatal(err)
	}
	rdb, err := database.Open(ctx, "", restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	sys := viewer.SystemContext(ctx)
	rows, err := rdb.Client.Evidence.Query().Where(evidence.BlobKeyNEQ("")).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, ev := range rows {
		sums[string(ev.ID)] = ev.Sha256
		rd, err := rfiles.Open(ctx, ev.BlobKey)
		if err != nil {
			t.Errorf("restored evidence %s refers to %s, which the restored store lacks: %v", ev.ID, ev.BlobKey, err)
			continue
		}
		body, _ := io.ReadAll(rd)
		rd.Close()
		if hexSHA(body) != ev.Sha256 {
			t.Errorf("restored file of %s has sha256 %s, want %s", ev.ID, hexSHA(body), ev.Sha256)
		}
	}
	for _, c := range before {
		if got, ok := sums[c.id]; !ok || got != c.sum {
			t.Errorf("evidence %s committed before the backup: restored %v (sha256 %q), want sha256 %s", c.id, ok, got, c.sum)
		}
	}
	if len(rows) < len(before) {
		t.Errorf("restored %d evidence with files, fewer than the %d committed before the backup", len(rows), len(before))
	}

	// A second restore into the now non-empty directory is refused.
	if _, err := backup.Restore(ctx, archive, backup.Target{DataDir: restored, Files: rfiles}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore into a non-empty directory: %v, want a refusal", err)
	}
}

// TestRestoreRefusesATamperedArchive: one byte changed inside an entry (the
// archive rewritten so that it still reads as tar.gz), an entry removed,
// and a truncated file are each refused with a message that says so, and
// leave the target empty.
func TestRestoreRefusesATamperedArchive(t *testing.T) {
	if apitest.Dialect() != dialect.SQLite {
		t.Skip("SQLite backups")
	}
	ctx := context.Background()
	dataDir := filepath.Join(t.TempDir(), "data")
	db, err := database.Open(ctx, "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	files := storage.OpenURL(storage.DirURL(filepath.Join(dataDir, "files")))
	defer files.Close()
	stored, err := files.Put(ctx, bytes.NewReader(pngOf(t, 1)), "a.png", storage.Limits{Types: []string{"image/png"}})
	if err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(t.TempDir(), "good.tar.gz")
	if _, err := backup.WriteFile(ctx, archive, backup.Source{DB: db, Files: files}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Verify(archive); err != nil {
		t.Fatalf("the untouched archive: %v", err)
	}

	rewrite := func(name string, change func(hdr *tar.Header, body []byte) ([]byte, bool)) string {
		t.Helper()
		raw, _ := os.ReadFile(archive)
		gz, _ := gzip.NewReader(bytes.NewReader(raw))
		tr := tar.NewReader(gz)
		var out bytes.Buffer
		gw := gzip.NewWriter(&out)
		tw := tar.NewWriter(gw)
		for {
			hdr, err := tr.Next()
			if err == io.EOF {
				break
			}
			body, _ := io.ReadAll(tr)
			body, keep := change(hdr, body)
			if !keep {
				continue
			}
			hdr.Size = int64(len(body))
			_ = tw.WriteHeader(hdr)
			_, _ = tw.Write(body)
		}
		tw.Close()
		gw.Close()
		p := filepath.Join(t.TempDir(), name)
		_ = os.WriteFile(p, out.Bytes(), 0o600)
		return p
	}
	fileEntry := backup.FilesPrefix + stored.Key
	flipped := rewrite("flipped.tar.gz", func(hdr *tar.Header, body []byte) ([]byte, bool) {
		if hdr.Name == fileEntry {
			body[len(body)/2] ^= 1
		}
		return body, true
	})
	dbFlipped := rewrite("db.tar.gz", func(hdr *tar.Header, body []byte) ([]byte, bool) {
		if hdr.Name == backup.DatabaseName {
			body[200] ^= 0xff
		}
		return body, true
	})
	dropped := rewrite("dropped.tar.gz", func(hdr *tar.Header, body []byte) ([]byte, bool) {
		return body, hdr.Name != fileEntry
	})
	raw, _ := os.ReadFile(archive)
	truncated := filepath.Join(t.TempDir(), "cut.tar.gz")
	_ = os.WriteFile(truncated, raw[:len(raw)/2], 0o600)

	for _, c := range []struct{ path, want string }{
		{flipped, fileEntry + " does not match its checksum"},
		{dbFlipped, backup.DatabaseName + " does not match its checksum"},
		{dropped, fileEntry + " is missing"},
		{truncated, "damaged"},
	} {
		target := filepath.Join(t.TempDir(), "restore")
		rfiles := storage.OpenURL(storage.DirURL(filepath.Join(target, "files")))
		_, err := backup.Restore(ctx, c.path, backup.Target{DataDir: target, Files: rfiles})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: restore answered %v, want an error with %q", filepath.Base(c.path), err, c.want)
		}
		if entries, _ := os.ReadDir(target); len(entries) > 0 {
			t.Errorf("%s: a refused restore left %d entries in the target", filepath.Base(c.path), len(entries))
		}
		rfiles.Close()
	}
}
