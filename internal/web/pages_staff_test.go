package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// staffServer serves the demo data set and the demo accounts on a fresh
// database of the engine, with a data key so that identity codes can be
// stored. It returns the server and its access service.
func staffServer(t testing.TB, e storetest.Engine) (*httptest.Server, *access.Service) {
	t.Helper()
	db, svc := demoInstallation(t, e)
	srv, err := New(Config{Version: "test"}, db.Catalogue(), svc, func(context.Context) error { return nil },
		slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, svc
}

// demoInstallation opens a fresh database of the engine with the demo
// catalogue and the demo accounts, and an access service with a data key.
func demoInstallation(t testing.TB, e storetest.Engine) (*store.DB, *access.Service) {
	t.Helper()
	ctx := context.Background()
	db := e.Open(t)
	if _, err := demo.Load(ctx, db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	keys, err := access.NewKeys(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	svc := access.NewService(db.Access(), keys, access.DefaultPolicy, nil)
	if _, err := demo.LoadAccounts(ctx, svc); err != nil {
		t.Fatal(err)
	}
	return db, svc
}

// demoPassword is the password of a demo account.
func demoPassword(t testing.TB, email string) string {
	t.Helper()
	for _, a := range demo.Accounts() {
		if a.Email == email {
			return a.Password
		}
	}
	t.Fatalf("no demo account %s", email)
	return ""
}

const (
	adminEmail     = "admin@demo.onestop.fi"
	orgAdminKela   = "orgadmin.kela@demo.onestop.fi"
	managerEmail   = "manager.palojoenkulma@demo.onestop.fi"
	staffKela      = "staff.kela@demo.onestop.fi"
	staffSatakunta = "staff.satakunta@demo.onestop.fi"
	interpreter    = "interpreter@demo.onestop.fi"
	analyst        = "analyst@demo.onestop.fi"
)

// agent is a browser without the browser: a cookie jar, a language, and
// no redirects followed. It remembers every address it was sent to or
// redirected to, so that a test can check what went into URLs.
type agent struct {
	t    testing.TB
	ts   *httptest.Server
	c    *http.Client
	lang string
	csrf string
	urls []string
}

func newAgent(t testing.TB, ts *httptest.Server, lang string) *agent {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &agent{t: t, ts: ts, c: c, lang: lang}
}

func (a *agent) do(method, path string, form url.Values) fetched {
	a.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, a.ts.URL+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", a.lang)
	a.urls = append(a.urls, req.URL.String())
	res, err := a.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	if loc := res.Header.Get("Location"); loc != "" {
		a.urls = append(a.urls, loc)
	}
	return fetched{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (a *agent) get(path string) fetched { a.t.Helper(); return a.do("GET", path, nil) }

// submit posts a form as the page's form would: with the CSRF token.
func (a *agent) submit(path string, form url.Values) fetched {
	a.t.Helper()
	form.Set("csrf", a.csrf)
	return a.do("POST", path, form)
}

var csrfFieldRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t testing.TB, p fetched) string {
	t.Helper()
	m := csrfFieldRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("page has no csrf field:\n%s", p.body)
	}
	return m[1]
}

// signIn signs in through the sign-in form, as a person does: the form
// first, for its CSRF cookie and field, then the post.
func (a *agent) signIn(email string) {
	a.t.Helper()
	a.signInTo(email, demoPassword(a.t, email), "/staff")
	a.csrf = csrfOf(a.t, a.get("/staff"))
}

func (a *agent) signInTo(email, password, next string) {
	a.t.Helper()
	form := a.get("/signin?next=" + url.QueryEscape(next))
	if form.status != http.StatusOK {
		a.t.Fatalf("GET /signin: %d", form.status)
	}
	r := a.do("POST", "/signin", url.Values{"csrf": {csrfOf(a.t, form)}, "email": {email}, "password": {password}, "next": {next}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != next {
		a.t.Fatalf("sign-in as %s: %d to %q:\n%s", email, r.status, r.header.Get("Location"), r.body)
	}
}

// wantRedirect checks a 303 to where.
func wantRedirect(t testing.TB, p fetched, where string) {
	t.Helper()
	if p.status != http.StatusSeeOther || p.header.Get("Location") != where {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", p.status, p.header.Get("Location"), where, p.body)
	}
}

// wantStatus checks the status of a page.
func wantStatus(t testing.TB, p fetched, status int) {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.status, status, p.body)
	}
}

var staffPages = []string{"/staff", "/staff/points/palojoenkulma", "/staff/users", "/staff/tokens", "/staff/audit", "/staff/customers"}

func TestStaffPagesAnonymous(t *testing.T) {
	ts, _ := staffServer(t, storetest.SQLite)
	a := newAgent(t, ts, "en")
	for _, path := range append(staffPages, "/staff/users?organisation=kela", "/staff/audit.csv", "/staff/customers/c-aaaaaaaaaaaaaaaa") {
		p := a.get(path)
		wantRedirect(t, p, "/signin?next="+url.QueryEscape(path))
		if p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, p.header.Get("Cache-Control"))
		}
	}
	// The sign-in form carries the page on, and signing in goes there.
	form := a.get("/signin?next=" + url.QueryEscape("/staff/audit?organisation=kela"))
	form.has(t, `name="next" value="/staff/audit?organisation=kela"`)
	a.signInTo(orgAdminKela, demoPassword(t, orgAdminKela), "/staff/audit?organisation=kela")
	checkPage(t, a.get("/staff/audit?organisation=kela"), http.StatusOK, "en")
	// A form posted without a session is refused before anything is read.
	b := newAgent(t, ts, "en")
	p := b.do("POST", "/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {"2030-01-01"}})
	wantStatus(t, p, http.StatusForbidden)
}

func TestStaffPagesByRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := staffServer(t, e)
		allowed := map[string][]string{
			adminEmail:     {"/staff", "/staff/points/palojoenkulma", "/staff/users", "/staff/tokens", "/staff/audit"},
			orgAdminKela:   {"/staff", "/staff/users", "/staff/tokens", "/staff/audit", "/staff/customers"},
			managerEmail:   {"/staff", "/staff/points/palojoenkulma"},
			staffKela:      {"/staff", "/staff/customers"},
			staffSatakunta: {"/staff", "/staff/customers"},
			interpreter:    {"/staff"},
			analyst:        {"/staff"},
		}
		roles := map[string]string{
			adminEmail: "Administrator of the whole system", orgAdminKela: "Admin of Kela",
			managerEmail: "Manager of Palojoenkulma joint service point", staffKela: "Staff of Kela",
			staffSatakunta: "Staff of Satakunta wellbeing services county", interpreter: "Interpreter for City of Pori",
			analyst: "Analyst for City of Pori",
		}
		for email, may := range allowed {
			t.Run(email, func(t *testing.T) {
				a := newAgent(t, ts, "en")
				a.signIn(email)
				for _, path := range staffPages {
					p := a.get(path)
					if p.header.Get("Cache-Control") != "no-store" {
						t.Errorf("%s: Cache-Control %q", path, p.header.Get("Cache-Control"))
					}
					if !slices.Contains(may, path) {
						checkPage(t, p, http.StatusForbidden, "en")
						p.has(t, "<h1>No access</h1>", `<a href="/staff">Back to my page</a>`)
						p.hasNot(t, `aria-current="page"`)
						if !regexp.MustCompile(`<p class="error-detail">[A-Z][^<]+\.</p>`).MatchString(p.body) {
							t.Errorf("%s: the 403 page lacks the access layer's sentence:\n%s", path, p.body)
						}
						continue
					}
					checkPage(t, p, http.StatusOK, "en")
					p.has(t, `<nav class="staff-nav" aria-label="Staff pages">`, `href="`+path+`" aria-current="page"`,
						`action="/signout"`)
					// The navigation offers exactly the pages this person may open.
					for _, other := range staffPages {
						if linked := strings.Contains(p.body, `<li><a href="`+other+`"`); linked != slices.Contains(may, other) &&
							!(other == "/staff/points/palojoenkulma" && email == adminEmail) {
							t.Errorf("%s: navigation links %s: %v", path, other, linked)
						}
					}
				}
				home := a.get("/staff")
				home.has(t, roles[email], `action="/signout/everywhere"`, `action="/staff/password"`)
			})
		}
	})
}

