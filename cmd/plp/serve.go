package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"plp/internal/devtools/demo"
	"plp/internal/platform/auth"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
	"plp/server"
	"plp/web/locale"
)

// serveFlags binds the serve flags to cfg; every flag has a PLP_* variable.
// The returned func finishes the flags that need work after Parse (it
// reads the persisted queries file).
func serveFlags(cfg *server.Config) (*flag.FlagSet, func() error) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env PLP_ADDR)")
	dbFlags(fs, cfg)
	storageFlag(fs, cfg)
	fs.StringVar(&cfg.KeySecret, "key-secret", cfg.KeySecret, "secret that seals the keys signing endorsement credentials (env PLP_KEY_SECRET; keep it out of the database's backups)")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "seed the demo school into an empty database (env PLP_DEMO)")
	fs.BoolVar(&cfg.Production, "production", cfg.Production, "no GraphiQL, no introspection, JSON logs (env PLP_PRODUCTION)")
	origins := fs.String("cors-origins", "", "comma-separated browser origins allowed to call the API, e.g. https://plp.example.org (env PLP_CORS_ORIGINS)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", cfg.SessionTTL, "how long a sign-in lasts (env PLP_SESSION_TTL)")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", cfg.MaxBodyBytes, "largest request body accepted (env PLP_MAX_BODY_BYTES)")
	limitFlags(fs, cfg)
	mailFlags(fs, cfg)
	fs.BoolVar(&cfg.Metrics, "metrics", cfg.Metrics, "serve GET /metrics in the Prometheus format; in production only with --metrics-token (env PLP_METRICS)")
	fs.StringVar(&cfg.MetricsToken, "metrics-token", cfg.MetricsToken, "bearer token scrapers must send to GET /metrics (env PLP_METRICS_TOKEN)")
	fs.BoolVar(&cfg.Jobs, "jobs", cfg.Jobs, "run scheduled jobs (reminders, digests); --jobs=false to leave them to another process (env PLP_JOBS)")
	persisted := fs.String("persisted-queries", "", "JSON file of sha256 → query: run only these queries (env PLP_PERSISTED_QUERIES)")
	messages := fs.String("messages", "", "comma-separated message files for the web app, named web.<lang>.yaml, that add to or override its words (env PLP_MESSAGES)")
	return fs, func() error {
		cfg.CORSOrigins = splitList(*origins)
		if cfg.WebMessages = splitList(*messages); len(cfg.WebMessages) > 0 {
			if _, err := locale.Load(cfg.WebMessages...); err != nil {
				return err
			}
		}
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
		fs.IntVar(p, name, *p, usage+" (env "+env+")")
	}
	intFlag(&cfg.MaxComplexity, "max-complexity", "PLP_MAX_COMPLEXITY", "largest query cost accepted; a connection costs its contents times first or last")
	intFlag(&cfg.DefaultPageCost, "default-page-cost", "PLP_DEFAULT_PAGE_COST", "what a connection with neither first nor last counts as, for the query cost")
	intFlag(&cfg.MaxDepth, "max-depth", "PLP_MAX_DEPTH", "deepest query accepted")
	intFlag(&cfg.MaxPageSize, "max-page-size", "PLP_MAX_PAGE_SIZE", "largest first or last on a connection")
	intFlag(&cfg.MaxAliases, "max-aliases", "PLP_MAX_ALIASES", "most aliased fields in a query")
	intFlag(&cfg.MaxDirectives, "max-directives", "PLP_MAX_DIRECTIVES", "most directives in a query")
	intFlag(&cfg.MaxDuplicateFields, "max-duplicate-fields", "PLP_MAX_DUPLICATE_FIELDS", "most times one field may be selected in one place")
	intFlag(&cfg.MaxFilterTerms, "max-filter-terms", "PLP_MAX_FILTER_TERMS", "most terms (fields, list entries, not/and/or entries) in the filters of one request")
	intFlag(&cfg.MaxTokens, "max-tokens", "PLP_MAX_TOKENS", "most lexical tokens in a query")
	fs.Int64Var(&cfg.MaxResponseBytes, "max-response-bytes", cfg.MaxResponseBytes, "largest answer to one operation; a larger one is LIMIT_EXCEEDED, never a partial answer (env PLP_MAX_RESPONSE_BYTES)")
	fs.Int64Var(&cfg.MaxUploadBytes, "max-upload-bytes", cfg.MaxUploadBytes, "largest multipart (upload) request accepted (env PLP_MAX_UPLOAD_BYTES)")
	fs.DurationVar(&cfg.OperationTimeout, "operation-timeout", cfg.OperationTimeout, "longest a query or mutation may run (env PLP_OPERATION_TIMEOUT)")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", cfg.ReadTimeout, "longest a request may take to arrive, body included (env PLP_READ_TIMEOUT)")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "longest from a request's headers to the end of its response (env PLP_WRITE_TIMEOUT)")
	rateFlag := func(p *auth.Rate, name, env, usage string) {
		fs.Var(p, name, usage+", as N/duration or off (env "+env+")")
	}
	rateFlag(&cfg.SignInRatePerAddress, "sign-in-rate-per-address", "PLP_SIGN_IN_RATE_PER_ADDRESS", "sign-in attempts allowed per client address")
	rateFlag(&cfg.SignInRatePerEmail, "sign-in-rate-per-email", "PLP_SIGN_IN_RATE_PER_EMAIL", "failed sign-ins allowed per email from one client address")
	rateFlag(&cfg.SignInLinkRatePerEmail, "sign-in-link-rate-per-email", "PLP_SIGN_IN_LINK_RATE_PER_EMAIL", "sign-in links that may be asked for one email")
	rateFlag(&cfg.MutationRatePerAccount, "mutation-rate-per-account", "PLP_MUTATION_RATE_PER_ACCOUNT", "mutation fields allowed per signed-in account")
	rateFlag(&cfg.StationCodeRate, "station-code-rate", "PLP_STATION_CODE_RATE", "wrong personal codes allowed per evidence station")
	fs.StringVar(&cfg.ClientIPHeader, "client-ip-header", cfg.ClientIPHeader, "header in which a trusted proxy puts the client's address, e.g. X-Forwarded-For (env PLP_CLIENT_IP_HEADER)")
	intFlag(&cfg.Throttle.Free, "sign-in-free-failures", "PLP_SIGN_IN_FREE_FAILURES", "wrong passwords for an email from one address before each costs a wait")
	fs.DurationVar(&cfg.Throttle.FirstDelay, "sign-in-first-delay", cfg.Throttle.FirstDelay, "the first wait after the free failures, doubled at each further one; 0 is no throttle (env PLP_SIGN_IN_FIRST_DELAY)")
	fs.DurationVar(&cfg.Throttle.MaxDelay, "sign-in-max-delay", cfg.Throttle.MaxDelay, "the longest wait between wrong passwords from one address (env PLP_SIGN_IN_MAX_DELAY)")
	intFlag(&cfg.Throttle.HardLockFailures, "hard-lock-failures", "PLP_HARD_LOCK_FAILURES", "wrong passwords for an email, from all addresses within the window, that pause password sign-in for it; 0 is never")
	intFlag(&cfg.Throttle.HardLockAddresses, "hard-lock-addresses", "PLP_HARD_LOCK_ADDRESSES", "how many addresses those failures must come from")
	fs.DurationVar(&cfg.Throttle.Window, "sign-in-failure-window", cfg.Throttle.Window, "how long wrong passwords are remembered (env PLP_SIGN_IN_FAILURE_WINDOW)")
}

