// Package web is onestop's HTTP surface: the JSON API under /api/v1, the
// server-rendered pages, health and metrics. Handlers are methods on
// Server, which holds their dependencies; routes.go lists every route.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/queue"
)

// Config holds what the web layer needs from the program's configuration.
type Config struct {
	// Version is shown in /healthz and the page footer.
	Version string
	// OIDC lists the organisations whose staff may sign in through their
	// own OpenID Connect provider.
	OIDC []OIDCProvider
	// PublicURL is the address browsers reach this server at
	// ("https://onestop.example.fi"); OpenID Connect redirects come back
	// to it. Empty: taken from each request.
	PublicURL string
	// MaxBodyBytes bounds a request body; MaxImportBytes bounds a
	// catalogue import.
	MaxBodyBytes   int64
	MaxImportBytes int64
	// SecureCookies marks cookies Secure (set when served over TLS).
	SecureCookies bool
	// Now is the clock pages use for "open now"; nil means time.Now.
	Now func() time.Time
	// MeetingLink is the template of video appointments' links:
	// {reference} is replaced by the booking reference, {room} by the
	// reference and a random part. Empty: video appointments carry no link.
	MeetingLink string
	// RemindBefore is how long before an appointment its reminder goes
	// out; 0 sends none.
	RemindBefore time.Duration
}

// Defaults for the body limits.
const (
	DefaultMaxBodyBytes   = 1 << 20
	DefaultMaxImportBytes = 32 << 20
)

// Option sets an optional dependency of a Server.
type Option func(*Server)

// Server serves onestop over HTTP.
type Server struct {
	cfg    Config
	cat    catalogue.Store
	access *access.Service
	// bookings keeps appointments; nil on a server without them.
	bookings Bookings
	// queues keeps the walk-in queues and hub fans their boards out;
	// nil on a server without them.
	queues queue.Store
	hub    *queue.Hub
	// streamsDone closes when the server shuts down, ending live streams
	// (their clients reconnect to whichever instance answers).
	streamsDone chan struct{}
	stopOnce    sync.Once
	// searching admits slot searches, a few at a time (see search).
	searching chan struct{}
	oidc      *oidcClients
	ready     func(context.Context) error
	log       *slog.Logger
	mux       *http.ServeMux
	metrics   *metrics
	pages     *pages
	routes    []route
}

// New builds a server. ready reports whether the database answers. It
// parses every template at once, so a broken template fails start-up.
func New(cfg Config, cat catalogue.Store, acc *access.Service, ready func(context.Context) error, log *slog.Logger, reg *prometheus.Registry, opts ...Option) (*Server, error) {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxImportBytes <= 0 {
		cfg.MaxImportBytes = DefaultMaxImportBytes
	}
	s := &Server{cfg: cfg, cat: cat, access: acc, ready: ready, log: log, mux: http.NewServeMux(), streamsDone: make(chan struct{}),
		searching: make(chan struct{}, searchers())}
	for _, o := range opts {
		o(s)
	}
	var err error
	if s.oidc, err = newOIDCClients(cfg.OIDC); err != nil {
		return nil, err
	}
	if s.pages, err = newPages(cfg); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(reg)
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.pattern(), rt.handler)
	}
	return s, nil
}

// Handler returns the whole HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverPanics(s.logRequests(s.measure(s.secureHeaders(s.limitBody(s.crossOrigin(s.authenticate(notePattern(s.mux))))))))
}
