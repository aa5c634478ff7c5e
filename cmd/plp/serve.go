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

	"plp/internal/devtools/demo"
	"plp/internal/platform/auth"
	"plp/internal/platform/database"
	"plp/server"
)

// serveFlags binds the serve flags to cfg; every flag has a PLP_* variable.
// The returned func finishes the flags that need work after Parse (it
// reads the persisted queries file).
func serveFlags(cfg *server.Config) (*flag.FlagSet, func() error) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	fs.StringVar(&cfg.Addr, "addr", envOr("PLP_ADDR", cfg.Addr), "listen address (env PLP_ADDR)")
	dbFlags(fs, cfg)
	fs.StringVar(&cfg.StorageURL, "storage-url", envOr("PLP_STORAGE_URL", cfg.StorageURL), "gocloud.dev/blob bucket URL for uploaded files, e.g. file:///srv/plp/files (default: the directory files under --data-dir; env PLP_STORAGE_URL)")
	fs.StringVar(&cfg.KeySecret, "key-secret", envOr("PLP_KEY_SECRET", cfg.KeySecret), "secret that seals the keys signing endorsement credentials (env PLP_KEY_SECRET; keep it out of the database's backups)")
	fs.BoolVar(&cfg.Demo, "demo", envBool("PLP_DEMO", false), "seed the demo school into an empty database (env PLP_DEMO)")
	fs.BoolVar(&cfg.Production, "production", envBool("PLP_PRODUCTION", false), "no GraphiQL, no introspection, JSON logs (env PLP_PRODUCTION)")
	origins := fs.String("cors-origins", os.Getenv("PLP_CORS_ORIGINS"), "comma-separated browser origins allowed to call the API, e.g. https://plp.example.org (env PLP_CORS_ORIGINS)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", envDuration("PLP_SESSION_TTL", cfg.SessionTTL), "how long a sign-in lasts (env PLP_SESSION_TTL)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", envInt("PLP_MAX_BODY_BYTES", cfg.MaxBodyBytes), "largest request body accepted (env PLP_MAX_BODY_BYTES)")
	limitFlags(fs, cfg)
	mailFlags(fs, cfg)
	fs.BoolVar(&cfg.Metrics, "metrics", envBool("PLP_METRICS", cfg.Metrics), "serve GET /metrics in the Prometheus format; in production only with --metrics-token (env PLP_METRICS)")
	fs.StringVar(&cfg.MetricsToken, "metrics-token", os.Getenv("PLP_METRICS_TOKEN"), "bearer token scrapers must send to GET /metrics (env PLP_METRICS_TOKEN)")
	fs.BoolVar(&cfg.Jobs, "jobs", envBool("PLP_JOBS", cfg.Jobs), "run scheduled jobs (reminders, digests); --jobs=false to leave them to another process (env PLP_JOBS)")
	persisted := fs.String("persisted-queries", os.Getenv("PLP_PERSISTED_QUERIES"), "JSON file of sha256 → query: run only these queries (env PLP_PERSISTED_QUERIES)")
	return fs, func() error {
		cfg.CORSOrigins = splitList(*origins)
		if *persisted != "" {
			list, err := server.LoadPersistedQueries(*persisted)
			if err != nil {
				return err
			}
			cfg.PersistedQueries = list
		}
		return nil
	}
}

