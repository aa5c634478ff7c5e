package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/platform/storage"
	"plp/internal/platform/viewer"
	"plp/server"
)

// fileServer starts a test server whose files go to a directory of the
// test's own, and returns it with that directory.
func fileServer(t *testing.T, opts ...apitest.Option) (*apitest.Server, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "files")
	opts = append([]apitest.Option{func(c *server.Config) { c.StorageURL = storage.DirURL(dir) }}, opts...)
	return apitest.NewServer(t, opts...), dir
}

// testPNG is a w×h PNG; seed varies its pixels (noise makes it large).
func testPNG(t testing.TB, w, h int, seed uint64, noise bool) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			c := color.RGBA{uint8(x + int(seed)), uint8(y * 3), uint8(seed * 17), 255}
			if noise {
				c = color.RGBA{uint8(rng.UintN(256)), uint8(rng.UintN(256)), uint8(rng.UintN(256)), 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func hexSHA(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

const uploadMutation = `mutation($id: ID!, $file: Upload!) {
  uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id contentType size sha256 } }
}`

type uploadedEvidence struct {
	UploadEvidenceFile struct {
		Evidence struct {
			ID          string
			ContentType string
			Size        int64
			Sha256      string
		}
	}
}

// multipartUpload is a request of the GraphQL multipart request spec:
// operations (with variables.file null), map, and the file as part "0".
func multipartUpload(t testing.TB, url, query string, vars map[string]any, name string, data []byte) (*http.Request, []byte) {
	t.Helper()
	vars = maps(vars)
	vars["file"] = nil
	ops, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url+"/query", bytes.NewReader(b.Bytes()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	return req, b.Bytes()
}

func maps(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func upload(t testing.TB, s *apitest.Server, c *apitest.Client, evidenceID, name string, data []byte) *apitest.Response {
	t.Helper()
	req, _ := multipartUpload(t, s.URL, uploadMutation, map[string]any{"id": evidenceID}, name, data)
	return c.Send(t, req)
}

func mustUpload(t testing.TB, s *apitest.Server, c *apitest.Client, evidenceID, name string, data []byte) uploadedEvidence {
	t.Helper()
	r := upload(t, s, c, evidenceID, name, data)
	if len(r.Errors) > 0 {
		t.Fatalf("upload %s: status %d, errors %+v", name, r.Status, r.Errors)
	}
	var out uploadedEvidence
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.Data)
	}
	return out
}

type fileDownload struct {
	status int
	header http.Header
	body   []byte
}

func get(t testing.TB, s *apitest.Server, token, path string) fileDownload {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fileDownload{resp.StatusCode, resp.Header, body}
}

// refusalCode is extensions.code of a JSON refusal.
func refusalCode(t testing.TB, d fileDownload) string {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(d.body, &body); err != nil || len(body.Errors) != 1 {
		t.Fatalf("refusal is not one JSON error (status %d): %s", d.status, d.body)
	}
	return body.Errors[0].Extensions.Code
}

func createEvidence(t testing.TB, c *apitest.Client, studentID, title, kind, visibility string) string {
	t.Helper()
	in := map[string]any{"studentID": studentID, "title": title, "kind": kind, "visibility": visibility, "occurredOn": "2026-11-01T00:00:00Z"}
	if kind == "LINK" {
		in["url"] = "https://example.org/project"
	}
	var out struct {
		CreateEvidence struct{ Evidence struct{ ID string } }
	}
	c.MustDo(t, `mutation($in: CreateEvidenceInput!) { createEvidence(input: $in) { evidence { id } } }`, map[string]any{"in": in}, &out)
	return out.CreateEvidence.Evidence.ID
}

// blobs lists what the storage directory holds: every key, after checking
// that each file in it is a stored file (or its attributes), so nothing
// half-written or temporary is left beside them.
func blobs(t testing.TB, dir string) []string {
	t.Helper()
	var keys []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".attrs") {
			return nil
		}
		if !strings.HasPrefix(rel, storage.KeyPrefix) || len(rel) != len(storage.KeyPrefix)+64 {
			t.Errorf("unexpected file in storage: %s", rel)
		}
		keys = append(keys, rel)
		return nil
	})
	if err != nil && !strings.Contains(err.Error(), "no such file") {
		t.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}

func keysOf(datas ...[]byte) []string {
	var keys []string
	for _, d := range datas {
		keys = append(keys, storage.KeyPrefix+hexSHA(d))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func loadEvidence(t testing.TB, db *ent.Client, id string) *ent.Evidence {
	t.Helper()
	ev, err := db.Evidence.Get(viewer.SystemContext(context.Background()), pulid.ID(id))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestEvidenceFileRoundTrip(t *testing.T) {
	s, dir := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	home := w.Home
	student := s.As(t, home.StudentAccount)
	id := createEvidence(t, student, string(home.Student.ID), "Brücke model — final «photo»", "IMAGE", "FAMILY")

	data := testPNG(t, 32, 24, 1, false)
	up := mustUpload(t, s, student, id, "bridge.jpg", data) // the name lies; the bytes decide
	if e := up.UploadEvidenceFile.Evidence; e.ContentType != "image/png" || e.Size != int64(len(data)) || e.Sha256 != hexSHA(data) {
		t.Fatalf("uploaded evidence = %+v; want image/png, %d bytes, sha256 %s", e, len(data), hexSHA(data))
	}
	if got := blobs(t, dir); !slices.Equal(got, keysOf(data)) {
		t.Fatalf("storage holds %v, want %v", got, keysOf(data))
	}

	path := "/files/evidence/" + id
	for name, acc := range map[string]*ent.Account{"student": home.StudentAccount, "advisor": home.Advisor, "family": home.Family, "admin": home.Admin} {
		c := s.As(t, acc)
		d := get(t, s, c.Token, path)
		if d.status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", name, d.status, d.body)
		}
		if !bytes.Equal(d.body, data) || hexSHA(d.body) != up.UploadEvidenceFile.Evidence.Sha256 {
			t.Errorf("%s: downloaded %d bytes (sha256 %s), want the %d uploaded", name, len(d.body), hexSHA(d.body), len(data))
		}
		for h, want := range map[string]string{
			"Content-Type":           "image/png",
			"Content-Length":         "",
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "private, no-store",
		} {
			if got := d.header.Get(h); (want == "" && got == "") || (want != "" && got != want) {
				t.Errorf("%s: %s = %q, want %q", name, h, got, want)
			}
		}
		if cd := d.header.Get("Content-Disposition"); cd != `attachment; filename="Br cke model final photo.png"; filename*=UTF-8''Br%C3%BCcke%20model%20final%20photo.png` {
			t.Errorf("%s: Content-Disposition = %q", name, cd)
		}
	}

	// The partner sees no FAMILY evidence; another school sees nothing;
	// an unknown ID is the same answer.
	for name, acc := range map[string]*ent.Account{"partner": home.Partner, "other school's admin": w.Other.Admin, "other school's family": w.Other.Family} {
		d := get(t, s, s.As(t, acc).Token, path)
		if d.status != http.StatusNotFound || refusalCode(t, d) != "NOT_FOUND" {
			t.Errorf("%s: status %d, body %s; want 404 NOT_FOUND", name, d.status, d.body)
		}
	}
	if d := get(t, s, student.Token, "/files/evidence/evd_01JD5V0000000000000000000"); d.status != http.StatusNotFound || refusalCode(t, d) != "NOT_FOUND" {
		t.Errorf("unknown ID: status %d, body %s", d.status, d.body)
	}
	if d := get(t, s, "", path); d.status != http.StatusUnauthorized || refusalCode(t, d) != "UNAUTHENTICATED" {
		t.Errorf("anonymous: status %d, body %s; want 401", d.status, d.body)
	}
	if d := get(t, s, "not-a-token", path); d.status != http.StatusUnauthorized {
		t.Errorf("bad token: status %d, body %s; want 401", d.status, d.body)
	}
	// Evidence without a file.
	text := createEvidence(t, student, string(home.Student.ID), "Notes", "TEXT", "FAMILY")
	if d := get(t, s, student.Token, "/files/evidence/"+text); d.status != http.StatusNotFound {
		t.Errorf("evidence without a file: status %d", d.status)
	}

	// The plan's export carries the file (the store is its export.Files).
	exp := get(t, s, s.As(t, home.Family).Token, "/export/students/"+string(home.Student.ID))
	if exp.status != http.StatusOK {
		t.Fatalf("export: status %d: %s", exp.status, exp.body)
	}
	zr, err := zip.NewReader(bytes.NewReader(exp.body), int64(len(exp.body)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "files/"+id+"/") {
			rc, _ := f.Open()
			got, _ := io.ReadAll(rc)
			rc.Close()
			found = bytes.Equal(got, data)
		}
	}
	if !found {
		t.Error("the export has no copy of the uploaded file")
	}

	// Staff may upload too.
	mustUpload(t, s, s.As(t, home.Advisor), id, "again.png", testPNG(t, 8, 8, 2, false))

	// Each download by someone other than the student is a read of the
	// student's records in the audit trail.
	s.FlushAudit(t)
	var trail struct {
		StudentAccessLog struct {
			Edges []struct {
				Node struct {
					Action, SubjectType string
					Actor               struct{ Email string }
				}
			}
		}
	}
	s.As(t, home.Admin).MustDo(t, `query($id: ID!) { studentAccessLog(studentID: $id, first: 200) { edges { node { action subjectType actor { email } } } } }`,
		map[string]any{"id": home.Student.ID}, &trail)
	read := map[string]bool{}
	for _, e := range trail.StudentAccessLog.Edges {
		if e.Node.Action == "READ" && strings.EqualFold(e.Node.SubjectType, "evidence") {
			read[e.Node.Actor.Email] = true
		}
	}
	for _, acc := range []*ent.Account{home.Family, home.Advisor} {
		if !read[acc.Email] {
			t.Errorf("no READ of evidence by %s in the audit trail: %+v", acc.Email, trail.StudentAccessLog.Edges)
		}
	}
}

func TestEvidenceUploadRefusals(t *testing.T) {
	s, dir := fileServer(t, func(c *server.Config) { c.MaxUploadBytes = 64 << 10 })
	w := apitest.NewWorld(t, s.DB)
	home := w.Home
	student := s.As(t, home.StudentAccount)
	id := createEvidence(t, student, string(home.Student.ID), "Mural", "IMAGE", "FAMILY")
	first := testPNG(t, 16, 16, 3, false)
	mustUpload(t, s, student, id, "mural.png", first)
	before := loadEvidence(t, s.DB.Client, id)

	unchanged := func(what string) {
		t.Helper()
		if got := blobs(t, dir); !slices.Equal(got, keysOf(first)) {
			t.Errorf("%s: storage holds %v, want only %v", what, got, keysOf(first))
		}
		after := loadEvidence(t, s.DB.Client, id)
		if after.BlobKey != before.BlobKey || after.Sha256 != before.Sha256 || after.Size != before.Size ||
			after.ContentType != before.ContentType || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("%s: evidence changed: %+v, was %+v", what, after, before)
		}
	}
	refused := func(what string, r *apitest.Response, code, field string) {
		t.Helper()
		if len(r.Errors) != 1 || r.Errors[0].Code() != code || (field != "" && r.Errors[0].Field() != field) {
			t.Errorf("%s: status %d, errors %+v; want one %s on %q", what, r.Status, r.Errors, code, field)
		}
		unchanged(what)
	}

	big := testPNG(t, 200, 200, 4, true)
	if len(big) <= 64<<10 {
		t.Fatalf("test PNG is only %d bytes", len(big))
	}
	refused("over the limit", upload(t, s, student, id, "big.png", big), "LIMIT_EXCEEDED", "")

	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8"), bytes.Repeat([]byte{0x90, 0xcc}, 2000)...)
	refused("an executable named .png", upload(t, s, student, id, "cute-cat.png", exe), "BAD_USER_INPUT", "file")
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0}, 1000)...)
	refused("an ELF named .jpg", upload(t, s, student, id, "photo.jpg", elf), "BAD_USER_INPUT", "file")
	refused("HTML named .png", upload(t, s, student, id, "x.png", []byte("<html><script>alert(document.cookie)</script></html>")), "BAD_USER_INPUT", "file")
	refused("a PDF as an image", upload(t, s, student, id, "x.png", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")), "BAD_USER_INPUT", "file")
	refused("an empty file", upload(t, s, student, id, "x.png", nil), "BAD_USER_INPUT", "file")

	// A multipart body cut off in the middle of the file.
	req, body := multipartUpload(t, s.URL, uploadMutation, map[string]any{"id": id}, "cut.png", testPNG(t, 40, 40, 5, true))
	cut := body[:len(body)-2000] // well inside the file part
	if !bytes.Contains(cut, []byte(`filename="cut.png"`)) {
		t.Fatal("the cut is not inside the file")
	}
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/query", bytes.NewReader(cut))
	req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundaryOf(t, body))
	req.Header.Set("GraphQL-Preflight", "1")
	r := student.Send(t, req)
	if r.Status < 400 || len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("truncated body: status %d, errors %+v; want BAD_USER_INPUT", r.Status, r.Errors)
	}
	t.Logf("truncated body: status %d, errors %+v", r.Status, r.Errors)
	unchanged("truncated body")

	// Without the preflight header a multipart request is refused before
	// anything is read.
	req, _ = multipartUpload(t, s.URL, uploadMutation, map[string]any{"id": id}, "x.png", testPNG(t, 4, 4, 6, false))
	req.Header.Del("GraphQL-Preflight")
	refused("no preflight header", student.Send(t, req), "BAD_USER_INPUT", "")

	// The family reads the evidence but may not write it; the partner does
	// not even see it.
	other := testPNG(t, 10, 10, 7, false)
	for name, acc := range map[string]*ent.Account{"family": home.Family, "partner": home.Partner, "other school's admin": w.Other.Admin} {
		r := upload(t, s, s.As(t, acc), id, "x.png", other)
		if len(r.Errors) != 1 || (r.Errors[0].Code() != "FORBIDDEN" && r.Errors[0].Code() != "NOT_FOUND") {
			t.Errorf("%s: errors %+v; want FORBIDDEN or NOT_FOUND", name, r.Errors)
		}
		unchanged(name)
	}

	// Link and text evidence has no file.
	link := createEvidence(t, student, string(home.Student.ID), "Portfolio site", "LINK", "FAMILY")
	r = upload(t, s, student, link, "x.png", other)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Field() != "file" {
		t.Errorf("link evidence: errors %+v", r.Errors)
	}
	unchanged("link evidence")

	// A mutation that fails after the upload rolls back: the evidence keeps
	// its file, and the new file is not kept.
	query := `mutation($id: ID!, $file: Upload!) {
	  a: uploadEvidenceFile(evidenceID: $id, file: $file) { evidence { id } }
	  b: updateEvidence(id: "evd_01JD5V0000000000000000000", input: {title: "x"}) { evidence { id } }
	}`
	req, _ = multipartUpload(t, s.URL, query, map[string]any{"id": id}, "x.png", other)
	r = student.Send(t, req)
	if len(r.Errors) == 0 {
		t.Errorf("rolled back mutation: no errors: %s", r.Data)
	}
	unchanged("rolled back mutation")
}

