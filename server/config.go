// Package server assembles PLP's HTTP server: configuration, routes,
// middleware (request ids, logging, CORS, body limits, sign-in), the
// GraphQL handler, and health checks.
package server

import (
	"net/http"
	"path/filepath"
	"time"

	"plp/internal/jobs"
	"plp/internal/platform/auth"
	"plp/internal/platform/outbox"
	"plp/internal/platform/storage"
)

// Config is everything the server needs to start. The fields an operator
// changes have a flag and a PLP_* environment variable in cmd/plp; the
// defaults need nothing installed.
type Config struct {
	Addr        string   // listen address
	DataDir     string   // SQLite file, stored files, outgoing mail
	DatabaseURL string   // postgres://... switches to PostgreSQL
	Demo        bool     // seed the demo school into an empty database
	Production  bool     // no GraphiQL, no introspection, JSON logs
	CORSOrigins []string // browser origins allowed to call the API
	// StorageURL is the gocloud.dev/blob bucket of uploaded files, in a
	// driver package storage links: file:///abs/dir, or mem:// (tests).
	// Empty is the directory "files" under DataDir.
	StorageURL string
	// KeySecret seals the private keys that sign credentials (AES-GCM),
	// so a copy of the database cannot sign; empty stores them unsealed,
	// still never served.
	KeySecret string

	SessionTTL time.Duration

	// Limits on one GraphQL request. Each refusal is a LIMIT_EXCEEDED
	// error whose message gives the limit. Zero turns off the limits on
	// tokens, complexity, aliases, directives and duplicates.
	MaxBodyBytes        int64 // largest request body accepted (but uploads)
	MaxUploadBytes      int64 // largest multipart (upload) request accepted
	MaxTokens           int   // most lexical tokens in a query document
	MaxComplexity       int   // largest query cost accepted (see DefaultPageCost)
	DefaultPageCost     int   // what a connection with neither first nor last counts as
	MaxDepth            int   // deepest query accepted
	MaxPageSize         int   // largest first or last on a connection
	MaxAliases          int   // most aliased fields in a query document
	MaxDirectives       int   // most directives in a query document
	MaxDirectiveRepeats int   // most times one directive may stand on one field
	MaxDuplicateFields  int   // most times one field may be selected in one place
	MaxFilterTerms      int   // most terms (fields, list entries) in the filters (where) of a request
	MaxResponseBytes    int64 // largest answer (its data) to one operation

	// PersistedQueries, when set, is the allow-list of production: the
	// only queries the server runs, by the hex SHA-256 of their text (see
	// LoadPersistedQueries). Nil runs any query, and clients may register
	// theirs by hash (automatic persisted queries).
	PersistedQueries map[string]string

	// Time limits. OperationTimeout bounds the execution of one query or
	// mutation (a deadline on its context, which reaches the database);
	// ReadTimeout and WriteTimeout are http.Server's, for a whole request
	// and its response. Websocket connections are exempt from the HTTP
	// ones; subscriptions from the operation one. Zero means none.
	OperationTimeout time.Duration
	ReadTimeout      time.Duration
	WriteTimeout     time.Duration
	ShutdownTimeout  time.Duration

	// Rate limits, per process (see auth.RateLimiter); the zero Rate is
	// no limit. Sign-in attempts per client address; failed sign-ins per
	// email from one address; mutation fields per signed-in account.
	SignInRatePerAddress   auth.Rate
	SignInRatePerEmail     auth.Rate
	MutationRatePerAccount auth.Rate
	// StationCodeRate is how many wrong personal codes an evidence station
	// may send before it must wait.
	StationCodeRate auth.Rate
	// ClientIPHeader names the header a trusted reverse proxy puts the
	// client's address in (X-Forwarded-For, X-Real-IP): the last address in
	// it is used for per-address limits. Empty uses the connection's peer,
	// which behind a proxy is the proxy.
	ClientIPHeader string

	// Throttle slows password guessing per email and client address, and
	// pauses password sign-in for an email under attack from many places
	// (auth.Throttle).
	Throttle auth.Throttle

	// AuditBatchSize and AuditFlushInterval tune the audit recorder's
	// writer (audit.Options); zero takes its defaults. Tests that count SQL
	// statements raise both, so the trail's background writes do not land
	// inside the request they measure.
	AuditBatchSize     int
	AuditFlushInterval time.Duration

	// SSOHTTPClient reaches single sign-on providers; nil is
	// http.DefaultClient. Tests give one that trusts their provider.
	SSOHTTPClient *http.Client

	// Now is the clock. Tests inject one; nil means time.Now.
	Now func() time.Time

	// Mail and scheduled work (package notify, package jobs). PublicURL is
	// where people reach PLP, for links in mail (sign-in, unsubscribe).
	PublicURL string
	// SMTPURL is smtp://user:pass@host:port (or smtps://); empty writes
	// mail as .eml files under DataDir/mail.
	SMTPURL  string
	MailFrom string
	// SMTPTimeouts bound each SMTP command and the wait for the server's
	// answer to the end of a message (10 minutes, RFC 5321 §4.5.3.2).
	SMTPTimeouts outbox.Timeouts
	// MailInterval is how often serve sends due mail; zero never.
	MailInterval time.Duration
	// Jobs runs the scheduler in serve (leader-elected on PostgreSQL).
	Jobs bool
	// Metrics serves GET /metrics (Prometheus). In production it is served
	// only with a MetricsToken, which scrapers send as a bearer token.
	Metrics      bool
	MetricsToken string
	// JobConfig is the settings of the scheduled jobs (reminders, agendas),
	// for serve's scheduler and `plp jobs run` alike.
	JobConfig jobs.Config
	// SignInLinkTTL is how long a magic sign-in link works;
	// SignInLinkRatePerEmail how many may be asked for one email.
	SignInLinkTTL          time.Duration
	SignInLinkRatePerEmail auth.Rate
	// WebMessages are a school's own message files for the web app
	// (web.<lang>.yaml), adding to or overriding its built-in words.
	WebMessages []string
}