// limitFlags adds the flags of the GraphQL endpoint's limits, rate limits
// and lockout.
func limitFlags(fs *flag.FlagSet, cfg *server.Config) {
	intFlag := func(p *int, name, env, usage string) {
		fs.IntVar(p, name, int(envInt(env, int64(*p))), usage+" (env "+env+")")
	}
	intFlag(&cfg.MaxComplexity, "max-complexity", "PLP_MAX_COMPLEXITY", "largest query cost accepted; a connection costs its contents times first or last")
	intFlag(&cfg.DefaultPageCost, "default-page-cost", "PLP_DEFAULT_PAGE_COST", "what a connection with neither first nor last counts as, for the query cost")
	intFlag(&cfg.MaxDepth, "max-depth", "PLP_MAX_DEPTH", "deepest query accepted")
	intFlag(&cfg.MaxPageSize, "max-page-size", "PLP_MAX_PAGE_SIZE", "largest first or last on a connection")
	intFlag(&cfg.MaxAliases, "max-aliases", "PLP_MAX_ALIASES", "most aliased fields in a query")
	intFlag(&cfg.MaxDirectives, "max-directives", "PLP_MAX_DIRECTIVES", "most directives in a query")
	intFlag(&cfg.MaxDuplicateFields, "max-duplicate-fields", "PLP_MAX_DUPLICATE_FIELDS", "most times one field may be selected in one place")
	intFlag(&cfg.MaxTokens, "max-tokens", "PLP_MAX_TOKENS", "most lexical tokens in a query")
	fs.Int64Var(&cfg.MaxUploadBytes, "max-upload-bytes", envInt("PLP_MAX_UPLOAD_BYTES", cfg.MaxUploadBytes), "largest multipart (upload) request accepted (env PLP_MAX_UPLOAD_BYTES)")
	fs.DurationVar(&cfg.OperationTimeout, "operation-timeout", envDuration("PLP_OPERATION_TIMEOUT", cfg.OperationTimeout), "longest a query or mutation may run (env PLP_OPERATION_TIMEOUT)")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", envDuration("PLP_READ_TIMEOUT", cfg.ReadTimeout), "longest a request may take to arrive, body included (env PLP_READ_TIMEOUT)")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", envDuration("PLP_WRITE_TIMEOUT", cfg.WriteTimeout), "longest from a request's headers to the end of its response (env PLP_WRITE_TIMEOUT)")
	rateFlag := func(p *auth.Rate, name, env, usage string) {
		if v := os.Getenv(env); v != "" {
			if err := p.Set(v); err != nil {
				fmt.Fprintf(os.Stderr, "ignoring %s: %v\n", env, err)
			}
		}
		fs.Var(p, name, usage+", as N/duration or off (env "+env+")")
	}
	rateFlag(&cfg.SignInRatePerAddress, "sign-in-rate-per-address", "PLP_SIGN_IN_RATE_PER_ADDRESS", "sign-in attempts allowed per client address")
	rateFlag(&cfg.SignInRatePerEmail, "sign-in-rate-per-email", "PLP_SIGN_IN_RATE_PER_EMAIL", "failed sign-ins allowed per email")
	rateFlag(&cfg.SignInLinkRatePerEmail, "sign-in-link-rate-per-email", "PLP_SIGN_IN_LINK_RATE_PER_EMAIL", "sign-in links that may be asked for one email")
	rateFlag(&cfg.MutationRatePerAccount, "mutation-rate-per-account", "PLP_MUTATION_RATE_PER_ACCOUNT", "mutation fields allowed per signed-in account")
	rateFlag(&cfg.StationCodeRate, "station-code-rate", "PLP_STATION_CODE_RATE", "wrong personal codes allowed per evidence station")
	fs.StringVar(&cfg.ClientIPHeader, "client-ip-header", envOr("PLP_CLIENT_IP_HEADER", cfg.ClientIPHeader), "header in which a trusted proxy puts the client's address, e.g. X-Forwarded-For (env PLP_CLIENT_IP_HEADER)")
	intFlag(&cfg.LockoutThreshold, "lockout-threshold", "PLP_LOCKOUT_THRESHOLD", "wrong passwords in a row that lock an account; 0 is off")
	fs.DurationVar(&cfg.LockoutDuration, "lockout-duration", envDuration("PLP_LOCKOUT_DURATION", cfg.LockoutDuration), "how long a lockout lasts (env PLP_LOCKOUT_DURATION)")
}

