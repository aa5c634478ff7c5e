package server

import (
	"context"
	"encoding/json"
	"entgo.io/ent/dialect"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"plp/internal/conference/live"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"plp/internal/partner/credential"
	"plp/internal/plan"
	"plp/internal/plan/home"
	"plp/internal/platform/audit"
	"plp/internal/platform/auth"
	"plp/internal/platform/database"
	"plp/internal/platform/metrics"
	"plp/internal/platform/storage"
	"plp/internal/school/implementation"
	"plp/web"
)

// FileHolders are every kind of row that refers to stored files: a file is
// deleted only when none of them refers to it any more. A capability that
// adds a file column declares its storage.Holder and adds it here.
var FileHolders = []storage.Holder{plan.EvidenceFiles, home.CoverFiles, implementation.ResourceFiles}

// Server is PLP's HTTP server.
type Server struct {
	cfg  Config
	db   *database.DB
	log  *slog.Logger
	Auth *auth.Service
	// Audit records disclosures and changes of students' records.
	Audit *audit.Recorder
	// Files stores uploaded files (evidence); see Config.StorageURL.
	Files *storage.Store
	// Credentials signs and verifies endorsement credentials.
	Credentials *credential.Service
	// Slots carries changes of slot availability to subscriptions; Serve
	// feeds it from PostgreSQL's notifications when there are several
	// processes.
	Slots       *live.Broker
	slotChanges live.Notifier
	// Metrics is nil when /metrics is off (Config.Metrics).
	Metrics *metrics.Metrics
	handler http.Handler
}

// New assembles the server on an open, migrated database.
func New(cfg Config, db *database.DB, log *slog.Logger) *Server {
	authn := auth.NewService(db.Client, cfg.SessionTTL)
	if cfg.Now != nil {
		authn.Now = cfg.Now
	}
	authn.Throttle = cfg.Throttle
	authn.AddressLimit = auth.NewRateLimiter(cfg.SignInRatePerAddress, authn.Now)
	authn.EmailLimit = auth.NewRateLimiter(cfg.SignInRatePerEmail, authn.Now)
	authn.LinkLimit = auth.NewRateLimiter(cfg.SignInLinkRatePerEmail, authn.Now)
	authn.LinkTTL, authn.LinkBaseURL = cfg.SignInLinkTTL, cfg.BaseURL()
	authn.SSO.KeySecret, authn.SSO.HTTPClient = []byte(cfg.KeySecret), cfg.SSOHTTPClient
	s := &Server{cfg: cfg, db: db, log: log, Auth: authn}
	// The recorder writes with the plain client, never a request's
	// transaction: it writes in the background, after the request.
	s.Audit = audit.NewRecorder(db.Client, log, audit.Options{Now: cfg.Now, BatchSize: cfg.AuditBatchSize, FlushInterval: cfg.AuditFlushInterval})
	authn.OnSignIn = func(ctx context.Context, e auth.SignInEvent) {
		audit.SignIn(ctx, e.AccountID, e.SchoolIDs, e.Email, e.OK, e.Reason)
	}
	s.Files = storage.OpenURL(cfg.FilesURL(), FileHolders...)
	s.Files.MaxBytes = cfg.MaxUploadBytes
	s.Credentials = credential.NewService(cfg.KeySecret)
	s.Slots = live.NewBroker()
	s.slotChanges = live.Local{Broker: s.Slots}
	if db.Dialect == dialect.Postgres {
		// NOTIFY reaches every process on the database, this one included.
		s.slotChanges = live.Postgres{}
	}
	s.Metrics = s.newMetrics()
	if cfg.Metrics && s.Metrics == nil {
		log.Warn("GET /metrics is off: in production it needs --metrics-token")
	}
	s.handler = s.routes()
	return s
}

// SlotChanges is how this server announces slot changes: to its own
// subscribers on SQLite, by NOTIFY to every server process on PostgreSQL.
// The scheduled jobs announce theirs through it too.
func (s *Server) SlotChanges() live.Notifier {
	return s.slotChanges
}