// MailDir is where mail goes with no SMTP server configured.
func (c Config) MailDir() string { return filepath.Join(c.DataDir, "mail") }

// BaseURL is PublicURL, or the listen address over plain HTTP.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.Addr
}

// FilesURL is the bucket of stored files: StorageURL, or the default
// directory "files" under DataDir.
func (c Config) FilesURL() string {
	if c.StorageURL != "" {
		return c.StorageURL
	}
	return storage.DirURL(filepath.Join(c.DataDir, "files"))
}

// DefaultConfig returns the configuration `plp serve` uses with no flags.
func DefaultConfig() Config {
	return Config{
		Addr:                   "127.0.0.1:8080",
		DataDir:                "./data",
		SessionTTL:             auth.DefaultSessionTTL,
		MaxBodyBytes:           1 << 20,
		MaxUploadBytes:         32 << 20,
		MaxTokens:              15000,
		MaxComplexity:          5000,
		DefaultPageCost:        10,
		MaxDepth:               12,
		MaxPageSize:            500,
		MaxAliases:             30,
		MaxDirectives:          50,
		MaxDirectiveRepeats:    1,
		MaxDuplicateFields:     10,
		MaxFilterTerms:         200,
		MaxResponseBytes:       8 << 20,
		OperationTimeout:       30 * time.Second,
		ReadTimeout:            time.Minute,
		WriteTimeout:           90 * time.Second,
		ShutdownTimeout:        15 * time.Second,
		SignInRatePerAddress:   auth.Rate{N: 100, Per: time.Minute},
		SignInRatePerEmail:     auth.Rate{N: 5, Per: time.Minute},
		MutationRatePerAccount: auth.Rate{N: 600, Per: time.Minute},
		StationCodeRate:        auth.Rate{N: 10, Per: 10 * time.Minute},
		Throttle:               auth.DefaultThrottle,
		MailFrom:               "PLP <plp@localhost>",
		MailInterval:           5 * time.Second,
		SMTPTimeouts:           outbox.Timeouts{Command: outbox.DefaultCommandTimeout, Reply: outbox.DefaultReplyTimeout},
		Jobs:                   true,
		Metrics:                true,
		JobConfig:              jobs.DefaultConfig(),
		SignInLinkTTL:          auth.DefaultLinkTTL,
		SignInLinkRatePerEmail: auth.Rate{N: 3, Per: 15 * time.Minute},
	}
}
