package server_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"plp/ent/resource"
	"plp/internal/devtools/apitest"
	"plp/internal/school/implementation"
	"plp/server"
)

const attachResourceFile = `mutation($id: ID!, $file: Upload!) {
  attachResourceFile(resourceID: $id, file: $file) { resource { id url fileURL fileName fileType fileSize } }
}`

type resourceFileOut struct {
	AttachResourceFile struct {
		Resource struct {
			ID, URL                     string
			FileURL, FileName, FileType *string
			FileSize                    *int
		}
	}
}

// TestResourceFile: an admin attaches a file to an implementation resource
// in place of its link; the school's members download it under its cleaned
// name; a non-admin, another school's resource, an unknown type or a file
// over the limit are refused and leave no blob behind; removing the file
// deletes the blob.
func TestResourceFile(t *testing.T) {
	// A 64 KiB limit, so "over the limit" needs no 25 MiB request.
	s, dir := fileServer(t, func(c *server.Config) { c.MaxUploadBytes = 64 << 10 })
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	c := s.DB.Client
	for _, school := range []apitest.School{w.Home, w.Other} {
		if _, err := implementation.Install(sys, c, school.School.ID, implementation.Vermont); err != nil {
			t.Fatal(err)
		}
	}
	res := c.Resource.Query().Where(resource.SchoolID(w.Home.School.ID), resource.URLNEQ("")).FirstX(sys)
	theirs := c.Resource.Query().Where(resource.SchoolID(w.Other.School.ID)).FirstX(sys)
	admin := s.As(t, w.Home.Admin)
	attach := func(cl *apitest.Client, id, name string, data []byte) *apitest.Response {
		t.Helper()
		req, _ := multipartUpload(t, s.URL, attachResourceFile, map[string]any{"id": id}, name, data)
		return cl.Send(t, req)
	}

	pdf := []byte("%PDF-1.4\n% advisory guide\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	r := attach(admin, string(res.ID), `..\Advisory "Guide" é.pdf`, pdf)
	if len(r.Errors) > 0 {
		t.Fatalf("attachResourceFile: %+v", r.Errors)
	}
	var out resourceFileOut
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	got := out.AttachResourceFile.Resource
	if got.URL != "" || got.FileURL == nil || *got.FileURL != "/files/resources/"+string(res.ID) ||
		*got.FileName != "Advisory Guide é.pdf" || *got.FileType != "application/pdf" || *got.FileSize != len(pdf) {
		t.Fatalf("resource after attachResourceFile = %+v (%v %v %v)", got, deref(got.FileName), deref(got.FileType), got.FileSize)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(pdf)) {
		t.Fatalf("storage holds %v, want %v", b, keysOf(pdf))
	}

	// Downloads pass the resource's privacy: the school's members.
	for _, who := range []struct {
		name   string
		token  string
		status int
	}{
		{"admin", admin.Token, 200},
		{"advisor", s.As(t, w.Home.Advisor).Token, 200},
		{"other school's admin", s.As(t, w.Other.Admin).Token, 404},
		{"nobody", "", 401},
	} {
		d := get(t, s, who.token, *got.FileURL)
		if d.status != who.status {
			t.Fatalf("%s: GET resource file status %d, want %d (%s)", who.name, d.status, who.status, d.body)
		}
		if d.status != 200 {
			continue
		}
		cd := d.header.Get("Content-Disposition")
		if string(d.body) != string(pdf) || d.header.Get("Content-Type") != "application/pdf" ||
			d.header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(cd, `filename="Advisory Guide.pdf"`) || !strings.Contains(cd, `filename*=UTF-8''Advisory%20Guide%20%C3%A9.pdf`) {
			t.Fatalf("%s: download differs: %d bytes, %v", who.name, len(d.body), d.header)
		}
	}
	if d := get(t, s, admin.Token, "/files/resources/"+string(theirs.ID)); d.status != 404 {
		t.Errorf("a resource without a file: %d", d.status)
	}

	// A link and a file never together.
	admin.MustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { updateResource(id: $id, input: {url: "https://example.org/guide"}) { resource { id } } }`,
		map[string]any{"id": res.ID})

	// Refusals leave the bucket as it was.
	refused := func(name string, r *apitest.Response, codes ...string) {
		t.Helper()
		if len(r.Errors) != 1 || !slices.Contains(codes, r.Errors[0].Code()) {
			t.Errorf("%s: %+v, want %v", name, r.Errors, codes)
		}
		if b := blobs(t, dir); !slices.Equal(b, keysOf(pdf)) {
			t.Errorf("%s: storage holds %v, want %v", name, b, keysOf(pdf))
		}
	}
	png := testPNG(t, 16, 16, 21, false)
	refused("advisor (not an admin)", attach(s.As(t, w.Home.Advisor), string(res.ID), "mine.png", png), "FORBIDDEN", "NOT_FOUND")
	refused("family", attach(s.As(t, w.Home.Family), string(res.ID), "mine.png", png), "FORBIDDEN", "NOT_FOUND")
	refused("another school's resource", attach(admin, string(theirs.ID), "theirs.png", png), "NOT_FOUND")
	refused("unknown type", attach(admin, string(res.ID), "guide.pdf", []byte("PK\x03\x04 a zip, not a PDF \x00\x01\x02")), "BAD_USER_INPUT")
	big := testPNG(t, 200, 200, 4, true)
	if len(big) <= 64<<10 {
		t.Fatalf("test PNG is only %d bytes", len(big))
	}
	refused("over the limit", attach(admin, string(res.ID), "big.png", big), "LIMIT_EXCEEDED")

	// Replacing deletes the old file; removing deletes the new one.
	if r := attach(admin, string(res.ID), "poster.png", png); len(r.Errors) > 0 {
		t.Fatalf("replace: %+v", r.Errors)
	}
	if b := blobs(t, dir); !slices.Equal(b, keysOf(png)) {
		t.Fatalf("after replacing storage holds %v, want %v", b, keysOf(png))
	}
	// A file the resource shares with evidence stays while the resource
	// has it (implementation.ResourceFiles holds it).
	student := s.As(t, w.Home.StudentAccount)
	evID := createEvidence(t, student, string(w.Home.Student.ID), "Same poster", "IMAGE", "FAMILY")
	mustUpload(t, s, student, evID, "poster.png", png)
	student.MustDo(t, `mutation($id: ID!) { deleteEvidence(id: $id) { deletedID } }`, map[string]any{"id": evID}, nil)
	if b := blobs(t, dir); !slices.Equal(b, keysOf(png)) {
		t.Fatalf("file shared with a resource: after the evidence went storage holds %v, want %v", b, keysOf(png))
	}
	const remove = `mutation($id: ID!) { removeResourceFile(resourceID: $id) { resource { fileURL fileName } } }`
	s.As(t, w.Home.Advisor).MustFail(t, "NOT_FOUND", remove, map[string]any{"id": res.ID})
	var removed struct {
		RemoveResourceFile struct {
			Resource struct{ FileURL, FileName *string }
		}
	}
	admin.MustDo(t, remove, map[string]any{"id": res.ID}, &removed)
	if rr := removed.RemoveResourceFile.Resource; rr.FileURL != nil || rr.FileName != nil {
		t.Errorf("after removeResourceFile: %+v", rr)
	}
	if b := blobs(t, dir); len(b) != 0 {
		t.Errorf("after removeResourceFile storage holds %v", b)
	}
	if d := get(t, s, admin.Token, "/files/resources/"+string(res.ID)); d.status != 404 {
		t.Errorf("download after removal: %d", d.status)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
