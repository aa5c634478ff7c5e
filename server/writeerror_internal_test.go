package server

import (
	"log/slog"
	"net/http"
)

// WriteError is writeError, for the tests of package server_test: a server
// with a quiet log, nothing else.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	(&Server{log: slog.New(slog.DiscardHandler)}).writeError(w, r, err)
}
