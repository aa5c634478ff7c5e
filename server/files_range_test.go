package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"plp/internal/devtools/apitest"
	"plp/web"
)

// TestEvidenceFileAnswersRange: a player that seeks in a video asks for a
// range of bytes with the app's session cookie; the file route answers
// 206 with exactly that range, says it takes ranges, and refuses a range
// past the end with 416.
func TestEvidenceFileAnswersRange(t *testing.T) {
	t.Parallel()
	s, _ := fileServer(t)
	w := apitest.NewWorld(t, s.DB)
	student := s.As(t, w.Home.StudentAccount)
	id := createEvidence(t, student, string(w.Home.Student.ID), "Bridge", "IMAGE", "FAMILY")
	data := testPNG(t, 64, 64, 7, true)
	mustUpload(t, s, student, id, "bridge.png", data)
	family := s.As(t, w.Home.Family)

	fetch := func(method, rangeHeader string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, s.URL+"/files/evidence/"+id, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: family.Token})
		if rangeHeader != "" {
			req.Header.Set("Range", rangeHeader)
		}
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}

	resp, body := fetch(http.MethodGet, "")
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) || resp.Header.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("whole file by cookie: %d, %d bytes, Accept-Ranges %q", resp.StatusCode, len(body), resp.Header.Get("Accept-Ranges"))
	}
	if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(data)) {
		t.Errorf("Content-Length %q, want %d", got, len(data))
	}

	resp, body = fetch(http.MethodGet, "bytes=100-199")
	if resp.StatusCode != http.StatusPartialContent {
		t.Fatalf("a range: status %d, want 206: %s", resp.StatusCode, body)
	}
	if !bytes.Equal(body, data[100:200]) {
		t.Errorf("a range: got %d bytes, not bytes 100-199 of the file", len(body))
	}
	if got, want := resp.Header.Get("Content-Range"), fmt.Sprintf("bytes 100-199/%d", len(data)); got != want {
		t.Errorf("Content-Range %q, want %q", got, want)
	}
	for h, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("a range: %s = %q, want %q", h, got, want)
		}
	}

	resp, body = fetch(http.MethodGet, fmt.Sprintf("bytes=%d-", len(data)-10))
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[len(data)-10:]) {
		t.Errorf("the last 10 bytes: status %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, _ = fetch(http.MethodGet, fmt.Sprintf("bytes=%d-", len(data)+10))
	if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("a range past the end: status %d, want 416", resp.StatusCode)
	}
	resp, body = fetch(http.MethodHead, "")
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("Content-Length") != fmt.Sprint(len(data)) {
		t.Errorf("HEAD: status %d, %d bytes, Content-Length %q", resp.StatusCode, len(body), resp.Header.Get("Content-Length"))
	}
}