// mailFlags adds the flags of outgoing mail.
func mailFlags(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "where people reach PLP, for links in mail, e.g. https://plp.example.org (default: http://ADDR; env PLP_PUBLIC_URL)")
	fs.StringVar(&cfg.SMTPURL, "smtp-url", cfg.SMTPURL, "SMTP server for mail, smtp://user:pass@host:587 (STARTTLS if offered; ?tls=none or ?tls=required) or smtps://...:465; empty writes .eml files under DATA-DIR/mail (env PLP_SMTP_URL)")
	fs.DurationVar(&cfg.SMTPTimeouts.Command, "smtp-timeout", cfg.SMTPTimeouts.Command, "how long to wait for the SMTP server to connect and answer each command (env PLP_SMTP_TIMEOUT)")
	fs.DurationVar(&cfg.SMTPTimeouts.Reply, "smtp-reply-timeout", cfg.SMTPTimeouts.Reply, "how long to wait for the SMTP server to accept a sent message; shorter risks sending it twice (RFC 5321 recommends 10m; env PLP_SMTP_REPLY_TIMEOUT)")
	fs.StringVar(&cfg.MailFrom, "mail-from", cfg.MailFrom, "sender of mail (env PLP_MAIL_FROM)")
	fs.DurationVar(&cfg.SignInLinkTTL, "sign-in-link-ttl", cfg.SignInLinkTTL, "how long a mailed sign-in link works (env PLP_SIGN_IN_LINK_TTL)")
	fs.Var(durationList{&cfg.JobConfig.ConferenceReminders}, "conference-reminders", "how long before a conference to remind its attendees, comma-separated (default 24h,1h; env PLP_CONFERENCE_REMINDERS)")
	fs.DurationVar(&cfg.JobConfig.SchedulerLease, "scheduler-lease", cfg.JobConfig.SchedulerLease, "with several replicas on PostgreSQL, how long the leader's lease on the scheduled jobs lasts unless renewed; a dead or hung leader is replaced within about 4/3 of it (env PLP_SCHEDULER_LEASE)")
	fs.IntVar(&cfg.JobConfig.AgendaDays, "agenda-days", cfg.JobConfig.AgendaDays, "days before a conference its agenda is built (env PLP_AGENDA_DAYS)")
	fs.IntVar(&cfg.JobConfig.RequirementReminderDays, "requirement-reminder-days", cfg.JobConfig.RequirementReminderDays, "days before its due date an unmet plan requirement is reminded of (env PLP_REQUIREMENT_REMINDER_DAYS)")
	fs.DurationVar(&cfg.JobConfig.AgendaSendBefore, "agenda-send-before", cfg.JobConfig.AgendaSendBefore, "how long before a conference its agenda is mailed to the attendees; until then the student can arrange it (env PLP_AGENDA_SEND_BEFORE)")
	fs.StringVar(&cfg.JobConfig.BackupDir, "backup-dir", cfg.JobConfig.BackupDir, "where the daily backup job writes its archives (SQLite); a relative path is under --data-dir (env PLP_BACKUP_DIR)")
	fs.IntVar(&cfg.JobConfig.BackupKeep, "backup-keep", cfg.JobConfig.BackupKeep, "how many daily backups to keep, the newest; 0 turns the backup job off (env PLP_BACKUP_KEEP)")
	fs.DurationVar(&cfg.MailInterval, "mail-interval", cfg.MailInterval, "how often to send due mail; 0 never (env PLP_MAIL_INTERVAL)")
}

