package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// newTestServer serves the real router over cat.
func newTestServer(t testing.TB, cfg Config, cat catalogue.Store) *httptest.Server {
	t.Helper()
	// Accounts live in a database of their own here: these tests are
	// about public pages, some over a catalogue that is not a database.
	acc := access.NewService(storetest.SQLite.Open(t).Access(), nil, access.DefaultPolicy, nil)
	srv, err := New(cfg, cat, acc, func(context.Context) error { return nil }, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// demoServer serves the demo data set on a fresh database of the engine.
func demoServer(t testing.TB, e storetest.Engine, cfg Config) *httptest.Server {
	t.Helper()
	db := e.Open(t)
	if _, err := demo.Load(context.Background(), db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, cfg, db.Catalogue())
}

type fetched struct {
	status int
	header http.Header
	body   string
}

// fetch fetches path without following redirects; header holds name, value
// pairs.
func fetch(t testing.TB, ts *httptest.Server, path string, header ...string) fetched {
	t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fetched{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (p fetched) has(t testing.TB, what ...string) {
	t.Helper()
	for _, w := range what {
		if !strings.Contains(p.body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func (p fetched) hasNot(t testing.TB, what ...string) {
	t.Helper()
	for _, w := range what {
		if strings.Contains(p.body, w) {
			t.Errorf("page has %q", w)
		}
	}
}

var pointLinkRE = regexp.MustCompile(`href="/points/([a-z0-9-]+)"`)

// pointLinks lists the points a page links to, in order.
func (p fetched) pointLinks() []string {
	var out []string
	for _, m := range pointLinkRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}

// checkPage checks what every page must have: the status, the language,
// one h1, the landmarks and the skip link.
func checkPage(t testing.TB, p fetched, status int, lang string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.status, status, p.body)
	}
	if ct := p.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	p.has(t, `<html lang="`+lang+`">`, `<meta name="viewport"`, `<header`, `<nav`, `<main id="main"`, `<footer`, `href="#main"`,
		`aria-current="true">`+(map[string]string{"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}[lang]))
	if n := strings.Count(p.body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if strings.Contains(p.body, "<script") || strings.Contains(p.body, " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
}

func TestFrontPageListsPoints(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, Config{Version: "test"})
		p := fetch(t, ts, "/", "Accept-Language", "fi")
		checkPage(t, p, http.StatusOK, "fi")
		p.has(t, "Löydä oikea julkinen palvelu", "Palojoenkulman yhteispalvelupiste", "Yrjönkatu 23, 28100 Pori",
			"Yhteispalvelupiste", "Kela, Porin kaupunki, Satakunnan hyvinvointialue",
			`<label for="municipality">`, `<label for="service">`, `<label for="kind">`, `<option value="609">Pori</option>`)
		links := p.pointLinks()
		if !slices.Contains(links, "palojoenkulma") || !slices.Contains(links, "iso-omena") && len(links) < 10 {
			t.Errorf("front page links to %v", links)
		}
		if p.header.Get("Content-Language") != "fi" || !strings.Contains(p.header.Get("Vary"), "Accept-Language") {
			t.Errorf("headers %v", p.header)
		}
	})
}

func TestFrontPageFilters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, Config{})
		cases := []struct {
			query      string
			want, not  []string
			selected   string
			selectedIn string
		}{
			{"municipality=609", []string{"palojoenkulma", "porin-leijona", "ohjaamo-pori"}, []string{"kela-helsinki"}, `<option value="609" selected>`, ""},
			{"municipality=Pori", []string{"palojoenkulma"}, []string{"kela-helsinki"}, `<option value="609" selected>`, ""},
			{"municipality=609&service=kela-benefit-guidance", []string{"palojoenkulma", "ohjaamo-pori"}, []string{"porin-leijona"},
				`<option value="kela-benefit-guidance" selected>`, ""},
			{"kind=joint", []string{"palojoenkulma"}, []string{"porin-leijona", "kela-helsinki"}, `<option value="joint" selected>`, ""},
			{"municipality=&service=&kind=", []string{"palojoenkulma", "kela-helsinki"}, nil, "", ""},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				p := fetch(t, ts, "/?"+c.query, "Accept-Language", "en")
				checkPage(t, p, http.StatusOK, "en")
				links := p.pointLinks()
				for _, w := range c.want {
					if !slices.Contains(links, w) {
						t.Errorf("links %v lack %s", links, w)
					}
				}
				for _, n := range c.not {
					if slices.Contains(links, n) {
						t.Errorf("links %v have %s", links, n)
					}
				}
				if c.selected != "" {
					p.has(t, c.selected)
				}
			})
		}
	})
}

func TestFrontPageBadFilter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, Config{})
		cases := []struct{ query, message, field string }{
			{"service=no-such-service", "There is no service &#34;no-such-service&#34;.", "service"},
			{"service=Not%20A%20Slug", "is not a valid identifier", "service"},
			{"kind=castle", "The kind &#34;castle&#34; is not one of", "kind"},
			{"municipality=Atlantis", "There is no service point in a municipality called &#34;Atlantis&#34;.", "municipality"},
			{"municipality=%3Cscript%3E", "is not a municipality name", "municipality"},
			{"colour=blue", "Unknown query parameter &#34;colour&#34;", ""},
			{"cursor=garbage!", "is not one this server gave out", ""},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				p := fetch(t, ts, "/?"+c.query, "Accept-Language", "fi")
				checkPage(t, p, http.StatusBadRequest, "fi")
				p.has(t, "Tarkista hakuehdot", c.message, `role="alert"`, `<form class="search"`)
				if c.field != "" {
					p.has(t, `id="`+c.field+`" name="`+c.field+`" aria-invalid="true"`)
				}
				p.hasNot(t, "Palojoenkulman yhteispalvelupiste", "<script>")
			})
		}
	})
}

