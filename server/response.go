package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// withoutNullData follows the GraphQL-over-HTTP spec for
// application/graphql-response+json: a request that fails before execution
// (status 4xx) answers with errors and no data entry. gqlgen writes
// "data": null there, so such responses (small, and only those) are
// buffered and the entry removed.
func withoutNullData(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept"), "application/graphql-response+json") {
			next.ServeHTTP(w, r)
			return
		}
		bw := &errorBuffer{ResponseWriter: w}
		next.ServeHTTP(bw, r)
		bw.flush()
	})
}

type errorBuffer struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *errorBuffer) WriteHeader(status int) {
	b.status = status
	if status < 400 {
		b.ResponseWriter.WriteHeader(status)
	}
}

func (b *errorBuffer) Write(p []byte) (int, error) {
	if b.status >= 400 {
		return b.buf.Write(p)
	}
	return b.ResponseWriter.Write(p)
}

func (b *errorBuffer) Unwrap() http.ResponseWriter { return b.ResponseWriter }

func (b *errorBuffer) flush() {
	if b.status < 400 {
		return
	}
	body := b.buf.Bytes()
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) == nil && string(doc["data"]) == "null" {
		delete(doc, "data")
		if out, err := json.Marshal(doc); err == nil {
			body = out
		}
	}
	b.Header().Set("Content-Length", strconv.Itoa(len(body)))
	b.ResponseWriter.WriteHeader(b.status)
	_, _ = b.ResponseWriter.Write(body)
}