// dbFlags adds the flags that choose the database.
func dbFlags(fs *flag.FlagSet, cfg *server.Config) {
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory for the SQLite file, stored files and outgoing mail (env PLP_DATA_DIR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "postgres:// URL to use PostgreSQL instead of SQLite (env PLP_DATABASE_URL)")
}

// serveConfig is the configuration of `plp serve ARGS`: the defaults, then
// the PLP_* variables, then the flags. A value a flag refuses, from either,
// is an error that names it.
func serveConfig(args []string) (server.Config, error) {
	cfg := server.DefaultConfig()
	fs, finish := serveFlags(&cfg)
	if err := envflag.Parse(fs, args); err != nil {
		return cfg, err
	}
	return cfg, finish()
}

func serve(ctx context.Context, args []string) error {
	cfg, err := serveConfig(args)
	if err != nil {
		return err
	}
	log := startLogging(os.Stderr, cfg.Production)
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
		if srv.Metrics != nil {
			srv.Metrics.WatchLeader(sched.Leading)
		}
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
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	startLogging(os.Stderr, false)
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
	// A district at scale is developer tooling now; the flags stay so an
	// old command line is told where it went.
	students := fs.Int("students", 0, "moved: go run ./cmd/plpdev seed --students N")
	fs.Int("school-size", 1000, "moved: go run ./cmd/plpdev seed --students N --school-size M")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	if *students > 0 {
		return moved(append([]string{"seed"}, args...))
	}
	if !*withDemo {
		return fmt.Errorf("nothing to seed: use plp seed --demo (a district at scale: go run ./cmd/plpdev seed --students N)")
	}
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
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

// startLogging makes the command's logger, JSON in production, with the
// request id of a request's context on every line, and makes it the
// process's default: code that logs through slog.Default, and the log
// package (net/http's errors), writes the same lines.
func startLogging(w io.Writer, production bool) *slog.Logger {
	var h slog.Handler
	if production {
		h = slog.NewJSONHandler(w, nil)
	} else {
		h = slog.NewTextHandler(w, nil)
	}
	log := slog.New(server.NewLogHandler(h))
	slog.SetDefault(log)
	return log
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
