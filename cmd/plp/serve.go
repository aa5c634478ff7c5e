package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"plp/database"
	"plp/demo"
	"plp/server"
)

// serveFlags binds the serve flags to cfg; every flag has a PLP_* variable.
// The returned func finishes the flags that need parsing after Parse.
func serveFlags(cfg *server.Config) (*flag.FlagSet, func()) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	fs.StringVar(&cfg.Addr, "addr", envOr("PLP_ADDR", cfg.Addr), "listen address (env PLP_ADDR)")
	dbFlags(fs, cfg)
	fs.BoolVar(&cfg.Demo, "demo", envBool("PLP_DEMO", false), "seed the demo school into an empty database (env PLP_DEMO)")
	fs.BoolVar(&cfg.Production, "production", envBool("PLP_PRODUCTION", false), "no GraphiQL, no introspection, JSON logs (env PLP_PRODUCTION)")
	origins := fs.String("cors-origins", os.Getenv("PLP_CORS_ORIGINS"), "comma-separated browser origins allowed to call the API, e.g. https://plp.example.org (env PLP_CORS_ORIGINS)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", envDuration("PLP_SESSION_TTL", cfg.SessionTTL), "how long a sign-in lasts (env PLP_SESSION_TTL)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", envInt("PLP_MAX_BODY_BYTES", cfg.MaxBodyBytes), "largest request body accepted (env PLP_MAX_BODY_BYTES)")
	return fs, func() { cfg.CORSOrigins = splitList(*origins) }
}

// dbFlags adds the flags that choose the database.
func dbFlags(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.DataDir, "data-dir", envOr("PLP_DATA_DIR", cfg.DataDir), "directory for the SQLite file, stored files and outgoing mail (env PLP_DATA_DIR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", os.Getenv("PLP_DATABASE_URL"), "postgres:// URL to use PostgreSQL instead of SQLite (env PLP_DATABASE_URL)")
}

func serve(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	fs, finish := serveFlags(&cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	finish()
	log := newLogger(cfg.Production)
	db, err := openAndMigrate(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.Demo {
		seeded, creds, err := demo.SeedIfEmpty(ctx, db.Client, time.Now())
		if err != nil {
			return fmt.Errorf("seed demo school: %w", err)
		}
		if seeded {
			log.Info("seeded the demo school")
		}
		printCredentials(creds, seeded)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := server.New(cfg, db, log)
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "graphql", "http://"+ln.Addr().String()+"/query", "dialect", db.Dialect, "production", cfg.Production)
	err = srv.Serve(ctx, ln)
	log.Info("stopped")
	return err
}

func openAndMigrate(ctx context.Context, cfg server.Config, log *slog.Logger) (*database.DB, error) {
	db, err := database.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("applied migrations", "count", n)
	}
	return db, nil
}

func migrateUp(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("migrate", flag.ExitOnError)
	dbFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("applied %d migration(s); the database is current\n", n)
	return nil
}

func seed(ctx context.Context, args []string) error {
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	dbFlags(fs, &cfg)
	withDemo := fs.Bool("demo", false, "load the demo school (required: it is the only seed so far)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*withDemo {
		return fmt.Errorf("nothing to seed: use plp seed --demo")
	}
	db, err := openAndMigrate(ctx, cfg, newLogger(false))
	if err != nil {
		return err
	}
	defer db.Close()
	seeded, creds, err := demo.SeedIfEmpty(ctx, db.Client, time.Now())
	if err != nil {
		return fmt.Errorf("seed demo school: %w", err)
	}
	printCredentials(creds, seeded)
	return nil
}

func printCredentials(creds []demo.Credential, seeded bool) {
	if !seeded {
		fmt.Println("The database already holds a school; the demo school was not added again.")
	}
	if len(creds) == 0 {
		return
	}
	fmt.Println("Demo accounts (password " + demo.Password + "):")
	for _, c := range creds {
		fmt.Printf("  %-10s %-28s %s\n", c.Role, c.Email, c.Name)
	}
	fmt.Println("  ... and advisor1-3, student1-60, family1-60, partner1-5 @demo.plp.test")
}

func newLogger(production bool) *slog.Logger {
	var h slog.Handler
	if production {
		h = slog.NewJSONHandler(os.Stderr, nil)
	} else {
		h = slog.NewTextHandler(os.Stderr, nil)
	}
	return slog.New(server.NewLogHandler(h))
}

func splitList(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

func envBool(key string, fallback bool) bool {
	switch strings.ToLower(os.Getenv(key)) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	return fallback
}

func envDuration(key string, fallback time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return d
	}
	return fallback
}

func envInt(key string, fallback int64) int64 {
	var n int64
	if _, err := fmt.Sscan(os.Getenv(key), &n); err == nil {
		return n
	}
	return fallback
}
