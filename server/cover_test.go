package server_test

import (
	"encoding/json"
	"slices"
	"testing"

	"plp/internal/devtools/apitest"
)

const setCover = `mutation($id: ID!, $file: Upload!) {
  setCoverImage(studentID: $id, file: $file) { student { id coverImageURL coverImageType } }
}`

type coverOut struct {
	SetCoverImage struct {
		Student struct {
			ID             string
			CoverImageURL  *string
			CoverImageType *string
		}
	}
}

func uploadCover(t *testing.T, s *apitest.Server, c *apitest.Client, studentID, name string, data []byte) *apitest.Response {
	t.Helper()
	req, _ := multipartUpload(t, s.URL, setCover, map[string]any{"id": studentID}, name, data)
	return c.Send(t, req)
}

// TestCoverImage: the student sets a cover image (sniffed, not trusted by
// name), it downloads with the student's privacy, a replaced or cleared
// cover's file is deleted, and a refused or bad upload leaves nothing.
func TestCoverImage(t *testing.T) {
	s, dir := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	id := string(w.Home.Student.ID)
	student := s.As(t, w.Home.StudentAccount)

	first := testPNG(t, 40, 20, 3, false)
	r := uploadCover(t, s, student, id, "cover.jpg", first)
	if len(r.Errors) > 0 {
		t.Fatalf("setCoverImage: %+v", r.Errors)
	}
	var out coverOut
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	got := out.SetCoverImage.Student
	if got.CoverImageURL == nil || *got.CoverImageURL != "/files/cover/"+id || got.CoverImageType == nil || *got.CoverImageType != "image/png" {
		t.Fatalf("student after setCoverImage = %+v", got)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(first)) {
		t.Fatalf("storage holds %v, want %v", b, keysOf(first))
	}

	// Downloads pass the student's privacy.
	for _, who := range []struct {
		name   string
		token  string
		status int
	}{
		{"student", student.Token, 200},
		{"family", s.As(t, w.Home.Family).Token, 200},
		{"advisor", s.As(t, w.Home.Advisor).Token, 200},
		{"other school's admin", s.As(t, w.Other.Admin).Token, 404},
		{"other family", s.As(t, w.Other.Family).Token, 404},
		{"nobody", "", 401},
	} {
		d := get(t, s, who.token, *got.CoverImageURL)
		if d.status != who.status {
			t.Fatalf("%s: GET cover status %d, want %d (%s)", who.name, d.status, who.status, d.body)
		}
		if d.status == 200 && (string(d.body) != string(first) || d.header.Get("Content-Type") != "image/png" ||
			d.header.Get("X-Content-Type-Options") != "nosniff") {
			t.Fatalf("%s: cover download differs: %d bytes, %v", who.name, len(d.body), d.header)
		}
	}

	// Not an image, whatever its name: refused, nothing stored, cover kept.
	r = uploadCover(t, s, student, id, "cover.png", []byte("%PDF-1.4 not an image at all\n"))
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("PDF as cover: %+v", r.Errors)
	}
	// Family may read but not set the cover: refused after the bytes were
	// stored, which the rollback removes.
	r = uploadCover(t, s, s.As(t, w.Home.Family), id, "family.png", testPNG(t, 8, 8, 9, false))
	if len(r.Errors) != 1 || (r.Errors[0].Code() != "NOT_FOUND" && r.Errors[0].Code() != "FORBIDDEN") {
		t.Fatalf("family sets cover: %+v", r.Errors)
	}
	r = uploadCover(t, s, s.As(t, w.Other.Admin), id, "other.png", testPNG(t, 8, 8, 10, false))
	if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Fatalf("other school's admin sets cover: %+v", r.Errors)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(first)) {
		t.Fatalf("after refused uploads storage holds %v, want %v", b, keysOf(first))
	}

	// Replacing deletes the old file; staff may set it too.
	second := testPNG(t, 40, 20, 4, false)
	if r := uploadCover(t, s, s.As(t, w.Home.Advisor), id, "new.png", second); len(r.Errors) > 0 {
		t.Fatalf("advisor sets cover: %+v", r.Errors)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(second)) {
		t.Fatalf("after replacing storage holds %v, want %v", b, keysOf(second))
	}

	// A file shared with evidence stays while the evidence has it.
	evID := createEvidence(t, student, id, "Same picture", "IMAGE", "FAMILY")
	mustUpload(t, s, student, evID, "same.png", second)
	const clear = `mutation($id: ID!) { clearCoverImage(studentID: $id) { student { coverImageURL coverImageType } } }`
	s.As(t, w.Home.Family).MustFail(t, "NOT_FOUND", clear, map[string]any{"id": id})
	var cleared struct {
		ClearCoverImage struct {
			Student struct{ CoverImageURL, CoverImageType *string }
		}
	}
	student.MustDo(t, clear, map[string]any{"id": id}, &cleared)
	if c := cleared.ClearCoverImage.Student; c.CoverImageURL != nil || c.CoverImageType != nil {
		t.Fatalf("after clearCoverImage: %+v", c)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(second)) {
		t.Fatalf("file shared with evidence: storage holds %v, want %v", b, keysOf(second))
	}
	if d := get(t, s, student.Token, "/files/cover/"+id); d.status != 404 {
		t.Fatalf("GET cleared cover: %d", d.status)
	}
	student.MustDo(t, `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`, map[string]any{"id": evID}, nil)
	if b := blobs(t, dir); len(b) != 0 {
		t.Fatalf("after the last reference went, storage holds %v", b)
	}
}
