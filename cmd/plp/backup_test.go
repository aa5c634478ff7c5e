package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"plp/internal/platform/storage"
)

// TestBackupAndRestoreCommands: `plp backup --to FILE` of a data dir with a
// stored file, `plp restore FILE` into an empty one (the database and the
// file come back), and the refusals: a second restore into the now full
// directory, and a backup over an existing file.
func TestBackupAndRestoreCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, dst, archive := filepath.Join(dir, "src"), filepath.Join(dir, "dst"), filepath.Join(dir, "plp.tar.gz")
	if out, err := plpCommand(t, "migrate", "--data-dir", src).CombinedOutput(); err != nil {
		t.Fatalf("plp migrate: %v\n%s", err, out)
	}
	files := storage.OpenURL(storage.DirURL(filepath.Join(src, "files")))
	data := []byte("%PDF-1.4\n% a tiny document\n")
	stored, err := files.Put(context.Background(), bytes.NewReader(data), "a.pdf", storage.Limits{Types: []string{"application/pdf"}})
	files.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, err := plpCommand(t, "backup", "--data-dir", src, "--to", archive).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 stored file(s)") {
		t.Fatalf("plp backup: %v\n%s", err, out)
	}
	out, err = plpCommand(t, "restore", archive, "--data-dir", dst).CombinedOutput()
	if err != nil {
		t.Fatalf("plp restore: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dst, "plp.db")); err != nil || st.Size() == 0 {
		t.Errorf("restored database: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "files", filepath.FromSlash(stored.Key))); err != nil || !bytes.Equal(got, data) {
		t.Errorf("restored file %s: %v, %q", stored.Key, err, got)
	}
	// The restored directory serves: migrate finds nothing to do.
	if out, err := plpCommand(t, "migrate", "--data-dir", dst).CombinedOutput(); err != nil || !strings.Contains(string(out), "applied 0 migration(s)") {
		t.Errorf("plp migrate on the restored directory: %v\n%s", err, out)
	}

	out, err = plpCommand(t, "restore", archive, "--data-dir", dst).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "is not empty") {
		t.Errorf("restore into a full directory: %v\n%s", err, out)
	}
	out, err = plpCommand(t, "backup", "--data-dir", filepath.Join(dir, "typo"), "--to", filepath.Join(dir, "typo.tar.gz")).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "no database in the data directory") {
		t.Errorf("backup of a data dir with no database: %v\n%s", err, out)
	}
	out, err = plpCommand(t, "backup", "--data-dir", src, "--to", archive).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "exists") {
		t.Errorf("backup over an existing file: %v\n%s", err, out)
	}
}

// TestBackupCopiesTheS3Bucket: `plp backup --storage-url s3://...` copies
// the files of an S3 bucket (a real S3 server on loopback, credentials in
// the AWS variables), and `plp restore` puts them into a directory store.
func TestBackupCopiesTheS3Bucket(t *testing.T) {
	mem := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	defer srv.Close()
	if err := mem.CreateBucket("plp"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "plp-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "plp-test-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	bucket := "s3://plp?region=us-east-1&use_path_style=true&endpoint=" + url.QueryEscape(srv.URL)

	dir := t.TempDir()
	src, dst, archive := filepath.Join(dir, "src"), filepath.Join(dir, "dst"), filepath.Join(dir, "plp.tar.gz")
	if out, err := plpCommand(t, "migrate", "--data-dir", src).CombinedOutput(); err != nil {
		t.Fatalf("plp migrate: %v\n%s", err, out)
	}
	files := storage.OpenURL(bucket)
	data := []byte("%PDF-1.4\n% kept in S3\n")
	stored, err := files.Put(context.Background(), bytes.NewReader(data), "a.pdf", storage.Limits{Types: []string{"application/pdf"}})
	files.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := plpCommand(t, "backup", "--data-dir", src, "--storage-url", bucket, "--to", archive).CombinedOutput(); err != nil || !strings.Contains(string(out), "1 stored file(s)") {
		t.Fatalf("plp backup: %v\n%s", err, out)
	}
	if out, err := plpCommand(t, "restore", archive, "--data-dir", dst).CombinedOutput(); err != nil {
		t.Fatalf("plp restore: %v\n%s", err, out)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "files", filepath.FromSlash(stored.Key))); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the bucket's file restored: %v, %q", err, got)
	}
}
