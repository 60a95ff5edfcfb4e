package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// pointPageAt renders the Palojoenkulma page in lang as if it were at.
func pointPageAt(t *testing.T, ts func(time.Time) *httptest.Server, at, lang string) string {
	t.Helper()
	now, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	srv := ts(now)
	req, _ := http.NewRequest("GET", srv.URL+"/points/palojoenkulma", nil)
	req.Header.Set("Accept-Language", lang)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("point page = %d\n%s", res.StatusCode, b)
	}
	return html.UnescapeString(string(b))
}

func TestPointPageHours(t *testing.T) {
	db := storetest.SQLite.Open(t)
	if _, err := demo.Load(context.Background(), db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	at := func(now time.Time) *httptest.Server {
		return serveDB(t, db, web.Config{Now: func() time.Time { return now }})
	}
	cases := []struct {
		at, lang string
		want     []string
	}{
		// Tuesday 15 Dec 2026 15.45: the point is open; Kela's walk-in has
		// closed and, with none on Wednesdays, opens again on Thursday.
		{"2026-12-15T15:45:00+02:00", "en", []string{"Open now, until 16.00", "Closed now – opens Thursday at 12.00", "Mon, Tue, Thu, Fri 12.00–15.30"}},
		{"2026-12-15T15:45:00+02:00", "fi", []string{"Avoinna nyt, klo 16.00 asti", "Suljettu nyt – avautuu torstaina klo 12.00", "ma, ti, to, pe 12.00–15.30"}},
		{"2026-12-15T15:45:00+02:00", "sv", []string{"Öppet nu, till kl. 16.00", "Stängt nu – öppnar på torsdag kl. 12.00"}},
		// Wednesday 16 Dec 13.00: Thursday is tomorrow.
		{"2026-12-16T13:00:00+02:00", "en", []string{"Closed now – opens tomorrow at 12.00"}},
		// Monday 21 Dec 13.00: walk-in is open; Christmas week: only Monday
		// and Tuesday have walk-in, closure and holidays are announced.
		{"2026-12-21T13:00:00+02:00", "en", []string{"Open now, until 15.30", "Mon, Tue 12.00–15.30", "Thu 24.12. Christmas Eve: closed", "Fri 25.12. Christmas Day: closed", "Mon–Wed 09.00–16.00"}},
		{"2026-12-21T13:00:00+02:00", "fi", []string{"to 24.12. Jouluaatto: suljettu", "pe 25.12. Joulupäivä: suljettu"}},
		// Wednesday 23 Dec 17.00: closed until after the holidays.
		{"2026-12-23T17:00:00+02:00", "en", []string{"Closed now – opens Monday at 09.00"}},
		// Midsummer 2027: Friday 25 June is Midsummer Eve, a closure day.
		{"2027-06-22T10:00:00+03:00", "sv", []string{"fre 25.6. Midsommarafton: stängt", "lör 26.6. Midsommardagen: stängt"}},
	}
	for _, tc := range cases {
		page := pointPageAt(t, at, tc.at, tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("at %s in %s: the page lacks %q", tc.at, tc.lang, w)
			}
		}
	}
}
