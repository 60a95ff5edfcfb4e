package web

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes fails when a route under /api/v1/ is registered
// but not described in openapi.json, or described but not registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	s := &Server{log: slog.New(slog.DiscardHandler)}
	var registered, documented []string
	for _, rt := range s.routeTable() {
		if rt.isAPI() {
			registered = append(registered, rt.method+" "+rt.path)
		}
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
			var o struct {
				Responses map[string]json.RawMessage `json:"responses"`
				Summary   string                     `json:"summary"`
			}
			json.Unmarshal(op, &o)
			if len(o.Responses) == 0 || o.Summary == "" {
				t.Errorf("%s %s: needs a summary and responses", method, path)
			}
		}
	}
	slices.Sort(registered)
	slices.Sort(documented)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is registered but not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json describes %s, which is not registered", d)
		}
	}
	if len(registered) < 8 {
		t.Errorf("only %d API routes found; the route table lost some", len(registered))
	}
}