func boundaryOf(t testing.TB, body []byte) string {
	t.Helper()
	line, _, _ := bytes.Cut(body, []byte("\r\n"))
	return strings.TrimPrefix(string(line), "--")
}

func TestEvidenceFileReplaceAndDelete(t *testing.T) {
	s, dir := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	home := w.Home
	student := s.As(t, home.StudentAccount)
	a := createEvidence(t, student, string(home.Student.ID), "Poster draft", "IMAGE", "SCHOOL")
	b := createEvidence(t, student, string(home.Student.ID), "Poster copy", "IMAGE", "PRIVATE")
	p1, p2, p3 := testPNG(t, 20, 20, 11, false), testPNG(t, 20, 20, 12, false), testPNG(t, 20, 20, 13, false)
	want := func(what string, datas ...[]byte) {
		t.Helper()
		if got := blobs(t, dir); !slices.Equal(got, keysOf(datas...)) {
			t.Errorf("%s: storage holds %v, want %v", what, got, keysOf(datas...))
		}
	}

	mustUpload(t, s, student, a, "p1.png", p1)
	mustUpload(t, s, student, b, "p1-again.png", p1)
	want("the same bytes twice are stored once", p1)
	mustUpload(t, s, student, a, "p2.png", p2)
	want("a replaced file another evidence shares is kept", p1, p2)
	mustUpload(t, s, student, a, "p2.png", p2)
	want("the same file again changes nothing", p1, p2)
	mustUpload(t, s, student, b, "p3.png", p3)
	want("a replaced file nothing shares is deleted", p2, p3)
	if d := get(t, s, student.Token, "/files/evidence/"+b); d.status != http.StatusOK || !bytes.Equal(d.body, p3) {
		t.Errorf("fileDownload after replacing: status %d, %d bytes", d.status, len(d.body))
	}

	const del = `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`
	// Neither the family nor the partner may delete.
	for name, acc := range map[string]*ent.Account{"family": home.Family, "partner": home.Partner} {
		r := s.As(t, acc).Do(t, del, map[string]any{"id": a})
		if len(r.Errors) != 1 || (r.Errors[0].Code() != "FORBIDDEN" && r.Errors[0].Code() != "NOT_FOUND") {
			t.Errorf("%s deletes: errors %+v", name, r.Errors)
		}
	}
	want("after refused deletes", p2, p3)

	var out struct{ DeleteEvidence struct{ DeletedID string } }
	student.MustDo(t, del, map[string]any{"id": a}, &out)
	if out.DeleteEvidence.DeletedID != a {
		t.Errorf("deletedID = %q, want %q", out.DeleteEvidence.DeletedID, a)
	}
	want("deleteEvidence removes the file", p3)
	if d := get(t, s, student.Token, "/files/evidence/"+a); d.status != http.StatusNotFound {
		t.Errorf("fileDownload of deleted evidence: status %d", d.status)
	}
	student.MustFail(t, "NOT_FOUND", del, map[string]any{"id": a})

	// A shared file stays until its last evidence goes; staff delete too
	// (but not PRIVATE evidence, which they do not see).
	c := createEvidence(t, student, string(home.Student.ID), "Poster copy 2", "IMAGE", "SCHOOL")
	mustUpload(t, s, student, c, "p3.png", p3)
	s.As(t, home.Advisor).MustFail(t, "NOT_FOUND", del, map[string]any{"id": b})
	s.As(t, home.Advisor).MustDo(t, del, map[string]any{"id": c}, nil)
	want("a shared file stays", p3)
	student.MustDo(t, del, map[string]any{"id": b}, nil)
	want("the last reference gone")
}

