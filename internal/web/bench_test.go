package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// The catalogue API benchmarks serve the demo centres from SQLite over
// loopback HTTP and report each route's cost as a ratio against a baseline
// measured in the same run: the same HTTP round trip to a handler that runs
// one trivial query on the same database and writes a small JSON body.
//
//	go test -run '^$' -bench CatalogueAPI -benchtime 3s ./internal/web/

func benchGet(b *testing.B, client *http.Client, url string) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Errorf("GET %s = %d", url, res.StatusCode)
				return
			}
		}
	})
}

func BenchmarkCatalogueAPI(b *testing.B) {
	db := storetest.SQLite.Open(b)
	if _, err := demo.Load(context.Background(), db.Catalogue()); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Config{}, db.Catalogue(), accessOf(b, db), db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	api := httptest.NewServer(srv.Handler())
	defer api.Close()
	baseline := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var one int
		if err := db.Reader().QueryRowContext(r.Context(), "SELECT 1").Scan(&one); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}))
	defer baseline.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	// The baseline runs first; its last run (the one with the final b.N)
	// leaves its cost per request here for the ratios below.
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		benchGet(b, client, baseline.URL)
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	routes := []struct{ name, path string }{
		{"point-detail", "/api/v1/points/palojoenkulma"},
		{"points-filtered", "/api/v1/points?municipality=Pori&organisation=kela"},
		{"points-all", "/api/v1/points?limit=500"},
		{"staff-by-language", "/api/v1/staff?language=ar"},
	}
	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			benchGet(b, client, api.URL+rt.path)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x-baseline")
		})
	}
}