// exceptionCount counts the exceptions of Palojoenkulma through the API.
func exceptionCount(t testing.TB, ts *httptest.Server) int {
	t.Helper()
	p := fetch(t, ts, "/api/v1/points/palojoenkulma/exceptions")
	wantStatus(t, p, http.StatusOK)
	return strings.Count(p.body, `"first_day"`)
}

func TestStaffExceptions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := staffServer(t, e)
		hel, err := time.LoadLocation("Europe/Helsinki")
		if err != nil {
			t.Fatal(err)
		}
		day := time.Now().In(hel).AddDate(0, 0, 3).Format(time.DateOnly)
		a := newAgent(t, ts, "fi")
		a.signIn(managerEmail)
		page := a.get("/staff/points/palojoenkulma")
		checkPage(t, page, http.StatusOK, "fi")
		page.has(t, "Poikkeusaukioloajat – Palojoenkulman yhteispalvelupiste", "Tulevia poikkeuksia ei ole",
			`<label for="exception-first_day">`, `<input type="radio" id="exception-closed" name="open" value="closed" checked>`)
		before := exceptionCount(t, ts)

		// A form error: the last day before the first. The form comes
		// back with what was typed and nothing is written.
		bad := url.Values{"first_day": {day}, "last_day": {"2020-01-01"}, "open": {"closed"}, "reason_fi": {"Koulutuspäivä"}}
		p := a.submit("/staff/points/palojoenkulma/exceptions", bad)
		checkPage(t, p, http.StatusBadRequest, "fi")
		p.has(t, `role="alert"`, "Tarkista lomake", `lang="en">The last day (2020-01-01) is before the first day (`+day+`).`,
			`id="exception-last_day" name="last_day" type="date" value="2020-01-01" aria-describedby="last-day-hint exception-error" aria-invalid="true"`,
			`value="Koulutuspäivä"`, `href="#exception-last_day"`,
			`href="/language?lang=sv&amp;next=%2Fstaff%2Fpoints%2Fpalojoenkulma"`)
		// Bad times name the times field.
		p = a.submit("/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {day}, "open": {"open"}, "times": {"kymmenestä"},
			"reason_fi": {"Koulutuspäivä"}})
		checkPage(t, p, http.StatusBadRequest, "fi")
		p.has(t, `id="exception-times" name="times"`, `aria-describedby="times-hint exception-error" aria-invalid="true"`, `value="kymmenestä"`)
		// A form without the CSRF field is refused and writes nothing.
		p = a.do("POST", "/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {day}, "open": {"closed"}, "reason_fi": {"X"}})
		wantStatus(t, p, http.StatusForbidden)
		// Kela's staff do not manage the point.
		k := newAgent(t, ts, "en")
		k.signIn(staffKela)
		p = k.submit("/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {day}, "open": {"closed"}, "reason_en": {"X"}})
		checkPage(t, p, http.StatusForbidden, "en")
		p.has(t, "Only the managers of the service point may change it.")
		if n := exceptionCount(t, ts); n != before {
			t.Fatalf("refused forms wrote exceptions: %d, had %d", n, before)
		}

		// The training day, closed all day.
		p = a.submit("/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {day}, "open": {"closed"},
			"reason_fi": {"Henkilöstön koulutuspäivä"}, "reason_sv": {"Personalens utbildningsdag"}, "reason_en": {"Staff training day"}})
		wantRedirect(t, p, "/staff/points/palojoenkulma?done=exception_added")
		page = a.get("/staff/points/palojoenkulma?done=exception_added")
		checkPage(t, page, http.StatusOK, "fi")
		page.has(t, `role="status"`, "Poikkeus on lisätty.", "Henkilöstön koulutuspäivä", `>Suljettu</td>`, `>Koko palvelupistettä</td>`, `data-label="Aukiolo"`,
			`<caption id="exceptions-caption">`, `<th scope="col">Päivät</th>`)
		if n := exceptionCount(t, ts); n != before+1 {
			t.Fatalf("%d exceptions after adding one to %d", n, before)
		}
		// Customers see it on the point page, in their language.
		for lang, reason := range map[string]string{"fi": "Henkilöstön koulutuspäivä", "sv": "Personalens utbildningsdag", "en": "Staff training day"} {
			pub := fetch(t, ts, "/points/palojoenkulma", "Accept-Language", lang)
			checkPage(t, pub, http.StatusOK, lang)
			pub.has(t, reason)
		}

		// Other hours, written the Finnish way, for one service.
		p = a.submit("/staff/points/palojoenkulma/exceptions", url.Values{"first_day": {day}, "last_day": {day}, "open": {"open"},
			"times": {"10.00–14.00"}, "service": {"kela-benefit-guidance"}, "reason_en": {"Shorter walk-in hours"}})
		wantRedirect(t, p, "/staff/points/palojoenkulma?done=exception_added")
		page = a.get("/staff/points/palojoenkulma")
		page.has(t, "Auki 10.00–14.00", "Shorter walk-in hours")
		api := fetch(t, ts, "/api/v1/points/palojoenkulma/exceptions")
		api.has(t, `"hours": "10:00-14:00"`, `"service": "kela-benefit-guidance"`)

		// Removing one.
		ids := regexp.MustCompile(`action="/staff/points/palojoenkulma/exceptions/(\d+)/delete"`).FindAllStringSubmatch(page.body, -1)
		if len(ids) != 2 {
			t.Fatalf("the page lists %d exceptions with a remove button, want 2", len(ids))
		}
		p = a.submit("/staff/points/palojoenkulma/exceptions/"+ids[0][1]+"/delete", url.Values{})
		wantRedirect(t, p, "/staff/points/palojoenkulma?done=exception_deleted")
		if n := exceptionCount(t, ts); n != before+1 {
			t.Errorf("%d exceptions after removing one of %d", n, before+2)
		}
		p = a.submit("/staff/points/palojoenkulma/exceptions/"+ids[0][1]+"/delete", url.Values{})
		checkPage(t, p, http.StatusNotFound, "fi")
	})
}