func TestFrontPagePaging(t *testing.T) {
	c := storetest.Fixture()
	base := c.Points[2]
	for i := range 57 {
		pt := base
		pt.Slug = fmt.Sprintf("kela-vaasa-%02d", i)
		c.Points = append(c.Points, pt)
		c.Offerings = append(c.Offerings, catalogue.Offering{Point: pt.Slug, Service: "benefit-guidance", WalkInHours: "Tu 09:00-15:00"})
	}
	db := storetest.SQLite.Open(t)
	if err := db.Catalogue().Import(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{}, db.Catalogue())

	first := fetch(t, ts, "/?service=benefit-guidance", "Accept-Language", "en")
	checkPage(t, first, http.StatusOK, "en")
	if n := len(first.pointLinks()); n != frontPageLimit {
		t.Fatalf("first page lists %d points, want %d", n, frontPageLimit)
	}
	m := regexp.MustCompile(`<a href="([^"]+)" rel="next">Next page</a>`).FindStringSubmatch(first.body)
	if m == nil {
		t.Fatal("first page has no Next page link")
	}
	next := strings.ReplaceAll(m[1], "&amp;", "&")
	if !strings.Contains(next, "service=benefit-guidance") {
		t.Errorf("next page %q loses the filter", next)
	}
	second := fetch(t, ts, next, "Accept-Language", "en")
	checkPage(t, second, http.StatusOK, "en")
	got := append(first.pointLinks(), second.pointLinks()...)
	unique := slices.Compact(slices.Sorted(slices.Values(got)))
	if len(got) != 3+57 || len(unique) != len(got) {
		t.Errorf("two pages list %d points (%d different), want 60", len(got), len(unique))
	}
	second.hasNot(t, `rel="next"`)
	second.has(t, `<a href="/?service=benefit-guidance">First page</a>`)
}

func TestLanguageFromAcceptLanguage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, Config{})
		cases := []struct{ header, lang, heading, pori string }{
			{"", "fi", "Löydä oikea julkinen palvelu", `<option value="609">Pori</option>`},
			{"sv-FI,sv;q=0.9,en;q=0.5", "sv", "Hitta rätt offentlig tjänst", `<option value="609">Björneborg</option>`},
			{"sv", "sv", "Hitta rätt offentlig tjänst", "Palojoenkulma samservicepunkt"},
			{"en-GB,en;q=0.8", "en", "Find the right public service", "Palojoenkulma joint service point"},
			{"fi;q=0.4, sv;q=0.9", "sv", "Hitta rätt offentlig tjänst", "FPA"},
			{"de-DE,de;q=0.9", "en", "Find the right public service", "City of Pori"},
			{"!!garbage", "fi", "Löydä oikea julkinen palvelu", "Porin kaupunki"},
		}
		for _, c := range cases {
			t.Run(c.header, func(t *testing.T) {
				p := fetch(t, ts, "/", "Accept-Language", c.header)
				checkPage(t, p, http.StatusOK, c.lang)
				p.has(t, c.heading, c.pori)
			})
		}
	})
}

