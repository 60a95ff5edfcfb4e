package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/web"
)

// DefaultDatabase is the SQLite file used when no database is named.
const DefaultDatabase = "onestop.db"

// DefaultMeetingLink makes video meetings on the public Jitsi Meet
// service, which works in any browser without an account; the random part
// of {room} keeps the room's name from being guessed. An installation
// sets its own meeting service's template.
const DefaultMeetingLink = "https://meet.jit.si/onestop-{room}"

// checkMeetingLink refuses a template that is not an https address naming
// the appointment.
func checkMeetingLink(tmpl string) error {
	if tmpl == "" {
		return nil
	}
	u, err := url.Parse(strings.NewReplacer("{room}", "x", "{reference}", "x").Replace(tmpl))
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return usageError{fmt.Sprintf("--meeting-link %q is not an https:// address", tmpl)}
	}
	if !strings.Contains(tmpl, "{room}") && !strings.Contains(tmpl, "{reference}") {
		return usageError{fmt.Sprintf("--meeting-link %q names no meeting: put {room} or {reference} in it", tmpl)}
	}
	return nil
}

// Config is the server's configuration.
type Config struct {
	Addr     string
	Database string
	Demo     bool
	// DataKey encrypts personal identity codes at rest (32 bytes, base64
	// or hex). Empty: on SQLite a key file next to the database is made
	// and used; on PostgreSQL identity codes cannot be stored.
	DataKey string
	// OIDCFile names a JSON file listing the organisations' OpenID
	// Connect providers.
	OIDCFile string
	// PublicURL is where browsers reach the server.
	PublicURL string
	// SecureCookies marks cookies Secure; set it behind a TLS proxy.
	SecureCookies bool
	// Retention is how long customer data is kept after its last change;
	// 0 switches the retention job off.
	Retention time.Duration
	// MeetingLink is the template of video appointments' meeting links.
	MeetingLink string
	// Remind configures appointment reminders.
	Remind    remindConfig
	LogFormat string
	LogLevel  string
	// ShutdownTimeout bounds how long in-flight requests may take to
	// finish after a stop signal.
	ShutdownTimeout time.Duration
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var cfg Config
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen address (env ONESTOP_ADDR)")
	fs.StringVar(&cfg.Database, "db", DefaultDatabase, "SQLite file or postgres:// URL (env ONESTOP_DATABASE_URL)")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the demo centres into an empty database (env ONESTOP_DEMO)")
	fs.StringVar(&cfg.DataKey, "data-key", "", "key that encrypts personal identity codes: 32 bytes as base64 or hex (env ONESTOP_DATA_KEY)")
	fs.StringVar(&cfg.OIDCFile, "oidc", "", "JSON file of organisations' OpenID Connect providers (env ONESTOP_OIDC)")
	fs.StringVar(&cfg.PublicURL, "public-url", "", "address browsers reach the server at, e.g. https://onestop.example.fi (env ONESTOP_PUBLIC_URL)")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", false, "mark cookies Secure; set when a TLS proxy fronts the server (env ONESTOP_SECURE_COOKIES)")
	fs.DurationVar(&cfg.Retention, "retention", DefaultRetention, "keep customer data this long after its last change; 0 keeps it (env ONESTOP_RETENTION)")
	fs.StringVar(&cfg.MeetingLink, "meeting-link", DefaultMeetingLink,
		"video appointments' meeting link; {room} becomes the reference and a random part, {reference} the reference (env ONESTOP_MEETING_LINK)")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "log format: text or json (env ONESTOP_LOG_FORMAT)")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error (env ONESTOP_LOG_LEVEL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "time in-flight requests get to finish on shutdown (env ONESTOP_SHUTDOWN_TIMEOUT)")
	envs := map[string]string{
		"addr": "ONESTOP_ADDR", "db": "ONESTOP_DATABASE_URL", "demo": "ONESTOP_DEMO", "data-key": "ONESTOP_DATA_KEY",
		"oidc": "ONESTOP_OIDC", "public-url": "ONESTOP_PUBLIC_URL", "secure-cookies": "ONESTOP_SECURE_COOKIES", "retention": "ONESTOP_RETENTION",
		"meeting-link": "ONESTOP_MEETING_LINK",
		"log-format":   "ONESTOP_LOG_FORMAT", "log-level": "ONESTOP_LOG_LEVEL", "shutdown-timeout": "ONESTOP_SHUTDOWN_TIMEOUT",
	}
	maps.Copy(envs, cfg.Remind.flags(fs, getenv))
	if err := parse(fs, args, getenv, envs); err != nil {
		return err
	}
	if err := cfg.Remind.check(); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	tuneGC(getenv)
	return Serve(ctx, cfg, log, func(addr net.Addr) {
		fmt.Fprintf(stdout, "onestop %s listening on http://%s\n", Version(), addr)
		if cfg.Demo {
			fmt.Fprintf(stdout, "demo sign-in at http://%s/signin (the passwords are public: never use the demo for real data)\n", addr)
			for _, a := range demo.Accounts() {
				fmt.Fprintf(stdout, "  %-40s %-24s %s\n", a.Email, a.Password, a.Grant)
			}
		}
	})
}

