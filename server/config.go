// Package server assembles PLP's HTTP server: configuration, routes,
// middleware (request ids, logging, CORS, body limits, sign-in), the
// GraphQL handler, and health checks.
package server

import (
	"time"

	"plp/auth"
)

// Config is everything the server needs to start. Every field has a flag
// and a PLP_* environment variable in cmd/plp; the defaults need nothing
// installed.
type Config struct {
	Addr        string   // listen address
	DataDir     string   // SQLite file, stored files, outgoing mail
	DatabaseURL string   // postgres://... switches to PostgreSQL
	Demo        bool     // seed the demo school into an empty database
	Production  bool     // no GraphiQL, no introspection, JSON logs
	CORSOrigins []string // browser origins allowed to call the API

	SessionTTL      time.Duration
	MaxBodyBytes    int64 // largest request body accepted
	MaxComplexity   int   // largest query complexity accepted
	MaxDepth        int   // deepest query accepted
	MaxPageSize     int   // largest first or last on a connection
	ShutdownTimeout time.Duration

	// Now is the clock. Tests inject one; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the configuration `plp serve` uses with no flags.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./data",
		SessionTTL:      auth.DefaultSessionTTL,
		MaxBodyBytes:    1 << 20,
		MaxComplexity:   5000,
		MaxDepth:        12,
		MaxPageSize:     500,
		ShutdownTimeout: 15 * time.Second,
	}
}
