package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/errs"
)

// statusOf maps an error kind to its HTTP status. This is the one place
// where domain errors meet HTTP.
func statusOf(kind errs.Kind) int {
	switch kind {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Param names the query parameter or field at fault, if any.
	Param string `json:"param,omitempty"`
	// Alternatives are the next free slots when the one asked for was
	// taken.
	Alternatives []booking.Slot `json:"alternatives,omitempty"`
}

// fail answers a request with err: problem details under /api/, an HTML
// page elsewhere. Internal errors are logged with their cause and shown
// as a generic sentence.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	kind := errs.KindOf(err)
	status := statusOf(kind)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: errs.Message(err)}
		var e *errs.Error
		if errors.As(err, &e) {
			p.Param = e.Param
		}
		var taken *slotTaken
		if errors.As(err, &taken) {
			p.Alternatives = taken.next
			if p.Alternatives == nil {
				p.Alternatives = []booking.Slot{}
			}
		}
		writeProblem(w, p)
		return
	}
	s.errorPage(w, r, status, errs.Message(err))
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// apiNotFound answers API paths no route matches: 405 when the path
// exists for another method, 404 otherwise.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeProblem(w, Problem{Type: "about:blank", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
			Detail: r.Method + " is not allowed on " + r.URL.Path + "; use " + strings.Join(allowed, " or ") + "."})
		return
	}
	writeProblem(w, Problem{Type: "about:blank", Title: "Not Found", Status: http.StatusNotFound,
		Detail: "There is no API route " + r.URL.Path + ". The routes are described at /api/v1/openapi.json."})
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