func TestLanguageCookie(t *testing.T) {
	db := storetest.SQLite.Open(t)
	if _, err := demo.Load(context.Background(), db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("secure=%v", secure), func(t *testing.T) {
			ts := newTestServer(t, Config{SecureCookies: secure}, db.Catalogue())
			p := fetch(t, ts, "/language?lang=sv&next="+url.QueryEscape("/points/palojoenkulma?x=1"))
			if p.status != http.StatusSeeOther || p.header.Get("Location") != "/points/palojoenkulma?x=1" {
				t.Fatalf("/language answered %d, Location %q", p.status, p.header.Get("Location"))
			}
			res := http.Response{Header: p.header}
			cookies := res.Cookies()
			if len(cookies) != 1 {
				t.Fatalf("cookies %v", cookies)
			}
			c := cookies[0]
			if c.Name != "lang" || c.Value != "sv" || c.Path != "/" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode ||
				c.MaxAge != 365*24*60*60 || c.Secure != secure {
				t.Errorf("cookie %+v", c)
			}
			// The cookie wins over Accept-Language, on pages and error pages.
			page := fetch(t, ts, "/points/palojoenkulma", "Accept-Language", "en", "Cookie", "lang=sv")
			checkPage(t, page, http.StatusOK, "sv")
			page.has(t, "Palojoenkulma samservicepunkt", "Arbetsstationer: 82")
			notFound := fetch(t, ts, "/points/nowhere", "Accept-Language", "en", "Cookie", "lang=sv")
			checkPage(t, notFound, http.StatusNotFound, "sv")
			// A cookie naming no UI language is ignored.
			checkPage(t, fetch(t, ts, "/", "Accept-Language", "en", "Cookie", "lang=de"), http.StatusOK, "en")
		})
	}
}

func TestLanguageSwitchStaysLocal(t *testing.T) {
	ts := newTestServer(t, Config{}, storetest.Loaded(t, storetest.SQLite).Catalogue())
	for _, next := range []string{"//evil.example", "//evil.example/path", "https://evil.example/", "/\\evil.example",
		"\\\\evil.example", "javascript:alert(1)", "evil.example", "", "/%0d%0aSet-Cookie:x=y", "/\tx"} {
		t.Run(next, func(t *testing.T) {
			p := fetch(t, ts, "/language?lang=en&next="+url.QueryEscape(next))
			if p.status != http.StatusSeeOther {
				t.Fatalf("status %d", p.status)
			}
			loc := p.header.Get("Location")
			u, err := url.Parse(loc)
			if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "\\") {
				t.Errorf("next=%q redirects to %q", next, loc)
			}
		})
	}
	p := fetch(t, ts, "/language?lang=de&next=/", "Accept-Language", "en")
	checkPage(t, p, http.StatusBadRequest, "en")
	p.has(t, "The request could not be handled", "The language &#34;de&#34; is not one of fi, sv, en.")
	if len((&http.Response{Header: p.header}).Cookies()) != 0 {
		t.Error("an invalid language set a cookie")
	}
}

func TestSwitcherLinks(t *testing.T) {
	ts := newTestServer(t, Config{}, storetest.Loaded(t, storetest.SQLite).Catalogue())
	p := fetch(t, ts, "/points/joint-pori", "Accept-Language", "sv")
	checkPage(t, p, http.StatusOK, "sv")
	p.has(t,
		`<a href="/language?lang=fi&amp;next=%2Fpoints%2Fjoint-pori" lang="fi" hreflang="fi">Suomeksi</a>`,
		`<a href="/language?lang=sv&amp;next=%2Fpoints%2Fjoint-pori" lang="sv" hreflang="sv" aria-current="true">På svenska</a>`,
		`<a href="/language?lang=en&amp;next=%2Fpoints%2Fjoint-pori" lang="en" hreflang="en">In English</a>`)
}

func TestPointPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := demoServer(t, e, Config{})
		cases := []struct {
			lang string
			want []string
		}{
			{"fi", []string{"<h1>Palojoenkulman yhteispalvelupiste</h1>", "Yhteispalvelupiste",
				"Kela", "Porin kaupunki", "Satakunnan hyvinvointialue", "Työpisteet: 82", "Neuvontahuoneet: 12", "Neuvontahuone 12",
				"Vain henkilökunnan varattavissa", "Digitaaliset asiointipisteet: 3", "Vapaasti käytettävissä, ei varata",
				"Ilman ajanvarausta", "Ajanvaraus", "arabia", "somali", "ukraina", "Yrjönkatu 23", "28100 Pori",
				"Esteetön sisäänkäynti katutasosta", "paikan päällä, puhelin, videoyhteys, soittopyyntö, verkkoasiointi"}},
			{"sv", []string{"Palojoenkulma samservicepunkt", "FPA", "Björneborgs stad", "Satakunta välfärdsområde",
				"Arbetsstationer: 82", "Utan tidsbokning", "Tidsbokning", "arabiska", "Björneborg"}},
			{"en", []string{"Palojoenkulma joint service point", "Kela", "City of Pori", "Satakunta wellbeing services county",
				"Workstations: 82", "Walk-in", "Appointments", "Arabic", "Somali", "Step-free entrance"}},
		}
		for _, c := range cases {
			t.Run(c.lang, func(t *testing.T) {
				p := fetch(t, ts, "/points/palojoenkulma", "Accept-Language", c.lang)
				checkPage(t, p, http.StatusOK, c.lang)
				p.has(t, c.want...)
				p.has(t,
					`<code class="hours">Mo,Tu,Th,Fr 12:00-15:30; PH off</code>`,
					`<code class="hours">Mo-Fr 09:00-16:00; PH off</code>`,
					`href="https://www.openstreetmap.org/?mlat=61.48290&amp;mlon=21.79510#map=18/61.48290/21.79510"`)
				// 82 workstations are counted, not listed.
				p.hasNot(t, "Työpiste 1<", "Arbetsstation 1<", "Workstation 1<", "Workstation 82")
			})
		}
	})
}

func TestNotFoundPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts := newTestServer(t, Config{}, storetest.Loaded(t, e).Catalogue())
		cases := []struct{ path, lang, heading, message string }{
			{"/points/nowhere", "fi", "Sivua ei löytynyt", `Tarkempi syy englanniksi: <span lang="en">There is no service point &#34;nowhere&#34;.</span>`},
			{"/points/nowhere", "sv", "Sidan hittades inte", "There is no service point"},
			{"/points/nowhere", "en", "Page not found", `<p class="error-detail">There is no service point &#34;nowhere&#34;.</p>`},
			{"/no/such/page", "sv", "Sidan hittades inte", "Sidan finns inte eller har flyttats."},
			{"/static/app.css", "en", "Page not found", "The page does not exist"},
		}
		for _, c := range cases {
			t.Run(c.lang+c.path, func(t *testing.T) {
				p := fetch(t, ts, c.path, "Accept-Language", c.lang)
				checkPage(t, p, http.StatusNotFound, c.lang)
				p.has(t, "<h1>"+c.heading+"</h1>", c.message)
			})
		}
	})
}

// failingStore fails every read with an error whose text must never reach
// a page.
type failingStore struct{ catalogue.Store }

var errSecret = errors.New("pq: password authentication failed for user secret_admin")

func (failingStore) Municipalities(context.Context) ([]catalogue.MunicipalityRef, error) {
	return nil, errSecret
}
func (failingStore) Point(context.Context, string) (catalogue.PointDetail, error) {
	return catalogue.PointDetail{}, errSecret
}

func TestInternalErrorPage(t *testing.T) {
	ts := newTestServer(t, Config{}, failingStore{})
	for _, path := range []string{"/", "/points/palojoenkulma"} {
		p := fetch(t, ts, path, "Accept-Language", "sv")
		checkPage(t, p, http.StatusInternalServerError, "sv")
		p.has(t, "<h1>Något gick fel</h1>")
		p.hasNot(t, "secret_admin", "pq:")
	}
}

