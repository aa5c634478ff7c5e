package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"plp/internal/devtools/apitest"
	"plp/server"
)

// TestConcurrentWritersAllSucceed sends mutations from many clients at once.
// On SQLite they queue for the one writer connection instead of failing with
// SQLITE_BUSY; on PostgreSQL they run side by side.
func TestConcurrentWritersAllSucceed(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	admin := s.As(t, w.Home.Admin)
	const writers, each = 16, 5
	var wg sync.WaitGroup
	errs := make(chan string, writers*each)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				r := admin.Do(t, `mutation($in: CreateGoalInput!) { createGoal(input: $in) { goal { id } } }`,
					map[string]any{"in": map[string]any{"studentID": w.Home.Student.ID, "area": "CAREER", "title": fmt.Sprintf("Goal %d-%d", i, j)}})
				if len(r.Errors) > 0 {
					errs <- fmt.Sprintf("writer %d: %+v", i, r.Errors)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var out struct{ Goals struct{ TotalCount int } }
	admin.MustDo(t, `query($s: ID!) { goals(where: {studentID: $s}) { totalCount } }`, map[string]any{"s": w.Home.Student.ID}, &out)
	if out.Goals.TotalCount != writers*each {
		t.Errorf("%d goals saved, want %d", out.Goals.TotalCount, writers*each)
	}
}

func TestCORSAllowsOnlyListedOrigins(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, func(c *server.Config) { c.CORSOrigins = []string{"https://plp.example.org"} })
	preflight := func(origin string) string {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+"/query", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		resp, err := s.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Access-Control-Allow-Origin")
	}
	if got := preflight("https://plp.example.org"); got != "https://plp.example.org" {
		t.Errorf("listed origin: Access-Control-Allow-Origin = %q", got)
	}
	if got := preflight("https://evil.example.com"); got != "" {
		t.Errorf("unlisted origin: Access-Control-Allow-Origin = %q, want none", got)
	}
}
