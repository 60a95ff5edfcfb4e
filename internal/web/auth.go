package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Cookie names. The session cookie carries the session id; the CSRF
// cookie carries the token that forms shown before sign-in repeat
// (double submit), so that nobody can sign a visitor in as themselves.
const (
	sessionCookie = "onestop_session"
	csrfCookie    = "onestop_csrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type ctxKey int

const (
	requestInfoKey ctxKey = iota
	actorKey
	sessionKey
	csrfKey
)

// requestID returns the id logRequests gave the request.
func requestID(r *http.Request) string {
	if info := infoOf(r); info != nil {
		return info.id
	}
	return ""
}

// actor returns who makes the request: a signed-in person, an API token,
// or anonymous. Never nil.
func actor(r *http.Request) *access.Actor {
	if a, ok := r.Context().Value(actorKey).(*access.Actor); ok {
		return a
	}
	return access.AnonymousActor(requestID(r))
}

// session returns the browser session of the request, or nil.
func session(r *http.Request) *access.Session {
	s, _ := r.Context().Value(sessionKey).(*access.Session)
	return s
}

// csrfToken is the token forms on this page must carry: the session's
// when signed in, else the pre-session cookie's.
func csrfToken(r *http.Request) string {
	if s := session(r); s != nil {
		return s.CSRF
	}
	t, _ := r.Context().Value(csrfKey).(string)
	return t
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// authenticate finds the actor of a request — an API token in the
// Authorization header or a session cookie — and guards every
// state-changing request against cross-site forgery:
//   - requests with a token carry no ambient credential and need no more;
//   - requests with a session must repeat the session's CSRF token in a
//     form field or the X-CSRF-Token header;
//   - form posts without a session (sign-in) must repeat the CSRF cookie.
//
// Cross-origin state-changing requests from browsers are refused before
// any of this by crossOrigin.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Static files are the same for everyone: no session lookup for
		// each stylesheet and icon.
		if strings.HasPrefix(r.URL.Path, "/static/") && !unsafeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		id := requestID(r)
		// API tokens are for the API; pages know only sessions.
		if auth := r.Header.Get("Authorization"); auth != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				s.fail(w, r, errs.E(errs.Unauthorized, "Give an API token as Authorization: Bearer <token>."))
				return
			}
			a, err := s.access.TokenActor(ctx, strings.TrimSpace(secret), id)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, actorKey, a)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			sess, err := s.access.SessionOf(ctx, c.Value, id)
			switch {
			case err == nil:
				ctx = context.WithValue(context.WithValue(ctx, sessionKey, &sess), actorKey, sess.Actor)
				// What a signed-in person sees stays out of caches and
				// the back button of a shared computer; static files
				// set their own caching.
				w.Header().Set("Cache-Control", "no-store")
			case errs.Is(err, errs.Unauthorized):
				s.clearCookie(w, sessionCookie)
			default:
				s.fail(w, r, err)
				return
			}
		}
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 && len(c.Value) <= 64 {
			ctx = context.WithValue(ctx, csrfKey, c.Value)
		}
		r = r.WithContext(ctx)
		if unsafeMethod(r.Method) {
			if err := checkCSRF(r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// errCSRF is the answer to a state-changing request without a valid token.
var errCSRF = errs.E(errs.Forbidden, "The form has expired or did not come from this site. Reload the page and try again.")

func checkCSRF(r *http.Request) error {
	sess := session(r)
	api := strings.HasPrefix(r.URL.Path, "/api/")
	if sess == nil && api {
		// No credential rides along: an anonymous API call can do
		// nothing a forged one could not.
		return nil
	}
	want := csrfToken(r)
	got := r.Header.Get(csrfHeader)
	if got == "" && !api {
		got = r.PostFormValue(csrfField)
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}

// ensureCSRFCookie gives a visitor without a session a CSRF cookie for the
// forms on the page being shown, and returns its value.
func (s *Server) ensureCSRFCookie(w http.ResponseWriter, r *http.Request) string {
	if t := csrfToken(r); t != "" {
		return t
	}
	t := access.NewSecret("")
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: t, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	return t
}

// crossOrigin refuses state-changing requests a browser marks as coming
// from another site (Sec-Fetch-Site, or Origin against Host), using the
// standard library's protection.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errs.E(errs.Forbidden, "Cross-site requests that change data are refused."))
	}))
	return p.Handler(next)
}

func (s *Server) secure(r *http.Request) bool { return s.cfg.SecureCookies || r.TLS != nil }

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// setSessionCookie hands the browser its new session. The cookie has no
// expiry of its own: it ends with the browser, which matters on the
// shared computers of a service point; the server ends it earlier on
// idle or absolute timeout.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, sess access.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sess.Token, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// clientAddr is the address rate limits count sign-ins from.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requireSignedIn answers 401 unless the request has a signed-in actor.
func requireSignedIn(r *http.Request) (*access.Actor, error) {
	a := actor(r)
	if !a.SignedIn() {
		return a, access.Denied(a, "This needs a staff account or an API token.")
	}
	return a, nil
}