// Handler returns the server's root handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	gql := newGraphQLHandler(s.cfg, s.db.Client, s.Auth, s.Files, s.Credentials, s.Slots, s.log, s.Metrics)
	query := guardQuery(s.cfg, s.log, withErrorCodes(withoutNullData(withRetryAfter(withViewer(s.authenticate, gql)))))
	// /query is bearer-only: it never reads the app's session cookie, so a
	// page of another site cannot use it (no CSRF on the API). The file and
	// export routes take the cookie too, for the app's links and players.
	mux.Handle("/query", query)
	mux.Handle("GET /export/students/{id}", withSessionCookie(withViewer(s.authenticate, s.exportHandler())))
	mux.Handle("GET /export/caseload.csv", withSessionCookie(withViewer(s.authenticate, s.caseloadCSVHandler())))
	mux.Handle("GET /files/evidence/{id}", withSessionCookie(withViewer(s.authenticate, s.fileHandler())))
	mux.Handle("GET /files/cover/{studentID}", withSessionCookie(withViewer(s.authenticate, s.coverHandler())))
	mux.Handle("GET /files/resources/{resourceID}", withSessionCookie(withViewer(s.authenticate, s.resourceFileHandler())))
	app := s.webApp(query)
	mux.Handle("GET /shared/{token}", s.sharedHandler(app))
	mux.Handle("GET /shared/{token}/files/{n}", s.sharedFileHandler())
	mux.Handle("GET /calendar/{token}", s.calendarHandler())
	mux.Handle("GET /.well-known/jwks.json", s.jwksHandler())
	mux.Handle("POST /credentials/verify", s.verifyHandler())
	mux.Handle("GET /sso/{provider}/start", s.ssoStartHandler())
	mux.Handle("GET /sso/callback", s.ssoCallbackHandler()) // auth.SSOCallbackPath
	mux.Handle("GET /unsubscribe/{token}", s.unsubscribeHandler())
	mux.Handle("POST /unsubscribe/{token}", s.unsubscribeHandler())
	mux.HandleFunc("GET /healthz", s.healthz)
	if s.Metrics != nil {
		mux.Handle("GET /metrics", s.Metrics.Handler(s.cfg.MetricsToken))
	}
	mux.HandleFunc("GET /readyz", s.readyz)
	if !s.cfg.Production {
		mux.Handle("GET /graphiql", playground.Handler("PLP GraphiQL", "/query"))
	}
	// The web app has every other address, and reaches data only through
	// query, in process.
	mux.Handle("/", app)
	var h http.Handler = s.plainPaths(mux)
	if len(s.cfg.CORSOrigins) > 0 {
		// rs/cors allows every origin when the list is empty, so it is only
		// installed with an explicit allowlist.
		h = cors.New(cors.Options{
			AllowedOrigins:   s.cfg.CORSOrigins,
			AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders:   []string{"Authorization", "Content-Type", "Accept", "X-Request-ID", "GraphQL-Preflight", "Apollo-Require-Preflight"},
			ExposedHeaders:   []string{"X-Request-ID", "Retry-After", "Content-Disposition"},
			AllowCredentials: false,
			MaxAge:           600,
		}).Handler(h)
	}
	return withRequestID(withLogging(s.log, withAudit(s.Audit, withClock(s.cfg.Now, withSlotChanges(s.slotChanges, h)))))
}

// webApp builds the web app over the /query handler. A school's message
// file that does not load is logged, and the built-in messages are used.
func (s *Server) webApp(query http.Handler) http.Handler {
	cfg := web.Config{GraphQL: query, PublicURL: s.cfg.BaseURL(), Messages: s.cfg.WebMessages, MaxUploadBytes: s.cfg.MaxUploadBytes, Log: s.log}
	app, err := web.New(cfg)
	if err != nil && len(cfg.Messages) > 0 {
		s.log.Error("web app: the school's messages did not load; using the built-in ones", "err", err)
		cfg.Messages = nil
		app, err = web.New(cfg)
	}
	if err != nil {
		panic(fmt.Sprintf("web app: %v", err)) // the embedded pages are broken: a build error
	}
	return app
}

// withSessionCookie lets the app's session cookie stand for a bearer token
// on routes a browser opens directly (files, exports), never on /query.
func withSessionCookie(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
				r = r.Clone(r.Context())
				r.Header.Set("Authorization", "Bearer "+c.Value)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the database answers and every migration is
// applied, so a load balancer sends traffic only to a server that can serve.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready: database unreachable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
		return
	}
	pending, err := s.db.Pending(ctx)
	if err != nil || pending > 0 {
		s.log.WarnContext(ctx, "not ready: migrations", "pending", pending, "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "migrations pending", "pending": pending})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting, lets requests in flight finish (up to ShutdownTimeout), and
// returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Whole-request limits; guardQuery lifts them from websockets.
		ReadTimeout:  s.cfg.ReadTimeout,
		WriteTimeout: s.cfg.WriteTimeout,
		IdleTimeout:  2 * time.Minute,
		BaseContext:  func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:     slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if s.db.Dialect == dialect.Postgres {
		go live.Listen(ctx, s.db.SQL, s.Slots, s.log)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// Requests are done: write the audit events they queued, with a
	// deadline of their own, before the database closes.
	auditCtx, cancelAudit := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancelAudit()
	if err := s.Audit.Close(auditCtx); err != nil {
		return fmt.Errorf("write the audit trail: %w", err)
	}
	return nil
}