func TestPageOf(t *testing.T) {
	for path, want := range map[string]string{
		"/staff/password": "/staff", "/staff/points/palojoenkulma/exceptions": "/staff/points/palojoenkulma",
		"/staff/points/palojoenkulma/exceptions/3/delete": "/staff/points/palojoenkulma", "/staff/users": "/staff/users",
		"/staff/users/4/grants/revoke": "/staff/users", "/staff/tokens/2/revoke": "/staff/tokens",
		"/staff/customers": "/staff/customers", "/staff/customers/search": "/staff/customers",
		"/staff/customers/c-abcdefghijklmnop/consents": "/staff/customers/c-abcdefghijklmnop",
	} {
		if got := pageOf(path); got != want {
			t.Errorf("pageOf(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestNormalTimes(t *testing.T) {
	for in, want := range map[string]string{
		"10:00-14:00": "10:00-14:00", "10.00–14.00": "10:00-14:00", "9-12": "09:00-12:00",
		"9.00–12.00, 13.00–15.30": "09:00-12:00,13:00-15:30", "8:30 - 11; 12-16": "08:30-11:00,12:00-16:00",
	} {
		if got := normalTimes(in); got != want {
			t.Errorf("normalTimes(%q) = %q, want %q", in, got, want)
		}
	}
}

// identityCode is a valid personal identity code for the tests.
const identityCode = "240287-123H"

func TestStaffCustomers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := staffServer(t, e)
		s := newAgent(t, ts, "en")
		s.signIn(staffSatakunta)
		page := s.get("/staff/customers")
		checkPage(t, page, http.StatusOK, "en")
		page.has(t, `action="/staff/customers/search">`, `method="post"`, `<option value="satakunta" selected>`)

		// A bad identity code: the form again, without the code.
		p := s.submit("/staff/customers", url.Values{"organisation": {"satakunta"}, "name": {"Maija Meikäläinen"},
			"identity_code": {"240287-123X"}, "phone": {"+358 40 123 4567"}, "language": {"fi"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, `role="alert"`, "The check character of the personal identity code does not match",
			`id="new-identity_code" name="identity_code"`, `aria-describedby="new-identity-hint new-error" aria-invalid="true"`,
			`value="Maija Meikäläinen"`, `value="&#43;358 40 123 4567"`, `<option value="fi" selected>`)
		p.hasNot(t, "240287-123X")

		p = s.submit("/staff/customers", url.Values{"organisation": {"satakunta"}, "name": {"Maija Meikäläinen"},
			"identity_code": {identityCode}, "phone": {"+358 40 123 4567"}, "language": {"fi"}, "needs": {"Arabic interpreter"}})
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/staff/customers/c-") {
			t.Fatalf("record a customer: %d to %q\n%s", p.status, p.header.Get("Location"), p.body)
		}
		record := strings.TrimSuffix(p.header.Get("Location"), "?done=customer_created")
		id := strings.TrimPrefix(record, "/staff/customers/")
		rec := s.get(record + "?done=customer_created")
		checkPage(t, rec, http.StatusOK, "en")
		rec.has(t, "<h1>Maija Meikäläinen</h1>", "The customer has been recorded.", "240287-****", "Recorded by Satakunta wellbeing services county.",
			"Arabic interpreter", "Finnish", `href="`+record+`/export"`, `href="`+record+`/erase"`)
		rec.hasNot(t, identityCode)

		// Searching by the code finds it; the code goes in the body only.
		p = s.submit("/staff/customers/search", url.Values{"identity_code": {strings.ToLower(identityCode)}})
		checkPage(t, p, http.StatusOK, "en")
		p.has(t, `href="`+record+`"`, "240287-****", "Satakunta wellbeing services county")
		p.hasNot(t, identityCode, strings.ToLower(identityCode))
		p = s.submit("/staff/customers/search", url.Values{"identity_code": {"13105"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, "A personal identity code has 11 characters.", `aria-describedby="search-hint search-error" aria-invalid="true"`)

		// The export is a download with the whole code.
		ex := s.get(record + "/export")
		wantStatus(t, ex, http.StatusOK)
		if cd := ex.header.Get("Content-Disposition"); cd != `attachment; filename="`+id+`.json"` {
			t.Errorf("export Content-Disposition %q", cd)
		}
		ex.has(t, `"identity_code": "`+identityCode+`"`, `"name": "Maija Meikäläinen"`)

		// Kela's staff may not open Satakunta's record.
		k := newAgent(t, ts, "en")
		k.signIn(staffKela)
		p = k.get(record)
		checkPage(t, p, http.StatusForbidden, "en")
		p.has(t, "belongs to another organisation")
		p.hasNot(t, "Maija")
		wantStatus(t, k.get(record+"/export"), http.StatusForbidden)

		// With the customer's consent they may read it, not change it.
		p = s.submit(record+"/consents", url.Values{"organisation": {"kela"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, `Say what the customer consented to`, `id="consent-purpose"`, `aria-invalid="true"`)
		p = s.submit(record+"/consents", url.Values{"organisation": {"kela"}, "purpose": {"joint visit with Kela on 3 December"}})
		wantRedirect(t, p, record+"?done=consent_added")
		rec = s.get(record)
		rec.has(t, "<th scope=\"row\">Kela</th>", "joint visit with Kela on 3 December", "In force")
		shared := k.get(record)
		checkPage(t, shared, http.StatusOK, "en")
		shared.has(t, "Maija Meikäläinen", "240287-****", "consented to share it with Kela")
		shared.hasNot(t, identityCode, `/erase"`, `/export"`)
		wantStatus(t, k.submit(record+"/erase", url.Values{}), http.StatusForbidden)
		consent := regexp.MustCompile(`action="(/staff/customers/[^"]+/consents/\d+/withdraw)"`).FindStringSubmatch(rec.body)
		if consent == nil {
			t.Fatal("no withdraw button")
		}
		wantRedirect(t, s.submit(consent[1], url.Values{}), record+"?done=consent_withdrawn")
		checkPage(t, k.get(record), http.StatusForbidden, "en")

		// An org admin for Satakunta, made through the users page, sees
		// the refused attempts of Kela's staff in Satakunta's audit log.
		admin := newAgent(t, ts, "en")
		admin.signIn(adminEmail)
		p = admin.submit("/staff/users", url.Values{"name": {"Saara Satakunta-pääkäyttäjä"}, "email": {"orgadmin.satakunta@demo.onestop.fi"},
			"role": {"org_admin"}, "where": {"org:satakunta"}, "password": {"satakunta-admin-pass"}})
		wantRedirect(t, p, "/staff/users?done=user_created")
		o := newAgent(t, ts, "en")
		o.signInTo("orgadmin.satakunta@demo.onestop.fi", "satakunta-admin-pass", "/staff")
		audit := o.get("/staff/audit")
		checkPage(t, audit, http.StatusOK, "en")
		audit.has(t, "Entries: Satakunta wellbeing services county", `<caption id="audit-caption">`, `<th scope="col">Time</th>`)
		refused := regexp.MustCompile(`(?s)<tr class="refused">\s*<th scope="row">[^<]+</th>\s*<td[^>]*>staff\.kela@demo\.onestop\.fi</td>\s*<td[^>]*><code>customer\.read</code></td>\s*<td[^>]*>customer ` + id + `</td>`)
		if !refused.MatchString(audit.body) {
			t.Errorf("Satakunta's audit log lacks Kela's refused read:\n%s", audit.body)
		}
		audit.hasNot(t, identityCode)
		// Kela's org admin does not see Satakunta's log.
		ka := newAgent(t, ts, "en")
		ka.signIn(orgAdminKela)
		checkPage(t, ka.get("/staff/audit?organisation=satakunta"), http.StatusForbidden, "en")

		// Erasure asks first, then leaves an anonymous record.
		confirm := s.get(record + "/erase")
		checkPage(t, confirm, http.StatusOK, "en")
		confirm.has(t, "Erase the customer&#39;s data?", "Maija Meikäläinen", `action="`+record+`/erase"`, `href="`+record+`"`)
		wantRedirect(t, s.submit(record+"/erase", url.Values{}), record+"?done=customer_erased")
		rec = s.get(record + "?done=customer_erased")
		checkPage(t, rec, http.StatusOK, "en")
		rec.has(t, "The customer&#39;s data has been erased.", "<h1>Erased record</h1>")
		rec.hasNot(t, "Maija", "240287-", `/erase"`)
		p = s.submit("/staff/customers/search", url.Values{"identity_code": {identityCode}})
		p.has(t, "No customer was found with the identity code.")

		// The identity code never went into an address.
		for _, ag := range []*agent{s, k, admin, o, ka} {
			for _, u := range ag.urls {
				if strings.Contains(strings.ToUpper(u), strings.ToUpper(identityCode)) || strings.Contains(u, "240287") {
					t.Errorf("the identity code is in the address %s", u)
				}
			}
		}
	})
}

func TestStaffUsersAndTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		ts, _ := staffServer(t, e)
		o := newAgent(t, ts, "en")
		o.signIn(orgAdminKela)
		users := o.get("/staff/users")
		checkPage(t, users, http.StatusOK, "en")
		users.has(t, "People with a role in Kela.", "Maija Meikäläinen", "staff.kela@demo.onestop.fi", `<option value="org:kela" selected>Kela</option>`,
			"In the booking calendar: Maija Meikäläinen.")
		users.hasNot(t, "staff.satakunta@demo.onestop.fi", `value="admin"`, `value="point_manager"`, `value="point:`, `value="org:satakunta"`)
		for _, r := range []string{"org_admin", "staff", "interpreter", "analyst"} {
			users.has(t, `<option value="`+r+`"`)
		}
		checkPage(t, o.get("/staff/users?organisation=satakunta"), http.StatusForbidden, "en")
		checkPage(t, o.get("/staff/tokens?organisation=satakunta"), http.StatusForbidden, "en")

		// A form error: an e-mail address that is none.
		p := o.submit("/staff/users", url.Values{"name": {"Uusi Työntekijä"}, "email": {"not-an-address"}, "role": {"staff"}, "where": {"org:kela"},
			"password": {"secret-password-typed"}, "view": {"kela"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, `role="alert"`, "Give an e-mail address such as name@example.fi.", `value="Uusi Työntekijä"`,
			`id="user-email" name="email" type="email" autocomplete="off" required value="not-an-address" aria-invalid="true" aria-describedby="user-error"`)
		p.hasNot(t, "secret-password-typed")
		// Giving a role of another organisation is refused.
		p = o.submit("/staff/users", url.Values{"name": {"Uusi"}, "email": {"uusi@example.fi"}, "role": {"staff"}, "where": {"org:satakunta"}})
		checkPage(t, p, http.StatusForbidden, "en")

		// Without a password, one is made and shown once.
		p = o.submit("/staff/users", url.Values{"name": {"Uusi Työntekijä"}, "email": {"Uusi.Tyontekija@kela.example.fi"}, "role": {"staff"},
			"where": {"org:kela"}, "view": {"kela"}})
		checkPage(t, p, http.StatusCreated, "en")
		if p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("the new password's page may be cached: %q", p.header.Get("Cache-Control"))
		}
		m := regexp.MustCompile(`<code class="secret-value">([a-z0-9-]+)</code>`).FindStringSubmatch(p.body)
		if m == nil || len(m[1]) != 19 {
			t.Fatalf("no initial password shown:\n%s", p.body)
		}
		p.has(t, "This is shown only once.", "uusi.tyontekija@kela.example.fi")
		n := newAgent(t, ts, "en")
		n.signInTo("uusi.tyontekija@kela.example.fi", m[1], "/staff")
		n.csrf = csrfOf(t, n.get("/staff"))
		n.get("/staff").has(t, "Staff of Kela")

		// A second role, then taking it away.
		users = o.get("/staff/users")
		uid := regexp.MustCompile(`<li class="card" id="user-(\d+)">\s*<h3>Uusi Työntekijä</h3>`).FindStringSubmatch(users.body)
		if uid == nil {
			t.Fatal("the new user is not listed")
		}
		p = o.submit("/staff/users/"+uid[1]+"/grants", url.Values{"role": {"interpreter"}, "where": {"org:kela"}, "view": {"kela"}})
		wantRedirect(t, p, "/staff/users?done=role_added&organisation=kela")
		p = o.submit("/staff/users/"+uid[1]+"/grants", url.Values{"role": {"point_manager"}, "where": {"org:kela"}, "view": {"kela"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, "The point_manager role is granted for a service point", `id="grant-`+uid[1]+`-where"`, `<details open>`)
		users = o.get("/staff/users?organisation=kela&done=role_added")
		users.has(t, "The role has been given.", "Interpreter for Kela")
		p = o.submit("/staff/users/"+uid[1]+"/grants/revoke", url.Values{"role": {"interpreter"}, "organisation": {"kela"}, "view": {"kela"}})
		wantRedirect(t, p, "/staff/users?done=role_removed&organisation=kela")
		o.get("/staff/users").hasNot(t, "Interpreter for Kela")

		// Linking the new account to a staff member of Kela: then the
		// person edits their own working times. A staff member linked to
		// another account already is refused with the form again.
		users = o.get("/staff/users")
		users.has(t, `<label for="link-`+uid[1]+`-staff_member">Person in the booking calendar</label>`,
			`<option value="" selected>Not linked</option>`, `<option value="matti-meikalainen">Matti Meikäläinen</option>`)
		users.hasNot(t, `<option value="ritva-vastaanotto">`)
		link := "/staff/users/" + uid[1] + "/staff-member"
		p = o.submit(link, url.Values{"staff_member": {"maija-meikalainen"}, "view": {"kela"}})
		checkPage(t, p, http.StatusConflict, "en")
		p.has(t, `role="alert"`, "Staff member maija-meikalainen has an account already", `<details open>`,
			`id="link-`+uid[1]+`-staff_member" name="staff_member" aria-describedby="link-`+uid[1]+`-hint link-error-`+uid[1]+`" aria-invalid="true"`)
		if sel := regexp.MustCompile(`id="link-` + uid[1] + `-staff_member"[^>]*>(.*?)</select>`).FindStringSubmatch(p.body); sel == nil ||
			!strings.Contains(sel[1], `<option value="maija-meikalainen" selected>`) {
			t.Errorf("the link form does not keep the choice: %q", sel)
		}
		p = o.submit(link, url.Values{"staff_member": {"ritva-vastaanotto"}, "view": {"kela"}})
		checkPage(t, p, http.StatusForbidden, "en")
		p = o.submit(link, url.Values{"staff_member": {"matti-meikalainen"}, "view": {"kela"}})
		wantRedirect(t, p, "/staff/users?done=staff_linked&organisation=kela")
		o.get("/staff/users?done=staff_linked").has(t, "The account has been linked.", "In the booking calendar: Matti Meikäläinen.")
		n.get("/staff").has(t, `<a href="/staff/schedules">My working times</a>`, "When customers can book you, and your absences.")
		p = o.submit(link, url.Values{"staff_member": {""}, "view": {"kela"}})
		wantRedirect(t, p, "/staff/users?done=staff_unlinked&organisation=kela")
		o.get("/staff/users").hasNot(t, "In the booking calendar: Matti Meikäläinen.")
		n.get("/staff").hasNot(t, `<a href="/staff/schedules">`, "When customers can book you")
		checkPage(t, n.get("/staff/schedules"), http.StatusForbidden, "en")

		// API tokens: the secret once, then it works until revoked.
		tokens := o.get("/staff/tokens")
		checkPage(t, tokens, http.StatusOK, "en")
		p = o.submit("/staff/tokens", url.Values{"name": {""}, "role": {"analyst"}, "where": {"org:kela"}})
		checkPage(t, p, http.StatusBadRequest, "en")
		p.has(t, "Name the token after the integration", `aria-describedby="token-name-hint token-error" aria-invalid="true"`)
		p = o.submit("/staff/tokens", url.Values{"name": {"Kela statistics"}, "role": {"analyst"}, "where": {"org:kela"}})
		checkPage(t, p, http.StatusCreated, "en")
		if p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("the token's page may be cached")
		}
		p.has(t, "This is shown only once.", "Analyst for Kela")
		secret := regexp.MustCompile(`<code class="secret-value">(ost_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(p.body)
		if secret == nil {
			t.Fatalf("no token secret shown:\n%s", p.body)
		}
		if r := fetch(t, ts, "/api/v1/me", "Authorization", "Bearer "+secret[1]); r.status != http.StatusOK {
			t.Fatalf("the new token does not work: %d %s", r.status, r.body)
		}
		tokens = o.get("/staff/tokens")
		tokens.has(t, `<th scope="row">Kela statistics</th>`, "Analyst for Kela", "In use")
		tokens.hasNot(t, secret[1])
		tid := regexp.MustCompile(`action="/staff/tokens/(\d+)/revoke"`).FindStringSubmatch(tokens.body)
		wantRedirect(t, o.submit("/staff/tokens/"+tid[1]+"/revoke", url.Values{"view": {"kela"}}), "/staff/tokens?done=token_revoked&organisation=kela")
		if r := fetch(t, ts, "/api/v1/me", "Authorization", "Bearer "+secret[1]); r.status != http.StatusUnauthorized {
			t.Errorf("a revoked token answers %d", r.status)
		}
		o.get("/staff/tokens").has(t, "Revoked ")
		// Staff cannot revoke tokens.
		n.submit("/staff/tokens/"+tid[1]+"/revoke", url.Values{}).has(t, "No access")
	})
}

func TestStaffPassword(t *testing.T) {
	ts, _ := staffServer(t, storetest.SQLite)
	a := newAgent(t, ts, "sv")
	a.signIn(staffKela)
	other := newAgent(t, ts, "sv")
	other.signIn(staffKela)

	current := demoPassword(t, staffKela)
	p := a.submit("/staff/password", url.Values{"current_password": {"not my password"}, "new_password": {"a-brand-new-password"}, "new_password_again": {"a-brand-new-password"}})
	checkPage(t, p, http.StatusBadRequest, "sv")
	p.has(t, "The current password is wrong.", `id="current_password" name="current_password" type="password" autocomplete="current-password" required aria-invalid="true"`)
	p = a.submit("/staff/password", url.Values{"new_password": {"a-brand-new-password"}, "new_password_again": {"a-brand-new-password"}})
	checkPage(t, p, http.StatusBadRequest, "sv")
	p.has(t, "Type your current password.")
	p = a.submit("/staff/password", url.Values{"current_password": {current}, "new_password": {"a-brand-new-password"}, "new_password_again": {"a-brand-new-passwrod"}})
	checkPage(t, p, http.StatusBadRequest, "sv")
	p.has(t, "Kontrollera formuläret", "The two passwords differ", `id="new_password_again" name="new_password_again" type="password" autocomplete="new-password" required aria-invalid="true"`)
	p.hasNot(t, "a-brand-new-password")
	p = a.submit("/staff/password", url.Values{"current_password": {current}, "new_password": {"short"}, "new_password_again": {"short"}})
	checkPage(t, p, http.StatusBadRequest, "sv")
	p.has(t, "at least 12 characters", `aria-describedby="password-hint password-error" aria-invalid="true"`)

	p = a.submit("/staff/password", url.Values{"current_password": {current}, "new_password": {"a-brand-new-password"}, "new_password_again": {"a-brand-new-password"}})
	wantRedirect(t, p, "/staff?done=password_changed")
	home := a.get("/staff?done=password_changed")
	checkPage(t, home, http.StatusOK, "sv")
	home.has(t, "Lösenordet har bytts.")
	// The other device was signed out; the old password is gone.
	wantRedirect(t, other.get("/staff"), "/signin?next=%2Fstaff")
	form := other.get("/signin")
	r := other.do("POST", "/signin", url.Values{"csrf": {csrfOf(t, form)}, "email": {staffKela}, "password": {demoPassword(t, staffKela)}})
	wantStatus(t, r, http.StatusUnauthorized)
	other.signInTo(staffKela, "a-brand-new-password", "/staff")

	// Signing out everywhere ends both sessions.
	a.csrf = csrfOf(t, a.get("/staff"))
	wantRedirect(t, a.submit("/signout/everywhere", url.Values{}), "/signin")
	wantRedirect(t, a.get("/staff"), "/signin?next=%2Fstaff")
	wantRedirect(t, other.get("/staff"), "/signin?next=%2Fstaff")
}

func TestStaffAuditPaging(t *testing.T) {
	ts, svc := staffServer(t, storetest.SQLite)
	ctx := context.Background()
	for i := range 130 {
		e := access.SystemActor("test").Entry("test.entry", "thing", fmt.Sprint(i))
		e.Organisation = "kela"
		if err := svc.Store().Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	a := newAgent(t, ts, "fi")
	a.signIn(adminEmail)
	first := a.get("/staff/audit?organisation=kela")
	checkPage(t, first, http.StatusOK, "fi")
	if n := strings.Count(first.body, "<tr"); n != auditPageSize+1 {
		t.Errorf("the first page has %d rows, want %d and the header", n-1, auditPageSize)
	}
	if !regexp.MustCompile(`<th scope="row">\d{1,2}\.\d{1,2}\.\d{4} \d{2}\.\d{2}\.\d{2}</th>`).MatchString(first.body) {
		t.Error("times are not written as Finns write them")
	}
	first.has(t, `<option value="kela" selected>Kela</option>`, `href="/staff/audit.csv?organisation=kela"`)
	older := regexp.MustCompile(`<a href="([^"]+)" rel="next">Vanhemmat tapahtumat</a>`).FindStringSubmatch(first.body)
	if older == nil {
		t.Fatal("no link to older entries")
	}
	second := a.get(strings.ReplaceAll(older[1], "&amp;", "&"))
	checkPage(t, second, http.StatusOK, "fi")
	second.has(t, "Uusimmat tapahtumat")
	if n := strings.Count(second.body, "test.entry"); n == 0 || n >= 100 {
		t.Errorf("the second page has %d test entries", n)
	}
	checkPage(t, a.get("/staff/audit?before=x"), http.StatusBadRequest, "fi")

	csv := a.get("/staff/audit.csv?organisation=kela")
	wantStatus(t, csv, http.StatusOK)
	if ct := csv.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" ||
		csv.header.Get("Content-Disposition") != `attachment; filename="onestop-audit-kela.csv"` {
		t.Errorf("CSV headers %v", csv.header)
	}
	if n := strings.Count(csv.body, "test.entry"); n != 130 {
		t.Errorf("the CSV has %d test entries, want 130", n)
	}
	a.get("/staff/audit?organisation=kela").has(t, "<code>audit.export</code>")
}

// TestStaffMessages checks the keys that staff pages build from values.
func TestStaffMessages(t *testing.T) {
	msgs, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range catalogue.UILanguages {
		p := &page{Lang: lang, msgs: msgs}
		for _, r := range access.Roles {
			if name := roleName(p, r); name == string(r) || strings.HasPrefix(name, "staff.") {
				t.Errorf("%s: role %s has no name", lang, r)
			}
		}
		for _, done := range doneNotices {
			if n := p.notice(done); n == "" || strings.HasPrefix(n, "staff.") {
				t.Errorf("%s: notice %s has no text", lang, done)
			}
		}
	}
}
