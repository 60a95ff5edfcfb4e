package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// apiServer serves the real router over a fresh database of the engine
// holding the store fixture.
func apiServer(t *testing.T, e storetest.Engine, cfg web.Config) *httptest.Server {
	t.Helper()
	return serveDB(t, storetest.Loaded(t, e), cfg)
}

// serveDB serves the real router over db until the test ends.
func serveDB(t *testing.T, db *store.DB, cfg web.Config) *httptest.Server {
	t.Helper()
	queues, hub := db.QueuesWithHub(slog.New(slog.DiscardHandler))
	srv, err := web.New(cfg, db.Catalogue(), accessOf(t, db), db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry(),
		web.WithBookings(db.Appointments()), web.WithQueues(queues, hub))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	// Cleanups run last first: live streams end before the server waits
	// for its requests.
	t.Cleanup(srv.StopStreams)
	return ts
}

// testKey is the data key of test servers.
var testKey = bytes.Repeat([]byte{7}, 32)

// accessOf is the access service of a test server over db.
func accessOf(t testing.TB, db *store.DB) *access.Service {
	t.Helper()
	keys, err := access.NewKeys(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return access.NewService(db.Access(), keys, access.DefaultPolicy, nil)
}

// tokenFor makes an API token with grant g and returns the header that
// carries it.
func tokenFor(t testing.TB, db *store.DB, g access.Grant) []string {
	t.Helper()
	_, secret, err := accessOf(t, db).CreateToken(context.Background(), access.SystemActor("test"), "test "+g.String(), g)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"Authorization", "Bearer " + secret}
}

type response struct {
	status int
	ctype  string
	body   []byte
}

func do(t *testing.T, ts *httptest.Server, method, path string, body io.Reader, header ...string) response {
	t.Helper()
	return send(t, ts.Client(), ts, method, path, body, header...)
}

// send makes one request with client; header holds name, value pairs.
func send(t *testing.T, client *http.Client, ts *httptest.Server, method, path string, body io.Reader, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), body: b}
}

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func TestAPIRead(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := apiServer(t, e, web.Config{})

		r := do(t, ts, "GET", "/api/v1/points/joint-pori", nil)
		if r.status != 200 || r.ctype != "application/json" {
			t.Fatalf("GET point = %d %s %s", r.status, r.ctype, r.body)
		}
		d := decode[catalogue.PointDetail](t, r)
		var orgs []string
		for _, o := range d.Organisations {
			orgs = append(orgs, o.Slug)
		}
		if !slices.Equal(orgs, []string{"kela", "pori"}) || len(d.Offerings) != 2 || len(d.Resources) != 2 {
			t.Errorf("point detail: organisations %v, %d offerings, %d resources", orgs, len(d.Offerings), len(d.Resources))
		}

		cases := []struct {
			path string
			want []string
		}{
			{"/api/v1/points", []string{"joint-pori", "kela-pori", "kela-vaasa"}},
			{"/api/v1/points?municipality=Bj%C3%B6rneborg", []string{"joint-pori", "kela-pori"}},
			{"/api/v1/points?municipality=905", []string{"kela-vaasa"}},
			{"/api/v1/points?service=employment", []string{"joint-pori"}},
			{"/api/v1/points?organisation=kela&kind=office", []string{"kela-pori", "kela-vaasa"}},
			{"/api/v1/organisations", []string{"kela", "pori"}},
			{"/api/v1/services?organisation=pori", []string{"employment", "integration"}},
			{"/api/v1/services?life_event=moving_to_finland", []string{"integration"}},
			{"/api/v1/staff?language=ar&interpreter=true", []string{"lina-tulkki"}},
		}
		for _, tc := range cases {
			r := do(t, ts, "GET", tc.path, nil)
			if r.status != 200 {
				t.Errorf("GET %s = %d %s", tc.path, r.status, r.body)
				continue
			}
			p := decode[page[struct {
				Slug string `json:"slug"`
			}]](t, r)
			var got []string
			for _, it := range p.Items {
				got = append(got, it.Slug)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("GET %s = %v, want %v", tc.path, got, tc.want)
			}
		}

		// Paging: limit 2 then the cursor.
		p1 := decode[page[catalogue.Point]](t, do(t, ts, "GET", "/api/v1/points?limit=2", nil))
		if len(p1.Items) != 2 || p1.NextCursor == "" {
			t.Fatalf("first page: %d items, cursor %q", len(p1.Items), p1.NextCursor)
		}
		p2 := decode[page[catalogue.Point]](t, do(t, ts, "GET", "/api/v1/points?limit=2&cursor="+p1.NextCursor, nil))
		if len(p2.Items) != 1 || p2.Items[0].Slug != "kela-vaasa" || p2.NextCursor != "" {
			t.Errorf("second page: %+v", p2)
		}

		// Staff show name, organisation, languages and services — nothing more.
		r = do(t, ts, "GET", "/api/v1/staff?service=integration", nil)
		var raw struct{ Items []map[string]any }
		json.Unmarshal(r.body, &raw)
		if len(raw.Items) != 1 {
			t.Fatalf("staff: %s", r.body)
		}
		var keys []string
		for k := range raw.Items[0] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"interpreter", "languages", "name", "organisation", "services", "slug"}; !slices.Equal(keys, want) {
			t.Errorf("staff fields %v, want %v", keys, want)
		}
	})
}

