package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/backup"
	"plp/internal/platform/database"
	"plp/internal/platform/storage"
	"plp/server"
)

// s3Server runs an S3 server (gofakes3, in memory) on loopback with the
// given buckets, puts test credentials in the AWS variables the S3 driver
// reads, and returns the bucket URL a server is given for each bucket.
func s3Server(t *testing.T, buckets ...string) []string {
	t.Helper()
	mem := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "plp-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "plp-test-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	var urls []string
	for _, b := range buckets {
		if err := mem.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, "s3://"+b+"?region=us-east-1&use_path_style=true&endpoint="+url.QueryEscape(srv.URL))
	}
	return urls
}

// twoHandles opens two database handles on one new database (PostgreSQL
// when the tests run on it, else one SQLite file), as two replicas have.
func twoHandles(t *testing.T) (*database.DB, *database.DB) {
	t.Helper()
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "plp.db")
	if pg := os.Getenv(apitest.DatabaseURLEnv); pg != "" {
		_, u, drop, err := database.ScratchDB(ctx, dialect.Postgres, pg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(drop)
		dbURL = u
	}
	open := func() *database.DB {
		db, err := database.Open(ctx, dbURL, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := open()
	if _, err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return a, open()
}

// TestS3StorageAcrossReplicas: two servers on one database, their files in
// one S3 bucket (a real S3 server on loopback). A file uploaded through one
// is downloaded byte-identical through the other, with the same privacy,
// Range and headers as from a directory; the bucket holds only the stored
// file; `plp backup` copies the bucket's files (restored into another
// bucket, byte for byte); and a deleted evidence's file is gone from the
// bucket.
func TestS3StorageAcrossReplicas(t *testing.T) {
	urls := s3Server(t, "plp", "plp-restored")
	bucket := urls[0]
	dbA, dbB := twoHandles(t)
	onS3 := func(c *server.Config) { c.StorageURL = bucket }
	a := apitest.NewServerOn(t, dbA, onS3)
	b := apitest.NewServerOn(t, dbB, onS3)
	w := apitest.NewWorld(t, dbA)
	home := w.Home
	id := createEvidence(t, a.As(t, home.StudentAccount), string(home.Student.ID), "Bridge model", "IMAGE", "FAMILY")
	data := testPNG(t, 64, 64, 7, true)
	up := mustUpload(t, a, a.As(t, home.StudentAccount), id, "bridge.png", data)
	if up.UploadEvidenceFile.Evidence.Sha256 != hexSHA(data) {
		t.Fatalf("uploaded sha256 %s, want %s", up.UploadEvidenceFile.Evidence.Sha256, hexSHA(data))
	}

	path := "/files/evidence/" + id
	family := b.As(t, home.Family)
	d := get(t, b, family.Token, path)
	if d.status != http.StatusOK || !bytes.Equal(d.body, data) {
		t.Fatalf("download through the other replica: status %d, %d bytes (sha256 %s), want the %d uploaded", d.status, len(d.body), hexSHA(d.body), len(data))
	}
	for h, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"} {
		if got := d.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, b.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+family.Token)
	req.Header.Set("Range", "bytes=100-199")
	resp, err := b.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(part, data[100:200]) {
		t.Errorf("Range bytes=100-199: status %d, %d bytes; want 206 and bytes 100-199", resp.StatusCode, len(part))
	}
	if d := get(t, b, b.As(t, w.Other.Family).Token, path); d.status != http.StatusNotFound {
		t.Errorf("another school's family: status %d, want 404", d.status)
	}

	ctx := context.Background()
	store := storage.OpenURL(bucket)
	defer store.Close()
	keys, err := store.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := keysOf(data); !slices.Equal(keys, want) {
		t.Errorf("the bucket holds %v, want %v", keys, want)
	}

	// plp backup copies the bucket's files (files only on PostgreSQL).
	var archive bytes.Buffer
	m, err := backup.Write(ctx, &archive, backup.Source{DB: dbB, Files: store, FilesOnly: dbB.Dialect == dialect.Postgres}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Files() != 1 || !slices.ContainsFunc(m.Entries, func(e backup.Entry) bool {
		return e.Name == backup.FilesPrefix+keysOf(data)[0] && e.SHA256 == hexSHA(data)
	}) {
		t.Errorf("the backup's manifest lists %+v, want the stored file", m.Entries)
	}
	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if err := os.WriteFile(file, archive.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	restored := storage.OpenURL(urls[1])
	defer restored.Close()
	if _, err := backup.Restore(ctx, file, backup.Target{DataDir: filepath.Join(t.TempDir(), "data"), Files: restored}); err != nil {
		t.Fatal(err)
	}
	rd, err := restored.Open(ctx, keysOf(data)[0])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rd)
	rd.Close()
	if !bytes.Equal(got, data) {
		t.Errorf("the restored bucket's copy has %d bytes (sha256 %s), want the uploaded", len(got), hexSHA(got))
	}

	// Deleted through the other replica, the file leaves the bucket.
	b.As(t, home.StudentAccount).MustDo(t, `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`, map[string]any{"id": id}, nil)
	if keys, err := store.Keys(ctx); err != nil || len(keys) != 0 {
		t.Errorf("after deleteEvidence the bucket holds %v (%v), want nothing", keys, err)
	}
	if d := get(t, a, a.As(t, home.Family).Token, path); d.status != http.StatusNotFound {
		t.Errorf("download of the deleted evidence: status %d, want 404", d.status)
	}
}
