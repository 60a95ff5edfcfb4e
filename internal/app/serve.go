package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/web"
)

// DefaultDatabase is the SQLite file used when no database is named.
const DefaultDatabase = "onestop.db"

// Config is the server's configuration.
type Config struct {
	Addr       string
	Database   string
	Demo       bool
	AdminToken string
	LogFormat  string
	LogLevel   string
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
	fs.StringVar(&cfg.AdminToken, "admin-token", "", "bearer token that allows catalogue imports over the API (env ONESTOP_ADMIN_TOKEN)")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "log format: text or json (env ONESTOP_LOG_FORMAT)")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error (env ONESTOP_LOG_LEVEL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "time in-flight requests get to finish on shutdown (env ONESTOP_SHUTDOWN_TIMEOUT)")
	if err := parse(fs, args, getenv, map[string]string{
		"addr": "ONESTOP_ADDR", "db": "ONESTOP_DATABASE_URL", "demo": "ONESTOP_DEMO", "admin-token": "ONESTOP_ADMIN_TOKEN",
		"log-format": "ONESTOP_LOG_FORMAT", "log-level": "ONESTOP_LOG_LEVEL", "shutdown-timeout": "ONESTOP_SHUTDOWN_TIMEOUT",
	}); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	return Serve(ctx, cfg, log, func(addr net.Addr) {
		fmt.Fprintf(stdout, "onestop %s listening on http://%s\n", Version(), addr)
	})
}

// Serve runs the server until ctx ends, then lets in-flight requests
// finish and closes the database. onListen, if set, is told the address
// once the server accepts connections.
func Serve(ctx context.Context, cfg Config, log *slog.Logger, onListen func(net.Addr)) error {
	db, err := openMigrated(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer db.Close()

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
	}

	srv, err := web.New(web.Config{Version: Version(), AdminToken: cfg.AdminToken}, db.Catalogue(), db.Ping, log, prometheus.NewRegistry())
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
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "database", db.String(), "version", Version())
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
