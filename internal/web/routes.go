package web

import (
	"net/http"
	"strings"
)

// route is one entry of the route table.
type route struct {
	method  string
	path    string
	handler http.HandlerFunc
}

func (r route) pattern() string {
	if r.method == "" {
		return r.path
	}
	return r.method + " " + r.path
}

// isAPI reports whether the route belongs to the documented JSON API.
func (r route) isAPI() bool {
	return r.method != "" && strings.HasPrefix(r.path, apiPrefix) && r.path != apiPrefix+"openapi.json"
}

const apiPrefix = "/api/v1/"

// routeTable lists every route onestop serves. A route under /api/v1/
// must also be described in openapi.json; a test holds the two together.
func (s *Server) routeTable() []route {
	return []route{
		// Operations.
		{"GET", "/healthz", s.healthz},
		{"GET", "/readyz", s.readyz},
		{"GET", "/metrics", s.serveMetrics},

		// JSON API.
		{"GET", "/api/v1/openapi.json", s.openAPI},
		{"GET", "/api/v1/organisations", s.listOrganisations},
		{"GET", "/api/v1/organisations/{slug}", s.getOrganisation},
		{"GET", "/api/v1/services", s.listServices},
		{"GET", "/api/v1/services/{slug}", s.getService},
		{"GET", "/api/v1/points", s.listPoints},
		{"GET", "/api/v1/points/{slug}", s.getPoint},
		{"GET", "/api/v1/points/{slug}/hours", s.getPointHours},
		{"GET", "/api/v1/points/{slug}/hours.ics", s.getPointICS},
		{"GET", "/api/v1/points/{slug}/open", s.getPointOpen},
		{"GET", "/api/v1/points/{slug}/exceptions", s.listExceptions},
		{"POST", "/api/v1/points/{slug}/exceptions", s.addException},
		{"DELETE", "/api/v1/points/{slug}/exceptions/{id}", s.deleteException},
		{"GET", "/api/v1/staff", s.listStaff},
		{"POST", "/api/v1/catalogue", s.importCatalogue},
		{"", "/api/", s.apiNotFound},

		// Pages.
		{"GET", "/{$}", s.frontPage},
		{"GET", "/points/{slug}", s.pointPage},
		{"GET", "/language", s.setLanguage},
		{"GET", "/static/{file...}", s.static},
		{"", "/", s.pageNotFound},
	}
}

// serveMetrics serves the Prometheus metrics of this instance.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