// problemOf checks r is problem details with status and returns it.
func problemOf(t *testing.T, r response, status int) web.Problem {
	t.Helper()
	if r.status != status || r.ctype != "application/problem+json" {
		t.Fatalf("got %d %s %s; want %d problem+json", r.status, r.ctype, r.body, status)
	}
	p := decode[web.Problem](t, r)
	if p.Status != status || p.Detail == "" || p.Title == "" {
		t.Fatalf("problem %+v lacks status, title or detail", p)
	}
	return p
}

func TestAPIBadInput(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := apiServer(t, e, web.Config{})
		cases := []struct {
			path   string
			status int
			param  string
			detail string
		}{
			{"/api/v1/points/nowhere", 404, "", `no service point "nowhere"`},
			{"/api/v1/organisations/nobody", 404, "", `no organisation "nobody"`},
			{"/api/v1/services/nothing", 404, "", `no service "nothing"`},
			{"/api/v1/points?limit=0", 400, "limit", "from 1 to 500"},
			{"/api/v1/points?limit=abc", 400, "limit", "whole number"},
			{"/api/v1/points?kind=castle", 400, "kind", "not one of"},
			{"/api/v1/points?service=Not_A_Slug", 400, "service", "not a valid identifier"},
			{"/api/v1/points?service=no-such-service", 400, "service", `no service "no-such-service"`},
			{"/api/v1/points?organisation=no-such-org", 400, "organisation", "no organisation"},
			{"/api/v1/points?municipality=%25%25", 400, "municipality", "not a municipality"},
			{"/api/v1/points?cursor=%21%21", 400, "cursor", "cursor"},
			{"/api/v1/points?colour=blue", 400, "colour", "Unknown query parameter"},
			{"/api/v1/points?kind=office&kind=joint", 400, "kind", "given 2 times"},
			{"/api/v1/staff?interpreter=maybe", 400, "interpreter", "true or false"},
			{"/api/v1/staff?language=Finnish", 400, "language", "language code"},
			{"/api/v1/services?life_event=winning_lottery", 400, "life_event", "not one of"},
			{"/api/v1/nothing-here", 404, "", "openapi.json"},
		}
		for _, tc := range cases {
			p := problemOf(t, do(t, ts, "GET", tc.path, nil), tc.status)
			if p.Param != tc.param || !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("GET %s: problem %+v; want param %q and detail containing %q", tc.path, p, tc.param, tc.detail)
			}
		}
		r := do(t, ts, "DELETE", "/api/v1/points", nil)
		problemOf(t, r, 405)
	})
}

func TestAPIImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		db := storetest.Loaded(t, e)
		ts := serveDB(t, db, web.Config{MaxImportBytes: 4096})
		admin := tokenFor(t, db, access.Grant{Role: access.Admin})
		auth := append(admin, "Content-Type", "application/json")
		org := `{"organisations":[{"slug":"espoo","kind":"municipality","business_id":"0101263-6","name":{"fi":"Espoon kaupunki","sv":"Esbo stad","en":"City of Espoo"}}]}`

		problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(org)), 401)
		problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(org), "Authorization", "Bearer wrong"), 401)

		bad := []struct {
			body   string
			status int
			detail string
		}{
			{`{"organisations": [`, 400, "ends in the middle"},
			{`{"organisations": [}`, 400, "not valid JSON"},
			{``, 400, "empty"},
			{`{"colour": "blue"}`, 400, `unknown field "colour"`},
			{`{"organisations": 3}`, 400, "wrong type"},
			{`{} {}`, 400, "after the JSON object"},
			{`{"organisations":[{"slug":"x","kind":"municipality","business_id":"0101263-5","name":{"fi":"X"}}]}`, 400, "business ID"},
			{`{"services":[{"slug":"s","organisation":"nobody","name":{"fi":"S"},"channels":["phone"],"duration_minutes":30}]}`, 400, `organisation "nobody", which does not exist`},
			{`{"organisations":[{"slug":"kela","kind":"kela","business_id":"2345678-0","name":{"fi":"Kela"}}]}`, 409, `"kela" exists already`},
			{`{"organisations":[{"slug":"fpa","kind":"kela","business_id":"0246246-0","name":{"fi":"Kela"}}]}`, 409, `business ID that another organisation has already`},
			{`{"organisations":[{"slug":"big","kind":"kela","business_id":"0246246-0","name":{"fi":"` + strings.Repeat("x", 5000) + `"}}]}`, 413, "larger than 4096 bytes"},
		}
		for _, tc := range bad {
			p := problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(tc.body), auth...), tc.status)
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("import %.40q: detail %q; want it to contain %q", tc.body, p.Detail, tc.detail)
			}
		}
		problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(org), append(admin, "Content-Type", "text/plain")...), 400)
		// Nothing of the failed imports was written.
		if n := len(decode[page[catalogue.Organisation]](t, do(t, ts, "GET", "/api/v1/organisations", nil)).Items); n != 2 {
			t.Fatalf("after failed imports there are %d organisations, want 2", n)
		}

		if r := do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(org), auth...); r.status != 201 {
			t.Fatalf("import = %d %s", r.status, r.body)
		}
		if r := do(t, ts, "GET", "/api/v1/organisations/espoo", nil); r.status != 200 || !bytes.Contains(r.body, []byte("Esbo stad")) {
			t.Fatalf("imported organisation: %d %s", r.status, r.body)
		}
	})
}

func TestAPIImportNeedsAdmin(t *testing.T) {
	db := storetest.Loaded(t, storetest.SQLite)
	ts := serveDB(t, db, web.Config{})
	staff := tokenFor(t, db, access.Grant{Role: access.OrgAdmin, Organisation: "kela"})
	problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(`{}`), staff...), 403)
	problemOf(t, do(t, ts, "POST", "/api/v1/catalogue", strings.NewReader(`{}`), "Authorization", "Bearer "), 401)
}

func TestOperations(t *testing.T) {
	ts := apiServer(t, storetest.SQLite, web.Config{Version: "v-test"})
	if r := do(t, ts, "GET", "/healthz", nil); r.status != 200 || !bytes.Contains(r.body, []byte("v-test")) {
		t.Errorf("/healthz = %d %s", r.status, r.body)
	}
	if r := do(t, ts, "GET", "/readyz", nil); r.status != 200 {
		t.Errorf("/readyz = %d %s", r.status, r.body)
	}
	do(t, ts, "GET", "/api/v1/points/joint-pori", nil)
	r := do(t, ts, "GET", "/metrics", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`onestop_http_requests_total{code="200",method="GET",route="GET /api/v1/points/{slug}"} 1`)) {
		t.Errorf("/metrics lacks the request count by route:\n%s", r.body)
	}
	if !bytes.Contains(r.body, []byte(`onestop_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/points/{slug}"`)) {
		t.Errorf("/metrics lacks the latency histogram by route")
	}
}

func TestReadyzWhenDatabaseIsDown(t *testing.T) {
	db := storetest.SQLite.Open(t)
	srv, err := web.New(web.Config{}, db.Catalogue(), accessOf(t, db), db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with a closed database = %d", rec.Code)
	}
}