// mailFlags adds the flags of outgoing mail.
func mailFlags(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.PublicURL, "public-url", envOr("PLP_PUBLIC_URL", cfg.PublicURL), "where people reach PLP, for links in mail, e.g. https://plp.example.org (default: http://ADDR; env PLP_PUBLIC_URL)")
	fs.StringVar(&cfg.SMTPURL, "smtp-url", envOr("PLP_SMTP_URL", cfg.SMTPURL), "SMTP server for mail, smtp://user:pass@host:587 (STARTTLS if offered; ?tls=none or ?tls=required) or smtps://...:465; empty writes .eml files under DATA-DIR/mail (env PLP_SMTP_URL)")
	fs.StringVar(&cfg.MailFrom, "mail-from", envOr("PLP_MAIL_FROM", cfg.MailFrom), "sender of mail (env PLP_MAIL_FROM)")
	fs.DurationVar(&cfg.SignInLinkTTL, "sign-in-link-ttl", envDuration("PLP_SIGN_IN_LINK_TTL", cfg.SignInLinkTTL), "how long a mailed sign-in link works (env PLP_SIGN_IN_LINK_TTL)")
	fs.Var(durationList{&cfg.JobConfig.ConferenceReminders}, "conference-reminders", "how long before a conference to remind its attendees, comma-separated (default 24h,1h; env PLP_CONFERENCE_REMINDERS)")
	if v := os.Getenv("PLP_CONFERENCE_REMINDERS"); v != "" {
		if err := (durationList{&cfg.JobConfig.ConferenceReminders}).Set(v); err != nil {
			fmt.Fprintf(os.Stderr, "ignoring PLP_CONFERENCE_REMINDERS: %v\n", err)
		}
	}
	fs.IntVar(&cfg.JobConfig.AgendaDays, "agenda-days", int(envInt("PLP_AGENDA_DAYS", int64(cfg.JobConfig.AgendaDays))), "days before a conference its agenda is built (env PLP_AGENDA_DAYS)")
	fs.IntVar(&cfg.JobConfig.RequirementReminderDays, "requirement-reminder-days", int(envInt("PLP_REQUIREMENT_REMINDER_DAYS", int64(cfg.JobConfig.RequirementReminderDays))), "days before its due date an unmet plan requirement is reminded of (env PLP_REQUIREMENT_REMINDER_DAYS)")
	fs.DurationVar(&cfg.JobConfig.AgendaSendBefore, "agenda-send-before", envDuration("PLP_AGENDA_SEND_BEFORE", cfg.JobConfig.AgendaSendBefore), "how long before a conference its agenda is mailed to the attendees; until then the student can arrange it (env PLP_AGENDA_SEND_BEFORE)")
	fs.DurationVar(&cfg.MailInterval, "mail-interval", envDuration("PLP_MAIL_INTERVAL", cfg.MailInterval), "how often to send due mail; 0 never (env PLP_MAIL_INTERVAL)")
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
	if err := finish(); err != nil {
		return err
	}
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
	mailer, err := newDispatcher(cfg, db, log)
	if err != nil {
		return err
	}
	if cfg.MailInterval > 0 {
		go mailer.Run(ctx, cfg.MailInterval)
	}
	if cfg.Jobs {
		sched, err := startScheduler(ctx, cfg, db, log, mailer, srv.SlotChanges())
		if err != nil {
			return err
		}
		defer sched.Stop()
	}
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
	withDemo := fs.Bool("demo", false, "load the demo school")
	students := fs.Int("students", 0, "generate a district of N students with families, partners and plans (benchmarks)")
	schoolSize := fs.Int("school-size", 1000, "students per generated school, with --students")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*withDemo && *students <= 0 {
		return fmt.Errorf("nothing to seed: use plp seed --demo or plp seed --students N")
	}
	db, err := openAndMigrate(ctx, cfg, newLogger(false))
	if err != nil {
		return err
	}
	defer db.Close()
	if *students > 0 {
		_, err := seedScale(ctx, db, *students, *schoolSize, os.Stderr)
		return err
	}
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

// durationList is a flag of comma-separated durations.
type durationList struct{ p *[]time.Duration }

func (d durationList) String() string {
	if d.p == nil {
		return ""
	}
	var parts []string
	for _, v := range *d.p {
		parts = append(parts, v.String())
	}
	return strings.Join(parts, ",")
}

func (d durationList) Set(s string) error {
	var out []time.Duration
	for _, part := range splitList(s) {
		v, err := time.ParseDuration(part)
		if err != nil || v <= 0 {
			return fmt.Errorf("%q is not a positive duration", part)
		}
		out = append(out, v)
	}
	*d.p = out
	return nil
}
