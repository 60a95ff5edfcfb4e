package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// BenchmarkAccess measures what access control costs a request, on SQLite
// over loopback HTTP, against a baseline in the same run: an anonymous
// GET of one organisation (one indexed read, no credentials).
//
//   - token: the same GET with an API token (a token lookup per request);
//
//   - session: the same GET with a session cookie (a session lookup);
//
//   - customer-read: an audited read of a customer record (the read and
//     its audit entry in one write transaction);
//
//   - customer-create: recording a customer with an identity code (keyed
//     hash, encryption, insert and audit entry in one transaction).
//
//     go test -run '^$' -bench Access -benchtime 2s ./internal/web/
func BenchmarkAccess(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite.Open(b)
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		b.Fatal(err)
	}
	svc := accessOf(b, db)
	if _, err := demo.LoadAccounts(ctx, svc); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Config{}, db.Catalogue(), svc, db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	_, secret, err := svc.CreateToken(ctx, access.SystemActor("bench"), "bench", access.Grant{Role: access.Staff, Organisation: "kela"})
	if err != nil {
		b.Fatal(err)
	}
	acc, err := db.Access().AccountByEmail(ctx, "staff.kela@demo.onestop.fi")
	if err != nil {
		b.Fatal(err)
	}
	sess, err := svc.StartSession(ctx, acc, "", "bench")
	if err != nil {
		b.Fatal(err)
	}
	cust, err := svc.CreateCustomer(ctx, acc.Actor("bench"), access.CustomerInput{Customer: access.Customer{Name: "Maija Meikäläinen"}}, "")
	if err != nil {
		b.Fatal(err)
	}

	request := func(b *testing.B, method, path, body string, want int, header ...string) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				res, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != want {
					b.Errorf("%s %s = %d", method, path, res.StatusCode)
					return
				}
			}
		})
	}
	token := []string{"Authorization", "Bearer " + secret}
	var baseNs float64
	b.Run("baseline", func(b *testing.B) {
		request(b, "GET", "/api/v1/organisations/kela", "", 200)
		baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	cases := []struct {
		name, method, path, body string
		want                     int
		header                   []string
	}{
		{"token", "GET", "/api/v1/organisations/kela", "", 200, token},
		{"session", "GET", "/api/v1/organisations/kela", "", 200, []string{"Cookie", "onestop_session=" + sess.Token}},
		{"customer-read", "GET", "/api/v1/customers/" + cust.ID, "", 200, token},
		{"customer-create", "POST", "/api/v1/customers", `{"name":"Uusi Asiakas","identity_code":"131052-308T"}`, 201,
			append([]string{"Content-Type", "application/json"}, token...)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			request(b, c.method, c.path, c.body, c.want, c.header...)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseNs, "x-baseline")
		})
	}
}
