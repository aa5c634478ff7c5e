package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"plp/internal/devtools/apitest"
	"plp/internal/platform/database"
	"plp/internal/platform/storage"
)

// TestS3FilesAcrossServerProcesses: two `plp serve` processes on one
// PostgreSQL database keep their files in one S3 bucket (a real S3 server,
// gofakes3, on loopback). A photo uploaded through one process downloads
// byte-identical through the other, ranges included; deleting the evidence
// through the other process removes the file from the bucket.
func TestS3FilesAcrossServerProcesses(t *testing.T) {
	pg := os.Getenv(apitest.DatabaseURLEnv)
	if pg == "" {
		t.Skip("replicas share a PostgreSQL database: set " + apitest.DatabaseURLEnv)
	}
	ctx := context.Background()
	mem := s3mem.New()
	s3 := httptest.NewServer(gofakes3.New(mem).Server())
	t.Cleanup(s3.Close)
	if err := mem.CreateBucket("plp"); err != nil {
		t.Fatal(err)
	}
	// The processes inherit these: the usual AWS variables, nothing else.
	t.Setenv("AWS_ACCESS_KEY_ID", "plp-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "plp-test-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	bucket := "s3://plp?region=us-east-1&use_path_style=true&endpoint=" + url.QueryEscape(s3.URL)

	_, dbURL, drop, err := database.ScratchDB(ctx, dialect.Postgres, pg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	db, err := database.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := apitest.NewWorld(t, db)

	start := func() *apitest.Server {
		addr := freeAddr(t)
		cmd := plpCommand(t, "serve", "--database-url", dbURL, "--addr", addr, "--storage-url", bucket)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
		})
		waitUntil(t, 60*time.Second, "replica "+addr+" to answer", func() bool {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err == nil {
				resp.Body.Close()
			}
			return err == nil && resp.StatusCode == http.StatusOK
		})
		return &apitest.Server{URL: "http://" + addr, DB: db, HTTP: &http.Client{Timeout: 30 * time.Second}}
	}
	a, b := start(), start()
	home := w.Home
	student := a.As(t, home.StudentAccount)
	var created struct {
		CreateEvidence struct{ Evidence struct{ ID string } }
	}
	student.MustDo(t, `mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id } } }`,
		map[string]any{"in": map[string]any{"studentID": home.Student.ID, "title": "Bridge model", "kind": "IMAGE", "visibility": "FAMILY", "occurredOn": "2026-11-01T00:00:00Z"}}, &created)
	id := created.CreateEvidence.Evidence.ID
	photo := noisyPNG(t, 96, 64)
	if r := student.Send(t, uploadRequest(t, a.URL, id, photo)); len(r.Errors) > 0 {
		t.Fatalf("upload through the first process: %+v", r.Errors)
	}

	family := b.As(t, home.Family)
	download := func(rangeHeader string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, b.URL+"/files/evidence/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+family.Token)
		if rangeHeader != "" {
			req.Header.Set("Range", rangeHeader)
		}
		resp, err := b.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	if status, body := download(""); status != http.StatusOK || !bytes.Equal(body, photo) {
		t.Fatalf("download through the second process: status %d, %d bytes, want the %d uploaded", status, len(body), len(photo))
	}
	if status, body := download("bytes=10-59"); status != http.StatusPartialContent || !bytes.Equal(body, photo[10:60]) {
		t.Fatalf("range through the second process: status %d, %d bytes, want 206 and bytes 10-59", status, len(body))
	}

	store := storage.OpenURL(bucket)
	defer store.Close()
	if keys, err := store.Keys(ctx); err != nil || len(keys) != 1 {
		t.Fatalf("the bucket holds %v (%v), want the one photo", keys, err)
	}
	b.As(t, home.StudentAccount).MustDo(t, `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`, map[string]any{"id": id}, nil)
	if keys, err := store.Keys(ctx); err != nil || len(keys) != 0 {
		t.Fatalf("after deleteEvidence through the second process the bucket holds %v (%v), want nothing", keys, err)
	}
}

// uploadRequest is uploadEvidenceFile as a GraphQL multipart request.
func uploadRequest(t *testing.T, base, evidenceID string, data []byte) *http.Request {
	t.Helper()
	ops, err := json.Marshal(map[string]any{
		"query":     `mutation($id: ID!, $file: Upload!) { uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id } } }`,
		"variables": map[string]any{"id": evidenceID, "file": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", "bridge.png")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/query", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	return req
}

// noisyPNG is a PNG of random pixels (so it does not compress to a few bytes).
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rnd := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(rnd.IntN(256)), uint8(rnd.IntN(256)), uint8(rnd.IntN(256)), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
