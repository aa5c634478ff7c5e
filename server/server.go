package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"plp/auth"
	"plp/database"
)

// Server is PLP's HTTP server.
type Server struct {
	cfg     Config
	db      *database.DB
	log     *slog.Logger
	Auth    *auth.Service
	handler http.Handler
}

// New assembles the server on an open, migrated database.
func New(cfg Config, db *database.DB, log *slog.Logger) *Server {
	authn := auth.NewService(db.Client, cfg.SessionTTL)
	if cfg.Now != nil {
		authn.Now = cfg.Now
	}
	s := &Server{cfg: cfg, db: db, log: log, Auth: authn}
	s.handler = s.routes()
	return s
}

// Handler returns the server's root handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	gql := newGraphQLHandler(s.cfg, s.db.Client, s.Auth, s.log)
	mux.Handle("/query", limitBody(s.cfg.MaxBodyBytes, withoutNullData(withViewer(s.Auth, gql))))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if !s.cfg.Production {
		mux.Handle("GET /{$}", playground.Handler("PLP GraphiQL", "/query"))
	}
	var h http.Handler = mux
	if len(s.cfg.CORSOrigins) > 0 {
		// rs/cors allows every origin when the list is empty, so it is only
		// installed with an explicit allowlist.
		h = cors.New(cors.Options{
			AllowedOrigins:   s.cfg.CORSOrigins,
			AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders:   []string{"Authorization", "Content-Type", "Accept", "X-Request-ID"},
			ExposedHeaders:   []string{"X-Request-ID"},
			AllowCredentials: false,
			MaxAge:           600,
		}).Handler(h)
	}
	return withRequestID(withLogging(s.log, h))
}

// limitBody caps request bodies: gqlgen reads the whole body otherwise.
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
				"message":    fmt.Sprintf("The request body is larger than %d bytes.", n),
				"extensions": map[string]any{"code": "LIMIT_EXCEEDED"},
			}}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
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
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
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
	return nil
}