// The garbage collector's settings. A server's live heap is small (the
// catalogue cache and the requests in flight), and Go's default, GOGC=100,
// collects whenever the heap has doubled: under load, often. Unless GOGC
// is set, onestop lets the heap grow to five times
// its live size; unless GOMEMLIMIT is set, a soft limit of 1 GiB makes the
// collector work harder rather than go over it. docs/PERFORMANCE.md has
// what this saves.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// tuneGC applies the collector's settings where the environment leaves
// them to onestop. The benchmarks, which run the server in-process, call
// it as serve does.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// Serve runs the server until ctx ends, then lets in-flight requests
// finish and closes the database. onListen, if set, is told the address
// once the server accepts connections.
func Serve(ctx context.Context, cfg Config, log *slog.Logger, onListen func(net.Addr)) error {
	if err := checkMeetingLink(cfg.MeetingLink); err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer db.Close()

	keys, err := dataKeys(cfg, db, log)
	if err != nil {
		return err
	}
	oidc, err := readOIDC(cfg.OIDCFile)
	if err != nil {
		return err
	}
	acc := access.NewService(db.Access(), keys, access.DefaultPolicy, nil)

	queues, hub := db.QueuesWithHub(log)
	if cfg.Demo {
		loaded, err := demo.Load(ctx, db.Catalogue())
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			log.Info("demo data loaded")
		} else {
			log.Info("demo data not loaded: the catalogue has data already")
		}
		if _, err := demo.LoadSchedules(ctx, db.Appointments()); err != nil {
			return err
		}
		if err := demo.LoadQueues(ctx, queues); err != nil {
			return err
		}
		added, err := demo.LoadAccounts(ctx, acc)
		if err != nil {
			return err
		}
		log.Info("demo accounts", "added", added)
	}
	if cfg.Retention > 0 {
		go retainEvery(ctx, acc, cfg.Retention, retentionInterval, log)
	}
	startReminders(ctx, db, cfg.Remind, cfg.PublicURL, log)

	go queues.Listen(ctx, func() {}, hub.Changed, func(err error) {
		log.Warn("listening for other instances' queue changes: connection lost; listening again", "err", err)
	})
	srv, err := web.New(web.Config{Version: Version(), OIDC: oidc, PublicURL: cfg.PublicURL, SecureCookies: cfg.SecureCookies,
		MeetingLink: cfg.MeetingLink, RemindBefore: cfg.Remind.Before},
		db.Catalogue(), acc, db.Ping, log, prometheus.NewRegistry(), web.WithBookings(db.Appointments()), web.WithQueues(queues, hub))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	httpServer.RegisterOnShutdown(srv.StopStreams)
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "database", db.String(), "version", Version())
	go warmSearches(ctx, db, log)
	if onListen != nil {
		onListen(ln.Addr())
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: waiting for in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// warmSearches searches every bookable offering once, in the
// background, so that the first residents after a start do not wait
// while the server fills its caches (booking.Warm).
func warmSearches(ctx context.Context, db *store.DB, log *slog.Logger) {
	start := time.Now()
	n, err := booking.Warm(ctx, db.Catalogue(), db.Appointments(), time.Now())
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		log.Warn("warming the slot search: stopped", "offerings", n, "err", err)
		return
	}
	log.Info("slot search warmed", "offerings", n, "took", time.Since(start).Round(time.Millisecond))
}

// openMigrated opens the database and brings its schema up to date.
func openMigrated(ctx context.Context, dsn string, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrated", "versions", applied)
	}
	return db, nil
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	dsn := fs.String("db", DefaultDatabase, "SQLite file or postgres:// URL (env ONESTOP_DATABASE_URL)")
	if err := parse(fs, args, getenv, map[string]string{"db": "ONESTOP_DATABASE_URL"}); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "schema is up to date at version %d\n", v)
	} else {
		fmt.Fprintf(stdout, "applied migrations %v; schema is at version %d\n", applied, v)
	}
	return nil
}
