package gql

import (
	"context"
	"net/http"
	"net/http/httptest"

	"github.com/Khan/genqlient/graphql"
)

// InProcess runs the app's operations on the server's own GraphQL handler,
// in the same process, as the signed-in viewer: the same privacy rules,
// limits, persisted-query allow-list and audit trail as any client's.
type InProcess struct {
	// Handler serves /query (the server's, with its guards).
	Handler http.Handler
}

type callKey struct{}

type call struct {
	token string
	from  *http.Request
}

// As returns ctx for operations sent with the bearer token (empty: not
// signed in) on behalf of the page request r, whose client address they
// carry, so per-address limits count the person, not the server.
func As(ctx context.Context, token string, r *http.Request) context.Context {
	return context.WithValue(ctx, callKey{}, call{token: token, from: r})
}

// Client returns the typed client over h.
func Client(h http.Handler) graphql.Client {
	return uploading{graphql.NewClient("/query", InProcess{Handler: h})}
}

// Do serves req with the handler and returns its answer.
func (d InProcess) Do(req *http.Request) (*http.Response, error) {
	req.RequestURI = req.URL.RequestURI()
	if c, ok := req.Context().Value(callKey{}).(call); ok {
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		if c.from != nil {
			req.RemoteAddr = c.from.RemoteAddr
			for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "X-Request-Id", "User-Agent", "Accept-Language"} {
				if v := c.from.Header.Get(h); v != "" {
					req.Header.Set(h, v)
				}
			}
		}
	}
	if files, ok := req.Context().Value(filesKey{}).([]file); ok {
		done, err := asMultipart(req, files)
		if err != nil {
			return nil, err
		}
		defer done()
	}
	rec := httptest.NewRecorder()
	d.Handler.ServeHTTP(rec, req)
	return rec.Result(), nil
}