func TestTemplatesEscapeContent(t *testing.T) {
	c := storetest.Fixture()
	evil := `<script>alert("x")</script>`
	c.Points[0].Name = catalogue.Text{Fi: evil, Sv: evil, En: evil}
	c.Points[0].Description = catalogue.Text{Fi: `"><img src=x onerror=alert(1)>`}
	c.Services[0].Name = catalogue.Text{Fi: `</select><script>alert(2)</script>`}
	db := storetest.SQLite.Open(t)
	if err := db.Catalogue().Import(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, Config{}, db.Catalogue())
	for _, path := range []string{"/", "/points/joint-pori", "/?service=benefit-guidance"} {
		p := fetch(t, ts, path, "Accept-Language", "fi")
		checkPage(t, p, http.StatusOK, "fi")
		p.hasNot(t, "<img", "</select><script>")
	}
	p := fetch(t, ts, "/points/joint-pori")
	p.has(t, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;")
}

func TestStaticAssets(t *testing.T) {
	ts := newTestServer(t, Config{}, storetest.Loaded(t, storetest.SQLite).Catalogue())
	front := fetch(t, ts, "/")
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(front.body)
	if css == nil {
		t.Fatal("the front page links no hashed app.css")
	}
	p := fetch(t, ts, css[1])
	if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") ||
		p.header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(p.body, "--blue") {
		t.Errorf("%s: %d %v", css[1], p.status, p.header)
	}
	want, err := staticFiles.ReadFile("static/app.css")
	if err != nil || p.body != string(want) {
		t.Errorf("served app.css differs from static/app.css")
	}
	for _, path := range []string{"/static/app.css", "/static/app.00000000.css", "/static/", "/static/icon.svg/x"} {
		if p := fetch(t, ts, path); p.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, p.status)
		}
	}
}

// TestMessagesComplete checks that every language has every key, and that
// every key the code and templates use exists.
func TestMessagesComplete(t *testing.T) {
	files := map[string]map[string]string{}
	for _, lang := range catalogue.UILanguages {
		b, err := os.ReadFile("messages/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		files[lang] = m
	}
	for _, a := range catalogue.UILanguages {
		for key := range files[a] {
			for _, b := range catalogue.UILanguages {
				if strings.TrimSpace(files[b][key]) == "" {
					t.Errorf("%s has %q, %s lacks it", a, key, b)
				}
			}
			if n := strings.Count(files[a][key], "%"); n != strings.Count(files["fi"][key], "%") {
				t.Errorf("%s %q has %d verbs, fi has %d", a, key, n, strings.Count(files["fi"][key], "%"))
			}
		}
	}

	// Keys written out in templates and Go code.
	used := map[string]bool{}
	const key = `"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9])"`
	keyRE := regexp.MustCompile(`\bT[ (]` + key + `|msgs\.text\([a-z]+, ` + key)
	sources := []string{}
	fs.WalkDir(templateFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := templateFiles.ReadFile(p)
			sources = append(sources, string(b))
		}
		return err
	})
	for _, f := range []string{"pages.go", "i18n.go", "pages_hours.go", "pages_signin.go", "pages_staff.go", "pages_booking.go", "pages_calendar.go", "pages_queue.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, string(b))
	}
	for _, src := range sources {
		for _, m := range keyRE.FindAllStringSubmatch(src, -1) {
			used[m[1]+m[2]] = true
		}
	}
	// Keys made from domain values.
	for _, k := range catalogue.PointKinds {
		used["kind."+string(k)] = true
	}
	for _, c := range catalogue.Channels {
		used["channel."+string(c)] = true
	}
	for _, k := range catalogue.ResourceKinds {
		used["resource."+string(k)] = true
	}
	for _, a := range []catalogue.Audience{catalogue.StaffOnly, catalogue.Residents, catalogue.NotBookable} {
		used["audience."+string(a)] = true
	}
	for n := 1; n <= 7; n++ {
		used[fmt.Sprintf("day.short.%d", n)], used[fmt.Sprintf("hours.on_day.%d", n)] = true, true
	}
	for _, e := range []string{"400", "404", "500", "other"} {
		used["error."+e+".title"], used["error."+e+".hint"] = true, true
	}
	if len(used) < 40 {
		t.Fatalf("found only %d keys in use; is the pattern right?", len(used))
	}
	for key := range used {
		if _, ok := files["fi"][key]; !ok {
			t.Errorf("key %q is used but not in the catalogues", key)
		}
	}
}