// The evidence file mutations are covered here, per viewer, rather than by
// rows of the authorization matrix: an upload is a multipart request, and a
// deletion cannot be repeated per viewer.
// TestEvidenceFileAuthorization is the authorization matrix of uploading,
// downloading and deleting evidence files, for each visibility: Home's
// admin, counselor, advisor, student, family and partner, then Other's
// admin, advisor and family.
func TestEvidenceFileAuthorization(t *testing.T) {
	s, _ := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	viewers := []*ent.Account{w.Home.Admin, w.Home.Counselor, w.Home.Advisor, w.Home.StudentAccount, w.Home.Family, w.Home.Partner,
		w.Other.Admin, w.Other.Advisor, w.Other.Family}
	clients := make([]*apitest.Client, len(viewers))
	for i, acc := range viewers {
		clients[i] = s.As(t, acc)
	}
	student := clients[3]
	studentID := string(w.Home.Student.ID)
	data := testPNG(t, 6, 6, 21, false)

	for _, tc := range []struct {
		visibility             string
		upload, read, deletion string
	}{
		{"PRIVATE", "---Y-----", "---Y-----", "---Y-----"},
		{"SCHOOL", "YYYY-----", "YYYY-----", "YYYY-----"},
		{"FAMILY", "YYYY-----", "YYYYY----", "YYYY-----"},
		{"PARTNERS", "YYYY-----", "YYYYYY---", "YYYY-----"},
	} {
		t.Run(tc.visibility, func(t *testing.T) {
			id := createEvidence(t, student, studentID, "Shared "+tc.visibility, "IMAGE", tc.visibility)
			mustUpload(t, s, student, id, "p.png", data)
			up, read, del := []byte("---------"), []byte("---------"), []byte("---------")
			for i, c := range clients {
				r := upload(t, s, c, id, "p.png", testPNG(t, 6, 6, uint64(100+i), false))
				if len(r.Errors) == 0 {
					up[i] = 'Y'
				} else if code := r.Errors[0].Code(); code != "FORBIDDEN" && code != "NOT_FOUND" {
					t.Errorf("viewer %d: upload refused with %s: %s", i, code, r.Errors[0].Message)
				}
				d := get(t, s, c.Token, "/files/evidence/"+id)
				switch d.status {
				case http.StatusOK:
					read[i] = 'Y'
				case http.StatusNotFound:
				default:
					t.Errorf("viewer %d: download status %d", i, d.status)
				}
				victim := createEvidence(t, student, studentID, "Victim "+tc.visibility, "IMAGE", tc.visibility)
				r = c.Do(t, `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`, map[string]any{"id": victim})
				if len(r.Errors) == 0 {
					del[i] = 'Y'
				} else if code := r.Errors[0].Code(); code != "FORBIDDEN" && code != "NOT_FOUND" {
					t.Errorf("viewer %d: delete refused with %s: %s", i, code, r.Errors[0].Message)
				}
			}
			if string(up) != tc.upload || string(read) != tc.read || string(del) != tc.deletion {
				t.Errorf("upload %s read %s delete %s; want %s %s %s", up, read, del, tc.upload, tc.read, tc.deletion)
			}
		})
	}
}
